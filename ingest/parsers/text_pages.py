"""Pages of a text file without form feeds, found from its page counters.

Text exported from a protocol keeps the printed page counters: a running header such as
"SAMMANTRÄDESPROTOKOLL 12(17)" or "1 (3)", or a footer such as "Sida 2 av 3". When the
counters of one series run 1, 2, 3 … M in order, each marks where its page begins
(a header) or ends (a footer), and the file is cut there.
"""

from __future__ import annotations

import re

# "12(17)", "12 (17)", "Sida 12 av 17", "Sida 12 (17)", "12/17" alone or ending a line.
_COUNTER = re.compile(
    r"(?:^|\s)(?:[Ss]ida\s+)?(?P<n>\d{1,3})\s?(?:\((?P<m1>\d{1,3})\)|av\s+(?P<m2>\d{1,3}))\s*$"
)
_EDGE_LINES = 3  # a last counter among the text's last non-blank lines is a footer


def split_counted_pages(text: str) -> list[str]:
    """Return `text` cut into pages at its page counters, or `[text]` when it has none.

    The counters must be one series (same total M, at least two pages) running
    1, 2, … in order; anything else leaves the text whole. A series that ends among the
    text's last lines, and does not start on its first line, is read as footers (a page
    ends after its counter's line), otherwise as headers (a page starts at its counter's
    line). The pages joined with "" give `text` back.
    """
    lines = text.splitlines(keepends=True)
    series = _series(lines)
    if series is None:
        return [text]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    header = series[0] == filled[0] or series[-1] not in filled[-_EDGE_LINES:]
    cuts = [i if header else i + 1 for i in series[1 if header else 0 :]]
    bounds = [0, *(c for c in cuts if c < len(lines)), len(lines)]
    return ["".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _series(lines: list[str]) -> list[int] | None:
    """Return the line indexes of counters 1..M (one per page, in order), or None."""
    found: dict[int, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        m = _COUNTER.search(line.strip())
        if m:
            total = int(m["m1"] or m["m2"])
            found.setdefault(total, []).append((int(m["n"]), index))
    for total, hits in sorted(found.items(), key=lambda item: -item[0]):
        numbers = [n for n, _ in hits]
        if total >= 2 and numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2:
            return [index for _, index in hits]
    return None
