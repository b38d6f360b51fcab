"""altex over HTTP: a FastAPI service on uvicorn (``pip install 'altex[server]'``, ``altex serve``).

Endpoints mirror the public API (check, substitutes, adapt, assess, judging a
posted catalog) and list the records a page at a time; see ``docs/server.md``
and the OpenAPI document ``docs/openapi.json``. The service holds one
immutable knowledge base that every request shares and none changes.

Importing this package needs nothing beyond altex; building an app or serving
needs the ``server`` extra, and without it raises :class:`MissingExtraError`
saying how to install it.

>>> paths = create_app(kb).openapi()["paths"]
>>> sorted(p for p in paths if p.startswith("/v1/c"))
['/v1/catalog/check', '/v1/check', '/v1/conditions', '/v1/conditions/{name}']
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import AltexError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ..kb import KnowledgeBase

__all__ = ["DEFAULT_MAX_BODY", "INSTALL_HINT", "MissingExtraError", "create_app", "openapi_text", "serve"]

INSTALL_HINT = "the HTTP service needs the server extra: pip install 'altex[server]'"

#: Largest request body accepted by default, in bytes (a free-exercise-db catalog is about 250 kB).
DEFAULT_MAX_BODY = 2 * 1024 * 1024


class MissingExtraError(AltexError, ImportError):
    """FastAPI or uvicorn is not installed; the message says how to install them."""


def _require() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        missing = f" ({exc.name} is missing)" if exc.name else ""
        raise MissingExtraError(INSTALL_HINT + missing) from None


def create_app(kb: KnowledgeBase | None = None, *, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The service answering from *kb* (the bundled knowledge base by default)."""
    _require()
    from .._open import load
    from ._app import build_app

    return build_app(load() if kb is None else kb, max_body=max_body)


def openapi_text(kb: KnowledgeBase | None = None) -> str:
    """The OpenAPI document of the service, as the text of ``docs/openapi.json``.

    Examples
    --------
    >>> json.loads(openapi_text(kb))["info"]["title"]
    'altex'
    """
    return json.dumps(create_app(kb).openapi(), indent=2, ensure_ascii=False) + "\n"


def serve(
    kb: KnowledgeBase | None = None, *, host: str = "127.0.0.1", port: int = 8000, max_body: int = DEFAULT_MAX_BODY
) -> None:
    """Serve until interrupted (Ctrl-C), in this process: one knowledge base for every request."""
    app = create_app(kb, max_body=max_body)
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
