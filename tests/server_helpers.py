"""A real altex server on 127.0.0.1 for the tests, and a tiny HTTP client (standard library only)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import altex


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Client:
    """Calls one server over HTTP; every call opens its own connection."""

    port: int
    host: str = "127.0.0.1"

    def call(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        chunked: bool = False,
    ) -> Reply:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        sent = {"Content-Type": "application/json"} if data is not None else {}
        sent.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            if chunked and data is not None:
                conn.request(method, path, body=iter([data[i : i + 65536] for i in range(0, len(data), 65536)]),
                             headers=sent, encode_chunked=True)  # fmt: skip
            else:
                conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            return Reply(response.status, response.getheader("content-type", ""), response.read())
        finally:
            conn.close()

    def post(self, path: str, body: object) -> Reply:
        return self.call("POST", path, body)

    def get(self, path: str) -> Reply:
        return self.call("GET", path)


@contextmanager
def running_server(kb: altex.KnowledgeBase, **options: Any) -> Iterator[Client]:
    """Serve *kb* with uvicorn in a thread on a free port of 127.0.0.1; stop it on exit."""
    import uvicorn

    from altex.server import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(kb, **options), log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Client(port)
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
