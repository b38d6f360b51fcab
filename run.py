#!/usr/bin/env python3
"""Set-up and the two jobs of this repository, needing nothing but python3.

    python3 run.py demo    # a demo of altex on the bundled knowledge base
    python3 run.py test    # lint, type-check and every test (CI runs this)

Each job makes its own virtual environment in .venv (re-installing only when
pyproject.toml changes) and runs inside it.
"""

from __future__ import annotations

import sys

# First, before anything that needs a newer Python: altex needs 3.11 (tomllib, typing).
if sys.version_info < (3, 11):  # noqa: UP036 (run.py is what meets an old Python first)
    found = f"{sys.version_info[0]}.{sys.version_info[1]}"
    sys.exit(
        f"altex needs Python 3.11 or newer; this is Python {found} ({sys.executable}).\n"
        "Install a newer Python and run this script with it, for example: python3.11 run.py test"
    )

import hashlib
import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _run(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT)
    if code:
        sys.exit(code)


def ensure_env() -> None:
    """Create .venv and install altex with its test, dev, server, docs and dask extras, once per pyproject change."""
    stamp = VENV / "altex-installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print(f"+ creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    _run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[test,dev,server,docs,dask]")
    stamp.write_text(want)


def demo() -> None:
    _run(PY, ROOT / "examples" / "demo.py")


def test() -> None:
    _run(BIN / "ruff", "check", "src", "tests", "examples", "run.py", "conftest.py")
    _run(BIN / "ruff", "format", "--check", "src", "tests", "examples", "run.py", "conftest.py")
    _run(BIN / "mypy", "--strict", "src")
    profile = "ci" if os.environ.get("CI") else "dev"
    # -rs: say why each skipped test was skipped.
    _run(PY, "-m", "pytest", "-q", "-rs", f"--hypothesis-profile={profile}", "--benchmark-columns=min,median,mean,ops")


JOBS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in JOBS:
        sys.exit(f"usage: python3 {Path(__file__).name} {{{'|'.join(JOBS)}}}")
    ensure_env()
    JOBS[sys.argv[1]]()
