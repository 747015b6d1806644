"""The audit log: who asked what, and which documents the answer cited. Off by default.

With `api.audit_dir` set, every answer the API gives appends one JSON line to
`audit-YYYY-MM-DD.jsonl` (UTC day) in that folder:
`{"ts", "request_id", "principal", "question", "kind", "supported", "degraded",
"cited": [{"doc_id", "file", "page"}]}`. Files older than `api.audit_retention_days` are
deleted when a new day's file is started.

GDPR: questions are personal data when they name people or come from a signed-in
official, and the principal identifies the official. The log therefore needs a legal
basis (typically the municipality's duty to document, or security monitoring), a
retention period that fits it, access limited to those who audit, and a mention in the
processing register. It never holds the answer text or document text; anonymous callers
are logged as "anonymous".
"""

from __future__ import annotations

import fcntl
import json
import threading
import time
from contextvars import ContextVar
from pathlib import Path

from assistant.logs import request_id
from assistant.models import Answer

principal_name: ContextVar[str] = ContextVar("principal_name", default="anonymous")
DAY = 86400


class AuditLog:
    """Appends one line per answer; safe across threads and worker processes (flock)."""

    def __init__(self, folder: Path, retention_days: int) -> None:
        self.folder = Path(folder)
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._day = ""

    def record(self, answer: Answer) -> None:
        """Append the audit line of `answer` for the current request's principal."""
        line = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "request_id": request_id.get(),
            "principal": principal_name.get(),
            "question": answer.question,
            "kind": answer.kind,
            "supported": answer.supported,
            "degraded": answer.degraded,
            "cited": [
                {"doc_id": c.doc_id, "file": c.file, "page": c.page} for c in answer.citations
            ],
        }
        day = time.strftime("%Y-%m-%d", time.gmtime())
        text = json.dumps(line, ensure_ascii=False) + "\n"
        with self._lock:
            if day != self._day:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.prune()
                self._day = day
            with (self.folder / f"audit-{day}.jsonl").open("a", encoding="utf-8") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                fh.write(text)

    def prune(self, now: float | None = None) -> list[Path]:
        """Delete the day files older than the retention period; return them."""
        limit = (now or time.time()) - self.retention_days * DAY
        gone = []
        for path in self.folder.glob("audit-*.jsonl"):
            try:
                day = time.mktime(time.strptime(path.stem[6:], "%Y-%m-%d")) - time.timezone
            except ValueError:
                continue
            if day + DAY < limit:
                path.unlink(missing_ok=True)
                gone.append(path)
        return gone
