"""What the LLM did in an eval run: generated sentences kept and dropped, fallbacks, degraded.

Each kommunrag row of a run with an LLM carries `generation`: the answer's `degraded`
flag and reason and its `verification` (see `assistant.answer.verify.Verification`).
`generation_summary` adds them up; an extractive run has no such rows and gets None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def generation_of(answer: Any) -> dict[str, Any]:
    """Return a row's `generation` field from an `assistant.models.Answer`."""
    return {
        "degraded": answer.degraded,
        "degraded_reason": answer.degraded_reason,
        "verification": answer.verification,
    }


def _reason_kind(reason: str | None) -> str:
    """Return the kind of a drop reason, without the sentence-specific part."""
    text = reason or "?"
    for cut in (" (", ": ", ", which", " not in the cited"):
        text = text.split(cut)[0]
    return "invented number" if text[:1].isdigit() else text


def generation_summary(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the generation figures of a run, or None when no row asked an LLM.

    `answers`: rows; `asked`: rows where the LLM wrote a reply that was checked;
    `generated`: answers whose text is the LLM's (not degraded, no fallback); `fallback`:
    replies that failed verification; `degraded`: the LLM failed or timed out;
    `not_asked`: the documents did not answer, so no LLM was asked; `sentences`: checked
    (claims), `kept` and `dropped` with `kept_share`; `drop_reasons` by kind; `stopped`:
    replies cut short (repetition, template token); latency p50/p90 of the whole answer (s).
    """
    marked = [r for r in rows if r.get("generation")]
    if not marked:
        return None
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for row in marked:
        gen = row["generation"]
        verification = gen["verification"]
        if gen["degraded"]:
            counts["degraded"] += 1
        elif verification is None:
            counts["not_asked"] += 1
        if verification is None:
            continue
        counts["asked"] += 1
        counts["fallback" if verification["fallback"] else "generated"] += 1
        counts["sentences"] += verification["checked"]
        counts["dropped"] += verification["unsupported"]
        counts["stopped"] += bool(verification.get("stopped"))
        reasons.update(_reason_kind(d["reason"]) for d in verification["dropped"])
    kept = counts["sentences"] - counts["dropped"]
    totals = sorted(r["timings"].get("total", 0.0) for r in marked)
    return {
        "answers": len(marked),
        **{k: counts[k] for k in ("asked", "generated", "fallback", "degraded", "not_asked")},
        "sentences": counts["sentences"],
        "kept": kept,
        "dropped": counts["dropped"],
        "kept_share": round(kept / counts["sentences"], 3) if counts["sentences"] else None,
        "stopped": counts["stopped"],
        "drop_reasons": dict(reasons.most_common()),
        "latency_p50_s": round(totals[len(totals) // 2], 3),
        "latency_p90_s": round(totals[min(len(totals) - 1, int(len(totals) * 0.9))], 3),
    }
