"""The default, offline answerer: cited quotes from the retrieved documents, no LLM.

`answer_question` detects the question's language, decides whether it asks for a fact, a
vote or a list of organs, retrieves, and composes an answer from the best supporting
sentences, each with a numbered citation. When nothing retrieved supports an answer it
says so plainly and cites nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from assistant.answer.aggregate import (
    collect_evidence,
    compose_aggregate,
    motion_note,
    motion_of,
)
from assistant.answer.extractive import (
    CitationBook,
    Composed,
    Passage,
    Scored,
    build_passages,
    compose_fact,
    rank_sentences,
)
from assistant.answer.features import question_view
from assistant.answer.intent import Intent, classify_question
from assistant.answer.language import detect_language, glossary_units
from assistant.answer.listed import compose_listed, listed_organs
from assistant.answer.meeting import asked_field, compose_meeting
from assistant.answer.phrases import no_support
from assistant.answer.scorer import load_scorer
from assistant.answer.support import Query, build_query
from assistant.answer.vectors import vectors_of
from assistant.answer.votes import asked_act, compose_vote
from assistant.models import Answer
from assistant.settings import AnswerSettings
from index.lexical import LexicalIndex
from index.models import Filters, Hit, Section
from index.retriever import Retriever

__all__ = [
    "answer_question",
    "fact_depth",
    "question_query",
    "search_query",
    "section_reader",
]

# Hits a vote question searches: the § that records the vote is often not the best match
# for the topic words, which its motion or programme sections repeat.
VOTE_DEPTH = 40


def answer_question(
    question: str,
    retriever: Retriever,
    settings: AnswerSettings,
    filters: Filters | None = None,
    top_k: int | None = None,
) -> Answer:
    """Return a cited answer to `question` from the documents `retriever` searches.

    Fills `Answer.timings` with seconds spent in "embed", "retrieve" and "compose". An
    answer with no support has `supported=False`, no citations and the plain reply of the
    question's language. `top_k` (default `settings.top_k`) caps the sources of a fact
    answer; aggregate questions search `settings.aggregate_depth` hits instead.
    """
    lang = detect_language(question)
    intent = classify_question(question, lang)
    sources = top_k or settings.top_k
    depth = settings.aggregate_depth if intent.kind == "aggregate" else fact_depth(sources)
    if intent.kind != "aggregate" and asked_act(question):
        depth = max(depth, VOTE_DEPTH)
    timings: dict[str, float] = {"embed": 0.0, "retrieve": 0.0}
    hits = retriever.search(search_query(question, lang), depth, filters, timings)
    started = time.perf_counter()
    composed = _compose(question, lang, intent, hits, retriever, settings, sources)
    timings["compose"] = time.perf_counter() - started
    if composed is None:
        return Answer(question, no_support(lang), lang, [], False, intent.kind, timings)
    return Answer(question, composed.text, lang, composed.citations, True, intent.kind, timings)


def fact_depth(sources: int) -> int:
    """Return how many hits a fact answer reads for an answer citing up to `sources`."""
    return max(3 * sources, 12)


def search_query(question: str, lang: str) -> str:
    """Return the text to search with: an English question gets its Swedish glossary words added."""
    if lang != "en":
        return question
    swedish = [alt for _, alts in glossary_units(question) if alts for alt in alts]
    return " ".join([question, *dict.fromkeys(swedish)])


def question_query(question_topic: str, lang: str, intent: Intent, lexical: LexicalIndex) -> Query:
    """Return the units of the question's topic, weighted by how rare they are in `lexical`."""
    cache: dict[str, int] = {}

    def doc_freq(word: str) -> int:
        if word not in cache:
            cache[word] = int(np.count_nonzero(lexical.scores(word)))
        return cache[word]

    return build_query(
        question_topic, lang, lexical.analyzer, doc_freq, len(lexical), drop=intent.frame
    )


def _compose(
    question: str,
    lang: str,
    intent: Intent,
    hits: list[Hit],
    retriever: Retriever,
    settings: AnswerSettings,
    sources: int,
) -> Composed | None:
    if not hits:
        return None
    query = question_query(intent.topic or question, lang, intent, retriever.kb.lexical)
    if not query.units:
        return None
    sections_of = section_reader(retriever)
    passages = build_passages(hits, retriever.kb.lexical.analyzer, sections_of)
    book = CitationBook(retriever.kb.catalog.paths_of)
    if asked_act(intent.topic or question) and intent.group in (None, "party"):
        fetch = _section_fetcher(retriever, sections_of)
        composed = compose_vote(passages, query, intent, lang, settings.min_support, book, fetch)
        if composed is not None:
            return composed
    field = asked_field(question) if intent.kind != "aggregate" else None
    if field is not None:
        composed = compose_meeting(passages[: fact_depth(sources)], question, field, lang, book)
        if composed is not None:
            return composed
    if intent.kind == "aggregate":
        evidence = collect_evidence(passages, query, intent, settings.min_support, lang)
        listing = listed_organs(
            question, passages, query, intent, settings.min_support, len(evidence)
        )
        if listing is not None:
            return compose_listed(listing, intent, lang, book)
        return compose_aggregate(evidence, intent, lang, book)
    passages = passages[: fact_depth(sources)]  # only the vote record is looked for deeper
    scorer = load_scorer()
    vectors = vectors_of(retriever.kb.embedder)
    ranked = rank_sentences(passages, question_view(query, intent), scorer, question, vectors)

    def note_of(quote: Scored) -> str:
        return motion_note(motion_of(quote.passage, quote.sentence), lang)

    return compose_fact(ranked, lang, scorer.threshold, sources, book, note_of)


def _section_fetcher(
    retriever: Retriever, sections_of: Callable[[str], list[Section]]
) -> Callable[[Passage], list[Passage]]:
    """Return a function giving the passages of every chunk of a passage's section."""

    def fetch(passage: Passage) -> list[Passage]:
        chunk = passage.hit.chunk
        chunks = retriever.kb.catalog.section_chunks(chunk.doc_id, chunk.section)
        hits = [Hit(c, passage.hit.score) for c in chunks]
        return build_passages(hits, retriever.kb.lexical.analyzer, sections_of)

    return fetch


def section_reader(retriever: Retriever) -> Callable[[str], list[Section]]:
    """Return a function giving a document's sections, reading each document once."""
    cache: dict[str, list[Section]] = {}

    def sections_of(doc_id: str) -> list[Section]:
        if doc_id not in cache:
            cache[doc_id] = retriever.kb.catalog.sections(doc_id)
        return cache[doc_id]

    return sections_of
