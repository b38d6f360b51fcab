"""``altex serve``: run the HTTP service, or write its OpenAPI document."""

from __future__ import annotations

import argparse
from typing import Any

from .._cli_export import write_text
from ..kb import KnowledgeBase
from . import DEFAULT_MAX_BODY, openapi_text, serve

__all__ = ["add_serve_parser"]


def _serve(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    if args.openapi:
        write_text(args.openapi, openapi_text(kb))
        return {"written": args.openapi}, f"wrote {args.openapi}"
    serve(kb, host=args.host, port=args.port, max_body=args.max_body)
    return {"stopped": True}, "altex serve: stopped"


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add ``altex serve`` to the command line (it needs the ``server`` extra only when run)."""
    s = sub.add_parser("serve", parents=[common], help="run the HTTP service (pip install 'altex[server]')")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    s.add_argument(
        "--max-body", type=int, default=DEFAULT_MAX_BODY, metavar="BYTES", help="largest request body accepted"
    )
    s.add_argument("--openapi", metavar="FILE", help="write the OpenAPI document to FILE and exit")
    s.set_defaults(handler=_serve)
