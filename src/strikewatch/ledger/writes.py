"""Idempotent, transactional writes: each call is one transaction; re-writing is a no-op.

A reading already stored (same ``sources.content_hash``, computed from normalised content)
is skipped with its claims, so a second import of the same file writes nothing. A reading
with a known ``identity_key`` and new content is a *revision*: stored as a new source with
``revision`` = previous + 1, the previous reading's ``superseded_by`` set; both are kept and
the resolver uses the current one only (docs/decisions.md, "Identity of a reading").
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError

from strikewatch.claimrows import ClaimRows
from strikewatch.domain import Claim, ContextEvent, Source, SourceLevel
from strikewatch.errors import Conflict
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import (
    claims,
    context_events,
    imports,
    ledger_meta,
    source_actions,
    sources,
)

_CHUNK = 500


@dataclass(frozen=True)
class WriteResult:
    sources_written: int
    claims_written: int
    duplicates_skipped: int
    import_id: int | None = None
    revisions_written: int = 0
    #: Ids of the readings the new revisions superseded (their nights need re-resolving).
    superseded_ids: tuple[int, ...] = ()
    #: (identity_key, id) of every source written.
    written: tuple[tuple[str | None, int], ...] = ()


#: What a source states: claim objects, or the columnar import's rows of claims.
SourceClaims = Sequence[Claim] | ClaimRows
#: identity_key → (id, revision) of the current reading of each report.
CurrentReadings = dict[str, tuple[int, int]]


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_source_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(hashes):
        rows = conn.execute(select(sources.c.content_hash).where(sources.c.content_hash.in_(chunk)))
        found.update(r[0] for r in rows)
    return found


def current_readings(conn: Connection, keys: Sequence[str] | None = None) -> CurrentReadings:
    """The current (not superseded) reading of each identity in ``keys`` (all when None)."""
    query = select(sources.c.identity_key, sources.c.id, sources.c.revision).where(
        sources.c.superseded_by.is_(None), sources.c.identity_key.is_not(None)
    )
    found: CurrentReadings = {}
    if keys is None:
        return {k: (i, r) for k, i, r in conn.execute(query)}
    for chunk in _chunks(sorted(set(keys))):
        found.update(
            {k: (i, r) for k, i, r in conn.execute(query.where(sources.c.identity_key.in_(chunk)))}
        )
    return found


# --- real or synthetic ---------------------------------------------------------------------

DATA_KIND = "data_kind"


def ledger_data_kind(conn: Connection) -> str | None:
    """``real``, ``synthetic`` or None for an empty ledger; older ledgers are inferred from
    their sources (``mixed`` when they already hold both)."""
    value = conn.execute(select(ledger_meta.c.value).where(ledger_meta.c.key == DATA_KIND)).first()
    if value is not None:
        return str(value[0])
    kinds = {bool(r[0]) for r in conn.execute(select(sources.c.synthetic).distinct())}
    if not kinds:
        return None
    return "mixed" if len(kinds) == 2 else ("synthetic" if True in kinds else "real")


def ensure_data_kind(conn: Connection, kind: str) -> None:
    """Record the ledger's kind on its first write; refuse (Conflict) to mix real and synthetic."""
    held = ledger_data_kind(conn)
    if held == kind:
        if conn.execute(select(ledger_meta.c.key).where(ledger_meta.c.key == DATA_KIND)).first():
            return
    elif held is not None:
        other = "synthetic" if kind == "real" else "real"
        raise Conflict(
            f"this ledger holds {held} data; refusing to add {kind} data to it (nothing was "
            f"written). Use a separate ledger (--db) for {kind} data"
            + ("" if held == "mixed" else f", or keep this one {other} only")
        )
    # Two first writers may race here: the key is the arbiter, and the loser re-checks.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    conn.execute(upsert(ledger_meta).values(key=DATA_KIND, value=kind).on_conflict_do_nothing())
    recorded = conn.execute(
        select(ledger_meta.c.value).where(ledger_meta.c.key == DATA_KIND)
    ).scalar_one()
    if recorded != kind:
        raise Conflict(f"this ledger holds {recorded} data; refusing to add {kind} data to it")


CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_hash", "source_id", "kind", "weapon_class", "components", "model", "outcome",
    "value", "low", "high", "approx", "night", "window_start", "window_end", "place",
    "target_category", "attribution", "status", "level", "hedged", "is_total", "qualifier",
    "span_start", "span_end", "text", "row_number", "reader", "reader_version", "flags",
    "detail", "synthetic", "killed_value", "killed_low", "killed_high", "injured_value",
    "injured_low", "injured_high",
)  # fmt: skip
_SOURCE_TIMES = ("published", "seen_at")
_SOURCE_FLAGS = ("synthetic", "withdrawn")


@lru_cache(maxsize=8192)
def sqlite_time(value: dt.datetime | None) -> str | None:
    """SQLAlchemy's SQLite DateTime storage format, in UTC."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def claim_values(
    claim: Claim, source: Source, source_id: int, *, synthetic: bool, sqlite: bool
) -> tuple[Any, ...]:
    """One claim as a tuple in ``CLAIM_COLUMNS`` order (storage formats for SQLite if asked;
    JSON as text on both)."""
    q, killed, injured = claim.quantity, claim.killed, claim.injured
    detail: Any = claim.detail or None
    components = (claim.detail or {}).get("components") or (
        None if claim.weapon_class is None else str(claim.weapon_class)
    )
    flags: Any = list(claim.flags) or None
    night: Any = claim.night
    start: Any = claim.window_start
    end: Any = claim.window_end
    approx: Any = False if q is None else q.approx
    hedged: Any = claim.hedged
    is_total: Any = claim.is_total
    stored_synthetic: Any = synthetic
    # JSON as text on both databases (the bulk paths store it as given).
    flags = None if flags is None else json.dumps(flags, ensure_ascii=False)
    detail = None if detail is None else json.dumps(detail, ensure_ascii=False)
    if sqlite:
        # Storage formats, and plain ints for booleans: the sqlite3 module binds exact
        # int/float/str/bytes directly but sends anything else through its adapter lookup.
        night = None if night is None else night.isoformat()
        start, end = sqlite_time(start), sqlite_time(end)
        approx, hedged, is_total = int(approx), int(hedged), int(is_total)
        stored_synthetic = int(synthetic)
    return (
        claim.identity(source.content_hash),
        source_id,
        str(claim.kind),
        None if claim.weapon_class is None else str(claim.weapon_class),
        components,
        claim.model,
        None if claim.outcome is None else str(claim.outcome),
        None if q is None else q.value,
        None if q is None else q.low,
        None if q is None else q.high,
        approx,
        night,
        start,
        end,
        claim.place,
        None if claim.target_category is None else str(claim.target_category),
        claim.attribution,
        str(claim.status),
        str(source.level),
        hedged,
        is_total,
        claim.qualifier,
        None if claim.span is None else claim.span[0],
        None if claim.span is None else claim.span[1],
        claim.text,
        claim.row_number,
        claim.reader,
        claim.reader_version,
        flags,
        detail,
        stored_synthetic,
        None if killed is None else killed.value,
        None if killed is None else killed.low,
        None if killed is None else killed.high,
        None if injured is None else injured.value,
        None if injured is None else injured.low,
        None if injured is None else injured.high,
    )


def source_row(
    source: Source,
    import_id: int | None,
    *,
    revision: int = 1,
    seen_at: dt.datetime | None = None,
) -> dict[str, Any]:
    return {
        "content_hash": source.content_hash,
        "kind": source.kind,
        "level": str(source.level),
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "language": source.language,
        "title": source.title,
        "text": source.text,
        "synthetic": source.level is SourceLevel.SYNTHETIC,
        "import_id": import_id,
        "identity_key": source.identity_key,
        "revision": revision,
        "superseded_by": None,
        "withdrawn": False,
        "seen_at": seen_at or dt.datetime.now(dt.UTC),
    }


def write_batch(
    conn: Connection,
    batch: Sequence[tuple[Source, SourceClaims]],
    *,
    import_id: int | None = None,
    known_hashes: set[str] | None = None,
    current: CurrentReadings | None = None,
) -> WriteResult:
    """Write sources and their claims inside the caller's transaction.

    Sources already in the ledger (or repeated in ``batch``) are skipped with their claims:
    a source's claims are a pure function of its content and the reader version. A new
    source whose identity has a current reading becomes its next revision. ``known_hashes``
    and ``current`` let a streaming import pass what it already knows (both are updated).
    A source's claims are :class:`Claim` objects or, from the columnar import, a
    :class:`~strikewatch.claimrows.ClaimRows` (stored without building claim objects).
    """
    if known_hashes is None:
        present = existing_source_hashes(conn, [s.content_hash for s, _ in batch])
    else:
        present = known_hashes  # updated in place: no copy of a growing set per batch
    new: list[tuple[Source, SourceClaims]] = []
    duplicates = 0
    for source, source_claims in batch:
        if source.content_hash in present:
            duplicates += 1
            continue
        present.add(source.content_hash)
        new.append((source, source_claims))
    if not new:
        return WriteResult(0, 0, duplicates, import_id)
    ensure_data_kind(conn, "synthetic" if new[0][0].level is SourceLevel.SYNTHETIC else "real")
    if any(
        (s.level is SourceLevel.SYNTHETIC) != (new[0][0].level is SourceLevel.SYNTHETIC)
        for s, _ in new
    ):
        raise Conflict("one batch mixes real and synthetic sources (nothing was written)")
    if current is None:
        current = current_readings(conn, [s.identity_key for s, _ in new if s.identity_key])
    sqlite = conn.dialect.name == "sqlite"
    now = dt.datetime.now(dt.UTC)
    source_rows = []
    previous: list[int | None] = []
    for source, _ in new:
        before = current.get(source.identity_key) if source.identity_key else None
        previous.append(None if before is None else before[0])
        revision = 1 if before is None else before[1] + 1
        source_rows.append(source_row(source, import_id, revision=revision, seen_at=now))
    inserted = _insert_sources(conn, source_rows, sqlite=sqlite)
    superseded = [
        {"old": old, "new": source_id}
        for old, (source_id,) in zip(previous, inserted, strict=True)
        if old is not None
    ]
    for row, (source_id,) in zip(source_rows, inserted, strict=True):
        if row["identity_key"]:
            current[row["identity_key"]] = (source_id, row["revision"])
    if superseded:
        conn.execute(
            update(sources)
            .where(sources.c.id == bindparam("old"))
            .values(superseded_by=bindparam("new")),
            superseded,
        )
    claims_written = _insert_claims(conn, inserted, new, sqlite=sqlite)
    return WriteResult(
        len(new),
        claims_written,
        duplicates,
        import_id,
        revisions_written=len(superseded),
        superseded_ids=tuple(int(s["old"]) for s in superseded),  # type: ignore[call-overload]
        written=tuple(
            (row["identity_key"], int(i)) for row, (i,) in zip(source_rows, inserted, strict=True)
        ),
    )


def _insert_sources(
    conn: Connection, source_rows: list[dict[str, Any]], *, sqlite: bool
) -> list[tuple[int]]:
    """Insert sources with ids assigned here, so their claims can name them without a
    round trip per row (docs/decisions.md, "Columnar dataset import")."""
    ids = reserve_ids(conn, sources, len(source_rows))
    names = ("id", *source_rows[0])
    rows = [(i, *row.values()) for i, row in zip(ids, source_rows, strict=True)]
    if sqlite:
        times = [names.index(n) for n in _SOURCE_TIMES]
        flags = [names.index(n) for n in _SOURCE_FLAGS]
        rows = [_sqlite_source(row, times, flags) for row in rows]
    insert_rows(conn, sources, names, rows)
    return [(i,) for i in ids]


def _sqlite_source(row: tuple[Any, ...], times: list[int], flags: list[int]) -> tuple[Any, ...]:
    """A source row in SQLite storage formats: times as text, flags as ints."""
    out = list(row)
    for i in times:
        out[i] = sqlite_time(out[i])
    for i in flags:
        out[i] = int(out[i])
    return tuple(out)


def _insert_claims(
    conn: Connection,
    inserted: list[tuple[int]],
    new: list[tuple[Source, SourceClaims]],
    *,
    sqlite: bool,
) -> int:
    """Store the new sources' claims: each claim as its non-NULL columns, grouped by which
    columns those are (one prepared statement or COPY per group), ids in claim order; a
    claim stated twice by one source is stored once."""
    shapes: list[tuple[str, ...]] = []
    stored: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for (source_id,), (source, source_claims) in zip(inserted, new, strict=True):
        if isinstance(source_claims, ClaimRows):
            _spec_rows(source_claims, source, source_id, sqlite, seen, (shapes, stored))
            continue
        for names, values in _object_rows(source_claims, source, source_id, sqlite=sqlite):
            if values[0] not in seen:
                seen.add(values[0])
                shapes.append(names)
                stored.append(values)
    if not stored:
        return 0
    # Grouped by the identity of the (interned) names: hashing a long tuple per claim costs.
    groups: dict[int, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = {}
    ids = reserve_ids(conn, claims, len(stored))
    for claim_id, names, values in zip(ids, shapes, stored, strict=True):
        group = groups.get(id(names))
        if group is None:
            group = groups[id(names)] = (names, [])
        group[1].append((claim_id, *values))
    for names, group_rows in groups.values():
        insert_rows(conn, claims, names, group_rows, nulls=False)
    return len(stored)


#: The columns of a claim that come from its row (after its spec's columns).
_ROW_NAMES = ("source_id", "night", "window_start", "window_end", "attribution", "status",
              "level", "hedged", "row_number", "reader", "reader_version", "synthetic")  # fmt: skip
_ROW_SHAPES: dict[tuple[bool, ...], tuple[str, ...]] = {}
_OBJECT_SHAPES: dict[tuple[bool, ...], tuple[str, ...]] = {}
#: One object per distinct list of claim columns: rows are grouped by it.
_CLAIM_SHAPES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _spec_rows(
    rows: ClaimRows,
    source: Source,
    source_id: int,
    sqlite: bool,
    seen: set[str],
    out: tuple[list[tuple[str, ...]], list[tuple[Any, ...]]],
) -> None:
    """Append (column names, values) of each claim of a columnar row not in ``seen`` to
    ``out``: its spec's columns, computed once per distinct claim, and the row's, computed
    here once per row (one loop, no object per claim besides its tuple)."""
    b = rows.base
    synthetic = source.level is SourceLevel.SYNTHETIC
    row: tuple[Any, ...] = (
        source_id,
        b.night if not sqlite or b.night is None else b.night.isoformat(),
        sqlite_time(b.window_start) if sqlite else b.window_start,
        sqlite_time(b.window_end) if sqlite else b.window_end,
        b.attribution,
        str(b.status),
        str(source.level),
        0 if sqlite else False,
        b.row_number,
        b.reader,
        b.reader_version,
        int(synthetic) if sqlite else synthetic,
    )
    nulls = tuple(v is None for v in row)
    row_names = _ROW_SHAPES.get(nulls)
    if row_names is None:
        row_names = _ROW_SHAPES[nulls] = tuple(
            n for n, null in zip(_ROW_NAMES, nulls, strict=True) if not null
        )
    if any(nulls):
        row = tuple(v for v in row if v is not None)
    shapes, stored = out
    for claim_hash, spec in zip(rows.hashes(source.content_hash), rows.specs, strict=True):
        if claim_hash in seen:
            continue
        seen.add(claim_hash)
        names = spec.shapes.get(row_names)
        if names is None:
            names = ("id", "claim_hash", *spec.names, *row_names)
            names = spec.shapes[row_names] = _CLAIM_SHAPES.setdefault(names, names)
        shapes.append(names)
        stored.append((claim_hash, *spec.values, *row))


def _object_rows(
    source_claims: Sequence[Claim], source: Source, source_id: int, *, sqlite: bool
) -> Iterator[tuple[tuple[str, ...], tuple[Any, ...]]]:
    """(column names, values) of each claim object: its non-NULL columns."""
    synthetic = source.level is SourceLevel.SYNTHETIC
    for claim in source_claims:
        values = claim_values(claim, source, source_id, synthetic=synthetic, sqlite=sqlite)
        nulls = tuple(v is None for v in values)
        names = _OBJECT_SHAPES.get(nulls)
        if names is None:
            names = _OBJECT_SHAPES[nulls] = (
                "id", *(n for n, null in zip(CLAIM_COLUMNS, nulls, strict=True) if not null)
            )  # fmt: skip
        yield names, tuple(v for v in values if v is not None)


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` new ids for ``table``, in increasing order, inside the writer's transaction.

    SQLite serialises writers, so the ids after the largest are ours; PostgreSQL draws them
    from the column's sequence (other sessions may interleave, never collide)."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
            f"FROM generate_series(1, {int(n)})"
        )
        return sorted(int(r[0]) for r in rows)
    first = (conn.execute(select(func.max(table.c.id))).scalar_one() or 0) + 1
    return list(range(first, first + n))


def insert_rows(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    nulls: bool = True,
) -> None:
    """Insert plain tuples through the driver's bulk path in the caller's transaction.

    PostgreSQL: ``COPY FROM STDIN`` (psycopg adapts Python values). SQLite: ``executemany``
    of prepared statements, one per pattern of unknown (NULL) columns, because the sqlite3
    module binds ``None`` through its slow adapter lookup (~0.6 µs a value); values must be
    in SQLite's storage format already (``claim_values(..., sqlite=True)``). Rows without
    an ``id`` column get theirs in the order given. ``nulls=False`` says the rows hold no
    NULL (and no JSON to serialise): they are inserted as given, one statement."""
    if not rows:
        return
    raw = conn.connection.dbapi_connection
    try:
        if conn.dialect.name == "postgresql":
            _copy_rows(raw, table, names, rows, convert=nulls)
            return
        if not nulls:
            raw.executemany(_insert_sql(table.name, tuple(names)), rows)  # type: ignore[union-attr]
            return
        for pattern, run in _null_patterns(names, rows):
            keep = [i for i, null in enumerate(pattern) if not null] or [0]
            sql = _insert_sql(table.name, tuple(names[i] for i in keep))
            raw.executemany(sql, _columns_of(run, keep, len(names)))  # type: ignore[union-attr]
    except conn.dialect.dbapi.Error as err:  # type: ignore[union-attr]
        raise DBAPIError.instance(
            f"bulk insert into {table.name}",
            None,
            err,
            conn.dialect.dbapi.Error,  # type: ignore[union-attr]
        ) from err


def _null_patterns(
    names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> Iterable[tuple[tuple[bool, ...], list[tuple[Any, ...]]]]:
    """Rows grouped by which of their values are NULL: all rows of a pattern together when
    they carry their ids (order cannot matter), else consecutive runs (ids follow order)."""
    nones = (None,) * len(names)

    def pattern(row: tuple[Any, ...]) -> tuple[bool, ...]:
        return tuple(map(operator.is_, row, nones))

    if names[0] != "id":
        return ((key, list(run)) for key, run in itertools.groupby(rows, pattern))
    groups: dict[tuple[bool, ...], list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(pattern(row), []).append(row)
    return groups.items()


def _columns_of(
    rows: list[tuple[Any, ...]], keep: list[int], width: int
) -> Iterable[tuple[Any, ...]]:
    if len(keep) == width:
        return rows
    if len(keep) == 1:
        return [(r[keep[0]],) for r in rows]
    return map(operator.itemgetter(*keep), rows)


@lru_cache(maxsize=256)
def _insert_sql(table: str, names: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({_quoted(names)}) VALUES ({', '.join('?' for _ in names)})"


def _quoted(names: Sequence[str]) -> str:
    """Column names quoted: some are SQL keywords (``end``)."""
    return ", ".join(f'"{n}"' for n in names)


def _copy_rows(
    raw: Any, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]], *, convert: bool
) -> None:
    """PostgreSQL's COPY on the transaction's own connection. psycopg adapts the values;
    JSON columns are serialised here as SQLAlchemy would (None is JSON ``null`` unless the
    column stores it as SQL NULL)."""
    dumps = [_pg_json(table.c[n].type) if convert else None for n in names]
    converted = [i for i, d in enumerate(dumps) if d is not None]
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({_quoted(names)}) FROM STDIN") as copy,
    ):
        for row in rows:
            if converted:
                values = list(row)
                for i in converted:
                    values[i] = dumps[i](values[i])  # type: ignore[misc]
                row = tuple(values)
            copy.write_row(row)


def _pg_json(column_type: Any) -> Callable[[Any], Any] | None:
    if not isinstance(column_type, JSON):
        return None
    if column_type.none_as_null:
        return lambda v: None if v is None else _json_text(v)
    return _json_text


def nights_of_sources(conn: Connection, source_ids: Sequence[int]) -> set[dt.date]:
    """The nights the claims of these sources speak of (to re-resolve after a change)."""
    found: set[dt.date] = set()
    for start in range(0, len(source_ids), _CHUNK):
        chunk = list(source_ids[start : start + _CHUNK])
        rows = conn.execute(
            select(claims.c.night)
            .where(claims.c.source_id.in_(chunk), claims.c.night.is_not(None))
            .distinct()
        )
        found.update(r[0] for r in rows)
    return found


def record_source_action(
    conn: Connection,
    source_id: int,
    action: str,
    *,
    reason: str | None,
    actor: str | None,
    night: dt.date | None = None,
) -> None:
    """Log a decision about a source (retract, restore, attach): who, when, why."""
    conn.execute(
        insert(source_actions).values(
            source_id=source_id,
            action=action,
            night=night,
            reason=reason,
            actor=actor,
            at=dt.datetime.now(dt.UTC),
        )
    )


#: The C encoder ``json.dumps(v, ensure_ascii=False)`` runs, built once instead of per call
#: (``JSONEncoder.encode`` builds it anew each time: half of encoding 23,000 derived values
#: of the real file). No circular-reference check: the values are plain rows and lists.
_ENCODE = json.encoder.c_make_encoder(  # type: ignore[attr-defined]
    None, None, json.encoder.encode_basestring, None, ": ", ", ", False, False, True
)


def _json_text(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``: the same text."""
    return "".join(_ENCODE(value, 0))


def _sqlite_converter(column_type: Any) -> Callable[[Any], Any] | None:
    """A converter to SQLAlchemy's SQLite storage format for one column type (None: as is)."""
    if isinstance(column_type, JSON):
        return lambda v: None if v is None else _json_text(v)
    if isinstance(column_type, DateTime):
        return sqlite_time
    if isinstance(column_type, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def _converted(values: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of each value, computed once per distinct value: derived rows repeat
    their nights and windows (a wave's start is on every figure of the wave), and a dict
    lookup in ``map`` costs less than a Python call per value."""
    known = {v: convert(v) for v in dict.fromkeys(values)}
    return list(map(known.__getitem__, values))


def bulk_insert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows (dicts with the same keys) through :func:`insert_rows`.

    Same reason as for claims: SQLAlchemy's per-value processing dominates large inserts.
    Every row has the first row's keys. Values are converted column by column. On SQLite
    the rows get their ids here (the ids SQLite would give them in this order), so :func:`insert_rows` sends all rows of one
    pattern of NULLs in one ``executemany`` instead of one per run: derived rows vary
    their NULLs row to row, and a run was about one row long (decision 100).
    """
    if not rows:
        return
    columns = [c for c in table.columns if c.name in rows[0]]
    names = [c.name for c in columns]
    tuples = _row_tuples(rows, names)
    if conn.dialect.name == "sqlite":
        values: list[Any] = list(zip(*tuples, strict=True))
        for i, column in enumerate(columns):
            convert = _sqlite_converter(column.type)
            if convert is not None:
                memo = isinstance(column.type, (Date, DateTime))
                values[i] = _converted(values[i], convert) if memo else map(convert, values[i])
        if "id" not in names and "id" in table.c:
            names.insert(0, "id")
            values.insert(0, reserve_ids(conn, table, len(rows)))
        tuples = list(zip(*values, strict=True))
    insert_rows(conn, table, names, tuples)


def _row_tuples(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows' values in ``names`` order, by ``itemgetter`` in C (243,000 ``dict.get``
    calls were a fifth of writing the real file's derived rows). Every row has every key."""
    if len(names) == 1:
        return [(row[names[0]],) for row in rows]
    return list(map(operator.itemgetter(*names), rows))


def start_import(conn: Connection, kind: str, path: str | None, file_sha256: str | None) -> int:
    result = conn.execute(
        insert(imports).returning(imports.c.id),
        {
            "kind": kind,
            "path": path,
            "file_sha256": file_sha256,
            "started_at": dt.datetime.now(dt.UTC),
        },
    )
    return int(result.scalar_one())


def finish_import(conn: Connection, import_id: int, report: dict[str, Any]) -> None:
    conn.execute(
        imports.update()
        .where(imports.c.id == import_id)
        .values(
            rows_read=report.get("rows_read"),
            claims_written=report.get("claims_written"),
            duplicates_skipped=report.get("duplicates_skipped"),
            report=report,
        )
    )


def store_claims(engine: Engine, source: Source, source_claims: Sequence[Claim]) -> int:
    """Store one document and its claims; returns the number of new claims (0 on a re-run)."""
    with write_transaction(engine) as conn:
        return write_batch(conn, [(source, source_claims)]).claims_written


def store_context_events(engine: Engine, events: Iterable[ContextEvent]) -> int:
    """Store context events, skipping ones already present; returns how many were new."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for ev in events:
        key = ev.identity()
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "event_hash": key,
                "date": ev.date,
                "end_date": ev.end_date,
                "kind": str(ev.kind),
                "title": ev.title,
                "actors": ";".join(ev.actors) or None,
                "source_url": ev.source_url,
                "note": ev.note,
                "origin": ev.origin,
                "verified": ev.verified,
            }
        )
    with write_transaction(engine) as conn:
        present: set[str] = set()
        keys: list[str] = [r["event_hash"] for r in rows]
        for chunk in _chunks(keys):
            found = conn.execute(
                select(context_events.c.event_hash).where(context_events.c.event_hash.in_(chunk))
            )
            present.update(r[0] for r in found)
        fresh = [r for r in rows if r["event_hash"] not in present]
        if fresh:
            conn.execute(insert(context_events), fresh)
    return len(fresh)
