"""The load cache cannot be poisoned: only a file the user wrote, holding the knowledge base it claims, is unpickled.

Each attack plants a pickle that writes a marker file when unpickled; the test
passes only if the marker never appears and the answer comes from the data.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import altex
from altex import _cache
from altex._cache import _header, cache_dir, cached, fingerprint
from altex._open import _bundled_data

from .conftest import TINY

pytestmark = pytest.mark.skipif(not _cache._CAN_CHECK, reason="the load cache is off where owners cannot be checked")


class _Planted:
    """Unpickling this runs code: it writes *marker* (what an attacker's pickle would do)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (exec, (f"__import__('pathlib').Path({str(self.marker)!r}).write_text('ran')",))


def _evil(marker: Path) -> bytes:
    return pickle.dumps(_Planted(marker))


def _plant(folder: Path, payload: bytes, paths: list[Path] | None = None, key: str | None = None) -> Path:
    """Write *payload* where the cache of *paths* is looked for, with a header naming its key."""
    key = key or fingerprint(paths or [TINY])
    target = folder / f"kb-{key[:40]}.pickle"
    target.write_bytes(_header(key, len(payload)) + payload)
    target.chmod(0o600)
    return target


class _Builds:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> altex.KnowledgeBase:
        self.calls += 1
        return altex.load(TINY, bundled=False)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "cache"
    monkeypatch.setenv("ALTEX_CACHE_DIR", str(out))
    monkeypatch.setattr(_cache, "_warned", False)
    return out


def _load(build: _Builds | None = None) -> altex.KnowledgeBase:
    return cached([TINY], build or _Builds(), altex.KnowledgeBase)


def test_the_planted_pickle_would_run_if_unpickled(tmp_path: Path) -> None:
    """The attacks below are real: this payload does write its marker when unpickled."""
    marker = tmp_path / "ran"
    pickle.loads(_evil(marker))
    assert marker.read_text() == "ran"


def test_a_cache_is_written_in_a_private_folder_and_read_back(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, again = _Builds(), _Builds()
    kb = _load(first)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (written,) = folder.glob("kb-*.pickle")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert written.read_bytes().startswith(_header(fingerprint([TINY]), 0)[:-10])
    assert _load(again).exercises.keys() == kb.exercises.keys()
    assert (first.calls, again.calls) == (1, 0)
    assert capsys.readouterr().err == ""


def test_planted_pickle_in_a_folder_others_can_write_is_not_run(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir()
    folder.chmod(0o777)  # a shared folder: ALTEX_CACHE_DIR=/tmp/shared
    marker = tmp_path / "ran"
    _plant(folder, _evil(marker))
    build = _Builds()
    kb = _load(build)
    assert not marker.exists()
    assert build.calls == 1 and "jogging" in kb.exercises
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "writable by other users" in err and "rebuilding" in err


def test_planted_pickle_in_a_folder_of_another_user_is_not_run(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    _plant(folder, _evil(marker))
    real = os.getuid()
    monkeypatch.setattr(_cache.os, "getuid", lambda: real + 1)  # the folder now belongs to "someone else"
    _load()
    assert not marker.exists()
    assert "belongs to another user" in capsys.readouterr().err


def test_planted_file_others_can_write_is_not_run(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    _plant(folder, _evil(marker)).chmod(0o666)
    _load()
    assert not marker.exists()
    assert "writable by other users" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_planted_file_of_another_user_is_not_run(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    os.chown(_plant(folder, _evil(marker)), 4242, 4242)
    _load()
    assert not marker.exists()
    assert "belongs to another user" in capsys.readouterr().err


def test_a_pickle_without_the_full_key_inside_is_not_run(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The right file name is not enough: the header must hold the full key (and the right length)."""
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    key = fingerprint([TINY])
    target = _plant(folder, b"")
    for forged in (
        _evil(marker),  # a bare pickle, as the old cache format wrote
        _header(key[:40] + "0" * 24, len(_evil(marker))) + _evil(marker),  # same name, other key
        _header(key, 5) + _evil(marker),  # length that does not match
    ):
        target.write_bytes(forged)
        _load()
        assert not marker.exists()
    assert "is not a cache file of this knowledge base" in capsys.readouterr().err


def test_a_planted_knowledge_base_with_a_changed_exercise_is_not_used(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A well-formed knowledge base with one exercise changed, planted in a shared folder."""
    folder.mkdir()
    folder.chmod(0o777)
    doctored = altex.loads(TINY.read_text().replace('impact = "high"', 'impact = "none"', 1))
    _plant(folder, pickle.dumps(doctored))
    assert _load().exercises["jogging"].impact is altex.Impact.HIGH
    assert "writable by other users" in capsys.readouterr().err


def test_a_symlink_at_the_cache_path_is_not_followed(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    elsewhere = tmp_path / "elsewhere.pickle"
    key = fingerprint([TINY])
    elsewhere.write_bytes(_header(key, len(_evil(marker))) + _evil(marker))
    (folder / f"kb-{key[:40]}.pickle").symlink_to(elsewhere)
    _load()
    assert not marker.exists()
    assert "cannot be opened" in capsys.readouterr().err


def test_a_fifo_at_the_cache_path_does_not_hang(folder: Path) -> None:
    """In a subprocess with a timeout: opening a FIFO for reading would block forever."""
    folder.mkdir(mode=0o700)
    key = fingerprint([_bundled_data()])
    os.mkfifo(folder / f"kb-{key[:40]}.pickle")
    env = {**os.environ, "ALTEX_CACHE_DIR": str(folder)}
    cmd = [sys.executable, "-m", "altex", "check", "running", "-c", "sciatica"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("Running:")
    assert "is not a regular file" in done.stderr
    assert (folder / f"kb-{key[:40]}.pickle").is_file()  # replaced by a real cache file


def test_the_cli_does_not_run_a_planted_pickle(folder: Path, tmp_path: Path) -> None:
    """The attack end to end: another user plants a pickle in a shared ALTEX_CACHE_DIR."""
    folder.mkdir()
    folder.chmod(0o777)
    marker = tmp_path / "ran"
    _plant(folder, _evil(marker), [_bundled_data()])
    env = {**os.environ, "ALTEX_CACHE_DIR": str(folder)}
    cmd = [sys.executable, "-m", "altex", "check", "hamstring stretch", "-c", "sciatica"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert not marker.exists()
    assert done.returncode == 0 and done.stdout.startswith("Hamstring stretch: AVOID")
    assert "not using the load cache" in done.stderr and "Traceback" not in done.stderr


def test_the_warning_is_said_once(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    _load()
    _load()
    assert capsys.readouterr().err.count("not using the load cache") == 1


def test_a_folder_that_is_a_file_is_not_used(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.write_text("not a folder")
    assert "jogging" in _load().exercises
    assert "is not a folder" in capsys.readouterr().err


def test_caching_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALTEX_CACHE_DIR", "")
    assert cache_dir() is None
    build = _Builds()
    _load(build)
    _load(build)
    assert build.calls == 2


def test_the_tests_use_a_temporary_cache() -> None:
    """conftest.py points the cache at a temporary folder, never the user's ~/.cache."""
    folder = cache_dir()
    assert folder is not None and folder.name.startswith("altex-test-cache-")
    assert Path(os.path.expanduser("~")) / ".cache" not in folder.parents
