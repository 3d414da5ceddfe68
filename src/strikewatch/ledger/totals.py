"""The incrementally maintained totals table (``unit_totals``): writing it, reading it.

Why: ``top``, ``nights``, the briefing's ranks and ``/api/nights`` used to load every figure
of the ledger and total them in pandas (12.8 s for the first briefing on a 1,000,000-row
ledger). The resolver now writes one row per wave, night and day for the labels it touches,
in its own transaction (decision 55), and these read paths select a few rows by index. The
arithmetic is :func:`strikewatch.tables.unit_rows`, the same rules as
:func:`strikewatch.tables.nightly_totals`; nothing here imports pandas.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, Connection, Engine, bindparam, delete, func, select

from strikewatch.domain import KYIV
from strikewatch.ledger.plain import plain_rows
from strikewatch.ledger.schema import attacks, unit_totals
from strikewatch.ledger.writes import bulk_insert
from strikewatch.tables import COUNT_KINDS, TOTAL_COLUMNS, UNITS, unit_rows, wave_day

if TYPE_CHECKING:
    import pandas as pd

_CHUNK = 500
#: A bound list of dates (``in_(list)`` coerces every value into the statement).
_DATES: BindParameter[Any] = bindparam("dates", expanding=True)
#: The figure columns the totals are computed from (``tables.unit_rows``).
TOTALS_INPUTS = (
    "night",
    "components",
    "launched",
    "destroyed",
    "lost_ew",
    "synthetic",
    "wave_key",
    "wave_kind",
    "wave_start",
    "wave_end",
)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def forget_labels(conn: Connection, labels: Collection[dt.date] | None) -> set[dt.date]:
    """Delete the wave and night rows of ``labels`` (all rows when None) before they are
    resolved again; returns the days their waves started on, whose day rows need redoing."""
    if labels is None:
        conn.execute(delete(unit_totals))
        return set()
    days: set[dt.date] = set()
    for chunk in _chunks(labels):
        days |= {
            d
            for (d,) in conn.execute(
                select(unit_totals.c.day).where(
                    unit_totals.c.unit == "wave", unit_totals.c.label.in_(_DATES)
                ),
                {"dates": chunk},
            )
            if d is not None
        }
        conn.execute(delete(unit_totals).where(unit_totals.c.label.in_(_DATES)), {"dates": chunk})
    return days


def write_label_totals(conn: Connection, figures: list[dict[str, Any]]) -> set[dt.date]:
    """Insert the wave and night rows of freshly resolved figures (``resolve._attack_rows``);
    returns the days their waves started on."""
    rows = unit_rows(figures, "wave") + unit_rows(figures, "night")
    bulk_insert(conn, unit_totals, rows)  # unit_rows gives every column of the table
    return {r["day"] for r in rows if r["unit"] == "wave"}


def refresh_days(
    conn: Connection,
    days: Collection[dt.date],
    fresh: Sequence[Mapping[str, Any]] = (),
    fresh_labels: Collection[dt.date] = (),
) -> int:
    """Recompute the day rows of ``days`` from the figures of the waves that started on
    them (a day takes waves from two labels, so it is totalled after both are written).

    ``fresh`` are figures the caller has just written for ``fresh_labels`` (all of them):
    those are used as they are and only other labels' figures are read back, so a
    resolution that fits in one chunk (an import of the real file, any ingest) reads none.
    """
    written = 0
    labels = set(fresh_labels)
    fresh_by_day: dict[dt.date, list[Mapping[str, Any]]] = {}
    for f in fresh:
        fresh_by_day.setdefault(wave_day(f["night"], _utc(f.get("wave_start"))), []).append(f)
    for chunk in _chunks(days):
        conn.execute(
            delete(unit_totals).where(unit_totals.c.unit == "day", unit_totals.c.night.in_(_DATES)),
            {"dates": chunk},
        )
        figures = _stored_figures(conn, _wave_keys(conn, chunk, labels))
        for day in chunk:
            figures += fresh_by_day.get(day, [])
        wanted = set(chunk)
        rows = [r for r in unit_rows(figures, "day") if r["night"] in wanted]
        bulk_insert(conn, unit_totals, rows)
        written += len(rows)
    return written


def _wave_keys(conn: Connection, days: list[dt.date], fresh: Collection[dt.date]) -> list[str]:
    """The keys of the waves that started on ``days``, but those of the ``fresh`` labels.

    Why in Python: ``attacks.night NOT IN (fresh labels)`` bound every label of the
    resolution once per chunk of days (3,400 dates for the real file, a tenth of its totals
    upkeep) to read back no figure at all."""
    query = select(unit_totals.c.key, unit_totals.c.label).where(
        unit_totals.c.unit == "wave", unit_totals.c.day.in_(_DATES)
    )
    found = conn.execute(query, {"dates": days})
    return sorted(key for key, label in found if label not in fresh)


def _stored_figures(conn: Connection, keys: Sequence[str]) -> list[Mapping[str, Any]]:
    """The ``TOTALS_INPUTS`` of the stored figures of the waves ``keys`` (sorted: the order
    SQLite's wave-key index gave the subquery this replaces)."""
    query = select(*(attacks.c[c] for c in TOTALS_INPUTS)).where(
        attacks.c.wave_key.in_(bindparam("keys", expanding=True))
    )
    figures: list[Mapping[str, Any]] = []
    for start in range(0, len(keys), _CHUNK):
        part = list(keys[start : start + _CHUNK])
        for batch in plain_rows(conn, query, {"keys": part}):
            figures += (dict(zip(TOTALS_INPUTS, row, strict=True)) for row in batch)
    return figures


def has_totals(conn: Connection | Engine) -> bool:
    """False for a ledger whose attacks were resolved before the totals table existed."""
    with _connection(conn) as c:
        totals = c.execute(select(unit_totals.c.id).limit(1)).first()
        if totals is not None:
            return True
        return c.execute(select(attacks.c.id).limit(1)).first() is None


class _connection:
    """Use a given connection as is, or open one from an engine (closed on exit)."""

    def __init__(self, source: Connection | Engine) -> None:
        self.source = source
        self.conn: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self.source, Connection):
            return self.source
        self.conn = self.source.connect()
        return self.conn

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            self.conn.close()


# --------------------------------------------------------------------------- reading

_OUT_COLUMNS = ("night", "synthetic", *TOTAL_COLUMNS, "unit", "key", "kind", "start", "end")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _row(record: Any) -> dict[str, Any]:
    """A stored row as :func:`strikewatch.tables.nightly_totals` gives it (None = unknown)."""
    out = dict(zip(_OUT_COLUMNS, (record[i] for i in _OUT_INDEX), strict=True))
    out["synthetic"] = bool(out["synthetic"])
    out["start"], out["end"] = _utc(out["start"]), _utc(out["end"])
    out["waves"] = tuple(record[_WAVES_INDEX])
    out["n_waves"] = int(record[_WAVES_INDEX + 1])
    return out


_COLUMN_INDEX = {c.name: i for i, c in enumerate(unit_totals.columns)}
_OUT_INDEX = tuple(_COLUMN_INDEX[c] for c in _OUT_COLUMNS)
_WAVES_INDEX = _COLUMN_INDEX["waves"]
assert _COLUMN_INDEX["n_waves"] == _WAVES_INDEX + 1


def _check(unit: str, by: str | None = None) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    if by is not None and by not in COUNT_KINDS:
        raise ValueError(f"unknown count kind {by!r}; choose one of {', '.join(COUNT_KINDS)}")


def _window(query: Any, since: dt.date | None, until: dt.date | None) -> Any:
    if since is not None:
        query = query.where(unit_totals.c.night >= since)
    if until is not None:
        query = query.where(unit_totals.c.night <= until)
    return query


def unit_table(
    engine: Engine,
    unit: str = "night",
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """The totals rows of ``unit`` between two dates (inclusive), in time order (or newest
    first), optionally one page of them: the rows of
    ``nightly_totals(queries.figures(engine, since, until), unit)`` without loading figures
    (for unit ``day``, ``since``/``until`` bound the day)."""
    _check(unit)
    query = _window(select(unit_totals).where(unit_totals.c.unit == unit), since, until)
    order = [
        unit_totals.c.night,
        unit_totals.c.start.is_(None),
        unit_totals.c.start,
        unit_totals.c.key,
    ]
    query = query.order_by(*(c.desc() for c in order) if newest_first else order)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(query)]


def count_units(
    engine: Engine, unit: str = "night", since: dt.date | None = None, until: dt.date | None = None
) -> int:
    """How many units of a kind lie between two dates (for paging without reading them)."""
    _check(unit)
    query = _window(
        select(func.count()).select_from(unit_totals).where(unit_totals.c.unit == unit),
        since,
        until,
    )
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def top_units(
    engine: Engine, by: str, unit: str = "wave", *, n: int = 10, year: int | None = None
) -> list[dict[str, Any]]:
    """The ``n`` largest units by ``by`` with competition ranks (1, 2, 2, 4), optionally within
    one year: what ``analysis.records.top_nights(nightly_totals(...))`` answers, by index.

    Ties keep time order (label, then start with unknown first, then key), as there. The
    ranks need no second query: every unit larger than one in the list is in the list.
    """
    _check(unit, by)
    value = unit_totals.c[by]
    query = select(unit_totals).where(unit_totals.c.unit == unit, value.is_not(None))
    if year is not None:
        query = query.where(unit_totals.c.night.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    floor_query = query.with_only_columns(value).order_by(value.desc()).limit(1).offset(n - 1)
    ordered = query.order_by(
        value.desc(),
        unit_totals.c.night,
        unit_totals.c.start.is_not(None),
        unit_totals.c.start,
        unit_totals.c.key,
    ).limit(n)
    with engine.connect() as conn:
        # The n-th largest value first, by the (unit, kind) index, so the ordered read
        # touches only the units at or above it instead of sorting every unit.
        floor = conn.execute(floor_query).scalar()
        if floor is not None:
            ordered = ordered.where(value >= floor)
        records = list(conn.execute(ordered))
    out: list[dict[str, Any]] = []
    for i, r in enumerate(records):
        v = float(getattr(r, by))
        rank = 1 + sum(1 for other in records[:i] if float(getattr(other, by)) > v)
        start, end = _utc(r.start), _utc(r.end)
        out.append(
            {
                "night": r.night.isoformat(),
                "value": v,
                "rank": rank,
                "unit": unit,
                "key": r.key,
                "kind": r.kind,
                "start": None if start is None else start.astimezone(KYIV).isoformat(),
                "end": None if end is None else end.astimezone(KYIV).isoformat(),
                "waves": list(r.waves),
                "n_waves": len(r.waves),
                "synthetic": bool(r.synthetic),
            }
        )
    return out


def _keys(value: Any) -> tuple[str, ...]:
    return tuple(json.loads(value) if isinstance(value, str) else value)


def _all_keys(values: tuple[Any, ...]) -> list[tuple[str, ...]]:
    """:func:`_keys` of every row; SQLite's JSON texts decoded in one ``json.loads`` of
    their list (20,000 separate calls were a third of reading the nightly series)."""
    if all(isinstance(v, str) for v in values):
        return [tuple(keys) for keys in json.loads("[" + ",".join(values) + "]")]
    return [_keys(v) for v in values]


def unit_frame(engine: Engine, unit: str = "night") -> pd.DataFrame:
    """The totals rows of ``unit`` as the frame :func:`strikewatch.tables.nightly_totals`
    returns (same columns, dtypes and order), for views that need a whole series (regime
    baselines, campaigns, ranks within a year). Read through the driver and built column by
    column: SQLAlchemy's per-value processing doubled the read of 20,000 nights."""
    import numpy as np
    import pandas as pd

    _check(unit)
    columns = ["night", "synthetic", *TOTAL_COLUMNS, "unit", "key", "kind", "start", "end"]
    columns += ["waves", "n_waves"]
    names = [c for c in columns if c != "unit"]
    sql = (
        f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)} FROM unit_totals "
        "WHERE unit = %(unit)s ORDER BY night, start IS NULL, start, key"
    )
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(sql.replace("%(unit)s", "?"), (unit,)).all()
        else:
            rows = conn.exec_driver_sql(sql, {"unit": unit}).all()
    if not rows:
        return pd.DataFrame(columns=columns)
    cols = dict(zip(names, zip(*rows, strict=True), strict=True))
    nights = pd.to_datetime(list(cols["night"])).astype("datetime64[ns]")
    frame = pd.DataFrame({"night": nights})
    frame["synthetic"] = np.array(cols["synthetic"], dtype=bool)
    for col in TOTAL_COLUMNS:
        frame[col] = np.array(cols[col], dtype="float64")  # None → NaN
    frame["unit"] = unit
    frame["key"] = list(cols["key"])
    for col in ("start", "end"):
        # Text from SQLite is naive UTC, PostgreSQL's datetimes are aware: both parse as UTC.
        parsed = pd.to_datetime(list(cols[col]), utc=True, format="ISO8601")
        frame[col] = parsed.astype("datetime64[ns, UTC]")
    frame["waves"] = _all_keys(cols["waves"])
    frame["n_waves"] = np.array(cols["n_waves"], dtype="int64")
    frame["kind"] = list(cols["kind"]) if unit == "wave" else None
    return frame
