"""The evaluation question sets: format, loader, relevance rule and the validator."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.dataset import load_questions, names_in, normalise, snippet_in
from evals.validate_questions import main, validate

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "evals" / "questions"
SAMPLE_CORPUS = REPO / "data" / "sample"
GOTEBORG_CORPUS = REPO.parent / "shared" / "corpus" / "goteborg"

IT_SECURITY_ORGANS = {
    "Individ- och familjenämnden",
    "Kulturnämnden",
    "Nämnden för idrott, fritid och förebyggande",
    "Äldrenämnden",
}


def _line(**overrides: object) -> str:
    item: dict[str, object] = {
        "id": "t1",
        "lang": "sv",
        "kind": "fact",
        "question": "Vad kostar avtalet?",
        "answerable": True,
        "answers": ["69 000"],
        "organs": [],
        "sources": ["Arboga kommuns kostnad är 69 000 kronor per år"],
    }
    item.update(overrides)
    return json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- the relevance rule


def test_normalise_casefolds_and_collapses_whitespace() -> None:
    assert normalise("  Hög\n digital\t\tFÖRMÅGA ") == "hög digital förmåga"


def test_snippet_in_ignores_line_breaks_and_case() -> None:
    text = "Arboga kommuns kostnad är 69 000\nkronor per år."
    assert snippet_in("arboga kommuns KOSTNAD är 69 000 kronor", text)
    assert not snippet_in("Arboga kommuns kostnad är 70 000 kronor", text)
    assert not snippet_in("   ", text)


def test_names_in_respects_word_boundaries() -> None:
    text = "Ledamöterna från M, D, L och KD reserverar sig. Bostads AB Mimer svarade."
    assert names_in("M", text) and names_in("KD", text) and names_in("bostads ab mimer", text)
    assert not names_in("SD", text)
    assert not names_in("Mi", text)


# ---- the loader


def test_load_questions_reports_each_bad_line_and_keeps_the_good(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "q.jsonl",
        [
            _line(id="ok1"),
            '{"id": "broken", "lang": "sv",',
            _line(id="noq", question=None),
            "",
            _line(id="badkind", kind="opinion"),
            "[1, 2]",
            _line(id="u1", kind="unanswerable", answerable=False, answers=[]),
            "# a comment line",
            _line(id="ok2", lang="en", kind="crosslingual", extra_field="ignored"),
        ],
    )
    questions, errors = load_questions(path)
    assert [q.id for q in questions] == ["ok1", "ok2"]
    assert len(errors) == 5
    assert errors[0].startswith("line 2: invalid JSON")
    assert errors[1] == "line 3: missing field 'question'"
    assert errors[2].startswith("line 5: field 'kind'")
    assert errors[3].startswith("line 6: expected a JSON object")
    assert errors[4].startswith("line 7: ") and "unanswerable" in errors[4]


def test_load_questions_refuses_aggregate_without_organs(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.jsonl", [_line(kind="aggregate")])
    questions, errors = load_questions(path)
    assert questions == []
    assert errors == ["line 1: an aggregate question must list the organs a full answer names"]


def test_load_questions_joins_several_problems_on_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "q.jsonl", [_line(question=None, lang="de")])
    _, errors = load_questions(path)
    assert len(errors) == 1
    assert errors[0].startswith("line 1: ")
    assert "missing field 'question'" in errors[0] and "field 'lang'" in errors[0]


# ---- the validator on a small corpus of its own


def test_validator_fails_on_missing_snippet_and_duplicate_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Arboga kommuns kostnad är 69 000\nkronor per år.", "utf-8")
    good = _write(tmp_path / "good.jsonl", [_line(file="a.txt")])
    assert validate(good, corpus).ok
    bad = _write(
        tmp_path / "bad.jsonl",
        [
            _line(file="a.txt"),
            _line(sources=["Västerås stads kostnad är 12 kronor per år"]),
            _line(id="t2", file="missing.txt"),
        ],
    )
    report = validate(bad, corpus)
    assert any("duplicate id 't1'" in f for f in report.failures)
    assert any("snippet not found in corpus" in f for f in report.failures)
    assert any("missing.txt" in f and "not found" in f for f in report.failures)
    assert main([str(bad), "--corpus", str(corpus)]) == 1


# ---- the shipped question sets


def test_sample_questions_validate_against_the_sample_corpus() -> None:
    report = validate(QUESTIONS / "sample.jsonl", SAMPLE_CORPUS)
    assert report.failures == []
    assert len(report.questions) >= 40


def test_sample_questions_have_the_required_mix() -> None:
    questions, errors = load_questions(QUESTIONS / "sample.jsonl")
    assert errors == []
    kinds = Counter(q.kind for q in questions)
    assert kinds["unanswerable"] >= 6
    assert kinds["aggregate"] >= 6 and kinds["vote"] >= 5
    assert sum(q.lang == "en" for q in questions) >= 6
    it_question = "Which committees raised IT-security concerns?"
    it_security = [q for q in questions if q.question == it_question]
    assert len(it_security) == 1 and set(it_security[0].organs) == IT_SECURITY_ORGANS


def test_goteborg_questions_have_the_required_mix() -> None:
    questions, errors = load_questions(QUESTIONS / "goteborg-dev.jsonl")
    assert errors == []
    kinds = Counter(q.kind for q in questions)
    assert len(questions) >= 80
    assert kinds["aggregate"] + kinds["vote"] >= len(questions) / 3
    assert kinds["unanswerable"] >= 8
    assert sum(q.lang == "en" for q in questions) >= 8
    assert len({q.id for q in questions}) == len(questions)


@pytest.mark.slow
@pytest.mark.skipif(
    not GOTEBORG_CORPUS.is_dir(),
    reason=f"Göteborg corpus not present at {GOTEBORG_CORPUS} (it is not part of the repository)",
)
def test_goteborg_questions_validate_against_the_goteborg_corpus() -> None:
    report = validate(QUESTIONS / "goteborg-dev.jsonl", GOTEBORG_CORPUS)
    assert report.failures == []


# ---- the blind and paraphrase sets


def test_blind_sample_questions_validate_and_have_the_required_mix() -> None:
    report = validate(QUESTIONS / "blind-sample.jsonl", SAMPLE_CORPUS)
    assert report.failures == []
    kinds = Counter(q.kind for q in report.questions)
    assert len(report.questions) >= 60
    assert kinds["unanswerable"] >= 5 and kinds["aggregate"] >= 6 and kinds["vote"] >= 6
    assert sum(q.lang == "en" for q in report.questions) >= 10


@pytest.mark.skipif(
    not GOTEBORG_CORPUS.is_dir(),
    reason=f"Göteborg corpus not present at {GOTEBORG_CORPUS} (it is not part of the repository)",
)
def test_blind_goteborg_questions_validate_against_the_goteborg_corpus() -> None:
    report = validate(QUESTIONS / "blind-goteborg.jsonl", GOTEBORG_CORPUS)
    assert report.failures == []
    assert len(report.questions) >= 80
    cited = {q.file for q in load_questions(QUESTIONS / "goteborg-dev.jsonl")[0] if q.file}
    assert not cited & {q.file for q in report.questions if q.file}


def test_paraphrase_set_copies_its_originals_and_paraphrases_each_twice() -> None:
    originals = {q.id: q for q in load_questions(QUESTIONS / "sample.jsonl")[0]}
    questions, errors = load_questions(QUESTIONS / "sample-paraphrases.jsonl")
    assert errors == []
    copies = [q for q in questions if q.paraphrase_of is None]
    assert copies == [originals[q.id] for q in copies]
    assert {q.id for q in copies} == {q.id for q in originals.values() if q.answerable}
    groups = Counter(q.paraphrase_of for q in questions if q.paraphrase_of)
    assert set(groups) == {q.id for q in copies} and set(groups.values()) == {2}
    for q in questions:
        if q.paraphrase_of:
            source = originals[q.paraphrase_of]
            assert (q.answers, q.sources, q.file) == (source.answers, source.sources, source.file)
            assert q.question != source.question
