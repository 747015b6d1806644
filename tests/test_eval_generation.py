"""`kommunrag eval` with an LLM: the summary and report say what the verifier kept and dropped.

The LLM is the fake OpenAI-compatible server (tests/fake_llm.py) on 127.0.0.1: it quotes
its first source faithfully and then invents a figure, so every reply it writes has one
sentence that must be kept and one that must be dropped. The real model is exercised in
tests/test_llm_engine.py; the figures of a real run are in the README.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_llm import FakeLlm, Reply, is_rewrite_request, quoting_model
from helpers import run_kommunrag

from evals.generation import generation_summary

ROOT = Path(__file__).resolve().parent.parent
KEEP = ("s01", "s21", "s29")
INVENTED = "Avtalet kostar dessutom 987 654 kronor om året [1]."


def _questions(path: Path) -> Path:
    rows = (ROOT / "evals/questions/sample.jsonl").read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(r for r in rows if json.loads(r)["id"] in KEEP) + "\n")
    return path


def _quote_then_invent(body):
    reply = quoting_model(body)
    if is_rewrite_request(body) or "[" not in reply.text:
        return reply
    return Reply(f"{reply.text} {INVENTED}")


@pytest.mark.slow
def test_an_eval_with_an_llm_reports_kept_and_dropped_sentences(tmp_path, sample_index):
    with FakeLlm(default=_quote_then_invent) as fake:
        config = tmp_path / "fake-llm.toml"
        config.write_text(
            "[settings.llm]\n"
            f'backend = "openai"\nbase_url = "{fake.url}"\nmodel = "fake-model"\n'
            "timeout_s = 30\n",
            encoding="utf-8",
        )
        done = run_kommunrag(
            "eval",
            str(_questions(tmp_path / "q.jsonl")),
            "--index",
            str(sample_index.index.dir),
            "--config",
            str(config),
            "--out",
            str(tmp_path / "out"),
            "--no-progress",
            timeout=600,
        )
        answer_calls = sum(not is_rewrite_request(r) for r in fake.requests)
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "out" / "summary.json").read_text())["systems"]
    generation = figures["kommunrag"]["generation"]
    assert generation["answers"] == len(KEEP) and generation["degraded"] == 0
    assert generation["asked"] == answer_calls >= 1
    assert generation["asked"] == generation["generated"] + generation["fallback"]
    # Each reply: one faithful quote (kept) and one invented figure (dropped for it).
    assert generation["sentences"] == 2 * generation["asked"]
    assert generation["dropped"] == generation["asked"] == generation["kept"]
    assert generation["drop_reasons"] == {"invented number": generation["asked"]}
    rows = [
        json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines()
    ]
    assert generation_summary(rows) == generation
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "LLM generation and verification" in report and "dropped: invented number" in report


def test_an_extractive_run_has_no_generation_figures():
    rows = [{"generation": None, "timings": {"total": 1.0}}] * 3
    assert generation_summary(rows) is None
