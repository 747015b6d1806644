"""Citation checks with the real embedder: supported sentences pass, misattributed ones do not.

The sources are excerpts of the sample corpus (data/sample): the Arboga STARK memo and
yttranden on Västerås' digital programme. The sentences are what a model might write:
faithful paraphrases in Swedish and English, and claims pinned on the wrong source or
carrying an invented figure.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.answer.verify import (
    AnswerFilter,
    UnitStream,
    Verification,
    Verifier,
    cited_numbers,
    join_units,
    needs_fallback,
    split_units,
    strip_markers,
)
from assistant.settings import LlmSettings
from index.analyzer import SwedishAnalyzer

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"

SOURCES = {
    1: " ".join(
        [
            "Västmanlands och Sörmlands kommundirektörer och regiondirektörer, samt Södermanlands",
            "län länsråd har tillsammans med representanter från Mälardalens universitet från",
            "hösten 2022 till hösten 2024 träffats för att diskutera möjligheter för gemensamt",
            "arbete med fokus på strategisk ledning och styrning i region och kommun. Parterna",
            "vill nu fördjupa och formalisera detta arbete. Därför går nu parterna in i ett",
            "gemensamt avtal om utveckling och utbyte av kunskap om strategiskt arbete i regioner",
            "och kommuner (STARK). Föreslaget avtal är för perioden 2025-10-01 till 2028-09-30.",
            "Arboga kommuns kostnad är 69 000 kronor per år.",
        ]
    ),
    2: " ".join(
        [
            "I takt med ökad digitalisering av samhället följer också en ökad sårbarhet för de",
            "offentliga institutionerna. Det säkerhetspolitiska läget har försämrats. Individ-",
            "och familjenämndens verksamheter är i väldigt hög grad beroende av digitala system,",
            "system som även innehåller mycket integritetskänsliga uppgifter om individer i vår",
            "stad. Det är därför av yttersta vikt att arbetet med cyber-, it, och",
            "informationssäkerhet taktar jämt med utvecklingen inom digitaliseringsområdet.",
        ]
    ),
    3: " ".join(
        [
            "Individ- och familjenämnden ställer sig bakom remissen Program för digital",
            "utveckling i Västerås stad och dess helägda bolag 2023-2026. Individ- och",
            "familjenämnden efterfrågar även att informationssäkerhet betonas något ytterligare i",
            "programmet. Det utifrån läget idag med ökat antal attacker på IT-infrastruktur och",
            "informationssäkerhet.",
        ]
    ),
    4: " ".join(
        [
            "Kommunstyrelsen föreslås besluta 1. Kommunstyrelsen godkänner avtal om utveckling",
            "och utbyte av kunskap om strategiskt arbete i regioner och kommuner (STARK). 2.",
            "Kommunstyrelsen ger kommundirektören i uppdrag att teckna avtalet.",
        ]
    ),
}

SUPPORTED = [
    ("Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [1].", 1),
    ("Arboga pays 69,000 kronor per year for the STARK agreement [1].", 1),
    ("Avtalet gäller från 2025-10-01 till 2028-09-30 [1].", 1),
    ("The agreement runs from October 2025 to September 2028 [1].", 1),
    (
        "Individ- och familjenämnden betonar att cyber- och informationssäkerhet måste hålla jämna "
        "steg med digitaliseringen [2].",
        2,
    ),
    (
        "Individ- och familjenämnden vill att informationssäkerheten betonas mer i programmet [3].",
        3,
    ),
    (
        "The Individual and Family Committee asks for information security to be emphasised more "
        "in the programme [3].",
        3,
    ),
    (
        "Kommunstyrelsen föreslås godkänna avtalet och ge kommundirektören i uppdrag "
        "att teckna det [4].",
        4,
    ),
    ("The municipal board is proposed to approve the agreement [4].", 4),
]
UNSUPPORTED = [  # (sentence, what the check must say)
    ("Arboga kommuns kostnad för STARK-avtalet är 69 000 kronor per år [2].", "69000"),
    ("Arboga pays 69,000 kronor per year for the STARK agreement [3].", "69000"),
    (
        "Individ- och familjenämnden vill att informationssäkerheten betonas mer i programmet [1].",
        "words",
    ),
    (
        "Kommunstyrelsen föreslås godkänna avtalet och ge kommundirektören i uppdrag "
        "att teckna det [2].",
        "",
    ),
    ("Arboga kommun betalar 150 000 kronor per år för avtalet [1].", "150000"),
    (
        "Individ- och familjenämnden avstyrker programmet helt och vill att det dras tillbaka [3].",
        "words",
    ),
    ("Äldrenämnden kräver att staden anställer fler undersköterskor [2].", ""),
    ("Framstegspartiet är det bästa partiet och alla ska rösta på det [4].", ""),
    ("The committee rejected the programme because of its cost [3].", "far"),
]


@pytest.fixture(scope="module")
def verifier(embedder):
    analyzer = SwedishAnalyzer.fit(
        p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))
    )
    return Verifier(SOURCES, embedder, LlmSettings(), analyzer)


@pytest.mark.parametrize(("sentence", "n"), SUPPORTED)
def test_faithful_sentences_pass_in_swedish_and_english(verifier, sentence, n):
    check = verifier.check(sentence)
    assert check.status == "supported", check
    assert check.cites == [n]


@pytest.mark.parametrize(("sentence", "why"), UNSUPPORTED)
def test_wrong_source_and_invented_figures_are_caught(verifier, sentence, why):
    check = verifier.check(sentence)
    assert check.status == "unsupported", check
    assert why in check.reason


@pytest.mark.xfail(
    strict=True, reason="a fluent contradiction needs an entailment model, not embeddings"
)
def test_a_contradiction_of_the_cited_source_is_not_seen(verifier):
    assert (
        verifier.check("Kommunstyrelsen beslutade att avslå STARK-avtalet [4].").status
        == "unsupported"
    )


def test_invented_citation_numbers_are_rejected(verifier):
    check = verifier.check("Arboga kommuns kostnad är 69 000 kronor per år [1][7].")
    assert check.status == "unsupported"
    assert check.reason == "cites [7], which is not a source"


def test_claims_need_a_citation_but_connectives_and_no_answer_do_not(verifier):
    assert verifier.check("Arboga betalar 69 000 kronor per år.").reason == "no citation"
    assert verifier.check("Sammanfattning:").status == "skipped"
    assert verifier.check("Källorna besvarar inte frågan.").status == "no_answer"


def test_markers_are_read_and_stripped():
    assert cited_numbers("A [2]. B [1, 3] och [2][4].") == [2, 1, 3, 4]
    assert (
        strip_markers("Kostnaden är 69 000 kr [1]. Bra [2, 3]!") == "Kostnaden är 69 000 kr. Bra!"
    )


def test_units_keep_citations_that_follow_the_full_stop_and_list_lines():
    text = (
        "Kostnaden är 69 000 kr per år. [1] Avtalet gäller 2025–2028 [1].\n\n"
        "- Äldrenämnden: ja [3].\n- Kulturnämnden: nej [4, 5]"
    )
    units = split_units(text)
    assert [u.text for u in units] == [
        "Kostnaden är 69 000 kr per år. [1]",
        "Avtalet gäller 2025–2028 [1].",
        "- Äldrenämnden: ja [3].",
        "- Kulturnämnden: nej [4, 5]",
    ]
    assert [u.sep for u in units] == ["", " ", "\n\n", "\n"]


@pytest.mark.parametrize("seed", range(20))
def test_streamed_units_equal_the_units_of_the_whole_text(seed):
    text = (
        "Enligt protokollet kostar det 69 000 kr per år. [1] Avtalet gäller 2025–2028 [1][2].\n\n"
        "- Äldrenämnden: vill ha mer IT-säkerhet [3].\n"
        "- Kulturnämnden: saknar inriktning [4, 5]\nKällor:\n[1] x"
    )
    rng, stream, units, i = random.Random(seed), UnitStream(), [], 0
    while i < len(text):
        step = rng.randint(1, 6)
        units += stream.feed(text[i : i + step])
        i += step
    units += stream.flush()
    assert [(u.sep, u.text) for u in units] == [(u.sep, u.text) for u in split_units(text)]


def test_the_filter_drops_failures_holds_connectives_and_stops_at_a_source_list(verifier):
    answer = (
        "Här är svaret:\nArboga kommuns kostnad är 69 000 kronor per år [1]. "
        "Avtalet kostar dessutom 5 000 000 kronor [9].\nKällor:\n[1] Arboga kommun"
    )
    checked = AnswerFilter(verifier)
    kept = checked.offer_text(answer)
    assert join_units(kept) == "Här är svaret:\nArboga kommuns kostnad är 69 000 kronor per år [1]."
    report = checked.verification.to_dict()
    assert (report["checked"], report["unsupported"], report["invalid_citations"]) == (2, 1, 1)
    assert not needs_fallback(checked.verification, 0.5)


def test_a_lone_connective_is_not_an_answer(verifier):
    checked = AnswerFilter(verifier)
    assert checked.offer_text("Här är svaret:\nAllt är bra [8].") == []
    assert needs_fallback(checked.verification, 0.5)
    assert needs_fallback(Verification(), 0.5)
