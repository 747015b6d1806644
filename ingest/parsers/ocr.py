"""OCR of PDF pages through the poppler and tesseract command-line tools.

No Python OCR packages: `pdftoppm` renders one page to PNG and `tesseract` reads it
with the Swedish model. Both calls are time-bounded, so a pathological page costs at
most `RENDER_TIMEOUT_S + OCR_TIMEOUT_S` seconds.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import UnreadableDocument

LANGUAGE = "swe"
RESOLUTION_DPI = 300
RENDER_TIMEOUT_S = 60.0
OCR_TIMEOUT_S = 120.0


@functools.cache
def ocr_available() -> bool:
    """Return True when pdftoppm and tesseract are installed and tesseract knows `swe`.

    The answer is cached for the life of the process.
    """
    if not (shutil.which("pdftoppm") and shutil.which("tesseract")):
        return False
    try:
        done = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    # Older tesseract versions print the list on stderr, newer ones on stdout.
    listed = (done.stdout + done.stderr).decode("utf-8", "replace").split()
    return LANGUAGE in listed


def ocr_pdf_page(pdf: Path, page: int) -> str:
    """Return the text tesseract reads on page `page` (1-based) of `pdf`.

    Raises UnreadableDocument("ocr_failed") when a tool is missing, fails or times out.
    An empty string means OCR ran but found no text.
    """
    with tempfile.TemporaryDirectory(prefix="kommunrag-ocr-") as tmp:
        image = _render_page(pdf, page, Path(tmp))
        done = _run(["tesseract", str(image), "stdout", "-l", LANGUAGE], pdf, OCR_TIMEOUT_S)
    return done.stdout.decode("utf-8", "replace")


def _render_page(pdf: Path, page: int, folder: Path) -> Path:
    """Render one page to a PNG in `folder` and return its path."""
    prefix = folder / "page"
    command = ["pdftoppm", "-r", str(RESOLUTION_DPI), "-png", "-f", str(page), "-l", str(page)]
    _run([*command, str(pdf), str(prefix)], pdf, RENDER_TIMEOUT_S)
    images = sorted(folder.glob("page*.png"))
    if not images:
        raise UnreadableDocument(pdf, "ocr_failed", f"pdftoppm rendered no image of page {page}")
    return images[0]


def _run(command: list[str], pdf: Path, timeout_s: float) -> subprocess.CompletedProcess[bytes]:
    """Run one tool; turn a missing tool, a timeout or a non-zero exit into ocr_failed."""
    # One thread per tesseract: OpenMP threads slow small pages down and fight with
    # other ingest workers.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False, env=env)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableDocument(
            pdf, "ocr_failed", f"{command[0]} took longer than {timeout_s:.0f} s"
        ) from exc
    except OSError as exc:
        raise UnreadableDocument(pdf, "ocr_failed", f"cannot run {command[0]}: {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = detail[-1] if detail else f"exit status {done.returncode}"
        raise UnreadableDocument(pdf, "ocr_failed", f"{command[0]} failed: {last}")
    return done
