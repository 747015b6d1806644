"""Conversations: follow-up questions rewritten into standalone ones, with filters carried.

"och vad sa äldrenämnden?" after "Vilka nämnder tog upp IT-säkerhet?" cannot be searched
as it stands. The user turns are replayed in order, each one either standalone or a
follow-up of the turn before it:

- A follow-up starts with "och", "men", "and", "what about"…, or names almost nothing but
  an organ or a pronoun ("what did they decide?").
- Its filters are the previous turn's, with the organ it names as a new organ filter.
- Without an LLM its text is rebuilt by rules: pronouns become the organ last talked
  about, and the previous turn's subject is added ("… om IT-säkerhet").
- With an LLM, the LLM rewrites the last message from the conversation; if it fails, the
  rules do it and the reason is kept, so the answer can skip the LLM and say so.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from assistant.answer.intent import FRAME_WORDS, classify_question
from assistant.answer.language import EN_STOPWORDS, detect_language, glossary_units
from assistant.answer.tidy import clean_reply, tidy_text
from assistant.errors import QuestionRejected
from assistant.llm import Llm, LlmError, Message
from index.analyzer import STOPWORDS
from index.models import Filters
from prompts import render_prompt

_LEAD = re.compile(
    r"^\s*(?:och|men|samt|också|även|så|and|but|also|so|then|what about|how about|"
    r"hur är det med|hur var det med|än)\b[\s,]*",
    re.IGNORECASE,
)
_TAIL_TOPIC = re.compile(
    r"\b(?:om|angående|gällande|kring|rörande|about|regarding|concerning)\s+([^?]{3,}?)\s*\??\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_][\w§/-]*")
_ORGAN_PRONOUNS = re.compile(r"\b(?:they|them|de|dem)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(?:det|den|detta|denna|it|this|that)\b", re.IGNORECASE)
# "Vad kostar det?", "Hur länge gäller den?": "det"/"den" as the subject right after the
# question's verb stands for a thing named before ("Finns det…" has a dummy "det" instead).
_THING_SUBJECT = re.compile(
    r"^\s*(?:vad|hur\s+\w+|när|var|vem|varför|vilket\s+\w+|vilken\s+\w+)\s+\w+\s+(?:det|den)\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset(
    ("they", "them", "their", "it", "its", "this", "that", "these", "those")
    + ("de", "dem", "deras", "dess", "detta", "denna", "dessa")
)
_QUESTION_VERBS = frozenset(
    ("sa", "sade", "sagt", "säga", "säger", "tyckte", "tycker", "tyckt", "anser", "ansåg")
    + ("ansett", "beslutade", "beslöt", "beslutat", "besluta", "svarade", "svarar", "skrev")
    + ("skriver", "föreslog", "föreslår", "föreslås", "gjorde", "gör")
    + ("say", "said", "says", "think", "thought", "thinks", "decide", "decided", "decides")
    + ("answer", "answered", "write", "wrote", "propose", "proposed", "suggest", "suggested")
    + ("do", "does", "did")
)
_HISTORY_TURNS = 6


@dataclass
class Rewrite:
    """The standalone question a chat turn became, and the filters it is asked with.

    `method` is "as_is" (first turn, or already standalone), "rules" or "llm";
    `degraded_reason` says why an LLM rewrite fell back to the rules. `in_matter` is True
    when `filters` hold the matter (Dnr) the previous answer cited (see
    `answer_question`).
    """

    question: str
    original: str
    filters: Filters | None
    method: str = "as_is"
    degraded_reason: str | None = None
    in_matter: bool = False

    def to_dict(self) -> dict[str, Any]:
        filters = (
            {k: v for k, v in self.filters.restrictions().items() if v} if self.filters else {}
        )
        return {
            "question": self.question,
            "original": self.original,
            "method": self.method,
            "filters": filters,
            "degraded_reason": self.degraded_reason,
        }


@dataclass
class _Turn:
    question: str
    organ: str | None
    filters: Filters | None


def user_turns(messages: list[Message]) -> list[str]:
    """Return the user messages' texts; refuse (QuestionRejected) a conversation that does
    not end with a non-empty user message."""
    if not messages or messages[-1].role != "user" or not messages[-1].content.strip():
        raise QuestionRejected("the conversation must end with a non-empty user message")
    return [m.content.strip() for m in messages if m.role == "user" and m.content.strip()]


def mentioned_organ(text: str, organs: list[str]) -> str | None:
    """Return the known organ `text` names (longest match, genitive allowed), or None."""
    low = text.casefold()
    for organ in sorted(organs, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(organ.casefold())}s?(?!\w)", low):
            return organ
    return None


def topic_words(text: str, organs: list[str]) -> list[str]:
    """Return the words of `text` that carry a subject: no function words, question verbs,
    frame words ("raised", "frågor"), pronouns or organ names."""
    organ_words = {w.casefold() for o in organs for w in _WORD.findall(o)}
    skip = STOPWORDS | EN_STOPWORDS | FRAME_WORDS | _QUESTION_VERBS | _PRONOUNS | organ_words
    return [w for w in _WORD.findall(text) if w.casefold() not in skip]


def is_followup(message: str, organs: list[str]) -> bool:
    """True when `message` leans on the turn before: it opens with "och"/"and"/"what
    about", names at most one subject word, or uses a pronoun (or "det"/"den" as the
    subject: "Vad kostar det?") and names at most three."""
    if _LEAD.match(message):
        return True
    words = topic_words(message, organs)
    if len(words) <= 1:
        return True
    has_pronoun = any(w.casefold() in _PRONOUNS for w in _WORD.findall(message))
    return (has_pronoun or bool(_THING_SUBJECT.match(message))) and len(words) <= 3


def topic_of(question: str, organs: list[str]) -> str:
    """Return the subject of a question: its "om …"/"about …" tail; for a list question its
    subject words; else the names in it ("STARK-avtalet Arboga"), or its subject words."""
    tail = _TAIL_TOPIC.search(question)
    if tail:
        return tail.group(1).strip()
    intent = classify_question(question, detect_language(question))
    words = topic_words(intent.topic or question, organs)
    if intent.kind == "aggregate":
        return " ".join(words)
    names = [w for i, w in enumerate(_WORD.findall(question)) if w in words and _is_name(w, i)]
    return " ".join(names or words)


def _is_name(word: str, position: int) -> bool:
    return (
        any(c.isdigit() for c in word)
        or (position > 0 and word[:1].isupper())
        or (sum(c.isupper() for c in word) > 1)
    )


def in_language(topic: str, topic_lang: str, lang: str) -> str:
    """Return `topic` (from a question in `topic_lang`) for a question in `lang`: an English
    topic in a Swedish question gets the glossary's Swedish words ("IT-security" ->
    "IT-säkerhet"); anything else is kept, since the documents are Swedish."""
    if not (lang == "sv" and topic_lang == "en"):
        return topic
    units = glossary_units(topic)
    return " ".join(alts[0] if alts else word for word, alts in units) or topic


def rules_rewrite(message: str, previous: _Turn, organs: list[str]) -> str:
    """Return `message` as a standalone question, using the previous turn's subject and organ."""
    lang = detect_language(message)
    organ = mentioned_organ(message, organs)
    body = _LEAD.sub("", message).strip().rstrip("?").strip()
    if organ:
        body = re.sub(
            rf"(?i)(?<!\w){re.escape(organ)}(s?)(?!\w)", lambda m: organ + m.group(1), body
        )
    elif previous.organ:
        body = _ORGAN_PRONOUNS.sub(previous.organ, body)
    if organ and not topic_words(body, organs):
        old = mentioned_organ(previous.question, organs)
        if old:
            return re.sub(rf"(?i)(?<!\w){re.escape(old)}(?!\w)", organ, previous.question)
        if len(body.split()) <= len(organ.split()):
            return f"{previous.question.rstrip('?')} ({organ})?"
    topic = topic_of(previous.question, organs)
    topic = in_language(topic, detect_language(previous.question), lang)
    if not topic or all(w.casefold() in body.casefold() for w in topic.split()):
        return _capitalised(body) + "?"
    if not organ and _THING_PRONOUN.search(body):
        return _capitalised(_THING_PRONOUN.sub(topic, body, count=1)) + "?"
    link = "om" if lang == "sv" else "about"
    return f"{_capitalised(body)} {link} {topic}?"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def replay_turns(
    turns: list[str], filters: Filters | None, organs: list[str]
) -> tuple[_Turn, bool]:
    """Return the last turn made standalone by the rules, and whether it was a follow-up."""
    state = _Turn(
        turns[0], mentioned_organ(turns[0], organs) or (filters.organ if filters else None), filters
    )
    followup = False
    for message in turns[1:]:
        followup = is_followup(message, organs)
        if not followup:
            state = _Turn(message, mentioned_organ(message, organs), filters)
            continue
        organ = mentioned_organ(message, organs)
        carried = (
            dataclasses.replace(state.filters or Filters(), organ=organ) if organ else state.filters
        )
        state = _Turn(rules_rewrite(message, state, organs), organ or state.organ, carried)
    return state, followup


def previous_turn(
    messages: list[Message], filters: Filters | None, organs: list[str]
) -> tuple[str, Filters | None] | None:
    """Return the standalone question and filters of the user turn before the last, or None
    in a conversation of one user turn. A follow-up is about what that turn was answered
    with, so its answer's first cited § is the follow-up's scope (see `scoped_filters`)."""
    turns = user_turns(messages)
    if len(turns) < 2:
        return None
    state, _ = replay_turns(turns[:-1], filters, organs)
    return state.question, state.filters


def with_subject(message: str, subject: str) -> str:
    """Return `message` with its first thing pronoun ("det", "den", "it") replaced by
    `subject` (e.g. the ärendemening of the § the previous answer cited): "Hur länge gäller
    det?" -> "Hur länge gäller Samverkansavtal om gemensam överförmyndarverksamhet?"."""
    return _THING_PRONOUN.sub(lambda _m: subject, message, count=1)


def scoped_filters(filters: Filters | None, cited_dnr: str | None) -> Filters | None:
    """Return `filters` narrowed to the diarienummer of the § the previous answer cited
    first, or None when that answer cited no § with a Dnr: a Dnr names one matter, so the
    follow-up ("Vad kostar det per år?") stays on it."""
    if not cited_dnr:
        return None
    return dataclasses.replace(filters or Filters(), dnr=cited_dnr)


def rewrite_followup(
    messages: list[Message],
    filters: Filters | None,
    organs: list[str],
    llm: Llm | None = None,
    budget_s: float | None = None,
) -> Rewrite:
    """Return the standalone question and filters for the conversation's last user message.

    Refuses (QuestionRejected) a conversation that does not end with a user message.
    """
    turns = user_turns(messages)
    last, followup = replay_turns(turns, filters, organs)
    if not followup:
        return Rewrite(turns[-1], turns[-1], last.filters)
    if llm is None:
        return Rewrite(last.question, turns[-1], last.filters, "rules")
    try:
        question = llm_rewrite(messages, detect_language(turns[-1]), llm, budget_s)
    except LlmError as exc:
        return Rewrite(last.question, turns[-1], last.filters, "rules", str(exc))
    return Rewrite(
        question or last.question, turns[-1], last.filters, "llm" if question else "rules"
    )


def llm_rewrite(messages: list[Message], lang: str, llm: Llm, budget_s: float | None) -> str:
    """Return the LLM's standalone version of the last message ("" if unusable).

    Raises `LlmError`/`LlmTimeout` when the LLM fails.
    """
    history = "\n".join(
        _history_line(m, lang) for m in messages[:-1][-_HISTORY_TURNS:] if m.role != "system"
    )
    prompt = render_prompt(
        "followup_user", lang, history=history, message=messages[-1].content.strip()
    )
    reply = llm.chat(
        [Message("system", render_prompt("followup_system", lang)), Message("user", prompt)],
        budget_s,
    )
    return clean_rewrite(reply)


def _history_line(message: Message, lang: str) -> str:
    who = {"user": ("Användare", "User"), "assistant": ("Assistent", "Assistant")}[message.role]
    text = re.split(r"\n\s*(?:Källor|Sources)\s*:", message.content)[0]
    return f"{who[0] if lang == 'sv' else who[1]}: {' '.join(text.split())[:400]}"


def clean_rewrite(reply: str) -> str:
    """Return the first line of a rewrite reply without labels, quotes, Markdown, a think
    block or chat-template tokens; "" if too long."""
    lines = [line.strip() for line in tidy_text(clean_reply(reply)).splitlines() if line.strip()]
    if not lines:
        return ""
    line = re.sub(
        r"^(?:fristående fråga|standalone question|fråga|question)\s*:\s*", "", lines[0], flags=re.I
    )
    line = line.strip().strip("\"'”“«»").strip()
    return line if 0 < len(line) <= 500 else ""
