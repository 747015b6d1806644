"""What real models write, tidied before it is checked: Markdown, odd citation markers,
<think> blocks, chat-template tokens, loops, replies cut off by max_tokens, wrong language.

The replies below are shaped after what Gemma 3 270M and SmolLM2 wrote through llama.cpp's
server (tests/test_llm_engine.py runs the real engine)."""

from __future__ import annotations

import pytest
from fake_llm import Reply, parse_sse, source_with

from assistant.answer.tidy import (
    RepetitionGuard,
    ReplyReader,
    TurnEnd,
    clean_reply,
    tidy_text,
    unfinished,
)
from assistant.answer.verify import in_other_language

STARK = "Vad kostar STARK-avtalet Arboga kommun per år?"


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("**Svar:** Kostnaden är 69 000 kr[1].", "Svar: Kostnaden är 69 000 kr [1]."),
        ("### Sammanfattning\nAvtalet gäller [2].", "\nAvtalet gäller [2]."),
        (
            "1. Första [1].\n2) Andra [ 2 ].\n* Tredje [1, 3]",
            "- Första [1].\n- Andra [2].\n- Tredje [1][3]",
        ),
        (
            "Kostnaden är 69 000 kr. [1] Avtalet gäller [2] .",
            "Kostnaden är 69 000 kr [1]. Avtalet gäller [2].",
        ),
        ("Se [Källa 2] och [^3], *särskilt* `§ 12`.", "Se [2] och [3], särskilt § 12."),
        ("Enligt bl.a. [1] gäller det.", "Enligt bl.a. [1] gäller det."),
        ("| Organ | Beslut |\n|---|---|\n| KS | Godkänt [1] |", "Organ; Beslut\n\nKS; Godkänt [1]"),
        (
            "Läs [beslutet](https://example.org/a.pdf) [1].\n> Citat [2].",
            "Läs beslutet [1].\nCitat [2].",
        ),
        ("Text [1]. [2] mer", "Text [1][2]. mer"),
    ],
)
def test_markdown_and_markers_become_plain_cited_text(raw, plain):
    assert tidy_text(raw) == plain
    assert tidy_text(plain) == plain  # idempotent: the stream tidies a growing buffer


def test_template_tokens_end_the_turn_and_leading_ones_are_dropped():
    assert clean_reply(
        "<think>hmm [9]</think>Svar [1].<end_of_turn>\n<start_of_turn>user\nMer"
    ) == ("Svar [1].")
    assert clean_reply("<|assistant|>Svar [1].<|im_end|><|im_start|>user") == "Svar [1]."
    turn = TurnEnd()
    pieces = ["Svar [1]. <end", "_of_", "turn>Nästa tur"]
    assert "".join(turn.feed(p) for p in pieces) + turn.flush() == "Svar [1]. "
    assert turn.ended
    turn = TurnEnd()
    assert turn.feed("Svar [1]. <end_of") + turn.flush() == "Svar [1]. "


REPLY = (
    "<think>Källa 1 har kostnaden.</think>**Svar:** Kostnaden är 69 000 kr. [1] "
    "Avtalet gäller 2025–2028[2].\n\n### Detaljer\n1. Beslutet fattades i § 12 [ 3 ].\n"
    "<end_of_turn>\nuser: och mer?"
)


def _units(pieces):
    reader = ReplyReader()
    units = [u for p in pieces for u in reader.feed(p)] + reader.finish()
    return [(u.sep, u.text, u.flaw) for u in units], reader.stopped


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_a_streamed_reply_gives_the_units_of_the_whole_one(size):
    whole, stopped = _units([REPLY])
    assert [text for _, text, _ in whole] == [
        "Svar: Kostnaden är 69 000 kr [1].",
        "Avtalet gäller 2025–2028 [2].",
        "- Beslutet fattades i § 12 [3].",
    ]
    assert stopped == "chat-template token"
    assert _units([REPLY[i : i + size] for i in range(0, len(REPLY), size)]) == (whole, stopped)


def test_a_repeated_sentence_stops_the_reply():
    sentence = "Kostnaden är 69 000 kronor per år [1]. "
    units, stopped = _units([sentence * 4])
    assert stopped == "repetition"
    assert [flaw for _, _, flaw in units] == [None, "repeats an earlier sentence"]


def test_a_phrase_looping_without_a_full_stop_stops_the_reply():
    reader = ReplyReader()
    released = reader.feed("Kostnaden är 69 000 kronor [1]. ")
    for _ in range(40):
        released += reader.feed("och avtalet gäller i fyra år till ")
        if reader.stopped:
            break
    assert reader.stopped == "repetition" and reader.finish() == []
    assert released[-1].flaw == "repetition: the reply loops"
    assert RepetitionGuard().looping("nämnden anser att det är bra [1]. " * 2) is False


def test_a_reply_cut_off_by_max_tokens_loses_its_last_sentence():
    units, stopped = _units(["Kostnaden är 69 000 kr [1]. Avtalet gäller från 2025 och"])
    assert stopped is None
    assert units[-1][2] == "unfinished: the reply stops mid-sentence"
    assert unfinished("Avtalet gäller [1]") is False and unfinished("Kostnad: 69 000 kr.") is False


def test_a_sentence_in_the_other_language_is_foreign():
    assert in_other_language("The agreement costs 69 000 kronor per year [1].", "sv")
    assert not in_other_language("Arboga kommuns kostnad är 69 000 kronor [1].", "sv")
    assert in_other_language("Kommunstyrelsen beslutade att godkänna avtalet [1].", "en")
    assert not in_other_language("Kommunstyrelsen approved the STARK agreement [1].", "en")


def test_a_markdown_reply_is_answered_as_plain_cited_text(llm_client, fake):
    def reply(body):
        n = source_with(body, "69 000")
        return (
            f"**Svar:** Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år.[{n}]\n"
            f"- Avtalet gäller från 2025-10-01 till 2028-09-30[{n}]"
        )

    fake.reset(default=reply)
    body = llm_client.post("/v1/ask", json={"question": STARK}).json()
    n = body["citations"][0]["n"]
    assert body["answer"] == (
        f"Svar: Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}].\n"
        f"- Avtalet gäller från 2025-10-01 till 2028-09-30 [{n}]"
    )
    assert body["verification"]["unsupported"] == 0


def test_a_looping_stream_is_cut_and_shows_each_sentence_once(llm_client, fake):
    def reply(body):
        n = source_with(body, "69 000")
        return Reply(
            f"Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}]. " * 6
        )

    fake.reset(default=reply)
    payload = {"messages": [{"role": "user", "content": STARK}]}
    headers = {"Accept": "text/event-stream"}
    with llm_client.stream("POST", "/v1/chat", json=payload, headers=headers) as response:
        events = parse_sse(response.read().decode())
    done = events[-1][1]
    assert done["verification"]["stopped"] == "repetition"
    assert done["answer"].count("69 000") == 1
    assert [d["reason"] for d in done["verification"]["dropped"]] == ["repeats an earlier sentence"]


def test_an_english_sentence_in_a_swedish_answer_is_dropped(llm_client, fake):
    def reply(body):
        n = source_with(body, "69 000")
        return (
            f"Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [{n}]. "
            f"The cost for Arboga is 69 000 kronor per year [{n}]."
        )

    fake.reset(default=reply)
    body = llm_client.post("/v1/ask", json={"question": STARK}).json()
    assert "The cost" not in body["answer"]
    [dropped] = body["verification"]["dropped"]
    assert dropped["reason"] == "written in English; the question is in Swedish"
