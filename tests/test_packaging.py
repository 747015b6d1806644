"""Installing and scoring raise no warnings a new user would have to wonder about."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_package_metadata_builds_without_a_setuptools_deprecation(tmp_path):
    """The licence is an SPDX expression, not the TOML table setuptools deprecated."""
    code = (
        "from setuptools import build_meta;"
        f"print(build_meta.prepare_metadata_for_build_wheel({str(tmp_path)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "SetuptoolsDeprecationWarning" not in result.stderr, result.stderr
    metadata = (tmp_path / result.stdout.split()[-1] / "METADATA").read_text()
    assert "License-Expression: MIT" in metadata.splitlines()


def test_only_the_uint64_cast_warning_of_ranx_is_hidden(monkeypatch):
    """The filter matches numba's cast message as numba raises it, and no other message.

    (Checked against the real compile once, with NUMBA_CACHE_DIR set to an empty folder:
    plain `ranx.evaluate` warns, `evals.ranx_scores.evaluate` does not. Compiling takes
    1.5 minutes on 2 cores, too long to repeat in the suite.)"""
    pytest.importorskip("ranx")
    import ranx
    from numba.core.errors import NumbaTypeSafetyWarning

    from evals.ranx_scores import evaluate

    def ranx_evaluate(qrels, run, metrics, **options):
        for text in (  # numba's warning class wraps the text in colour codes itself
            "unsafe cast from uint64 to int64. Precision may be lost.",
            "unsafe cast from int64 to int32. Precision may be lost.",
        ):
            warnings.warn(NumbaTypeSafetyWarning(text), stacklevel=1)
        return {m: 1.0 for m in metrics}

    monkeypatch.setattr(ranx, "evaluate", ranx_evaluate)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert evaluate({}, {}, ["ndcg@10"]) == {"ndcg@10": 1.0}
    assert len(caught) == 1 and "from int64 to int32" in str(caught[0].message)


def test_the_answerer_data_files_ship_in_the_wheel(tmp_path):
    """Every non-Python file of assistant/answer (the scorer's weights, the English glossary)
    is package data: a wheel built from a clean copy of the sources holds it. (evals/ is left
    out of the copy: it ships no file the assistant reads.)"""
    source = tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for package in ("ingest", "index", "assistant", "prompts"):
        shutil.copytree(ROOT / package, source / package, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    code = f"from setuptools import build_meta; print(build_meta.build_wheel({str(tmp_path)!r}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=source, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    shipped = set(zipfile.ZipFile(tmp_path / result.stdout.split()[-1]).namelist())
    answer = ROOT / "assistant" / "answer"
    data = {
        f"assistant/answer/{p.name}" for p in answer.iterdir() if p.is_file() and p.suffix != ".py"
    }
    assert "assistant/answer/glossary.tsv" in data
    assert data <= shipped, data - shipped
