"""``altex next PLAN --log LOG``: the next session on the command line (``altex.progression``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import textwrap
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _render as render
from .errors import InvalidInputError

if TYPE_CHECKING:  # altex.progression loads only when 'altex next' runs
    from .kb import KnowledgeBase
    from .progression import NextItem, NextSession

__all__ = ["add_next_parser", "read_plan"]


def read_plan(items: Sequence[str]) -> list[Any]:
    """Plan items: exercise names, or one ``.toml`` (``[[item]]``) or ``.json`` (a list) plan file."""
    if len(items) == 1 and (path := Path(items[0])).suffix in {".toml", ".json"}:
        from .progression.logs import read_text

        text = read_text(path, "plan")
        try:
            doc = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise InvalidInputError("plan", f"{path} is not valid {path.suffix[1:].upper()}: {exc}") from None
        plan = doc.get("item") if isinstance(doc, dict) else doc
        if not isinstance(plan, list):
            raise InvalidInputError("plan", f"{path}: expected a list of items ([[item]] tables in TOML)")
        return plan
    return list(items)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-03-03, got {text!r}") from None


def _next(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    from .progression import next_session, read_logs

    logs = [log for path in args.log for log in read_logs(path)]
    session = next_session(kb, read_plan(args.plan), args.condition, logs, on=args.on)
    return session.model_dump(mode="json"), _text(session, kb)


_MARK = {"progress": "PROGRESS", "hold": "HOLD", "reduce": "REDUCE", "swap": "SWAP", "stop": "STOP"}


def _item_text(item: NextItem) -> list[str]:
    what = item.dose.text() if item.dose is not None else "-"
    if item.swap_to:
        what = f"{item.swap_to}: {what}"
    wait = f"  (not before {item.not_before})" if item.not_before else ""
    lines = [f"  {item.exercise:<24} {_MARK[item.decision.value]:<9} {what}{wait}"]
    for r in item.reasons:
        cited = f" [{', '.join(r.sources)}]" if r.sources else ""
        lines.append(textwrap.fill(f"- {r.text}{cited}", 100, initial_indent="      ", subsequent_indent="        "))
    return lines


def _text(session: NextSession, kb: KnowledgeBase) -> str:
    lines = [f"Next session ({session.date}):"]
    if session.assessment is not None:
        lines.append(render.assessment_text(session.assessment, kb).removesuffix(render.DISCLAIMER).rstrip())
        lines.extend(f"  {i.exercise:<24} STOP" for i in session.items)
    else:
        for item in session.items:
            lines.extend(_item_text(item))
    lines.append(render.DISCLAIMER)
    return "\n".join(lines)


def add_next_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    conds: argparse.ArgumentParser,
) -> None:
    """Add ``altex next PLAN --log LOG`` to the command line."""
    s = sub.add_parser(
        "next", parents=[common, conds], help="the next session from a plan and session logs (progress, hold, ...)"
    )
    s.add_argument("plan", nargs="+", metavar="PLAN_FILE_OR_NAMES")
    s.add_argument(
        "--log", action="append", default=[], metavar="FILE", help="session logs, .csv/.json/.toml (repeatable)"
    )
    s.add_argument("--on", type=_date, default=None, metavar="DATE", help="the day of the next session (YYYY-MM-DD)")
    s.set_defaults(handler=_next)
