"""`kommunrag eval` for real: the sample corpus, the real embedder, the real answerer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import run_kommunrag

from evals.configs import ConfigError, load_config
from evals.runner import EvalError, EvalOptions, read_questions, run_eval, select_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
KEEP = ("s01", "s21", "s29", "s37", "s44")


def _tiny_questions(path: Path) -> Path:
    """Write five sample questions (one of each main kind) and two malformed lines."""
    rows = [
        json.loads(line)
        for line in (ROOT / "evals/questions/sample.jsonl").read_text().splitlines()
        if line.strip()
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows if r["id"] in KEEP]
    lines.insert(2, '{"id": "broken", "lang": "sv"')  # line 3: not JSON
    lines.insert(
        4,
        json.dumps(
            {
                "id": "x",
                "lang": "fi",
                "kind": "fact",
                "question": "?",
                "answerable": True,
                "answers": ["a"],
                "sources": ["b"],
            }
        ),
    )  # line 5
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_malformed_lines_are_reported_by_line_number(tmp_path):
    questions, problems = read_questions(_tiny_questions(tmp_path / "q.jsonl"))
    assert [q.id for q in questions] == list(KEEP)
    assert len(problems) == 2
    assert problems[0].startswith("line 3: invalid JSON")
    assert problems[1].startswith("line 5: ") and "lang" in problems[1]


def test_a_file_without_valid_questions_is_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("nope\n")
    with pytest.raises(EvalError, match="no valid questions"):
        read_questions(path)


def test_configs_load_and_unknown_ones_are_named(tmp_path):
    settings, meta = load_config("chroma")
    assert settings.index.store == "chroma" and meta["name"] == "chroma"
    fts = load_config("postgres-fts")[0].index
    assert (fts.store, fts.lexical) == ("postgres", "postgres")
    assert load_config("postgres")[0].index.lexical == "bm25s"
    bundled = tmp_path / "bundled.toml"
    bundled.write_text('[settings.index]\nembedder = "st:${package:evals}/model"\n')
    assert load_config(str(bundled))[0].index.embedder == f"st:{ROOT / 'evals'}/model"
    missing = tmp_path / "missing.toml"
    missing.write_text('[settings.index]\nembedder = "st:${package:no_such_pkg}/model"\n')
    with pytest.raises(ConfigError, match="'no_such_pkg' is not installed"):
        load_config(str(missing))
    bad = tmp_path / "bad.toml"
    bad.write_text('[settings.index]\nstore = "faiss"\nshards = 3\n')
    with pytest.raises(ConfigError, match="index.shards"):
        load_config(str(bad))
    with pytest.raises(ConfigError, match="unknown config 'nosuch'; known: .*default"):
        load_config("nosuch")


@pytest.mark.slow
def test_eval_over_the_sample_corpus_writes_every_file(tmp_path, embedder, sample_index, capsys):
    questions = _tiny_questions(tmp_path / "tiny.jsonl")
    # The eval ingests data/sample into its own index; the session's sample index has already
    # embedded the same chunk texts, so its embedding cache saves embedding them again.
    (tmp_path / "cache").mkdir()
    shutil.copy(sample_index.index.dir / "embeddings.sqlite", tmp_path / "cache")
    options = EvalOptions(
        questions=questions,
        corpus=SAMPLE,
        out=tmp_path / "out",
        baselines=True,
        cache_root=tmp_path / "cache",
        progress=False,
    )
    summary = run_eval(options, embedder=embedder)
    assert "line 3: invalid JSON" in capsys.readouterr().out

    out = tmp_path / "out"
    stamp = json.loads((out / "summary.json").read_text())["stamp"]
    assert stamp == summary["stamp"]
    assert stamp["settings_hash"] == load_config("default")[0].fingerprint()
    assert stamp["embedder"] == embedder.id
    assert len(stamp["corpus_hash"]) == 12 and stamp["git_commit"]
    assert set(summary["systems"]) == {"kommunrag", "bm25", "dense", "llama-index"}
    assert summary["questions"]["n"] == 5 and len(summary["questions"]["skipped"]) == 2

    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == list(KEEP)
    assert all(r["error"] is None for r in rows), [r["error"] for r in rows]
    assert {"answer", "citations", "retrieved", "metrics", "timings"} <= set(rows[0])
    assert rows[0]["metrics"]["answer_hit"] is True  # "69 000" in the STARK answer
    assert rows[0]["metrics"]["recall@20"] == 1.0
    assert rows[4]["metrics"]["answer_hit"] is None and "recall@10" not in rows[4]["metrics"]
    for name in ("bm25", "dense", "llama-index"):
        assert len((out / "baselines" / f"{name}.jsonl").read_text().splitlines()) == 5
    page = (out / "report.html").read_text()
    assert '<img src="data:image/png;base64,' in page and "llama-index" in page
    assert (out / "report.md").is_file()

    # A second run finds the cached eval index instead of ingesting again.
    index_dir = Path(stamp["index"])
    versions = sorted(p.name for p in index_dir.glob("v*"))
    again = run_eval(
        EvalOptions(
            questions=questions,
            corpus=SAMPLE,
            out=tmp_path / "out2",
            cache_root=tmp_path / "cache",
            progress=False,
        ),
        embedder=embedder,
    )
    assert again["stamp"]["corpus_hash"] == stamp["corpus_hash"]
    assert sorted(p.name for p in index_dir.glob("v*")) == versions


@pytest.mark.slow
def test_eval_command_on_an_existing_index(tmp_path, sample_index):
    questions = _tiny_questions(tmp_path / "tiny.jsonl")
    done = run_kommunrag(
        "eval",
        str(questions),
        "--index",
        str(sample_index.index.dir),
        "--out",
        str(tmp_path / "out"),
        "--no-progress",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "answer_hit_rate" in done.stdout and "report:" in done.stdout
    assert "line 5:" in done.stdout
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["stamp"]["index"] == str(sample_index.index.dir)


def test_eval_command_errors_are_one_line(tmp_path):
    questions = _tiny_questions(tmp_path / "tiny.jsonl")
    done = run_kommunrag(
        "eval",
        str(questions),
        "--corpus",
        str(tmp_path / "missing"),
        "--out",
        str(tmp_path / "out"),
        timeout=300,
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"kommunrag eval: corpus folder {tmp_path / 'missing'} does not exist"
    )


def test_sample_others_keeps_the_named_files_and_a_fixed_draw(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for n in range(6):
        (corpus / "sub" / f"f{n}.txt").write_text(f"text {n}")
    questions, _ = read_questions(_tiny_questions(tmp_path / "q.jsonl"))
    named = [q.model_copy(update={"file": f"sub/f{n}.txt"}) for n, q in enumerate(questions[:2])]
    picked = select_files(corpus, named, 2)
    assert len(picked) == 4
    assert {corpus.resolve() / "sub" / "f0.txt", corpus.resolve() / "sub" / "f1.txt"} <= set(picked)
    assert select_files(corpus, named, 2) == picked
    assert len(select_files(corpus, named, None)) == 6
    gone = [questions[0].model_copy(update={"file": "sub/nope.txt"})]
    with pytest.raises(EvalError, match="question files missing"):
        select_files(corpus, gone, 2)
