"""GET /healthz: is the service up, and is there an index to answer from?"""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import AssistantDep
from index.manifest import current_version, read_manifest

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(assistant: AssistantDep) -> dict:
    """Return `ok`, and the live index version with its counts when there is one."""
    version = current_version(assistant.settings.index.dir)
    if version is None:
        return {"status": "ok", "index": None}
    manifest = read_manifest(version)
    return {
        "status": "ok",
        "index": {
            "version": version.name,
            "embedder": manifest.embedder,
            "store": manifest.store,
            "counts": manifest.counts,
        },
    }
