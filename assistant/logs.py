"""Logging for the service: JSON lines with a request id, and no document text by default.

Every record carries the id of the request it was written for (`request_id`, from the
`X-Request-ID` header or made up), also inside worker threads, because the id lives in
a context variable that `run_in_threadpool` copies.

Debug records of the LLM client and the HTTP libraries hold whole prompts: questions and
document text. `DocumentTextFilter` drops them unless `api.log_document_text` is on.
"""

from __future__ import annotations

import json
import logging
import time
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Loggers whose debug records quote prompts, request bodies or document text.
TEXT_LOGGERS = ("llama_index", "openai", "httpx", "httpcore", "urllib3", "kommunrag.prompt")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: ts, level, logger, message, request_id, the
    record's `extra` fields, and `exc_type` (never the traceback's file paths) on errors."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        out.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class DocumentTextFilter(logging.Filter):
    """Drops debug records of the loggers in `TEXT_LOGGERS` (prompts and document text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            return True
        return not record.name.startswith(TEXT_LOGGERS)


def configure_logging(verbose: bool, json_lines: bool, document_text: bool) -> None:
    """Send log records to stderr: JSON lines (or text), at DEBUG when `verbose`, else INFO
    for kommunrag and WARNING for the rest; drop text-bearing debug records unless
    `document_text`."""
    handler = logging.StreamHandler()
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    if not document_text:
        handler.addFilter(DocumentTextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.getLogger("kommunrag").setLevel(logging.DEBUG if verbose else logging.INFO)
