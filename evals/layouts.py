"""Metadata accuracy on the layout corpus: per municipality and per field, against gold labels.

Usage: python -m evals.layouts [--root tests/data/layouts] [--json]

Each folder under the root is one municipality; its `gold.json` lists files and, for each
unit, the expected §, Dnr (as printed), organ, date and page, plus the file's doc type. A file
is parsed, cleaned and segmented as ingest does. The units are:

- a § (`"paragraph": "26"`): the one section that starts at that § line. A § that gives more
  than one section (a table-of-contents line read as a §) scores 0 for "paragraph";
- an agenda item of a kallelse (`"item": "2"`): the section that starts with "2." and whose
  § must be empty;
- a whole document without § (`"paragraph": null`): its first section.

The page is the page of the unit's first line. A unit that is not found scores 0 on every
field. Prints one row per municipality and a total row; exits 1 when the root holds no gold.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from index.models import Section, page_at
from ingest.clean import clean_pages
from ingest.parsers import parse_file
from ingest.segment import segment_document

FIELDS = ("paragraph", "dnr", "organ", "date", "doc_type", "page")
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "layouts"


def score_folder(folder: Path) -> dict[str, list[bool]]:
    """Return, per field, one True/False per gold § in `folder/gold.json`.

    Raises FileNotFoundError for a folder without gold.json and UnreadableDocument for a
    file ingest would skip.
    """
    results: dict[str, list[bool]] = defaultdict(list)
    for entry in json.loads((folder / "gold.json").read_text(encoding="utf-8")):
        sections = _sections(folder / entry["file"])
        for gold in entry.get("paragraphs", []) + entry.get("items", []):
            found = _units(sections, gold)
            got = _observed(found[-1]) if found else {}
            if len(found) > 1:
                got["paragraph"] = f"{len(found)} sections"
            expected = {**gold, "doc_type": entry["doc_type"]}
            for name in FIELDS:
                results[name].append(bool(found) and got[name] == expected[name])
    return results


def _units(sections: list[Section], gold: dict[str, Any]) -> list[Section]:
    """Return the sections that stand for one gold unit (see the module docstring)."""
    if "item" in gold:
        head = re.compile(rf"\s*{re.escape(gold['item'])}\.\s")
        return [s for s in sections if s.kind == "punkt" and head.match(s.text)]
    if gold["paragraph"] is None:
        return sections[:1]
    return [s for s in sections if s.kind == "paragraf" and s.meta.paragraph == gold["paragraph"]]


def _sections(path: Path) -> list[Section]:
    doc = parse_file(path, max_bytes=50 * 1024 * 1024)
    doc.pages = clean_pages(doc.pages)
    return segment_document(doc)


def _observed(section: Section) -> dict[str, Any]:
    meta = section.meta
    line = section.text.find(f"§ {meta.paragraph}") if meta.paragraph else -1
    if line < 0:  # the unit starts at its first line after any page header
        line = len(section.text) - len(section.text.lstrip())
    return {
        "paragraph": meta.paragraph,
        "dnr": meta.dnr,
        "organ": meta.organ,
        "date": meta.date,
        "doc_type": meta.doc_type,
        "page": page_at(section, max(line, 0)),
    }


def accuracy_table(root: Path) -> dict[str, dict[str, float]]:
    """Return {municipality: {field: accuracy}} plus a "total" row over every §."""
    table: dict[str, dict[str, float]] = {}
    total: dict[str, list[bool]] = defaultdict(list)
    for folder in sorted(p for p in root.iterdir() if (p / "gold.json").is_file()):
        scores = score_folder(folder)
        table[folder.name] = {f: sum(v) / len(v) for f, v in scores.items() if v}
        for name, values in scores.items():
            total[name].extend(values)
    if total:
        table["total"] = {f: sum(v) / len(v) for f, v in total.items() if v}
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.layouts", description=__doc__)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args(argv)
    table = accuracy_table(args.root)
    if not table:
        print(f"no gold.json under {args.root}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    print(f"{'municipality':<14}" + "".join(f"{f:>10}" for f in FIELDS))
    for name, row in table.items():
        print(f"{name:<14}" + "".join(f"{row.get(f, 0.0):>10.2f}" for f in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
