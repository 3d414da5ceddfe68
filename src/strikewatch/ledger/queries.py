"""Read-side queries returning tidy tables (see :mod:`strikewatch.tables`) or plain dicts.

The CLI, the briefing and the web app all read through these functions, so one night's
figures are the same object everywhere (``strikewatch night --json`` ≡ ``/api/nights/…``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, case, func, select

from strikewatch.ledger.actions import attached_nights, night_filter
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import (
    attacks,
    claims,
    sources,
)
from strikewatch.ledger.schema import (
    context_events as events_table,
)
from strikewatch.ledger.schema import (
    night_places as places_table,
)
from strikewatch.serial import utc_iso
from strikewatch.tables import EVENT_COLUMNS, FIGURE_COLUMNS, empty_figures, kind_totals

if TYPE_CHECKING:  # pandas loads only in the functions that build frames (fast CLI start)
    import pandas as pd


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _filter_nights(
    query: Select[Any], column: Any, since: dt.date | str | None, until: dt.date | str | None
) -> Select[Any]:
    since_d, until_d = _as_date(since), _as_date(until)
    if since_d is not None:
        query = query.where(column >= since_d)
    if until_d is not None:
        query = query.where(column <= until_d)
    return query


def figures(
    engine: Engine,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    weapon_class: str | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """Resolved figures, one row per (wave, class, model); ``region`` keeps nights that hit it.

    ``region`` is a place id, a macro-region (west/north/centre/east/south) or a name the
    catalog resolves.
    """
    import pandas as pd

    cols = [attacks.c[c] for c in FIGURE_COLUMNS]
    query = _filter_nights(select(*cols), attacks.c.night, since, until)
    if weapon_class:
        query = query.where(
            (attacks.c.weapon_class == weapon_class) | attacks.c.components.contains(weapon_class)
        )
    if region:
        query = query.where(attacks.c.night.in_(_nights_touching(region)))
    # wave_key last: a label can hold several waves of one model (a night and a daytime wave).
    query = query.order_by(
        attacks.c.night, attacks.c.weapon_class, attacks.c.model, attacks.c.wave_key
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if not rows:
        return empty_figures()
    # Plain tuples: building a frame from SQLAlchemy Row objects raised millions of internal
    # exceptions on large ledgers (26 s → 10 s for a 1M-row synthetic snapshot).
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(FIGURE_COLUMNS))
    frame["night"] = pd.to_datetime(frame["night"])
    text = ("night", "weapon_class", "components", "model", "status", "synthetic")
    for c in FIGURE_COLUMNS:
        if c not in text and not c.startswith("wave_"):
            frame[c] = frame[c].astype("float64")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    for c in ("wave_start", "wave_end"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame


def _nights_touching(region: str) -> Select[Any]:
    from strikewatch import catalog

    query = select(places_table.c.night).where(places_table.c.role.in_(("hit", "target")))
    key = region.strip().lower()
    if key in catalog.MACRO_REGIONS or key == "center":
        key = "centre" if key == "center" else key
        return query.where(places_table.c.macro_region == key)
    place = catalog.resolve_place(region)
    if place is None:
        raise ValueError(
            f"unknown region {region!r}: use an oblast, a city or west/north/centre/east/south"
        )
    if place.kind in ("oblast", "special_city"):
        return query.where(places_table.c.place == place.id)
    return query.where(places_table.c.place == place.id)


def nightly(
    engine: Engine,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    **filters: Any,
) -> pd.DataFrame:
    from strikewatch.tables import nightly_totals

    return nightly_totals(figures(engine, since, until, **filters))


def night_places(
    engine: Engine, since: dt.date | str | None = None, until: dt.date | str | None = None
) -> pd.DataFrame:
    import pandas as pd

    query = _filter_nights(
        select(
            places_table.c.night,
            places_table.c.place,
            places_table.c.macro_region,
            places_table.c.role,
            places_table.c.n_claims,
            places_table.c.synthetic,
        ),
        places_table.c.night,
        since,
        until,
    ).order_by(places_table.c.night, places_table.c.place)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["night", "place", "macro_region", "role", "n_claims", "synthetic"],
    )
    frame["night"] = pd.to_datetime(frame["night"])
    return frame


def context_events(engine: Engine) -> pd.DataFrame:
    import pandas as pd

    columns = list(EVENT_COLUMNS)
    with engine.connect() as conn:
        rows = conn.execute(
            select(*[events_table.c[c] for c in columns]).order_by(events_table.c.date)
        ).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    return frame


def _claim_filters(
    query: Select[Any], night: dt.date | str | None, source_id: int | None, kind: str | None
) -> Select[Any]:
    if night is not None:
        query = query.where(claims.c.night == _as_date(night))
    if source_id is not None:
        query = query.where(claims.c.source_id == source_id)
    if kind is not None:
        query = query.where(claims.c.kind == kind)
    return query


def claims_table(
    engine: Engine,
    night: dt.date | str | None = None,
    source_id: int | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Claims with their source, newest night first, for the API and the night page."""
    query = (
        select(
            claims,
            sources.c.url,
            sources.c.publisher,
            sources.c.kind.label("source_kind"),
            sources.c.published,
        )
        .join(sources, sources.c.id == claims.c.source_id)
        .order_by(claims.c.night.desc(), claims.c.id)
        .limit(limit)
        .offset(offset)
    )
    query = _claim_filters(query, night, source_id, kind)
    with engine.connect() as conn:
        return [_claim_dict(dict(r._mapping)) for r in conn.execute(query)]


def claims_count(
    engine: Engine,
    night: dt.date | str | None = None,
    source_id: int | None = None,
    kind: str | None = None,
) -> int:
    """How many claims the same filters as :func:`claims_table` select (the page total)."""
    query = _claim_filters(select(func.count()).select_from(claims), night, source_id, kind)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _claim_dict(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[key] = value
    out.pop("claim_hash", None)
    return out


def sources_table(
    engine: Engine, limit: int = 100, offset: int = 0, kind: str | None = None
) -> list[dict[str, Any]]:
    query = (
        select(
            sources.c.id,
            sources.c.kind,
            sources.c.level,
            sources.c.publisher,
            sources.c.url,
            sources.c.published,
            sources.c.language,
            sources.c.title,
            sources.c.synthetic,
        )
        .order_by(sources.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if kind:
        query = query.where(sources.c.kind == kind)
    with engine.connect() as conn:
        return [_claim_dict(dict(r._mapping)) for r in conn.execute(query)]


def _num(value: Any) -> float | int | None:
    if value is None:
        return None
    f = float(value)
    return int(f) if f.is_integer() else f


def _local_iso(value: dt.datetime | None) -> str | None:
    """ISO time in Kyiv local time with its offset (SQLite hands back naive UTC values)."""
    from strikewatch.domain import KYIV

    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(KYIV).isoformat()


def _waves_for(conn: Any, night_d: dt.date) -> tuple[list[Any], str | None]:
    """The waves that answer "night D", and a note when they are not simply its night.

    The night is the overnight (and multi-day) waves labelled D. A date that only holds a
    daytime wave answers with it; a date with no wave of its own answers with the waves
    whose Kyiv-local window touches it (they carry another label). Each case says so.
    """
    from strikewatch.domain import KYIV, NIGHT_KINDS
    from strikewatch.ledger.schema import waves as waves_t

    rows = conn.execute(
        select(waves_t).where(waves_t.c.night == night_d).order_by(waves_t.c.start)
    ).all()
    night = [w for w in rows if w.kind in NIGHT_KINDS]
    if night:
        others = [w for w in rows if w.kind not in NIGHT_KINDS]
        note = None
        if others:
            note = (
                f"{night_d.isoformat()} also holds {len(others)} {others[0].kind} wave(s), "
                "not part of this night: see `--unit wave`"
            )
        return night, note
    if rows:
        return rows, (
            f"no overnight wave is labelled {night_d.isoformat()}; "
            f"this is its {rows[0].kind} wave, reported on its own"
        )
    near = conn.execute(
        select(waves_t)
        .where(
            waves_t.c.night.between(night_d - dt.timedelta(days=2), night_d + dt.timedelta(days=2))
        )
        .order_by(waves_t.c.start)
    ).all()

    def touches(w: Any) -> bool:
        if w.start is None or w.end is None:
            return False
        lo = _aware(w.start).astimezone(KYIV).date()
        hi = _aware(w.end).astimezone(KYIV).date()
        return lo <= night_d <= hi

    found = [w for w in near if touches(w)]
    if not found:
        return [], None
    labels = ", ".join(sorted({w.night.isoformat() for w in found}))
    return found, (
        f"no wave is labelled {night_d.isoformat()}; the wave(s) covering that date "
        f"carry the label {labels}"
    )


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def night_detail(engine: Engine, night: dt.date | str) -> dict[str, Any] | None:
    """Everything known about one night, every figure with the claims behind it.

    ``waves`` lists the attack waves the answer is made of (start, end with offset, kind,
    label, sources); every figure names its wave(s) by index. ``note`` says when the answer
    is not simply the night's overnight wave(s) (a daytime wave, another label).
    """
    night_d = _as_date(night)
    assert night_d is not None
    with engine.connect() as conn:
        wave_rows, note = _waves_for(conn, night_d)
        keys = [w.wave_key for w in wave_rows]
        labels = sorted({w.night for w in wave_rows}) or [night_d]
        rows = conn.execute(
            select(attacks)
            .where(attacks.c.wave_key.in_(keys))
            .order_by(attacks.c.weapon_class, attacks.c.model)
        ).all()
        place_rows = conn.execute(
            select(places_table)
            .where(places_table.c.night.in_(labels))
            .order_by(places_table.c.role, places_table.c.place)
        ).all()
        attached = attached_nights(conn)  # texts attached to, or relabelled away from, a night
        claim_rows = [
            r
            for r in conn.execute(
                select(
                    claims,
                    sources.c.url,
                    sources.c.publisher,
                    sources.c.level.label("source_level"),
                    sources.c.kind.label("source_kind"),
                    sources.c.published,
                )
                .join(sources, sources.c.id == claims.c.source_id)
                .where(night_filter(attached, set(labels)))
            )
            if attached.get(r.source_id, r.night) in labels
        ]
        source_ids = sorted({i for w in wave_rows for i in w.source_ids})
        source_rows = {
            r.id: r
            for r in conn.execute(
                select(sources.c.id, sources.c.publisher, sources.c.url, sources.c.level).where(
                    sources.c.id.in_(source_ids)
                )
            )
        }
    if not rows and not claim_rows:
        return None
    by_id = {r.id: r for r in claim_rows}
    index = {k: i for i, k in enumerate(keys)}
    figures_out = [_figure_entry(r, by_id, index) for r in rows]
    synthetic = any(bool(r.synthetic) for r in rows)
    totals = _totals_entry(rows)
    regions = _region_entries(place_rows)
    other = [
        (_source_entry(by_id, c.id) or {})
        | {
            "kind": c.kind,
            "night": c.night.isoformat() if c.night else None,
            "place": c.place,
            "target_category": c.target_category,
            "killed": _num(c.killed_value),
            "injured": _num(c.injured_value),
            "attribution": c.attribution,
            "status": c.status,
        }
        for c in claim_rows
        if c.kind in ("casualties", "target", "phrase")
        or (c.reader not in ("dataset", "synth") and c.kind == "count")
    ]
    out = {
        "night": night_d.isoformat(),
        "unit": "night",
        "synthetic": synthetic,
        "waves": [_wave_entry(w, source_rows) for w in wave_rows],
        "figures": figures_out,
        "totals": totals,
        "regions": regions,
        "text_claims": other,
        "n_claims": len(claim_rows),
        "revisions": night_revisions(engine, night_d),
    }
    if note:
        out["note"] = note
    if len(wave_rows) > 1:
        out["summed"] = f"the totals sum {len(wave_rows)} waves: " + ", ".join(
            w.wave_key for w in wave_rows
        )
    return out


def _wave_entry(w: Any, source_rows: dict[int, Any]) -> dict[str, Any]:
    return {
        "key": w.wave_key,
        "label": w.night.isoformat(),
        "kind": w.kind,
        "start": _local_iso(w.start),
        "end": _local_iso(w.end),
        "windows": [[_local_iso(_parse_iso(a)), _local_iso(_parse_iso(b))] for a, b in w.windows],
        "sources": [
            {
                "source_id": i,
                "publisher": source_rows[i].publisher if i in source_rows else None,
                "url": source_rows[i].url if i in source_rows else None,
                "level": source_rows[i].level if i in source_rows else None,
            }
            for i in w.source_ids
        ],
        "supporting_source_ids": list(w.supporting_source_ids),
        "evidence": w.evidence,
    }


def _parse_iso(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _source_entry(by_id: dict[int, Any], claim_id: int) -> dict[str, Any] | None:
    c = by_id.get(claim_id)
    if c is None:
        return None
    return {
        "claim_id": c.id,
        "source_id": c.source_id,
        "level": c.source_level,
        "publisher": c.publisher,
        "url": c.url,
        "published": c.published,
        "row_number": c.row_number,
        "outcome": c.outcome,
        "qualifier": c.qualifier,
        "value": _num(c.value),
        "low": _num(c.low),
        "high": _num(c.high),
        "text": c.text,
        "reader": c.reader,
    }


def _figure_entry(r: Any, by_id: dict[int, Any], index: dict[str, int]) -> dict[str, Any]:
    explanation = r.explanation or {}
    return {
        "weapon_class": r.weapon_class,
        "components": r.components.split(","),
        "model": r.model,
        "launched": _num(r.launched),
        "launched_low": _num(r.launched_low),
        "launched_high": _num(r.launched_high),
        "destroyed": _num(r.destroyed),
        "lost_ew": _num(r.lost_ew),
        "still_airborne": _num(r.still_airborne),
        "hit_locations": _num(r.hit_locations),
        "debris_locations": _num(r.debris_locations),
        "status": r.status,
        "window_start": utc_iso(r.window_start),
        "window_end": utc_iso(r.window_end),
        "waves": [index[r.wave_key]],
        "sources": [s for s in (_source_entry(by_id, i) for i in r.claim_ids) if s],
        "supporting": [
            s
            for s in (_source_entry(by_id, i) for i in explanation.get("supporting_claim_ids", []))
            if s
        ],
        "disputes": explanation.get("disputes", []),
    }


def _totals_entry(rows: Sequence[Any]) -> dict[str, Any]:
    """Totals per count kind over exactly the given figures (all their waves summed): the
    rules of ``tables.combined_totals``, without building a frame (``night`` stays
    pandas-free)."""
    from strikewatch.tables import COUNT_KINDS

    if not rows:
        return {}
    sums = kind_totals([dict(r._mapping) for r in rows])
    return {
        key: {
            "launched": _num(sums[key]),
            "destroyed": _num(sums[f"{key}_destroyed"]),
            "lost_ew": _num(sums[f"{key}_lost_ew"]),
        }
        for key in COUNT_KINDS
    }


def _region_entries(place_rows: Sequence[Any]) -> list[dict[str, Any]]:
    from strikewatch import catalog

    names = catalog.place_names()
    regions = []
    for p in place_rows:
        regions.append(
            {
                "place": p.place,
                "name": names.get(p.place, p.place),
                "macro_region": p.macro_region,
                "role": p.role,
                "n_claims": p.n_claims,
                # exactly the place claims this entry was computed from (issue 9.5)
                "claim_ids": sorted(p.claim_ids or []),
            }
        )
    return regions


def night_revisions(engine: Engine, night: dt.date) -> list[dict[str, Any]]:
    """Revised, superseded and withdrawn readings of the night's reports, with what changed
    and when each was seen (the identity helper's; see :mod:`strikewatch.ledger.history`)."""
    from strikewatch.ledger.history import night_revisions as revisions

    return revisions(engine, night)


def ledger_summary(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        n_sources = conn.execute(select(func.count()).select_from(sources)).scalar_one()
        n_claims = conn.execute(select(func.count()).select_from(claims)).scalar_one()
        first, last, n_nights = conn.execute(
            select(
                func.min(attacks.c.night),
                func.max(attacks.c.night),
                func.count(func.distinct(attacks.c.night)),
            )
        ).one()
        synthetic = conn.execute(
            select(func.count()).select_from(sources).where(sources.c.synthetic)
        ).scalar_one()
    return {
        "sources": n_sources,
        "claims": n_claims,
        "nights": n_nights,
        "first_night": first.isoformat() if first else None,
        "last_night": last.isoformat() if last else None,
        "synthetic_sources": synthetic,
    }


def latest_night(engine: Engine) -> dt.date | None:
    with engine.connect() as conn:
        value = conn.execute(select(func.max(attacks.c.night))).scalar_one()
    return _as_date(value) if value is not None else None


# ===========================================================================================
# Issue 6 additions (briefing, watch alerts, web API). Owned by the web/briefing helper;
# read-side helpers plus the one write the watch job needs (alerts are derived state).
# ===========================================================================================


def ledger_version(engine: Engine) -> dict[str, Any]:
    """A cheap fingerprint of the ledger's content, for ETag/Last-Modified and caches.

    Every write path appends rows with increasing ids (sources, claims, context events,
    alerts) or records an import, and re-resolving rewrites ``attacks`` rows (new ids), so
    the maxima change whenever anything a reader can see changes. Each ``max(id)`` is an
    index lookup, so calling this per request costs well under a millisecond on SQLite.
    """
    from strikewatch.ledger.schema import alerts as alerts_table
    from strikewatch.ledger.schema import imports as imports_table

    with engine.connect() as conn:
        row = conn.execute(
            select(
                select(func.max(imports_table.c.id)).scalar_subquery(),
                select(func.max(imports_table.c.started_at)).scalar_subquery(),
                select(func.max(sources.c.id)).scalar_subquery(),
                select(func.max(claims.c.id)).scalar_subquery(),
                select(func.max(attacks.c.id)).scalar_subquery(),
                select(func.count()).select_from(attacks).scalar_subquery(),
                select(func.max(events_table.c.id)).scalar_subquery(),
                select(func.max(alerts_table.c.id)).scalar_subquery(),
            )
        ).one()
    started = row[1]
    if isinstance(started, str):  # SQLite may hand back text for timezone-aware columns
        try:
            started = dt.datetime.fromisoformat(started)
        except ValueError:
            started = None
    if isinstance(started, dt.datetime) and started.tzinfo is None:
        started = started.replace(tzinfo=dt.UTC)
    return {
        "import_id": row[0],
        "imported_at": started,
        "source_id": row[2],
        "claim_id": row[3],
        "attack_id": row[4],
        "attacks": row[5],
        "event_id": row[6],
        "alert_id": row[7],
    }


def target_claims(
    engine: Engine, since: dt.date | str | None = None, until: dt.date | str | None = None
) -> pd.DataFrame:
    """Target-category claims per night (night, target_category, n_claims, synthetic).

    The input of ``analysis.targeting.category_shares`` and of the energy-surge watch rule;
    the public dataset has none, text reports do.
    """
    import pandas as pd

    query = _filter_nights(
        select(
            claims.c.night,
            claims.c.target_category,
            func.count().label("n_claims"),
            # max() over a boolean is SQLite-only; PostgreSQL needs a number.
            func.max(case((claims.c.synthetic, 1), else_=0)).label("synthetic"),
        )
        .where(claims.c.kind == "target")
        .where(claims.c.target_category.is_not(None))
        .where(claims.c.night.is_not(None)),
        claims.c.night,
        since,
        until,
    ).group_by(claims.c.night, claims.c.target_category)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(claims.c.night)).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows], columns=["night", "target_category", "n_claims", "synthetic"]
    )
    frame["night"] = pd.to_datetime(frame["night"])
    frame["n_claims"] = frame["n_claims"].astype("int64")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame


def count_rows(
    engine: Engine,
    table: str,
    *,
    kind: str | None = None,
    since: dt.date | str | None = None,
    rule: str | None = None,
) -> int:
    """Row count of ``sources`` (``kind``), ``claims`` or ``alerts`` (``since``, ``rule``),
    counting exactly what the list with the same filters selects (pagination totals)."""
    from strikewatch.ledger.schema import alerts as alerts_table

    chosen = {"sources": sources, "claims": claims, "alerts": alerts_table}[table]
    query = select(func.count()).select_from(chosen)
    if kind is not None and table in ("sources", "claims"):
        query = query.where(chosen.c.kind == kind)
    if table == "alerts":
        query = _filter_nights(query, alerts_table.c.night, since, None)
        if rule:
            query = query.where(alerts_table.c.rule == rule)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def source_detail(engine: Engine, source_id: int) -> dict[str, Any] | None:
    """One source with its full text (the quote behind every claim it holds)."""
    with engine.connect() as conn:
        row = conn.execute(select(sources).where(sources.c.id == source_id)).first()
    if row is None:
        return None
    out = _claim_dict(dict(row._mapping))
    out.pop("content_hash", None)
    return out


def alerts_table(
    engine: Engine,
    since: dt.date | str | None = None,
    rule: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored watch alerts, newest first."""
    from strikewatch.ledger.schema import alerts as alerts_t

    query = _filter_nights(select(alerts_t), alerts_t.c.night, since, None)
    if rule:
        query = query.where(alerts_t.c.rule == rule)
    query = query.order_by(alerts_t.c.night.desc(), alerts_t.c.id.desc()).limit(limit)
    query = query.offset(offset)
    with engine.connect() as conn:
        return [_claim_dict(dict(r._mapping)) for r in conn.execute(query)]


def insert_alert(
    engine: Engine,
    night: dt.date,
    rule: str,
    title: str,
    payload: dict[str, Any],
    fired_at: dt.datetime | None = None,
) -> int | None:
    """Store an alert unless (night, rule) already fired; returns its id, or None if it had.

    The unique constraint is the arbiter, so two watch processes racing still fire once.
    """
    from sqlalchemy.exc import IntegrityError

    from strikewatch.ledger.schema import alerts as alerts_t

    try:
        with write_transaction(engine) as conn:
            result = conn.execute(
                alerts_t.insert().values(
                    night=night,
                    rule=rule,
                    title=title,
                    payload=payload,
                    fired_at=fired_at or dt.datetime.now(dt.UTC),
                )
            )
            pk = result.inserted_primary_key
            return int(pk[0]) if pk else None
    except IntegrityError:
        return None


def claim_nights(
    engine: Engine, since: dt.date | str | None = None, until: dt.date | str | None = None
) -> set[dt.date]:
    """The nights claims are filed under between ``since`` and ``until`` (inclusive; open ends
    when None): by their own night label or by an ``attach`` decision, so ``resolve --since``
    rebuilds a night that only attached texts make."""
    since_d, until_d = _as_date(since), _as_date(until)
    query = _filter_nights(
        select(claims.c.night).where(claims.c.night.is_not(None)).distinct(),
        claims.c.night,
        since_d,
        until_d,
    )
    with engine.connect() as conn:
        nights = {row[0] for row in conn.execute(query)}
        attached = set(attached_nights(conn).values())
    return nights | {
        n
        for n in attached
        if (since_d is None or n >= since_d) and (until_d is None or n <= until_d)
    }


def first_nights(engine: Engine, weapon_classes: Sequence[str]) -> dict[str, dt.date]:
    """The first night each model of these classes appears in a resolved figure (the watch's
    "new ballistic type"), by index instead of reading every figure."""
    query = (
        select(attacks.c.model, func.min(attacks.c.night))
        .where(attacks.c.weapon_class.in_(list(weapon_classes)))
        .group_by(attacks.c.model)
    )
    with engine.connect() as conn:
        return {str(model): night for model, night in conn.execute(query)}


def has_target_claims(engine: Engine) -> bool:
    """Whether any claim names a target category (report texts do, the dataset never)."""
    query = (
        select(claims.c.id)
        .where(claims.c.kind == "target")
        .where(claims.c.target_category.is_not(None))
        .where(claims.c.night.is_not(None))
        .limit(1)
    )
    with engine.connect() as conn:
        return conn.execute(query).first() is not None


def has_phrase_claims(detail: dict[str, Any]) -> bool:
    """Whether a night's detail (:func:`night_detail`) holds a phrase claim to be judged.

    Most nights hold none, and judging needs the checker and pandas: the command line's
    ``night`` starts without them when there is nothing to judge.
    """
    return any(c.get("kind") == "phrase" for c in detail.get("text_claims") or [])
