"""Dashboard pages (Jinja2, autoescaped), plotly.js and the map served from installed packages."""

from __future__ import annotations

import dataclasses
import datetime as dt
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

from strikewatch.errors import Busy, Conflict, InputError
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


def embargo() -> bool:
    """Whether the publication embargo holds on these pages: the one setting that governs
    the API too, ``serve --public`` (``$STRIKEWATCH_PUBLIC``, ``$STRIKEWATCH_EMBARGO_HOURS``)."""
    return core.public_hours() is not None


def _embargo_note() -> str | None:
    from strikewatch import embargo as embargo_mod

    hours = core.public_hours()
    return None if hours is None else embargo_mod.notice(hours)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    from strikewatch import __version__
    from strikewatch.views import DATASET

    snap = core.snap_of(request)
    latest = snap.latest_night
    context.setdefault("title", "strikewatch")
    response: HTMLResponse = templates.TemplateResponse(
        request,
        name,
        {
            "nav": NAV,
            "synthetic": snap.synthetic,
            "embargo": _embargo_note(),
            "path": request.url.path,
            "dataset": DATASET,
            "version": __version__,
            "data_through": latest.date().isoformat() if latest is not None else None,
            **context,
        },
        status_code=status,
    )
    return response


def csv_response(rows: list[dict[Any, Any]], columns: list[str], filename: str) -> Response:
    """A table as CSV; text cells that a spreadsheet would run as a formula are quoted."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return ""  # unknown stays empty, never 0
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


Fmt = Annotated[Literal["html", "csv"], Query(description="html (default) or csv")]


# ------------------------------------------------------------------------------- errors

ERROR_TITLES = {
    400: "Bad request",
    401: "Not authorised",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    422: "Invalid address",
    429: "Too many requests",
    500: "Server error",
}


def _suggestions(request: Request, path: str) -> list[dict[str, str]]:
    """For a night address with no data, the nearest nights before and after it."""
    import datetime as dt
    import re

    from strikewatch.views import nearest_nights

    m = re.fullmatch(r"/(nights|briefing)/(\d{4}-\d{2}-\d{2})", path)
    if not m:
        return []
    try:
        day = dt.date.fromisoformat(m.group(2))
    except ValueError:
        return []
    before, after = nearest_nights(core.snap_of(request).nightly, day)
    out = []
    for label, night in (("nearest night before", before), ("nearest night after", after)):
        if night is not None:
            gap = abs((night - day).days)
            out.append(
                {
                    "href": f"/{m.group(1)}/{night.isoformat()}",
                    "text": f"{night.isoformat()} ({label}, {gap} day{'s' if gap != 1 else ''} away)",
                }
            )
    return out


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """The site's own error page, with the nearest nights for a night that has no data."""
    try:
        suggestions = _suggestions(request, request.url.path) if status == 404 else []
    except Exception:  # the error page must render even when the ledger cannot be read
        suggestions = []
    return page(
        request,
        "error.html",
        status,
        title=ERROR_TITLES.get(status, f"Error {status}"),
        code=status,
        message=message,
        suggestions=suggestions,
    )


async def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    from starlette.concurrency import run_in_threadpool

    try:
        response: HTMLResponse = await run_in_threadpool(error_page, request, status, message)
    except Exception:  # e.g. the ledger is unreadable: a plain page, still HTML, still ours
        from html import escape

        response = HTMLResponse(
            f"<!doctype html><title>strikewatch: error {status}</title><h1>Error {status}</h1>"
            f"<p>{escape(message)}</p><p><a href='/'>Overview</a></p>",
            status_code=status,
        )
    for key, value in (headers or {}).items():
        response.headers[key] = value
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


RANGES = [(30, "30 days"), (90, "90 days"), (365, "1 year"), (0, "all nights")]


def _range_label(days: int, first: str | None) -> str:
    """What a window covers, in words ("everything" is "all nights since 2022-09-28")."""
    if not days:
        return f"all nights since {first}" if first else "all nights"
    return f"the last {days:,} days"


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request,
    days: Annotated[int, Query(ge=0, le=20000, description="window in days; 0 = all")] = 365,
) -> HTMLResponse:
    """Headline tiles, then drones and missiles per night on separate panels."""
    from strikewatch.views import headline_tiles

    snap = core.snap_of(request)
    summary = snap.memo("summary", lambda: queries.ledger_summary(core.engine_of(request)))
    latest = snap.latest_night
    since = _since(snap, days) if days else None
    fig = snap.memo(("overview", days), lambda: charts.overview(snap, since))
    tiles = snap.memo("tiles", lambda: headline_tiles(snap.nightly))
    written = (snap.version or {}).get("imported_at")
    age = (dt.date.today() - latest.date()).days if latest is not None else None
    return page(
        request,
        "overview.html",
        title="strikewatch — overview",
        fig=fig,
        summary=summary,
        tiles=tiles,
        latest=latest.date().isoformat() if latest is not None else None,
        age_days=age,
        written=written.strftime("%Y-%m-%d %H:%M") if written is not None else None,
        days=days,
        ranges=RANGES,
        range_label=_range_label(days, _first_night(snap)),
        events_origin=snap.events_origin,
    )


INTERCEPTION_CLASSES = [
    "strike_drone",
    "cruise_missile",
    "ballistic_missile",
    "aeroballistic_missile",
]
INTERCEPTION_COLUMNS = [
    "period",
    "launched",
    "destroyed",
    "lost_ew",
    "share_stopped",
    "stopped_low",
    "stopped_high",
    "share_destroyed",
    "low",
    "high",
    "regime",
    "mixed_regimes",
    "nights",
]


@router.get("/interception", response_class=HTMLResponse)
def interception(
    request: Request,
    kind: Literal[
        "strike_drone", "cruise_missile", "ballistic_missile", "aeroballistic_missile"
    ] = "strike_drone",
    by: Literal["week", "month", "quarter"] = "month",
    model: Annotated[str | None, Query(max_length=80)] = None,
    format: Fmt = "html",
) -> Response:
    """Share stopped (destroyed + lost to EW) per period when the analysis gives it, else
    share destroyed, with intervals and the reporting-regime breaks marked."""
    from strikewatch.analysis.interception import interception as run

    snap = core.snap_of(request)
    f = snap.figures
    models = sorted(str(m) for m in f.loc[f["weapon_class"] == kind, "model"].dropna().unique())
    if model and model not in models:
        raise HTTPException(404, f"no {kind} model named {model!r}")
    result = snap.memo(
        ("interception", kind, model, by), lambda: run(snap.figures, kind, model or None, by)
    )
    rows = result.rows
    if format == "csv":
        return csv_response(rows, INTERCEPTION_COLUMNS, f"interception-{kind}-{by}.csv")
    stopped = bool(rows) and all("share_stopped" in r for r in rows)
    key, low, high = (
        ("share_stopped", "stopped_low", "stopped_high")
        if stopped
        else ("share_destroyed", "low", "high")
    )
    what = "stopped (destroyed or lost to EW)" if stopped else "destroyed"
    fig = snap.memo(
        ("interception-fig", kind, model, by),
        lambda: charts.interception(
            rows,
            f"Share of {model or kind.replace('_', ' ')} {what} per {by} "
            f"(95% {result.method} interval)",
            key,
            low,
            high,
        ),
    )
    return page(
        request,
        "interception.html",
        title="Interception",
        fig=fig,
        result=result,
        rows=rows,
        kind=kind,
        by=by,
        model=model,
        models=models,
        classes=INTERCEPTION_CLASSES,
        stopped=stopped,
        breaks=charts.regime_breaks(rows),
        mixed=[r["period"] for r in rows if r.get("mixed_regimes")],
    )


@router.get("/records", response_class=HTMLResponse)
def records(
    request: Request,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    format: Fmt = "html",
) -> Response:
    from strikewatch.analysis.records import top_nights

    snap = core.snap_of(request)
    tables = {
        k: top_nights(snap.nightly, k, n=10, year=year)
        for k in ("drones", "missiles", "ballistic", "cruise", "total")
    }
    if format == "csv":
        rows = [{"count": k, **r} for k, items in tables.items() for r in items]
        return csv_response(rows, ["count", "rank", "night", "value"], "records.csv")
    return page(request, "records.html", title="Records", tables=tables, year=year)


MAP_COLUMNS = [
    "name",
    "macro_region",
    "nights",
    "share_of_covered",
    "first_night",
    "last_night",
]


@router.get("/map", response_class=HTMLResponse)
def oblast_map(
    request: Request,
    days: Annotated[int, Query(ge=0, le=20000, description="window in days; 0 = all")] = 365,
    night: Annotated[dt.date | None, Query(description="one night instead of a window")] = None,
    wave: Annotated[
        str | None, Query(max_length=120, description="one wave of that night (its key)")
    ] = None,
    format: Fmt = "html",
) -> Response:
    """Oblasts hit in a window, on one night or in one wave, with a legend and a coverage
    note (the same scale, "no data" and note for all three)."""
    from strikewatch.views import oblast_table

    snap = core.snap_of(request)
    if wave is not None:
        if night is None:
            raise HTTPException(422, "wave= needs night= (the night the wave belongs to)")
        view = _wave_view(request, night, wave)
    elif night is not None:
        view = _MapView(pd.Timestamp(night), pd.Timestamp(night), snap.places,
                        f"Oblasts hit on the night of {night.isoformat()}",
                        f"the night of {night.isoformat()}")  # fmt: skip
    else:
        label = _range_label(days, _first_night(snap))
        since = _since(snap, days) if days else None
        view = _MapView(since, None, snap.places, f"Oblasts hit, {label}", label)

    def compute() -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
        counts, cover = view.counts(snap.nightly)
        table = oblast_table(view.places, counts, cover["nights_with_region_data"], view.since)
        return counts, cover, table

    counts, cover, table = snap.memo(("map", days, night, wave), compute)
    if format == "csv":
        return csv_response(table, MAP_COLUMNS, "oblasts.csv")
    return _map_page(request, view, counts, cover, table, days=days, night=night, wave=wave)


@dataclasses.dataclass(frozen=True)
class _MapView:
    """What one map shows: a window of nights and the place claims counted in it."""

    since: pd.Timestamp | None
    until: pd.Timestamp | None
    places: pd.DataFrame
    heading: str
    window: str
    waves: tuple[dict[str, Any], ...] = ()

    def counts(self, nightly: pd.DataFrame) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        from strikewatch.views import coverage
        from strikewatch.web.ukmap import oblast_counts

        day = lambda t: t.date() if t is not None else None  # noqa: E731
        counts = oblast_counts(self.places, day(self.since), day(self.until))
        return counts, coverage(self.places, nightly, self.since, self.until, self.window)


def _wave_view(request: Request, night: dt.date, key: str) -> _MapView:
    """One wave of a night: the hit regions named by the wave's own sources."""
    from strikewatch.views import region_sources
    from strikewatch.web.ukmap import wave_places

    engine = core.engine_of(request)
    snap = core.snap_of(request)
    detail = snap.memo(
        ("night_detail", pd.Timestamp(night)), lambda: queries.night_detail(engine, night)
    )
    waves = (detail or {}).get("waves") or []
    index = next((i for i, w in enumerate(waves) if w["key"] == key), None)
    if index is None:
        raise HTTPException(404, f"night {night.isoformat()} has no wave {key!r}")
    w = waves[index]
    named = snap.memo(
        ("region_sources", pd.Timestamp(night)), lambda: region_sources(engine, night)
    )
    label = f"wave {index} ({w['kind']}, {_local_span(w['start'], w['end'])})"
    return _MapView(
        pd.Timestamp(night), pd.Timestamp(night), wave_places(named, w, night),
        f"Oblasts hit in {label} of the night of {night.isoformat()}",
        f"{label} of the night of {night.isoformat()}", tuple(waves),
    )  # fmt: skip


def _local_span(start: str | None, end: str | None) -> str:
    """A wave's span in Kyiv time, for a heading: "5 Dec 18:00 to 6 Dec 10:00 Kyiv time"."""

    def fmt(value: str | None) -> str:
        if not value:
            return "unknown"
        when = dt.datetime.fromisoformat(value)
        return f"{when.day} {when:%b %H:%M}"

    return f"{fmt(start)} to {fmt(end)} Kyiv time"


def _map_page(
    request: Request,
    view: _MapView,
    counts: list[dict[str, Any]],
    cover: dict[str, Any],
    table: list[dict[str, Any]],
    *,
    days: int,
    night: dt.date | None,
    wave: str | None,
) -> HTMLResponse:
    from strikewatch.web.ukmap import legend, map_shapes

    snap = core.snap_of(request)
    peak = max((c["nights"] for c in counts), default=0)
    return page(
        request,
        "map.html",
        title="Map of hits",
        heading=view.heading,
        shapes=snap.memo(("map-shapes", days, night, wave), lambda: map_shapes(counts)),
        legend=legend(peak),
        peak=peak,
        table=table,
        coverage=cover,
        days=days,
        night=night.isoformat() if night else None,
        wave=wave,
        waves=view.waves,
        ranges=RANGES,
    )


def _first_night(snap: Any) -> str | None:
    if snap.nightly.empty:
        return None
    return pd.Timestamp(snap.nightly["night"].min()).date().isoformat()


NIGHTS_COLUMNS = ["night", "drones", "drones_destroyed", "missiles", "missiles_destroyed"]


@router.get("/nights", response_class=HTMLResponse)
def nights(request: Request, format: Fmt = "html") -> Response:
    snap = core.snap_of(request)
    rows = snap.nightly.tail(60).iloc[::-1].to_dict("records")
    if format == "csv":
        return csv_response(rows, NIGHTS_COLUMNS, "nights.csv")
    return page(request, "nights.html", title="Nights", rows=rows)


@router.get("/nights/{night}", response_class=HTMLResponse)
def night_page(request: Request, night: Night, format: Fmt = "html") -> Response:
    """One night: waves, every figure with the documents it came from, phrase claims with
    the checker's verdict, a "cite this" block, and the night as CSV or JSON."""
    from strikewatch.briefing import build_briefing
    from strikewatch.views import FIGURE_CSV_COLUMNS, citations, group_by_document, night_rows

    engine = core.engine_of(request)
    snap = core.snap_of(request)
    detail = snap.memo(
        ("night_detail", pd.Timestamp(night)), lambda: queries.night_detail(engine, night)
    )
    if detail is None:
        return error_page(request, 404, f"No records for night {night.isoformat()}.")
    if format == "csv":
        return csv_response(night_rows(detail), FIGURE_CSV_COLUMNS, f"night-{night}.csv")
    hours = core.public_hours()
    if hours is None:
        b = snap.memo(("briefing", night), lambda: build_briefing(engine, night, snap))
    else:  # public: the briefing is assembled from redacted data, the detail redacted
        from strikewatch import embargo as embargo_mod
        from strikewatch.publish import public_briefing

        now = core.now_of(request)
        # cached per ledger version, hours and whether the night's embargo holds: a cached
        # briefing is from an earlier time, so it can only withhold more, never less
        held = embargo_mod.active(embargo_mod.latest_time(detail), now, hours)
        b = snap.memo(
            ("public-briefing", night, hours, held),
            lambda: public_briefing(engine, night, snap, now=now, hours=hours)[0],
        )
        detail = embargo_mod.redact(detail, now=now, hours=hours)
    source_ids = sorted(
        {s["source_id"] for f in detail["figures"] for s in f["sources"] + f["supporting"]}
        | {c["source_id"] for c in detail["text_claims"]}
    )
    docs = snap.memo(
        ("source_docs", night),
        lambda: [queries.source_detail(engine, sid) for sid in source_ids[:50]],
    )
    if hours is not None:
        when = embargo_mod.latest_time(detail)
        docs = [embargo_mod.redact(d, now=now, hours=hours, when=when) for d in docs if d]
    figures = [
        {**f, "documents": group_by_document(f["sources"] + f["supporting"])}
        for f in detail["figures"]
    ]
    return page(
        request,
        "night.html",
        title=f"Night of {night.isoformat()}",
        d=detail,
        b=b,
        figures=figures,
        regions=detail["regions"],
        waves=detail.get("waves") or [],
        phrases=b.phrases,
        cites=snap.memo(
            ("citations", night, hours is None), lambda: citations(engine, detail, b.scale)
        ),
        docs=[d for d in docs if d],
    )


@router.get("/briefing/{night}", response_class=HTMLResponse)
def briefing_html(request: Request, night: Night) -> HTMLResponse:
    """The self-contained HTML briefing (the same file ``strikewatch brief --format html`` writes)."""
    from strikewatch.publish import html_briefing

    hours = core.public_hours()
    try:
        text, _ = html_briefing(
            core.engine_of(request),
            night,
            core.snap_of(request),
            private=hours is None,
            now=core.now_of(request),
            hours=hours,
        )
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    return HTMLResponse(text)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, format: Fmt = "html") -> Response:
    snap = core.snap_of(request)
    events = snap.events.sort_values("date", ascending=False).to_dict("records")
    if format == "csv":
        columns = ["date", "kind", "title", "verified", "source_url"]
        return csv_response(events, columns, "context-events.csv")
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
        return error_page(request, 404, "The ledger is empty.")
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
def alerts(request: Request, format: Fmt = "html") -> Response:
    rows = queries.alerts_table(core.engine_of(request), limit=200)
    hours = core.public_hours()
    if hours is not None:
        from strikewatch.publish import public_alert

        rows = [public_alert(r, now=core.now_of(request), hours=hours) for r in rows]
    if format == "csv":
        return csv_response(rows, ["night", "rule", "title", "fired_at"], "alerts.csv")
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
    except (ingest.IngestError, InputError) as err:
        return await _ingest_error(request, form, 422, str(err), True)
    except Conflict as err:
        return await _ingest_error(request, form, 409, str(err), True)
    except Busy as err:
        busy = await _ingest_error(request, form, 503, str(err), True)
        busy.headers["Retry-After"] = str(ingest.retry_after(err))
        return busy
    return await run_in_threadpool(page, request, "ingest_done.html", title="Saved", result=result)
