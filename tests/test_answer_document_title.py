"""A document's title is metadata of every part of it: an item of the minutes of "styrgruppen
5K" belongs to 5K although the item never says so. Tested with two minutes of our own,
ingested by the real pipeline, and at the unit level."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.extractive import meta_text
from index.models import SectionMeta

MINUTES = {
    "styrgrupp_5k.txt": """Minnesanteckningar styrgruppen 5K 2024-10-14

Deltagare:
Sala: Eva Lund, Per Ek. Heby: Karin Berg. Tierp: Lars Nord.

1. Välkomna
Eva Lund hälsar välkomna och dagordningen godkänns. I samband med mötet tar Heby
över ordförandeskapet efter Sala.

2. Kompetensförsörjning
Gruppen går igenom läget för rekryteringen av socialsekreterare.
""",
    "natverk_3s.txt": """Minnesanteckningar nätverket 3S 2024-10-20

Deltagare:
Norberg: Anna Sjö. Fagersta: Olof Dal. Skinnskatteberg: Ulla Ås.

1. Inledning
Anna Sjö öppnar mötet. Fagersta tar över ordförandeskapet efter Norberg från och
med januari.

2. Gemensam upphandling
Nätverket diskuterar en gemensam upphandling av skolskjutsar.
""",
    "ks_protokoll.txt": """Protokoll Kommunstyrelsen 2024-10-22

§ 1 Dnr KS 2024/00001
Val av justerare

Beslut
Kommunstyrelsen utser Eva Lund att jämte ordföranden justera protokollet.

§ 2 Dnr KS 2024/00214
Skolskjutsar i 3S

Beslut
Kommunstyrelsen godkänner avtalet om skolskjutsar.
""",
}


@pytest.fixture(scope="module")
def minutes_assistant(tmp_path_factory, embedder, settings_factory):
    from assistant.service import Assistant
    from ingest.pipeline import Ingester

    root = tmp_path_factory.mktemp("titled-minutes")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in MINUTES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = settings_factory(root / "index")
    report = Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    assert report.count("added") == len(MINUTES)
    return Assistant(settings, embedder)


@pytest.mark.parametrize(
    ("question", "expected", "other"),
    [
        ("Vilken kommun tog över ordförandeskapet i 5K?", "Heby", "Fagersta"),
        ("Vilken kommun tog över ordförandeskapet i 3S?", "Fagersta", "Heby"),
        ("Which municipality took over the chair of 3S?", "Fagersta", "Heby"),
    ],
)
def test_an_item_answers_for_the_group_its_minutes_title_names(
    minutes_assistant, question: str, expected: str, other: str
) -> None:
    answer = minutes_assistant.ask(question)
    assert answer.supported
    assert expected in answer.citations[0].snippet
    assert other not in answer.citations[0].snippet


def test_a_protocol_has_no_title_of_its_own(minutes_assistant) -> None:
    """A protocol's record carries its first §'s ärendemening ("Val av justerare"), which
    says nothing of the other §s."""
    from assistant.answer.kinds import DocumentReader

    catalog = minutes_assistant.retriever().kb.catalog
    reader = DocumentReader(catalog)
    titles = {Path(d.paths[0]).name: reader.title(d.doc_id) for d in catalog.documents()}
    assert titles["ks_protokoll.txt"] is None
    assert titles["styrgrupp_5k.txt"] == "Minnesanteckningar styrgruppen 5K 2024-10-14"


def test_the_document_title_joins_the_section_metadata_once() -> None:
    item = SectionMeta(organ="Styrgruppen 5K", title="Välkomna", date="2024-10-14")
    assert "styrgruppen 5K" in meta_text(item, "Minnesanteckningar styrgruppen 5K 2024-10-14")
    assert "Minnesanteckningar" not in meta_text(item)
    head = SectionMeta(title="Minnesanteckningar styrgruppen 5K 2024-10-14")
    text = meta_text(head, head.title)
    assert text.count("Minnesanteckningar") == 1
