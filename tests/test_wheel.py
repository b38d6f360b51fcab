"""The wheel carries the data: build it, install it in a clean venv, run one query."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_answers(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("altex-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        licenses = [n for n in zf.namelist() if n.endswith("/LICENSE") and ".dist-info/" in n]
        assert licenses, "the wheel carries no LICENSE file"
        assert zf.read(licenses[0]).decode().startswith("MIT License")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    code = (
        "import altex; v = altex.load().check('hamstring stretch', 'sciatica'); print(v.level.value, v.reasons[0].path)"
    )
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "avoid ('hamstring-stretch', 'neural-tension', 'sciatica')"
    cli = subprocess.run(
        [str(env_dir / "bin" / "altex"), "check", "running", "-c", "sciatica", "--json"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert '"exercise": "running"' in cli.stdout
    schema = "from altex._schema import shipped_schema_text as s; import json; print(json.loads(s())['title'])"
    out = subprocess.run([str(py), "-c", schema], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "altex data file"
