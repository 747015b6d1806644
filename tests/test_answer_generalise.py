"""Mechanisms that keep an answer when a question is put in other words: compound heads,
proposal labels, participation that is no vote. Each is tested with the real sample index
and with variants of our own, and at the unit level."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import asks_several, has_answer_type, names_role, typed_values
from assistant.answer.features import holds_type
from assistant.answer.intent import classify_question
from assistant.answer.listed import _PASSIVE_GROUP
from assistant.answer.support import build_query, canonical, shares_head, text_terms, word_of
from index.analyzer import SwedishAnalyzer


@pytest.mark.parametrize(
    ("stem", "term", "same"),
    [
        ("lyktstolp", "belysningsstolp", True),  # two compounds with one head
        ("stolp", "belysningsstolp", True),  # a head and a compound of it
        ("invånar", "kommuninvånar", True),
        ("kostnad", "kostnad", False),  # the same word is no compound match
        ("information", "organisation", False),  # "-ation" is an ending, not a head
        ("planering", "belysning", False),
        ("avgift", "gift", False),  # too short a head
    ],
)
def test_compounds_share_a_head(stem: str, term: str, same: bool) -> None:
    assert shares_head(stem, term) is same


def test_a_proposal_label_holds_a_proposal() -> None:
    sentence = (
        "• Förbättringsförslag: Gällande målområde Datadrivna staden behöver det säkerställas."
    )
    assert has_answer_type("decision", sentence)
    assert not has_answer_type("decision", "Förslaget till program har skickats ut på remiss.")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Vilket universitet deltog i samtalen som ledde fram till STARK?", "fact"),
        ("Vilka kommuner deltog i mötet?", "fact"),
        ("Vilka ledamöter deltog inte i beslutet?", "vote"),
        ("Vem deltar inte i beslutet på grund av jäv?", "vote"),
    ],
)
def test_taking_part_is_no_vote_but_not_taking_part_in_a_decision_is(
    question: str, kind: str
) -> None:
    assert classify_question(question, "sv").kind == kind


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Hur många lyktstolpar ingår i gatubelysningsnätet som teknik- och "
            "fastighetsförvaltningen i Västerås ansvarar för?",
            "29 000",
        ),
        ("Hur många stolpar har gatubelysningsnätet i Västerås?", "29 000"),
        ("Vad föreslog Mälarenergi när det gäller målområdet Datadrivna staden?", "datastruktur"),
        ("What improvement did Mälarenergi propose for the data-driven city goal?", "datastruktur"),
        (
            "Vilket universitet deltog i de diskussioner som ledde fram till STARK-samarbetet?",
            "Mälardalens universitet",
        ),
        # An English focus word the glossary cannot render does not refuse on its own.
        pytest.param(
            "How many street lamps does the street lighting network in Västerås have?",
            "29 000",
            marks=pytest.mark.xfail(
                strict=True,
                reason="a failure kind left: with no Swedish word for 'street lamps' the count "
                "of another thing ('tre områden') ranks first",
            ),
        ),
        # "technical" now finds "teknisk" (a loanword, `cognates`), which places the count.
        ("How many lampposts does Västerås's technical administration look after?", "29 000"),
    ],
)
def test_paraphrased_questions_keep_their_answer(sample_assistant, question, expected) -> None:
    answer = sample_assistant.ask(question)
    assert answer.supported and expected in answer.text


@pytest.mark.parametrize(
    "line",
    [
        "Innehåll 1 Samlad bedömning ........................................ 3",
        "2 Granskningens inriktning . . . . . . . . . . 5",
        "Bakgrund……………… 4",
    ],
)
def test_a_table_of_contents_line_is_never_quoted(line: str) -> None:
    from assistant.answer.extractive import _quotable

    assert not _quotable(line)
    assert _quotable("Revisorerna bedömer att fyra av sju mål inte kommer att nås.")


@pytest.mark.parametrize(
    ("line", "quotable"),
    [
        ("Göteborg den 19 oktober 2022 Göteborgs kommunstyrelse", False),
        ("Arboga den 3 maj 2024", False),
        ("Norrvalla, den 12 januari 2025 Kulturnämnden", False),
        ("Göteborg den 19 oktober 2022 beslutade kommunstyrelsen att anta planen.", True),
    ],
)
def test_the_line_a_letter_is_signed_with_is_never_quoted(line: str, quotable: bool) -> None:
    from assistant.answer.extractive import _quotable

    assert _quotable(line) is quotable


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Vilka remissinstanser saknade synpunkter på programmet?", True),
        ("Vilka nämnder hade inget att invända mot programmet?", True),
        ("Which consultees had no comments on the programme?", True),
        ("Vilka nämnder lämnade synpunkter på programmet?", False),
        ("Which committees raised IT-security concerns?", False),
    ],
)
def test_a_negation_aggregate_is_recognised(question: str, asks: bool) -> None:
    from assistant.answer.intent import asks_no_remarks

    assert asks_no_remarks(question) is asks


def test_no_remarks_sentences_and_the_other_remarks_opening() -> None:
    from index.lexicon import NO_REMARKS, OTHER_REMARKS

    for said in (
        "Nämnden har inga synpunkter att lämna på programmet.",
        "Bolaget har inget att erinra mot förslaget.",
        "Styrelsen avstår från att yttra sig.",
        "Förslaget tillstyrks utan synpunkter.",
    ):
        assert NO_REMARKS.search(said) and not OTHER_REMARKS.search(said)
    assert OTHER_REMARKS.search("I övrigt har Mälarenergi inget att erinra.")
    assert not NO_REMARKS.search("Nämnden har flera synpunkter på programmet.")


@pytest.mark.parametrize(
    ("question", "organs", "not_organs"),
    [
        (
            "Vilka remissinstanser uppgav att de inte hade några synpunkter eller tillägg på "
            "programmet för digital utveckling?",
            ["Valnämnden", "Överförmyndarnämnden", "Mimer"],
            ["Mälarenergi"],  # "I övrigt … inget att erinra": it had comments
        ),
        (
            "Vilka nämnder hade inget att invända mot programmet för digital utveckling?",
            ["Valnämnden", "Överförmyndarnämnden"],
            ["Mimer", "Kulturnämnden"],  # a company is no nämnd; Kulturnämnden had comments
        ),
        (
            "Which consultees said they had no comments on the digital development programme?",
            ["Valnämnden", "Överförmyndarnämnden", "Mimer"],
            ["Mälarenergi"],
        ),
    ],
)
def test_negation_aggregates_list_the_bodies_that_raised_nothing(
    sample_assistant, question, organs, not_organs
) -> None:
    answer = sample_assistant.ask(question)
    assert answer.supported and answer.kind == "aggregate"
    head = answer.text.split("\n")
    named = [line.split(":")[0] for line in head[1:]]
    for organ in organs:
        assert any(organ in line for line in named), (organ, named)
    for organ in not_organs:
        assert not any(organ in line for line in named), (organ, named)


def test_a_column_of_subheadings_read_into_a_sentence_is_not_quoted() -> None:
    from assistant.answer.extractive import _quotable

    garbled = (
        "För att säkra Yrkande S bemanningsfrågan behöver Omröstning kommunstyrelsen och "
        "Protokollsanteckning kommunfullmäktige ta ett större KD ansvar."
    )
    assert not _quotable(garbled)
    assert _quotable(
        "Yrkande från S: kommunstyrelsen behöver ta ett större ansvar för bemanningen."
    )


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Den 23 maj 2025 informerades nämnden om att ärendet avslutats den 25 april.", False),
        ("5.1 Uppföljning av verksamhetsmålen", False),
        ("Fyra av de sju verksamhetsmålen bedöms inte uppnås.", True),
        ("Det kom 12 deltagare till mötet den 3 mars.", True),
    ],
)
def test_dates_and_section_numbers_count_nothing(sentence: str, counts: bool) -> None:
    assert has_answer_type("count", sentence) is counts


MOTION_REPORTS = [
    "I motionen föreslås kommunfullmäktige besluta att: 1. Kommunstyrelsen får i uppdrag att "
    "ta fram en handlingsplan för demografiska utmaningar.",
    "En motion av Ann Catrine Fogelgren (L) och Eva Flyborg (L) har inkommit med förslag om "
    "att kommunstyrelsen ges i uppdrag att ansöka om att bli kulturhuvudstad.",
    "Motionärerna föreslår att nämnden ska utreda frågan om simhallens öppettider.",
]


@pytest.mark.parametrize("report", MOTION_REPORTS)
@pytest.mark.parametrize(
    "question",
    [
        "Vad föreslog kommunstyrelsen om L-motionen om kulturhuvudstad?",
        "Vad beslutade fullmäktige om motionen om en handlingsplan?",
        "What did the city executive board propose on the motion?",
    ],
)
def test_what_a_motion_proposes_is_no_decision_of_the_organ_asked_about(report, question):
    """A question about an organ's proposal or decision on a motion is not answered by the
    motion's own proposal; the organ's formula ("motionen avslås") still answers it."""
    intent = classify_question(question, "en" if question.startswith("What") else "sv")
    assert intent.answer_type == "decision"
    assert not holds_type(intent, report)
    assert holds_type(intent, "Den av Ann Catrine Fogelgren väckta motionen avslås.")
    assert holds_type(intent, "Kommunstyrelsen föreslår att motionen anses besvarad.")


def test_a_question_about_the_motion_itself_is_answered_by_its_proposal():
    intent = classify_question("Vad föreslog L i motionen om kulturhuvudstad?", "sv")
    assert holds_type(intent, MOTION_REPORTS[1])


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Vad beräknas handlingsplanen kosta totalt?", "amount"),
        ("Hur mycket har projektet kostat hittills?", "amount"),
        ("Vilken kommun tog över ordförandeskapet i 4M?", "municipality"),
        ("Vilka kommuner ingår i samarbetet?", "municipality"),
        ("Which municipality took over the chair?", "municipality"),
        ("I vilken kommun hölls mötet?", "place"),
    ],
)
def test_answer_types_by_the_verb_or_noun_asked_for(question: str, answer_type: str) -> None:
    lang = "en" if question.startswith("Which") else "sv"
    assert classify_question(question, lang).answer_type == answer_type


@pytest.mark.parametrize(
    ("answer_type", "text", "held"),
    [
        ("municipality", "Västerås överlämnar sitt ordförandeskap till Enköping.", True),
        ("municipality", "Ordförandeskapet lämnas vidare till Upplands Väsby.", True),
        ("municipality", "Staffan Jansson överlämnar ordförandeskapet till Peter Book.", False),
        ("municipality", "Enköpings kommun svarade på remissen.", True),
    ],
)
def test_a_municipality_is_one_of_swedens_290(answer_type: str, text: str, held: bool) -> None:
    assert has_answer_type(answer_type, text) is held


@pytest.mark.parametrize(
    ("answer_type", "question", "text", "held"),
    [
        # the only name is the one asked about: no successor is named
        ("person", "Vem efterträder Helene Öhrling som samordnare?",
         "Helene Öhrling samordnare ett år till.", False),
        ("person", "Vem efterträder Helene Öhrling som samordnare?",
         "Helene Öhrling efterträds av Anna Berg.", True),
        # the date the question gives is not the date it asks for
        ("date", "Vilket datum ska svaret lämnas efter mötet den 8 december?",
         "Mötet hölls den 8 december.", False),
        ("date", "Vilket datum ska svaret lämnas efter mötet den 8 december?",
         "Svar lämnas senast den 15 januari.", True),
        ("municipality", "Vilken kommun tog över ordförandeskapet efter Västerås?",
         "Västerås lämnade ordförandeskapet.", False),
        ("amount", "Vad kostar det utöver de 100 000 kronor som redan anvisats?",
         "Av de 100 000 kronor som anvisats återstår inget.", False),
    ],
)  # fmt: skip
def test_a_value_the_question_gives_is_no_answer_to_it(answer_type, question, text, held) -> None:
    assert has_answer_type(answer_type, text, question) is held


@pytest.mark.parametrize(
    ("question_word", "text_word"),
    [
        ("erbjöd", "erbjuder"),
        ("tog", "tar"),
        ("fått", "får"),
        ("grep", "griper"),
        ("vann", "vinner"),
    ],
)
def test_a_strong_verbs_past_finds_its_present(question_word: str, text_word: str) -> None:
    analyzer = SwedishAnalyzer()
    asked = word_of(question_word, analyzer)
    said = word_of(text_word, analyzer)
    assert asked is not None and said is not None
    assert asked.stem == said.stem


@pytest.mark.parametrize("word", ["hållbar", "blad", "droger", "låg"])
def test_words_that_only_end_like_a_strong_past_keep_their_stem(word: str) -> None:
    analyzer = SwedishAnalyzer()
    (stem,) = analyzer.word_terms(word)[:1]
    assert canonical(stem) == stem


@pytest.mark.parametrize(
    ("question", "passive"),
    [
        ("Vilka nämnder läggs ned i och med den nya organisationen?", True),
        ("Vilka bolag omfattas av beslutet?", True),
        ("Which committees were abolished?", True),
        ("Vilka nämnder tog upp informationssäkerhet?", False),
        ("Vilka nämnder svarade på remissen?", False),
        ("Which committees raised IT security?", False),
    ],
)
def test_a_group_in_the_passive_is_what_a_sentence_acts_on(question: str, passive: bool) -> None:
    """ "Vilka nämnder läggs ned" is answered by the list inside a decision, not by texts the
    organs wrote themselves."""
    assert bool(_PASSIVE_GROUP.search(question)) is passive


@pytest.mark.parametrize(
    ("answer_type", "text"),
    [
        ("amount", "Göteborgs Stad har idag en skuld på cirka 50 mdkr."),
        ("period", "Frågestunden inleder sammanträdet och pågår en halvtimme."),
        ("period", "Mötet pågår i tre timmar."),
    ],
)
def test_units_of_money_and_time_in_municipal_text(answer_type: str, text: str) -> None:
    assert has_answer_type(answer_type, text)


def test_a_list_question_counts_the_values_a_sentence_names() -> None:
    """ "Vilka personer…" is answered best by the sentence naming most people; an office
    ("förbundsdirektören") stands in for a person only when the question asks for one."""
    several = "Utöver Gitte Caous så ingår även Rickard Vidlund och Maria Reinholdsson i gruppen."
    office = "För planeringen tillsätts en beredningsgrupp med förbundsdirektören."
    assert asks_several("Vilka personer sitter i beredningsgruppen?")
    assert not asks_several("Vem leder beredningsgruppen?")
    assert typed_values("person", several) == 3
    assert typed_values("municipality", "Enköping, Västerås och Eskilstuna deltog.") == 3
    assert not names_role(office, "Vilka personer sitter i beredningsgruppen?")
    assert names_role(office, "Vem ska ta fram agendan?")


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Bifogat material: Följebrev | Dokumentidentitet:1872979 Presentation", False),
        ("Postadress: Box 14, 721 03 Västerås Org nr: 556448-9150 Tel: 031-368 02 10", False),
        ("Gatubelysningsnätet har sina 29 000 belysningsstolpar.", True),
        ("Antal Ja: 40", True),
    ],
)
def test_identifiers_count_nothing(sentence: str, counts: bool) -> None:
    assert has_answer_type("count", sentence) is counts


@pytest.mark.parametrize(
    ("question", "answer_type", "noun"),
    [
        ("Vilken kommun tog över ordförandeskapet i 4M?", "municipality", "kommun"),
        ("Which municipality took over the chair?", "municipality", "municipality"),
        ("Vilket datum ska remissvaret vara inne?", "date", "datum"),
        ("Under vilken period gäller avtalet?", "period", "period"),
        # A noun that is not the asked type's stays a word the sentence must say.
        ("Vilken nämnd yttrade sig om programmet?", None, None),
        ("Vilket belopp avsätts till projektet?", "amount", "belopp"),
        ("Vilket projekt kostar mest?", "amount", None),
        # A noun of money after a preposition names the matter, not the answer.
        ("Hur föll omröstningen om budgeten för 2025?", None, None),
        ("How did the vote on the budget go?", None, None),
        ("Vad beslutade nämnden om kostnaden för bygget?", "decision", None),
        ("Vad är budgeten för bygget?", "amount", None),
        ("Hur stora intäkter ger avgifterna?", "amount", None),
        # The question's own preposition before its question word asks for the sum.
        ("Till vilket pris såldes marken?", "amount", None),
        ("By what amount was the grant raised?", "amount", "amount"),
        ("What revenue did the parking fees bring?", "amount", None),
        # Which one of a kind of person is a person.
        ("Vilken konstnär skapade skulpturen på torget?", "person", None),
        ("Which architect designed the library?", "person", None),
        ("Vilka ledamöter yrkade avslag?", "person", "ledamöter"),
        ("Vilken nämnd tog över parkerna?", None, None),
    ],
)
def test_the_noun_naming_the_answer_type(question: str, answer_type, noun) -> None:
    from assistant.answer.answer_types import type_noun
    from assistant.answer.intent import answer_type_of

    assert answer_type_of(question) == answer_type
    assert type_noun(question, answer_type) == noun


def test_a_value_of_the_asked_type_stands_for_the_noun_naming_it() -> None:
    from assistant.answer.features import question_view
    from assistant.answer.support import build_query

    analyzer = SwedishAnalyzer()
    question = "Vilken kommun tog över ordförandeskapet i styrgruppen?"
    intent = classify_question(question, "sv")
    view = question_view(build_query(question, "sv", analyzer), intent)
    labels = {u.label.casefold() for u in view.subject.units}
    assert "kommun" not in labels and "ordförandeskapet" in labels
    assert "kommun" in {u.label.casefold() for u in view.query.units}


@pytest.mark.parametrize(
    ("question", "text", "found"),
    [
        ("Vad yrkade Sverigedemokraternas ledamot?", "Anna Ek (SD) yrkar bifall.", True),
        ("Vad yrkade Sverigedemokraternas ledamot?", "yrkandena från SD samt M", True),
        ("Vad föreslog Moderaterna?", "Eva Ek (M) yrkar avslag.", True),
        # A lone "M" is too often something else (a unit, an initial) to name the party.
        ("Vad föreslog Moderaterna?", "Ytan är 300 m och M är en förkortning.", False),
        ("Vad föreslog Moderaterna?", "Eva Ek (S) yrkar avslag.", False),
    ],
)
def test_a_party_named_by_its_name_is_found_by_its_code(question, text, found) -> None:
    from assistant.answer.anchors import anchor_patterns

    assert any(p.search(text) for p in anchor_patterns(question)) is found


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ('Anna Ek (M) yrkar att texten ska ändras till "Nämnden ser behovet.', "Mer krävs.", True),
        ("Hon yrkar på tillägg: ”Arbetet ska följas upp.", "Det ska ske årligen.”", True),
        # A chunk that starts inside a quotation holds only its closing mark.
        ("taktar jämt med utvecklingen inom området”.", "Eva Ek (S) yrkar bifall.", False),
        ("Nämnden antar ”Plan för IT” som sin plan.", "Beslutet gäller nu.", False),
    ],
)
def test_a_sentence_that_opens_a_quotation_goes_on_to_its_close(before, after, joined) -> None:
    from assistant.answer.extractive import _continues

    assert _continues(before, after) is joined


@pytest.mark.parametrize(
    ("question", "answer_type", "kind"),
    [
        ("Vad står STARK för?", "expansion", "fact"),
        ("Vad står förkortningen LOV för?", "expansion", "fact"),
        ("What does the abbreviation GR stand for?", "expansion", "fact"),
        # An English participle before its noun asks about no act of proposing.
        ("What does STARK stand for in Arboga's proposed agreement?", "expansion", "fact"),
        ("Who proposed the agreement?", "person", "vote"),
        # "står för" is no acronym; who bears a cost is asked with "vem", not for the sum.
        ("Vem står för kostnaden?", "person", "fact"),
    ],
)
def test_what_an_acronym_stands_for(question: str, answer_type: str, kind: str) -> None:
    intent = classify_question(question, "sv" if question.startswith("V") else "en")
    assert (intent.answer_type, intent.kind) == (answer_type, kind)


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("ett avtal om kunskap om strategiskt arbete i regioner och kommuner (STARK).", True),
        ("Ersättningar enligt LOV (lagen om valfrihet) räknas upp.", True),
        ("STARK-avtalet gäller i tre år.", False),
        ("Avtalet (se bilaga) gäller STARK.", False),
    ],
)
def test_an_expansion_is_the_words_around_the_acronym_in_parentheses(text, held) -> None:
    question = "Vad står LOV för?" if "LOV" in text else "Vad står STARK för?"
    assert has_answer_type("expansion", text, question) is held


def test_an_acronym_question_quotes_the_words_it_is_short_for(sample_assistant) -> None:
    answer = sample_assistant.ask("Vad står STARK för?")
    assert answer.supported
    assert "strategiskt arbete i regioner och kommuner (STARK)" in answer.text


@pytest.mark.parametrize(
    ("question", "text", "held"),
    [
        ("Hur mycket var klockan när sammanträdet ajournerades?", "Klockan är 21:51.", True),
        ("At what time did the chair arrive?", "Akbas, Aslan S 15:59 20:47", True),
        ("Vilket klockslag började mötet?", "Mötet började klockan 9 i stadshuset.", True),
        ("Hur mycket var klockan när sammanträdet ajournerades?", "Det kostar 21,50 kr.", False),
        ("At what time did the chair arrive?", "Sammanträdet hölls den 7 september 2023.", False),
    ],
)
def test_a_time_of_day(question: str, text: str, held: bool) -> None:
    intent = classify_question(question, "en" if question.startswith("At") else "sv")
    assert intent.answer_type == "time"
    assert has_answer_type("time", text, question) is held


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        # The noun after "hur stort" is what the size is of, not a budget named as context.
        (
            "Hur stort särskilt föreningsstöd beslutades i kompletterande budget 2023?",
            "föreningsstöd",
        ),
        ("Hur höga avgifter tar nämnden ut enligt budget?", "avgifter"),
        ("Hur stor är budgeten för projektet?", "budgeten"),
        ("Vad kostar projektet enligt budgeten?", "kostar"),
    ],
)
def test_a_size_question_is_about_the_noun_it_sizes(question: str, focus: str) -> None:
    intent = classify_question(question, "sv")
    assert (intent.answer_type, intent.focus) == ("amount", focus)


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        # An aspect verb leaves the content to the verb it governs, which a text may say with
        # a noun ("en kraftig brand bröt ut").
        ("Vilken dag började det brinna i badhuset?", None),
        ("När slutade man att ta ut avgiften?", None),
        ("När antog fullmäktige planen?", "antog"),
    ],
)
def test_an_aspect_verb_is_no_content_verb(question: str, verb) -> None:
    from assistant.answer.intent import verb_of

    assert verb_of(question) == verb


@pytest.mark.parametrize(
    ("question", "word", "text"),
    [
        # Plain words for what documents name otherwise: a matter sent back is återremitterat,
        # what costs nothing is avgiftsfritt, the people of a place are its invånare.
        ("Vem ville skicka tillbaka ärendet?", "tillbaka", "ärendet ska återremitteras"),
        ("Hur många kopior är kostnadsfria?", "kostnadsfria", "avgiftsfria kopior"),
        ("Hur många människor bor i regionen?", "människor", "drygt 340 000 invånare"),
    ],
)
def test_plain_words_find_the_documents_words(question: str, word: str, text: str) -> None:
    from assistant.answer.support import text_terms

    analyzer = SwedishAnalyzer()
    units = build_query(question, "sv", analyzer).units
    unit = next(u for u in units if word in u.label)
    assert unit.cover(text_terms(text, analyzer)) >= 0.8


def test_fatta_beslut_is_a_support_verb_and_a_winning_yrkande_is_granted() -> None:
    analyzer = SwedishAnalyzer()
    query = build_query("Hur fattade kommunstyrelsen sitt beslut – och vems yrkande vann?", "sv",
                        analyzer)  # fmt: skip
    labels = [u.label for u in query.units]
    assert "fattade" not in labels and "beslut" in labels
    won = next(u for u in query.units if u.label.startswith("vann"))
    granted = text_terms("Kommunstyrelsen beslutade att bifalla Karin Pleijels yrkande.", analyzer)
    assert won.cover(granted) >= 0.8
    assert won.cover(text_terms("Yrkandet från KD, M och L vinner.", analyzer)) >= 0.8
    assert classify_question("Hur fattade nämnden beslutet?", "sv").verb is None


@pytest.mark.parametrize(
    ("question", "lang", "answer_type"),
    [
        ("Vad är timavgiften för tillsyn 2025?", "sv", "amount"),
        ("Vilken timtaxa gäller för tillsyn enligt miljöbalken?", "sv", "amount"),
        ("Vad blir hyran för den nya skolan?", "sv", "amount"),
        ("What is the rescue service's hourly handling fee for inspections?", "en", "amount"),
        # the charge is no head of the question: something else is asked about it
        ("Vad är syftet med den nya taxan?", "sv", None),
        ("Vilken nämnd beslutar om taxan?", "sv", None),
        ("Vad innebär avgiftsfriheten?", "sv", None),
        ("Vilken nämnd beslutade taxan?", "sv", None),
        ("Which committee set the fee?", "en", None),
        # another asked type comes first
        ("Vilket datum höjdes taxan?", "sv", "date"),
        ("Which date does the new rent apply from?", "en", "date"),
        ("Vilken dag träder den nya taxan i kraft?", "sv", "date"),
        ("Vilket beslut fattade kommunfullmäktige gällande taxan?", "sv", "decision"),
    ],
)
def test_a_charge_asked_for_by_name_is_an_amount(question, lang, answer_type) -> None:
    assert classify_question(question, lang).answer_type == answer_type


@pytest.mark.parametrize(
    ("question", "lang", "act"),
    [
        ("Vilka bolag lämnade remissvar på programmet?", "sv", "lämnade"),
        ("Vilka nämnder skickade in yttranden om planen?", "sv", "skickade"),
        ("Which companies submitted responses to the consultation?", "en", "submitted"),
    ],
)
def test_handing_in_a_response_is_the_frame_of_a_which_question(question, lang, act) -> None:
    """The document that is the answer never says it was handed in: the act carries no topic."""
    intent = classify_question(question, lang)
    assert intent.kind == "aggregate"
    assert act in intent.frame


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("Sammanträdet den 2 oktober sker på förskoleförvaltningen.", True),
        ("Mötet hålls på stadsledningskontoret.", True),
        ("Förvaltningen ska redovisa kostnaderna.", False),
    ],
)
def test_an_office_hosting_a_meeting_is_a_place(sentence: str, holds: bool) -> None:
    assert has_answer_type("place", sentence) is holds


def test_being_consulted_frames_a_which_question() -> None:
    for question, lang in (
        ("Which committees were consulted on the motion about dog parks?", "en"),
        ("Vilka nämnder tillfrågades om motionen?", "sv"),
    ):
        intent = classify_question(question, lang)
        assert intent.kind == "aggregate"
        units = [
            u.label
            for u in build_query(intent.topic, lang, SwedishAnalyzer(), drop=intent.frame).units
        ]
        assert not {"consulted", "tillfrågades"} & set(units)


@pytest.mark.parametrize(
    ("question", "sentence", "holds"),
    [
        ("Vem justerade kommunstyrelsens protokoll den 12 juni?",
         "Axel Josefson (M) yrkar bifall till yrkandet från M.", False),
        ("Vem justerade kommunstyrelsens protokoll den 12 juni?",
         "Axel Josefson (M) och Anna Berg (S) justerar dagens protokoll.", True),
        ("Who took the minutes at the meeting?", "Vid protokollet Stina Ek", True),
        ("Who took the minutes at the meeting?", "Stina Ek (S) yrkar avslag.", False),
        ("Vem förde anteckningarna vid mötet?", "Vid tangenterna Katarina Ek", True),
        # No role asked: any person will do.
        ("Vem yrkade avslag?", "Stina Ek (S) yrkar avslag.", True),
    ],
)  # fmt: skip
def test_a_meeting_role_is_answered_only_by_a_text_that_says_it(question, sentence, holds):
    lang = "en" if question.startswith("Who") else "sv"
    assert holds_type(classify_question(question, lang), sentence) is holds


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("Uppföljningen sker bara vart tredje år.", True),
        ("Planen revideras två gånger per år.", True),
        ("Rapporten lämnas varannan månad.", True),
        ("Nämnden följer upp planen årligen.", True),
        ("Uppföljningen omfattar varje bil.", False),
        ("Nämnden följer upp planen systematiskt.", False),
    ],
)
def test_how_often_needs_a_frequency(sentence: str, holds: bool) -> None:
    from assistant.answer.intent import answer_type_of

    assert answer_type_of("Hur ofta följer nämnden upp planen?") == "frequency"
    assert answer_type_of("How often is the plan followed up?") == "frequency"
    assert has_answer_type("frequency", sentence) is holds


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Vem var sekreterare när kulturnämnden behandlade motionen?", "secretary"),
        ("Who chaired the meeting on 3 May?", "chair"),
        # No meeting: a role word alone does not make a question about one.
        ("Who co-signed the motion on rental apartments?", None),
        ("Who adjusted the fees?", None),
        ("Vem blir ordförande när den nya nämnden inrättas?", None),
        ("Vem var vice ordförande när styrelsen beslutade om försäljningen?", None),
    ],
)
def test_a_meeting_role_is_asked_only_about_a_meeting(question: str, role) -> None:
    from assistant.answer.meeting import asked_field

    lang = "en" if question.startswith("Who") else "sv"
    assert classify_question(question, lang).role == role
    assert asked_field(question) == role


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Vem var ordförande vid sammanträdet?", "Mötesordförande: Karin Bernmar (S)."),
        ("Vem var sekreterare vid mötet?", "Nämndsekreterare Kim Lund."),
        ("Vem justerade protokollet?", "Protokolljusterare: Bo Ek (M)."),
        ("Who chaired the meeting?", "Ordf. Anna Berg (S)"),
    ],
)
def test_a_compound_role_title_says_the_role(question: str, sentence: str) -> None:
    lang = "en" if question.startswith("Who") else "sv"
    assert holds_type(classify_question(question, lang), sentence)
    chaired = classify_question("Who chaired the meeting?", "en")
    assert not holds_type(chaired, "Västerås lämnar ordförandeskapet till Anna Berg.")


@pytest.mark.parametrize(
    "question",
    ["Vem var ordförande när fullmäktige fastställde budgeten?", "Who pays the cost?"],
)
def test_a_question_opening_with_who_asks_for_a_person(question: str) -> None:
    lang = "en" if question.startswith("Who") else "sv"
    assert classify_question(question, lang).answer_type == "person"


def test_a_conjoined_second_question_keeps_its_own_type() -> None:
    question = "Vem fick kontraktet för vinterväghållning och till vilket pris?"
    assert classify_question(question, "sv").answer_type == "amount"


def test_who_took_an_office_is_answered_by_a_text_that_names_it() -> None:
    intent = classify_question("Vem blev ny ordförande för samarbetet vid mötet i december?", "sv")
    assert (intent.role, intent.office) == (None, "chair")
    assert holds_type(intent, "Staffan Jansson överlämnar ordförandeskapet till Peter Book.")
    assert not holds_type(intent, "Vid tangenterna Katarina Thorsell 17 mars 2025")


def test_a_share_is_answered_by_a_percentage_without_the_word_share() -> None:
    intent = classify_question("Hur stor andel av kommunerna hade infört frågestund?", "sv")
    assert (intent.answer_type, intent.focus) == ("amount", None)
