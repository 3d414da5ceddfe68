"""Small read functions the briefing and the dashboard need beyond ``ledger.queries``.

Why a separate module: the API and the queries belong to other work in flight; these are
view-side reads (exact citations for regions, phrase verdicts, coverage of region data,
nearest nights) that every renderer shares, so each lives here once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from strikewatch.ledger.schema import claims, night_places, sources

#: A region/target view is "too little data" when fewer than this many nights of its window
#: carry any region claim, or when they are fewer than ``MIN_COVERAGE_SHARE`` of its nights.
MIN_COVERED_NIGHTS = 10
MIN_COVERAGE_SHARE = 0.25

#: The public dataset's citation (its Kaggle page and licence): every "cite this" block uses it.
DATASET = {
    "title": "Massive Missile Attacks on Ukraine",
    "author": "Petro Ivaniuk",
    "publisher": "Kaggle",
    "url": "https://www.kaggle.com/datasets/piterfm/massive-missile-attacks-on-ukraine",
    "licence": "CC BY-NC-SA 4.0",
    "licence_url": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


def _source_entry(row: Any) -> dict[str, Any]:
    return {
        "claim_id": int(row.id),
        "source_id": int(row.source_id),
        "publisher": row.publisher,
        "level": row.level,
        "url": row.url,
        "row_number": row.row_number,
        "text": row.text,
        "place": row.place,
    }


def region_sources(engine: Engine, night: dt.date | str) -> dict[tuple[str, str], list[dict]]:
    """(place, role) → the claims (with their sources) that named that place for the night.

    The resolver keeps each region's claim ids in ``night_places.claim_ids``; a briefing's
    "Regions hit" cites exactly these, never the figures' sources.
    """
    night_d = dt.date.fromisoformat(str(night)) if not isinstance(night, dt.date) else night
    with engine.connect() as conn:
        rows = conn.execute(
            select(night_places.c.place, night_places.c.role, night_places.c.claim_ids).where(
                night_places.c.night == night_d
            )
        ).all()
        ids = sorted({int(i) for r in rows for i in (r.claim_ids or [])})
        found = (
            conn.execute(
                select(
                    claims.c.id,
                    claims.c.source_id,
                    claims.c.row_number,
                    claims.c.text,
                    claims.c.place,
                    sources.c.publisher,
                    sources.c.level,
                    sources.c.url,
                )
                .join(sources, sources.c.id == claims.c.source_id)
                .where(claims.c.id.in_(ids))
            ).all()
            if ids
            else []
        )
    by_id = {int(r.id): _source_entry(r) for r in found}
    return {
        (r.place, r.role): [by_id[int(i)] for i in (r.claim_ids or []) if int(i) in by_id]
        for r in rows
    }


def phrase_checks(detail: dict[str, Any], nightly: pd.DataFrame) -> list[dict[str, Any]]:
    """Every phrase claim of the night with the record checker's verdict beside it.

    A verdict already on the claim (the checker's, once the API carries it) is kept; else the
    checker in :mod:`strikewatch.analysis.records` judges the phrase against the night.
    """
    from strikewatch.analysis.records import check_claim

    out = []
    for c in detail.get("text_claims") or []:
        if c.get("kind") != "phrase" or not c.get("text"):
            continue
        verdict, explanation = c.get("verdict"), c.get("explanation")
        if verdict is None:
            try:
                result = check_claim(str(c["text"]), detail["night"], nightly)
                verdict, explanation = result.verdict, result.explanation
            except (ValueError, LookupError) as err:
                verdict, explanation = "not_checkable", str(err)
        if verdict == "unknown":
            verdict = "not_checkable"
        out.append(
            {
                "claim_id": c.get("claim_id"),
                "source_id": c.get("source_id"),
                "phrase": c["text"],
                "verdict": verdict,
                "explanation": explanation,
                "publisher": c.get("publisher"),
                "url": c.get("url"),
                "row_number": c.get("row_number"),
                "level": c.get("level"),
                "attribution": c.get("attribution"),
            }
        )
    return out


def coverage(
    places: pd.DataFrame,
    nightly: pd.DataFrame,
    since: pd.Timestamp | None = None,
    until: pd.Timestamp | None = None,
    window: str = "the window",
) -> dict[str, Any]:
    """How many nights of a window carry region data, and whether that is too little."""
    n = pd.DatetimeIndex(pd.to_datetime(nightly["night"])) if len(nightly) else pd.DatetimeIndex([])
    p = places[places["role"] == "hit"] if len(places) else places
    pn = pd.DatetimeIndex(pd.to_datetime(p["night"])) if len(p) else pd.DatetimeIndex([])
    if since is not None:
        n, pn = n[n >= since], pn[pn >= since]
    if until is not None:
        n, pn = n[n <= until], pn[pn <= until]
    total = int(n.nunique())
    covered = int(pn.nunique())
    share = covered / total if total else None
    too_little = covered < MIN_COVERED_NIGHTS or (share is not None and share < MIN_COVERAGE_SHARE)
    return {
        "nights": total,
        "nights_with_region_data": covered,
        "share": share,
        "too_little_data": too_little,
        "threshold": f"fewer than {MIN_COVERED_NIGHTS} nights or under "
        f"{MIN_COVERAGE_SHARE:.0%} of the window's nights",
        "text": coverage_text(covered, total, too_little, window),
    }


def coverage_text(covered: int, total: int, too_little: bool, window: str = "the window") -> str:
    """The sentence every map and region share prints beside itself."""
    base = f"Region data on {covered:,} of {total:,} nights in {window}"
    if too_little:
        return (
            base + f" — too little data to read a pattern (threshold: {MIN_COVERED_NIGHTS} "
            f"nights and {MIN_COVERAGE_SHARE:.0%} of the window)."
        )
    return base + "."


def nearest_nights(nightly: pd.DataFrame, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The closest night labels before and after ``day`` (either may be None)."""
    if nightly.empty:
        return None, None
    nights = pd.DatetimeIndex(pd.to_datetime(nightly["night"])).sort_values()
    ts = pd.Timestamp(day)
    before = nights[nights < ts]
    after = nights[nights > ts]
    return (
        before[-1].date() if len(before) else None,
        after[0].date() if len(after) else None,
    )


FIGURE_CSV_COLUMNS = [
    "night",
    "weapon_class",
    "model",
    "launched",
    "launched_low",
    "launched_high",
    "destroyed",
    "lost_ew",
    "status",
    "window_start",
    "window_end",
    "claim_ids",
    "source_urls",
]


def night_rows(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure of the night, with the claim ids and source URLs behind it."""
    rows = []
    for f in detail["figures"]:
        srcs = f.get("sources") or []
        urls = list(dict.fromkeys(s["url"] for s in srcs if s.get("url")))
        rows.append(
            {
                "night": detail["night"],
                **{k: f.get(k) for k in FIGURE_CSV_COLUMNS[1:11]},
                "claim_ids": " ".join(str(s["claim_id"]) for s in srcs),
                "source_urls": " ".join(urls),
            }
        )
    return rows


def _window_sum(nightly: pd.DataFrame, kind: str, start: pd.Timestamp, end: pd.Timestamp) -> Any:
    n = nightly[(nightly["_n"] >= start) & (nightly["_n"] <= end)][kind].dropna()
    return float(n.sum()) if len(n) else None


def headline_tiles(nightly: pd.DataFrame) -> dict[str, Any]:
    """Headline numbers for the overview: the last night, 7- and 30-day means per day, and
    month and year to date against the same dates a year earlier.

    Means are per calendar day (a day with no report counts as no attack), so a quiet week
    is not inflated by dividing by the nights that happened to have reports.
    """
    if nightly.empty:
        return {}
    n = nightly.assign(_n=pd.to_datetime(nightly["night"]))
    last = pd.Timestamp(n["_n"].max())
    row = n[n["_n"] == last].iloc[0]
    out: dict[str, Any] = {
        "last": {
            "night": last.date().isoformat(),
            **{k: None if pd.isna(row[k]) else float(row[k]) for k in ("drones", "missiles")},
        }
    }
    for days in (7, 30):
        start = last - pd.Timedelta(days=days - 1)
        out[f"mean_{days}"] = {
            "since": start.date().isoformat(),
            **{
                k: (None if (v := _window_sum(n, k, start, last)) is None else v / days)
                for k in ("drones", "missiles")
            },
        }
    year_ago = last - pd.DateOffset(years=1)
    for key, start in (
        ("month_to_date", last.replace(day=1)),
        ("year_to_date", last.replace(month=1, day=1)),
    ):
        before = start - pd.DateOffset(years=1)
        entry: dict[str, Any] = {
            "since": start.date().isoformat(),
            "compare_since": before.date().isoformat(),
            "compare_until": year_ago.date().isoformat(),
        }
        for k in ("drones", "missiles"):
            now, then = _window_sum(n, k, start, last), _window_sum(n, k, before, year_ago)
            entry[k] = now
            entry[f"{k}_last_year"] = then
            entry[f"{k}_change"] = (now / then - 1) if now is not None and then else None
        out[key] = entry
    return out


def oblast_table(
    places: pd.DataFrame,
    counts: list[dict[str, Any]],
    covered_nights: int,
    since: pd.Timestamp | None = None,
) -> list[dict[str, Any]]:
    """Per oblast: nights hit, the share of nights with region data, first and last night hit.

    What the map cannot show: how recent the hits are and how they compare with the nights
    that carry any region data at all.
    """
    from strikewatch import catalog

    cat = catalog.places()
    p = places[places["role"] == "hit"]
    if since is not None:
        p = p[p["night"] >= since]

    def oblast_of(pid: str) -> str | None:
        place = cat.get(pid)
        if place is None or not place.is_ukrainian:
            return None
        return place.id if place.kind in ("oblast", "special_city") else place.oblast

    p = p.assign(oblast=p["place"].map(oblast_of)).dropna(subset=["oblast"])
    span = {
        str(k): (
            pd.Timestamp(v["min"]).date().isoformat(),
            pd.Timestamp(v["max"]).date().isoformat(),
        )
        for k, v in p.groupby("oblast")["night"].agg(["min", "max"]).iterrows()
    }
    rows = []
    for c in counts:
        first, last = span.get(c["place"], (None, None))
        rows.append(
            {
                **c,
                "share_of_covered": c["nights"] / covered_nights if covered_nights else None,
                "first_night": first,
                "last_night": last,
            }
        )
    return sorted(rows, key=lambda r: (-r["nights"], r["name"]))


def source_provenance(engine: Engine, source_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per source: when strikewatch read it and which dataset file (sha256) it came from."""
    from strikewatch.ledger.schema import imports

    if not source_ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                sources.c.id,
                sources.c.kind,
                sources.c.seen_at,
                imports.c.started_at,
                imports.c.file_sha256,
                imports.c.kind.label("import_kind"),
            )
            .select_from(sources.outerjoin(imports, imports.c.id == sources.c.import_id))
            .where(sources.c.id.in_(sorted(set(source_ids))))
        ).all()
    out = {}
    for r in rows:
        when = r.seen_at or r.started_at
        out[int(r.id)] = {
            "retrieved": when.date().isoformat() if when is not None else None,
            "dataset_sha256": r.file_sha256 if r.import_kind == "dataset" else None,
            "kind": r.kind,
        }
    return out


def citations(engine: Engine, detail: dict[str, Any], scale: list[dict[str, Any]]) -> list[dict]:
    """A "cite this" entry per headline figure of the night: the figure, the URLs it came
    from, when they were retrieved, the dataset version (file sha256) and its licence."""
    from strikewatch.numfmt import fmt_count

    noun = {
        "drones": "strike drones",
        "missiles": "missiles",
        "ballistic": "ballistic missiles",
        "cruise": "cruise missiles",
        "total": "drones and missiles in all",
    }
    figs = detail["figures"]
    ids = [int(s["source_id"]) for f in figs for s in f["sources"] if s.get("source_id")]
    prov = source_provenance(engine, ids)
    out = []
    for entry in scale:
        kind = entry["kind"]
        srcs = [s for f in figs if kind in _kinds(f["components"]) for s in f["sources"]]
        urls = list(dict.fromkeys(s["url"] for s in srcs if s.get("url")))
        p = [prov.get(int(s["source_id"]), {}) for s in srcs if s.get("source_id")]
        retrieved = sorted({x["retrieved"] for x in p if x.get("retrieved")})
        shas = sorted({x["dataset_sha256"] for x in p if x.get("dataset_sha256")})
        destroyed = entry.get("destroyed")
        figure = f"{fmt_count(entry['launched'])} {noun[kind]} launched" + (
            f", {fmt_count(destroyed)} destroyed" if destroyed is not None else ""
        )
        out.append(
            {
                "kind": kind,
                "figure": f"{figure} (night of {detail['night']}, Kyiv-local morning date)",
                "urls": urls,
                "claim_ids": sorted({int(s["claim_id"]) for s in srcs}),
                "retrieved": retrieved,
                "dataset": DATASET,
                "dataset_sha256": shas,
            }
        )
    return out


def _kinds(components: list[str]) -> set[str]:
    from strikewatch.tables import kinds_of

    return set(kinds_of(components))


def group_by_document(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claims grouped by the document they cite (its http(s) URL, else its source id), so a
    list cites each URL once with every row and claim of it that was used."""
    from strikewatch.briefing import clean_url

    grouped: dict[Any, list[dict[str, Any]]] = {}
    for s in items:
        key = clean_url(s.get("url")) or s.get("source_id") or ("claim", s.get("claim_id"))
        grouped.setdefault(key, []).append(s)
    out = []
    for group in grouped.values():
        first = group[0]
        out.append(
            {
                "url": clean_url(first.get("url")),
                "publisher": first.get("publisher") or first.get("level") or "source",
                "source_id": first.get("source_id"),
                "claim_ids": sorted({int(i["claim_id"]) for i in group if i.get("claim_id")}),
                "rows": sorted({int(i["row_number"]) for i in group if i.get("row_number")}),
                "claims": group,
            }
        )
    return out
