"""Batch runs: adapt many people's plans, one record at a time, on any engine.

:func:`adapt_user` is the work for one person, a plain function of plain data (a mapping in,
a JSON-ready dict out), so an engine that maps a function over records (a loop, Dask's bag,
Spark, a queue of serverless calls) runs it unchanged. A :class:`~altex.KnowledgeBase` pickles
small and fast, so it travels to the workers once; ``docs/batch.md`` has the Dask recipe.

>>> import altex
>>> out = adapt_user({"id": "u1", "plan": ["running", "plank"], "conditions": ["sciatica"]}, altex.load())
>>> out["id"], [i["action"] for i in out["items"]]
('u1', ['caution', 'keep'])
>>> adapt_user({"id": "u2", "plan": ["joging"]}, altex.load())["error"]
"unknown exercise 'joging'; did you mean 'jogging'...?"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._open import load
from ._render import plan_json
from .errors import AltexError
from .kb import KnowledgeBase

__all__ = ["adapt_user"]


def adapt_user(user: Mapping[str, Any], kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """One person's plan adapted: the JSON document ``altex adapt --json`` prints, with their ``id``.

    *user* holds ``plan`` (a list of exercise names or items, as :meth:`KnowledgeBase.adapt`
    takes), optional ``conditions``, ``report`` and ``id``. *kb* defaults to the bundled
    knowledge base. A record altex cannot read is answered with its ``error`` (the message of
    the altex error) rather than stopping the batch: no record is dropped silently.
    """
    kb = kb if kb is not None else load()
    try:
        plan = kb.adapt(user["plan"], user.get("conditions", ()), user.get("report"))
    except AltexError as exc:
        return {"id": user.get("id"), "error": str(exc)}
    except KeyError:
        return {"id": user.get("id"), "error": "a user record needs a 'plan'"}
    return {"id": user.get("id"), **plan_json(plan)}
