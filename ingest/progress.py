"""Progress of an ingest run: chunks and tokens embedded, of how many, and how long is left.

Embedding is the slow part of ingest, and one file can hold most of a corpus's chunks, so
progress counts chunks rather than files. How many chunks a run will make is known only
once every file is read; until then the total is estimated from the bytes read so far
(chunks per byte of the files read, times the bytes still to read) and shown with "≈".

On a terminal this is a tqdm bar with an ETA. Elsewhere (a log, a pipe, CI) it is one
line every `LOG_EVERY_S` seconds on stderr, so a long run still shows that it is alive.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_S = 10.0
_BAR = (
    "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} chunks [{elapsed}<{remaining}{postfix}]"
)


def _duration(seconds: float) -> str:
    """Return e.g. '45 s', '3 min 05 s' or '1 h 02 min'."""
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class IngestProgress:
    """Counts files read and chunks embedded; shows a bar, log lines, or nothing.

    `sizes` are the byte sizes of the files to ingest. `mode`: True for the bar, False for
    silence, None for the bar on a terminal and log lines elsewhere. `clock` returns
    seconds (monotonic); tests pass their own.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        mode: bool | None = None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        self.files_total = len(sizes)
        self.bytes_total = sum(sizes)
        self.files_read = 0
        self.bytes_read = 0
        self.chunks_found = 0
        self.chunks_done = 0
        self.tokens_done = 0
        self._clock = clock
        self._started = clock()
        self._last_line = self._started
        terminal = self.stream.isatty()
        self._lines = mode is None and not terminal
        self._bar = None
        if mode or (mode is None and terminal):
            self._bar = tqdm(total=0, desc="ingest", file=self.stream, bar_format=_BAR)

    # -- what the pipeline reports ----------------------------------------------------------
    def file_read(self, size: int, chunks: int) -> None:
        """Record a file read and cut into `chunks` chunks (0 for a skipped or copied file)."""
        self.files_read += 1
        self.bytes_read += size
        self.chunks_found += chunks
        self._show()

    def embedded(self, chunks: int, tokens: int = 0) -> None:
        """Record `chunks` chunks embedded (or taken from the embedding cache, tokens 0)
        and the `tokens` the embedder read for them."""
        self.chunks_done += chunks
        self.tokens_done += tokens
        self._show()

    def tokens_per_s(self) -> float | None:
        """Return model tokens embedded per second of this run so far (None before any)."""
        elapsed = self._clock() - self._started
        return self.tokens_done / elapsed if self.tokens_done and elapsed > 0 else None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> IngestProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- estimates --------------------------------------------------------------------------
    @property
    def exact(self) -> bool:
        """True once every file is read, so the chunk total is known."""
        return self.files_read >= self.files_total

    def chunks_total(self) -> int:
        """Return the chunks this run will embed: exact once all files are read, else an
        estimate from the chunks per byte of the files read so far."""
        if self.exact or not self.bytes_read:
            return self.chunks_found
        rest = self.bytes_total - self.bytes_read
        return self.chunks_found + round(rest * self.chunks_found / self.bytes_read)

    def seconds_left(self) -> float | None:
        """Return the estimated seconds to embed the remaining chunks (None before any)."""
        elapsed = self._clock() - self._started
        if not self.chunks_done or elapsed <= 0:
            return None
        rate = self.chunks_done / elapsed
        return max(self.chunks_total() - self.chunks_done, 0) / rate

    def line(self) -> str:
        """Return the log line, e.g. 'ingest: 45/≈190 chunks embedded (24 %), 9120 tokens at
        304 tokens/s, 3/5 files read, 30 s elapsed, about 1 min 35 s left' (the tokens
        part once any were embedded)."""
        total = self.chunks_total()
        share = f" ({100 * self.chunks_done // total} %)" if total else ""
        approx = "" if self.exact else "≈"
        left = self.seconds_left()
        rate = self.tokens_per_s()
        tokens = f"{self.tokens_done} tokens at {rate:.0f} tokens/s, " if rate else ""
        return (
            f"ingest: {self.chunks_done}/{approx}{total} chunks embedded{share}, {tokens}"
            f"{self.files_read}/{self.files_total} files read, "
            f"{_duration(self._clock() - self._started)} elapsed"
            + (f", about {_duration(left)} left" if left is not None else "")
        )

    # -- display ----------------------------------------------------------------------------
    def _show(self) -> None:
        if self._bar is not None:
            self._bar.total = self.chunks_total()
            approx = "" if self.exact else " (total ≈)"
            rate = self.tokens_per_s()
            speed = f", {self.tokens_done} tokens, {rate:.0f} tokens/s" if rate else ""
            self._bar.set_postfix_str(
                f"files {self.files_read}/{self.files_total}{approx}{speed}", refresh=False
            )
            if self.chunks_done > self._bar.n:  # update() keeps tqdm's rate, hence its ETA
                self._bar.update(self.chunks_done - self._bar.n)
            else:
                self._bar.refresh()
        elif self._lines and self._clock() - self._last_line >= LOG_EVERY_S:
            self._last_line = self._clock()
            print(self.line(), file=self.stream, flush=True)
