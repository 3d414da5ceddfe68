"""Helpers shared by the benchmarks: timing, peak memory, locating the shared data."""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STRIKEWATCH_SHARED", ROOT.parent / "shared")).resolve()
DATASET = SHARED / "data" / "missile_attacks_daily.csv"


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(
    name: str, value: float, unit: str, *, baseline: float | None = None, goal: str = ""
) -> None:
    ratio = f"  ({value / baseline:.1f}x baseline)" if baseline else ""
    print(f"  {name:<58} {value:>10.3f} {unit}{ratio}  {goal}")
