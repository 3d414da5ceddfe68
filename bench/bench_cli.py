"""Cold start of the command line (issue 12): whole processes, against the floor of the stack.

``strikewatch night 2025-08-21 --json`` and ``strikewatch top --year 2025 --json`` on the
real ledger against ``python -c "import sqlalchemy, typer, rich.table"`` (goal within 1.5x);
``strikewatch --help`` and ``--version`` against ``python -c "import typer"`` (goal within 2x).

Usage: python bench/bench_cli.py [--runs 7]
Every figure is the median of ``--runs`` processes, measured in this run with its baseline.
Bytecode caching is on for the children (``PYTHONDONTWRITEBYTECODE`` removed) and each
command runs once unmeasured first, so the figures are what a user's second run costs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATASET, SHARED, report

PY = sys.executable
#: The installed console script, as a user runs it.
CLI = [str(Path(PY).parent / "strikewatch")]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _median_seconds(args: list[str], runs: int) -> float:
    """Median wall time of ``runs`` whole processes (after one unmeasured warm-up)."""
    env = _env()
    subprocess.run(args, env=env, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _real_ledger() -> Path | None:
    if not DATASET.exists():
        return None
    path = Path(tempfile.mkdtemp()) / "ledger.sqlite"
    weapons = SHARED / "data" / "missiles_and_uavs.csv"
    extra = ["--weapons", str(weapons)] if weapons.exists() else []
    subprocess.run(
        [*CLI, "import", "dataset", str(DATASET), *extra, "--db", str(path), "--json"],
        env=_env(),
        check=True,
        capture_output=True,
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="processes per figure (>= 5)")
    runs = max(5, parser.parse_args().runs)
    typer_floor = _median_seconds([PY, "-c", "import typer"], runs)
    report("python -c 'import typer' (baseline)", typer_floor, "s")
    for args in (["--help"], ["--version"]):
        seconds = _median_seconds([*CLI, *args], runs)
        report(
            f"strikewatch {' '.join(args)}", seconds, "s", baseline=typer_floor, goal="goal < 2x"
        )
    ledger = _real_ledger()
    if ledger is None:
        print(f"  (night/top skipped: {DATASET} not found)")
        return 0
    stack_floor = _median_seconds([PY, "-c", "import sqlalchemy, typer, rich.table"], runs)
    report("python -c 'import sqlalchemy, typer, rich.table' (baseline)", stack_floor, "s")
    for args in (["night", "2025-08-21"], ["top", "--year", "2025"]):
        seconds = _median_seconds([*CLI, *args, "--json", "--db", str(ledger)], runs)
        report(
            f"strikewatch {' '.join(args)} --json (real ledger)",
            seconds,
            "s",
            baseline=stack_floor,
            goal="goal < 1.5x",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
