"""Adapt every user's plan on Dask: the recipe of docs/batch.md, runnable as it stands.

    python examples/batch_dask.py            # 1,000 synthetic users on the local scheduler

The same code runs on a cluster: create a ``dask.distributed.Client`` first and
``compute()`` uses it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import dask
import dask.bag as db

import altex
from altex.batch import adapt_user


def adapt_all(users: Iterable[Mapping[str, Any]], kb: altex.KnowledgeBase, partitions: int = 8) -> list[dict[str, Any]]:
    """Every user's adapted plan, in the order given, computed on Dask."""
    shared_kb = dask.delayed(kb, pure=False)  # one task holds the knowledge base; workers fetch it once
    bag = db.from_sequence(list(users), npartitions=partitions)
    return bag.map(adapt_user, kb=shared_kb).compute()


def synthetic_users(kb: altex.KnowledgeBase, n: int, seed: int = 0) -> list[dict[str, Any]]:
    """*n* users, each with a plan of 3-8 exercises and 0-2 conditions."""
    rng = random.Random(seed)
    exercises, conditions = sorted(kb.exercises), sorted(kb.conditions)
    return [
        {
            "id": f"user-{i}",
            "plan": [{"exercise": e, "sets": rng.randint(1, 4)} for e in rng.sample(exercises, rng.randint(3, 8))],
            "conditions": rng.sample(conditions, rng.randint(0, 2)),
        }
        for i in range(n)
    ]


if __name__ == "__main__":
    kb = altex.load()
    users = synthetic_users(kb, 1_000)
    results = adapt_all(users, kb)
    replaced = sum(item["action"] == "replace" for r in results for item in r.get("items", ()))
    print(f"{len(results)} plans adapted, {replaced} exercises replaced")
