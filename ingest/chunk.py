"""Cut sections into chunks that follow sentence boundaries and fit the embedder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from index.models import Chunk, Section, SectionMeta
from index.text import split_sentences

_DNR_CLASS = re.compile(r"-\d+(\.\d+)+$")


def citation_label(meta: SectionMeta, page_start: int, page_end: int) -> str:
    """Return a human citation such as `Äldrenämnden § 127, Dnr AN 2023/00292, 2023-05 (s. 2)`.

    The Dnr's classification suffix ("-1.7.1") is left out of the label; the full Dnr stays
    in the metadata. Parts that are unknown are skipped.
    """
    head = meta.organ or meta.municipality or meta.title or "Dokument"
    if meta.paragraph:
        head += f" § {meta.paragraph}"
    parts = [head]
    if meta.dnr:
        parts.append(f"Dnr {_DNR_CLASS.sub('', meta.dnr)}")
    if meta.date:
        parts.append(meta.date)
    pages = f"s. {page_start}" if page_start == page_end else f"s. {page_start}–{page_end}"
    return f"{', '.join(parts)} ({pages})"


def _sentence_groups(
    spans: list[tuple[int, int]], costs: list[int], budget: int, overlap: int
) -> list[tuple[int, int]]:
    """Return `(first, last)` sentence index ranges whose summed cost stays within budget."""
    groups: list[tuple[int, int]] = []
    first = 0
    while first < len(spans):
        last, total = first, costs[first]
        while last + 1 < len(spans) and total + costs[last + 1] <= budget:
            last += 1
            total += costs[last]
        groups.append((first, last))
        if last + 1 >= len(spans):
            break
        first = max(last + 1 - overlap, first + 1)
    return groups


def _split_long(
    text: str, start: int, end: int, budget: int, count: Callable[[str], int]
) -> list[tuple[int, int]]:
    """Split one over-long sentence span on word boundaries into spans within budget.

    Each piece takes as many words as fit (a word over budget on its own is a piece).
    Counting tokens costs time in proportion to the text counted, so the search for a
    piece's end starts from the previous piece's length in words and steps from there:
    about three counts per piece instead of one per word, and a megabyte without a full
    stop is chunked in about as long as a megabyte of prose.
    """
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]

    def fits(i: int, j: int) -> bool:
        return count(text[words[i][0] : words[j][1]]) <= budget

    pieces: list[tuple[int, int]] = []
    i, guess = 0, 32
    while i < len(words):
        j = min(i + guess, len(words) - 1)
        if fits(i, j):
            while j + 1 < len(words) and fits(i, j + 1):
                j += 1
        else:
            while j > i and not fits(i, j):
                j -= 1
        pieces.append((words[i][0], words[j][1]))
        guess = max(j - i, 1)
        i = j + 1
    return pieces


def chunk_section(
    section: Section,
    doc_id: str,
    index: int,
    max_tokens: int,
    count_tokens: Callable[[str], int],
    overlap_sentences: int = 1,
) -> list[Chunk]:
    """Return the chunks of one section, each at most `max_tokens` embedder tokens.

    Chunks never cross the section boundary and break only between sentences (a single
    sentence longer than the budget is split between words). Neighbouring chunks share
    `overlap_sentences` sentences. A section with no text gives no chunks.
    """
    text = section.text
    spans: list[tuple[int, int]] = []
    for start, end in split_sentences(text):
        if count_tokens(text[start:end]) > max_tokens:
            spans.extend(_split_long(text, start, end, max_tokens, count_tokens))
        else:
            spans.append((start, end))
    costs = [count_tokens(text[s:e]) for s, e in spans]
    chunks = []
    for n, (first, last) in enumerate(
        _sentence_groups(spans, costs, max_tokens, overlap_sentences)
    ):
        start, end = spans[first][0], spans[last][1]
        pages = section.page_at(start), section.page_at(end - 1)
        page_starts = [(0, pages[0])] + [
            (offset - start, page) for offset, page in section.page_starts if start < offset < end
        ]
        body = text[start:end]
        digest = hashlib.sha1(f"{doc_id}:{index}:{n}:{body}".encode()).hexdigest()[:16]
        chunks.append(
            Chunk(
                id=digest,
                doc_id=doc_id,
                text=body,
                label=citation_label(section.meta, *pages),
                meta=section.meta,
                section=index,
                page_start=pages[0],
                page_end=pages[1],
                section_kind=section.kind,
                page_starts=page_starts,
                start=start,
            )
        )
    return chunks
