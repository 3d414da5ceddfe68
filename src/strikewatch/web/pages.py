"""Dashboard pages (Jinja2, autoescaped), plotly.js and the map served from installed packages."""

from __future__ import annotations

import functools
import gzip
import hashlib
from importlib import resources
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from strikewatch.errors import Busy
from strikewatch.ledger import queries
from strikewatch.web import charts, core
from strikewatch.web.api import Night

router = APIRouter(include_in_schema=False)
_env = Environment(
    loader=PackageLoader("strikewatch.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
templates = Jinja2Templates(env=_env)

NAV = [
    ("/", "Overview"),
    ("/interception", "Interception"),
    ("/records", "Records"),
    ("/map", "Map"),
    ("/timeline", "Context"),
    ("/strain", "Strain"),
    ("/alerts", "Alerts"),
    ("/ingest", "Ingest"),
    ("/docs", "API"),
]


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    snap = core.snap_of(request)
    context.setdefault("title", "strikewatch")
    response: HTMLResponse = templates.TemplateResponse(
        request,
        name,
        {"nav": NAV, "synthetic": snap.synthetic, "path": request.url.path, **context},
        status_code=status,
    )
    return response


# ------------------------------------------------------------------------------- assets


@functools.cache
def _plotly() -> tuple[bytes, bytes, str]:
    from plotly.offline import get_plotlyjs

    raw = get_plotlyjs().encode("utf-8")
    return raw, gzip.compress(raw, 6), '"' + hashlib.sha256(raw).hexdigest()[:24] + '"'


@router.get("/static/plotly.min.js")
def plotly_js(request: Request) -> Response:
    """plotly.js from the installed plotly package (never a CDN), gzipped once, cached long."""
    raw, packed, etag = _plotly()
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=31536000, immutable",
        "Vary": "Accept-Encoding",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            packed,
            media_type="application/javascript",
            headers=headers | {"Content-Encoding": "gzip"},
        )
    return Response(raw, media_type="application/javascript", headers=headers)


@functools.cache
def _static(name: str) -> bytes:
    return (resources.files("strikewatch.web") / "static" / name).read_bytes()


@router.get("/static/{name}")
def static(name: Literal["app.js", "app.css"]) -> Response:
    media = "application/javascript" if name.endswith(".js") else "text/css"
    return Response(
        _static(name), media_type=media, headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
        b'<circle cx="8" cy="8" r="7" fill="#e07b39"/></svg>'
    )
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )


# -------------------------------------------------------------------------------- pages


def _since(snap: Any, days: int) -> pd.Timestamp | None:
    last = snap.latest_night
    return None if last is None else last - pd.Timedelta(days=days)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, days: Annotated[int, Query(ge=7, le=5000)] = 365) -> HTMLResponse:
    snap = core.snap_of(request)
    summary = snap.memo("summary", lambda: queries.ledger_summary(core.engine_of(request)))
    latest = snap.latest_night
    fig = snap.memo(("overview", days), lambda: charts.overview(snap, _since(snap, days)))
    return page(
        request,
        "overview.html",
        title="strikewatch — overview",
        fig=fig,
        summary=summary,
        latest=latest.date().isoformat() if latest is not None else None,
        days=days,
        events_origin=snap.events_origin,
    )


@router.get("/interception", response_class=HTMLResponse)
def interception(
    request: Request,
    kind: Literal[
        "strike_drone", "cruise_missile", "ballistic_missile", "aeroballistic_missile"
    ] = "strike_drone",
    by: Literal["week", "month", "quarter"] = "month",
) -> HTMLResponse:
    from strikewatch.analysis.interception import interception as run

    snap = core.snap_of(request)
    result = snap.memo(("interception", kind, by), lambda: run(snap.figures, kind, None, by))
    fig = charts.interception(
        result.rows, f"Share of {kind} destroyed per {by} (95% {result.method} interval)"
    )
    return page(
        request, "interception.html", title="Interception", fig=fig, result=result, kind=kind, by=by
    )


@router.get("/records", response_class=HTMLResponse)
def records(
    request: Request,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> HTMLResponse:
    from strikewatch.analysis.records import top_nights

    snap = core.snap_of(request)
    tables = {
        k: top_nights(snap.nightly, k, n=10, year=year)
        for k in ("drones", "missiles", "ballistic", "cruise", "total")
    }
    return page(request, "records.html", title="Records", tables=tables, year=year)


@router.get("/map", response_class=HTMLResponse)
def oblast_map(request: Request, days: Annotated[int, Query(ge=1, le=5000)] = 365) -> HTMLResponse:
    from strikewatch.web.ukmap import map_shapes, oblast_counts

    snap = core.snap_of(request)
    since = _since(snap, days)
    counts = oblast_counts(snap.places, since.date() if since is not None else None)
    return page(
        request,
        "map.html",
        title="Map of hits",
        shapes=map_shapes(counts),
        counts=counts,
        days=days,
    )


@router.get("/nights", response_class=HTMLResponse)
def nights(request: Request) -> HTMLResponse:
    snap = core.snap_of(request)
    rows = snap.nightly.tail(60).iloc[::-1].to_dict("records")
    return page(request, "nights.html", title="Nights", rows=rows)


@router.get("/nights/{night}", response_class=HTMLResponse)
def night_page(request: Request, night: Night) -> HTMLResponse:
    from strikewatch.briefing import build_briefing

    engine = core.engine_of(request)
    snap = core.snap_of(request)
    detail = snap.memo(
        ("night_detail", pd.Timestamp(night)), lambda: queries.night_detail(engine, night)
    )
    if detail is None:
        return page(
            request,
            "error.html",
            404,
            title="Not found",
            message=f"No records for night {night.isoformat()}.",
        )
    b = build_briefing(engine, night, snap)
    source_ids = sorted(
        {s["source_id"] for f in detail["figures"] for s in f["sources"] + f["supporting"]}
        | {c["source_id"] for c in detail["text_claims"]}
    )
    docs = [queries.source_detail(engine, sid) for sid in source_ids[:50]]
    return page(
        request,
        "night.html",
        title=f"Night of {night.isoformat()}",
        d=detail,
        b=b,
        docs=[d for d in docs if d],
    )


@router.get("/briefing/{night}", response_class=HTMLResponse)
def briefing_html(request: Request, night: Night) -> HTMLResponse:
    """The self-contained HTML briefing (the same file ``strikewatch brief --format html`` writes)."""
    from strikewatch.briefing import build_briefing
    from strikewatch.render.html import to_html

    try:
        b = build_briefing(core.engine_of(request), night, core.snap_of(request))
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    return HTMLResponse(to_html(b))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request) -> HTMLResponse:
    snap = core.snap_of(request)
    events = snap.events.sort_values("date", ascending=False).to_dict("records")
    return page(
        request,
        "timeline.html",
        title="Context timeline",
        fig=charts.timeline(snap),
        events=events,
        origin=snap.events_origin,
    )


@router.get("/strain", response_class=HTMLResponse)
def strain(request: Request) -> HTMLResponse:
    from strikewatch.briefing import strain_estimate
    from strikewatch.web.api import projection

    snap = core.snap_of(request)
    last = snap.latest_night
    if last is None:
        return page(request, "error.html", 404, title="Empty", message="The ledger is empty.")
    estimate = strain_estimate(snap, last)
    result = snap.memo("projection-page", lambda: projection(request, 180, 1000, 0, None))
    figs = snap.memo("projection-figs", lambda: charts.strain_charts(result))
    return page(
        request,
        "strain.html",
        title="Strain",
        estimate=estimate,
        result=result,
        figs=figs,
        night=last.date().isoformat(),
    )


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request) -> HTMLResponse:
    rows = queries.alerts_table(core.engine_of(request), limit=200)
    return page(request, "alerts.html", title="Alerts", rows=rows)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """API reference rendered from the OpenAPI schema, with no third-party script."""
    schema = request.app.openapi()
    return page(request, "docs.html", title="API", schema=schema)


# ------------------------------------------------------------------------------- ingest


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    return page(
        request,
        "ingest.html",
        title="Ingest a report",
        preview=None,
        form={},
        writes=core.configured_token() is not None,
    )


async def _form(request: Request) -> dict[str, str]:
    """An urlencoded form (no python-multipart dependency: the ingest forms are plain text)."""
    from urllib.parse import parse_qs

    body = (await request.body()).decode("utf-8", errors="replace")
    fields = parse_qs(body, keep_blank_values=True, max_num_fields=20)
    return {k: (fields.get(k) or [""])[0] for k in ("text", "publisher", "url", "night", "token")}


async def _ingest_error(
    request: Request, form: dict[str, str], status: int, error: str, writes: bool
) -> HTMLResponse:
    """The ingest form again, with the user's input kept and the error shown (escaped)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(
        page,
        request,
        "ingest.html",
        status,
        title="Ingest a report",
        preview=None,
        form=form,
        error=error,
        writes=writes,
    )


@router.post("/ingest/preview", response_class=HTMLResponse)
async def ingest_preview(request: Request) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    from strikewatch.web import ingest

    try:
        form = await _form(request)
    except ValueError:
        raise HTTPException(400, "malformed form") from None
    form.pop("token", None)
    writes = core.configured_token() is not None
    try:
        _, preview = await run_in_threadpool(
            ingest.read,
            form["text"],
            publisher=form["publisher"],
            url=form["url"],
            night=form["night"],
        )
    except ingest.IngestError as err:
        return await _ingest_error(request, form, 422, str(err), writes)
    return await run_in_threadpool(
        page, request, "ingest.html", title="Preview", preview=preview, form=form, writes=writes
    )


@router.post("/ingest/save", response_class=HTMLResponse)
async def ingest_save(request: Request) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    from strikewatch.web import ingest

    try:
        form = await _form(request)
    except ValueError:
        raise HTTPException(400, "malformed form") from None
    token = form.pop("token", "")
    writes = core.configured_token() is not None
    try:
        core.check_token(token or core.bearer(request))
    except HTTPException as err:
        return await _ingest_error(request, form, err.status_code, str(err.detail), writes)
    try:
        result = await run_in_threadpool(
            ingest.save,
            core.engine_of(request),
            form["text"],
            publisher=form["publisher"],
            url=form["url"],
            night=form["night"],
        )
    except ingest.IngestError as err:
        return await _ingest_error(request, form, 422, str(err), True)
    except Busy as err:
        busy = await _ingest_error(request, form, 503, str(err), True)
        busy.headers["Retry-After"] = str(ingest.retry_after(err))
        return busy
    return await run_in_threadpool(page, request, "ingest_done.html", title="Saved", result=result)
