"""``altex serve`` as people start it, the service under random input, and altex without the extra."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import altex
from altex.cli import main
from altex.server import create_app

from .server_helpers import Client

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from .test_server import api  # noqa: F401  (the module's running server)

KB = altex.load()
ROOT = Path(__file__).resolve().parents[1]


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # import fastapi now raises ImportError
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("altex: ") and "pip install 'altex[server]'" in err and "Traceback" not in err
    with pytest.raises(ImportError, match="altex\\[server\\]"):
        create_app(KB)


def test_importing_altex_loads_no_server_or_docs_package() -> None:
    code = (
        "import sys, altex, altex.cli, altex.server; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'fastapi', 'uvicorn', 'starlette', 'mkdocs'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_serve_writes_the_openapi_document(tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    assert main(["serve", "--openapi", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_altex_serve_answers_until_interrupted() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "altex", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        client, deadline, reply = Client(port), time.monotonic() + 60, None
        while reply is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                reply = client.post("/v1/check", {"exercise": "running", "conditions": ["sciatica"]})
            except OSError:
                time.sleep(0.1)
        assert reply is not None and reply.status == 200, proc.stderr.read() if proc.poll() is not None else ""
        assert reply.json["exercise"] == "running"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


# -- random input: a 4xx problem or an answer, never a 500 ----------------------------------

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_json = st.recursive(
    _scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip
_exercise = st.sampled_from(sorted(KB.exercises)) | st.sampled_from([e.name for e in KB.exercises.values()])
_condition = st.sampled_from(sorted(KB.conditions)) | st.text(max_size=12)
_conditions = st.lists(_condition, max_size=4) | _json
_report = st.fixed_dictionaries(
    {"severity": st.integers(-2, 12) | _json},
    optional={
        "quality": st.sampled_from(["sharp", "dull", "tickly"]) | _json,
        "onset": st.sampled_from(["during", "after"]) | _json,
        "symptoms": st.lists(st.sampled_from(sorted(KB.symptoms)) | st.text(max_size=8), max_size=3) | _json,
        "hours_since_onset": st.floats() | _json,
    },
)
_entry = st.fixed_dictionaries({"exercise": _exercise}, optional={"sets": _json, "minutes": _json})
_BODIES: dict[str, st.SearchStrategy[Any]] = {
    "/v1/check": st.fixed_dictionaries({"exercise": _exercise | _json}, optional={"conditions": _conditions}),
    "/v1/substitutes": st.fixed_dictionaries(
        {"exercise": _exercise | _json},
        optional={"conditions": _conditions, "limit": st.integers(-1, 200) | _json, "equipment": _json},
    ),
    "/v1/adapt": st.fixed_dictionaries(
        {
            "plan": st.lists(
                _exercise | st.fixed_dictionaries({"exercise": _exercise}, optional={"sets": _json}), max_size=4
            )
            | _json
        },
        optional={"conditions": _conditions, "report": _report | _json},
    ),
    "/v1/assess": _report | _json,
    "/v1/catalog/check": st.fixed_dictionaries(
        {"rows": st.lists(st.fixed_dictionaries({"id": st.text(max_size=4), "name": _exercise}), max_size=3) | _json},
        optional={"conditions": _conditions, "format": _json, "columns": _json},
    ),
}


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(path=st.sampled_from(sorted(_BODIES)), data=st.data())
def test_random_bodies_get_an_answer_or_a_4xx_problem(api: Client, path: str, data: st.DataObject) -> None:  # noqa: F811
    body = data.draw(_BODIES[path])
    reply = api.call("POST", path, raw=json.dumps(body).encode())
    assert reply.status == 200 or 400 <= reply.status < 500, (reply.status, reply.body[:300])
    if reply.status != 200:
        assert reply.content_type == "application/problem+json" and reply.json["detail"]
