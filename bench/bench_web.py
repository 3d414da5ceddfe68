"""API latency under load on 127.0.0.1, and briefing generation time.

    python bench/bench_web.py [--rows 1000000] [--seconds 10] [--clients 50] [--skip-synthetic]

For the real ledger (../shared/data) and a synthetic ledger of ``--rows`` rows it starts the
app with uvicorn on a free local port and drives it with 50 concurrent asyncio+httpx clients
for a bounded time per endpoint. Figures are printed as ratios against ``/api/health``
measured in the same run on the same server (the baseline), plus the absolute ms for
reference. Goals from the issue: p95 < 50 ms (real) and < 200 ms (synthetic); briefing < 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The app in its own process (as ``strikewatch serve`` runs it), so the load client's
    event loop and the server do not share one interpreter lock."""

    def __init__(self, db: Path) -> None:
        self.port = _free_port()
        self.db = db
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> str:
        env = dict(os.environ, STRIKEWATCH_DB=str(self.db))
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "strikewatch.web.app:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--backlog",
                "1024",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)


async def _load(base: str, path: str, clients: int, seconds: float) -> list[float]:
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await client.get(path)  # warm the server's cache for this URL, as a live one would be

        async def one() -> None:
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = await client.get(path)
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {r.status_code}")

        await asyncio.gather(*(one() for _ in range(clients)))
    return latencies


def _pcts(lat: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(lat, n=100)
    return q[49] * 1000, q[94] * 1000


def bench_ledger(label: str, db: Path, night: str, year: int, clients: int, seconds: float) -> None:
    from strikewatch.briefing import build_briefing
    from strikewatch.ledger import connect

    engine = connect(db)
    t = time.perf_counter()
    build_briefing(engine, night)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    build_briefing(engine, night)
    warm = time.perf_counter() - t
    print(f"\n== {label} ==")
    print(f"briefing for {night}: first {cold:.3f} s (loads the snapshot), repeat {warm:.3f} s")
    with Server(db) as base:
        paths = {
            "baseline /api/health": "/api/health",
            f"/api/nights for {year}": f"/api/nights?since={year}-01-01&until={year}-12-31&limit=1000",
            f"/api/nights/{night}": f"/api/nights/{night}",
        }
        results = {}
        for name, path in paths.items():
            lat = asyncio.run(_load(base, path, clients, seconds))
            results[name] = (len(lat), *_pcts(lat))
        base_p50, base_p95 = results["baseline /api/health"][1:]
        print(
            f"{'endpoint':<36}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'p50/base':>10}{'p95/base':>10}"
        )
        for name, (n, p50, p95) in results.items():
            print(
                f"{name:<36}{n:>10}{p50:>9.1f}{p95:>9.1f}{p50 / base_p50:>10.2f}{p95 / base_p95:>10.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic ledger rows")
    parser.add_argument("--seconds", type=float, default=10.0, help="load duration per endpoint")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect

    with tempfile.TemporaryDirectory() as tmp:
        data = SHARED / "missile_attacks_daily.csv"
        if data.exists():
            db = Path(tmp) / "real.sqlite"
            import_dataset(connect(db), data, weapons=SHARED / "missiles_and_uavs.csv")
            bench_ledger("real data", db, "2025-08-21", 2025, args.clients, args.seconds)
        else:
            print(f"(real data not found at {data}; skipped)")
        if not args.skip_synthetic:
            from strikewatch.ledger import queries
            from strikewatch.synth import write_synthetic

            csv = Path(tmp) / "synthetic.csv"
            t = time.perf_counter()
            write_synthetic(csv, rows=args.rows)
            sdb = Path(tmp) / "synthetic.sqlite"
            engine = connect(sdb)
            import_dataset(engine, csv, synthetic=True)
            print(
                f"\n(synthetic ledger of {args.rows:,} rows built in {time.perf_counter() - t:.0f} s)"
            )
            last = queries.latest_night(engine)
            assert last is not None
            bench_ledger(
                f"SYNTHETIC ledger, {args.rows:,} rows",
                sdb,
                last.isoformat(),
                last.year,
                args.clients,
                args.seconds,
            )


if __name__ == "__main__":
    main()
