"""Every error a client can meet names the real problem, in a message and a stable code."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from helpers import run_kommunrag

from assistant.api.app import create_app
from assistant.errors import FilterMatchesNothing
from assistant.facets import Facets, closest
from index.models import Filters

QUESTION = "Vad tycker nämnden om programmet?"


def _fields(organ, municipality, date="2023-05-04", doc_type="protokoll", dnr=""):
    return {"doc_id": "x", "organ": organ, "municipality": municipality, "date": date,
            "doc_type": doc_type, "dnr": dnr}  # fmt: skip


FACETS = Facets.from_fields(
    [
        _fields("Kulturnämnden", "Västerås stad"),
        _fields("Kulturnämnden", "Västerås stad"),
        _fields("Äldrenämnden", "Västerås stad", dnr="AN 2023/00292"),
        _fields("Kommunstyrelsen", "Arboga kommun", date="2025-01-20"),
    ]
)


def test_facets_keep_each_combination_once_and_list_a_fields_values():
    assert len(FACETS.rows) == 3
    assert FACETS.values("organ") == ["Kommunstyrelsen", "Kulturnämnden", "Äldrenämnden"]
    assert FACETS.values("dnr") == ["AN 2023/00292"]


def test_closest_ranks_by_similarity_ignoring_case():
    organs = FACETS.values("organ")
    assert closest("kulturnamnden", organs)[0] == "Kulturnämnden"
    assert closest("KOMMUNSTYRELSE", organs)[0] == "Kommunstyrelsen"
    assert sorted(closest("x", organs)) == organs  # fewer values than asked for: all of them


def test_a_filter_that_matches_nothing_names_itself_and_the_closest_values():
    with pytest.raises(FilterMatchesNothing) as caught:
        FACETS.check(Filters(organ="Kulturnamnden", municipality="Västerås stad"))
    assert caught.value.suggestions == {"organ": closest("Kulturnamnden", FACETS.values("organ"))}
    assert caught.value.suggestions["organ"][0] == "Kulturnämnden"
    assert "organ 'Kulturnamnden'" in str(caught.value)
    assert "municipality" not in str(caught.value)  # it matches on its own


def test_filters_that_match_only_apart_are_named_together():
    with pytest.raises(FilterMatchesNothing, match="together") as caught:
        FACETS.check(Filters(organ="Kulturnämnden", municipality="Arboga kommun"))
    assert caught.value.suggestions == {}


def test_a_date_outside_the_index_says_which_dates_it_holds():
    with pytest.raises(FilterMatchesNothing, match="2023-05-04 to 2025-01-20"):
        FACETS.check(Filters(date_from="2030"))


def test_filters_that_match_pass_and_empty_filters_are_not_checked():
    FACETS.check(Filters(organ="äldrenämnden", dnr="AN 2023"))
    FACETS.check(Filters())
    FACETS.check(None)
    Facets.from_fields([]).check(None)


# --- through the API (the real app on the sample index) --------------------------------


def test_ask_with_an_unknown_organ_says_the_filter_matches_nothing(client, sample_assistant):
    response = client.post(
        "/v1/ask", json={"question": QUESTION, "filters": {"organ": "Finns inte"}}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "filter_matches_nothing"
    assert "organ 'Finns inte'" in body["error"]
    organs = sample_assistant.organs()
    assert body["suggestions"]["organ"] == closest("Finns inte", organs)
    assert len(body["suggestions"]["organ"]) == 5 and set(body["suggestions"]["organ"]) <= set(
        organs
    )


def test_a_misspelt_organ_suggests_the_right_one_first(client):
    response = client.post(
        "/v1/ask", json={"question": QUESTION, "filters": {"organ": "Kulturnamnden"}}
    )
    assert response.status_code == 422
    assert response.json()["suggestions"]["organ"][0] == "Kulturnämnden"


def test_chat_checks_its_filters_too(client):
    response = client.post(
        "/v1/chat",
        json={"messages": [{"role": "user", "content": QUESTION}], "filters": {"organ": "X"}},
    )
    assert response.status_code == 422 and response.json()["code"] == "filter_matches_nothing"


def test_an_unknown_model_is_an_openai_model_not_found_error(client):
    response = client.post(
        "/v1/chat/completions",
        json={"model": "gpt-4o", "messages": [{"role": "user", "content": QUESTION}]},
    )
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["code"] == "model_not_found" and error["param"] == "model"
    assert error["type"] == "invalid_request_error" and "gpt-4o" in error["message"]


def test_openai_routes_answer_every_error_in_openai_shape(client):
    response = client.post(
        "/v1/chat/completions",
        json={
            "model": "kommunrag",
            "messages": [{"role": "user", "content": QUESTION}],
            "filters": {"organ": "Finns inte"},
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "filter_matches_nothing" and error["param"] == "filters"
    invalid = client.post("/v1/chat/completions", json={"model": "kommunrag"})
    assert invalid.status_code == 422
    assert invalid.json()["error"]["code"] == "invalid_request"
    assert invalid.json()["error"]["param"] == "messages"


def test_kommunrag_routes_give_a_message_and_a_code(client):
    invalid = client.post("/v1/ask", json={"question": "hej", "top_k": 0})
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid_request" and "top_k" in invalid.json()["error"]
    missing = client.get("/v1/documents/nope")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no document with id 'nope'", "code": "document_not_found"}
    route = client.get("/v1/nothing-here")
    assert route.status_code == 404 and route.json()["code"] == "route_not_found"
    assert "/v1/nothing-here" in route.json()["error"]
    method = client.get("/v1/ask")
    assert method.status_code == 405 and method.json()["code"] == "method_not_allowed"


def test_a_missing_index_is_503_without_the_servers_path(tmp_path, settings_factory, embedder):
    settings = settings_factory(tmp_path / "no-index-here")
    with TestClient(create_app(settings, embedder)) as client:
        response = client.post("/v1/ask", json={"question": QUESTION})
    assert response.status_code == 503
    assert response.json()["code"] == "index_missing"
    assert "kommunrag ingest" in response.json()["error"]
    assert str(tmp_path) not in response.text


def test_the_cli_names_a_filter_that_matches_nothing(sample_index):
    result = run_kommunrag(
        "--index", str(sample_index.index.dir), "ask", QUESTION, "--organ", "Kulturnamnden",
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kommunrag: no document matches organ")
    assert "Kulturnämnden" in lines[0] and "Traceback" not in result.stderr
