"""Vote questions: the asked-for act, the parties a record names, and answers over real
Göteborg protocol excerpts (tests/data/goteborg) indexed by the real pipeline."""

from __future__ import annotations

import pytest

from assistant.answer import answer_question
from assistant.answer.intent import classify_question
from assistant.answer.support import build_query
from assistant.answer.votes import (
    ACTS,
    asked_act,
    motion_owners,
    parties_in,
    question_parties,
    topic_of,
    voting_parties,
)
from index.analyzer import SwedishAnalyzer


@pytest.mark.parametrize(
    ("question", "act"),
    [
        ("Vilka partier reserverade sig mot detaljplanen vid Vågnedalsvägen?", "reservation"),
        ("Med vilket röstresultat bifölls KD:s motion om demografiska utmaningar?", "result"),
        ("Hur jämn var omröstningen om motionen om Årets studentstad 2026?", "result"),
        ("How did the city council vote on the site for the new arena?", "result"),
        ("Vems förslag vann när fullmäktige antog näringslivsprogrammet?", "winner"),
        ("Vilka ledamöter deltog inte i beslutet om familjehemsvården?", "abstain"),
        ("Vilken ledamot avstod från att rösta när ombud valdes?", "abstain"),
        ("Vem yrkade att översiktsplanen skulle återremitteras?", "motion"),
        ("Vilka partier stod bakom motförslaget om kompletterande budget?", "motion"),
        ("Vilka lämnade reservation när nämnden antog yttrandet?", "reservation"),
        ("Vem anmälde skriftlig reservation mot beslutet om Liseberg?", "reservation"),
        ("Hur föll slutvoteringen om detaljplanen ut?", "result"),
        ("Hur många röster fick yrkandet om kartläggning?", "result"),  # a count of votes
        ("How many votes did the amendment get?", "result"),
        ("What was the vote when the council turned down the motion?", "result"),
        ("By what margin did the board adopt the plan?", "result"),
        # Jäv keeps a member out of a matter; "deltog inte" asks the same then.
        ("Vilken ledamot var jävig och deltog inte i ärendet om stiftelserna?", "conflict"),
        ("Vem anmälde jäv när bolagsordningen behandlades?", "conflict"),
        ("Which member declared a conflict of interest on the foundation item?", "conflict"),
    ],
)
def test_asked_act(question: str, act: str) -> None:
    found = asked_act(question)
    assert found is not None and found.name == act


@pytest.mark.parametrize(
    ("sentence", "tally"),
    [
        ("Omröstningen utfaller med 43 Ja mot 38 Nej.", True),
        ("Nämnden beslutade med sju röster mot fem att avgöra ärendet i dag.", True),
        ("Med röstsiffrorna 6 Ja och 3 Nej beslutar styrelsen enligt ordförandens förslag.", True),
        ("Två ledamöter mot tre nämnder fick uppdraget.", False),
    ],
)
def test_a_tally_is_two_counts_of_votes(sentence: str, tally: bool) -> None:
    result = next(act for act in ACTS if act.name == "result")
    assert bool(result.sentence.search(sentence)) is tally


def test_no_act_in_a_plain_fact_question() -> None:
    assert asked_act("Hur mycket extra fick grundskolenämnden för skolskjuts?") is None


@pytest.mark.parametrize(
    ("sentence", "parties"),
    [
        (
            "Ledamöterna från D och SD reserverar sig mot beslutet till förmån för det egna "
            "yrkandet.",
            ["D", "SD"],
        ),
        (
            "Nina Miskovsky (M), Agneta Kjaerbeck (SD) och Kristina Bergman Alme (L) yrkar "
            "bifall till yrkande från M, D, L och KD den 25 januari 2023.",
            ["M", "SD", "L", "D", "KD"],
        ),
        ("Enligt beslutssatserna i yrkandena från SD samt M och D: 1.", ["SD", "M", "D"]),
        ("Jörgen Fogelklou (SD) reserverar sig mot beslutet.", ["SD"]),
        ("Ordföranden ställer propositioner på yrkandena och finner att …", []),
        ("Remissen kom från Mölndal och Kungsbacka.", []),
    ],
)
def test_parties_in(sentence: str, parties: list[str]) -> None:
    assert parties_in(sentence) == parties


def test_question_parties() -> None:
    assert question_parties("Vilka yrkade bifall till L:s och KD:s förslag?") == {"L", "KD"}
    assert question_parties("Hur gick det för V-motionen om solvärme?") == {"V"}
    assert question_parties("Vilka partier reserverade sig mot detaljplanen?") == set()
    # A party named by its name is the party its code names.
    assert question_parties("Vem yrkade avslag på Sverigedemokraternas yrkande?") == {"SD"}
    assert question_parties("Stödde någon Moderaternas och Centerpartiets förslag?") == {"M", "C"}
    assert question_parties("Who backed the Christian Democrats' motion?") == {"KD"}
    # an English party adjective names the party; "moderate" is an everyday word
    assert question_parties("Who voted for the Liberal motion?") == {"L"}
    assert question_parties("Was the Social Democratic proposal adopted?") == {"S"}
    assert question_parties("Was there a moderate increase?") == set()


@pytest.fixture()
def goteborg(goteborg_assistant):
    return goteborg_assistant


def _ask(assistant, question: str):
    return answer_question(question, assistant.retriever(), assistant.settings.answer)


def test_party_reservation_lists_the_parties_of_the_record(goteborg) -> None:
    answer = _ask(
        goteborg, "Vilka partier reserverade sig mot beslutet om riktlinjen för familjehemsvården?"
    )
    assert answer.supported
    assert "Sverigedemokraterna (SD)" in answer.text
    assert "Jörgen Fogelklou (SD) reserverar sig mot beslutet." in answer.text
    assert "Kommunstyrelsen § 11" in answer.text
    assert "[1]" in answer.text and answer.citations


def test_abstention_quotes_who_did_not_take_part(goteborg) -> None:
    answer = _ask(
        goteborg, "Vilka ledamöter deltog inte i kommunstyrelsens beslut om familjehemsvården?"
    )
    assert answer.supported
    assert "Elisabet Lann (KD) deltar inte i beslutet." in answer.text


def test_vote_result_quotes_the_count_of_the_right_section(goteborg) -> None:
    answer = _ask(goteborg, "Hur röstade fullmäktige om riksnormen för ekonomiskt bistånd 2023?")
    assert answer.supported
    assert "Omröstningen utfaller med 43 Ja mot 38 Nej." in answer.text
    assert "Kommunfullmäktige § 10" in answer.text


def test_motion_parties_follow_the_owner_the_question_names(goteborg) -> None:
    answer = _ask(
        goteborg,
        "Vilka partier yrkade bifall till M:s förslag om riksnorm för ekonomiskt bistånd?",
    )
    assert answer.supported
    assert "Sverigedemokraterna (SD)" in answer.text
    assert "Centerpartiet" not in answer.text  # C moved the executive board's proposal


def test_english_vote_question_is_answered_in_english(goteborg) -> None:
    answer = _ask(
        goteborg, "How did the city council vote on the riksnorm for ekonomiskt bistånd in 2023?"
    )
    assert answer.supported
    assert answer.text.startswith("According to Kommunfullmäktige § 10")
    assert "43 Ja mot 38 Nej" in answer.text


def test_vote_question_off_topic_is_refused(goteborg) -> None:
    answer = _ask(goteborg, "Vilka partier reserverade sig mot beslutet om Liseberg?")
    assert not answer.supported
    assert answer.citations == []


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        ("Vilka stödde Caroline Frisks (SD) tilläggsyrkande om kris?", {"Frisk"}),
        ("Who backed Caroline Frisk's (SD) amendment?", {"Frisk"}),
        ("Vem yrkade avslag på Anna Nordins tilläggsyrkande?", {"Nordin"}),
        ("Vad yrkade Eleonore Lundkvist (M) i byggnadsnämnden?", set()),
    ],
)
def test_motion_owners_are_the_members_named_in_the_genitive(question, owners) -> None:
    assert motion_owners(question) == owners


@pytest.mark.parametrize(
    ("question", "mover", "not_mover"),
    [
        # The owner's own motion covers the question's words best, but does not answer it.
        (
            "Vilka ledamöter i individ- och familjenämnden stödde Caroline Frisks (SD) "
            "tilläggsyrkande om manuell handläggning vid kris?",
            "Anna Nordin (M) yrkar bifall till Caroline Frisks",
            "Caroline Frisk (SD) yrkar bifall till förvaltningens",
        ),
        # Support and opposition of the same motion stand side by side; the question's
        # stance picks one.
        (
            "Which members of the individual and family committee backed Caroline Frisk's (SD) "
            "amendment on manual case handling in a crisis?",
            "Anna Nordin (M) yrkar bifall",
            "yrkar avslag",
        ),
        (
            "Vem stödde Anna Nordins tilläggsyrkande i äldrenämnden?",
            "Caroline Frisk (SD) yrkar bifall till Anna Nordin",
            "Per Ström",
        ),
        (
            "Who moved to reject Anna Nordin's (M) amendment in the elderly care committee?",
            "Per Ström (V) yrkar avslag",
            "Caroline Frisk",
        ),
        # The party named by its name owns the motion, as its code would: the members who
        # moved on the SD's motion answer, not the SD member's own motion, and a § of
        # another organ ("Äldrenämnden § 127", where the SD member moves on the M's motion)
        # records another meeting.
        (
            "Vem yrkade bifall till Sverigedemokraternas tilläggsyrkande i individ- och "
            "familjenämnden?",
            "Anna Nordin (M) yrkar bifall till Caroline Frisks (SD)",
            "Äldrenämnden",
        ),
        (
            "Vilken ledamot yrkade avslag på Sverigedemokraternas tilläggsyrkande?",
            "Vicki Skure Eriksson (C) yrkar avslag",
            "Caroline Frisk (SD) yrkar",
        ),
        (
            "Vem i äldrenämnden yrkade avslag på Moderaternas tilläggsyrkande?",
            "Per Ström (V) yrkar avslag",
            "Individ- och familjenämnden",
        ),
        # In English, by the party's English name.
        (
            "Who moved to reject the Sweden Democrats' amendment in the individual and "
            "family committee?",
            "Vicki Skure Eriksson (C) yrkar avslag",
            "Caroline Frisk (SD) yrkar",
        ),
        (
            "Who supported the Moderates' amendment in the elderly care committee?",
            "Caroline Frisk (SD) yrkar bifall till Anna Nordin (M)",
            "Per Ström",
        ),
    ],
)
def test_motion_on_a_members_motion_names_the_others(
    sample_assistant, question, mover, not_mover
) -> None:
    answer = sample_assistant.ask(question)
    assert mover in answer.text
    assert not_mover not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Vilka lämnade reservation i äldrenämnden när yttrandet om det digitala programmet antogs?",
        "Vem anmälde reservation mot äldrenämndens beslut om programmet för digital utveckling?",
    ],
)
def test_handing_in_a_reservation_is_reserving(sample_assistant, question) -> None:
    """'lämna/anmäla reservation' is the noun form of 'reservera sig': every member who
    reserved herself in the § is listed."""
    answer = sample_assistant.ask(question)
    assert "Anna Nordin" in answer.text and "Caroline Frisk" in answer.text


def test_a_yrkande_that_words_a_new_text_is_quoted_to_its_closing_mark(sample_assistant) -> None:
    answer = sample_assistant.ask(
        "Hur ville Moderaterna i byggnadsnämnden att yttrandet skulle lyda enligt deras yrkande?"
    )
    assert "yrkar att yttrandet ska ändras till" in answer.text
    assert "Programmet behöver innehålla konkreta mål, tidplan och kostnadsberäkningar" in (
        answer.text
    )


@pytest.mark.parametrize(
    ("question", "group", "answer_type"),
    [
        # "Vilka partiers ledamöter" asks for parties, and a decision named in a clause of time
        # only dates the reservation asked about.
        (
            "Vilka partiers ledamöter reserverade sig när fullmäktige beslöt att anta planen?",
            "party",
            None,
        ),
        ("Vilka ledamöter reserverade sig när nämnden beslutade om taxan?", None, "person"),
        ("Vad beslutade fullmäktige om motionen?", None, "decision"),
    ],
)
def test_the_act_asked_about_and_not_the_decision_that_dates_it(question, group, answer_type):
    from assistant.answer.intent import classify_question

    intent = classify_question(question, "sv")
    assert (intent.group, intent.answer_type) == (group, answer_type)


def test_every_declaration_of_jav_in_the_section_answers() -> None:
    from assistant.answer.votes import _act_sentences

    act = asked_act("Vem var jävig i ärendet?")
    assert act is not None
    text = (
        "Maria Wåhlin (V) deltar inte i handläggningen av ärendet på grund av jäv. "
        "3 ledamöter avstår från att rösta. Per Holm (S) anmäler jäv och lämnar sammanträdet."
    )
    assert _act_sentences(text, act) == [
        "Maria Wåhlin (V) deltar inte i handläggningen av ärendet på grund av jäv.",
        "Per Holm (S) anmäler jäv och lämnar sammanträdet.",
    ]


def test_an_english_organ_word_is_covered_only_by_that_organs_record():
    from assistant.answer.support import build_query
    from assistant.answer.votes import _organ_names
    from index.analyzer import SwedishAnalyzer

    units = {
        u.label: u
        for u in build_query("the council vote on the motion", "en", SwedishAnalyzer()).units
    }
    names = _organ_names(units["council"])
    assert names and all(n in "kommunfullmäktige" for n in names)
    assert not any(n in "kommunstyrelsen" for n in names)
    assert _organ_names(units["motion"]) == []


@pytest.mark.parametrize(
    ("question", "voters"),
    [
        (
            "Hur röstade SD:s ledamot i kommunstyrelsen när budgetarna ställdes mot varandra?",
            {"SD"},
        ),
        ("Hur röstade Sverigedemokraterna om budgeten?", {"SD"}),
        ("How did the SD member vote on the budget?", {"SD"}),
        ("How did the Moderates vote?", {"M"}),
        ("Hur röstade fullmäktige om SD:s förslag?", set()),  # SD owns the matter
        ("Hur röstade kommunstyrelsen?", set()),
    ],
)
def test_the_voters_a_question_asks_about(question: str, voters: set[str]) -> None:
    assert voting_parties(question) == voters


def test_a_partys_vote_quotes_its_members_line(goteborg) -> None:
    answer = _ask(
        goteborg,
        "Hur röstade Sverigedemokraternas ledamot i exploateringsnämnden om motionen om "
        "demografiska utmaningar?",
    )
    assert answer.supported
    assert "Mikael Sandberg (SD)" in answer.text and "röstar Nej (5)" in answer.text
    assert "röstar Ja (6)" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Hur föll voteringen mellan styrelsens förslag och oppositionens yrkande om budgeten?",
        "Med vilka röstsiffror vann majoritetens förslag om budgeten?",
        "How did the council vote on the opposition's proposal on the budget?",
    ],
)
def test_a_bloc_is_no_topic_word_of_a_vote(question: str) -> None:
    lang = "en" if question.startswith("How") else "sv"
    intent = classify_question(question, lang)
    act = asked_act(intent.topic)
    query = build_query(intent.topic, lang, SwedishAnalyzer())
    labels = [u.label.casefold() for u in topic_of(query, act, intent.topic).units]
    assert not any(("opposition" in label or "majoritet" in label) for label in labels)
    assert any("budget" in label for label in labels)


def test_a_tally_of_members_lines_is_quoted_whole(goteborg) -> None:
    answer = _ask(
        goteborg, "Hur röstade exploateringsnämnden om motionen om demografiska utmaningar?"
    )
    assert answer.supported
    assert "röstar Ja (6)" in answer.text and "röstar Nej (5)" in answer.text


def test_a_lower_case_party_adjective_is_an_everyday_word() -> None:
    assert question_parties("Was a more liberal alcohol policy adopted?") == set()


@pytest.mark.parametrize(
    "question",
    [
        "How many votes did the Social Democrats receive in the 2022 election?",
        "Hur många röster fick SD i valet 2022?",
    ],
)
def test_the_votes_of_an_election_are_no_vote_of_a_meeting(question: str) -> None:
    assert asked_act(question) is None
