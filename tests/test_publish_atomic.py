"""Publishing an index version into the postgres store is atomic for readers: a reader on
its own connection, opening the live version again and again while ingest publishes
version after version, only ever sees complete versions, whose PostgreSQL table (vectors
and full-text terms) holds exactly the chunks of the version's catalog. Real server, real
ingest, real embedder.

With `keep_versions` 2 (the default) the version a reader holds survives the next publish,
so every read succeeds. With 1 each publish drops the version it replaced at once: opening
still always succeeds (the open starts again on the new version), and a read that was
still running on the dropped table gets `VersionGone` (a 503 asking to retry), never rows
of a half version."""

from __future__ import annotations

import threading

import pytest
from test_pipeline import MINNES, PROTOKOLL

from index.errors import VersionGone
from index.knowledge_base import KnowledgeBase
from index.manifest import current_version
from ingest.pipeline import Ingester

PUBLISHES = 4


def _look(settings, embedder) -> tuple[str, int, bool, bool]:
    """Open the live version as a worker does; return (version, chunks in its catalog,
    whether its table holds exactly those chunks, whether every full-text hit is one)."""
    index = settings.index
    kb = KnowledgeBase.open_for_reading(index.dir, embedder, index.store_urls())
    try:
        catalog = {c.id for c in kb.catalog.iter_chunks()}
        stored = kb.vectors.ids()
        fts = {cid for cid, _ in kb.vectors.text_search("Kulturnämnden projektet", 500)}  # type: ignore[attr-defined]
        return kb.path.name, len(catalog), stored == catalog, fts <= catalog and bool(fts)
    finally:
        kb.close()
        kb.vectors.close()  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("keep", [2, 1])
def test_a_reader_sees_the_old_version_or_the_new_one_never_a_half(
    keep, postgres_url, embedder, settings_factory, tmp_path
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "minnes.txt").write_text(MINNES)
    settings = settings_factory(tmp_path / "index", store="postgres")
    settings.index.database_url = postgres_url
    settings.index.keep_versions = keep
    ingest = Ingester(settings.ingest, settings.index, embedder)
    ingest.run([corpus], progress=False)
    seen: list[tuple[str, int, bool, bool]] = []
    failures: list[BaseException] = []
    gone: list[VersionGone] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                seen.append(_look(settings, embedder))
            except VersionGone as exc:
                gone.append(exc)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(exc)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    published = {current_version(settings.index.dir).name: None}
    try:
        for n in range(PUBLISHES):
            (corpus / f"kun{n}.txt").write_text(PROTOKOLL.replace("§ 79", f"§ {80 + n}"))
            ingest.run([corpus], progress=False)
            published[current_version(settings.index.dir).name] = None
    finally:
        done.set()
        thread.join(timeout=120)
    assert not failures, f"a reader failed during a publish: {failures[0]!r}"
    if keep > 1:
        assert not gone, f"a read lost its version although {keep} are kept: {gone[0]}"
    assert all("retry" in str(exc) for exc in gone)
    assert len(published) == PUBLISHES + 1
    versions = {name for name, *_ in seen}
    assert versions <= set(published)
    assert len(versions) >= 2, f"the reader saw only {versions}; it did not overlap a publish"
    half = [look for look in seen if not (look[2] and look[3])]
    assert not half, f"{len(half)} of {len(seen)} reads saw a half-published version: {half[:3]}"
    sizes: dict[str, set[int]] = {}
    for name, size, *_ in seen:
        sizes.setdefault(name, set()).add(size)
    assert all(len(s) == 1 for s in sizes.values()), sizes  # a version never changes under us
