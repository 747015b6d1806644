"""The layout corpus (tests/data/layouts/): every field at 0.95 or better in every municipality."""

from __future__ import annotations

import json
from pathlib import Path

from evals.layouts import DEFAULT_ROOT, FIELDS, accuracy_table, main


def test_every_field_reaches_the_target_in_every_municipality() -> None:
    table = accuracy_table(DEFAULT_ROOT)
    assert len(table) - 1 >= 10  # municipalities, plus the total row
    low = {
        (name, field): round(row[field], 2)
        for name, row in table.items()
        for field in FIELDS
        if row[field] < 0.95
    }
    assert low == {}


def test_report_refuses_a_root_without_gold(tmp_path, capsys) -> None:
    assert main(["--root", str(tmp_path)]) == 1
    assert "no gold.json" in capsys.readouterr().err


def test_corpus_covers_the_formats_and_kinds_it_claims() -> None:
    entries = [
        (folder.name, entry)
        for folder in DEFAULT_ROOT.iterdir()
        if (folder / "gold.json").is_file()
        for entry in json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    ]
    formats = {Path(entry["file"]).suffix for _, entry in entries}
    kinds = {entry["doc_type"] for _, entry in entries}
    assert {".txt", ".pdf", ".docx", ".html"} <= formats
    assert {"protokoll", "kallelse", "tjänsteutlåtande"} <= kinds
    readme = (DEFAULT_ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in readme for name, _ in entries)  # every source is recorded
