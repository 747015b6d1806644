"""HTML parsing with BeautifulSoup and lxml: the readable text, one block per line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from index.models import ParsedDocument
from ingest.errors import UnreadableDocument
from ingest.parsers.encoding import decode_bytes

# Elements that never hold document text, and page chrome around it.
_DROP = ["script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer"]
_DROP_ROLES = ["navigation", "banner", "contentinfo", "search"]
# Blocks separated by a blank line; other block elements end a line.
# fmt: off
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
               "blockquote", "pre", "figure", "address", "section", "article", "main"}
_LINES = {"div", "li", "tr", "dt", "dd", "figcaption", "caption", "br", "hr", "form",
          "fieldset", "legend", "details", "summary", "aside"}
# fmt: on
_CELLS = {"td", "th"}
_HIDDEN_CLASSES = {"hidden", "d-none"}
_LINE, _PARA = "\x01", "\x02"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(path: Path) -> ParsedDocument:
    """Return the page's visible text as one page, with block elements on their own lines.

    Scripts, styles, navigation, header and footer are dropped, and so is content a reader
    cannot see (`hidden`, `aria-hidden="true"`, inline `display:none` or
    `visibility:hidden`, the utility classes "hidden" and "d-none"); its non-space
    characters are counted in `hidden_chars`. The title comes from <title>, else the
    first <h1>. Refuses ("corrupt") a file lxml cannot parse.
    """
    raw = path.read_bytes()
    text = decode_bytes(raw, path, _declared_charset(raw))
    try:
        soup = BeautifulSoup(text, "lxml")
    except (ValueError, TypeError, AssertionError) as exc:
        raise UnreadableDocument(path, "corrupt", f"cannot parse HTML: {exc}") from exc
    title = _title(soup)
    _drop_chrome(soup)
    hidden = _drop_hidden(soup)
    root = soup.body or soup
    return ParsedDocument(
        path=str(path), format="html", pages=[_render(root)], title=title, hidden_chars=hidden
    )


def _declared_charset(raw: bytes) -> str | None:
    """Return the charset a page declares in its first 4 KB (`<meta charset=...>`), if any."""
    match = _CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii") if match else None


def _title(soup: BeautifulSoup) -> str | None:
    """Return the <title> text, else the first <h1>'s, else None."""
    for tag in (soup.title, soup.find("h1")):
        if tag is not None:
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove non-content elements from the tree in place."""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(role=_DROP_ROLES):
        tag.decompose()


def _drop_hidden(soup: BeautifulSoup) -> int:
    """Remove the elements a reader cannot see; return their non-space character count."""
    dropped = 0
    for tag in soup.find_all(_is_hidden):
        if tag.decomposed:
            continue  # inside an element already removed
        dropped += sum(1 for ch in tag.get_text() if not ch.isspace())
        tag.decompose()
    return dropped


def _is_hidden(tag: Tag) -> bool:
    """Return True for an element that is not rendered or is marked hidden from readers."""
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).casefold() == "true":
        return True
    if _HIDDEN_CLASSES & set(tag.get("class") or []):
        return True
    style = re.sub(r"\s+", "", str(tag.get("style", ""))).casefold()
    return "display:none" in style or "visibility:hidden" in style


def _render(root: Tag) -> str:
    """Return the text of `root` with block structure kept as lines and blank lines."""
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    # A run of separators becomes one: a blank line if any of them asked for one.
    text = re.sub(
        r"[\x01\x02\s]*[\x01\x02][\x01\x02\s]*",
        lambda m: "\n\n" if _PARA in m.group() else "\n",
        text,
    )
    text = re.sub(r"[ \t]*\|[ \t]*(?=\n|$)", "", text)  # the last cell's separator
    return text.strip()


def _walk(root: Tag, parts: list[str]) -> None:
    """Append the text under `root` to `parts`, with separators around block elements.

    Iterative, with an explicit stack: pages nested thousands of elements deep are read.
    """
    stack: list[tuple[str, Any]] = [("node", child) for child in reversed(root.contents)]
    while stack:
        kind, item = stack.pop()
        if kind == "text":
            parts.append(item)
        elif isinstance(item, PreformattedString):
            continue  # comments, doctype, CDATA, processing instructions
        elif isinstance(item, NavigableString):
            parts.append(re.sub(r"\s+", " ", _CONTROL.sub("", str(item))))
        elif isinstance(item, Tag) and item.name == "pre":
            parts.extend([_PARA, _CONTROL.sub("", item.get_text()), _PARA])
        elif isinstance(item, Tag):
            separator = _separator(item.name)
            parts.append(separator + ("- " if item.name == "li" else ""))
            stack.append(("text", " | " if item.name in _CELLS else separator))
            stack.extend(("node", child) for child in reversed(item.contents))


def _separator(name: str) -> str:
    """Return the separator an element puts around itself: a blank line, a line break or none."""
    if name in _PARAGRAPHS:
        return _PARA
    if name in _LINES:
        return _LINE
    return ""
