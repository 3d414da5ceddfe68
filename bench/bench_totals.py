"""The totals table on a large synthetic ledger: first briefing, `top`, `nights`, /api/nights.

    python bench/bench_totals.py [--rows 200000] [--db PATH] [--repeats 20]

Each figure is printed beside a baseline measured in the same run on the same ledger: the
whole-table path the read used before the totals table (decision 55): every figure read and
totalled in pandas (``nightly_totals(queries.figures(engine))``). Ratios are what to compare;
absolute times on a loaded machine are noisy.

1. First briefing in a fresh interpreter (``build_briefing`` on a new snapshot, the
   modules it uses imported before timing; best of two, alternated with the baseline) against the same briefing on a snapshot read the old way (whole
   figures, places and targets, ``nightly_totals``), also in a fresh interpreter.
2. ``top`` (by drones, unit wave/night, all years and one year) and ``nights --since/--until``
   for a year: p50/p95 over ``--repeats`` calls in-process, against the pandas path.
3. ``/api/nights`` (a year, and all nights) and ``/api/rankings``: server time in-process
   (TestClient, response cache off), p95 against ``/api/health`` in the same run.
4. Resolution of the real file (when ../shared/data is present): full resolve, the part of it
   spent on the totals table, and re-resolving 30 nights (an ingest).

The synthetic ledger is built once (``strikewatch.synth.write_synthetic`` and the importer)
and kept at ``$TMPDIR/strikewatch-bench/totals-synthetic-<rows>.sqlite``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STRIKEWATCH_SHARED", ROOT.parent / "shared")).resolve() / "data"


def ledger(rows: int, path: Path | None) -> Path:
    """The synthetic ledger of ``rows`` rows, built once and reused."""
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect
    from strikewatch.synth import write_synthetic

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_web import _synthetic_start

    path = (
        path
        or Path(tempfile.gettempdir()) / "strikewatch-bench" / f"totals-synthetic-{rows}.sqlite"
    )
    if path.exists():
        print(f"(reusing {path})")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    csv = path.with_suffix(".csv")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    t = time.perf_counter()
    write_synthetic(csv, rows=rows, start=_synthetic_start(rows))
    import_dataset(connect(partial), csv, synthetic=True)
    connect(partial).dispose()
    csv.unlink(missing_ok=True)
    partial.rename(path)
    print(f"built {path} in {time.perf_counter() - t:.0f} s")
    return path


def times(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """p50 and p95 in ms over ``repeats`` calls after one warm-up call."""
    fn()
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1e3)
    out.sort()
    return statistics.median(out), out[min(len(out) - 1, int(0.95 * len(out)))]


_OLD_SNAPSHOT = """
from strikewatch import snapshot
from strikewatch.tables import nightly_totals
def old_snapshot(engine):
    # the snapshot as it was read before the totals table: every table whole
    figures = queries.figures(engine)
    events, origin = snapshot.events_table(engine)
    return snapshot.Snapshot(
        version=queries.ledger_version(engine), nightly=nightly_totals(figures),
        events=events, events_origin=origin,
        _tables={"figures": figures, "places": queries.night_places(engine),
                 "targets": queries.target_claims(engine)},
    )
"""


def first_briefing(db: Path, night: str, old: bool) -> float:
    """The first briefing in a fresh interpreter (imports done first), new or old path."""
    build = (
        "build_briefing(engine, NIGHT, snap=old_snapshot(engine))"
        if old
        else ("build_briefing(engine, NIGHT)")
    )
    code = f"""
import json, time
from strikewatch.briefing import build_briefing
from strikewatch.ledger import connect, queries
import strikewatch.analysis.baselines, strikewatch.analysis.tempo, strikewatch.strain.expenditure
import strikewatch.watch, strikewatch.views, strikewatch.analysis.context, strikewatch.analysis.shares
import strikewatch.analysis.records, strikewatch.strain.scenario, pandas, numpy, scipy.stats
{_OLD_SNAPSHOT}
NIGHT = {night!r}
engine = connect({str(db)!r})
t = time.perf_counter(); {build}; print(json.dumps(time.perf_counter() - t))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1]))


def read_paths(db: Path, year: int, repeats: int) -> None:
    from strikewatch.analysis.records import judge_phrases, top_nights
    from strikewatch.ledger import connect, queries
    from strikewatch.ledger.totals import top_units, unit_table
    from strikewatch.tables import nightly_totals

    engine = connect(db)
    since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)
    night = dt.date(year, 6, 1)

    def night_new() -> None:  # `strikewatch night`: the detail, figures read only if needed
        judge_phrases(queries.night_detail(engine, night) or {}, lambda: queries.figures(engine))

    def night_old() -> None:  # as before: every figure read for the phrase checker
        judge_phrases(queries.night_detail(engine, night) or {}, queries.figures(engine))

    cases: list[tuple[str, Callable[[], Any], Callable[[], Any]]] = [
        (f"night {night}", night_new, night_old),
        (
            "top --unit wave (all years)",
            lambda: top_units(engine, "drones", "wave", n=10),
            lambda: top_nights(nightly_totals(queries.figures(engine), "wave"), "drones", n=10),
        ),
        (
            f"top --unit night --year {year}",
            lambda: top_units(engine, "drones", "night", n=10, year=year),
            lambda: top_nights(
                nightly_totals(
                    queries.figures(engine, since - dt.timedelta(1), until + dt.timedelta(1)),
                    "night",
                ),
                "drones",
                n=10,
                year=year,
            ),
        ),
        (
            f"nights --since/--until {year}",
            lambda: unit_table(engine, "night", since, until),
            lambda: nightly_totals(queries.figures(engine, since, until)),
        ),
    ]
    print(f"\n{'read (in-process)':<34}{'p50 ms':>9}{'p95 ms':>9}{'old p95':>10}{'old/new':>9}")
    for name, new, old in cases:
        p50, p95 = times(new, repeats)
        _, old95 = times(old, max(3, repeats // 5))
        print(f"{name:<34}{p50:>9.1f}{p95:>9.1f}{old95:>10.1f}{old95 / p95:>9.1f}")


def api(db: Path, year: int, repeats: int) -> None:
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    app = create_app(str(db))
    app.state.response_cache.max_entry = 0  # every request computes
    client = TestClient(app)
    paths = {
        "baseline /api/health": "/api/health",
        f"/api/nights {year}": f"/api/nights?since={year}-01-01&until={year}-12-31&limit=1000",
        "/api/nights (all, first page)": "/api/nights",
        "/api/rankings": "/api/rankings?by=drones&n=10",
    }
    rows = []
    for name, path in paths.items():
        t = time.perf_counter()
        status = client.get(path).status_code
        cold = (time.perf_counter() - t) * 1e3
        p50, p95 = times(lambda p=path: client.get(p), repeats)  # type: ignore[misc]
        rows.append((name, status, cold, p50, p95))
    base = rows[0][4]
    print(
        f"\n{'endpoint (TestClient)':<34}{'status':>7}{'cold ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'p95/base':>10}"
    )
    for name, status, cold, p50, p95 in rows:
        print(f"{name:<34}{status:>7}{cold:>9.1f}{p50:>9.1f}{p95:>9.1f}{p95 / base:>10.1f}")


def resolution() -> None:
    """Full resolve of the real file, the totals' share of it, and 30 nights re-resolved."""
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect, totals
    from strikewatch.ledger.connection import write_transaction
    from strikewatch.resolve import resolve_nights

    csv = SHARED / "missile_attacks_daily.csv"
    if not csv.exists():
        print("\n(resolution skipped: ../shared/data is absent)")
        return
    db = Path(tempfile.mkdtemp()) / "real.sqlite"
    engine = connect(db)
    import_dataset(engine, csv, weapons=SHARED / "missiles_and_uavs.csv")
    full = min(_timed(lambda: resolve_nights(engine, None)) for _ in range(3))

    def only_totals() -> None:
        from sqlalchemy import select

        from strikewatch.ledger.schema import attacks

        with write_transaction(engine) as conn:
            totals.forget_labels(conn, None)
            cols = [attacks.c[c] for c in totals.TOTALS_INPUTS]
            figs = [dict(r._mapping) for r in conn.execute(select(*cols))]
            days = totals.write_label_totals(conn, figs)
            totals.refresh_days(conn, days)

    part = min(_timed(only_totals) for _ in range(3))
    nights = {dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(30)}
    some = min(_timed(lambda: resolve_nights(engine, nights)) for _ in range(3))
    print(
        f"\nreal file: full resolve {full:.2f} s, of which totals table {part:.2f} s "
        f"({part / full:.0%}); 30 nights re-resolved {some * 1e3:.0f} ms "
        f"({some / full:.1%} of a full resolve)"
    )


def _timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--skip-resolve", action="store_true")
    args = parser.parse_args()
    db = ledger(args.rows, args.db)
    from strikewatch.ledger import connect, queries

    latest = queries.latest_night(connect(db))
    assert latest is not None
    night, year = latest.isoformat(), latest.year - 1
    print(f"ledger {db} ({args.rows:,} synthetic rows), night {night}, year {year}")
    # Alternated and repeated (the best of two each): this machine's load varies by the second.
    runs = [(first_briefing(db, night, False), first_briefing(db, night, True)) for _ in range(2)]
    new, old = min(r[0] for r in runs), min(r[1] for r in runs)
    print(
        f"first briefing (fresh interpreter, imports excluded): {new:.2f} s; old whole-table "
        f"snapshot {old:.2f} s (old/new {old / new:.1f}x); goal < 1 s"
    )
    read_paths(db, year, args.repeats)
    api(db, year, args.repeats)
    if not args.skip_resolve:
        resolution()


if __name__ == "__main__":
    main()
