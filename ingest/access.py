"""Who may read a document: its class and municipality, set at ingest.

Every document gets a class (`public`, `internal`, or one the deployment defines) and may
get its municipality, from, in order of precedence:

1. a sidecar file beside it, `NAME.meta.json` (e.g. `protokoll.pdf.meta.json`) or
   `STEM.meta.json`: `{"class": "internal", "municipality": "Västerås stad"}`;
2. the first folder rule (`ingest.access_rules`) whose glob matches the file's path, e.g.
   `{"pattern": "*/intern/*", "doc_class": "internal"}`;
3. `ingest.default_class` ("public"), and the municipality detected in the text.

A sidecar that cannot be read or holds unknown keys refuses the document
(`bad_access_metadata`): guessing "public" for a restricted document would publish it.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import UnreadableDocument

SIDECAR_KEYS = {"class", "municipality"}


class AccessRule(BaseModel):
    """A folder rule: files whose path matches `pattern` (fnmatch glob) get these values."""

    model_config = ConfigDict(extra="forbid")

    pattern: str = Field(..., description="Glob on the file's path, e.g. '*/intern/*'.")
    doc_class: str | None = Field(None, description="Class of matching documents.")
    municipality: str | None = Field(None, description="Municipality of matching documents.")


@dataclass(frozen=True)
class Access:
    """A document's class and, when set explicitly, its municipality."""

    doc_class: str
    municipality: str | None = None


def sidecar_of(path: Path) -> Path | None:
    """Return the sidecar file of `path` (`NAME.meta.json`, else `STEM.meta.json`), or None."""
    for candidate in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if candidate.is_file():
            return candidate
    return None


def sidecar_digest(path: Path) -> str:
    """Return a hash of the sidecar's bytes ("" without one), so that editing it re-ingests."""
    sidecar = sidecar_of(path)
    return hashlib.sha256(sidecar.read_bytes()).hexdigest() if sidecar else ""


def read_access(path: Path, rules: list[AccessRule], default_class: str) -> Access:
    """Return the class and municipality of the document at `path` (see the module doc).

    Raises `UnreadableDocument` ("bad_access_metadata") for a sidecar that is not a JSON
    object of non-empty strings under the keys "class" and "municipality".
    """
    sidecar = sidecar_of(path)
    if sidecar is not None:
        data = _read_sidecar(path, sidecar)
        rule = _rule_for(path, rules)
        fallback = (rule.doc_class if rule else None) or default_class
        return Access(data.get("class") or fallback, data.get("municipality"))
    rule = _rule_for(path, rules)
    if rule is None:
        return Access(default_class)
    return Access(rule.doc_class or default_class, rule.municipality)


def _rule_for(path: Path, rules: list[AccessRule]) -> AccessRule | None:
    text = path.as_posix()
    return next((r for r in rules if fnmatch.fnmatchcase(text, r.pattern)), None)


def _read_sidecar(path: Path, sidecar: Path) -> dict[str, str]:
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnreadableDocument(
            path, "bad_access_metadata", f"{sidecar.name} is not readable JSON ({exc})"
        ) from exc
    if not isinstance(data, dict) or set(data) - SIDECAR_KEYS:
        unknown = sorted(set(data) - SIDECAR_KEYS) if isinstance(data, dict) else "not an object"
        raise UnreadableDocument(
            path,
            "bad_access_metadata",
            f"{sidecar.name}: unknown keys {unknown}; use class, municipality",
        )
    if not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise UnreadableDocument(
            path, "bad_access_metadata", f"{sidecar.name}: class and municipality must be text"
        )
    return {k: v.strip() for k, v in data.items()}
