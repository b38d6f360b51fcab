"""The public API: __all__ is complete and sorted, and errors pair with the builtins callers expect."""

from __future__ import annotations

from types import ModuleType

import altex


def test_all_is_complete_and_sorted() -> None:
    # dir(), not vars(): a few names (dump, export_graph) are imported on first use.
    public = {n for n in dir(altex) if not n.startswith("_") and not isinstance(getattr(altex, n), ModuleType)}
    assert sorted(altex.__all__) == sorted(public)
    assert altex.__all__ == sorted(altex.__all__)


def test_error_tree() -> None:
    assert issubclass(altex.DataError, altex.AltexError) and issubclass(altex.DataError, ValueError)
    assert issubclass(altex.UnknownNameError, LookupError)
    assert issubclass(altex.UnknownExerciseError, altex.UnknownNameError)
    assert issubclass(altex.UnknownConditionError, altex.UnknownNameError)
    assert issubclass(altex.InvalidInputError, ValueError)


def test_level_order_and_values() -> None:
    assert [lv.value for lv in sorted(altex.Level, reverse=True)] == ["avoid", "caution", "ok"]
    assert altex.Level("caution") is altex.Level.CAUTION


def test_py_typed_is_shipped() -> None:
    from importlib.resources import files

    assert (files("altex") / "py.typed").is_file()


def test_import_does_no_work() -> None:
    import subprocess
    import sys

    code = "import altex, altex._open as k; print(k._bundled.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
