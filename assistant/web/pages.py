"""The HTML pages around the built browser code: chat page, widget iframe, viewer, API docs.

Each page is a small shell: the built stylesheet and script (`static/`, versioned by their
content hash from `static/manifest.json`) and the page's settings as JSON in a
`data-config` attribute, HTML-escaped. No inline script, so the pages run under a CSP of
`script-src 'self'`.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.web.settings import WebSettings

STATIC = Path(__file__).resolve().parent / "static"
LANGS = ("sv", "en")
TITLES = {
    "page": {"sv": "kommunrag – fråga kommunens handlingar", "en": "kommunrag – ask the documents"},
    "embed": {"sv": "kommunrag chatt", "en": "kommunrag chat"},
    "view": {"sv": "kommunrag – källa", "en": "kommunrag – source"},
}


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """Return the build manifest: file hashes and the loader's SRI integrity.

    Raises FileNotFoundError naming `make web` when the built files are missing.
    """
    path = STATIC / "manifest.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: build the browser code with 'make web'")
    return json.loads(path.read_text(encoding="utf-8"))


def choose_lang(query_lang: str | None, accept_language: str | None) -> str:
    """Return 'sv' or 'en': the `lang` query parameter, else the first of the browser's
    languages that is one of them, else Swedish."""
    if query_lang in LANGS:
        return query_lang
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "sv"


def render(mode: str, lang: str, web: WebSettings, **config: Any) -> str:
    """Return the HTML of page `mode` ('page', 'embed' or 'view') in `lang`."""
    built = manifest()
    data = {
        "mode": mode,
        "lang": lang,
        "color": web.color,
        "disclosure": {"sv": web.disclosure_sv, "en": web.disclosure_en},
        **config,
    }
    attr = html.escape(json.dumps(data, ensure_ascii=False), quote=True)
    title = html.escape(TITLES[mode][lang])
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="/assets/app/app.css?v={built["css"]}">\n'
        f'<script defer src="/assets/app/app.js?v={built["app"]}"></script>\n'
        f'</head>\n<body class="mode-{mode}">\n'
        f'<div id="kommunrag" data-config="{attr}">'
        "<noscript>kommunrag behöver JavaScript. kommunrag needs JavaScript.</noscript></div>\n"
        "</body>\n</html>\n"
    )


def docs_page() -> str:
    """Return the Swagger UI page for /openapi.json, with its files served from the package."""
    built = manifest()
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>kommunrag – API</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="/assets/docs/swagger-ui.css?v={built["docs"]}">\n'
        '</head>\n<body>\n<div id="swagger-ui"></div>\n'
        f'<script src="/assets/docs/swagger-ui-bundle.js?v={built["docs"]}"></script>\n'
        f'<script src="/assets/docs/docs.js?v={built["docs"]}"></script>\n'
        "</body>\n</html>\n"
    )
