"""Index versions on disk: a manifest per version and an atomic switch between versions.

Layout under the index directory::

    CURRENT          name of the live version, replaced atomically
    v0003/           one complete index: manifest.json, catalog.sqlite, vectors/, lexical/
    .staging-*/      a version being built; never read by the service

A run builds a new version beside the live one and only then switches CURRENT, so an
interrupted run leaves the previous index intact and servable.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.embedders.base import SPACES, space_of
from index.errors import EmbedderMismatch, IndexNotFound

FORMAT = 1


@dataclass
class Manifest:
    """What a version was built with. Opening it with a non-interchangeable embedder is refused.

    `interchangeable` lists the embedders that share the builder's vector space (see
    `index.embedders.base.SPACES`); any of them may query or extend the index.
    """

    embedder: str
    dim: int
    store: str
    chunking: str
    created: float = field(default_factory=time.time)
    format: int = FORMAT
    counts: dict[str, int] = field(default_factory=dict)
    interchangeable: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        space = space_of(self.embedder)
        if space and not self.interchangeable:  # manifests written before the list existed
            self.interchangeable = list(SPACES[space])

    def check(self, embedder: str, path: Path) -> None:
        """Raise `EmbedderMismatch` unless `embedder` built this index or is interchangeable."""
        if embedder != self.embedder and embedder not in self.interchangeable:
            raise EmbedderMismatch(
                f"index {path} was built with embedder '{self.embedder}', not '{embedder}'; "
                "re-ingest with the new embedder or configure the old one"
            )


def read_manifest(version: Path) -> Manifest:
    """Return the manifest of a version directory; raise `IndexNotFound` when it has none."""
    try:
        data = json.loads((version / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise IndexNotFound(f"no index manifest in {version}") from exc
    return Manifest(**data)


def write_manifest(version: Path, manifest: Manifest) -> None:
    _atomic_write(version / "manifest.json", json.dumps(asdict(manifest), indent=2))


def current_version(root: Path) -> Path | None:
    """Return the live version directory, or None when no index was published yet."""
    try:
        name = (root / "CURRENT").read_text().strip()
    except OSError:
        return None
    version = root / name
    return version if version.is_dir() else None


def start_version(root: Path) -> Path:
    """Return a fresh staging directory holding a copy of the live version (if any)."""
    root.mkdir(parents=True, exist_ok=True)
    remove_staging(root)
    staging = root / f".staging-{os.getpid()}-{int(time.time() * 1000)}"
    live = current_version(root)
    if live is not None:
        shutil.copytree(live, staging)
    else:
        staging.mkdir()
    return staging


def remove_staging(root: Path) -> list[Path]:
    """Delete the staging folders that runs left behind (call it holding the index lock);
    return them."""
    stale = sorted(root.glob(".staging-*"))
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def publish_version(root: Path, staging: Path, keep: int = 2) -> Path:
    """Move `staging` into place as the next version, switch CURRENT to it, drop old versions."""
    numbers = [int(p.name[1:]) for p in root.glob("v[0-9]*") if p.name[1:].isdigit()]
    version = root / f"v{max(numbers, default=0) + 1:04d}"
    os.replace(staging, version)
    _atomic_write(root / "CURRENT", version.name)
    versions = sorted(p for p in root.glob("v[0-9]*") if p.is_dir())
    for old in versions[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return version


def discard_version(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
