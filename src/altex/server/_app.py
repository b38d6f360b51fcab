"""The FastAPI application: one immutable knowledge base, the public API as endpoints."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel

from .. import __version__
from .. import _render as render
from ..catalog import FREE_EXERCISE_DB, Catalog, CatalogFormat, Columns, parse_rows
from ..catalog._cli import judged_json
from ..errors import UnknownNameError
from ..kb import KnowledgeBase
from ..models import Condition, Exercise, Mechanism, Source
from ..pain import Symptom
from ._models import (
    MAX_PAGE,
    AdaptRequest,
    AssessmentOut,
    CatalogCheckOut,
    CatalogCheckRequest,
    CheckRequest,
    Info,
    Page,
    PainReportIn,
    PlanOut,
    SubstitutesOut,
    SubstitutesRequest,
    VerdictOut,
    who,
)
from ._problems import PROBLEM_JSON, BodyLimit, altex_problem, install_problem_handlers

__all__ = ["build_app"]

_DESCRIPTION = """\
Which exercises to avoid with a lower-back condition, what to do instead, and why: the
altex library over HTTP. Every answer carries its reasons as paths through the knowledge
graph, with sources. Names may be ids, names or aliases in any case or spacing.

Errors are `application/problem+json` (RFC 9457) with the library's message as `detail`;
an unknown name carries `suggestions`. altex gives general, sourced guidance; it does not
diagnose.
"""

R = TypeVar("R", bound=BaseModel)

_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {PROBLEM_JSON: {}}}
    for status, text in (
        (400, "Malformed JSON"),
        (413, "Request body too large"),
        (422, "Unknown name, invalid input or a request that does not fit the schema"),
    )
}


def build_app(kb: KnowledgeBase, *, max_body: int) -> FastAPI:
    """The service answering from *kb*, shared by every request and never changed by one."""
    app = FastAPI(
        title="altex",
        version=__version__,
        description=_DESCRIPTION,
        license_info={"name": "MIT", "identifier": "MIT"},
        responses=_PROBLEMS,
    )
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.include_router(_queries(kb), prefix="/v1")
    app.include_router(_listings(kb), prefix="/v1")
    return app


def _queries(kb: KnowledgeBase) -> APIRouter:
    router = APIRouter(tags=["queries"])

    @router.get("/info", response_model=Info, tags=["service"])
    async def info() -> dict[str, Any]:
        """The altex version and the size of the knowledge base."""
        return {
            "altex": __version__,
            "exercises": len(kb.exercises),
            "conditions": len(kb.conditions),
            "mechanisms": len(kb.mechanisms),
            "sources": len(kb.sources),
            "symptoms": len(kb.symptoms),
        }

    @router.post("/check", response_model=VerdictOut)
    async def check(body: CheckRequest) -> dict[str, Any]:
        """How advisable an exercise is for the conditions, and why (as `kb.check`)."""
        return render.verdict_json(kb.check(body.exercise, who(body.conditions, body.person)))

    @router.post("/substitutes", response_model=SubstitutesOut)
    async def substitutes(body: SubstitutesRequest) -> dict[str, Any]:
        """Safer alternatives, best first (as `kb.substitutes`): never anything at avoid for the conditions."""
        person = who(body.conditions, body.person)
        found = kb.substitutes(body.exercise, person, limit=body.limit, equipment=body.equipment)
        conditions = [kb.conditions[c] for c in sorted(kb.condition_ids(person))]
        return render.suggestions_json(kb.exercise(body.exercise), conditions, found)

    @router.post("/adapt", response_model=PlanOut)
    async def adapt(body: AdaptRequest) -> dict[str, Any]:
        """Keep, caution, replace or drop each plan item (as `kb.adapt`); a pain report gates the whole plan."""
        return render.plan_json(kb.adapt(body.plan, who(body.conditions, body.person), report=body.report))

    @router.post("/assess", response_model=AssessmentOut)
    async def assess(body: PainReportIn) -> dict[str, Any]:
        """Soreness, pain or a red flag, and what to do (as `kb.assess`). altex does not diagnose."""
        return render.assessment_json(kb.assess(body))

    @router.post("/catalog/check", response_model=CatalogCheckOut, tags=["catalog"])
    def catalog_check(body: CatalogCheckRequest) -> dict[str, Any]:
        """Judge every exercise of an app's own catalog (as `altex catalog check`)."""
        fedb = body.format is CatalogFormat.FREE_EXERCISE_DB or (
            body.format is None and body.columns is None and any("primaryMuscles" in row for row in body.rows)
        )
        columns = body.columns or (FREE_EXERCISE_DB if fedb else Columns())
        catalog = Catalog(parse_rows(body.rows, columns, "catalog"), kb)
        return judged_json(catalog.judge(who(body.conditions, body.person)), kb)

    return router


def _listings(kb: KnowledgeBase) -> APIRouter:
    router = APIRouter(tags=["records"])

    def source(name: str) -> Source:
        if name in kb.sources:
            return kb.sources[name]
        raise UnknownNameError("source", name, kb.sources)

    _listing(router, "exercises", Exercise, lambda: kb.exercises, kb.exercise)
    _listing(router, "conditions", Condition, lambda: kb.conditions, kb.condition)
    _listing(router, "mechanisms", Mechanism, lambda: kb.mechanisms, kb.mechanism)
    _listing(router, "symptoms", Symptom, lambda: kb.symptoms, kb.symptom)
    _listing(router, "sources", Source, lambda: kb.sources, source)
    return router


Offset = Annotated[int, Query(ge=0, le=1_000_000, description="how many records to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="most records on the page")]


def _listing(
    router: APIRouter, path: str, model: type[R], records: Callable[[], Mapping[str, R]], lookup: Callable[[str], R]
) -> None:
    """``GET /{path}`` pages through the records; ``GET /{path}/{name}`` is one of them."""
    kind = path.removesuffix("s")

    async def page(offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
        pool = records()
        items = list(pool.values())[offset : offset + limit]
        return {"total": len(pool), "offset": offset, "limit": limit, "items": items}

    async def one(name: str) -> Any:
        try:
            return lookup(name)
        except UnknownNameError as exc:
            return altex_problem(exc, status=404)

    page.__doc__ = f"Every {kind}, a page at a time, in the knowledge base's order."
    one.__doc__ = f"One {kind} by id, name or alias; an unknown name is a 404 with suggestions."
    paged: Any = Page[model]  # type: ignore[valid-type]
    router.add_api_route(f"/{path}", page, methods=["GET"], response_model=paged, name=f"list_{path}")
    missing: dict[int | str, dict[str, Any]] = {404: {"description": f"Unknown {kind}", "content": {PROBLEM_JSON: {}}}}
    router.add_api_route(
        f"/{path}/{{name}}", one, methods=["GET"], response_model=model, name=f"get_{kind}", responses=missing
    )
