"""Chat: follow-up questions become standalone ones, by rules or by the (fake) LLM."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_llm import Reply, is_rewrite_request, last_user_message, with_llm
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.chat import is_followup, rewrite_followup, topic_of
from assistant.errors import QuestionRejected
from assistant.llm import Message
from index.models import Filters

ORGANS = [
    "Individ- och familjenämnden",
    "Kommunstyrelsen",
    "Kulturnämnden",
    "Nämnden för idrott, fritid och förebyggande",
    "Äldrenämnden",
]
IT_QUESTION = "Which committees raised IT-security concerns?"


def _conversation(*turns: str) -> list[Message]:
    messages = []
    for turn in turns:
        messages += [Message("user", turn), Message("assistant", "Ett svar [1].\n\nKällor:\n[1] x")]
    return messages[:-1]


@pytest.mark.parametrize(
    ("turns", "question", "organ"),
    [
        (
            (IT_QUESTION, "och vad sa äldrenämnden?"),
            "Vad sa Äldrenämnden om IT-säkerhet?",
            "Äldrenämnden",
        ),
        (
            ("Vilka nämnder tog upp frågor om IT-säkerhet?", "och vad sa äldrenämnden?"),
            "Vad sa Äldrenämnden om IT-säkerhet?",
            "Äldrenämnden",
        ),
        (
            (
                "Vad föreslås kommunstyrelsen i Arboga besluta om STARK-avtalet?",
                "what did they decide?",
            ),
            "What did Kommunstyrelsen decide about STARK-avtalet?",
            None,
        ),
        (
            (IT_QUESTION, "och vad sa äldrenämnden?", "what did they decide?"),
            "What did Äldrenämnden decide about IT-säkerhet?",
            "Äldrenämnden",
        ),
        (
            ("Vad tyckte Kulturnämnden om programmet?", "och äldrenämnden?"),
            "Vad tyckte Äldrenämnden om programmet?",
            "Äldrenämnden",
        ),
        (
            ("Vad kostar STARK-avtalet Arboga kommun per år?", "och när gäller det?"),
            "När gäller STARK-avtalet Arboga?",
            None,
        ),
    ],
)
def test_rules_make_follow_ups_standalone_and_carry_the_organ(turns, question, organ):
    rewrite = rewrite_followup(_conversation(*turns), None, ORGANS)
    assert rewrite.method == "rules"
    assert rewrite.question == question
    assert (rewrite.filters.organ if rewrite.filters else None) == organ


def test_standalone_questions_are_left_alone_and_filters_carried():
    base = Filters(municipality="Västerås stad")
    rewrite = rewrite_followup(
        _conversation(
            "Vad kostar STARK-avtalet?", "Hur många elbilar köpte Västerås stad år 2019?"
        ),
        base,
        ORGANS,
    )
    assert rewrite.method == "as_is" and rewrite.question.startswith("Hur många elbilar")
    followup = rewrite_followup(_conversation(IT_QUESTION, "och kulturnämnden?"), base, ORGANS)
    assert followup.filters == Filters(municipality="Västerås stad", organ="Kulturnämnden")


def test_follow_up_detection_and_topics():
    assert is_followup("och vad sa äldrenämnden?", ORGANS)
    assert is_followup("what did they decide?", ORGANS)
    assert is_followup("Vad kostar det?", ORGANS)
    assert not is_followup("Vilka nämnder tog upp frågor om digital segregation?", ORGANS)
    assert topic_of(IT_QUESTION, ORGANS) == "IT-security"
    assert topic_of("Vad tycker nämnden om programmet?", ORGANS) == "programmet"


def test_a_conversation_must_end_with_a_user_message():
    with pytest.raises(QuestionRejected):
        rewrite_followup([Message("user", "hej"), Message("assistant", "hej")], None, ORGANS)


def test_chat_answers_a_follow_up_with_the_organ_filter(client):
    response = client.post(
        "/v1/chat",
        json={
            "messages": [
                {"role": "user", "content": IT_QUESTION},
                {"role": "assistant", "content": "Fyra nämnder [1][2][3][4]."},
                {"role": "user", "content": "och vad sa äldrenämnden?"},
            ]
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rewrite"]["question"] == "Vad sa Äldrenämnden om IT-säkerhet?"
    assert body["rewrite"]["filters"] == {"organ": "Äldrenämnden"}
    assert body["citations"] and {c["organ"] for c in body["citations"]} == {"Äldrenämnden"}
    assert body["degraded"] is False and body["verification"] is None


def test_chat_refuses_bad_conversations(client):
    assert client.post("/v1/chat", json={"messages": []}).status_code == 422
    response = client.post("/v1/chat", json={"messages": [{"role": "assistant", "content": "hej"}]})
    assert response.status_code == 422 and "user message" in response.json()["error"]
    assert (
        client.post("/v1/chat", json={"messages": [{"role": "robot", "content": "x"}]}).status_code
        == 422
    )


def test_with_an_llm_the_llm_rewrites_the_follow_up(sample_index, embedder, fake):
    def reply(body):
        if is_rewrite_request(body):
            return "Vad tyckte Äldrenämnden om IT-säkerheten i programmet för digital utveckling?"
        return "Källorna besvarar inte frågan."

    fake.reset(default=reply)
    with TestClient(create_app(with_llm(sample_index, fake.url, timeout_s=30.0), embedder)) as c:
        body = c.post(
            "/v1/chat",
            json={
                "messages": [
                    {"role": "user", "content": IT_QUESTION},
                    {"role": "assistant", "content": "Fyra nämnder [1]."},
                    {"role": "user", "content": "och vad sa äldrenämnden?"},
                ]
            },
        ).json()
    rewrite_prompt = last_user_message(fake.requests[0])
    assert IT_QUESTION in rewrite_prompt and "och vad sa äldrenämnden?" in rewrite_prompt
    assert "Källor" not in rewrite_prompt  # the source list of earlier answers is not history
    assert body["rewrite"]["method"] == "llm"
    assert body["rewrite"]["question"].startswith("Vad tyckte Äldrenämnden om IT-säkerheten")
    assert body["rewrite"]["filters"] == {"organ": "Äldrenämnden"}
    assert body["rewrite"]["question"] in last_user_message(fake.requests[1])


def test_a_failed_llm_rewrite_falls_back_to_rules_and_skips_the_llm(sample_index, embedder, fake):
    fake.reset(default=Reply(hang=True))
    with TestClient(create_app(with_llm(sample_index, fake.url, timeout_s=1.5), embedder)) as c:
        body = c.post(
            "/v1/chat",
            json={
                "messages": [
                    {"role": "user", "content": IT_QUESTION},
                    {"role": "assistant", "content": "Fyra nämnder [1]."},
                    {"role": "user", "content": "och vad sa äldrenämnden?"},
                ]
            },
        ).json()
    assert body["rewrite"]["method"] == "rules" and body["rewrite"]["degraded_reason"]
    assert body["rewrite"]["question"] == "Vad sa Äldrenämnden om IT-säkerhet?"
    assert body["degraded"] is True
    assert len(fake.requests) == 1  # the answer did not wait for the dead LLM a second time


@pytest.fixture(scope="module")
def agreements(tmp_path_factory, embedder, settings_factory):
    """An index of one protocol with three §§ of the same kind (two agreements, one grant)."""
    from assistant.service import Assistant
    from ingest.pipeline import Ingester

    settings = settings_factory(tmp_path_factory.mktemp("followup") / "index")
    Ingester(settings.ingest, settings.index, embedder).run(
        [Path(__file__).parent / "data" / "followup"], progress=False
    )
    return Assistant(settings, embedder)


@pytest.mark.parametrize(
    ("first", "follow", "expected", "other"),
    [
        (
            "Vilket avtal har Sjöbacka med Vikby kommun?",
            "Vad kostar det per år?",
            "925 000",
            "480 000",
        ),
        (
            "Vilket avtal har Sjöbacka med Lindås kommun?",
            "Vad kostar det per år?",
            "480 000",
            "925 000",
        ),
        (
            "Vilket avtal har Sjöbacka med Vikby kommun?",
            "Hur länge gäller det?",
            "2029-12-31",
            None,
        ),
    ],
)
def test_a_follow_up_stays_on_the_matter_the_previous_answer_cited(
    agreements, first, follow, expected, other
):
    before = agreements.ask(first)
    assert before.supported
    messages = [Message("user", first), Message("assistant", before.text), Message("user", follow)]
    reply = agreements.chat(messages)
    assert reply.answer.supported, reply.answer.text
    assert expected in reply.answer.text.splitlines()[0]
    assert other is None or other not in reply.answer.text
    assert reply.rewrite.filters is not None
    assert reply.rewrite.filters.dnr == before.citations[0].dnr
    assert reply.rewrite.in_matter


def test_a_follow_up_asking_for_what_its_matter_lacks_is_refused(agreements):
    """Inside the cited matter a typed follow-up needs no words of the question in the
    sentence, but the value must be there: § 112 (the Lindås agreement) gives no period, and
    the period of § 113 is another matter's."""
    first = "Vilket avtal har Sjöbacka med Lindås kommun?"
    before = agreements.ask(first)
    assert before.supported and before.citations[0].dnr == "KS 2025/00301"
    messages = [
        Message("user", first),
        Message("assistant", before.text),
        Message("user", "Hur länge gäller det?"),
    ]
    reply = agreements.chat(messages)
    assert not reply.answer.supported, reply.answer.text
    assert "2029" not in reply.answer.text
