"""Sorted dumps of the resolved tables, to check a resolver change row for row (issue 14).

Usage:
    python bench/resolve_dump.py dump SOURCE OUT [--pg URL]
    python bench/resolve_dump.py compare A B

``SOURCE`` is ``real`` (the shared dataset file) or a number of synthetic rows (seed 7).
``dump`` imports it into a fresh ledger (SQLite in a temporary directory, or a fresh
PostgreSQL database on the server at ``--pg``) and writes every row of the derived tables
(attacks, waves, night_places, unit_totals) without surrogate ids, plus a digest of
night_places' row order, values normalised
(aware datetimes as UTC ISO text, JSON as canonical text) and sorted, one line per row.
Why: a faster resolver must write the same rows as main's; ids may follow the chunks
(decision 101), nothing else may differ. ``compare`` prints the first differences and
exits 1 when two dumps differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATASET
from bench_import import postgres_database

TABLES = ("attacks", "waves", "night_places", "unit_totals")


def _plain(value: Any) -> Any:
    """A stored value in a dialect-independent form."""
    if isinstance(value, dt.datetime):
        aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dump_rows(url: str) -> list[str]:
    """Every derived row of the ledger at ``url``, ids left out, as sorted JSON lines."""
    from sqlalchemy import select

    from strikewatch.ledger import connect, schema

    engine = connect(url)
    lines: list[str] = []
    with engine.connect() as conn:
        for name in TABLES:
            table = schema.metadata.tables[name]
            columns = [c for c in table.columns if c.name != "id"]
            for row in conn.execute(select(*columns)):
                record = {c.name: _plain(v) for c, v in zip(columns, row, strict=True)}
                lines.append(name + " " + json.dumps(record, sort_keys=True, ensure_ascii=False))
        # Readers list a night's places in row order (no ORDER BY): that order must hold too.
        order = conn.execute(
            select(schema.night_places.c.night, schema.night_places.c.place)
            .add_columns(schema.night_places.c.role)
            .order_by(schema.night_places.c.id)
        )
        digest = hashlib.sha256(repr([tuple(map(_plain, r)) for r in order]).encode())
        lines.append(f"night_places_order {digest.hexdigest()}")
    engine.dispose()
    return sorted(lines)


def _import(url: str, source: str) -> None:
    from strikewatch import importer
    from strikewatch.ledger import connect
    from strikewatch.synth import write_synthetic

    if source == "real":
        path, synthetic = DATASET, False
    else:
        path, synthetic = Path(tempfile.mkdtemp()) / "synthetic.csv", True
        write_synthetic(path, rows=int(source), seed=7)
    engine = connect(url)
    importer.import_dataset(engine, path, synthetic=synthetic)
    engine.dispose()


def dump(source: str, out: Path, pg: str | None) -> None:
    if pg:
        with postgres_database(pg) as url:
            _import(url, source)
            lines = dump_rows(url)
    else:
        url = str(Path(tempfile.mkdtemp()) / "dump.sqlite")
        _import(url, source)
        lines = dump_rows(url)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(lines):,} rows")


def compare(a: Path, b: Path) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if left == right:
        print(f"identical: {len(left):,} rows")
        return 0
    only_a, only_b = sorted(set(left) - set(right)), sorted(set(right) - set(left))
    print(f"DIFFER: {len(left):,} vs {len(right):,} rows; {len(only_a)} only in A, {len(only_b)} B")
    for line in only_a[:5]:
        print("  A:", line[:300])
    for line in only_b[:5]:
        print("  B:", line[:300])
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("source", help="'real' or a number of synthetic rows")
    d.add_argument("out", type=Path)
    d.add_argument("--pg", default=None, help="PostgreSQL server URL (a fresh database)")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.source, args.out, args.pg)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
