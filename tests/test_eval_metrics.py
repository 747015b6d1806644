"""Eval metrics on hand-made cases whose values are worked out by hand."""

from __future__ import annotations

import math

import pytest

from evals.dataset import Question
from evals.metrics import (
    aggregate,
    breakdown,
    citation_verdicts,
    citing_sentences,
    evidence_ranking,
    organ_precision,
    organ_recall,
    question_metrics,
    retrieval_scores,
    supports,
)

SNIPPETS = ["alfa beta gamma", "delta epsilon"]
CHUNKS = [
    "inget här",
    "text före Alfa  beta\ngamma och efter",
    "en kopia: alfa beta gamma",
    "delta epsilon och alfa beta gamma",
]


def _question(**fields) -> Question:
    base = {
        "id": "q1",
        "lang": "sv",
        "kind": "fact",
        "question": "Vad?",
        "answerable": True,
        "answers": ["69 000"],
        "organs": [],
        "sources": ["alfa beta gamma delta"],
    }
    return Question.model_validate(base | fields)


def test_evidence_ranking_counts_each_snippet_once_at_its_first_chunk():
    assert evidence_ranking(SNIPPETS, CHUNKS) == ["miss:1", "gold:0", "miss:3", "gold:1"]


def test_two_new_snippets_in_one_chunk_are_two_consecutive_hits():
    assert evidence_ranking(SNIPPETS, ["x", CHUNKS[3]]) == ["miss:1", "gold:0", "gold:1"]


def test_recall_at_k_counts_chunks_not_evidence_items():
    # The first chunk holds both snippets: recall@1 is 1, although it stands for two items.
    scores = retrieval_scores({"q": SNIPPETS}, {"q": [CHUNKS[3], "x"]}, ks=(1,))
    assert scores["q"]["recall@1"] == 1.0
    assert scores["q"]["mrr@10"] == 1.0 and scores["q"]["ndcg@10"] == pytest.approx(1.0)


def test_retrieval_scores_by_hand():
    scores = retrieval_scores(
        {"q1": SNIPPETS, "q2": ["finns inte"], "u": []},
        {"q1": CHUNKS, "q2": []},
        ks=(1, 2, 4),
    )
    assert set(scores) == {"q1", "q2"}  # no snippets, no retrieval figures
    q1 = scores["q1"]
    assert q1["recall@1"] == 0.0
    assert q1["recall@2"] == pytest.approx(0.5)
    assert q1["recall@4"] == pytest.approx(1.0)
    assert q1["mrr@10"] == pytest.approx(0.5)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert q1["ndcg@10"] == pytest.approx(dcg / ideal)
    assert scores["q2"] == {
        "mrr@10": 0.0,
        "ndcg@10": 0.0,
        "recall@1": 0.0,
        "recall@2": 0.0,
        "recall@4": 0.0,
    }


def test_organ_recall_and_precision():
    assert (
        organ_recall(["Kulturnämnden", "Äldrenämnden"], "Kulturnämnden [1] och Idrottsnämnden")
        == 0.5
    )
    assert organ_recall([], "vad som helst") is None
    # definite and indefinite forms name the same organ
    assert organ_recall(["Socialnämnd Centrum"], "socialnämnden Centrum [2]") == 1.0


def test_organ_precision_counts_the_known_organs_the_answer_names():
    vocabulary = ["Kommunfullmäktige", "Kulturnämnden", "Idrottsnämnden", "Äldrenämnden"]
    gold = ["Kulturnämnden", "Socialnämnd Sydväst"]
    question = "Vilka nämnder yttrade sig över förslaget från Äldrenämnden?"
    # named: Kommunfullmäktige (not gold), Kulturnämnden, socialnämnden Sydväst (gold);
    # Äldrenämnden is named by the question too, so it does not count
    answer = (
        "- Kommunfullmäktige: ”Kulturnämnden och socialnämnden Sydväst yttrade sig över "
        "förslaget från Äldrenämnden.” [1]"
    )
    assert organ_precision(gold, answer, question, vocabulary) == pytest.approx(2 / 3)
    assert organ_precision(gold, "- Kulturnämnden [1]", question, vocabulary) == 1.0
    # a longer name holding a shorter one counts once, as the longer
    long = ["Göteborgs Stads idrotts- och föreningsnämnd", "Idrotts- och föreningsnämnden"]
    assert organ_precision(long[1:], f"{long[0]} [1]", "Vilka nämnder?", long) == 1.0
    assert organ_precision(gold, "Inget organ här.", question, vocabulary) is None
    assert organ_precision([], answer, question, vocabulary) is None


def test_party_letters_match_as_whole_words_only():
    assert organ_recall(["M", "L"], "Yrkande från M och KD [1]") == 0.5


def test_support_needs_most_content_words_of_the_sentence():
    snippet = "Arboga kommuns kostnad är 69 000 kronor per år"
    # content words: avgiften, 69, 000, kronor -> 3 of 4 in the snippet
    assert supports("Avgiften är 69 000 kronor per år [1].", snippet)
    # content words: beslutet, togs, mars -> none in the snippet
    assert not supports("Beslutet togs i mars [1].", snippet)
    assert not supports("Ja [1].", snippet)


def test_citing_sentences_keep_a_marker_after_the_full_stop():
    text = "Avgiften är 69 000 kronor. [1] Beslutet togs i mars [2] [3].\nMer text [1]"
    assert citing_sentences(text, 1) == ["Avgiften är 69 000 kronor. [1]", "Mer text [1]"]
    assert citing_sentences(text, 3) == ["Beslutet togs i mars [2] [3]."]


def test_citation_verdicts_gold_chunk_or_supported_sentence():
    text = "Avgiften är 69 000 kronor per år [1]. Beslutet togs i mars [2]."
    citations = [
        {"n": 1, "snippet": "Arboga kommuns kostnad är 69 000 kronor per år", "chunk_text": "x"},
        {"n": 2, "snippet": "något helt annat", "chunk_text": "… alfa beta gamma delta …"},
        {"n": 3, "snippet": "Avgiften är 69 000 kronor", "chunk_text": "y"},  # cited nowhere
    ]
    assert citation_verdicts(text, citations, ["Alfa beta  gamma delta"]) == [True, True, False]
    # only the second chunk holds the gold snippet: the stricter gold share counts just it
    q = _question(sources=["Alfa beta  gamma delta"])
    assert question_metrics(q, text, False, citations)["citations_gold"] == 1
    u = _question(kind="unanswerable", answerable=False, answers=[], sources=[])
    assert question_metrics(u, text, False, citations)["citations_gold"] is None


def test_question_metrics_for_answered_refused_and_unanswerable():
    q = _question()
    hit = question_metrics(q, "Det kostar 69\u00a0000 kronor.", False, [])
    assert hit["answer_hit"] is True and hit["citations"] == 0
    assert question_metrics(q, "Det kostar 69 000 kronor.", True, [])["answer_hit"] is False
    u = _question(kind="unanswerable", answerable=False, answers=[], sources=[])
    assert question_metrics(u, "", True, [])["answer_hit"] is None
    agg = _question(kind="aggregate", organs=["Kulturnämnden"])
    cites = [{"n": 1, "organ": "Kulturnämnden", "snippet": "", "chunk_text": ""}]
    m = question_metrics(agg, "Kulturnämnden [1]", False, cites, ["Kulturnämnden"])
    assert m["organ_recall"] == 1.0 and m["organ_precision"] == 1.0
    refused = question_metrics(agg, "Jag hittar inget stöd.", True, [], ["Kulturnämnden"])
    assert refused["organ_recall"] == 0.0 and refused["organ_precision"] is None


def _row(kind, lang, answerable, metrics, total):
    return {
        "kind": kind,
        "lang": lang,
        "answerable": answerable,
        "metrics": metrics,
        "timings": {"total": total},
    }


ROWS = [
    _row(
        "fact",
        "sv",
        True,
        {
            "answer_hit": True,
            "refused": False,
            "citations": 2,
            "citations_correct": 2,
            "recall@10": 1.0,
        },
        0.1,
    ),
    _row(
        "fact",
        "en",
        True,
        {
            "answer_hit": False,
            "refused": True,
            "citations": 0,
            "citations_correct": 0,
            "recall@10": 0.0,
        },
        0.2,
    ),
    _row(
        "aggregate",
        "sv",
        True,
        {
            "answer_hit": True,
            "refused": False,
            "organ_recall": 0.5,
            "citations": 2,
            "citations_correct": 1,
            "citations_gold": 1,
            "recall@10": 0.5,
        },
        0.3,
    ),
    _row(
        "unanswerable",
        "sv",
        False,
        {"answer_hit": None, "refused": True, "citations": 0, "citations_correct": 0},
        0.4,
    ),
    _row(
        "unanswerable",
        "en",
        False,
        {"answer_hit": None, "refused": False, "citations": 1, "citations_correct": 0},
        0.5,
    ),
]


def test_aggregate_by_hand():
    s = aggregate(ROWS)
    assert s["n"] == 5
    assert s["answer_hit_rate"] == pytest.approx(2 / 3)
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    assert s["refusal_accuracy"] == 0.5
    assert s["organ_recall"] == 0.5
    assert s["organ_precision"] is None
    assert s["citation_precision"] == pytest.approx(3 / 5)  # pooled over all citations
    # answerable rows only: the one with gold figures has 1 of 2 citations on gold evidence
    assert s["citation_gold_share"] == pytest.approx(1 / 2)
    assert s["recall@10"] == 0.5
    assert s["latency"]["total"]["p50"] == pytest.approx(0.3)
    assert s["latency"]["compose"]["p50"] is None


def test_breakdown_by_kind_and_lang():
    b = breakdown(ROWS)
    assert set(b["by_kind"]) == {"fact", "aggregate", "unanswerable"}
    assert b["by_kind"]["fact"]["answer_hit_rate"] == 0.5
    assert b["by_lang"]["en"]["n"] == 2
    assert b["by_lang"]["en"]["refusal_accuracy"] == 0.0
    assert b["recall_curve"] == [None] * 20


def test_paraphrase_consistency_counts_groups_answered_right_throughout() -> None:
    from evals.metrics import paraphrase_consistency

    def row(group: str, hit: bool, answerable: bool = True) -> dict:
        return {"group": group, "answerable": answerable, "metrics": {"answer_hit": hit}}

    rows = [row("a", True), row("a", True), row("a", True)]  # all three right
    rows += [row("b", True), row("b", False), row("b", True)]  # one paraphrase wrong
    rows += [row("c", True)]  # no paraphrase in the set: not a group
    rows += [row("d", False, answerable=False), row("d", False, answerable=False)]
    assert paraphrase_consistency(rows) == 0.5
    assert paraphrase_consistency([row("c", True)]) is None
