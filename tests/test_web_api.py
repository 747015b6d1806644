"""The web pages, widget loader, facets, source files and security headers, on the real app."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from helpers import free_port, kommunrag_server
from pydantic import ValidationError

from assistant.api.app import create_app
from assistant.web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent
IT_QUESTION = "Which committees raised IT-security concerns?"


def _config(html: str) -> dict:
    return json.loads(unescape(re.search(r'data-config="([^"]*)"', html).group(1)))


@pytest.fixture(scope="module")
def framed(sample_index, embedder):
    """An app whose widget may be framed by https://intranat.example.se only."""
    settings = sample_index.model_copy(deep=True)
    settings.web = WebSettings(embed_origins=["https://intranat.example.se"])
    with TestClient(create_app(settings, embedder)) as c:
        yield c


@pytest.fixture(scope="module")
def closed(sample_index, embedder):
    settings = sample_index.model_copy(deep=True)
    settings.web = WebSettings(public_access=False)
    with TestClient(create_app(settings, embedder)) as c:
        yield c


def test_chat_page_is_served_in_swedish_or_english_with_only_own_scripts(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in page.text and _config(page.text)["mode"] == "page"
    assert not re.search(r'(src|href)="(https?:)?//', page.text), (
        "a page may load only its own files"
    )
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    assert _config(page.text)["disclosure"]["sv"].startswith("Du chattar med en AI-assistent")


def test_every_asset_a_page_names_is_served(client):
    for path in ("/", "/docs"):
        html = client.get(path).text
        for url in re.findall(r'(?:src|href)="(/assets/[^"]+)"', html):
            response = client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) > 50, url


def test_api_docs_work_offline(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower() and "http" not in docs.text.replace("http-equiv", "")
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]


def test_only_allowed_origins_may_frame_the_embed(client, framed):
    own = client.get("/embed/")
    assert "frame-ancestors 'self'" in own.headers["content-security-policy"]
    assert "x-frame-options" not in own.headers
    allowed = framed.get("/embed/?origin=https://intranat.example.se&lang=en")
    assert allowed.headers["content-security-policy"].endswith(
        "frame-ancestors 'self' https://intranat.example.se"
    )
    assert _config(allowed.text)["parentOrigin"] == "https://intranat.example.se"
    assert _config(allowed.text)["lang"] == "en"
    stranger = framed.get("/embed/?origin=https://evil.example")
    assert _config(stranger.text)["parentOrigin"] is None
    for path in ("/", "/v1/facets", "/view/x", "/docs", "/healthz"):
        assert "frame-ancestors 'none'" in framed.get(path).headers["content-security-policy"], path


def test_loader_is_versioned_and_pinned_with_an_integrity_hash(client):
    moving = client.get("/widget/v1/kommunrag.js")
    assert moving.status_code == 200 and "javascript" in moving.headers["content-type"]
    assert moving.headers["access-control-allow-origin"] == "*"
    manifest = client.get("/widget/v1/manifest.json").json()
    pinned = client.get(manifest["pinned"].replace("http://testserver", ""))
    assert pinned.status_code == 200 and "immutable" in pinned.headers["cache-control"]
    digest = base64.b64encode(hashlib.sha384(pinned.content).digest()).decode()
    assert manifest["integrity"] == f"sha384-{digest}"
    assert client.get("/widget/v1/kommunrag-000000000000.js").status_code == 404


def test_facets_count_documents_per_value(client):
    facets = client.get("/v1/facets").json()
    assert set(facets) == {"municipalities", "organs", "doc_types", "years"}
    organs = {f["value"]: f["documents"] for f in facets["organs"]}
    assert "Äldrenämnden" in organs
    for organ in ("Äldrenämnden", "Kommunstyrelsen"):
        listed = client.get("/v1/documents", params={"organ": organ}).json()
        assert organs[organ] == len(listed), organ
    assert all(re.fullmatch(r"\d{4}", f["value"]) for f in facets["years"])
    counts = [f["documents"] for f in facets["municipalities"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("path", ["/v1/chat", "/v1/chat/completions"])
def test_streams_tell_proxies_not_to_buffer(client, path):
    body = {
        "messages": [{"role": "user", "content": "Vad kostar STARK-avtalet Arboga kommun per år?"}]
    }
    if path.endswith("completions"):
        body |= {"model": "kommunrag", "stream": True}
    with client.stream("POST", path, json=body, headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200
        assert r.headers["x-accel-buffering"] == "no"
        assert r.headers["cache-control"] == "no-cache, no-transform"
        assert "69 000" in "".join(r.iter_text())


def test_citations_locate_the_quoted_sentence_in_its_section(client):
    answer = client.post("/v1/ask", json={"question": IT_QUESTION}).json()
    assert len(answer["citations"]) == 4
    for citation in answer["citations"]:
        doc = client.get(f"/v1/documents/{citation['doc_id']}").json()
        text = doc["sections"][citation["section_index"]]["text"]
        quoted = " ".join(text[citation["quote_start"] : citation["quote_end"]].split())
        assert len(quoted) > 40 and quoted in " ".join(citation["snippet"].split()), quoted


def test_original_file_is_served_but_cannot_run_on_our_origin(client):
    doc = client.get("/v1/documents").json()[0]
    response = client.get(f"/v1/documents/{doc['doc_id']}/file")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-security-policy"].startswith("sandbox")
    assert response.text.strip()[:40] in open_sample(doc["files"][0])
    missing = client.get("/v1/documents/nope/file")
    assert missing.status_code == 404 and missing.json()["code"] == "document_not_found"


def open_sample(name: str) -> str:
    return (ROOT / "data" / "sample" / name).read_text(encoding="utf-8")


def test_viewer_page_is_linkable_and_unknown_documents_are_404(client):
    doc_id = client.get("/v1/documents").json()[0]["doc_id"]
    page = client.get(f"/view/{doc_id}?q=10-40")
    assert page.status_code == 200
    assert _config(page.text)["mode"] == "view" and _config(page.text)["docId"] == doc_id
    assert client.get("/view/nope").status_code == 404


def test_public_access_off_refuses_anonymous_requests(closed):
    refused = closed.post("/v1/ask", json={"question": IT_QUESTION})
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert refused.headers["www-authenticate"] == "Bearer"
    with_token = closed.get("/v1/facets", headers={"Authorization": "Bearer unchecked"})
    assert with_token.status_code == 401, "an unverified token must not open the API"
    assert closed.get("/healthz").status_code == 200
    assert closed.get("/").status_code == 200


def test_settings_refuse_a_low_contrast_colour_and_non_origins():
    with pytest.raises(ValidationError, match="contrast"):
        WebSettings(color="#7fb2e5")
    with pytest.raises(ValidationError, match="not an origin"):
        WebSettings(embed_origins=["https://intranat.example.se/sida"])
    with pytest.raises(ValidationError):
        WebSettings(disclosure_sv="")
    assert WebSettings(embed_origins=["http://127.0.0.1:8010/"]).embed_origins == [
        "http://127.0.0.1:8010"
    ]


@pytest.mark.slow
def test_serve_demo_host_embeds_the_widget_from_another_origin(sample_index):
    """`make demo` runs `serve --demo-host PORT`: a host page on that port embeds the widget,
    and that origin, and no other, may frame /embed/."""
    port = free_port()
    env = {"KOMMUNRAG_INDEX__DIR": str(sample_index.index.dir)}
    with kommunrag_server(env=env, serve_args=("--demo-host", str(port))) as base:
        host = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert host.status_code == 200
        assert f'<script async src="{base}/widget/v1/kommunrag.js"' in host.text
        csp = httpx.get(f"{base}/embed/", timeout=10).headers["content-security-policy"]
        assert csp.endswith(f"frame-ancestors 'self' http://127.0.0.1:{port}")
