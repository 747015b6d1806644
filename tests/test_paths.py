"""Paths reach clients relative to the ingested root, never as the server's own paths."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from ingest.pipeline import Ingester

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def _assert_relative_to_sample(path: str) -> None:
    assert not Path(path).is_absolute() and str(ROOT) not in path, path
    assert (SAMPLE / path).is_file(), path


def test_documents_list_and_detail_show_paths_under_the_ingested_root(client):
    docs = client.get("/v1/documents").json()
    assert docs
    for doc in docs:
        for path in doc["files"]:
            _assert_relative_to_sample(path)
    detail = client.get(f"/v1/documents/{docs[0]['doc_id']}").json()
    assert detail["document"]["files"] == docs[0]["files"]


def test_citations_name_files_under_the_ingested_root(client):
    body = client.post(
        "/v1/ask", json={"question": "Which committees raised IT-security concerns?"}
    ).json()
    assert body["citations"]
    for citation in body["citations"]:
        for path in [citation["file"], *citation["also_in"]]:
            _assert_relative_to_sample(path)


def test_nested_folders_and_copies_are_named_from_the_root(tmp_path, settings_factory, embedder):
    corpus = tmp_path / "corpus"
    text = "Kulturnämnden beslutar att anta planen för bibliotekets öppettider 2024.\n"
    for folder in ("protokoll/2024", "handlingar"):
        (corpus / folder).mkdir(parents=True)
    (corpus / "protokoll" / "2024" / "kn.txt").write_text(text, encoding="utf-8")
    (corpus / "handlingar" / "kopia.txt").write_text(text, encoding="utf-8")
    settings = settings_factory(tmp_path / "index")
    Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)

    assistant = Assistant(settings, embedder)
    (doc,) = assistant.documents()
    assert doc.paths == ["handlingar/kopia.txt", "protokoll/2024/kn.txt"]
    answer = assistant.ask("Vad beslutade Kulturnämnden om bibliotekets öppettider?")
    assert answer.citations
    assert answer.citations[0].file == "handlingar/kopia.txt"
    assert answer.citations[0].also_in == ["protokoll/2024/kn.txt"]
