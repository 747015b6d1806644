"""The pages for people: `/` (chat page), `/embed/` (the widget's iframe), `/view/{doc_id}`
(source viewer), `/docs` (API docs, offline), and the widget loader under `/widget/v1/`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from assistant.api.deps import AssistantDep
from assistant.errors import DocumentNotFound
from assistant.web.pages import STATIC, choose_lang, docs_page, manifest, render

router = APIRouter(include_in_schema=False)
LOADER = STATIC / "widget" / "kommunrag.js"
LangQuery = Annotated[str | None, Query(alias="lang")]
AcceptLanguage = Annotated[str | None, Header()]


@router.get("/", response_class=HTMLResponse)
def chat_page(
    assistant: AssistantDep, lang: LangQuery = None, accept_language: AcceptLanguage = None
):
    """The full-page chat with filters and the "Om tjänsten" note."""
    return render("page", choose_lang(lang, accept_language), assistant.settings.web)


@router.get("/embed/", response_class=HTMLResponse)
def embed_page(
    request: Request,
    assistant: AssistantDep,
    lang: LangQuery = None,
    origin: Annotated[str | None, Query()] = None,
):
    """The chat inside the widget's iframe; `origin` is the host page's origin, accepted for
    postMessage only when it is one of `web.embed_origins` (or kommunrag's own)."""
    web = assistant.settings.web
    own = f"{request.url.scheme}://{request.url.netloc}"
    parent = origin if origin in (*web.embed_origins, own) else None
    return render("embed", choose_lang(lang, None), web, parentOrigin=parent)


@router.get("/view/{doc_id}", response_class=HTMLResponse)
def view_page(
    doc_id: str,
    assistant: AssistantDep,
    lang: LangQuery = None,
    accept_language: AcceptLanguage = None,
):
    """The source viewer as a standalone, linkable page: /view/{doc_id}?q=START-END#sec-N."""
    try:
        assistant.document(doc_id)
        status = 200
    except DocumentNotFound:
        status = 404
    page = render("view", choose_lang(lang, accept_language), assistant.settings.web, docId=doc_id)
    return HTMLResponse(page, status_code=status)


@router.get("/docs", response_class=HTMLResponse)
def api_docs() -> str:
    """Swagger UI over /openapi.json, its scripts and styles served from the package."""
    return docs_page()


@router.get("/widget/v1/kommunrag.js")
def loader() -> FileResponse:
    """The widget loader, version 1; follows fixes within v1 (cached five minutes)."""
    return FileResponse(LOADER, media_type="text/javascript", headers=_loader_headers(300))


@router.get("/widget/v1/kommunrag-{digest}.js")
def pinned_loader(digest: str) -> Response:
    """The loader pinned to one build (for a script tag with `integrity`); never changes."""
    if digest != manifest()["loader"]:
        return JSONResponse(
            {
                "error": f"no loader build {digest}; see /widget/v1/manifest.json",
                "code": "route_not_found",
            },
            status_code=404,
        )
    headers = _loader_headers(31536000, immutable=True)
    return FileResponse(LOADER, media_type="text/javascript", headers=headers)


@router.get("/widget/v1/manifest.json")
def loader_manifest(request: Request) -> dict[str, str]:
    """The pinned loader's URL and its SRI integrity, for the embed tag."""
    built = manifest()
    base = str(request.base_url).rstrip("/")
    return {
        "src": f"{base}/widget/v1/kommunrag.js",
        "pinned": f"{base}/widget/v1/kommunrag-{built['loader']}.js",
        "integrity": built["loader_integrity"],
    }


def _loader_headers(max_age: int, immutable: bool = False) -> dict[str, str]:
    cache = f"public, max-age={max_age}" + (", immutable" if immutable else "")
    return {
        "Cache-Control": cache,
        "Access-Control-Allow-Origin": "*",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
