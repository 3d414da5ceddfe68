"""Soak: 50 readers + 5 API writers + one CLI ingest loop, all writers aimed at the same nights.

Runs on SQLite and on PostgreSQL (``STRIKEWATCH_TEST_PG``), loopback only. Duration:
``STRIKEWATCH_SOAK_SECONDS`` (CI sets 60; 10 s by default locally). It fails on any 5xx, any
dropped connection, any write that was not stored, any lost write (every 201 and every CLI
success must be in the ledger afterwards) and on derived tables that differ from a fresh
resolution of the same claims (a writer that resolved without seeing another's claims).
p50/p95/max latencies of reads and writes are printed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from tests.web.conftest import live_server

from strikewatch.domain import content_hash

_CI = os.environ.get("CI", "").lower() == "true"
SECONDS = float(os.environ.get("STRIKEWATCH_SOAK_SECONDS", "60" if _CI else "10"))
READERS, WRITERS = 50, 5
#: Every writer (API and CLI) aims at these February 2026 nights, so they re-resolve the
#: same nights concurrently; these nights are in the dataset, so text meets dataset figures.
DAYS = (3, 4, 5)
READ_PATHS = [
    "/api/nights/2026-02-04",
    "/api/nights?since=2026-01-01&until=2026-03-31",
    "/api/nights?limit=5",
    "/api/summary",
    "/api/claims?limit=5",
    "/api/rankings",
]


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    cli: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    server_errors: int = 0
    stored: list[str] = field(default_factory=list)  # texts the server or CLI said it stored

    def failed(self, what: str, status: int | None = None) -> None:
        if status is not None and status >= 500:
            self.server_errors += 1
        if len(self.errors) < 50:
            self.errors.append(what)


def report_text(writer: str, i: int) -> str:
    day = DAYS[i % len(DAYS)]
    return (
        f"Report {writer}-{i}. In the night of {day} February 2026 Russia attacked Ukraine "
        f"with {100 + i} Shahed drones; air defence destroyed {90 + i % 10} drones over Kharkiv."
    )


@pytest.fixture
def soak_ledger(ledger_url: str, dataset_csv: Path, weapons_csv: Path) -> str:
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect

    import_dataset(connect(ledger_url), dataset_csv, weapons=weapons_csv)
    return ledger_url


def test_soak(soak_ledger: str, token: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with live_server(soak_ledger) as base:
        tally = asyncio.run(_soak(base, token, soak_ledger, tmp_path))
    lost = _lost(soak_ledger, tally.stored)
    stale = _stale_nights(soak_ledger)
    with capsys.disabled():
        print(f"\nsoak {soak_ledger.split(':')[0]} {SECONDS:g} s: {_figures(tally)}")
    assert tally.server_errors == 0, tally.errors[:10]
    assert not tally.errors, tally.errors[:10]
    # every client got through at least once (how many depends on the machine, not on us)
    assert len(tally.reads) >= READERS and len(tally.writes) >= WRITERS and tally.cli
    assert not lost, f"{len(lost)} of {len(tally.stored)} acknowledged writes missing"
    assert not stale, f"derived tables differ from a fresh resolution on {stale}"


async def _soak(base: str, token: str, db: str, tmp: Path) -> Tally:
    tally = Tally()
    stop = time.monotonic() + SECONDS
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await asyncio.gather(
            *(_reader(client, k, stop, tally) for k in range(READERS)),
            *(_writer(client, w, token, stop, tally) for w in range(WRITERS)),
            asyncio.to_thread(_cli_loop, db, tmp, stop, tally),
        )
    return tally


async def _reader(client: httpx.AsyncClient, k: int, stop: float, tally: Tally) -> None:
    i = 0
    while time.monotonic() < stop:
        path = READ_PATHS[(k + i) % len(READ_PATHS)]
        i += 1
        start = time.perf_counter()
        try:
            r = await client.get(path)
        except httpx.HTTPError as err:
            tally.failed(f"GET {path}: {err!r} after {time.perf_counter() - start:.1f} s")
            continue
        tally.reads.append(time.perf_counter() - start)
        if r.status_code != 200:
            tally.failed(f"GET {path}: {r.status_code} {r.text[:200]}", r.status_code)


async def _writer(client: httpx.AsyncClient, w: int, token: str, stop: float, t: Tally) -> None:
    i = 0
    while time.monotonic() < stop:
        i += 1
        text = report_text(f"api{w}", i)
        start = time.perf_counter()
        try:
            r = await client.post(
                "/api/ingest",
                json={"text": text, "publisher": f"soak writer {w}"},
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as err:
            t.failed(f"POST ingest api{w}-{i}: {err!r} after {time.perf_counter() - start:.1f} s")
            continue
        t.writes.append(time.perf_counter() - start)
        if r.status_code == 201 and r.json()["claims_written"]:
            t.stored.append(text)
        else:
            t.failed(f"POST ingest api{w}-{i}: {r.status_code} {r.text[:300]}", r.status_code)


def _cli_loop(db: str, tmp: Path, stop: float, tally: Tally) -> None:
    """``strikewatch ingest`` in a loop, as a separate process writing the same nights."""
    exe = Path(sys.executable).parent / "strikewatch"
    i = 0
    while time.monotonic() < stop:
        i += 1
        text = report_text("cli", i)
        path = tmp / f"cli-{i}.txt"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "ingest", str(path), "--db", db, "--json"],
            capture_output=True,
            text=True,
            timeout=300,
            env=os.environ | {"STRIKEWATCH_DB": db},
        )
        tally.cli.append(time.perf_counter() - start)
        if done.returncode == 0 and json.loads(done.stdout)["claims_written"]:
            tally.stored.append(text)
        else:
            tally.failed(f"CLI ingest {i}: exit {done.returncode} {done.stderr[-400:]}")


def _lost(db: str, texts: list[str]) -> list[str]:
    from strikewatch.ledger.schema import sources

    engine = create_engine(db)
    wanted = {content_hash("text", t): t for t in texts}
    found: set[str] = set()
    with engine.connect() as conn:
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = conn.execute(
                select(sources.c.content_hash).where(sources.c.content_hash.in_(chunk))
            )
            found.update(r[0] for r in rows)
    engine.dispose()
    return [t for h, t in wanted.items() if h not in found]


def _stale_nights(db: str) -> list[dt.date]:
    """Nights whose stored figures differ from resolving their claims afresh."""
    from strikewatch.ledger.schema import attacks
    from strikewatch.resolve import resolve_in

    engine = create_engine(db)
    nights = {dt.date(2026, 2, d) for d in DAYS}
    cols = (attacks.c.night, attacks.c.weapon_class, attacks.c.model, attacks.c.launched)
    cols += (attacks.c.destroyed, attacks.c.status, attacks.c.claim_ids)

    def snapshot(conn: Any) -> dict[dt.date, list[tuple[Any, ...]]]:
        out: dict[dt.date, list[tuple[Any, ...]]] = {n: [] for n in nights}
        for row in conn.execute(select(*cols).where(attacks.c.night.in_(nights))):
            out[row[0]].append(tuple(json.dumps(v) if isinstance(v, list) else v for v in row))
        return {n: sorted(v, key=repr) for n, v in out.items()}

    with engine.connect() as conn:
        trans = conn.begin()
        before = snapshot(conn)
        resolve_in(conn, nights)
        after = snapshot(conn)
        trans.rollback()
    engine.dispose()
    return sorted(n for n in nights if before[n] != after[n])


def _figures(t: Tally) -> str:
    return (
        f"reads {_pct(t.reads)}; API writes {_pct(t.writes)}; CLI ingests {_pct(t.cli)}; "
        f"5xx {t.server_errors}; other errors {len(t.errors) - t.server_errors}"
    )


def _pct(xs: list[float]) -> str:
    if not xs:
        return "n=0"
    qs = statistics.quantiles(xs, n=100, method="inclusive") if len(xs) > 1 else [xs[0]] * 99
    return f"n={len(xs)} p50 {qs[49] * 1000:.0f} ms p95 {qs[94] * 1000:.0f} ms max {max(xs) * 1000:.0f} ms"
