"""A briefing for one night, assembled from the analyses, with every figure linked to sources.

Layout follows the analysts' briefings the seeds reproduce: *Key points* (scale with rank
and record verdicts, interception against trailing baselines, geography, impact, disputed
figures), *Key details at a glance* (the night's figures per weapon class), *Context*
(events within ±14 days, days since the last diplomatic event and Ukrainian deep strike,
the campaign the night belongs to), *What this means now* (strain estimate) and *What to
watch next* (each watch rule's current state).

The :class:`Briefing` is plain data (``as_dict`` is the JSON the API serves); renderers in
:mod:`strikewatch.render` turn it into terminal, Markdown or self-contained HTML output.
Parts whose analysis module is missing say so instead of failing, so a partial install
still produces a briefing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from strikewatch import snapshot as snapshot_mod
from strikewatch.gcpause import paused_gc
from strikewatch.ledger import queries
from strikewatch.notable import rank_sentence
from strikewatch.numfmt import fmt_days
from strikewatch.snapshot import Snapshot
from strikewatch.tables import COUNT_KINDS, kinds_of

CONTEXT_DAYS = 14
KIND_LABEL = {
    "drones": "strike drones",
    "missiles": "missiles",
    "ballistic": "ballistic missiles",
    "cruise": "cruise missiles",
    "total": "drones and missiles in all",
}


@dataclass
class Ref:
    """Where a figure comes from: a claim in the ledger and its source's URL."""

    label: str
    url: str | None = None
    claim_id: int | None = None
    source_id: int | None = None
    claim_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.url = clean_url(self.url)


def clean_url(value: Any) -> str | None:
    """A usable link or None (NaN from pandas, empty strings and non-http schemes dropped)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value.lower().startswith(("http://", "https://")) else None


@dataclass
class Point:
    text: str
    refs: list[Ref] = field(default_factory=list)
    status: str | None = None  # official / reported / alleged / disputed / unavailable


@dataclass
class Section:
    key: str
    title: str
    points: list[Point]
    available: bool = True
    note: str | None = None


@dataclass
class Briefing:
    night: str
    generated_at: str
    synthetic: bool
    headline: str
    sections: list[Section]
    figures: list[dict[str, Any]]
    scale: list[dict[str, Any]]
    interception: list[dict[str, Any]]
    geography: dict[str, Any]
    impact: list[dict[str, Any]]
    disputed: list[dict[str, Any]]
    context: dict[str, Any]
    strain: dict[str, Any]
    watch: list[dict[str, Any]]
    series: list[dict[str, Any]]
    events_origin: str = ""
    phrases: list[dict[str, Any]] = field(default_factory=list)
    watch_next: list[dict[str, Any]] = field(default_factory=list)
    lede: dict[str, Any] | None = None

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def as_dict(self) -> dict[str, Any]:
        from strikewatch.output import jsonable

        out: dict[str, Any] = jsonable(asdict(self))
        return out


# ------------------------------------------------------------------------------- helpers


def _n(x: Any) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "unknown"
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"


def _pct(x: float | None) -> str:
    return "unknown" if x is None else f"{x:.1%}"


def _refs_of(sources: list[dict[str, Any]], limit: int | None = None) -> list[Ref]:
    """One reference per cited document (its URL, else its source id), naming every row and
    claim of it that the figure used, so a bullet cites each URL once."""
    from strikewatch.views import group_by_document

    refs: list[Ref] = []
    for g in group_by_document(sources)[:limit]:
        ids, rows = g["claim_ids"], g["rows"]
        row = f", row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}" if rows else ""
        claims = f"claim{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))}"
        refs.append(
            Ref(
                f"{g['publisher']}{row} ({claims})",
                g["url"],
                ids[0] if ids else None,
                g["source_id"],
                ids,
            )
        )
    return refs


def _kind_refs(detail: dict[str, Any], kind: str) -> list[Ref]:
    sources: list[dict[str, Any]] = []
    for fig in detail["figures"]:
        if kind in kinds_of(fig["components"]):
            sources.extend(fig["sources"])
    return _refs_of(sources)


# ------------------------------------------------------------------------------ sections


def _ranks(snap: Snapshot, night: pd.Timestamp, kind: str) -> tuple[Any, Any]:
    """The night's (year, all) ranks by ``kind``: counted by index in the totals table when
    the snapshot reads a ledger's nights (:mod:`strikewatch.ledger.ranks`), else ranked on
    the snapshot's series; the same numbers either way (tested)."""
    from strikewatch.analysis.records import rank_night, unit_of

    if snap.engine is not None and unit_of(snap.nightly) == "night":
        from strikewatch.ledger.ranks import night_ranks

        engine = snap.engine
        found = snap.memo(("night-ranks", night), lambda: night_ranks(engine, night.date()))
        if found is not None:
            return found[kind]["year"], found[kind]["all"]
    return (
        rank_night(snap.nightly, night.date(), kind, "year"),
        rank_night(snap.nightly, night.date(), kind, "all"),
    )


def _scale(snap: Snapshot, night: pd.Timestamp, detail: dict[str, Any]) -> list[dict[str, Any]]:
    from strikewatch.analysis.records import unit_of

    out = []
    first = pd.Timestamp(snap.nightly["night"].min()).date().isoformat()
    for kind in COUNT_KINDS:
        tot = detail["totals"].get(kind) or {}
        value = tot.get("launched")
        if not value:
            continue
        entry: dict[str, Any] = {
            "kind": kind,
            "launched": value,
            "destroyed": tot.get("destroyed"),
            "lost_ew": tot.get("lost_ew"),
        }
        year, every = _ranks(snap, night, kind)
        entry |= {
            "rank_year_at_the_time": year.rank_at_the_time,
            "rank_year_now": year.rank_now,
            "nights_in_year": year.nights_compared_now,
            "rank_all_at_the_time": every.rank_at_the_time,
            "rank_all_now": every.rank_now,
            "nights_all": every.nights_compared_now,
        }
        entry["unit"] = unit_of(snap.nightly)
        entry["verdict"] = rank_sentence(entry, night.year, first, entry["unit"])
        entry["refs"] = [asdict(r) for r in _kind_refs(detail, kind)]
        out.append(entry)
    return out


def _interception(snap: Snapshot, night: pd.Timestamp) -> list[dict[str, Any]]:
    """The night's shares against baselines of its own reporting regime (analysis.baselines)."""
    from strikewatch.analysis.baselines import night_interception

    return night_interception(snap.nightly, night)


def _geography(snap: Snapshot, night: pd.Timestamp, detail: dict[str, Any]) -> dict[str, Any]:
    hit = [r for r in detail["regions"] if r["role"] == "hit"]
    targets = [r for r in detail["regions"] if r["role"] == "target"]
    by_macro: dict[str, int] = {}
    for r in hit:
        key = r["macro_region"] or "other"
        by_macro[key] = by_macro.get(key, 0) + int(r["n_claims"])
    total = sum(by_macro.values())
    west = by_macro.get("west", 0) / total if total else None
    p = snap.places_between(night - pd.Timedelta(days=365), night)
    window = p[
        (p["night"] < night) & (p["night"] >= night - pd.Timedelta(days=365)) & (p["role"] == "hit")
    ]
    bt = float(window["n_claims"].sum())
    bw = float(window.loc[window["macro_region"] == "west", "n_claims"].sum())
    from strikewatch.views import coverage

    region_src = detail.get("region_sources") or {}
    hit_sources = [src for r in hit for src in region_src.get((r["place"], "hit"), [])]
    return {
        "coverage_30": coverage(
            p,
            snap.nightly,
            night - pd.Timedelta(days=29),
            night,
            f"the 30 days to {night.date().isoformat()}",
        ),
        "hit_sources": hit_sources,
        "regions_hit": [r["name"] for r in hit],
        "place_ids": [r["place"] for r in hit],
        "target_areas": [r["name"] for r in targets],
        "by_macro_region": by_macro,
        "west_share": west,
        "west_share_baseline_365": bw / bt if bt else None,
        "far_from_front": bool(west is not None and west >= 0.5),
    }


def _attributed(claim: dict[str, Any], sentence: str) -> str:
    who = claim.get("attribution")
    if not who:
        return sentence[0].upper() + sentence[1:]
    if claim.get("status") in ("alleged", "disputed"):
        return f"{who} alleges {sentence}"
    return f"According to {who}, {sentence}"


def _impact(detail: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in detail["text_claims"]:
        ref = _refs_of([c])
        if c["kind"] == "casualties":
            parts = []
            if c.get("killed") is not None:
                parts.append(f"{_n(c['killed'])} killed")
            if c.get("injured") is not None:
                parts.append(f"{_n(c['injured'])} injured")
            if not parts:
                continue
            text = _attributed(
                c, " and ".join(parts) + (f" ({c['text']!s})" if c.get("text") else "")
            )
        elif c["kind"] == "target" and c.get("target_category"):
            text = _attributed(
                c,
                f"{_article(c['target_category'].replace('_', ' '))} target was hit"
                + (f": “{c['text']}”" if c.get("text") else ""),
            )
        else:
            continue
        out.append(
            {
                "kind": c["kind"],
                "text": text,
                "status": c.get("status"),
                "attribution": c.get("attribution"),
                "refs": [asdict(r) for r in ref],
            }
        )
    hits = [f["hit_locations"] for f in detail["figures"] if f.get("hit_locations")]
    if hits:
        srcs = [s for f in detail["figures"] if f.get("hit_locations") for s in f["sources"]]
        out.append(
            {
                "kind": "hit_locations",
                "status": "official",
                "text": f"Hits reported at {_n(sum(hits))} location(s).",
                "attribution": None,
                "refs": [asdict(r) for r in _refs_of(srcs)],
            }
        )
    return out


def _disputed(detail: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for fig in detail["figures"]:
        if fig["status"] != "disputed" and not fig.get("disputes"):
            continue
        alt = "; ".join(
            f"claim {d.get('claim_id')} says {_n(d.get('value'))} {d.get('outcome')} "
            f"(range {_n(d.get('low'))}–{_n(d.get('high'))}) vs {_n(d.get('figure_low'))}–"
            f"{_n(d.get('figure_high'))}"
            for d in fig.get("disputes") or []
        )
        out.append(
            {
                "weapon_class": fig["weapon_class"],
                "model": fig["model"],
                "launched": fig["launched"],
                "destroyed": fig["destroyed"],
                "text": f"{fig['model']}: {_n(fig['launched'])} launched, {_n(fig['destroyed'])} "
                f"destroyed is disputed" + (f" — {alt}" if alt else ""),
                "refs": [asdict(r) for r in _refs_of(fig["sources"] + fig["supporting"])],
            }
        )
    return out


def _context(snap: Snapshot, night: pd.Timestamp) -> dict[str, Any]:
    out: dict[str, Any] = {"available": True, "events": [], "campaign": None}
    from strikewatch.analysis.context import events_near
    from strikewatch.analysis.tempo import campaigns

    ev = snap.events
    out["events"] = events_near(night.date(), ev, CONTEXT_DAYS) if len(ev) else []
    for kind in ("diplomacy", "ukraine_deep_strike"):
        past = ev[(ev["kind"] == kind) & (pd.to_datetime(ev["date"]) <= night)] if len(ev) else ev
        if len(past):
            last = past.sort_values("date").iloc[-1]
            out[f"last_{kind}"] = {
                "date": pd.Timestamp(last["date"]).date().isoformat(),
                "title": last["title"],
                "days_since": int((night - pd.Timestamp(last["date"])).days),
                "source_url": clean_url(last.get("source_url")),
            }
        else:
            out[f"last_{kind}"] = None
    runs = snap.memo(("campaigns", "drones", "p90", 3), lambda: campaigns(snap.nightly))
    out["campaign_rule"] = (
        f"{runs.min_nights}+ nights in a row with ≥ {runs.threshold:,.0f} "
        f"{runs.kind} ({runs.threshold_rule} of all nights)"
    )
    for run in runs.runs:
        if run.start <= night.date().isoformat() <= run.end:
            out["campaign"] = run.as_dict()
    return out


STRAIN_RUNS = 500
_SCENARIO: list[Any] = []


def _default_scenario(load: Any) -> Any:
    """The shipped scenario, parsed once per process (YAML + validation cost ~0.1 s)."""
    if not _SCENARIO:
        _SCENARIO.append(load())
    return _SCENARIO[0]


def strain_estimate(snap: Snapshot, night: pd.Timestamp, runs: int = STRAIN_RUNS) -> dict[str, Any]:
    """The strain helper's expenditure estimate for the night and the trailing 30 nights.

    ``runs`` is kept small (500 Monte Carlo draws, ~0.1 s) because the briefing only quotes
    medians and the 10–90% range; ``strikewatch strain estimate`` runs the full 2,000.
    """
    from strikewatch.strain import default_scenario
    from strikewatch.strain.expenditure import estimate

    start = night - pd.Timedelta(days=29)
    f = snap.figures_between(start, night)
    scenario = _default_scenario(default_scenario)

    def one(frame: pd.DataFrame, label: str) -> dict[str, Any]:
        result = estimate(frame, scenario, runs=runs, seed=0, per_night=False)
        period = result["period"]
        return {
            "label": label,
            "period": period,
            "scenario": result.get("scenario"),
            "summary": _strain_sentence(period),
        }

    try:
        tonight = snap.memo(
            ("strain", night, "night"), lambda: one(f[f["night"] == night], "night")
        )
        month = snap.memo(
            ("strain", night, "30"),
            lambda: one(f[(f["night"] >= start) & (f["night"] <= night)], "trailing 30 nights"),
        )
        from strikewatch.strain.expenditure import CAVEAT as caveat
    except Exception as err:
        return {"available": False, "note": f"strain estimate failed: {err}"}
    return {
        "available": True,
        "night": tonight,
        "trailing_30": month,
        "scenario": tonight.get("scenario"),
        "caveat": caveat,
        "runs": runs,
        "note": "Illustrative: stocks and kill rates of Ukrainian air defence are "
        "classified; the default scenario shows the method, not real stocks.",
    }


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _q(d: dict[str, Any] | None, key: str = "p50") -> float | None:
    return None if not d else d.get(key)


def _strain_sentence(period: dict[str, Any]) -> str:
    if not period.get("nights"):
        return "no resolved nights"
    inter = period.get("interceptors") or {}
    total = sum((v.get("p50") or 0.0) for v in inter.values())
    cost = period.get("defender_cost_usd") or {}
    ratio = period.get("cost_exchange_ratio") or {}
    leak = period.get("leakers") or {}

    def money(x: float | None) -> str:
        return "unknown" if x is None else f"${x / 1e6:,.0f}M"

    return (
        f"~{total:,.0f} interceptors of all layers (sum of medians); defender cost "
        f"{money(_q(cost))} (10–90%: {money(_q(cost, 'p10'))}–{money(_q(cost, 'p90'))}); "
        f"cost-exchange ratio {(_q(ratio) or float('nan')):.2f}; "
        f"{_n(_q(leak))} weapons got through ({period.get('nights')} night(s))."
    )


def _series(snap: Snapshot, night: pd.Timestamp, days: int = 60) -> list[dict[str, Any]]:
    n = snap.nightly
    nights = pd.to_datetime(n["night"])
    w = n[(nights <= night) & (nights > night - pd.Timedelta(days=days))]
    return [
        {
            "night": pd.Timestamp(r["night"]).date().isoformat(),
            "drones": None if pd.isna(r["drones"]) else float(r["drones"]),
            "missiles": None if pd.isna(r["missiles"]) else float(r["missiles"]),
        }
        for r in w.to_dict("records")
    ]


# --------------------------------------------------------------------------------- build


def build_briefing(
    engine: Engine, night: dt.date | str | None = None, snap: Snapshot | None = None
) -> Briefing:
    """The briefing for ``night`` (default: the latest night in the ledger).

    Raises LookupError when the ledger has no such night. Runs with the cyclic garbage
    collector paused (:mod:`strikewatch.gcpause`): its full passes over every loaded module
    were a quarter of a first briefing.
    """
    with paused_gc():
        return _build(engine, night, snap)


def _build(engine: Engine, night: dt.date | str | None, snap: Snapshot | None) -> Briefing:
    snap = snap or snapshot_mod.current(engine)
    if night is None:
        latest = snap.latest_night
        if latest is None:
            raise LookupError("the ledger holds no nights yet")
        night_ts = latest
    else:
        night_ts = pd.Timestamp(night).normalize()
    detail = snap.memo(
        ("night_detail", night_ts), lambda: queries.night_detail(engine, night_ts.date())
    )
    if detail is None:
        raise LookupError(f"no records for night {night_ts.date().isoformat()}")
    from strikewatch.views import region_sources

    regions = snap.memo(
        ("region_sources", night_ts), lambda: region_sources(engine, night_ts.date())
    )
    return assemble(snap, night_ts, {**detail, "region_sources": regions})


def assemble(snap: Snapshot, night: pd.Timestamp, detail: dict[str, Any]) -> Briefing:
    """Pure assembly from a snapshot and the night's detail (``queries.night_detail``)."""
    from strikewatch import watch

    label = night.date().isoformat()
    scale = _scale(snap, night, detail)
    inter = _interception(snap, night)
    geo = _geography(snap, night, detail)
    impact = _impact(detail)
    disputed = _disputed(detail)
    context = _context(snap, night)
    strain = strain_estimate(snap, night)
    states = [s.payload() for s in watch.evaluate_night(snap, night)]
    for st in states:
        st["description"] = watch.RULES[st["rule"]].description

    key: list[Point] = []
    for s in scale:
        refs = [Ref(**r) for r in s["refs"]]
        destroyed = f", {_n(s['destroyed'])} destroyed" if s.get("destroyed") is not None else ""
        key.append(
            Point(
                f"{_n(s['launched'])} {KIND_LABEL[s['kind']]} launched{destroyed}: {s['verdict']}.",
                refs,
                "official",
            )
        )
    for i in inter:
        if i.get("share") is None:
            key.append(Point(f"Interception of {i['kind']}: {i.get('note')}.", [], "reported"))
            continue
        key.append(Point(i["sentence"], _kind_refs(detail, i["kind"]), "official"))
    if geo["regions_hit"]:
        macro = ", ".join(
            f"{k} {v}" for k, v in sorted(geo["by_macro_region"].items(), key=lambda kv: -kv[1])
        )
        far = (
            " Far from the front: the west took "
            f"{_pct(geo['west_share'])} of hit-region reports (usually "
            f"{_pct(geo['west_share_baseline_365'])})."
            if geo["far_from_front"]
            else ""
        )
        key.append(
            Point(
                f"Regions hit: {', '.join(geo['regions_hit'])} (reports by "
                f"macro-region: {macro}).{far} {geo['coverage_30']['text']}",
                _refs_of(geo["hit_sources"]),
                "official",
            )
        )
    else:
        key.append(
            Point(f"No hit regions reported for the night. {geo['coverage_30']['text']}", [], None)
        )
    for im in impact:
        key.append(Point(im["text"], [Ref(**r) for r in im["refs"]], im.get("status")))
    for d in disputed:
        key.append(Point(d["text"], [Ref(**r) for r in d["refs"]], "disputed"))

    glance = [
        Point(
            f"{f['weapon_class']} · {f['model']}: launched {_n(f['launched'])}, destroyed "
            f"{_n(f['destroyed'])}, lost to EW {_n(f['lost_ew'])} [{f['status']}]",
            _refs_of(f["sources"], 3),
            f["status"],
        )
        for f in detail["figures"]
    ]

    ctx_points: list[Point] = []
    if not context.get("available", True):
        ctx_points.append(Point(context["note"], [], "unavailable"))
    else:
        for e in context["events"]:
            when = e["days_from_night"]
            rel = (
                "on the night"
                if when == 0
                else (f"{fmt_days(-when)} before" if when < 0 else f"{fmt_days(when)} after")
            )
            ctx_points.append(
                Point(
                    f"{e['date']} ({rel}): {e['title']} [{e['kind']}"
                    + ("" if e.get("verified", True) else ", unverified")
                    + "]",
                    [Ref("event source", e.get("source_url"))] if e.get("source_url") else [],
                )
            )
        if not context["events"]:
            ctx_points.append(Point(f"No context events within ±{CONTEXT_DAYS} days.", []))
        for kind, what in (
            ("diplomacy", "diplomatic event"),
            ("ukraine_deep_strike", "Ukrainian deep strike"),
        ):
            last = context.get(f"last_{kind}")
            ctx_points.append(
                Point(
                    f"{fmt_days(last['days_since'])} since the last {what} ({last['date']}: "
                    f"{last['title']})."
                    if last
                    else f"No earlier {what} in the event list.",
                    [Ref("event source", last.get("source_url"))]
                    if last and last.get("source_url")
                    else [],
                )
            )
        camp = context.get("campaign")
        ctx_points.append(
            Point(
                f"Part of a sustained campaign: {camp['start']} to {camp['end']}, {camp['nights']} "
                f"nights, peak {_n(camp['peak'])} on {camp['peak_night']} "
                f"(rule: {context['campaign_rule']})."
                if camp
                else f"Not part of a sustained campaign (rule: {context['campaign_rule']}).",
                [],
            )
        )

    if strain.get("available"):
        strain_points = [
            Point(f"The night: {strain['night']['summary']}", []),
            Point(f"Trailing 30 nights: {strain['trailing_30']['summary']}", []),
            Point(strain["note"], [], "assumption"),
            Point(str(strain["caveat"]), []),
        ]
    else:
        strain_points = [Point(strain["note"], [], "unavailable")]

    from strikewatch.notable import headline as lede_text
    from strikewatch.notable import lede_entry, watch_next
    from strikewatch.views import phrase_checks

    phrases = phrase_checks(detail, snap.nightly)
    grouped: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    for ph in phrases:  # one bullet per phrase and verdict, citing every claim that made it
        grouped.setdefault((ph["phrase"], ph["verdict"], ph.get("attribution")), []).append(ph)
    phrase_points = [
        Point(
            f"“{text}”" + (f" ({who})" if who else "") + f": {verdict} — {items[0]['explanation']}",
            _refs_of(items),
            "disputed" if verdict == "not_supported" else None,
        )
        for (text, verdict, who), items in grouped.items()
    ]
    upcoming = watch_next(snap, night, scale, states)
    watch_points = [
        Point(item["text"], [], "alert" if item["kind"] == "alert" else None) for item in upcoming
    ]
    headline = lede_text(label, scale, inter)
    sections = [
        Section("key_points", "Key points", key),
        Section(
            "phrases",
            "Claims in the night's sources, checked",
            phrase_points,
            True,
            "Each phrase judged by the record checker against the data as known that night.",
        ),
        Section("glance", "Key details at a glance", glance),
        Section(
            "context",
            "Context",
            ctx_points,
            context.get("available", True),
            f"events: {snap.events_origin}",
        ),
        Section(
            "strain",
            "What this means now",
            strain_points,
            bool(strain.get("available")),
            None if strain.get("available") else "strain estimate unavailable",
        ),
        Section("watch", "What to watch next", watch_points),
    ]
    return Briefing(
        night=label,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        synthetic=bool(detail.get("synthetic")) or snap.synthetic,
        headline=headline,
        sections=sections,
        figures=detail["figures"],
        scale=scale,
        interception=inter,
        geography=geo,
        impact=impact,
        disputed=disputed,
        context=context,
        strain=strain,
        watch=states,
        series=_series(snap, night),
        events_origin=snap.events_origin,
        phrases=phrases,
        watch_next=upcoming,
        lede=lede_entry(scale),
    )
