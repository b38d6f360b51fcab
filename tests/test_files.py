"""Input files are read without trusting the file system: regular files only, bounded in size and
nesting, folder walks that end; every failure one line from an altex error, never a hang or a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import altex
from altex import CatalogError, DataError
from altex._files import MAX_DEPTH, MAX_PLAN_BYTES, MAX_PLAN_ITEMS, MAX_REPORT_BYTES, FileProblemError, read_bytes, walk
from altex._load import MAX_FILE_BYTES
from altex.catalog import read_catalog
from altex.cli import main

from .conftest import TINY

posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero need a POSIX system")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, err: str, *expected: str) -> None:
    assert code == 2, err
    assert err.startswith("altex: ") and err.count("\n") == 1 and "Traceback" not in err
    for text in expected:
        assert text in err


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess with a timeout: what used to hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "altex", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


# --- data folders -----------------------------------------------------------------


def test_symlink_loops_in_a_data_folder_are_walked_once(tmp_path: Path) -> None:
    """Two links back to the top made the walk exponential; each real folder is now visited once."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.toml").write_text(TINY.read_text())
    sub = data / "sub"
    sub.mkdir()
    for name in ("up1", "up2", "up3"):
        (sub / name).symlink_to(data, target_is_directory=True)
    (data / "self").symlink_to(data, target_is_directory=True)
    assert [rel for _, rel in walk(data, ".toml")] == ["tiny.toml"]
    kb = altex.load(data, bundled=False)
    assert "jogging" in kb.exercises


def test_a_file_linked_twice_is_read_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.toml").write_text(TINY.read_text())
    (data / "b.toml").symlink_to(data / "a.toml")
    assert "jogging" in altex.load(data, bundled=False).exercises  # not a duplicate-id error


@posix
def test_a_fifo_in_a_data_folder_is_refused_without_hanging(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.toml").write_text(TINY.read_text())
    os.mkfifo(data / "pipe.toml")
    done = _run("validate", str(data))
    assert done.returncode == 2
    assert done.stderr == f"altex: {data}/pipe.toml: not a regular file (a FIFO)\n"


@posix
def test_dev_zero_through_a_symlink_is_refused_before_reading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "zero.toml").symlink_to("/dev/zero")
    with pytest.raises(DataError, match=r"zero.toml: not a regular file \(a character device\)"):
        altex.load(data, bundled=False)
    with pytest.raises(DataError, match="not a regular file"):
        altex.load(data / "zero.toml", bundled=False)


def test_an_oversized_data_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(DataError, match=rf"file too large \({MAX_FILE_BYTES + 1} bytes; at most {MAX_FILE_BYTES}\)"):
        altex.load(big, bundled=False)


def test_the_limit_holds_while_reading_a_file_that_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size seen by fstat may be stale (a file still being written): reading stops at the limit."""
    f = tmp_path / "growing.toml"
    f.write_bytes(b"#" * 5000)
    real = os.fstat

    def small(fd: int) -> os.stat_result:
        st = real(fd)
        return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))

    monkeypatch.setattr("altex._files.os.fstat", small)
    with pytest.raises(FileProblemError, match="more than 100 bytes"):
        read_bytes(f, 100)


def test_deeply_nested_toml_is_one_data_error(tmp_path: Path) -> None:
    for text in ("x = " + "[" * 100_000 + "]" * 100_000, "x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)):
        f = tmp_path / "deep.toml"
        f.write_text(text)
        with pytest.raises(DataError, match="TOML nested too deeply"):
            altex.load(f, bundled=False)


# --- plan and report files ----------------------------------------------------------


def test_an_oversized_plan_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(["running"] * (MAX_PLAN_BYTES // 10 + 1)))
    assert plan.stat().st_size > MAX_PLAN_BYTES
    _one_line_error(*_cli(capsys, "adapt", str(plan), "-c", "sciatica")[::2], "plan:", "file too large")


def largest_plan(folder: Path) -> Path:
    """A plan file of the largest size and item count allowed: long names, padded with spaces."""
    plan = folder / "plan.json"
    item = json.dumps({"exercise": "Hamstring stretch", "sets": 3, "reps": 12, "minutes": 10.5})
    body = ",\n".join([item] * MAX_PLAN_ITEMS)
    plan.write_text("[" + body + "]" + " " * (MAX_PLAN_BYTES - len(body) - 2))
    assert plan.stat().st_size == MAX_PLAN_BYTES
    return plan


def test_a_plan_file_of_the_largest_size_allowed_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _cli(capsys, "adapt", str(largest_plan(tmp_path)), "-c", "sciatica", "--json")
    assert (code, err) == (0, "")
    assert len(json.loads(out)["items"]) == MAX_PLAN_ITEMS


def test_a_plan_file_with_too_many_items_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(["plank"] * (MAX_PLAN_ITEMS + 1)))
    _one_line_error(*_cli(capsys, "adapt", str(plan))[::2], f"{MAX_PLAN_ITEMS + 1} items", f"at most {MAX_PLAN_ITEMS}")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("plan.json", "[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
        ("plan.json", json.dumps([{"exercise": "plank", "sets": _nested(MAX_DEPTH)}]), "JSON nested too deeply"),
        ("plan.toml", "item = " + "[" * 100_000 + "]" * 100_000, "TOML nested too deeply"),
        ("plan.json", "\xff", "not UTF-8"),
    ],
)
def test_a_hostile_plan_file_is_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, expected: str
) -> None:
    plan = tmp_path / name
    plan.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode())
    _one_line_error(*_cli(capsys, "adapt", str(plan))[::2], expected)


@posix
def test_a_fifo_plan_or_report_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "plan.json")
    os.mkfifo(tmp_path / "report.toml")
    done = _run("adapt", str(tmp_path / "plan.json"))
    assert done.returncode == 2 and "not a regular file (a FIFO)" in done.stderr
    done = _run("assess", "--report", str(tmp_path / "report.toml"))
    assert done.returncode == 2 and "not a regular file (a FIFO)" in done.stderr


def test_an_oversized_report_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "report.toml"
    report.write_text("severity = 3\n" + "#" * MAX_REPORT_BYTES)
    _one_line_error(*_cli(capsys, "assess", "--report", str(report))[::2], "report:", "file too large")


def test_a_folder_given_as_a_plan_is_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "plan.toml"
    folder.mkdir()
    _one_line_error(*_cli(capsys, "adapt", str(folder))[::2], "not a regular file (a folder)")


# --- catalogs and mapping files ------------------------------------------------------


@posix
def test_a_catalog_that_is_a_device_or_fifo_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "catalog.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(CatalogError, match=r"not a regular file \(a character device\)"):
        read_catalog(link)
    os.mkfifo(tmp_path / "pipe.csv")
    done = _run("catalog", "check", str(tmp_path / "pipe.csv"))
    assert done.returncode == 2 and "not a regular file (a FIFO)" in done.stderr


def test_a_deeply_nested_catalog_is_one_catalog_error(tmp_path: Path) -> None:
    f = tmp_path / "catalog.json"
    f.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CatalogError, match="JSON nested too deeply"):
        read_catalog(f)


def test_a_csv_field_over_the_csv_limit_is_one_catalog_error(tmp_path: Path) -> None:
    f = tmp_path / "catalog.csv"
    f.write_text("id,name\n1," + "x" * 200_000 + "\n")
    with pytest.raises(CatalogError, match="not valid CSV"):
        read_catalog(f)


def test_a_mapping_file_goes_through_the_same_reader(tmp_path: Path, kb: altex.KnowledgeBase) -> None:
    from altex.catalog import read_pins

    f = tmp_path / "mapping.csv"
    f.symlink_to(tmp_path)
    with pytest.raises(CatalogError, match=r"not a regular file \(a folder\)"):
        read_pins(f, kb, set())


# --- Ctrl-C ---------------------------------------------------------------------------


def test_ctrl_c_ends_with_130_and_no_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("altex.cli.load", interrupted)
    code, out, err = _cli(capsys, "check", "running", "-c", "sciatica")
    assert (code, out, err) == (130, "", "altex: interrupted\n")


@posix
def test_ctrl_c_in_a_running_command(tmp_path: Path) -> None:
    """A real SIGINT while the command works: status 130, one line, no traceback."""
    code = (
        "import os, signal, altex.cli\n"
        "real = altex.cli.load\n"
        "def slow(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(*a, **k)\n"
        "altex.cli.load = slow\n"
        "raise SystemExit(altex.cli.main(['check', 'running', '-c', 'sciatica']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 130 and done.stderr == "altex: interrupted\n"
