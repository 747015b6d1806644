"""The default, offline answerer: cited quotes from the retrieved documents, no LLM.

`answer_question` detects the question's language, decides whether it asks for a fact, a
vote or a list of organs, retrieves, and composes an answer from the best supporting
sentences, each with a numbered citation. When nothing retrieved supports an answer it
says so plainly and cites nothing.
"""

from __future__ import annotations

import time

import numpy as np

from assistant.answer.extractive import CitationBook, Composed, build_passages
from assistant.answer.fact import with_proposals
from assistant.answer.intent import Intent, classify_question
from assistant.answer.kinds import Context, DocumentReader, Kind, fact_depth
from assistant.answer.language import detect_language, glossary_units
from assistant.answer.meeting import in_named_meeting
from assistant.answer.phrases import no_support
from assistant.answer.registry import REGISTRY
from assistant.answer.support import Query, build_query, unverified_as_unknown
from assistant.models import Answer
from assistant.settings import AnswerSettings
from index.lexical import LexicalIndex
from index.models import Filters, Hit
from index.retriever import Retriever

__all__ = [
    "answer_question",
    "fact_depth",
    "question_query",
    "search_query",
    "DocumentReader",
]


def answer_question(
    question: str,
    retriever: Retriever,
    settings: AnswerSettings,
    filters: Filters | None = None,
    top_k: int | None = None,
    in_matter: bool = False,
) -> Answer:
    """Return a cited answer to `question` from the documents `retriever` searches.

    Fills `Answer.timings` with seconds spent in "embed", "retrieve" and "compose". An
    answer with no support has `supported=False`, no citations and the plain reply of the
    question's language. `top_k` (default `settings.top_k`) caps the sources of a fact
    answer; aggregate questions search `settings.aggregate_depth` hits instead.
    `in_matter` says that `filters` hold the one matter (Dnr) a conversation is about, so
    that a follow-up asking for a typed value is answered by the best sentence of that
    matter holding it (see `fact.compose`).
    """
    lang = detect_language(question)
    intent = classify_question(question, lang)
    sources = top_k or settings.top_k
    kinds = [kind for kind in REGISTRY if kind.recognise(question, intent)]
    depth = max(kind.depth(settings, sources) for kind in kinds)
    timings: dict[str, float] = {"embed": 0.0, "retrieve": 0.0}
    hits = retriever.search(search_query(question, lang), depth, filters, timings)
    started = time.perf_counter()
    composed = _compose(
        question, lang, intent, kinds, hits, retriever, settings, sources, in_matter
    )
    timings["compose"] = time.perf_counter() - started
    if composed is None:
        return Answer(question, no_support(lang), lang, [], False, intent.kind, timings)
    return Answer(question, composed.text, lang, composed.citations, True, intent.kind, timings)


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
        question_topic,
        lang,
        lexical.analyzer,
        doc_freq,
        len(lexical),
        drop=intent.frame,
        holds_word=lexical.holds_word,
    )


def _compose(
    question: str,
    lang: str,
    intent: Intent,
    kinds: list[Kind],
    hits: list[Hit],
    retriever: Retriever,
    settings: AnswerSettings,
    sources: int,
    in_matter: bool = False,
) -> Composed | None:
    """Return the first answer a recognised kind composes, in registry order; a final kind's
    refusal stands."""
    if not hits:
        return None
    query = question_query(intent.topic or question, lang, intent, retriever.kb.lexical)
    if not query.units:
        return None
    documents = DocumentReader(retriever.kb.catalog)
    if intent.kind == "fact" and intent.answer_type == "decision":
        hits = with_proposals(hits, question, retriever.kb.catalog, documents.sections)
    passages = build_passages(
        hits, retriever.kb.lexical.analyzer, documents.sections, documents.title
    )
    passages = in_named_meeting(passages, question)
    if lang == "en":
        query = unverified_as_unknown(query, (p.context_terms for p in passages))
    book = CitationBook(retriever.kb.catalog.paths_of)
    context = Context(
        question,
        lang,
        intent,
        query,
        passages,
        retriever,
        settings,
        sources,
        book,
        documents,
        in_matter,
    )
    for kind in kinds:
        composed = kind.compose(context)
        if composed is not None or kind.final:
            return composed
    return None
