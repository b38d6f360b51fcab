"""``altex next PLAN --log LOG``: the next session on the command line (``altex.progression``)."""

from __future__ import annotations

import argparse
import datetime as dt
import textwrap
from typing import TYPE_CHECKING, Any

from . import _render as render

if TYPE_CHECKING:  # altex.progression loads only when 'altex next' runs
    from .kb import KnowledgeBase
    from .progression import NextItem, NextSession

__all__ = ["add_next_parser"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2025-03-03, got {text!r}") from None


def _next(args: argparse.Namespace, kb: KnowledgeBase) -> tuple[Any, str]:
    from .progression import next_session, read_logs

    logs = [log for path in args.log for log in read_logs(path)]
    from .cli import _read_plan  # the plan files of 'altex adapt', read the same way

    session = next_session(kb, _read_plan(args.plan), args.condition, logs, on=args.on)
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
