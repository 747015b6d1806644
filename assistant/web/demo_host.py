"""A host page on another origin that embeds the widget with its one tag: what `make demo`
shows and what the browser tests drive, so that the widget always runs cross-origin."""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SUGGESTIONS = [
    "Vilka nämnder tog upp IT-säkerhet?",
    "Vad kostar STARK-avtalet Arboga kommun per år?",
    "Vem reserverade sig mot beslutet i äldrenämnden?",
]


def embed_tag(kommunrag_url: str, **data: str) -> str:
    """Return the widget's script tag for a kommunrag at `kommunrag_url`, with `data-*`
    attributes (`lang="sv"` gives data-lang="sv"; underscores become dashes)."""
    attrs = "".join(
        f' data-{name.replace("_", "-")}="{html.escape(value, quote=True)}"'
        for name, value in data.items()
    )
    src = html.escape(f"{kommunrag_url.rstrip('/')}/widget/v1/kommunrag.js", quote=True)
    return f'<script async src="{src}"{attrs}></script>'


def host_page(kommunrag_url: str, lang: str = "sv", setup: str = "", **data: str) -> str:
    """Return an intranet-like page embedding the widget; `setup` is host script run first
    (e.g. `kommunrag('on', 'answer', …)` through the command queue)."""
    data = {"lang": lang, "suggestions": json.dumps(SUGGESTIONS, ensure_ascii=False), **data}
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Intranätet – exempelsida</title>\n</head>\n<body>\n"
        '<header><a href="#main">Till innehållet</a></header>\n'
        '<main id="main">\n<h1>Intranätet</h1>\n'
        "<p>En värdsida på ett annat ursprung som bäddar in kommunrag med en enda tagg.</p>\n"
        '<button type="button" id="host-button">Öppna kommunrag</button>\n</main>\n'
        "<script>window.kommunrag = window.kommunrag || function () {"
        " (window.kommunrag.q = window.kommunrag.q || []).push(arguments); };\n"
        "document.getElementById('host-button').addEventListener('click',"
        " function () { window.kommunrag('toggle'); });\n"
        f"{setup}</script>\n{embed_tag(kommunrag_url, **data)}\n</body>\n</html>\n"
    )


def start_page_server(
    pages: dict[str, str], host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    """Serve `pages` ({path: html}) from a daemon thread; `server.server_address` gives the
    port taken. Raises OSError when the port is in use. Stop it with `server.shutdown()`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            body = pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
