"""The fact kind: any question is answered with the quoted sentences the learned scorer
rates best (see `extractive.rank_sentences`); it is tried last, after the kinds that
recognise a more specific question."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answer.aggregate import motion_note, motion_of
from assistant.answer.extractive import Composed, Scored, compose_fact, rank_sentences
from assistant.answer.features import question_view
from assistant.answer.intent import Intent
from assistant.answer.kinds import Context, Kind, fact_depth
from assistant.answer.scorer import load_scorer
from assistant.answer.vectors import vectors_of
from index.catalog import Catalog
from index.models import Hit, Section


def compose(context: Context) -> Composed | None:
    """Return the quoted answer from the first `fact_depth` passages, or None when no
    sentence reaches the scorer's threshold.

    Inside the one matter a conversation is about (`Context.in_matter`), a question asking
    for a typed value ("Hur länge gäller det?" after an answer citing § 113) is answered by
    the best sentence of that matter holding a value of the type: the user's "det" names
    the matter, so its words need not be in the sentence, and a matter without such a value
    still refuses (the type gate). The scorer's threshold, calibrated on questions searched
    over whole corpora, is not applied there."""
    c = context
    scorer = load_scorer()
    vectors = vectors_of(c.retriever.kb.embedder)
    passages = c.passages[: fact_depth(c.sources)]  # only the vote record is looked for deeper
    view = question_view(c.query, c.intent, c.lang)
    ranked = rank_sentences(passages, view, scorer, c.question, vectors)

    def note_of(quote: Scored) -> str:
        return motion_note(motion_of(quote.passage, quote.sentence), c.lang)

    ranked = motion_fate_first(ranked, c.intent)
    typed_in_matter = c.in_matter and c.intent.answer_type is not None
    threshold = 0.0 if typed_in_matter else scorer.threshold
    decision = c.intent.answer_type == "decision"
    return compose_fact(ranked, c.lang, threshold, c.sources, c.book, note_of, decision)


# What becomes of a motion: "Den av … väckta motionen anses (i övrigt) besvarad", "Motionen
# avslås", "Att anse motion av … besvarad", "bifalla motionen".
_MOTION_FATE = re.compile(
    r"\bmotion\w*\b[^.]{0,240}?\b(?:bifall\w*|avslå\w*|avslag|besvarad|återremitt\w*"
    r"|bordl\w*|avstyrk\w*|tillstyrk\w*|anses\s+(?:\w+\s+){0,2}fullgjord|ta\s+ställning)"
    r"|\b(?:bifalla|avslå|avstyrka|tillstyrka|anse)\b[^.]{0,40}?\bmotion",
    re.I,
)
# What a member moves for a motion is no fate of it: "Jan Berg (M) yrkar att motionen ska
# avslås", "yrkandet från Axel Darvik (L) om att motionen ska tillstyrkas".
_MOVED_FATE = re.compile(r"\byrka\w*\b[^.]*?\bmotion\w*\s+ska(?:ll)?\s+(?:\w+\s+)?\w+", re.I)
_ASKS_MOTION = re.compile(r"\bmotion\w*", re.I)
# The share of the best score at which a sentence on the motion's fate from another section
# goes first (the same section's always does).
FATE_SHARE = 0.75


def motion_fate_first(ranked: list[Scored], intent: Intent) -> list[Scored]:
    """Return `ranked` with, for a question of what was decided on a motion, the best sentence
    saying what becomes of a motion (`_MOTION_FATE`) first when it stands in the same section
    (§) as the best sentence or scores `FATE_SHARE` of it: a decision on a motion may hold
    several points ("1. Kommunstyrelsen får i uppdrag att utreda … 3. Den av … väckta
    motionen anses i övrigt besvarad"), and the point on the motion is what the question
    asks."""
    if (
        not ranked
        or intent.answer_type != "decision"
        or not _ASKS_MOTION.search(intent.topic)
        or _MOTION_FATE.search(ranked[0].sentence.text)
    ):
        return ranked
    best = ranked[0].passage.hit.chunk
    for i, other in enumerate(ranked[1:], start=1):
        chunk = other.passage.hit.chunk
        same = (chunk.doc_id, chunk.section) == (best.doc_id, best.section)
        near = other.score >= FATE_SHARE * ranked[0].score
        if (same or near) and _MOTION_FATE.search(_MOVED_FATE.sub(" ", other.sentence.text)):
            promoted = replace(other, support=ranked[0].support, score=ranked[0].score)
            return [promoted, *ranked[:i], *ranked[i + 1 :]]
    return ranked


# The lead-in of a preparing organ's proposal to the council ("Kommunstyrelsen föreslår att
# kommunfullmäktige beslutar:"), which opens a handling (the papers of a matter before the
# council): 411 of the 458 Göteborg handlingar open so.
PROPOSAL = re.compile(
    r"\bföreslår\s+(?:att\s+)?(?:kommun|region)?fullmäktige\s+(?:att\s+)?besluta", re.I
)
# The documents of the best hits whose proposal is added, and how far into a section its
# lead-in may stand.
PROPOSAL_DOCUMENTS, PROPOSAL_REACH = 5, 800


def with_proposals(
    hits: list[Hit],
    question: str,
    catalog: Catalog,
    sections_of: Callable[[str], list[Section]],
) -> list[Hit]:
    """Return `hits` with, after the first hit of each of the best `PROPOSAL_DOCUMENTS`
    documents, the opening chunk of that document's proposal section (`PROPOSAL`) when no hit
    holds it and the question names the proposing organ or the council.

    A handling opens with the preparing organ's proposal for the council's decision: every
    part of it is about that one matter, so a question of what the organ proposes, or the
    council decided, on the matter is answered there, though its words ("Den av Pär
    Gustafsson väckta motionen bifalles") share little with the question. The added hit
    takes the score and ranks of the hit it follows.
    """
    held = {(h.chunk.doc_id, h.chunk.section) for h in hits}
    asked = question.casefold()
    out: list[Hit] = []
    documents: set[str] = set()
    for hit in hits:
        out.append(hit)
        doc = hit.chunk.doc_id
        if doc in documents or len(documents) >= PROPOSAL_DOCUMENTS:
            continue
        documents.add(doc)
        for number, section in enumerate(sections_of(doc)):
            if not PROPOSAL.search(section.text[:PROPOSAL_REACH]):
                continue
            organ = (section.meta.organ or "").casefold()
            named = "fullmäktige" in asked or (organ and organ.rstrip("n") in asked)
            if (doc, number) not in held and named:
                chunks = catalog.section_chunks(doc, number)  # read only when added
                out.extend(Hit(chunk, hit.score, dict(hit.ranks)) for chunk in chunks[:1])
            break
    return out


FACT = Kind(
    "fact",
    recognise=lambda question, intent: True,
    depth=lambda settings, sources: fact_depth(sources),
    compose=compose,
    final=True,
)
