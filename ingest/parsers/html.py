"""HTML parsing with BeautifulSoup and lxml: the readable text, one block per line."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from index.models import ParsedDocument
from ingest.errors import UnreadableDocument

# Elements that never hold document text, and page chrome around it.
_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer")
_DROP_ROLES = ("navigation", "banner", "contentinfo", "search")
# Blocks separated by a blank line; other block elements end a line.
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl",
               "blockquote", "pre", "figure", "address", "section", "article", "main"}
_LINES = {"div", "li", "tr", "dt", "dd", "figcaption", "caption", "br", "hr", "form",
          "fieldset", "legend", "details", "summary", "aside"}
_CELLS = {"td", "th"}


def parse_html(path: Path) -> ParsedDocument:
    """Return the page's visible text as one page, with block elements on their own lines.

    Scripts, styles, navigation, header and footer are dropped. The title comes from
    <title>, else the first <h1>. Refuses ("corrupt") a file lxml cannot parse.
    """
    try:
        soup = BeautifulSoup(path.read_bytes(), "lxml")
    except (ValueError, TypeError, AssertionError) as exc:
        raise UnreadableDocument(path, "corrupt", f"cannot parse HTML: {exc}") from exc
    title = _title(soup)
    _drop_chrome(soup)
    root = soup.body or soup
    text = _render(root)
    return ParsedDocument(path=str(path), format="html", pages=[text], title=title)


def _title(soup: BeautifulSoup) -> str | None:
    """Return the <title> text, else the first <h1>'s, else None."""
    for tag in (soup.title, soup.find("h1")):
        if tag is not None:
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove non-content elements and comments from the tree in place."""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": _DROP_ROLES}):
        tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment | Doctype | ProcessingInstruction)):
        node.extract()


def _render(root: Tag) -> str:
    """Return the text of `root` with block structure kept as lines and blank lines."""
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _walk(node: Tag, parts: list[str]) -> None:
    """Append the text under `node` to `parts`, with newlines around block elements."""
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "pre":
            parts.append("\n\n" + child.get_text() + "\n\n")
            continue
        before, after = _breaks(name)
        parts.append(before)
        if name == "li":
            parts.append("- ")
        _walk(child, parts)
        if name in _CELLS:
            parts.append(" | ")
        parts.append(after)


def _breaks(name: str) -> tuple[str, str]:
    """Return the separators to put before and after an element."""
    if name in _PARAGRAPHS:
        return "\n\n", "\n\n"
    if name in _LINES:
        return "\n", "\n"
    return "", ""
