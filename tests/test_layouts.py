"""The layout corpus (tests/data/layouts/): every field at 0.95 or better in every municipality."""

from __future__ import annotations

from evals.layouts import DEFAULT_ROOT, FIELDS, accuracy_table, main


def test_every_field_reaches_the_target_in_every_municipality() -> None:
    table = accuracy_table(DEFAULT_ROOT)
    assert len(table) - 1 >= 4  # municipalities, plus the total row
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
