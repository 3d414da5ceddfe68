"""The JSON API under ``/api``. Field names are stable: they are the library's JSON names.

Every GET is cached by ledger version (ETag, 304) and paginated lists answer
``{"items", "total", "limit", "offset"}``. Writes need the operator's token.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Body, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field, field_validator

from strikewatch.domain import EventKind, count_or_class
from strikewatch.errors import Conflict, InputError
from strikewatch.ledger import queries
from strikewatch.output import jsonable
from strikewatch.strain import limits as strain_limits
from strikewatch.tables import COUNT_KINDS
from strikewatch.web import core

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1–1000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
#: Dates outside this range are refused (422): pandas timestamps cannot hold them, and no
#: attack night lies there.
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
Since = Annotated[
    dt.date | None,
    Query(ge=MIN_DATE, le=MAX_DATE, description="First night (YYYY-MM-DD), inclusive."),
]
Until = Annotated[
    dt.date | None,
    Query(ge=MIN_DATE, le=MAX_DATE, description="Last night (YYYY-MM-DD), inclusive."),
]
Night = Annotated[
    dt.date,
    PathParam(ge=MIN_DATE, le=MAX_DATE, description="Night label: the Kyiv-local morning date."),
]
Kind = Literal["drones", "missiles", "ballistic", "cruise", "total"]
Period = Literal["week", "month", "quarter", "year"]
#: ``class``: the words the CLI's ``--class`` takes (``domain.count_or_class``): a count
#: (``drones``, ``missiles``, ``ballistic``, ``cruise``, ``total`` or an alias such as
#: ``strike_drone``) or a weapon class id that no count names (``recon_drone``).
ClassQuery = Annotated[
    str | None,
    Query(
        alias="class",
        max_length=40,
        description="A count (drones | missiles | ballistic | cruise | total, or an alias "
        "such as strike_drone) or a weapon class id, e.g. recon_drone: the words of the "
        "CLI's --class.",
    ),
]


class ClaimKindParam(StrEnum):
    COUNT = "count"
    CASUALTIES = "casualties"
    PLACE = "place"
    TARGET = "target"
    PHRASE = "phrase"


def _page(items: list[Any], total: int, limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": limit, "offset": offset, **extra}


def _bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def _count_or_class(value: str | None) -> str | None:
    """A ``class`` parameter in the CLI's vocabulary (``domain.count_or_class``). A wrong
    word raises ``InputError``, which the app answers with its status (422) and the message
    listing every accepted word (``errors.py`` → ``web/app.py``, the one mapping)."""
    return None if value is None else count_or_class(value, "class")


def _published(compute: Any, request: Request) -> Any:
    """Under ``serve --public``, what ``compute`` returns passes the publication embargo."""
    from strikewatch import embargo

    hours = core.public_hours()
    if hours is None:
        return compute
    return lambda: embargo.redact(jsonable(compute()), now=core.now_of(request), hours=hours)


@router.get("/health", summary="Liveness (also the benchmarks' baseline)")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/summary", summary="What the ledger holds")
def summary(request: Request) -> Response:
    from strikewatch.fetch import data_credit

    return core.cached_json(
        request, lambda: queries.ledger_summary(core.engine_of(request)) | data_credit()
    )


@router.get("/status", summary="How fresh each source is (≡ `strikewatch status --json`)")
def status(request: Request) -> dict[str, Any]:
    """Not cached by ledger version: freshness changes with the clock, not only with writes."""
    from strikewatch.fetch import data_credit
    from strikewatch.follow.liveness import status as freshness

    result: dict[str, Any] = jsonable(freshness(core.engine_of(request)) | data_credit())
    return result


@router.get("/sources", summary="Source documents, newest first")
def sources(
    request: Request,
    limit: Limit = 100,
    offset: Offset = 0,
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    engine = core.engine_of(request)
    return core.cached_json(
        request,
        _published(
            lambda: _page(
                queries.sources_table(engine, limit=limit, offset=offset, kind=kind),
                queries.count_rows(engine, "sources", kind=kind or None),
                limit,
                offset,
            ),
            request,
        ),
    )


@router.get("/sources/{source_id}", summary="One source with its full text")
def source(request: Request, source_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> Response:
    def compute() -> dict[str, Any]:
        from strikewatch.suggest import standing

        detail = queries.source_detail(core.engine_of(request), source_id)
        if detail is None:
            raise HTTPException(404, f"no source {source_id}")
        return detail | {"suggestion": standing(core.engine_of(request), source_id)}

    return core.cached_json(request, _published(compute, request))


@router.get("/claims", summary="Claims with their source, newest night first")
def claims(
    request: Request,
    night: Since = None,
    source_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    kind: ClaimKindParam | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    engine = core.engine_of(request)
    return core.cached_json(
        request,
        _published(
            lambda: _page(
                queries.claims_table(
                    engine,
                    night=night,
                    source_id=source_id,
                    kind=kind.value if kind else None,
                    limit=limit,
                    offset=offset,
                ),
                queries.claims_count(
                    engine, night=night, source_id=source_id, kind=kind.value if kind else None
                ),
                limit,
                offset,
            ),
            request,
        ),
    )


def _night_rows(
    request: Request,
    since: dt.date | None,
    until: dt.date | None,
    chosen: str | None,
    region: str | None,
) -> list[dict[str, Any]]:
    """The nights table, filtered; ``chosen`` is a count kind or a weapon class id."""
    if chosen in COUNT_KINDS:
        return _kind_night_rows(request, since, until, chosen, region)
    weapon_class = chosen
    snap: Any = None
    figures = _figures_for(request, since, until, region, weapon_class)
    if figures is None:
        snap = core.snap_of(request)
        figures = snap.figures
        if weapon_class is not None:
            c = weapon_class
            figures = figures[
                (figures["weapon_class"] == c)
                | figures["components"].fillna("").str.contains(c, regex=False)
            ]
    from strikewatch.tables import nightly_totals

    if weapon_class is None and not region and since is None and until is None:
        nightly = snap.nightly
    else:
        nightly = nightly_totals(figures)
    rows = jsonable(nightly.to_dict("records"))
    for r in rows:
        r["night"] = str(r["night"])[:10]
    if weapon_class is not None:
        # The kind totals of a class-filtered table would count only that class (a night
        # with 450 drones would show "drones: 0"): counts the query did not ask for are null.
        for r in rows:
            for key in list(r):
                if key.split("_")[0] in COUNT_KINDS:
                    r[key] = None
        # The class's overnight figures per night, as the CLI's ``nights --class``: a night
        # with any unknown value is null for it, never a partial sum.
        from strikewatch.analysis.common import class_night_rows

        sums = {r["night"]: r for r in class_night_rows(figures)}
        for r in rows:
            night = sums.get(r["night"], {})
            r["class_launched"] = jsonable(night.get("launched"))
            r["class_destroyed"] = jsonable(night.get("destroyed"))
    return rows


def _figures_for(
    request: Request,
    since: dt.date | None,
    until: dt.date | None,
    region: str | None,
    weapon_class: str | None = None,
) -> Any:
    """The figures of a window or a region, or None: use the snapshot's.

    A window or a region reads just those nights (indexed on night): a year is a few
    thousand rows even on a 1,000,000-row ledger, whose full snapshot takes seconds.
    """
    if not (region or since is not None or until is not None):
        return None
    try:
        return queries.figures(
            core.engine_of(request), since, until, weapon_class=weapon_class, region=region or None
        )
    except ValueError as err:
        raise _bad(str(err)) from None


def _kind_night_rows(
    request: Request,
    since: dt.date | None,
    until: dt.date | None,
    kind: str,
    region: str | None,
) -> list[dict[str, Any]]:
    """The nights ``kind`` (a count kind) launched on, as the CLI's ``nights --class KIND``:
    the nightly totals, unfiltered by class (so every kind column is a true total), with
    that kind's launched and destroyed as ``class_launched`` and ``class_destroyed``."""
    from strikewatch.tables import nightly_totals

    figures = _figures_for(request, since, until, region)
    nightly = core.snap_of(request).nightly if figures is None else nightly_totals(figures)
    rows = jsonable(nightly.to_dict("records"))
    kept = []
    for r in rows:
        if r.get(kind):
            r["night"] = str(r["night"])[:10]
            r["class_launched"] = r[kind]
            r["class_destroyed"] = r.get(f"{kind}_destroyed")
            kept.append(r)
    return kept


def _stored_nights(
    request: Request,
    since: dt.date | None,
    until: dt.date | None,
    limit: int,
    offset: int,
    order: str,
) -> tuple[list[dict[str, Any]], int]:
    """One page of nights from the totals table kept by the resolver, and how many there
    are: two indexed reads, whatever the ledger's size (decision 56)."""
    from strikewatch.ledger import totals

    engine = core.engine_of(request)
    rows = totals.unit_table(
        engine, "night", since, until, limit=limit, offset=offset, newest_first=order == "desc"
    )
    items = jsonable(rows)
    for r in items:
        r["night"] = str(r["night"])[:10]
    return items, totals.count_units(engine, "night", since, until)


@router.get("/nights", summary="One row per night: launched/destroyed by count kind")
def nights(
    request: Request,
    since: Since = None,
    until: Until = None,
    weapon_class: ClassQuery = None,
    region: Annotated[
        str | None, Query(max_length=80, description="Oblast, city or macro-region")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    order: Literal["asc", "desc"] = "desc",
) -> Response:
    chosen = _count_or_class(weapon_class)
    if since and until and since > until:
        raise _bad("since is after until")

    def compute() -> dict[str, Any]:
        held: set[str] = set()  # the embargo holds back only nights of a fine region
        if chosen is None and not region:
            items, total = _stored_nights(request, since, until, limit, offset, order)
        else:
            rows = _night_rows(request, since, until, chosen, region)
            if order == "desc":
                rows = rows[::-1]
            held = _held_region_nights(request, region, rows)
            rows = [r for r in rows if r["night"] not in held]
            items, total = rows[offset : offset + limit], len(rows)
        return _page(
            items,
            total,
            limit,
            offset,
            filters={
                "since": since,
                "until": until,
                "class": chosen,
                "region": region,
            },
            **({"embargo": {"held_back": len(held), "note": embargo_note()}} if held else {}),
        )

    return core.cached_json(request, compute)


def embargo_note() -> str:
    from strikewatch import embargo

    return embargo.notice(core.public_hours() or embargo.DEFAULT_HOURS)


def _held_region_nights(
    request: Request, region: str | None, rows: list[dict[str, Any]]
) -> set[str]:
    """Under ``serve --public``, the nights a region finer than an oblast may not be shown
    for yet: that the city was hit on a fresh night is what the embargo holds back."""
    from strikewatch import embargo

    hours = core.public_hours()
    if hours is None or not region or not embargo.is_fine(region):
        return set()
    now = core.now_of(request)
    return {
        r["night"]
        for r in rows
        if embargo.active(embargo.item_time({"night": r["night"]}), now, hours)
    }


@router.get(
    "/nights/{night}", summary="Everything about one night (≡ `strikewatch night NIGHT --json`)"
)
def night_detail(request: Request, night: Night) -> Response:
    def compute() -> dict[str, Any]:
        from strikewatch.analysis.records import judge_phrases

        detail = queries.night_detail(core.engine_of(request), night)
        if detail is None:
            raise HTTPException(404, f"no records for night {night.isoformat()}")
        judge_phrases(detail, lambda: core.snap_of(request).figures)
        return detail

    return core.cached_json(request, _published(compute, request))


@router.get(
    "/check",
    summary="Check a record phrase against a night (≡ `strikewatch analyze check PHRASE --night`)",
)
def check(
    request: Request,
    phrase: Annotated[str, Query(min_length=1, max_length=500)],
    night: Annotated[dt.date, Query(ge=MIN_DATE, le=MAX_DATE)],
    unit: Literal["wave", "night", "day"] = "wave",
    top: Annotated[int, Query(ge=1, le=1000)] = 5,
) -> Response:
    """200 with the verdict; 422 (same body) when the phrase is not checkable; 404 when the
    night has no data."""
    from fastapi.responses import JSONResponse

    from strikewatch.analysis.records import check_claim
    from strikewatch.errors import NotFound
    from strikewatch.tables import nightly_totals

    snap = core.snap_of(request)

    def compute() -> dict[str, Any]:
        table = snap.memo(("units", unit), lambda: nightly_totals(snap.figures, unit))
        try:
            return check_claim(phrase, night, table, top_n=top).as_dict()
        except NotFound as err:
            raise HTTPException(404, str(err)) from None

    result = compute()
    if result["verdict"] == "not_checkable":
        return JSONResponse(result, status_code=422)
    return core.cached_json(request, lambda: result)


@router.get("/nights/{night}/rank", summary="Rank of a night by a count kind")
def night_rank(
    request: Request,
    night: Night,
    by: Kind = "drones",
    scope: Literal["year", "365d", "all"] = "year",
) -> Response:
    from strikewatch.analysis.records import rank_night

    snap = core.snap_of(request)
    return core.cached_json(request, lambda: rank_night(snap.nightly, night, by, scope).as_dict())


@router.get("/rankings", summary="The largest nights by a count kind")
def rankings(
    request: Request,
    by: Kind = "drones",
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    n: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> Response:
    from strikewatch.ledger.totals import top_units

    engine = core.engine_of(request)
    return core.cached_json(
        request,
        lambda: {"by": by, "year": year, "items": top_units(engine, by, "night", n=n, year=year)},
    )


@router.get("/interception", summary="Interception shares per period with intervals")
def interception(
    request: Request,
    weapon_class: ClassQuery = None,
    model: Annotated[str | None, Query(max_length=200)] = None,
    by: Period = "month",
    method: Literal["night_cluster_t"] = "night_cluster_t",
) -> Response:
    from strikewatch.analysis.interception import interception as run

    chosen = _count_or_class(weapon_class)  # a count kind as the CLI's --class means it
    snap = core.snap_of(request)
    return core.cached_json(
        request,
        lambda: run(snap.figures, chosen, model, by, method).as_dict(),
    )


@router.get("/tempo", summary="Nightly tempo per period")
def tempo(request: Request, by: Period = "month", since: Since = None) -> Response:
    from strikewatch.analysis.tempo import tempo as run

    snap = core.snap_of(request)
    return core.cached_json(
        request, lambda: run(snap.nightly, by, since.isoformat() if since else None).as_dict()
    )


@router.get("/campaigns", summary="Sustained campaigns (runs of nights above a threshold)")
def campaigns(
    request: Request,
    kind: Kind = "drones",
    threshold: Annotated[str, Query(pattern=r"^(p(100|[1-9]?[0-9])|[0-9]{1,6})$")] = "p90",
    min_nights: Annotated[int, Query(ge=1, le=365)] = 3,
) -> Response:
    from strikewatch.analysis.tempo import campaigns as run

    snap = core.snap_of(request)
    thr: float | str = float(threshold) if threshold[0].isdigit() else threshold
    return core.cached_json(request, lambda: run(snap.nightly, kind, thr, min_nights).as_dict())


@router.get("/events", summary="Context events (ledger, else the package list)")
def events(
    request: Request,
    since: Since = None,
    until: Until = None,
    kind: EventKind | None = None,
    limit: Limit = 1000,
    offset: Offset = 0,
) -> Response:
    snap = core.snap_of(request)

    def compute() -> dict[str, Any]:
        e = snap.events
        if since is not None:
            e = e[e["date"] >= pd.Timestamp(since)]
        if until is not None:
            e = e[e["date"] <= pd.Timestamp(until)]
        if kind is not None:
            e = e[e["kind"] == kind.value]
        rows = jsonable(e.to_dict("records"))
        return _page(
            rows[offset : offset + limit], len(rows), limit, offset, origin=snap.events_origin
        )

    return core.cached_json(request, compute)


@router.get("/nights/{night}/events", summary="Context events within ±days of a night")
def events_near(
    request: Request, night: Night, days: Annotated[int, Query(ge=0, le=366)] = 14
) -> Response:
    from strikewatch.analysis.context import events_near as run

    snap = core.snap_of(request)
    return core.cached_json(
        request, lambda: {"night": night, "days": days, "events": run(night, snap.events, days)}
    )


@router.get("/event-studies", summary="Event study: launches before/after events of a kind")
def event_study(
    request: Request,
    kind: EventKind = EventKind.DIPLOMACY,
    window: Annotated[int, Query(ge=1, le=30)] = 3,
    side: Literal["before", "after"] = "before",
    by: Kind = "total",
    permutations: Annotated[int, Query(ge=10_000, le=50_000)] = 10_000,
    alternative: Literal["greater", "less", "two-sided"] = "greater",
    regression: bool = False,
) -> Response:
    from strikewatch.analysis.context import event_study as run

    snap = core.snap_of(request)
    return core.cached_json(
        request,
        lambda: (
            run(
                snap.nightly,
                snap.events,
                kind.value,
                window,
                side,
                by,
                permutations,
                alternative=alternative,
                regression=regression,
            ).as_dict()
            | {"events_origin": snap.events_origin}
        ),
    )


@router.get("/briefing", summary="The briefing for the latest night")
def briefing_latest(request: Request) -> Response:
    return _briefing(request, None)


@router.get("/briefing/{night}", summary="The briefing for a night")
def briefing(request: Request, night: Night) -> Response:
    return _briefing(request, night)


def _briefing(request: Request, night: dt.date | None) -> Response:
    from strikewatch.briefing import build_briefing

    snap = core.snap_of(request)
    hours = core.public_hours()
    try:
        if hours is None:
            data = build_briefing(core.engine_of(request), night, snap).as_dict()
        else:  # assembled from redacted data: its sentences never see a fine place
            from strikewatch.publish import public_briefing

            b, held = public_briefing(
                core.engine_of(request), night, snap, now=core.now_of(request), hours=hours
            )
            data = b.as_dict() | {"embargo": held.as_dict()}
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    data.pop("generated_at", None)  # keep the body stable for its ETag
    return core.cached_json(request, lambda: data)


@router.get("/strain", summary="Interceptor expenditure estimate for a night and 30 nights")
def strain(request: Request, night: Since = None) -> Response:
    from strikewatch.briefing import strain_estimate

    snap = core.snap_of(request)
    target = pd.Timestamp(night) if night else snap.latest_night
    if target is None:
        raise HTTPException(404, "the ledger holds no nights yet")
    return core.cached_json(
        request, lambda: {"night": target.date(), **strain_estimate(snap, target)}
    )


@router.get("/strain/projection", summary="Monte Carlo projection of interceptor stocks")
def strain_projection(
    request: Request,
    days: Annotated[int, Query(ge=1, le=strain_limits.MAX_DAYS)] = 180,
    runs: Annotated[int, Query(ge=100, le=strain_limits.MAX_RUNS)] = 1000,
    seed: Annotated[int, Query(ge=0, le=2**31)] = 0,
    since: Since = None,
) -> Response:
    return core.cached_json(request, lambda: projection(request, days, runs, seed, since))


def projection(
    request: Request, days: int, runs: int, seed: int, since: dt.date | None
) -> dict[str, Any]:
    from strikewatch.strain import default_scenario
    from strikewatch.strain.projection import observed_salvo, project, scenario_salvo

    snap = core.snap_of(request)
    scenario = default_scenario()
    start = (
        since or (snap.latest_night - pd.Timedelta(days=89)).date()
        if snap.latest_night is not None
        else None
    )
    try:
        salvo = observed_salvo(snap.figures, start, None)
    except ValueError:
        salvo = scenario_salvo(scenario)
    return project(scenario, salvo, days=days, runs=runs, seed=seed)


@router.get("/alerts", summary="Stored watch alerts, newest first")
def alerts(
    request: Request,
    since: Since = None,
    rule: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    engine = core.engine_of(request)
    return core.cached_json(
        request,
        _published(
            lambda: _page(
                queries.alerts_table(engine, since=since, rule=rule, limit=limit, offset=offset),
                queries.count_rows(engine, "alerts", since=since, rule=rule),
                limit,
                offset,
            ),
            request,
        ),
    )


@router.get("/watch/{night}", summary="Every watch rule's state on a night")
def watch_state(request: Request, night: Night) -> Response:
    from strikewatch import watch

    snap = core.snap_of(request)
    return core.cached_json(
        request,
        _published(lambda: [s.payload() for s in watch.evaluate_night(snap, night)], request),
    )


@router.get("/map", summary="Hit-region claims per oblast (for the map)")
def oblast_map(
    request: Request,
    since: Since = None,
    until: Until = None,
    role: Literal["hit", "target"] = "hit",
) -> Response:
    from strikewatch.web.ukmap import oblast_counts

    snap = core.snap_of(request)
    return core.cached_json(
        request,
        lambda: {
            "role": role,
            "since": since,
            "until": until,
            "oblasts": oblast_counts(snap.places, since, until, role),
        },
    )


# ----------------------------------------------------------------------------------- writes


class ReportIn(BaseModel):
    text: str = Field(min_length=1, max_length=200_000, description="The report text or HTML.")
    publisher: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: dt.datetime | None = None
    night: dt.date | None = None


class EventIn(BaseModel):
    date: dt.date
    kind: EventKind
    title: str = Field(min_length=1, max_length=500)
    end_date: dt.date | None = None
    actors: list[str] = Field(default_factory=list, max_length=20)
    source_url: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=2000)
    verified: bool = True

    @field_validator("source_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        """Only http(s) links, as the events CSV importer demands: a ``javascript:`` or
        ``data:`` URL stored here would be a link on the dashboard."""
        if value and not value.lower().startswith(("http://", "https://")):
            raise ValueError("source_url must be an http(s) URL")
        return value


def _ingest(report: ReportIn, engine: Any, save: bool) -> dict[str, Any]:
    from strikewatch.web import ingest

    try:
        if save:
            return ingest.save(
                engine,
                report.text,
                publisher=report.publisher,
                url=report.url,
                published=report.published,
                night=report.night,
            )
        return ingest.read(
            report.text,
            publisher=report.publisher,
            url=report.url,
            published=report.published,
            night=report.night,
        )[1]
    except (ingest.IngestError, InputError) as err:
        raise HTTPException(422, str(err)) from None
    except Conflict as err:
        raise HTTPException(409, str(err)) from None


@router.post("/ingest/preview", summary="Extract claims from a report without saving")
def ingest_preview(request: Request, report: ReportIn) -> dict[str, Any]:
    result: dict[str, Any] = jsonable(_ingest(report, core.engine_of(request), save=False))
    return result


@router.post(
    "/ingest", summary="Read a report and store its claims (token required)", status_code=201
)
def ingest_save(request: Request, report: ReportIn) -> dict[str, Any]:
    core.check_token(core.bearer(request))
    result: dict[str, Any] = jsonable(_ingest(report, core.engine_of(request), save=True))
    return result


class DecisionIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000, description="Why (logged).")
    actor: str | None = Field(default=None, max_length=200, description="Who (default: api).")


def _source_decision(request: Request, source_id: int, decision: DecisionIn, action: str) -> Any:
    """Retract or restore a reading as a logged decision; its nights are re-resolved."""
    core.check_token(core.bearer(request))
    from strikewatch import retraction
    from strikewatch.errors import NotFound
    from strikewatch.web.ingest import WRITE_LOCK

    change = retraction.retract if action == "retract" else retraction.restore
    try:
        with WRITE_LOCK:
            result = change(
                core.engine_of(request), source_id, decision.reason, decision.actor or "api"
            )
    except NotFound as err:
        raise HTTPException(404, str(err)) from None
    except Conflict as err:
        raise HTTPException(409, str(err)) from None
    except InputError as err:
        raise HTTPException(422, str(err)) from None
    return jsonable(result)


@router.post("/sources/{source_id}/retract", summary="Withdraw a reading (token required)")
def source_retract(
    request: Request, source_id: Annotated[int, PathParam(ge=1, le=2**62)], decision: DecisionIn
) -> Any:
    return _source_decision(request, source_id, decision, "retract")


@router.post("/sources/{source_id}/restore", summary="Restore a withdrawn reading (token required)")
def source_restore(
    request: Request, source_id: Annotated[int, PathParam(ge=1, le=2**62)], decision: DecisionIn
) -> Any:
    return _source_decision(request, source_id, decision, "restore")


@router.post("/events", summary="Store context events (token required)", status_code=201)
def events_save(
    request: Request, items: Annotated[list[EventIn], Body(max_length=5000)]
) -> dict[str, Any]:
    core.check_token(core.bearer(request))
    from strikewatch.domain import ContextEvent
    from strikewatch.ledger.writes import store_context_events

    for n, e in enumerate(items):
        if e.end_date is not None and e.end_date < e.date:
            raise HTTPException(422, f"event {e.title!r}: end_date before date")
        fields = {"title": e.title, "source_url": e.source_url, "note": e.note}
        for name, value in (fields | {"actors": "".join(e.actors)}).items():
            if value and "\x00" in value:  # PostgreSQL cannot store it; refused everywhere
                raise HTTPException(422, f"events[{n}].{name}: contains a NUL character")
    events = [
        ContextEvent(
            date=e.date,
            kind=e.kind,
            title=e.title,
            end_date=e.end_date,
            actors=tuple(e.actors),
            source_url=e.source_url,
            note=e.note,
            origin="api",
            verified=e.verified,
        )
        for e in items
    ]
    from strikewatch.web.ingest import WRITES

    with WRITES:
        return {"written": store_context_events(core.engine_of(request), events)}


@router.post(
    "/import",
    summary="Import a dataset CSV sent as the body (token required)",
    status_code=201,
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
async def import_csv(request: Request) -> dict[str, Any]:
    core.check_token(core.bearer(request))
    body = await request.body()
    if not body.strip():
        raise HTTPException(422, "empty body: send the dataset CSV")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_import_file, core.engine_of(request), body)


def _import_file(engine: Any, body: bytes) -> dict[str, Any]:
    from strikewatch.importer import import_dataset
    from strikewatch.readers.dataset import DatasetError

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.csv"
        path.write_bytes(body)
        from strikewatch.web.ingest import WRITES

        try:
            with WRITES:
                report = import_dataset(engine, path)
        except DatasetError as err:
            # named after what the client sent, never the server's temporary path
            where = "request body" + (f", line {err.line}" if err.line is not None else "")
            where += f", column '{err.column}'" if err.column else ""
            message = err.message.replace(str(path), "request body").replace(tmp, "…")
            raise HTTPException(422, f"{where}: {message} (nothing was written)") from None
        except Conflict as err:
            raise HTTPException(409, str(err)) from None
    result: dict[str, Any] = jsonable(report.as_dict() | {"path": "request body"})
    return result


class AttachIn(BaseModel):
    night: dt.date = Field(
        ge=MIN_DATE, le=MAX_DATE, description="The night to file the source's claims under."
    )
    reason: str | None = Field(default=None, max_length=2000)


@router.post(
    "/sources/{source_id}/attach",
    summary="Attach a stored text to a night, or relabel it: a logged decision (token required)",
    status_code=201,
)
def source_attach(
    request: Request,
    response: Response,
    source_id: Annotated[int, PathParam(ge=1, le=2**62)],
    body: AttachIn,
) -> dict[str, Any]:
    """201 with the decision when the claims moved; 200 when already filed there."""
    core.check_token(core.bearer(request))
    from strikewatch.attach import attach_source
    from strikewatch.ledger.connection import retrying_write
    from strikewatch.web.ingest import WRITES

    engine = core.engine_of(request)
    with WRITES:
        result = retrying_write(
            lambda: attach_source(engine, source_id, body.night, reason=body.reason, actor="api")
        )
    if not result.attached:
        response.status_code = 200
    out: dict[str, Any] = jsonable(result.as_dict())
    return out
