"""Ledgers written by an older strikewatch: find what their schema lacks and add it.

Append-only tables (sources, claims, …) gain the missing columns in place, with their
defaults; derived tables (the resolved waves and figures) are dropped and recreated empty,
because the resolver rebuilds them from claims. The rebuild itself is the caller's
(:func:`strikewatch.upgrade.upgrade_ledger`): the ledger layer never resolves.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from strikewatch.ledger.schema import metadata
from strikewatch.ledger.totals import has_totals

#: Tables the resolver rebuilds from claims at any time.
DERIVED: frozenset[str] = frozenset({"attacks", "waves", "night_places", "unit_totals"})
#: What a gap lists for a derived table that exists but was never built (a ledger resolved
#: before the totals table existed: connecting creates the table empty).
NOT_BUILT = "(not built)"
#: Indexes an older strikewatch created that this one no longer declares, with their table:
#: each only repeated another index's access path, so it was pure write cost (decision 121).
RETIRED_INDEXES: dict[str, str] = {
    "ix_night_places_night": "night_places",  # uq_night_places leads with night
    "ix_claims_target": "claims",  # ix_claims_kind_night, at kind = 'target'
    "ix_unit_totals_label": "unit_totals",  # a label is its rows' night: (unit, night)
}


def existing_columns(engine: Engine | Connection) -> dict[str, set[str]]:
    """The ledger's tables and their columns as they are in the database.

    One query on SQLite (``pragma_table_info`` joined to ``sqlite_master``), which every
    start of the command line runs, instead of one inspection per table (decision 87).
    """
    if engine.dialect.name == "sqlite":
        query = text(
            "SELECT m.name, p.name FROM sqlite_master AS m "
            "JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"
        )
        with _connected(engine) as conn:
            columns: dict[str, set[str]] = {}
            for table, column in conn.execute(query):
                columns.setdefault(table, set()).add(column)
            return columns
    insp = inspect(engine)
    return {name: {c["name"] for c in insp.get_columns(name)} for name in insp.get_table_names()}


def missing_tables(columns: dict[str, set[str]]) -> list[str]:
    """The tables of the schema that ``columns`` (from ``existing_columns``) lacks."""
    return [name for name in metadata.tables if name not in columns]


def schema_gaps(
    engine: Engine | Connection, columns: dict[str, set[str]] | None = None
) -> dict[str, list[str]]:
    """Columns the code expects that the ledger's existing tables lack, per table.

    ``columns`` is ``existing_columns(engine)`` when the caller has read it already.
    """
    present = existing_columns(engine) if columns is None else columns
    gaps: dict[str, list[str]] = {}
    for table in metadata.sorted_tables:
        if table.name not in present:
            continue
        have = present[table.name]
        missing = [c.name for c in table.columns if c.name not in have]
        if missing:
            gaps[table.name] = missing
    if "unit_totals" in present and "unit_totals" not in gaps and not has_totals(engine):
        gaps["unit_totals"] = [NOT_BUILT]
    return gaps


def _default_sql(column: Any) -> str:
    default = getattr(column.default, "arg", None)
    if isinstance(default, bool):
        return f" DEFAULT {'TRUE' if default else 'FALSE'}"
    if isinstance(default, int | float):
        return f" DEFAULT {default}"
    return ""


def add_missing(conn: Connection, gaps: dict[str, list[str]]) -> list[str]:
    """Add missing columns to append-only tables; recreate derived ones. Returns what it did."""
    done: list[str] = []
    for name, columns in gaps.items():
        table = metadata.tables[name]
        if name in DERIVED:
            table.drop(conn, checkfirst=True)
            table.create(conn)
            done.append(f"recreated {name} (derived; rebuilt from claims)")
            continue
        for col_name in columns:
            column = table.c[col_name]
            type_sql = column.type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(
                f'ALTER TABLE {name} ADD COLUMN "{col_name}" {type_sql}{_default_sql(column)}'
            )
            done.append(f"added {name}.{col_name}")
    return done + sync_indexes(conn)


def missing_indexes(engine: Engine | Connection) -> list[str]:
    """Indexes the code declares that the ledger's existing tables lack (an older ledger).

    Not a gap that refuses the ledger: results are the same without them, only slower.
    """
    insp = inspect(engine)
    present = set(insp.get_table_names())
    missing = []
    for table in metadata.sorted_tables:
        if table.name in present:
            have = {ix["name"] for ix in insp.get_indexes(table.name)}
            missing += [ix.name for ix in table.indexes if ix.name and ix.name not in have]
    return sorted(missing)


def create_missing_indexes(conn: Connection) -> list[str]:
    """Create every declared index the ledger lacks; what it did, one line an index."""
    missing = set(missing_indexes(conn))
    for table in metadata.sorted_tables:
        for index in table.indexes:
            if index.name in missing:
                index.create(conn, checkfirst=True)
    return [f"created index {name}" for name in sorted(missing)]


def retired_indexes(engine: Engine | Connection) -> list[str]:
    """The retired indexes (``RETIRED_INDEXES``) an older ledger still has."""
    insp = inspect(engine)
    present = set(insp.get_table_names())
    have: list[str] = []
    for table in sorted({t for t in RETIRED_INDEXES.values() if t in present}):
        names = {ix["name"] for ix in insp.get_indexes(table)}
        have += [n for n, t in RETIRED_INDEXES.items() if t == table and n in names]
    return sorted(have)


def drop_retired_indexes(conn: Connection) -> list[str]:
    """Drop the retired indexes the ledger has; what it did, one line an index."""
    names = retired_indexes(conn)
    for name in names:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    return [f"dropped index {name}" for name in names]


def sync_indexes(conn: Connection) -> list[str]:
    """The ledger's indexes made the declared ones: missing created, retired dropped."""
    return create_missing_indexes(conn) + drop_retired_indexes(conn)


def _connected(source: Engine | Connection) -> AbstractContextManager[Connection]:
    """A given connection as is, or a new one from an engine (closed on exit)."""
    return nullcontext(source) if isinstance(source, Connection) else source.connect()
