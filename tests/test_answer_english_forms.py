"""Twelfth-session mechanisms: English noun compounds, acronyms and plural heads; the
infinitive of short verbs; a year as a time; decision formulas for referral and for what
becomes of a motion; tally questions by their wording; a protocol extract under its office's
logo. Unit tests with variants of our own (none is a question of a question set)."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import has_answer_type
from assistant.answer.intent import classify_question, focus_of, in_phrase
from assistant.answer.support import build_query, english_compounds, text_terms
from assistant.answer.votes import asked_act
from index.analyzer import SwedishAnalyzer
from ingest.parsers import parse_file
from ingest.segment import segment_document

ANALYZER = SwedishAnalyzer()


def _index(*texts: str):
    """A document frequency over `texts`, the way `question_query` counts it."""
    terms = [text_terms(t, ANALYZER) for t in texts]

    def doc_freq(word: str) -> int:
        stems = ANALYZER.word_terms(word.casefold())
        return sum(1 for t in terms if stems and stems[0] in t.exact)

    return doc_freq


@pytest.mark.parametrize(
    ("english", "units", "compound"),
    [
        (
            "How many resource functions are there?",
            [("resource", ("resurs",)), ("functions", ("funktion",))],
            "resursfunktion",
        ),
        ("the school yard", [("school", ("skola",)), ("yard", ("gård",))], "skolgård"),
        (
            "the income support",
            [("income", ("försörjning",)), ("support", ("stöd",))],
            "försörjningsstöd",
        ),
    ],
)
def test_two_english_nouns_side_by_side_find_the_swedish_compound(english, units, compound):
    doc_freq = _index(f"Nämnden beslutade om {compound}en.")
    found = english_compounds(units, english, lambda w: doc_freq(w) > 0)
    assert all(compound in alternatives for _, alternatives in found)


def test_no_compound_is_made_of_nouns_apart_or_one_the_index_lacks():
    units = [("resource", ("resurs",)), ("functions", ("funktion",))]
    doc_freq = _index("Resursfunktioner beskrivs i riktlinjen.")
    # a word between them: "resource and functions"
    assert (
        english_compounds(units, "the resource and functions", lambda w: doc_freq(w) > 0) == units
    )
    # the index holds no "resursfunktion"
    lacks = _index("Resurser.")
    assert english_compounds(units, "resource functions", lambda w: lacks(w) > 0) == units


def test_an_english_compound_is_covered_by_the_one_swedish_word():
    text = "Stadsledningskontoret lämnar förslag på 21 resursfunktioner."
    doc_freq = _index(text)
    query = build_query(
        "How many resource functions does it propose?",
        "en",
        ANALYZER,
        doc_freq,
        1,
        holds_word=lambda w: doc_freq(w) > 0,
    )
    terms = text_terms(text, ANALYZER)
    covered = {u.label: u.cover(terms) for u in query.units}
    assert covered["resource"] == 1.0 and covered["functions"] == 1.0


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many resource functions does the organisation propose?", "functions"),
        ("How many consultation responses came in?", "responses"),
        ("How many connected people can the plant serve?", "people"),
        ("How many councillors abstained?", "councillors"),
        ("What is the number of municipal companies?", "companies"),
        ("Hur många ledamöter avstod?", "ledamöter"),  # Swedish: the word after the phrase
    ],
)
def test_how_many_counts_the_plural_head_of_its_noun_phrase(question, counted):
    assert focus_of(question, "count") == counted


def test_an_english_acronym_written_otherwise_in_swedish_is_found_by_the_swedish_one():
    text = "Till ledamot i Göteborgs Stads HBTQI-råd utses Louise Eriksson."
    query = build_query("Who was appointed to the LGBTQI council?", "en", ANALYZER, _index(text), 1)
    assert query.anchors and all(a.search(text) for a in query.anchors)
    # an acronym the index holds as written keeps its own anchor
    held = "Avtalet med STARK gäller i fyra år."
    query = build_query("What does STARK cost?", "en", ANALYZER, _index(held), 1)
    assert any(a.search("STARK") for a in query.anchors)


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Whom was he standing in for?", "person"),
        ("Vilka justerade protokollet?", "person"),
        ("Vilka reserverade sig mot beslutet?", None),  # a vote act: parties may answer
        ("Vilka planerade åtgärder finns?", None),  # a participle before its noun
        ("Vilka åtgärder beslutade nämnden om?", "decision"),
        ("Vilka nämnder yttrade sig?", None),  # a noun, not a verb, after "vilka"
        ("Since what year has the site been used for energy?", "when"),
        ("Vilket år byggdes verket?", "when"),
    ],
)
def test_answer_types_of_english_whom_swedish_vilka_and_years(question, answer_type):
    assert classify_question(question, "en" if question[0] in "WS" else "sv").answer_type == (
        answer_type
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("har använts för stadens energiförsörjning ända sedan 1846", True),
        ("Verket byggdes 1905.", True),
        ("Totalt 46 svar har kommit in.", False),
    ],
)
def test_a_year_since_1600_is_a_time(text, found):
    assert has_answer_type("when", text) is found


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("Den av Johan Zandin väckta motionen anses i övrigt besvarad.", True),
        ("1. Att anse motion av Helena Norin (MP) om en stadsantikvarie besvarad.", True),
        ("Enligt yrkande från S, V och MP: Ärendet remitteras till styrelsen för bolaget.", True),
        ("Ärendet återremitteras till nämnden.", True),
        ("Motionen anses inte vara en fråga för nämnden.", False),
    ],
)
def test_what_becomes_of_a_motion_or_a_referral_is_a_decision(text, decision):
    assert has_answer_type("decision", text) is decision


def test_a_person_name_holds_no_function_word_a_heading_capitalises():
    assert not has_answer_type("person", "Summering Från vision till verklighet")
    assert has_answer_type("person", "Peter Grönberg lämnar en information.")


@pytest.mark.parametrize(
    "question",
    [
        "What was the outcome of the council vote on the budget?",
        "Hur fördelades rösterna i nämnden?",
        "How were the votes split in the board?",
        "Blev det votering i kommunstyrelsen?",
    ],
)
def test_tally_questions_in_other_words_ask_for_the_result(question):
    act = asked_act(question)
    assert act is not None and act.name == "result"


@pytest.mark.parametrize(
    ("sentence", "record"),
    [
        ("Kommunstyrelsen beslutade utan omröstning att avstyrka motionen.", True),
        ("Omröstningen utfaller med 43 Ja mot 38 Nej.", True),
        ("Kommunstyrelsen avstyrker motionen.", False),
    ],
)
def test_a_decision_without_a_vote_answers_whether_there_was_one(sentence, record):
    result = asked_act("Hur gick omröstningen?")
    assert result is not None
    assert bool(result.sentence.search(sentence)) is record


@pytest.mark.parametrize(
    ("question", "word", "in_a_phrase"),
    [
        (
            "What was the vote on the standard for income support and the housing cost?",
            "cost",
            True,
        ),
        ("What is the cost of the new school?", "cost", False),
        ("Vad blev kostnaden för skolan?", "kostnaden", False),
    ],
)
def test_a_coordinated_noun_phrase_stays_in_its_prepositional_phrase(question, word, in_a_phrase):
    assert in_phrase(question, question.index(word)) is in_a_phrase


@pytest.mark.parametrize(
    "question",
    [
        "What did the council decide on the motion about school meals?",
        "Which example is given in the motion on the power station?",
    ],
)
def test_an_english_motion_is_a_matter_not_a_vote(question):
    assert classify_question(question, "en").kind == "fact"


def test_the_democrats_are_a_party_and_no_anchor():
    query = build_query("What did the Democrats propose?", "en", ANALYZER)
    assert not query.anchors
    assert any("Demokraterna" in str(u.alternatives) or u.label == "Democrats" for u in query.units)


def test_short_verbs_meet_their_infinitive():
    question = build_query("När gav regeringen uppdraget?", "sv", ANALYZER)
    terms = text_terms("Regeringen beslutade att ge en utredare uppdraget.", ANALYZER)
    gav = next(u for u in question.units if u.label == "gav")
    assert gav.cover(terms) == 1.0


def test_an_extract_under_a_logo_takes_the_organ_its_decision_names(tmp_path):
    path = tmp_path / "handling-2025-nr-40.txt"
    path.write_text(
        "Kommunfullmäktige\n\nHandling 2025 nr 40\n\n"
        "Yttrande över motion av Lena Ström (X) om läxhjälp\n\nTill kommunfullmäktige\n\n"
        "Kommunstyrelsens förslag Kommunstyrelsen föreslår att kommunfullmäktige beslutar:\n\n"
        "Den av Lena Ström väckta motionen avslås.\n\nBilaga 1\n\nGrundskolenämnden\n\n"
        "Utdrag ur protokoll Sammanträdesdatum: 2025-01-20\n\n§ 12 0100/24\n\n"
        "Yttrande över motion om läxhjälp\n\nBeslut Grundskolenämnden avstyrker motionen.\n\n"
        "Protokollsutdrag skickas till Kommunstyrelsen\n\nUtbildning\n\n"
        "Utdrag ur protokoll Sammanträdesdatum: 2025-01-24\n\n"
        "Yttrande avseende motion om läxhjälp § 7, 0101/24\n\n"
        "Beslut Utbildningsnämnden beslutar\n\n1. Utbildningsnämnden tillstyrker motionen.\n\n"
        "Protokollsutdrag skickas till Kommunstyrelsen\n",
        encoding="utf-8",
    )
    sections = [
        s for s in segment_document(parse_file(path, 10**7)) if s.meta.doc_type == "protokoll"
    ]
    assert [s.meta.organ for s in sections] == ["Grundskolenämnden", "Utbildningsnämnden"]
    assert "tillstyrker" in sections[1].text and "tillstyrker" not in sections[0].text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "Anna Berg lämnar en information under följande rubriker: • • • • •",
            "Anna Berg lämnar en information under följande rubriker:",
        ),  # fmt: skip
        ("Punkterna är: • skola • vård", "Punkterna är: • skola • vård"),
    ],
)
def test_a_run_of_empty_bullets_is_not_quoted(text, shown):
    from assistant.answer.support import display

    assert display(text) == shown


@pytest.mark.parametrize(
    ("question", "text", "label"),
    [
        ("När lade kommunen ned förskolan?", "Nedläggningen av förskolan beslutades i maj.", "ned"),
        ("Varför lägger nämnden ner skolan?", "Skolan läggs ned efter vårterminen.", "lägger"),
        ("När tog förvaltningen fram planen?", "Framtagandet av planen tog ett år.", "fram"),
    ],
)
def test_a_particle_after_the_subject_still_makes_a_particle_verb(question, text, label):
    query = build_query(question, "sv", ANALYZER)
    unit = next(u for u in query.units if u.label == label)
    assert unit.cover(text_terms(text, ANALYZER)) == 1.0


def test_a_preposition_after_the_subject_stays_where_it_is():
    query = build_query("Vad lade nämnden på skolan?", "sv", ANALYZER)
    assert [u.label for u in query.units][:2] == ["lade", "nämnden"]


@pytest.mark.parametrize(
    ("question", "text", "label"),
    [
        (
            "How many additional places will the school get?",
            "En utökning på cirka 300 platser.",
            "places",
        ),  # fmt: skip
        (
            "For how many years did she serve as organist?",
            "Under 54 års tid tjänstgjorde hon.",
            "years",
        ),  # fmt: skip
        ("Hur många platser finns det?", "Förskolan har 120 platser.", "platser"),
    ],
)
def test_plats_and_ar_meet_their_other_forms(question, text, label):
    lang = "sv" if question.startswith("Hur") else "en"
    query = build_query(question, lang, ANALYZER)
    unit = next(u for u in query.units if u.label == label)
    assert unit.cover(text_terms(text, ANALYZER)) == 1.0


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Sacorådet anser inte att det räcker med partssamverkan på CSG.", False),
        ("Sammanträdet hölls i Wenngrenska salen.", True),
        ("Mötet ägde rum på Kvarnberget.", True),
    ],
)
def test_an_acronym_after_i_or_pa_is_a_body_not_a_place(text, place):
    assert has_answer_type("place", text) is place


def _rated(question: str, texts: list[str], lang: str = "en") -> list[str]:
    """The candidate texts `extractive.asked_rate` keeps for `question`."""
    from assistant.answer.extractive import asked_rate
    from assistant.answer.features import question_view

    query = build_query(question, lang, ANALYZER)
    view = question_view(query, classify_question(question, lang), lang)
    rows = [(None, type("S", (), {"text": t})(), None) for t in texts]
    return [row[1].text for row in asked_rate(rows, view)]  # type: ignore[arg-type]


def test_an_amount_asked_per_unit_is_answered_by_one_given_per_that_unit():
    texts = [
        "Vid stöld kan den anställde bryta avtalet mot en administrativ kostnad på 500 kronor.",
        "Administrativ kostnad är 2 250 kronor per avtal.",
    ]
    assert _rated("What administrative fee is charged per contract?", texts) == texts[1:]
    monthly = [
        "Lönen motsvarar 32 200 kronor per månad.",
        "Den anställdes månadskostnad för en elcykel är 420 kronor.",
    ]
    kept = _rated("Vad kostar en elcykel per månad?", monthly, "sv")
    assert monthly[1] in kept
    # no candidate gives the unit: all stay
    assert _rated("What fee is charged per contract?", texts[:1]) == texts[:1]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Fiskebäcksärendet", ("Fiskebäck", "ärende")),
        ("screeningmotionen", ("screening", "motion")),
        ("Poseidonprojektet", ("Poseidon", "projekt")),
        ("Hyresavtalet", None),  # an agreement of a kind, not a matter
        ("Kommunstyrelsen", None),
        ("Göteborgsförslaget", None),  # a kind of paper, not a matter
        ("ärendet", None),
    ],
)
def test_a_matter_compound_splits_into_its_subject_and_noun(word, parts):
    from assistant.answer.language import matter_compound

    assert matter_compound(word) == parts


def test_a_matter_named_by_a_compound_is_found_where_the_text_writes_it_apart():
    text = "Ärendet om Fiskebäcks hamn återremitteras till exploateringsnämnden."
    query = build_query("Vem reserverade sig i Fiskebäcksärendet?", "sv", ANALYZER)
    assert query.anchors and all(a.search(text) for a in query.anchors)
    unit = next(u for u in query.units if u.label.startswith("Fiskebäcksärendet"))
    assert unit.cover(text_terms(text, ANALYZER)) == 1.0


def _scored(text: str, section: int, score: float):
    from types import SimpleNamespace

    from assistant.answer.extractive import Scored

    chunk = SimpleNamespace(doc_id="kf-protokoll", section=section)
    passage = SimpleNamespace(hit=SimpleNamespace(chunk=chunk))
    return Scored(passage, SimpleNamespace(text=text), score, score, score)  # type: ignore[arg-type]


def test_a_decision_on_a_motion_quotes_the_point_on_the_motion_first():
    from assistant.answer.fact import motion_fate_first

    intent = classify_question("What did the council decide on the motion about food waste?", "en")
    ranked = [
        _scored("1. Kommunstyrelsen får i uppdrag att utreda matsvinnet.", 35, 0.6),
        _scored("Motionen avslås.", 36, 0.4),  # another § : another motion
        _scored("3. Den av Anna Berg väckta motionen anses i övrigt besvarad.", 35, 0.2),
    ]
    first = motion_fate_first(ranked, intent)
    assert first[0].sentence.text.startswith("3. Den av Anna Berg")
    assert first[0].score == 0.6 and len(first) == 3
    # a question not about a motion, or a best sentence already on it, keeps the order
    other = classify_question("What did the council decide on food waste?", "en")
    assert motion_fate_first(ranked, other) == ranked
    assert motion_fate_first(ranked[1:], intent) == ranked[1:]


def _acting(question: str, organs: list[str], lang: str = "en") -> list[str]:
    """The section organs of the candidates `extractive.by_acting_organ` keeps."""
    from types import SimpleNamespace

    from assistant.answer.extractive import by_acting_organ
    from assistant.answer.features import question_view

    query = build_query(question, lang, ANALYZER)
    view = question_view(query, classify_question(question, lang), lang)

    def row(name: str):
        organ, _, doc_type = name.partition(":")
        meta = SimpleNamespace(organ=organ, doc_type=doc_type or "protokoll")
        return (SimpleNamespace(hit=SimpleNamespace(chunk=SimpleNamespace(meta=meta))), None, None)

    kept = by_acting_organ([row(name) for name in organs], view)  # type: ignore[arg-type]
    return [
        m.organ + ("" if m.doc_type == "protokoll" else f":{m.doc_type}")
        for m in (r[0].hit.chunk.meta for r in kept)
    ]


def test_a_decision_question_is_answered_in_the_sections_of_the_organ_it_has_act():
    organs = ["Kommunfullmäktige", "Kommunstyrelsen", "Exploateringsnämnden"]
    assert _acting("What did the city executive board do with the request?", organs) == [
        "Kommunstyrelsen"
    ]
    assert _acting("Vad beslutade kommunfullmäktige om motionen?", organs, "sv") == [
        "Kommunfullmäktige"
    ]
    # an organ named by its kind alone, or one no candidate's section has, keeps them all
    assert _acting("Vad beslutade nämnden om motionen?", organs, "sv") == organs
    assert _acting("Vad beslutade Framtidens styrelse om motionen?", organs, "sv") == organs
    assert _acting("Vad blev nämndens beslut om motionen?", organs, "sv") == organs
    # a motion carries the organ it is put to: it is no decision of that organ
    papers = ["Kommunfullmäktige:motion", "Kommunstyrelsen"]
    assert _acting("Vad beslutade kommunfullmäktige om motionen?", papers, "sv") == papers
    # "the council's executive board" is the board
    assert _acting("What did the council's executive board decide?", organs) == organs
    assert _acting("Vad beslutade kulturnämnden om motionen?", organs, "sv") == organs


def test_a_motion_fate_nearly_as_well_supported_goes_first_from_another_section():
    from assistant.answer.fact import motion_fate_first

    intent = classify_question(
        "Vad tycker kommunstyrelsen att fullmäktige ska göra med motionen?", "sv"
    )
    ranked = [
        _scored("Kommunstyrelsen får även i uppdrag att återkomma med förslag.", 6, 0.42),
        _scored("Den av Anna Berg och Per Ek väckta motionen avslås.", 1, 0.36),
    ]
    assert motion_fate_first(ranked, intent)[0].sentence.text.startswith("Den av Anna Berg")


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Ärendet Enligt beslut i Högsta förvaltningsdomstolen 2013 kan taxan inte delegeras.",
            "Enligt beslut",
        ),  # fmt: skip
        ("Sammanfattning Nämnden svarar på remissen.", "Nämnden svarar"),
        ("Beslut Kommunstyrelsen avstyrker motionen.", "Kommunstyrelsen avstyrker"),
        ("Beslutet fattades i maj.", "Beslutet fattades"),  # a word, not a heading
        ("Bakgrund till ärendet är oklar.", "Bakgrund till"),  # lower case goes on: a sentence
    ],
)
def test_a_subheading_opening_a_sentence_is_not_quoted(text, claim):
    from assistant.answer.extractive import claim_span
    from index.models import SectionMeta

    span = claim_span(text, (0, len(text)), SectionMeta())
    assert span is not None and text[span[0] :].startswith(claim)


@pytest.mark.parametrize(
    ("logo", "after", "organ"),
    [
        (
            "Utbildning",
            "Yttrande över motion Beslut Utbildningsnämnden beslutar",
            "Utbildningsnämnden",
        ),  # fmt: skip
        (
            "Social",
            "Socialnämnden Nordost har yttrat sig. Beslut Socialnämnden Hisingen beslutar att",
            "Socialnämnden Hisingen",
        ),  # fmt: skip
        ("Miljö", "Beslut Miljö- och klimatnämnden beslutar", "Miljö- och klimatnämnden"),
        ("Utbildning", "Yttrande över motion om utbildning", None),
    ],
)
def test_an_extract_under_a_logo_is_the_deciding_organs(logo, after, organ):
    from ingest.segment_handlings import _extract_head
    from ingest.segment_starts import Line

    head = _extract_head(
        logo, "Utdrag ur protokoll Sammanträdesdatum: 2025-01-24", [Line(0, after)]
    )
    assert (head[0] if head else None) == organ
