"""Shared pytest set-up: doctest namespace and hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import altex

# "dev" keeps local runs quick; "ci" (selected by .ci/run through run.py) searches harder.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _doctest_namespace(request: pytest.FixtureRequest) -> None:
    """Docstring examples may use ``altex`` and ``kb`` (the bundled knowledge base)."""
    if isinstance(request.node, pytest.DoctestItem):
        namespace = request.getfixturevalue("doctest_namespace")
        namespace["altex"] = altex
        namespace["kb"] = altex.load()
