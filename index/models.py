"""The vocabulary that flows between the packages: documents, sections, chunks and hits.

`ingest` produces `ParsedDocument` -> `Section` -> `Chunk`; `index` stores chunks and
returns `Hit`s; `assistant` turns hits into cited answers. llama-index and store types
never cross these seams.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from index.dnr import dnr_matches
from index.text import normalise_text

DOC_TYPES = (
    "protokoll",
    "kallelse",
    "yttrande",
    "tjänsteutlåtande",
    "minnesanteckningar",
    "program",
    "avtal/förslag",
    "webbsida",
    "e-post",
    "motion",
    "yrkande",
    "revisionsrapport",
    "interpellation",
    "dokument",
)


@dataclass
class ParsedDocument:
    """One file's text, page by page (`pages[0]` is page 1).

    `hidden_chars` counts the non-space characters the parser left out because a reader
    cannot see them (invisible or white PDF text, `display:none` HTML).
    """

    path: str
    format: str
    pages: list[str]
    title: str | None = None
    hidden_chars: int = 0

    @property
    def text(self) -> str:
        return "\n\f".join(self.pages)


@dataclass
class SectionMeta:
    """Who said what, where and when: the metadata a citation is built from.

    `date` is ISO, as precise as the source allows ("2023-05-25", "2023-05" or "2023").
    `paragraph` is the § number as written ("127"), `title` the ärendemening.
    The meeting furniture of a protocol or minutes (see `ingest.furniture`): `chair`
    (ordförande), `secretary` (sekreterare, protokollförare), `adjusters` (justerare),
    `attendees` (beslutande, närvarande, deltagare), names as written with their party code
    ("Anna Berg (S)"); `place` and `meeting_time` ("13.00–16.15") of the meeting; `adjusted_on`
    the ISO date of the justering; `meeting_pages` the page each of these fields is printed on.
    """

    municipality: str | None = None
    organ: str | None = None
    doc_type: str = "dokument"
    date: str | None = None
    dnr: str | None = None
    paragraph: str | None = None
    title: str | None = None
    people: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    chair: str | None = None
    secretary: str | None = None
    adjusters: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    place: str | None = None
    meeting_time: str | None = None
    adjusted_on: str | None = None
    meeting_pages: dict[str, int] = field(default_factory=dict)
    doc_class: str = "public"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SectionMeta:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass
class Section:
    """A citable unit of a file: a § paragraph, a yttrande, an agenda item, a chapter.

    `page_starts` maps character offsets in `text` to page numbers: a list of
    `(offset, page)` pairs, sorted by offset, the first at offset 0.
    """

    text: str
    meta: SectionMeta
    kind: str = "document"
    page_starts: list[tuple[int, int]] = field(default_factory=lambda: [(0, 1)])

    @property
    def pages(self) -> tuple[int, int]:
        return self.page_starts[0][1], self.page_starts[-1][1]

    def page_at(self, offset: int) -> int:
        """Return the page number of the character at `offset` (see `page_at`)."""
        return page_at(self, offset)


@dataclass
class Chunk:
    """A piece of one section, small enough for the embedder, with a citable label.

    `page_starts` maps character offsets in `text` to page numbers, like
    `Section.page_starts`: `(offset, page)` pairs sorted by offset, the first at 0. A chunk
    stored before pages were tracked per offset gets `[(0, page_start)]`. `start` is the
    character offset of `text` in its section's text (None in a catalog written before
    offsets were kept), so a quote's place in the section is `start` + its offset here.
    """

    id: str
    doc_id: str
    text: str
    label: str
    meta: SectionMeta
    section: int
    page_start: int
    page_end: int
    section_kind: str = "document"
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    start: int | None = None

    def __post_init__(self) -> None:
        if not self.page_starts:
            self.page_starts = [(0, self.page_start)]

    def page_at(self, offset: int) -> int:
        """Return the page of the character at `offset` in `text` (see `page_at`)."""
        return page_at(self, offset)

    def filter_fields(self) -> dict[str, Any]:
        """Return the flat fields the stores filter on."""
        return {
            "doc_id": self.doc_id,
            "municipality": self.meta.municipality or "",
            "organ": self.meta.organ or "",
            "doc_type": self.meta.doc_type,
            "date": self.meta.date or "",
            "dnr": self.meta.dnr or "",
            "doc_class": self.meta.doc_class or "public",
        }


def page_at(part: Section | Chunk, offset: int) -> int:
    """Return the page on which the character at `offset` of `part.text` stands.

    Works for a section or a chunk: the last `page_starts` entry at or before `offset`.
    An offset before 0 gives the first page, one past the end the last page, so a cited
    sentence's start offset (e.g. from `text.find(sentence)`) gives the page to cite.
    """
    page = part.page_starts[0][1]
    for start, number in part.page_starts:
        if start > offset:
            break
        page = number
    return page


ANY_MUNICIPALITY = "*"


@dataclass(frozen=True)
class Scope:
    """What a principal may see: grants of (document class, municipality), casefolded;
    the municipality "*" grants the class in every municipality.

    A chunk without a class is "public". Scopes are applied inside every store query, as
    part of `Filters`; an empty scope sees nothing.
    """

    grants: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, classes: Any, municipalities: Any = (ANY_MUNICIPALITY,)) -> Scope:
        """Return the scope granting each of `classes` in each of `municipalities`."""
        return cls(frozenset((_key(c), _key(m)) for c in classes for m in municipalities))

    def __or__(self, other: Scope) -> Scope:
        return Scope(self.grants | other.grants)

    def anywhere(self) -> list[str]:
        """Return the classes granted in every municipality, sorted."""
        return sorted(c for c, m in self.grants if m == ANY_MUNICIPALITY)

    def pairs(self) -> list[str]:
        """Return the other grants as "class<US>municipality" keys (see `access_key`), sorted."""
        return sorted(access_key(c, m) for c, m in self.grants if m != ANY_MUNICIPALITY)

    def allows(self, fields: dict[str, Any]) -> bool:
        """Return True when a chunk's `filter_fields()` lie inside this scope."""
        doc_class = _key(fields.get("doc_class") or "public")
        municipality = _key(fields.get("municipality") or "")
        return (doc_class, ANY_MUNICIPALITY) in self.grants or (
            doc_class,
            municipality,
        ) in self.grants


def access_key(doc_class: str, municipality: str) -> str:
    """Return the key a store matches a (class, municipality) grant on: both casefolded,
    joined by the unit separator U+001F."""
    return f"{_key(doc_class)}\x1f{_key(municipality)}"


def _key(text: str) -> str:
    return " ".join(normalise_text(text).split()).casefold()


@dataclass
class Filters:
    """Metadata restrictions on a search. Empty fields do not restrict.

    Every value is brought to normal form on construction (`index.text.normalise_text`,
    whitespace collapsed; blank becomes None), so a decomposed "Äldrenämnden" filters like
    the composed one. `organ` and `municipality` match case-insensitively. `dnr` matches
    on the normalised Dnr (`index.dnr`): any printed form finds the case, and parts left
    out match anything ("2024/391" finds "KS 2024/00391-1.2.3"). Dates compare as ISO
    strings.
    """

    municipality: str | None = None
    organ: str | None = None
    doc_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    dnr: str | None = None
    scope: Scope | None = None

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, " ".join(normalise_text(value).split()) or None)

    def is_empty(self) -> bool:
        return self.scope is None and not any(self.restrictions().values())

    def restrictions(self) -> dict[str, str | None]:
        """Return the metadata restrictions (every field but the scope)."""
        return {k: v for k, v in asdict(self).items() if k != "scope"}

    def matches(self, fields: dict[str, Any]) -> bool:
        """Return True when a chunk's `filter_fields()` pass every set restriction and lie
        inside the scope."""
        if self.scope is not None and not self.scope.allows(fields):
            return False
        if self.municipality and fields["municipality"].casefold() != self.municipality.casefold():
            return False
        if self.organ and fields["organ"].casefold() != self.organ.casefold():
            return False
        if self.doc_type and fields["doc_type"] != self.doc_type:
            return False
        if self.dnr and not dnr_matches(self.dnr, fields["dnr"]):
            return False
        date = fields["date"]
        if self.date_from and (not date or date[: len(self.date_from)] < self.date_from):
            return False
        return not (self.date_to and (not date or date[: len(self.date_to)] > self.date_to))


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
