"""Generative answers: an LLM writes from numbered sources, and every sentence is checked.

The extractive answer is always composed first. It decides whether the documents answer
the question at all (if not, no LLM is asked), its citations become sources 1..m (so a
fallback keeps every number valid), and it is the answer whenever the LLM fails, times
out or writes too little that survives verification. A fact question's sources are
topped up to `top_k` with further passages of the cited documents; an aggregate
question ("Vilka nämnder…") passes the extractive evidence grouped by organ and requires
every organ to be named, and an organ the model leaves out gets its extractive line
appended.

`stream_answer` yields `sources`, then `delta`s, then `done`. Each sentence is released
only after it passed verification, so streamed text is never withdrawn; if nothing passes
the extractive text is streamed instead. `generate_answer` returns the same answer whole,
with one difference: it falls back when less than `min_supported_share` of the checked
sentences pass, which a stream can no longer do once it has released a sentence.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.answer import answer_question, search_query
from assistant.answer.intent import classify_question
from assistant.answer.tidy import ReplyReader
from assistant.answer.verify import (
    AnswerFilter,
    Unit,
    Verification,
    Verifier,
    cited_numbers,
    join_units,
    needs_fallback,
    split_units,
)
from assistant.llm import Llm, LlmError, Message
from assistant.models import Answer, Citation
from assistant.settings import Settings
from index.models import Filters, Hit
from index.retriever import Retriever
from prompts import render_prompt

log = logging.getLogger("kommunrag.generative")

_TAG = re.compile(r"</?\s*source\b[^>]*>|<\|[^|>]{1,40}\|>", re.IGNORECASE)


@dataclass
class Source:
    """Source `[n]` as the model sees it: its citation and the chunk's text."""

    n: int
    citation: Citation
    text: str

    def attributes(self) -> dict[str, str]:
        c = self.citation
        pairs = {
            "organ": c.organ,
            "municipality": c.municipality,
            "date": c.date,
            "section": c.section,
            "dnr": c.dnr,
            "document": f"{c.file}, s. {c.page}",
        }
        return {k: v for k, v in pairs.items() if v}

    def verify_text(self) -> str:
        """Return what a sentence citing this source may rest on: metadata and text."""
        return " ".join([self.citation.label, *self.attributes().values(), self.text])


@dataclass
class StreamEvent:
    """One server-sent event: `sources`, `delta`, `done` or `error`."""

    event: str
    data: dict[str, Any]
    answer: Answer | None = None


@dataclass
class _Run:
    """What one generative answer needs while it is being written and checked."""

    base: Answer
    sources: list[Source]
    verifier: Verifier
    aggregate: bool
    started: float = field(default_factory=time.perf_counter)


def clean_document_text(text: str) -> str:
    """Return document text safe to put between <source> tags: no tags, no chat tokens."""
    return _TAG.sub(" ", text)


def render_sources(sources: list[Source], grouped: bool) -> str:
    """Return the numbered sources as tagged blocks, under "### organ" headings if grouped."""
    blocks: list[str] = []
    last_organ: str | None = None
    for s in sources:
        organ = s.citation.organ or "?"
        if grouped and organ != last_organ:
            blocks.append(f"### {organ}")
            last_organ = organ
        attrs = "".join(f' {k}="{v.replace(chr(34), chr(39))}"' for k, v in s.attributes().items())
        blocks.append(
            f'<source id="{s.n}"{attrs}>\n{clean_document_text(s.text).strip()}\n</source>'
        )
    return "\n\n".join(blocks)


def build_messages(
    question: str, lang: str, sources: list[Source], aggregate: bool
) -> list[Message]:
    """Return the system and user messages for an answer (aggregate prompts group by organ)."""
    if aggregate:
        organs = ", ".join(dict.fromkeys(s.citation.organ for s in sources if s.citation.organ))
        user = render_prompt(
            "aggregate_user",
            lang,
            question=question,
            sources=render_sources(sources, True),
            organs=organs,
        )
        return [Message("system", render_prompt("aggregate_system", lang)), Message("user", user)]
    user = render_prompt(
        "answer_user", lang, question=question, sources=render_sources(sources, False)
    )
    return [Message("system", render_prompt("answer_system", lang)), Message("user", user)]


def build_sources(
    base: Answer, retriever: Retriever, filters: Filters | None, top_k: int, aggregate: bool
) -> list[Source]:
    """Return the sources: the extractive citations as 1..m, then, for a fact question,
    further passages of the documents already cited, up to `top_k`.

    Other documents are not added: what the extractive composer found no support in
    would only give the model more to misread (or, in a hostile file, more to obey).
    A citation whose chunk is gone from the index is skipped.
    """
    sources: list[Source] = []
    for citation in base.citations:
        chunk = retriever.chunk(citation.chunk_id)
        if chunk is not None:
            sources.append(Source(citation.n, citation, chunk.text))
    if aggregate or len(sources) >= top_k:
        return sources
    seen = {s.citation.chunk_id for s in sources}
    documents = {s.citation.doc_id for s in sources}
    for hit in retriever.search(search_query(base.question, base.lang), 3 * top_k, filters):
        if len(sources) >= top_k:
            break
        if hit.chunk.id not in seen and hit.chunk.doc_id in documents:
            sources.append(_source_of_hit(len(sources) + 1, hit, retriever))
            seen.add(hit.chunk.id)
    return sources


def _source_of_hit(n: int, hit: Hit, retriever: Retriever) -> Source:
    snippet = " ".join(hit.chunk.text.split())[:300]
    citation = Citation.from_hit(n, hit, snippet, retriever.kb.catalog.paths_of(hit.chunk.doc_id))
    return Source(n, citation, hit.chunk.text)


def _start(
    question: str,
    retriever: Retriever,
    settings: Settings,
    filters: Filters | None,
    top_k: int | None,
) -> _Run | Answer:
    """Return the extractive answer when no LLM is needed, else what a generative run needs."""
    base = answer_question(question, retriever, settings.answer, filters, top_k)
    if not base.supported or not base.citations:
        return base
    group = classify_question(question, base.lang).group
    aggregate = base.kind == "aggregate" and group in ("organ", "company", "any")
    sources = build_sources(base, retriever, filters, top_k or settings.answer.top_k, aggregate)
    texts = {s.n: s.verify_text() for s in sources}
    verifier = Verifier(
        texts, retriever.kb.embedder, settings.llm, retriever.kb.lexical.analyzer, base.lang
    )
    return _Run(base, sources, verifier, aggregate)


def generate_answer(
    question: str,
    retriever: Retriever,
    settings: Settings,
    llm: Llm,
    filters: Filters | None = None,
    top_k: int | None = None,
    budget_s: float | None = None,
) -> Answer:
    """Return an LLM-written, verified answer.

    Returns the extractive answer instead, marked `degraded`, when the LLM fails or runs
    out of time (`budget_s`, default its own timeout), and, with `verification.fallback`,
    when less than `llm.min_supported_share` of the checked sentences pass.
    """
    run = _start(question, retriever, settings, filters, top_k)
    if isinstance(run, Answer):
        return run
    messages = build_messages(question, run.base.lang, run.sources, run.aggregate)
    try:
        raw = llm.chat(messages, budget_s)
    except LlmError as exc:
        return degraded(run.base, str(exc), time.perf_counter() - run.started)
    timings = {"llm": time.perf_counter() - run.started}
    started = time.perf_counter()
    checked, reader = AnswerFilter(run.verifier), ReplyReader()
    for unit in reader.feed(raw) + reader.finish():
        checked.offer(unit)
    checked.verification.stopped = reader.stopped
    kept = checked.kept
    timings["verify"] = time.perf_counter() - started
    if needs_fallback(checked.verification, settings.llm.min_supported_share):
        return _fallback(run.base, checked.verification, timings)
    kept += _missing_organ_lines(run, kept)
    return _final(run, join_units(kept), checked.verification, timings)


def stream_answer(
    question: str,
    retriever: Retriever,
    settings: Settings,
    llm: Llm | None,
    filters: Filters | None = None,
    top_k: int | None = None,
    budget_s: float | None = None,
) -> Iterator[StreamEvent]:
    """Yield `sources`, `delta`… and `done` for `question`.

    With no LLM (or when the documents do not answer), the extractive answer is streamed
    line by line. If the LLM fails before any sentence passed, the extractive answer
    follows the sources, marked degraded; if it fails later, the verified part is kept
    and marked degraded.
    """
    run = _start(question, retriever, settings, filters, top_k) if llm is not None else None
    if llm is None or not isinstance(run, _Run):
        if not isinstance(run, Answer):
            run = answer_question(question, retriever, settings.answer, filters, top_k)
        yield from replay(run)
        return
    yield StreamEvent("sources", {"citations": [s.citation.to_dict() for s in run.sources]})
    yield from _stream_generated(run, llm, question, budget_s)


def _stream_generated(
    run: _Run, llm: Llm, question: str, budget_s: float | None
) -> Iterator[StreamEvent]:
    checked, reader = AnswerFilter(run.verifier), ReplyReader()
    messages = build_messages(question, run.base.lang, run.sources, run.aggregate)
    timings: dict[str, float] = {}
    failure = None
    try:
        with contextlib.closing(llm.stream(messages, budget_s)) as pieces:
            for piece in pieces:
                timings.setdefault("first_token", time.perf_counter() - run.started)
                yield from _offer(reader.feed(piece), checked)
                if reader.stopped:
                    break  # closing the stream ends the request to the server
    except LlmError as exc:
        failure = str(exc)
    yield from _offer(reader.finish(), checked)  # after a failure, what came may be whole
    checked.verification.stopped = reader.stopped
    timings["llm"] = time.perf_counter() - run.started
    if not checked.kept:
        if failure:
            yield from replay(degraded(run.base, failure, timings["llm"]), sources=False)
        else:
            yield from replay(_fallback(run.base, checked.verification, timings), sources=False)
        return
    extra = _missing_organ_lines(run, checked.kept)
    for unit in extra:
        yield _delta(unit, first=False)
    answer = _final(run, join_units(checked.kept + extra), checked.verification, timings)
    if failure:
        reason = f"the LLM stopped after {len(checked.kept)} sentences: {failure}"
        log.warning("%s", reason)
        answer = dataclasses.replace(answer, degraded=True, degraded_reason=reason)
    yield _done(answer)


def _offer(units: list[Unit], checked: AnswerFilter) -> Iterator[StreamEvent]:
    """Check units as they complete; yield a delta for each one that may be shown."""
    for unit in units:
        for shown in checked.offer(unit):
            yield _delta(shown, first=shown is checked.kept[0])


def _delta(unit: Unit, first: bool) -> StreamEvent:
    return StreamEvent("delta", {"text": unit.text if first else unit.sep + unit.text})


def _done(answer: Answer) -> StreamEvent:
    return StreamEvent("done", answer.to_dict(), answer)


def replay(answer: Answer, sources: bool = True) -> Iterator[StreamEvent]:
    """Yield a finished answer as events: its citations, its lines as deltas, then done."""
    if sources:
        yield StreamEvent("sources", {"citations": [c.to_dict() for c in answer.citations]})
    for i, unit in enumerate(split_units(answer.text)):
        yield _delta(unit, first=i == 0)
    yield _done(answer)


def _missing_organ_lines(run: _Run, kept: list[Unit]) -> list[Unit]:
    """Return the extractive lines of the organs an aggregate answer left out."""
    if not run.aggregate:
        return []
    text = "\n".join(u.text for u in kept).casefold()
    cited = set(cited_numbers(text))
    lines = run.base.text.splitlines()
    missing: list[Unit] = []
    for organ in dict.fromkeys(c.organ for c in run.base.citations if c.organ):
        numbers = {c.n for c in run.base.citations if c.organ == organ}
        if organ.casefold() in text and numbers & cited:
            continue
        for line in lines:
            if set(cited_numbers(line)) & numbers:
                missing.append(Unit(line, "\n"))
                break
    return missing


def degraded(base: Answer, reason: str, llm_s: float = 0.0) -> Answer:
    """Return the extractive answer marked degraded, with why the LLM could not be used."""
    log.warning("LLM unavailable, answering extractively: %s", reason)
    timings = {**base.timings, "llm": llm_s}
    return dataclasses.replace(base, degraded=True, degraded_reason=reason, timings=timings)


def _fallback(base: Answer, verification: Verification, timings: dict[str, float]) -> Answer:
    verification.fallback = True
    log.info(
        "generated answer failed verification (%d of %d unsupported); answering extractively",
        verification.unsupported,
        verification.checked,
    )
    return dataclasses.replace(
        base, verification=verification.to_dict(), timings={**base.timings, **timings}
    )


def _final(run: _Run, text: str, verification: Verification, timings: dict[str, float]) -> Answer:
    cited = set(cited_numbers(text))
    citations = [s.citation for s in run.sources if s.n in cited]
    return dataclasses.replace(
        run.base,
        text=text,
        citations=citations,
        verification=verification.to_dict(),
        timings={**run.base.timings, **timings},
    )
