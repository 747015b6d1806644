"""Helpers for the browser tests: host pages on their own port, and axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.web.demo_host import start_page_server

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
# WCAG 2.0-2.2 A and AA rules plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@contextmanager
def page_server(pages: dict[str, str]) -> Iterator[str]:
    """Serve `pages` ({path: html}) on a free port of 127.0.0.1; yield the base URL."""
    server = start_page_server(pages)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(target) -> list[dict]:
    """Run axe-core in a page or frame; return its serious and critical violations.

    The script is evaluated through the DevTools protocol, which the pages' CSP
    (`script-src 'self'`) does not govern, so the pages are tested under their real CSP.
    """
    target.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = target.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))",
        AXE_TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]
