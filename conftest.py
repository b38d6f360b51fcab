"""Shared pytest set-up: doctest namespace and hypothesis profiles."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import altex

# "dev" keeps local runs quick; "ci" (selected by .ci/run through run.py) searches harder.
# Most property tests draw a whole random knowledge base per example (about 15 ms to write,
# load and index), so "ci" is sized for the whole suite to stay within about three minutes
# on a 2-core machine: 200 examples a test, 4,000 random knowledge bases a run.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _doctest_namespace(request: pytest.FixtureRequest) -> None:
    """Docstring examples may use ``altex`` and ``kb`` (the bundled knowledge base)."""
    if isinstance(request.node, pytest.DoctestItem):
        namespace = request.getfixturevalue("doctest_namespace")
        namespace["altex"] = altex
        namespace["kb"] = altex.load()
