"""Bad data files: every problem is a DataError naming file, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest

import altex
from altex import DataError

from .conftest import TINY

SOURCE = """
[[source]]
id = "src-a"
title = "Source A"
kind = "article"
citation = "Test source A"
"""

MECH = """
[[mechanism]]
id = "impact"
name = "Impact"
description = "Landing shock."
"""


def _load(tmp_path: Path, text: str, name: str = "bad.toml") -> DataError:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        altex.load(TINY, f, bundled=False)
    return info.value


@pytest.mark.parametrize(
    ("text", "record", "field", "message"),
    [
        (
            '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "hi"\n',
            "exercise.x-ex",
            "profile.impact",
            "Input should be 'none', 'low', 'moderate' or 'high' (got 'hi')",
        ),
        (
            '[[exercise]]\nid = "X Ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "low"\n',
            "exercise.X Ex",
            "id",
            "must be lowercase kebab-case, such as 'lumbar-disc-herniation' (got 'X Ex')",
        ),
        (
            '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\n',
            "exercise.x-ex",
            "profile",
            "does not rate 'impact'; rate every demand (none|low|moderate|high)",
        ),
        (
            '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "low"\nimpakt = "low"\n',
            "exercise.x-ex",
            "impakt",
            "Extra inputs are not permitted (got 'low')",
        ),
        (
            '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "low"\n'
            'substitutes = [{ exercise = "x-ex", why = "same", sources = ["src-a"] }]\n',
            "exercise.x-ex",
            "",
            "'x-ex' lists itself as its own substitute",
        ),
        (
            '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "low"\n'
            'contraindicated = [{ condition = "knee-thing", level = "avoid", sources = [] }]\n',
            "exercise.x-ex",
            "contraindicated[0].sources",
            "Tuple should have at least 1 item after validation, not 0",
        ),
        (
            '[[condition]]\nid = "c-x"\nname = "C"\ndescription = "d"\n'
            'aggravated_by = [{ mechanism = "impact", level = "ok", sources = ["src-a"] }]\n',
            "condition.c-x",
            "aggravated_by[0].level",
            "a harm rule needs level 'caution' or 'avoid'; say what helps with a relief or benefit (got 'ok')",
        ),
        (
            '[[rule]]\nid = "r-x"\nwhen = ["knee-thing", "nerve-thing"]\nlevel = "avoid"\n'
            'sources = ["src-a"]\nnote = "n"\n',
            "rule.r-x",
            "",
            "a rule targets exactly one of 'exercise' or 'mechanism'",
        ),
        (
            '[[source]]\nid = "s-x"\ntitle = "T"\nkind = "article"\n',
            "source.s-x",
            "",
            "a source needs a url or a citation",
        ),
        ('[[exercise]]\nid = "x-ex"\nreplace = "yes"\n', "exercise.x-ex", "replace", "must be true or false"),
    ],
)
def test_record_errors_name_file_record_and_field(
    tmp_path: Path, text: str, record: str, field: str, message: str
) -> None:
    err = _load(tmp_path, text)
    assert err.file.endswith("bad.toml")
    assert (err.record, err.field) == (record, field)
    assert err.errors[0].message == message


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    err = _load(tmp_path, '[[exercise]]\nid = "a"\nname = \n')
    assert err.file.endswith("bad.toml")
    assert "line 3" in str(err)
    assert "TOML syntax error" in str(err)


def test_unknown_table_suggests_the_close_one(tmp_path: Path) -> None:
    err = _load(tmp_path, '[[exercize]]\nid = "a"\n')
    assert (err.field, str(err.errors[0].message)) == (
        "exercize",
        "unknown table [[exercize]]; did you mean [[exercise]]?",
    )


def test_unknown_reference_names_missing_id_and_suggests(tmp_path: Path) -> None:
    err = _load(
        tmp_path,
        '[[exercise]]\nid = "x-ex"\nname = "X"\ncategory = "cardio"\nprofile.impact = "low"\nloads = ["impakt"]\n'
        'substitutes = [{ exercise = "bikin", why = "w", sources = ["src-b"] }]\n',
    )
    messages = {(p.field, p.message) for p in err.errors}
    assert messages == {
        ("loads[0]", "unknown mechanism 'impakt'; did you mean 'impact'?"),
        ("substitutes[0].exercise", "unknown exercise 'bikin'; did you mean 'biking'?"),
        ("substitutes[0].sources[0]", "unknown source 'src-b'; did you mean 'src-a'?"),
    }
    assert all(p.record == "exercise.x-ex" for p in err.errors)


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    err = _load(
        tmp_path,
        '[[exercise]]\nid = "biking"\nname = "Biking 2"\ncategory = "cardio"\nprofile.impact = "low"\n',
    )
    assert err.record == "exercise.biking"
    assert err.field == "id"
    assert "tiny.toml [exercise.biking]" in err.errors[0].message
    assert "replace = true" in err.errors[0].message


def test_duplicate_id_across_kinds_is_an_error(tmp_path: Path) -> None:
    err = _load(tmp_path, '[[mechanism]]\nid = "biking"\nname = "B"\ndescription = "d"\n')
    assert "duplicate id" in err.errors[0].message


def test_replace_replaces_exactly_that_record(tmp_path: Path) -> None:
    f = tmp_path / "over.toml"
    f.write_text(
        '[[exercise]]\nid = "biking"\nreplace = true\nname = "Cycling"\ncategory = "cardio"\nprofile.impact = "high"\n'
    )
    base = altex.load(TINY, bundled=False)
    kb = altex.load(TINY, f, bundled=False)
    assert kb.exercise("cycling").id == "biking"
    assert kb.check("biking", "knee thing").level is altex.Level.AVOID
    assert set(kb.exercises) == set(base.exercises)
    assert {k: v for k, v in kb.exercises.items() if k != "biking"} == {
        k: v for k, v in base.exercises.items() if k != "biking"
    }


def test_replace_without_original_is_an_error(tmp_path: Path) -> None:
    err = _load(
        tmp_path,
        '[[exercise]]\nid = "rowing"\nreplace = true\nname = "R"\ncategory = "cardio"\nprofile.impact = "low"\n',
    )
    assert (err.record, err.field) == ("exercise.rowing", "replace")


def test_alias_clash_is_an_error(tmp_path: Path) -> None:
    err = _load(
        tmp_path,
        '[[exercise]]\nid = "x-ex"\nname = "X"\naliases = ["Bi King"]\ncategory = "cardio"\nprofile.impact = "low"\n',
    )
    assert err.field == "aliases"
    assert "also names exercise 'biking'" in err.errors[0].message


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (
        '[[exercise]]\nid = "a-ex"\nname = "A"\ncategory = "cardio"\nprofile.impact = "nope"\n'
        '[[exercise]]\nid = "b-ex"\nname = "B"\ncategory = "dance"\nprofile.impact = "low"\n'
    )
    err = _load(tmp_path, text)
    assert [p.record for p in err.errors] == ["exercise.a-ex", "exercise.b-ex"]
    assert str(err).startswith("2 problems in the knowledge base data:")


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file or folder"):
        altex.load(tmp_path / "nope.toml", bundled=False)
    with pytest.raises(DataError, match=r"folder holds no \.toml files"):
        altex.load(tmp_path, bundled=False)


def test_huge_and_hostile_input_fail_fast(tmp_path: Path) -> None:
    err = _load(
        tmp_path,
        '[[exercise]]\nid = "x-ex"\nname = "' + "x" * 200_000 + '"\ncategory = "cardio"\nprofile.impact = "low"\n',
    )
    assert err.field == "name"
    err = _load(tmp_path, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert err.file.endswith("bad.toml")
    err = _load(tmp_path, SOURCE + MECH + "[[exercise]]\n" + "x" * 10 + "\n")
    assert "TOML syntax error" in str(err)


def test_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "bin.toml"
    f.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(DataError, match="not UTF-8"):
        altex.load(f, bundled=False)


def test_bundled_false_needs_paths() -> None:
    with pytest.raises(altex.InvalidInputError, match="bundled=False"):
        altex.load(bundled=False)


def test_paths_must_be_paths() -> None:
    with pytest.raises(altex.InvalidInputError, match="expected a file or folder path"):
        altex.load(42)  # type: ignore[arg-type]


def test_traversable_resources_load() -> None:
    from importlib.resources import files

    kb = altex.load(files("tests") / "data" / "tiny.toml", bundled=False)
    assert "jogging" in kb.exercises
