"""API latency under load on 127.0.0.1, and briefing generation time.

    python bench/bench_web.py [--rows 1000000] [--seconds 10] [--clients 50] [--threads 2]
                              [--client auto|wrk|python] [--synthetic-db PATH] [--rebuild]
                              [--skip-real] [--skip-synthetic]

For the real ledger (../shared/data) and a synthetic ledger of ``--rows`` rows it starts the
app with uvicorn (its own process, as ``strikewatch serve`` runs it) on a free local port and
drives each endpoint for ``--seconds`` with ``--clients`` concurrent keep-alive connections.

The load client is ``wrk`` when it is installed (a C event loop that barely competes with the
server for the CPU; ``apt-get install wrk``), else 50 asyncio+httpx clients in this process
(which, on a 2-core box, eat as much CPU as the server and inflate every figure; the output
says which client ran). Latencies are printed in ms and as ratios against ``/api/health``
measured in the same run on the same server (the baseline: the framework's own floor), plus
the first request of each URL on a freshly started server ("cold": no response cache, no
snapshot loaded).

Building the synthetic ledger takes minutes for 1,000,000 rows, so it is kept in
``$TMPDIR/strikewatch-bench/synthetic-<rows>.sqlite`` and reused (``--rebuild`` forces a new
one). The briefing is timed in a fresh interpreter: importing ``strikewatch.briefing``, the
first build (reads the ledger) and a repeat (cached per ledger version).

Goals from the issue: p95 < 50 ms (real) and < 200 ms (synthetic); briefing < 1 s.

Dashboard pages (overview, map, interception, a night): server time per page with the
response cache off, in-process, p95 over ``$STRIKEWATCH_BENCH_PAGE_REPEATS`` (30) requests;
goal p95 < 100 ms on the real ledger. The 1,000,000-row ledger runs only when
``$STRIKEWATCH_BENCH_LARGE`` is set (it takes minutes to build).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STRIKEWATCH_SHARED", ROOT.parent / "shared")).resolve() / "data"

#: wrk's ``done`` hook: exact percentiles from its latency histogram (microseconds).
WRK_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p95\\": %d, "
    .. "\\"p99\\": %d, \\"max\\": %d, \\"errors\\": %d, \\"non2xx\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """The app in its own process, so the load client and the server do not share one GIL."""

    def __init__(self, db: Path, loop: str = "auto", http: str = "auto") -> None:
        self.port = _free_port()
        self.db = db
        self.loop = loop
        self.http = http
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
                "--no-access-log",
                "--backlog",
                "1024",
                "--loop",
                self.loop,
                "--http",
                self.http,
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 120
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


@dataclass
class Load:
    requests: int
    p50: float  # ms
    p95: float
    p99: float
    errors: int


def _wrk(base: str, path: str, clients: int, threads: int, seconds: float, lua: Path) -> Load:
    out = subprocess.run(
        [
            "wrk",
            f"-c{clients}",
            f"-t{threads}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "--latency",
            "-s",
            str(lua),
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    d = json.loads(line[len("WRKJSON ") :])
    return Load(
        d["requests"], d["p50"] / 1e3, d["p95"] / 1e3, d["p99"] / 1e3, d["errors"] + d["non2xx"]
    )


async def _httpx_load(base: str, path: str, clients: int, seconds: float) -> Load:
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def one() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = await client.get(path)
                latencies.append(time.perf_counter() - t)
                errors += r.status_code != 200

        await asyncio.gather(*(one() for _ in range(clients)))
    q = statistics.quantiles(latencies, n=100)
    return Load(len(latencies), q[49] * 1e3, q[94] * 1e3, q[98] * 1e3, errors)


def _first(base: str, path: str) -> float:
    """One request on a server that has not seen this URL yet (ms)."""
    t = time.perf_counter()
    r = httpx.get(base + path, timeout=300)
    ms = (time.perf_counter() - t) * 1e3
    if r.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {r.status_code} {r.text[:200]}")
    return ms


def _briefing_times(db: Path, night: str) -> dict[str, float]:
    """Time the briefing in a fresh interpreter, as ``strikewatch brief`` would run it."""
    code = f"""
import json, time
t = time.perf_counter()
from strikewatch.briefing import build_briefing
from strikewatch.ledger import connect, queries
imported = time.perf_counter() - t
engine = connect({str(db)!r})
t = time.perf_counter(); queries.night_detail(engine, {night!r}); base = time.perf_counter() - t
t = time.perf_counter(); build_briefing(engine, {night!r}); first = time.perf_counter() - t
t = time.perf_counter(); build_briefing(engine, {night!r}); repeat = time.perf_counter() - t
print(json.dumps({{"import": imported, "baseline": base, "first": first, "repeat": repeat}}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


PAGE_REPEATS = int(os.environ.get("STRIKEWATCH_BENCH_PAGE_REPEATS", "30"))


def page_paths(night: str) -> dict[str, str]:
    return {
        "baseline /api/health": "/api/health",
        "overview /": "/",
        "map /map": "/map",
        "interception /interception": "/interception",
        f"night /nights/{night}": f"/nights/{night}",
    }


def _page_server_times(db: Path, night: str) -> None:
    """Server time of each dashboard page with the response cache off: the route, its
    analyses (memoised per ledger version, as in production) and the template, in-process
    (Starlette's TestClient, so no network), ``PAGE_REPEATS`` requests after a first one."""
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    app = create_app(str(db))
    app.state.response_cache.max_entry = 0  # nothing is cached: every request renders
    client = TestClient(app)
    rows = []
    for name, path in page_paths(night).items():
        t = time.perf_counter()
        status = client.get(path).status_code
        first = (time.perf_counter() - t) * 1e3
        times = []
        for _ in range(PAGE_REPEATS):
            t = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t) * 1e3)
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        rows.append((name, status, first, statistics.median(times), p95))
    base = rows[0][4]
    print(f"page server time, response cache off, {PAGE_REPEATS} requests after the first:")
    print(f"{'page':<34}{'status':>7}{'first ms':>10}{'p50 ms':>9}{'p95 ms':>9}{'p95/base':>10}")
    for name, status, first, p50, p95 in rows:
        print(f"{name:<34}{status:>7}{first:>10.1f}{p50:>9.1f}{p95:>9.1f}{p95 / base:>10.1f}")
    print("goal: p95 < 100 ms on the real ledger, < 300 ms on the 1,000,000-row one")


def bench_ledger(label: str, db: Path, night: str, year: int, args: argparse.Namespace) -> None:
    print(f"\n== {label} ==", flush=True)
    _page_server_times(db, night)
    if args.pages_only:
        return
    try:
        b = _briefing_times(db, night)
        print(
            f"briefing for {night}: first build {b['first']:.3f} s "
            f"({b['first'] / b['baseline']:.0f}x one night_detail read), repeat "
            f"{b['repeat']:.3f} s; import strikewatch.briefing {b['import']:.2f} s; baseline "
            f"night_detail {b['baseline'] * 1e3:.1f} ms"
        )
    except subprocess.CalledProcessError as err:
        last = (err.stderr or "").strip().splitlines()[-1:] or ["?"]
        print(f"briefing for {night}: FAILED ({last[0]})")
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    client = f"wrk -c {args.clients} -t {args.threads}" if use_wrk else "python httpx"
    paths = {
        "baseline /api/health": "/api/health",
        f"/api/nights for {year}": f"/api/nights?since={year}-01-01&until={year}-12-31&limit=1000",
        f"/api/nights/{night}": f"/api/nights/{night}",
        **{k: v for k, v in page_paths(night).items() if not k.startswith("baseline")},
    }
    with tempfile.TemporaryDirectory() as tmp, Server(db, args.loop, args.http) as base:
        lua = Path(tmp) / "pct.lua"
        lua.write_text(WRK_LUA)
        cold = {name: _first(base, path) for name, path in paths.items()}
        results: dict[str, Load] = {}
        for name, path in paths.items():
            if use_wrk:
                results[name] = _wrk(base, path, args.clients, args.threads, args.seconds, lua)
            else:
                results[name] = asyncio.run(_httpx_load(base, path, args.clients, args.seconds))
    base_load = results["baseline /api/health"]
    print(
        f"load client: {client}, {args.seconds:.0f} s per endpoint; uvicorn --loop {args.loop} "
        f"--http {args.http} ({_uvicorn_impl(args)})"
    )
    print(
        f"{'endpoint':<34}{'cold ms':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'p50/base':>10}{'p95/base':>10}{'errors':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<34}{cold[name]:>9.1f}{r.requests / args.seconds:>9.0f}{r.p50:>9.2f}"
            f"{r.p95:>9.2f}{r.p99:>9.2f}{r.p50 / base_load.p50:>10.2f}"
            f"{r.p95 / base_load.p95:>10.2f}{r.errors:>8}"
        )


def _uvicorn_impl(args: argparse.Namespace) -> str:
    """What ``auto`` means here: uvloop/httptools when installed (``uvicorn[standard]``)."""
    import importlib.util

    loop = args.loop
    if loop == "auto":
        loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = args.http
    if http == "auto":
        http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"{loop} + {http}"


def _synthetic_start(rows: int) -> dt.date:
    """The first synthetic night, early enough that the last one stays before 2262.

    The generator writes ``rows_per_night(rows)`` rows a night from 2022-09-28 (more for huge
    files, so a million rows end in the 2070s); should a file still run past pandas'
    nanosecond timestamps (2262-04-11), starting earlier keeps every night readable. Counting
    nights at the old fixed six a night put a 1,000,000-row start in 1805, which the importer
    rightly refuses (before 2022-02-24).
    """
    from strikewatch.synth import rows_per_night

    default = dt.date(2022, 9, 28)
    nights = -(-rows // rows_per_night(rows))
    return min(default, dt.date(2262, 1, 1) - dt.timedelta(days=nights))


def _synthetic_ledger(rows: int, path: Path | None, rebuild: bool) -> Path:
    """A synthetic ledger of ``rows`` rows, built once and reused (it takes minutes)."""
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect
    from strikewatch.synth import write_synthetic

    if path is None:
        path = Path(tempfile.gettempdir()) / "strikewatch-bench" / f"synthetic-{rows}.sqlite"
    if path.exists() and not rebuild:
        print(f"\n(reusing the synthetic ledger {path}; --rebuild makes a new one)")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for p in (path, partial):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    csv = path.with_suffix(".csv")
    write_synthetic(csv, rows=rows, start=_synthetic_start(rows))
    import_dataset(connect(partial), csv, synthetic=True)
    connect(partial).dispose()
    csv.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    print(f"\n(synthetic ledger of {rows:,} rows built in {time.perf_counter() - t:.0f} s: {path})")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic ledger rows")
    parser.add_argument("--seconds", type=float, default=10.0, help="load duration per endpoint")
    parser.add_argument("--clients", type=int, default=50, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--synthetic-db", type=Path, default=None, help="reuse/build here")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic ledger")
    parser.add_argument(
        "--night",
        default="2025-08-21",
        help="night for the detail and briefing; /api/nights covers its year (both ledgers: "
        "a 1,000,000-row synthetic ledger runs from 2022 to the 2470s, past the API's bounds)",
    )
    parser.add_argument("--loop", choices=("auto", "asyncio", "uvloop"), default="auto")
    parser.add_argument("--http", choices=("auto", "h11", "httptools"), default="auto")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument(
        "--skip-synthetic",
        action="store_true",
        default=not os.environ.get("STRIKEWATCH_BENCH_LARGE"),
        help="skip the large synthetic ledger (the default unless $STRIKEWATCH_BENCH_LARGE is set)",
    )
    parser.add_argument(
        "--pages-only", action="store_true", help="only the page server times (no load runs)"
    )
    args = parser.parse_args()
    try:
        import strikewatch  # noqa: F401  (an installed or PYTHONPATH copy wins)
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p
        )
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect, queries

    if not args.skip_real:
        data = SHARED / "missile_attacks_daily.csv"
        if data.exists():
            with tempfile.TemporaryDirectory() as tmp:
                db = Path(tmp) / "real.sqlite"
                import_dataset(connect(db), data, weapons=SHARED / "missiles_and_uavs.csv")
                bench_ledger("real data", db, args.night, int(args.night[:4]), args)
        else:
            print(f"(real data not found at {data}; skipped)")
    if not args.skip_synthetic:
        sdb = _synthetic_ledger(args.rows, args.synthetic_db, args.rebuild)
        engine = connect(sdb)
        last = queries.latest_night(engine)
        engine.dispose()
        print(f"(synthetic nights run to {last}; the API accepts dates up to 2199)")
        bench_ledger(
            f"SYNTHETIC ledger, {args.rows:,} rows", sdb, args.night, int(args.night[:4]), args
        )


if __name__ == "__main__":
    main()
