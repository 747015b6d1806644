"""kommunrag's pages for people: the chat page, the embeddable widget and the source viewer.

The browser code is written in TypeScript under `web/` and built with esbuild into
`assistant/web/static/` (committed, so that `pip install` alone serves it); `make web`
rebuilds it. This package serves those files and the HTML pages around them.
"""
