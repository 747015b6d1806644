"""Values and names that belong to something else (eleventh session): a count or sum of another
year, the day a paper is dated, an item number, an English question for the size of a sum,
and the anchors of a place's compound and of a question's second sentence. Unit tests with
variants of our own."""

from __future__ import annotations

import pytest

from assistant.answer.anchors import anchor_patterns
from assistant.answer.answer_types import has_answer_type
from assistant.answer.features import holds_type, of_other_organs, of_other_years
from assistant.answer.intent import classify_question


@pytest.mark.parametrize(
    ("question", "text", "other"),
    [
        (
            "Hur många hushåll fick bistånd under 2022?",
            "Under året 2020 fick 240 hushåll bistånd.",
            True,
        ),
        (
            "Hur många hushåll fick bistånd under 2022?",
            "Beslut 2021-10-28: 240 hushåll 2020.",
            True,
        ),
        (
            "Hur många hushåll fick bistånd under 2022?",
            "Under 2022 fick 300 hushåll bistånd.",
            False,
        ),
        ("Hur många hushåll fick bistånd under 2022?", "Totalt fick 300 hushåll bistånd.", False),
        ("Hur många hushåll fick bistånd?", "Under året 2020 fick 240 hushåll bistånd.", False),
        ("Vad kostar projektet 2024?", "Kostnaden för 2024–2026 är 5 mnkr.", False),
        ("Hur mycket avsätts för 2026?", "100 mnkr per år under perioden 2025–2027.", False),
        ("Hur stor var kostnaden 2023?", "Under perioden 2022-2024 kostade den 5 mnkr.", False),
        # a year that dates the decision asks for no year's value
        ("Hur mycket kostar projektet som fullmäktige beslutade om 2023?", "50 mnkr 2024.", False),
    ],
)
def test_a_count_or_sum_belongs_to_its_own_sentences_year(question, text, other):
    assert of_other_years(question, text) is other


def test_a_count_of_another_year_cannot_answer():
    intent = classify_question("Hur många hushåll fick bistånd under 2022?", "sv")
    assert not holds_type(intent, "Under året 2020 fick cirka 240 hushåll bistånd.")
    assert holds_type(intent, "Under 2022 fick cirka 300 hushåll bistånd.")


@pytest.mark.parametrize(
    ("question", "text", "holds"),
    [
        # the day after a yrkande or a tjänsteutlåtande dates the paper
        (
            "Till vilket datum ska nämnden återkomma med utredningen?",
            "Anna Ek (S) yrkar återremiss enligt yrkande från S, V och MP den 18 oktober 2024.",
            False,
        ),
        (
            "När ska nämnden återkomma med utredningen?",
            "Kommunstyrelsen tillstyrker förslaget i tjänsteutlåtande den 9 januari 2024.",
            False,
        ),
        (
            "Till vilket datum ska nämnden återkomma med utredningen?",
            "Nämnden ska återkomma senast den 30 juni 2025.",
            True,
        ),
        # unless the question asks for the paper's day
        (
            "Vilket datum har yrkandet från S, V och MP?",
            "Anna Ek (S) yrkar bifall till yrkande från S, V och MP den 18 oktober 2024.",
            True,
        ),
    ],
)
def test_the_day_a_paper_is_dated_is_no_day_of_its_matter(question, text, holds):
    assert holds_type(classify_question(question, "sv"), text) is holds


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Inom aktivitet 5:1 testades teknikstöd i hemmet.", False),  # an item number
        ("Teknikstöd gavs till 45 seniorer.", True),
    ],
)
def test_an_item_number_counts_nothing(text: str, count: bool):
    assert has_answer_type("count", text) is count


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("How large is the annual membership fee to the federation?", "amount"),
        ("How high is the rent for the premises?", "amount"),
        ("How large is the board under the new charter?", None),  # a size, not a sum
    ],
)
def test_an_english_question_for_the_size_of_a_sum(question: str, answer_type):
    assert classify_question(question, "en").answer_type == answer_type


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        # a place's name starts the Swedish compound an English question writes apart
        ("Which committee was the new Eriksbo school sent back to?", "nya Eriksboskolan", True),
        ("Which committee was the new Eriksbo school sent back to?", "Eriksbergsskolan", False),
        # the first word of a question's second sentence is no name
        ("The Eriksbo school plan was sent back. Which committee got it?", "Eriksbo", True),
        # a first name is not the start of a surname in -son
        ("Vad yrkade Anders om budgeten?", "Bo Andersson yrkar bifall.", False),
        # an abbreviation ends no sentence: the name after it is still a name
        ("Vilka skolor, t.ex. Eriksboskolan, ska byggas om?", "Skolorna byggs om.", False),
        ("Vad sa Anna E. Berg om budgeten?", "Anna Lind talade om budgeten.", False),
    ],
)
def test_anchors_of_compounds_and_sentences(question: str, text: str, found: bool):
    assert all(p.search(text) for p in anchor_patterns(question)) is found


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        # each sum of a list of allocations belongs to the organ named in its item
        (
            "15. Socialnämnderna tilldelas 5 000 tkr för 2023. 16. Idrotts- och "
            "föreningsnämnden uppdras att bedriva gymverksamhet i egen regi.",
            False,
        ),
        ("14. Nämnden för funktionsstöd tilldelas 8 000 tkr för 2023.", False),
        ("Idrotts- och föreningsnämnden tilldelas 3 000 tkr för 2023.", True),
        ("Nämnden tilldelas 3 000 tkr för 2023.", True),  # the section may name the organ
    ],
)
def test_a_sum_belongs_to_the_organ_of_its_item(text: str, holds: bool):
    question = "Hur mycket höjdes idrotts- och föreningsnämndens kommunbidrag 2023?"
    assert holds_type(classify_question(question, "sv"), text) is holds


@pytest.mark.parametrize(
    ("question", "text", "other"),
    [
        # a district organ is known by its place
        (
            "Hur många heltidstjänster finns i socialnämnd Centrums FUT-team?",
            "I socialnämnd Nordost har man idag två heltidstjänster inom FUT-teamet.",
            True,
        ),
        (
            "Hur många heltidstjänster finns i socialnämnd Centrums FUT-team?",
            "Socialnämnden Centrum har tre heltidstjänster.",
            False,
        ),
        # an organ named without its place is any of its places
        ("Hur många tjänster har socialnämnden?", "Socialnämnden Centrum har tre tjänster.", False),
        ("Hur mycket fick kulturnämnden?", "Kulturnämnden tilldelas 5 mnkr.", False),
        (
            "Hur stort är kulturnämndens anslag?",
            "Nämnden för funktionsstöd tilldelas 8 mnkr.",
            True,
        ),
        # an organ that acts in the question owns no value
        (
            "För hur många assistansanvändare tillstyrkte kommunstyrelsen avvikelsen?",
            "Hemställan från nämnden för funktionsstöd om avvikelse för nio assistansanvändare.",
            False,
        ),
    ],
)
def test_a_value_belongs_to_its_own_organ(question: str, text: str, other: bool):
    assert of_other_organs(question, text) is other


@pytest.mark.parametrize(
    ("question", "text", "person"),
    [
        # a person the question names in the genitive is no answer in the base form either
        (
            "Vem svarade på Anneli Rhedins fråga om skolan?",
            "Anneli Rhedin (M) ställer följande fråga: Tänker ni stänga skolan?",
            False,
        ),
        (
            "Vem svarade på Anneli Rhedins fråga om skolan?",
            "Kommunalrådet Viktoria Tryggvadottir Rolka (S) besvarar frågan.",
            True,
        ),
        ("Vem efterträder Helene Öhrling?", "Helene Öhrlings uppdrag förlängs.", False),
    ],
)
def test_a_person_the_question_names_is_no_answer_in_any_case(question, text, person):
    assert has_answer_type("person", text, question) is person
