"""Import benchmarks (issue 2): the real file vs pandas.read_csv, and a 1,000,000-row synthetic ledger.

Usage: python bench/bench_import.py [--rows 1000000]
The synthetic import runs in a child process so its peak memory is measured on its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATASET, peak_rss_mb, report, timed

CHILD = """
import json, sys, time, resource
from strikewatch.ledger import connect
from strikewatch.importer import import_dataset
start = time.perf_counter()
r = import_dataset(connect(sys.argv[1]), sys.argv[2], synthetic=True)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": r.rows_read, "claims": r.claims_written,
                  "nights": r.nights_resolved, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def real_file() -> None:
    from strikewatch import catalog
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect

    if not DATASET.exists():
        print(f"  (skipped: {DATASET} not found)")
        return
    catalog.resolve_model("Kalibr")
    catalog.resolve_place("Lviv oblast")  # load the catalog outside the timed region
    baseline, _ = timed(lambda: pd.read_csv(DATASET), repeat=5)
    tmp = Path(tempfile.mkdtemp())
    counter = iter(range(100))

    def run() -> object:
        return import_dataset(connect(tmp / f"l{next(counter)}.sqlite"), DATASET)

    seconds, result = timed(run, repeat=3)
    report("pandas.read_csv of the real file (baseline)", baseline, "s")
    report(
        f"full import of the real file ({result.rows_read:,} rows, {result.claims_written:,} claims)",
        seconds,
        "s",
        baseline=baseline,
        goal="goal < 1 s and < 5x read_csv",
    )
    again, second = timed(lambda: import_dataset(connect(tmp / "l0.sqlite"), DATASET), repeat=1)
    report(f"re-import (writes {second.claims_written} claims)", again, "s", baseline=baseline)


def synthetic(rows: int) -> None:
    from strikewatch.ledger import connect, queries
    from strikewatch.synth import write_synthetic
    from strikewatch.tables import top_nights

    tmp = Path(tempfile.mkdtemp())
    csv_path, db = tmp / "synthetic.csv", tmp / "synthetic.sqlite"
    start = time.perf_counter()
    write_synthetic(csv_path, rows=rows, seed=7)
    gen = time.perf_counter() - start
    read_csv, _ = timed(lambda: pd.read_csv(csv_path), repeat=1)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(csv_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    child = json.loads(out.stdout.strip().splitlines()[-1])
    report(f"generate {rows:,} synthetic rows", gen, "s")
    report("pandas.read_csv of the synthetic file (baseline)", read_csv, "s")
    report(
        f"import {child['rows']:,} rows → {child['claims']:,} claims, {child['nights']:,} nights",
        child["seconds"],
        "s",
        baseline=read_csv,
        goal="goal < 60 s",
    )
    report("peak memory of the import process", child["peak_mb"], "MB", goal="goal < 2048 MB")
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
    args = parser.parse_args()
    print("== import (issue 2) ==")
    real_file()
    synthetic(args.rows)
    print(f"  peak memory of the benchmark process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
