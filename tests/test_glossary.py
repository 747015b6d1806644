"""The English -> Swedish glossary file (assistant/answer/glossary.tsv) and its merge into
GLOSSARY: it parses, its entries are whole, the entries written in language.py win, and
English questions of the field find Swedish words for every content word."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.answer.language import (
    CHECKED_GLOSSARY,
    EN_STOPWORDS,
    GLOSSARY,
    GLOSSARY_FILE,
    glossary_units,
    read_glossary,
    word_set,
)

FILE_ENTRIES = read_glossary(GLOSSARY_FILE)


def _entry_lines() -> list[str]:
    text = GLOSSARY_FILE.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_file_parses_into_a_few_thousand_entries():
    assert 2000 <= len(FILE_ENTRIES) <= 3000
    assert all(GLOSSARY.get(key) for key in FILE_ENTRIES)


def test_no_key_is_given_twice_in_the_file():
    keys = [line.split("\t")[0] for line in _entry_lines()]
    assert len(keys) == len(set(keys)) == len(FILE_ENTRIES)


def test_every_entry_has_one_to_three_non_empty_renderings():
    for key, renderings in FILE_ENTRIES.items():
        assert key and key == key.lower(), key
        assert 1 <= len(renderings) <= 3, key
        assert all(r and r == r.strip() for r in renderings), key


def test_no_single_word_key_is_an_english_function_word():
    """A function word in the glossary would be rendered instead of skipped."""
    assert not {key for key in FILE_ENTRIES if " " not in key} & EN_STOPWORDS


def test_entries_are_sorted_within_each_group():
    groups: list[list[str]] = [[]]
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            groups.append([])
        elif line.strip():
            groups[-1].append(line.split("\t")[0])
    assert all(group == sorted(group) for group in groups)


def test_the_entries_written_in_language_py_win_on_a_shared_key():
    shared = FILE_ENTRIES.keys() & CHECKED_GLOSSARY.keys()
    differing = {key for key in shared if FILE_ENTRIES[key] != CHECKED_GLOSSARY[key]}
    assert differing  # e.g. "minutes": the file says protokollet, the code anteckningar
    assert all(GLOSSARY[key] == CHECKED_GLOSSARY[key] for key in shared)
    assert GLOSSARY["minutes"] == ("protokoll", "anteckningar")


def test_the_merged_glossary_holds_both_sources():
    assert GLOSSARY.keys() == FILE_ENTRIES.keys() | CHECKED_GLOSSARY.keys()
    assert GLOSSARY["report back"] == ("återrapportering", "återrapportera")
    assert GLOSSARY["it security"] == CHECKED_GLOSSARY["it security"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How many members voted no when the executive board handled the report back "
            "on assignments on 29 May 2024?",
            {
                "members": "ledamöter",
                "voted no": "nej",
                "executive board": "kommunstyrelsen",
                "handled": "behandla",
                "report back": "återrapportering",
                "assignments": "uppdrag",
                "May": "maj",
            },
        ),
        (
            "Which serving substitutes abstained in the roll-call vote on the borrowing ceiling?",
            {
                "serving substitutes": "tjänstgörande ersättare",
                "abstained": "avstår",
                "roll-call vote": "votering",
                "borrowing ceiling": "låneram",
            },
        ),
        (
            "Did the council refer back the detailed plan for the school building, or table "
            "the matter?",
            {
                "refer back": "återremiss",
                "detailed plan": "detaljplan",
                "school building": "skolbyggnad",
                "table": "bordlägga",
                "matter": "ärende",
            },
        ),
        (
            "What is the fee schedule for building permits and fire safety inspections?",
            {
                "fee schedule": "taxa",
                "building permits": "bygglov",
                "fire safety inspections": "tillsyn",
            },
        ),
        (
            "Who was chosen as adjuster of the minutes?",
            {"chosen": "vald", "adjuster": "justerare", "minutes": "protokoll"},
        ),
        (
            "What was the supplementary budget appropriation for home care and social "
            "assistance in the interim report?",
            {
                "supplementary budget": "tilläggsbudget",
                "appropriation": "anslag",
                "home care": "hemtjänst",
                "social assistance": "ekonomiskt bistånd",
                "interim report": "delårsrapport",
            },
        ),
        (
            "Which citizens' proposals on land allocation were rejected in the term of office?",
            {
                "citizens proposals": "medborgarförslag",
                "land allocation": "markanvisning",
                "rejected": "avslag",
                "term of office": "mandatperiod",
            },
        ),
        (
            "Who had a conflict of interest when the guarantee for the housing company was "
            "granted?",
            {
                "conflict of interest": "jäv",
                "guarantee": "borgen",
                "housing company": "bostadsbolag",
                "granted": "bevilja",
            },
        ),
        (
            "Which serving substitutes took part in the decision on the new swimming pool?",
            {"took part": "deltog", "decision": "beslut", "new": "ny", "swimming pool": "simhall"},
        ),
        (
            "Which member declared a conflict of interest when the sick leave outcome was noted?",
            {
                "declared": "anmäla",
                "conflict of interest": "jäv",
                "sick leave": "sjukfrånvaro",
                "outcome": "utfall",
                "noted": "antecknas",
            },
        ),
    ],
)
def test_questions_of_the_field_have_no_unknown_content_words(question, expected):
    units = glossary_units(question)
    assert [word for word, alts in units if alts is None] == []
    rendered = dict(units)
    for english, swedish in expected.items():
        assert swedish in rendered[english], (english, rendered[english])


# Everyday matters the documents deal with (written for these tests, not taken from a
# question set): buildings, people, accidents, money and time outside governance words.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Which architect designed the new library in the harbour?",
            {
                "architect": "arkitekt",
                "designed": "ritade",
                "library": "bibliotek",
                "harbour": "hamn",
            },
        ),
        (
            "How much did the insurance company pay for the water damage after the storm?",
            {
                "insurance company": "försäkringsbolag",
                "pay": "betalar",
                "water damage": "vattenskada",
                "storm": "storm",
            },
        ),
        (
            "What share of the net debt is financed through green bonds?",
            {
                "share": "andel",
                "net debt": "nettolåneskuld",
                "financed": "finansiering",
                "green bonds": "gröna obligationer",
            },
        ),
        (
            "Which contractor won the tender to renovate the swimming hall during the autumn?",
            {
                "contractor": "entreprenör",
                "won": "vann",
                "renovate": "renovera",
                "swimming hall": "simhall",
                "autumn": "hösten",
            },
        ),
        (
            "Why did the landlord increase the rent for tenants in the old block of flats?",
            {
                "landlord": "hyresvärd",
                "increase": "öka",
                "tenants": "hyresgäst",
                "old": "gammal",
                "block of flats": "flerbostadshus",
            },
        ),
        (
            "Which streets lost their lampposts when the bridge was demolished?",
            {
                "streets": "gata",
                "lost": "förlorade",
                "lampposts": "belysningsstolpe",
                "demolished": "revs",
            },
        ),
        (
            "What is the hourly rate for snow clearance on the cycle paths since last winter?",
            {
                "hourly rate": "timpris",
                "snow clearance": "snöröjning",
                "last": "senaste",
                "winter": "vintern",
            },
        ),
        (
            "Which coach of the football team received the culture prize at the anniversary "
            "ceremony?",
            {
                "coach": "tränare",
                "football": "fotboll",
                "received": "fick",
                "prize": "pris",
                "anniversary": "jubileum",
                "ceremony": "ceremoni",
            },
        ),
        (
            "How many pupils eat lunch in the school canteen each week?",
            {"eat": "äta", "lunch": "lunch", "canteen": "matsal", "week": "vecka"},
        ),
        (
            "When was the statue unveiled in the square, and which sculptor made it?",
            {"statue": "staty", "unveiled": "invigdes", "square": "torg", "sculptor": "skulptör"},
        ),
    ],
)
def test_questions_on_everyday_matters_have_no_unknown_content_words(question, expected):
    units = glossary_units(question)
    assert [word for word, alts in units if alts is None] == []
    rendered = dict(units)
    for english, swedish in expected.items():
        assert swedish in rendered[english], (english, rendered[english])


# Function words added with the everyday vocabulary: skipped, never rendered.
ADDED_FUNCTION_WORDS = word_set(
    """
    during regarding among since until after through under above very only often another
    themselves it wasn't wasn’t cannot can't although whereas despite nothing already ago
    """
)


def test_added_function_words_are_stopwords_and_give_no_units():
    assert set(ADDED_FUNCTION_WORDS) <= EN_STOPWORDS
    assert not set(ADDED_FUNCTION_WORDS) & GLOSSARY.keys()
    for word in sorted(ADDED_FUNCTION_WORDS):
        assert glossary_units(f"Was the park closed {word}") == [
            ("park", GLOSSARY["park"]),
            ("closed", GLOSSARY["closed"]),
        ], word


def test_a_question_of_function_words_around_content_keeps_only_the_content():
    units = glossary_units("Wasn't the bridge, among others, closed during the storm since autumn?")
    assert [word for word, _ in units] == ["bridge", "closed", "storm", "autumn"]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("# fine\nchair\tordförande\nvice chair ordförande\n", 3, "expected"),
        ("chair\tordförande\tledamot\n", 1, "expected"),
        ("\nChair\tordförande\n", 2, "lower-case"),
        ("chair  person\tordförande\n", 1, "single-spaced"),
        ("chair\t\n", 1, "non-empty"),
        ("chair\tordförande||ledamot\n", 1, "non-empty"),
        ("chair\ta|b|c|d\n", 1, "1-3"),
        ("chair\tordförande\n\nchair\tledamot\n", 3, "already on line 1"),
    ],
)
def test_a_malformed_line_is_refused_with_its_number(tmp_path, text, line, reason):
    path = tmp_path / "glossary.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"line {line}\b.*{reason}") as caught:
        read_glossary(path)
    assert str(path) in str(caught.value)


def test_comments_and_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "glossary.tsv"
    path.write_text("# Roles\n\nvice chair\tvice ordförande| vice ordföranden\n", "utf-8")
    assert read_glossary(path) == {"vice chair": ("vice ordförande", "vice ordföranden")}


def _corpus_check():
    """The renderings' corpus check, benchmarks/glossary_corpus.py, loaded as a module."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "glossary_corpus.py"
    spec = importlib.util.spec_from_file_location("glossary_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_check_finds_forms_compounds_and_phrases_and_reports_the_rest(tmp_path, capsys):
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "protokoll.txt").write_text(
        "Ärendet återremitteras. Kommunalskatten höjs.\nTjänstgörande\nersättarna röstar nej.",
        encoding="utf-8",
    )
    check = _corpus_check()
    corpus = check.Corpus([corpus_dir])
    assert corpus.status("återremittera") == "stem"
    assert corpus.status("skatt") == "compound"
    assert corpus.status("tjänstgörande ersättare") == "phrase"
    assert corpus.status("nej") == "exact"
    assert corpus.status("bordlägga") is None
    assert corpus.status("röstar ja") is None
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("refer back\tåterremittera\ntable\tbordlägga|bordläggning\n", "utf-8")
    assert check.main([str(corpus_dir), "--glossary", str(glossary)]) == 1
    out = capsys.readouterr().out
    assert "3 distinct renderings: 1 found, 2 missing" in out
    assert "missing: bordlägga (table)" in out
