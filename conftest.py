"""Shared pytest set-up: a temporary load cache, doctest namespace and hypothesis profiles."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

# Before altex is imported: the tests (and every subprocess they start) use a load cache
# in a temporary folder, never the user's ~/.cache/altex.
_CACHE = tempfile.mkdtemp(prefix="altex-test-cache-")
os.environ["ALTEX_CACHE_DIR"] = _CACHE

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

import altex  # noqa: E402

# "dev" keeps local runs quick; "ci" (selected by .ci/run through run.py) searches harder.
# Most property tests draw a whole random knowledge base per example (about 15 ms to write,
# load and index), so "ci" is sized for the whole suite to stay within about three minutes
# on a 2-core machine: 200 examples a test, 4,000 random knowledge bases a run.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def _remove_test_cache() -> Iterator[None]:
    yield
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _doctest_namespace(request: pytest.FixtureRequest) -> None:
    """Docstring examples may use ``altex`` and ``kb`` (the bundled knowledge base)."""
    if isinstance(request.node, pytest.DoctestItem):
        namespace = request.getfixturevalue("doctest_namespace")
        namespace["altex"] = altex
        namespace["kb"] = altex.load()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--scale-sizes",
        default="100,1000",
        help="numbers of exercises of the synthetic knowledge bases of tests/benchmarks/test_scale_bench.py "
        "(comma-separated, 100 to 100000; the table of the same: python -m tests.benchmarks.scale)",
    )
