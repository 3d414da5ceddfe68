"""Benchmarks for the analyses (run: python bench/bench_analysis.py).

1. Every analysis on the full real data (after import): total wall time.
2. The event-study placebo test, 10,000 permutations over ~1,400 nights: vectorised NumPy
   against a plain Python loop measured in the same run (ratio printed).
3. Rankings and interception series on a 1,000,000-row SYNTHETIC figures table generated
   here with NumPy.
"""

from __future__ import annotations

import os

# The regressions fit small matrices; multithreaded OpenBLAS on a shared 2-core machine made
# them ~20x slower (12 s vs 0.6 s for all analyses). Single-threaded unless the caller says.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STRIKEWATCH_SHARED", ROOT.parent / "shared"))


def timed(label: str, fn: Callable[[], Any], results: dict[str, float]) -> Any:
    t0 = time.perf_counter()
    out = fn()
    results[label] = time.perf_counter() - t0
    return out


def real_data() -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    from strikewatch.analysis.events_io import read_events_csv
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect, queries

    db = Path(tempfile.mkdtemp()) / "bench.sqlite"
    engine = connect(db)
    import_dataset(
        engine,
        SHARED / "data" / "missile_attacks_daily.csv",
        weapons=SHARED / "data" / "missiles_and_uavs.csv",
    )
    events = read_events_csv(SHARED / "data" / "context_events.csv")
    return queries.figures(engine), queries.night_places(engine), events


def bench_real() -> None:
    from strikewatch.analysis import context, interception, records, targeting, tempo
    from strikewatch.tables import nightly_totals

    figures, places, events = real_data()
    r: dict[str, float] = {}
    t0 = time.perf_counter()
    import ruptures  # noqa: F401 - one-off library import costs, reported apart
    import statsmodels.api  # noqa: F401

    print(
        f"(one-off import of statsmodels + ruptures: {time.perf_counter() - t0:.2f} s, not counted)"
    )
    t0 = time.perf_counter()
    n = timed("nightly", lambda: nightly_totals(figures), r)
    timed(
        "rank_table year+all x5 counts",
        lambda: [
            records.rank_table(n, k, s)
            for k in ("drones", "missiles", "ballistic", "cruise", "total")
            for s in ("year", "all")
        ],
        r,
    )
    timed(
        "check_claim x4",
        lambda: [
            records.check_claim(p, "2026-02-03", n)
            for p in (
                "record-breaking",
                "one of the year's largest",
                "largest since March",
                "largest ever",
            )
        ],
        r,
    )
    timed(
        "interception month+quarter",
        lambda: [
            interception.interception(figures, "strike_drone", by=b) for b in ("month", "quarter")
        ],
        r,
    )
    timed("saturation GLM", lambda: interception.saturation(figures), r)
    timed(
        "tempo+campaigns+lulls+surges",
        lambda: (tempo.tempo(n), tempo.campaigns(n), tempo.lulls(n), tempo.surges(n)),
        r,
    )
    timed("changepoints (PELT)", lambda: tempo.changepoints(n), r)
    timed("lull_vs_salvo (10k perms)", lambda: tempo.lull_vs_salvo(n), r)
    timed("targeting", lambda: targeting.region_shares(places), r)
    h = timed("hypotheses (6 x 10k placebos + NB)", lambda: context.hypotheses(n, events), r)
    total = time.perf_counter() - t0
    print("== all analyses on the real data (after import) ==")
    for k, v in r.items():
        print(f"  {k:<40} {v:8.3f} s")
    print(
        f"  {'TOTAL':<40} {total:8.3f} s   (goal < 2 s; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})"
    )
    for name, answer in h.answers.items():
        print(f"  {name}: {answer}")


def bench_permutation() -> None:
    from strikewatch.analysis.common import calendar
    from strikewatch.analysis.context import placebo_effects, placebo_effects_loop
    from strikewatch.tables import nightly_totals

    figures, _, events = real_data()
    y = calendar(nightly_totals(figures), "total").to_numpy()
    first = pd.Timestamp("2022-09-28")
    dates = sorted({pd.Timestamp(e.date) for e in events if e.kind == "diplomacy" and e.verified})
    pos = np.array([(d - first).days for d in dates if 0 <= (d - first).days < len(y)])
    t0 = time.perf_counter()
    fast = placebo_effects(y, pos, pos, "before", 3, 10_000)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    slow = placebo_effects_loop(y, pos, pos, "before", 3, 10_000)
    t_slow = time.perf_counter() - t0
    print(f"== placebo test: 10,000 permutations, {len(y)} nights, {len(pos)} events, k=3 ==")
    print(
        f"  vectorised {t_fast:.3f} s (goal < 1 s); plain loop {t_slow:.3f} s; "
        f"speed-up {t_slow / t_fast:.1f}x"
    )
    print(
        f"  null mean/sd: vectorised {fast.mean():.1f}/{fast.std():.1f}, "
        f"loop {slow.mean():.1f}/{slow.std():.1f}"
    )


def synthetic_figures(rows: int = 1_000_000, seed: int = 1) -> pd.DataFrame:
    """A SYNTHETIC figures table: 100,000 nights x 10 figures, realistic class mix."""
    from strikewatch.tables import FIGURE_COLUMNS

    rng = np.random.default_rng(seed)
    per_night = 10
    nights = pd.date_range("1900-01-01", periods=rows // per_night, freq="D")
    classes = np.array(
        [
            "strike_drone",
            "cruise_missile",
            "ballistic_missile",
            "recon_drone",
            "aeroballistic_missile",
            "mixed",
        ]
    )
    comps = np.array(
        [
            "strike_drone",
            "cruise_missile",
            "ballistic_missile",
            "recon_drone",
            "aeroballistic_missile",
            "ballistic_missile,cruise_missile",
        ]
    )
    pick = rng.choice(len(classes), size=rows, p=[0.4, 0.2, 0.15, 0.15, 0.05, 0.05])
    launched = np.where(
        pick == 0, rng.negative_binomial(2, 0.01, rows), rng.negative_binomial(2, 0.2, rows)
    )
    launched = launched.astype(float)
    destroyed = rng.binomial(launched.astype(int), np.where(pick == 2, 0.4, 0.85)).astype(float)
    destroyed[rng.random(rows) < 0.01] = np.nan
    frame = pd.DataFrame(
        {
            "night": np.repeat(nights.values, per_night),
            "weapon_class": classes[pick],
            "components": comps[pick],
            "model": classes[pick],
            "launched": launched,
            "launched_low": launched,
            "launched_high": launched,
            "destroyed": destroyed,
            "destroyed_low": destroyed,
            "destroyed_high": destroyed,
            "lost_ew": np.where(pick == 0, rng.binomial(launched.astype(int), 0.05), np.nan),
            "still_airborne": np.nan,
            "hit_locations": np.nan,
            "debris_locations": np.nan,
            "status": "official",
            "synthetic": True,
        }
    )
    return frame[list(FIGURE_COLUMNS)]


def bench_scale() -> None:
    from strikewatch.analysis import interception, records
    from strikewatch.tables import nightly_totals

    f = synthetic_figures()
    r: dict[str, float] = {}
    t0 = time.perf_counter()
    n = timed("nightly totals (tables.nightly_totals)", lambda: nightly_totals(f), r)
    timed("rank_table drones year", lambda: records.rank_table(n, "drones", "year"), r)
    timed("rank_table drones all", lambda: records.rank_table(n, "drones", "all"), r)
    timed(
        "rank_night x5 + top_nights",
        lambda: (
            [
                records.rank_night(n, "2000-06-01", k, "all")
                for k in ("drones", "missiles", "ballistic", "cruise", "total")
            ],
            records.top_nights(n, "drones", 10),
        ),
        r,
    )
    timed(
        "interception strike_drone by month",
        lambda: interception.interception(f, "strike_drone", by="month"),
        r,
    )
    timed("interception all by quarter", lambda: interception.interception(f, by="quarter"), r)
    total = time.perf_counter() - t0
    timed("baseline: one pandas groupby-sum", lambda: f.groupby("night")["launched"].sum(), r)
    baseline = r["baseline: one pandas groupby-sum"]
    print(f"== 1,000,000-row SYNTHETIC figures table ({n.shape[0]:,} nights) ==")
    for k, v in r.items():
        print(f"  {k:<40} {v:8.3f} s")
    print(f"  {'TOTAL rankings + interception':<40} {total:8.3f} s   (goal < 5 s)")
    print(f"  total / baseline: {total / baseline:.1f}x")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    bench_real()
    bench_permutation()
    bench_scale()
