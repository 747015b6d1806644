"""Disk full during ingest: a clear one-line error, the live index intact, and the next
run completes once there is space. The index lives on a 600 kB tmpfs (needs root; skipped
where mounting is not allowed)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from helpers import run_kommunrag

from index.manifest import current_version

SMALL = """Kulturnämnden
Protokoll 2023-05-16

§ 79 Dnr KUN 2023/00085
Bidrag till Stadsbiblioteket

Beslut
Kulturnämnden beslutar att bidraget till Stadsbiblioteket är 45 000 kronor per år.
"""
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


@pytest.fixture()
def small_disk(tmp_path):
    """A 600 kB tmpfs at tmp_path/disk, unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_a_full_disk_gives_a_clear_error_and_keeps_the_live_index(
    small_disk, tmp_path, sample_index, monkeypatch
):
    # The sample corpus's vectors come from the session index's cache, kept off the tmpfs.
    cache = tmp_path / "embeddings.sqlite"
    shutil.copy(sample_index.index.dir / "embeddings.sqlite", cache)
    monkeypatch.setenv("KOMMUNRAG_INDEX__EMBED_CACHE_PATH", str(cache))
    small, more = tmp_path / "small", tmp_path / "more"
    small.mkdir()
    (small / "kun.txt").write_text(SMALL)
    shutil.copytree(ROOT / "data" / "sample", more)
    index = small_disk / "index"
    first = run_kommunrag("--index", str(index), "ingest", str(small))
    assert first.returncode == 0, first.stderr
    live = current_version(index)

    full = run_kommunrag("--index", str(index), "ingest", str(small), str(more))
    assert full.returncode == 1
    lines = [
        line
        for line in full.stderr.splitlines()
        if line.strip() and not line.startswith("ingest: ")  # progress lines
    ]
    assert len(lines) == 1 and lines[0].startswith("kommunrag: "), full.stderr
    assert "full" in lines[0] or "space" in lines[0]
    assert "Traceback" not in full.stderr
    assert current_version(index) == live
    answer = run_kommunrag(
        "--index",
        str(index),
        "ask",
        "Vad beslutade Kulturnämnden om bidraget till Stadsbiblioteket?",
    )
    assert "45 000" in answer.stdout, answer.stdout + answer.stderr

    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    again = run_kommunrag("--index", str(index), "ingest", str(small), str(more))
    assert again.returncode == 0, again.stderr
    assert current_version(index) != live
