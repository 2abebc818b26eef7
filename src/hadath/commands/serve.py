"""``hadath serve``: the HTTP API and the Arabic web UI over a store.

Thin: opens the store, builds the app with ``hadath.web.create_app`` and runs it
under uvicorn. Binds 127.0.0.1 unless ``--host`` says otherwise; with ``--token``
(or ``HADATH_TOKEN``) the compute endpoints need ``Authorization: Bearer <token>``.
Needs the ``web`` extra (FastAPI, uvicorn, Jinja2); without it, says so.
"""

from __future__ import annotations

import argparse
import os
import sys

from hadath.commands import add_kb_option, load_kb_option

__all__ = ["add_parser", "run"]

TOKEN_ENV = "HADATH_TOKEN"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``hadath serve``."""
    parser = subparsers.add_parser(
        "serve",
        help="HTTP API and Arabic web UI over a store",
        description="Serve the JSON API (/analyze, /articles, /events, /actors, /stats; "
        "OpenAPI at /openapi.json) and the web UI (/ui/) over a store. Needs the web "
        "extra: pip install 'hadath[web]'.",
    )
    parser.add_argument("--db", metavar="FILE",
                        help="the store to serve (without it only /analyze and the paste page)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (8000)")
    parser.add_argument("--token", default=None,
                        help=f"require this bearer token on compute endpoints (or set {TOKEN_ENV})")
    parser.add_argument("--max-body", type=int, default=2_000_000, metavar="BYTES",
                        help="largest request body accepted (2000000); larger gets 413")
    add_kb_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from hadath.web import WEB_EXTRA_HINT, create_app, missing_web_dependency

    missing = missing_web_dependency()
    if missing is not None:
        print(f"hadath: {WEB_EXTRA_HINT} ({missing} is not installed)", file=sys.stderr)
        return 1
    import uvicorn

    from hadath.store import open_store

    token = args.token or os.environ.get(TOKEN_ENV) or None
    store = open_store(args.db, readonly=True) if args.db else None
    app = create_app(store, load_kb_option(args), token=token, max_body=args.max_body)
    if args.host not in ("127.0.0.1", "localhost", "::1") and token is None:
        print(f"hadath: warning: serving on {args.host} without a token: anyone who can reach "
              "it may run analyses", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    if store is not None:
        store.close()
    return 0
