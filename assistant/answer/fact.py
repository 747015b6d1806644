"""The fact kind: any question is answered with the quoted sentences the learned scorer
rates best (see `extractive.rank_sentences`); it is tried last, after the kinds that
recognise a more specific question."""

from __future__ import annotations

from assistant.answer.aggregate import motion_note, motion_of
from assistant.answer.extractive import Composed, Scored, compose_fact, rank_sentences
from assistant.answer.features import question_view
from assistant.answer.kinds import Context, Kind, fact_depth
from assistant.answer.scorer import load_scorer
from assistant.answer.vectors import vectors_of


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

    typed_in_matter = c.in_matter and c.intent.answer_type is not None
    threshold = 0.0 if typed_in_matter else scorer.threshold
    return compose_fact(ranked, c.lang, threshold, c.sources, c.book, note_of)


FACT = Kind(
    "fact",
    recognise=lambda question, intent: True,
    depth=lambda settings, sources: fact_depth(sources),
    compose=compose,
    final=True,
)
