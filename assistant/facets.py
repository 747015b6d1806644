"""What the index's metadata filters can match, and why a filter matches nothing.

A question asked with filters that fit no document of the index would otherwise get the
plain "no support" reply, as if the documents were silent on it. `Facets` holds the
distinct filter fields of the index's chunks, so the service can tell a filter that
matches nothing from a question the documents do not answer, and name the closest
values the index does have (difflib similarity over that field's vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from assistant.errors import FilterMatchesNothing
from index.models import Filters

# Filter fields whose value is compared with one field of a chunk (the dates compare as a range).
_VALUE_FIELDS = ("municipality", "organ", "doc_type", "dnr")
SUGGESTIONS = 5


def closest(value: str, vocabulary: Iterable[str], n: int = SUGGESTIONS) -> list[str]:
    """Return the `n` entries of `vocabulary` most similar to `value` (case-insensitive
    difflib ratio), best first; ties keep alphabetical order."""
    key = value.casefold()
    ranked = sorted(
        sorted(set(vocabulary)),
        key=lambda v: -SequenceMatcher(None, key, v.casefold()).ratio(),
    )
    return ranked[:n]


@dataclass(frozen=True)
class Facets:
    """The distinct combinations of filter fields among an index's chunks."""

    rows: tuple[tuple[tuple[str, Any], ...], ...]

    @classmethod
    def from_fields(cls, fields: Iterable[dict[str, Any]]) -> Facets:
        """Return the facets of chunks given as `Chunk.filter_fields()` dicts."""
        keep = {tuple(sorted((k, v) for k, v in f.items() if k != "doc_id")) for f in fields}
        return cls(tuple(sorted(keep)))

    def values(self, field: str) -> list[str]:
        """Return the sorted non-empty values of one field ("organ", "dnr", "date", …)."""
        return sorted({dict(row)[field] for row in self.rows} - {""})

    def matches_any(self, filters: Filters) -> bool:
        """True when at least one chunk passes `filters`."""
        return any(filters.matches(dict(row)) for row in self.rows)

    def check(self, filters: Filters | None) -> None:
        """Return quietly when `filters` match some chunk (or are empty).

        Raises `FilterMatchesNothing` naming each filter that matches nothing on its own,
        with the closest values the index has, or saying that the filters match only apart.
        """
        if filters is None or not any(filters.restrictions().values()):
            return
        if self.matches_any(filters):
            return
        set_fields: dict[str, Any] = {k: v for k, v in filters.restrictions().items() if v}
        problems: list[str] = []
        suggestions: dict[str, list[str]] = {}
        for field, value in set_fields.items():
            if self.matches_any(Filters(**{field: value})):
                continue
            if field in _VALUE_FIELDS:
                suggestions[field] = closest(value, self.values(field))
                shown = ", ".join(suggestions[field]) or "none"
                problems.append(f"{field} '{value}' (closest in the index: {shown})")
            else:
                dates = self.values("date")
                span = f"{dates[0]} to {dates[-1]}" if dates else "no dated documents"
                problems.append(f"{field} '{value}' (the index's documents span {span})")
        if problems:
            message = "no document matches " + "; ".join(problems)
        else:
            given = ", ".join(f"{k}='{v}'" for k, v in set_fields.items())
            message = f"no document matches all these filters together ({given}); each matches some"
        raise FilterMatchesNothing(message, suggestions)


# Facet name in GET /v1/facets -> the chunk field it counts.
COUNTED = {"municipalities": "municipality", "organs": "organ", "doc_types": "doc_type"}


def facet_counts(fields: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return `{facet: [{"value", "documents"}, …]}` for municipalities, organs, doc types and
    years, counting distinct documents that hold at least one chunk with the value (a compiled
    protocol counts once for each organ in it). Values are sorted by count, then name; empty
    values are left out. `fields` are `Chunk.filter_fields()` dicts."""
    seen: dict[str, dict[str, set[str]]] = {name: {} for name in [*COUNTED, "years"]}
    for f in fields:
        for name, key in COUNTED.items():
            if f[key]:
                seen[name].setdefault(f[key], set()).add(f["doc_id"])
        if f["date"][:4].isdigit():
            seen["years"].setdefault(f["date"][:4], set()).add(f["doc_id"])
    return {
        name: [
            {"value": v, "documents": len(docs)}
            for v, docs in sorted(values.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]
        for name, values in seen.items()
    }
