"""Fixtures: the bundled knowledge base and a tiny one built from inline data."""

from __future__ import annotations

from pathlib import Path

import pytest

import altex

HERE = Path(__file__).parent
TINY = HERE / "data" / "tiny.toml"
SHARED = HERE.parent.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> altex.KnowledgeBase:
    return altex.load()


@pytest.fixture(scope="session")
def tiny() -> altex.KnowledgeBase:
    return altex.load(TINY, bundled=False)
