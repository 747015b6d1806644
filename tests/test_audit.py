"""The audit log: off by default; on, one line per answer with the principal and the cited
documents, never the answer text; day files past the retention are deleted."""

from __future__ import annotations

import hashlib
import json
import time

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.audit import AuditLog
from assistant.auth_settings import ApiKey, Grant

STARK = "Vad kostar STARK-avtalet Arboga kommun per år?"


def test_answers_are_audited_per_principal(sample_index, embedder, tmp_path):
    settings = sample_index.model_copy(deep=True)
    settings.api.audit_dir = tmp_path / "audit"
    key = "audit-test-key-123"
    digest = hashlib.sha256(key.encode()).hexdigest()
    grants = [Grant(classes=["public"])]
    settings.auth.api_keys = [ApiKey(name="revisor", sha256=digest, grants=grants)]
    with TestClient(create_app(settings, embedder)) as client:
        keyed = client.post("/v1/ask", json={"question": STARK}, headers={"X-API-Key": key})
        anonymous = client.post("/v1/chat", json={"messages": [{"role": "user", "content": STARK}]})
    assert keyed.status_code == anonymous.status_code == 200
    (day,) = list((tmp_path / "audit").glob("audit-*.jsonl"))
    lines = [json.loads(line) for line in day.read_text().splitlines()]
    assert [line["principal"] for line in lines] == ["key:revisor", "anonymous"]
    assert lines[0]["question"] == STARK
    cited = {c["doc_id"] for c in lines[0]["cited"]}
    assert cited == {c["doc_id"] for c in keyed.json()["citations"]} and cited
    assert keyed.json()["answer"] not in day.read_text()  # questions and sources, not answers
    assert lines[0]["request_id"] == keyed.headers["x-request-id"]


def test_no_audit_log_unless_configured(sample_index):
    assert sample_index.api.audit_dir is None


def test_day_files_past_the_retention_are_deleted(tmp_path):
    log = AuditLog(tmp_path, retention_days=30)
    old, recent = tmp_path / "audit-2020-01-01.jsonl", tmp_path / "audit-2020-03-01.jsonl"
    old.write_text("{}\n")
    recent.write_text("{}\n")
    now = time.mktime(time.strptime("2020-03-10", "%Y-%m-%d"))
    assert log.prune(now) == [old]
    assert recent.exists() and not old.exists()
