"""Import benchmarks (issues 2 and 14): the real file vs pandas.read_csv, and a large synthetic file.

Usage: python bench/bench_import.py [--rows 1000000] [--pg URL]
Each import is reported as "parse+write" (reading, claims, bulk writes) and "resolve"
(re-resolving the touched nights, resolve.py), so gains in either show. The synthetic
import runs in a child process so its peak memory is measured on its own. With ``--pg``
(or $STRIKEWATCH_TEST_PG) the synthetic import also runs on a fresh PostgreSQL database
(COPY) and its ratio to SQLite is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATASET, peak_rss_mb, report, timed

#: Times resolve_in inside import_dataset so "parse+write" and "resolve" are reported apart.
CHILD = """
import json, sys, time, resource
import pyarrow.csv
import strikewatch.importer as importer
from strikewatch import catalog
from strikewatch.ledger import connect
catalog.resolve_model("Kalibr")
catalog.resolve_place("Lviv oblast")  # load the catalog and pyarrow outside the timed region
spent = [0.0]
resolve_in = importer.resolve_in
def timed_resolve(conn, nights):
    start = time.perf_counter()
    try:
        return resolve_in(conn, nights)
    finally:
        spent[0] += time.perf_counter() - start
importer.resolve_in = timed_resolve
engine = connect(sys.argv[1])
start = time.perf_counter()
r = importer.import_dataset(engine, sys.argv[2], synthetic=sys.argv[3] == "synthetic")
total = time.perf_counter() - start
print(json.dumps({"seconds": total, "resolve": spent[0], "parse_write": total - spent[0],
                  "rows": r.rows_read, "claims": r.claims_written, "nights": r.nights_resolved,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def import_child(db: str, csv_path: Path, kind: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, db, str(csv_path), kind],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def real_file() -> None:
    if not DATASET.exists():
        print(f"  (skipped: {DATASET} not found)")
        return
    baseline, _ = timed(lambda: pd.read_csv(DATASET), repeat=5)
    tmp = Path(tempfile.mkdtemp())
    runs = [import_child(str(tmp / f"l{i}.sqlite"), DATASET, "real") for i in range(3)]
    best = min(runs, key=lambda r: r["parse_write"])
    report("pandas.read_csv of the real file (baseline)", baseline, "s")
    report(
        f"real file parse+write ({best['rows']:,.0f} rows, {best['claims']:,.0f} claims)",
        best["parse_write"],
        "s",
        baseline=baseline,
        goal="goal <= 0.25 s and <= 30x read_csv (with resolve)",
    )
    report(
        f"real file resolve ({best['nights']:,.0f} nights)", best["resolve"], "s", baseline=baseline
    )
    report("real file full import", best["seconds"], "s", baseline=baseline)
    again = import_child(str(tmp / "l0.sqlite"), DATASET, "real")
    report(
        f"re-import (writes {again['claims']:,.0f} claims)",
        again["seconds"],
        "s",
        baseline=baseline,
    )


@contextmanager
def postgres_database(base: str) -> Iterator[str]:
    """A fresh database on the server at ``base``, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sw_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def synthetic(rows: int, pg: str | None) -> None:
    from strikewatch.ledger import connect, queries
    from strikewatch.synth import write_synthetic
    from strikewatch.tables import top_nights

    tmp = Path(tempfile.mkdtemp())
    csv_path, db = tmp / "synthetic.csv", tmp / "synthetic.sqlite"
    start = time.perf_counter()
    write_synthetic(csv_path, rows=rows, seed=7)
    gen = time.perf_counter() - start
    read_csv, _ = timed(lambda: pd.read_csv(csv_path), repeat=1)
    child = import_child(str(db), csv_path, "synthetic")
    report(f"generate {rows:,} synthetic rows", gen, "s")
    report("pandas.read_csv of the synthetic file (baseline)", read_csv, "s")
    what = f"{child['rows']:,.0f} rows → {child['claims']:,.0f} claims"
    report(f"SQLite import {what}", child["seconds"], "s", baseline=read_csv, goal="goal < 60 s")
    report("  of which parse+write", child["parse_write"], "s", baseline=read_csv)
    report(f"  of which resolve ({child['nights']:,.0f} nights)", child["resolve"], "s")
    report("peak memory of the import process", child["peak_mb"], "MB", goal="goal < 1024 MB")
    if pg:
        with postgres_database(pg) as url:
            on_pg = import_child(url, csv_path, "synthetic")
        report(f"PostgreSQL (COPY) import {what}", on_pg["seconds"], "s", baseline=child["seconds"])
        report(
            "  of which parse+write (ratio to SQLite's)",
            on_pg["parse_write"],
            "s",
            baseline=child["parse_write"],
        )
        report("  of which resolve", on_pg["resolve"], "s", baseline=child["resolve"])
        report(
            "peak memory of the PostgreSQL import", on_pg["peak_mb"], "MB", goal="goal < 1024 MB"
        )
    engine = connect(db)
    figures_s, figures = timed(lambda: queries.figures(engine), repeat=1)
    year = int(figures["night"].dt.year.median())
    top_s, _ = timed(
        lambda: top_nights(
            queries.nightly(engine, f"{year}-01-01", f"{year}-12-31"), "drones", year=year
        ),
        repeat=3,
    )
    nights_s, _ = timed(lambda: queries.nightly(engine, f"{year}-01-01", f"{year}-12-31"), repeat=3)
    report(f"`top --year {year}` query on the synthetic ledger", top_s, "s", goal="goal < 0.5 s")
    report(
        "`nights --since/--until` one year on the synthetic ledger",
        nights_s,
        "s",
        goal="goal < 0.5 s",
    )
    report(f"all {len(figures):,} figures loaded into a table", figures_s, "s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("STRIKEWATCH_TEST_PG"))
    args = parser.parse_args()
    print("== import (issues 2, 14) ==")
    real_file()
    synthetic(args.rows, args.pg)
    print(f"  peak memory of the benchmark process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
