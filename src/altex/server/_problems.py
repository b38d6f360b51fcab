"""Errors as ``application/problem+json`` (RFC 9457), and the request body limit.

Every altex error keeps the library's message as ``detail`` and its details as
members: an unknown name its ``kind``, ``name`` and ``suggestions``; a bad
argument its ``field``; a bad catalog every problem under ``errors``. A
request that does not fit the schema is a 422 naming the first wrong field and
never echoing the input back; malformed JSON is a 400; a body over the limit a
413. Anything else is a 500 that says nothing of the inside (it should never happen).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import AltexError, DataError, InvalidInputError, UnknownNameError

__all__ = ["PROBLEM_JSON", "BodyLimit", "altex_problem", "install_problem_handlers", "problem"]

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger("altex.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def problem(status: int, slug: str, title: str, detail: str, **members: Any) -> JSONResponse:
    """A problem+json response; *slug* names the problem type (``urn:altex:problem:<slug>``)."""
    body = {"type": f"urn:altex:problem:{slug}", "title": title, "status": status, "detail": detail, **members}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def altex_problem(exc: AltexError, status: int = 422) -> JSONResponse:
    """The problem for an altex error; *status* 422 for bad input in a body, 404 for an unknown record in a path."""
    if isinstance(exc, UnknownNameError):
        return problem(
            status,
            "unknown-name",
            f"Unknown {exc.kind}",
            str(exc),
            kind=exc.kind,
            name=exc.name if isinstance(exc.name, str) else None,
            suggestions=list(exc.suggestions),
        )
    if isinstance(exc, DataError):
        errors = [{"file": p.file, "record": p.record, "field": p.field, "message": p.message} for p in exc.errors]
        return problem(422, "invalid-data", "Invalid data", str(exc), errors=errors[:100])
    if isinstance(exc, InvalidInputError):
        return problem(422, "invalid-input", "Invalid input", str(exc), field=exc.field)
    return problem(422, "altex-error", "Cannot answer", str(exc))


def _where(loc: tuple[int | str, ...]) -> str:
    """A field path as altex errors write it: ``plan[2].sets`` (the leading ``body`` dropped)."""
    parts = loc[1:] if loc and loc[0] in {"body", "query", "path"} else loc
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".") or "body"


def _validation_problem(exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return problem(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON")
    shown = [
        {"field": _where(tuple(e.get("loc", ()))), "message": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in errors[:20]
    ]
    first = shown[0] if shown else {"field": "body", "message": "invalid request"}
    detail = f"{first['field']}: {first['message']}"
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more)"
    return problem(422, "invalid-request", "Invalid request", detail, field=first["field"], errors=shown)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of *app* as problem+json."""

    async def on_altex(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AltexError)
        return altex_problem(exc)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _validation_problem(exc)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 413:
            return problem(413, "body-too-large", "Request body too large", str(exc.detail))
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        response = problem(exc.status_code, slug, str(exc.detail), f"{request.method} {request.url.path}: {exc.detail}")
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_other(request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unexpected error answering %s %s", request.method, request.url.path)
        return problem(500, "internal-error", "Internal error", "altex could not answer this request")

    app.add_exception_handler(AltexError, on_altex)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_other)


class BodyLimit:
    """ASGI middleware: refuse a request body over *max_bytes* with a 413, before it is read whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            # A body sent without a length (chunked) is counted as it streams in.
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._detail)
            return message

        await self.app(scope, counted, send)

    @property
    def _detail(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(413, "body-too-large", "Request body too large", self._detail, limit=self.max_bytes)
        response.headers["connection"] = "close"
        await response(scope, receive, send)
