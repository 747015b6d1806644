"""Eval reports: report.md and report.html with plots, and `--compare` tables.

Both reports hold the same tables. The markdown one links PNG files written to `plots/`;
the HTML one embeds the same PNGs as base64 data URIs, so it is one self-contained file.
Plots are drawn with matplotlib's Agg backend (no display needed).
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from evals.metrics import ANSWER_METRICS, CONTEXT, CURVE_KS, HEADLINE_RETRIEVAL, STAGES

MAIN = "kommunrag"
METRICS = ANSWER_METRICS + HEADLINE_RETRIEVAL
BAR_METRICS = ("answer_hit_rate", "recall@10", "organ_recall", "refusal_accuracy")
FAILED_SHOWN = 40


@dataclass
class Table:
    """A titled table whose cells are already formatted strings."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


def fmt(value: Any) -> str:
    """Return a figure for a table: 3 decimals for floats, "–" for a missing one."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.0f} ms"


def systems_table(summary: dict[str, Any]) -> Table:
    """Return every system's overall figures side by side."""
    systems = summary["systems"]
    rows = [[m] + [fmt(s["overall"].get(m)) for s in systems.values()] for m in METRICS]
    rows.append([CONTEXT] + [fmt(s["overall"].get(CONTEXT)) for s in systems.values()])
    rows.append(
        ["latency p50 (total)"]
        + [seconds(s["overall"]["latency"]["total"]["p50"]) for s in systems.values()]
    )
    return Table("Overall", ["metric", *systems], rows, summary.get("baselines_note") or "")


def group_table(summary: dict[str, Any], group: str) -> Table:
    """Return kommunrag's figures per kind (`group`="by_kind") or per lang ("by_lang")."""
    groups = summary["systems"][MAIN][group]
    rows = [[name, str(g["n"])] + [fmt(g.get(m)) for m in METRICS] for name, g in groups.items()]
    title = "kommunrag by kind of question" if group == "by_kind" else "kommunrag by language"
    return Table(title, [group.removeprefix("by_"), "n", *METRICS], rows)


def latency_table(summary: dict[str, Any]) -> Table:
    """Return p50/p95 per stage for every system."""
    rows = []
    for name, s in summary["systems"].items():
        lat = s["overall"]["latency"]
        rows.append(
            [name] + [f"{seconds(lat[st]['p50'])} / {seconds(lat[st]['p95'])}" for st in STAGES]
        )
    return Table("Latency p50 / p95", ["system", *STAGES], rows)


def is_failure(row: dict[str, Any]) -> bool:
    """Return True for a wrong answer, a missed or wrong refusal, or an error."""
    if row.get("error"):
        return True
    if row["answerable"]:
        return not row["metrics"].get("answer_hit")
    return not row["refused"]


def failures_table(rows: list[dict[str, Any]]) -> Table:
    """Return kommunrag's failed questions with the top three retrieved chunks
    (✓ marks a chunk holding a gold snippet)."""
    failed = [r for r in rows if is_failure(r)]
    body = []
    for r in failed[:FAILED_SHOWN]:
        top = "; ".join(f"{'✓' if x['relevant'] else '✗'} {x['label']}" for x in r["retrieved"][:3])
        answer = r["error"] or ("(refused)" if r["refused"] else r["answer"])
        body.append([r["id"], r["kind"], r["question"], _short(answer, 160), top or "(nothing)"])
    note = f"{len(failed)} of {len(rows)} questions failed" + (
        f"; the first {FAILED_SHOWN} are shown" if len(failed) > FAILED_SHOWN else ""
    )
    return Table(
        "Failed questions", ["id", "kind", "question", "answer", "top retrieved"], body, note
    )


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def generation_table(figures: dict[str, Any]) -> Table:
    """Return the report table of `generation_summary`'s figures."""
    rows = [[k, fmt(figures[k])] for k in figures if k not in ("drop_reasons",)]
    rows = [[k, seconds(figures[k]) if k.startswith("latency") else v] for k, v in rows]
    rows += [[f"dropped: {k}", str(v)] for k, v in figures["drop_reasons"].items()]
    note = (
        "Every answer first gets the extractive answer; the LLM is asked only when the "
        "documents answer. Each generated sentence is checked; a reply with too little "
        "support falls back to the extractive answer (fallback), a failed or late LLM "
        "gives it marked degraded."
    )
    return Table("LLM generation and verification", ["figure", "value"], rows, note)


def stamp_table(summary: dict[str, Any]) -> Table:
    stamp = summary["stamp"]
    return Table("Run", ["key", "value"], [[k, fmt(v)] for k, v in stamp.items()])


def tables(summary: dict[str, Any], results: dict[str, list[dict[str, Any]]]) -> list[Table]:
    """Return the report's tables in reading order."""
    out = [
        stamp_table(summary),
        systems_table(summary),
        group_table(summary, "by_kind"),
        group_table(summary, "by_lang"),
        latency_table(summary),
        failures_table(results[MAIN]),
    ]
    generation = summary["systems"].get(MAIN, {}).get("generation")
    if generation:
        out.insert(2, generation_table(generation))
    lost = summary.get("unreachable_snippets") or []
    if lost:
        out.append(
            Table(
                "Gold snippets no chunk contains whole",
                ["id", "snippet"],
                [[x["id"], x["snippet"]] for x in lost],
            )
        )
    return out


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def plot_kind_bars(summary: dict[str, Any]) -> bytes:
    """Return a PNG of kommunrag's main metrics per kind of question."""
    import matplotlib.pyplot as plt

    groups = summary["systems"][MAIN]["by_kind"]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(BAR_METRICS)
    for i, metric in enumerate(BAR_METRICS):
        values = [g.get(metric) or 0.0 for g in groups.values()]
        ax.bar([x + i * width for x in range(len(groups))], values, width, label=metric)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(groups))], list(groups))
    ax.set_ylim(0, 1.05)
    ax.set_title("kommunrag by kind of question (missing figures drawn as 0)")
    ax.legend(fontsize=8, ncols=len(BAR_METRICS))
    return _png(fig)


def plot_recall_curves(summary: dict[str, Any]) -> bytes:
    """Return a PNG of mean recall@k (k = 1..20) for every system."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    for name, s in summary["systems"].items():
        curve = s["recall_curve"]
        if any(v is not None for v in curve):
            ax.plot(CURVE_KS, [v or 0.0 for v in curve], marker="o", markersize=3, label=name)
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.set_xlabel("k (chunks retrieved)")
    ax.set_ylabel("recall@k")
    ax.set_ylim(0, 1.05)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title("Share of gold snippets in the top k")
    return _png(fig)


def plot_latency(rows: list[dict[str, Any]]) -> bytes:
    """Return a PNG histogram of kommunrag's seconds per stage."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    values = {st: [r["timings"][st] * 1000 for r in rows if st in r["timings"]] for st in STAGES}
    every = [v for vs in values.values() for v in vs]
    if every:
        bins = [float(b) for b in np.linspace(0, max(every), 31)]
        for stage, stage_values in values.items():
            if stage_values:
                ax.hist(stage_values, bins=bins, alpha=0.5, label=stage)
    ax.set_xlabel("milliseconds")
    ax.set_ylabel("questions")
    ax.legend()
    ax.set_title("kommunrag latency per stage")
    return _png(fig)


def plots(summary: dict[str, Any], results: dict[str, list[dict[str, Any]]]) -> dict[str, bytes]:
    """Return the report's PNGs by file name."""
    import matplotlib

    matplotlib.use("Agg")
    return {
        "kinds.png": plot_kind_bars(summary),
        "recall_at_k.png": plot_recall_curves(summary),
        "latency.png": plot_latency(results[MAIN]),
    }


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(tables_: list[Table], images: list[str]) -> str:
    """Return the markdown report: the tables, then links to the plot files."""
    lines = ["# kommunrag eval report", ""]
    for t in tables_:
        lines += [f"## {t.title}", ""]
        if t.note:
            lines += [t.note, ""]
        lines.append("| " + " | ".join(t.headers) + " |")
        lines.append("|" + "---|" * len(t.headers))
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in t.rows]
        lines.append("")
    lines += ["## Plots", ""] + [f"![{name}](plots/{name})" for name in images]
    return "\n".join(lines) + "\n"


def render_html(tables_: list[Table], images: dict[str, bytes]) -> str:
    """Return the HTML report: the tables, then the plots embedded as base64 PNGs."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>kommunrag eval</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;"
        "vertical-align:top}th{background:#eee}</style></head><body><h1>kommunrag eval report</h1>",
    ]
    for t in tables_:
        parts.append(f"<h2>{html.escape(t.title)}</h2>")
        if t.note:
            parts.append(f"<p>{html.escape(t.note)}</p>")
        parts.append(
            "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in t.headers) + "</tr>"
        )
        for row in t.rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts.append("<h2>Plots</h2>")
    for name, png in images.items():
        data = base64.b64encode(png).decode("ascii")
        parts.append(f'<p><img src="data:image/png;base64,{data}" alt="{html.escape(name)}"></p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def write_reports(
    out: Path, summary: dict[str, Any], results: dict[str, list[dict[str, Any]]]
) -> list[Path]:
    """Write report.md, report.html and plots/*.png into `out`; return the two report paths."""
    images = plots(summary, results)
    (out / "plots").mkdir(parents=True, exist_ok=True)
    for name, png in images.items():
        (out / "plots" / name).write_bytes(png)
    made = tables(summary, results)
    md, page = out / "report.md", out / "report.html"
    md.write_text(render_markdown(made, list(images)), encoding="utf-8")
    page.write_text(render_html(made, images), encoding="utf-8")
    return [md, page]


def compare_summaries(*summaries: dict[str, Any], system: str = MAIN) -> str:
    """Return a plain-text table of `system`'s figures in runs A, B, … (two or more), each
    run after the first with its delta against A ("B−A").

    Refuses (KeyError) a summary without that system.
    """
    runs = [s["systems"][system] for s in summaries]
    rows = [(m, [r["overall"].get(m) for r in runs]) for m in METRICS]
    for stage in STAGES:
        for q in ("p50", "p95"):
            rows.append((f"{stage} {q} (s)", [r["overall"]["latency"][stage][q] for r in runs]))
    for group in ("by_kind", "by_lang"):
        for name in sorted(set().union(*(r[group] for r in runs))):
            for m in ("answer_hit_rate", "false_refusal_rate", "recall@10"):
                rows.append((f"{name}: {m}", [r[group].get(name, {}).get(m) for r in runs]))
    names = [chr(ord("A") + i) for i in range(len(runs))]
    head = [f"{n}: {_label(s)}" for n, s in zip(names, summaries, strict=True)] + [""]
    width = max(len(r[0]) for r in rows) + 2
    columns = [names[0]] + [c for n in names[1:] for c in (n, f"{n}−A")]
    head.append(f"{'metric':<{width}}" + "".join(f"{c:>10}" for c in columns))
    for name, values in rows:
        cells = [fmt(values[0])]
        for v in values[1:]:
            delta = "–" if values[0] is None or v is None else f"{v - values[0]:+.3f}"
            cells += [fmt(v), delta]
        head.append(f"{name:<{width}}" + "".join(f"{c:>10}" for c in cells))
    return "\n".join(head)


def _label(summary: dict[str, Any]) -> str:
    s = summary.get("stamp", {})
    return (
        f"config {s.get('config')}, settings {s.get('settings_hash')}, "
        f"commit {str(s.get('git_commit'))[:10]}, corpus {s.get('corpus_hash')}"
    )
