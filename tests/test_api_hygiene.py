"""Input hygiene and limits on the real app: bad text, types and dates get 422, never 500;
bodies over the limit get 413; CORS is closed by default; HTML routes carry security
headers; errors never show server paths."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings

ASK = "/v1/ask"
CHAT = "/v1/chat"
OPENAI = "/v1/chat/completions"


@pytest.fixture(scope="module")
def bare(tmp_path_factory, embedder):
    """The app over an index directory that holds nothing yet (no ingest needed for these)."""
    settings = Settings()
    settings.index.dir = tmp_path_factory.mktemp("no-index") / "index"
    with TestClient(create_app(settings, embedder), raise_server_exceptions=False) as c:
        yield c, settings


def _post(client, path, raw: str, **headers):
    return client.post(
        path, content=raw.encode("utf-8"), headers={"content-type": "application/json", **headers}
    )


def _ours(response) -> dict:
    body = response.json()
    assert set(body) <= {"error", "code", "detail", "suggestions"}
    assert isinstance(body["error"], str) and isinstance(body["code"], str)
    return body


def _openai(response) -> dict:
    body = response.json()["error"]
    assert {"message", "type", "param", "code"} <= set(body)
    return body


@pytest.mark.parametrize(
    "raw",
    [
        '{"question": "\\ud800 hej"}',
        '{"question": "hej \\udfff"}',
        '{"question": "hej\\u0000då"}',
        '{"question": "hej\\u001bdå"}',
        '{"question": "hej", "filters": {"organ": "\\ud800"}}',
        '{"\\ud800": 1, "question": "hej"}',
    ],
)
def test_lone_surrogates_and_control_characters_are_422_on_ask(bare, raw):
    client, _ = bare
    response = _post(client, ASK, raw)
    assert response.status_code == 422, response.text
    assert _ours(response)["code"] == "invalid_request"


def test_lone_surrogates_are_422_on_chat_and_openai(bare):
    client, _ = bare
    chat = _post(client, CHAT, '{"messages": [{"role": "user", "content": "\\ud800 hej"}]}')
    assert chat.status_code == 422 and _ours(chat)["code"] == "invalid_request"
    raw = '{"model": "kommunrag", "messages": [{"role": "user", "content": "hej \\ud800"}]}'
    completion = _post(client, OPENAI, raw)
    assert completion.status_code == 422
    error = _openai(completion)
    assert error["code"] == "invalid_request" and error["param"] == "messages.0.content"


def test_a_control_character_in_a_query_parameter_is_422(bare):
    client, _ = bare
    response = client.get("/v1/documents?organ=a%00b")
    assert response.status_code == 422
    assert "control character U+0000" in _ours(response)["error"]


@pytest.mark.parametrize("top_k", ['"3"', "true", "3.5", "0", "51"])
def test_top_k_is_a_strict_integer_from_1_to_50(bare, top_k):
    client, _ = bare
    response = _post(client, ASK, f'{{"question": "hej", "top_k": {top_k}}}')
    assert response.status_code == 422
    assert _ours(response)["detail"][0]["field"] == "top_k"


@pytest.mark.parametrize("date", ["2023-13-45", "2023-02-30", "2023-00", "23-01-01", "2023-1-1"])
def test_dates_that_do_not_exist_are_refused(bare, date):
    client, _ = bare
    response = client.post(ASK, json={"question": "hej", "filters": {"date_from": date}})
    assert response.status_code == 422
    assert _ours(response)["detail"][0]["field"] == "filters.date_from"


@pytest.mark.parametrize("date", ["2024-02-29", "2023-05", "2023"])
def test_real_dates_and_their_prefixes_pass_validation(bare, date):
    client, _ = bare
    response = client.post(ASK, json={"question": "hej", "filters": {"date_to": date}})
    assert response.status_code == 503  # past validation: the index is what is missing
    assert _ours(response)["code"] == "index_missing"


def test_a_question_over_the_schema_limit_is_422(bare):
    client, _ = bare
    response = client.post(ASK, json={"question": "x" * 2001})
    assert response.status_code == 422
    assert _ours(response)["detail"][0]["field"] == "question"


def test_a_body_over_the_limit_is_413_declared_or_streamed(bare):
    client, settings = bare
    big = b'{"question": "' + b"a" * settings.api.max_body_bytes + b'"}'
    declared = client.post(ASK, content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and _ours(declared)["code"] == "body_too_large"

    def chunks():
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    streamed = client.post(ASK, content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert "content-length" not in streamed.request.headers  # refused as it arrived
    openai_shape = client.post(OPENAI, content=big, headers={"content-type": "application/json"})
    assert openai_shape.status_code == 413 and _openai(openai_shape)["code"] == "body_too_large"


def test_a_chat_over_the_turn_cap_is_422(bare):
    client, settings = bare
    turns = settings.api.max_chat_turns + 1
    messages = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": "hej"} for i in range(turns)
    ]
    messages[-1] = {"role": "user", "content": "och sen?"}
    response = client.post(CHAT, json={"messages": messages})
    assert response.status_code == 422
    assert f"the limit is {settings.api.max_chat_turns}" in _ours(response)["error"]


def test_errors_do_not_show_server_paths(bare):
    client, settings = bare
    response = client.post(ASK, json={"question": "hej"})
    assert response.status_code == 503
    assert str(settings.index.dir) not in response.text
    assert "/tmp" not in response.text and "Traceback" not in response.text


def test_cors_is_closed_by_default(bare):
    client, _ = bare
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    preflight = client.options(ASK, headers={**origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_the_configured_origins_only(tmp_path, embedder):
    settings = Settings()
    settings.index.dir = tmp_path / "index"
    settings.api.cors_origins = ["https://intranet.example.se"]
    with TestClient(create_app(settings, embedder)) as client:
        ok = client.get("/healthz", headers={"Origin": "https://intranet.example.se"})
        other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert ok.headers["access-control-allow-origin"] == "https://intranet.example.se"
    assert "access-control-allow-origin" not in other.headers


def test_html_routes_carry_security_headers_and_json_ones_nosniff(bare):
    client, _ = bare
    docs = client.get("/docs")
    assert docs.headers["content-type"].startswith("text/html")
    for name in ("content-security-policy", "x-frame-options", "x-content-type-options"):
        assert name in docs.headers, name
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    api = client.post(ASK, json={"question": "hej"})
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["cache-control"] == "no-store"


def test_every_documented_error_uses_the_error_schemas(bare):
    client, _ = bare
    spec = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(spec)
    for path, operations in spec["paths"].items():
        shape = (
            "OpenAIError"
            if path.startswith(("/v1/chat/completions", "/v1/models"))
            else "ErrorBody"
        )
        for operation in operations.values():
            for status in ("413", "422", "429", "500", "503"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref["$ref"].endswith(shape), (path, status)
    ask = spec["components"]["schemas"]["AskRequest"]["properties"]
    assert ask["question"]["maxLength"] == 2000
    filters = spec["components"]["schemas"]["FiltersIn"]["properties"]
    assert "pattern" in json.dumps(filters["date_from"])
