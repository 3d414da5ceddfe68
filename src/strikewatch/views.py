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
