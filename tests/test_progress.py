"""Ingest progress counts chunks, estimates what is left, and suits terminals and logs."""

from __future__ import annotations

import io

import ingest.progress
from ingest.pipeline import Ingester
from ingest.progress import IngestProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_chunk_total_is_estimated_from_bytes_until_every_file_is_read():
    shown = IngestProgress([800, 100, 100], mode=False)
    assert shown.chunks_total() == 0 and not shown.exact
    shown.file_read(800, 160)  # 0.2 chunks per byte, 200 bytes still to read
    assert shown.chunks_total() == 160 + 40
    shown.file_read(100, 30)
    shown.file_read(100, 0)  # a skipped file
    assert shown.exact and shown.chunks_total() == 190


def test_off_a_terminal_a_line_comes_every_few_seconds_with_the_time_left():
    out, clock = io.StringIO(), Clock()
    shown = IngestProgress([800, 100, 100], mode=None, stream=out, clock=clock)
    clock.now += 1
    shown.file_read(800, 160)
    assert out.getvalue() == ""  # less than LOG_EVERY_S since the start
    clock.now += ingest.progress.LOG_EVERY_S + 1  # 12 s in: 50 of ≈200 chunks embedded
    shown.embedded(50)
    shown.embedded(10)  # straight after: no second line
    (line,) = out.getvalue().splitlines()
    rate = 50 / 12
    assert line == (
        "ingest: 50/≈200 chunks embedded (25 %), 1/3 files read, 12 s elapsed, "
        f"about {round(150 / rate)} s left"
    )
    assert shown.line().startswith("ingest: 60/≈200 chunks embedded (30 %)")


def test_durations_read_as_minutes_and_hours():
    out, clock = io.StringIO(), Clock()
    shown = IngestProgress([10], mode=None, stream=out, clock=clock)
    shown.file_read(10, 100)
    clock.now += 3725
    shown.embedded(1)
    assert "1/100 chunks embedded (1 %), 1/1 files read, 1 h 02 min elapsed" in out.getvalue()
    left = 99 * 3725  # 99 chunks to go at one per 3725 s
    assert (
        out.getvalue().rstrip().endswith(f"about {left // 3600} h {left % 3600 // 60:02d} min left")
    )


def test_no_progress_asked_for_prints_nothing():
    out = io.StringIO()
    shown = IngestProgress([10, 10], mode=False, stream=out, clock=Clock())
    shown.file_read(10, 5)
    shown.embedded(5)
    shown.close()
    assert out.getvalue() == ""


def test_the_bar_counts_chunks_and_files():
    out = io.StringIO()
    with IngestProgress([10, 10], mode=True, stream=out) as shown:
        shown.file_read(10, 4)
        shown.embedded(4)
    assert "4/8 chunks" in out.getvalue() and "files 1/2 (total ≈)" in out.getvalue()


def test_an_ingest_off_a_terminal_logs_chunk_progress(
    tmp_path, settings_factory, embedder, capsys, monkeypatch
):
    monkeypatch.setattr(ingest.progress, "LOG_EVERY_S", 0.0)
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for n, organ in enumerate(("Kulturnämnden", "Äldrenämnden", "Kommunstyrelsen")):
        text = f"{organ} beslutar att anta planen för år 202{n}. Beslutet gäller från januari.\n"
        (corpus / f"{n}.txt").write_text(text * (n + 1), encoding="utf-8")
    settings = settings_factory(tmp_path / "index")
    report = Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=None)
    lines = capsys.readouterr().err.splitlines()
    chunks = report.totals()["chunks"]
    assert lines and all(line.startswith("ingest: ") for line in lines)
    assert lines[-1].startswith(
        f"ingest: {chunks}/{chunks} chunks embedded (100 %), {report.embed_tokens} tokens at "
    )


def test_lines_count_tokens_and_their_rate():
    out, clock = io.StringIO(), Clock()
    shown = IngestProgress([100], mode=None, stream=out, clock=clock)
    shown.file_read(100, 40)
    clock.now += 20
    shown.embedded(10, 0)  # from the embedding cache: no tokens embedded
    assert "tokens" not in shown.line()
    shown.embedded(30, 6000)
    assert shown.line().startswith(
        "ingest: 40/40 chunks embedded (100 %), 6000 tokens at 300 tokens/s, 1/1 files read"
    )


def test_the_bar_shows_tokens_per_second():
    out, clock = io.StringIO(), Clock()
    with IngestProgress([10], mode=True, stream=out, clock=clock) as shown:
        shown.file_read(10, 4)
        clock.now += 2
        shown.embedded(4, 800)
    assert "800 tokens, 400 tokens/s" in out.getvalue()
