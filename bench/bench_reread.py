"""``reread`` throughput: stored documents re-read per second on 1 and 2 local processes and on
a 2-worker Dask LocalCluster (127.0.0.1), and the speed-up over one process.

The ledger is synthesised from invented Air Force-style reports and alerts (a third reports) (the generator of
bench_follow.py, never ../shared): STRIKEWATCH_BENCH_DOCS documents (default 100,000) ingested
in batches, then the stored figures of every tenth overnight report are changed as an older reader that
miscounted would have stored them, so each re-read reads everything and writes ~3% of the
documents as new readings. Each mode runs on its own copy of that ledger. Printed: the reading
alone (``read_changes``: each worker loads, reads and compares its partitions; the part that
runs in parallel) and the whole re-read (the same, plus writing in bulk and resolving), with ratios against one process measured in the same run.

Goal (issue 14): >= 1.7x with 2 workers on 2 cores.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.bench_follow import _posts  # noqa: E402

from strikewatch.follow.channels import channel  # noqa: E402
from strikewatch.ingest import Document, ingest_documents_batch  # noqa: E402
from strikewatch.ledger import connect  # noqa: E402


def _build(db: Path, n: int) -> None:
    ch = channel("kpszsu")
    engine = connect(db)
    posts = _posts(n, per_night=max(6, -(-n // 1_500)), report_every=3)
    for start in range(0, n, 5_000):
        docs = [
            Document(
                name=ch.post_key(p.post_id), text=p.text, url=ch.post_url(p.post_id),
                publisher=ch.publisher, published=dt.datetime.fromisoformat(p.at),
                identity_key=ch.post_key(p.post_id), kind="channel_post", level=ch.level,
            )
            for p in posts[start : start + 5_000]
        ]  # fmt: skip
        ingest_documents_batch(engine, docs)
    engine.dispose()
    with sqlite3.connect(db) as conn:  # an older reader's miscounts on every tenth report
        changed = conn.execute(
            "UPDATE claims SET value = value + 1, reader_version = '0.1.0' WHERE kind = 'count' "
            "AND value IS NOT NULL AND source_id IN (SELECT id FROM sources "
            "WHERE text LIKE 'У ніч на%' AND id % 10 = 1)"
        ).rowcount
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copies below take the file alone
    conn.close()
    assert changed > 0, "no stored claim was changed"


def _read_alone(db: Path, opts: dict) -> int:
    """The parallel part alone: every partition loaded, read and compared, nothing written."""
    from strikewatch.follow.parallel import id_partitions, read_changes
    from strikewatch.follow.reread import current_text_ids

    engine = connect(db)
    parts = id_partitions(current_text_ids(engine))
    return sum(len(part) for part in read_changes(engine, parts, **opts))


def _burn(_: int) -> float:
    """A fixed dict- and string-heavy loop, like the reader's work: the machine's own
    parallelism for such code, measured beside the re-read."""
    start, counts = time.perf_counter(), {}
    words = [f"{i * 7919 % 100_003:>8}" for i in range(200_000)]
    for _ in range(4):
        for w in words:
            counts[w[:5]] = counts.get(w[:5], 0) + 1
    return time.perf_counter() - start


def _machine_speedup() -> float:
    import multiprocessing

    start = time.perf_counter()
    _burn(0), _burn(1)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(_burn, [0])  # started before timing
        start = time.perf_counter()
        pool.map(_burn, [0, 1], chunksize=1)
        return serial / (time.perf_counter() - start)


def _serial(full: float, read: float) -> str:
    """The part of a whole re-read that is not reading (load, compare, write, resolve)."""
    rest = full - read
    return f"of which not reading {rest:.1f} s" if rest >= 0 else "reading alone ran slower: noise"


def _best(times: dict[str, list[float]]) -> dict[str, float]:
    return {name: min(ts) for name, ts in times.items()}


def main() -> int:
    from distributed import LocalCluster

    from strikewatch.follow.reread import reread_texts

    n = int(os.environ.get("STRIKEWATCH_BENCH_DOCS", "100000"))
    rounds = int(os.environ.get("STRIKEWATCH_BENCH_ROUNDS", "2"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite"
        start = time.perf_counter()
        _build(base, n)
        print(f"reread: {n:,} stored documents (built in {time.perf_counter() - start:.0f} s), "
              f"{os.cpu_count()} cores, best of {rounds} interleaved rounds")  # fmt: skip
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)  # fmt: skip
        modes = {"1 process": {}, "2 processes": {"workers": 2},
                 "LocalCluster, 2 workers": {"dask": cluster.scheduler_address}}  # fmt: skip
        read_t: dict[str, list[float]] = {m: [] for m in modes}
        full_t: dict[str, list[float]] = {m: [] for m in modes}
        caller_cpu: dict[str, list[float]] = {m: [] for m in modes}
        machine, written = [], set()
        try:
            for _ in range(rounds):
                machine.append(_machine_speedup())
                for name, opts in modes.items():
                    start = time.perf_counter()
                    _read_alone(base, opts)
                    read_t[name].append(time.perf_counter() - start)
                for name, opts in modes.items():
                    db = Path(tmp) / "run.sqlite"
                    shutil.copy(base, db)
                    engine = connect(db)
                    start, cpu = time.perf_counter(), time.process_time()
                    written.add(reread_texts(engine, **opts)["readings_written"])
                    full_t[name].append(time.perf_counter() - start)
                    caller_cpu[name].append(time.process_time() - cpu)
                    engine.dispose()
                    db.unlink()
        finally:
            cluster.close()
    assert len(written) == 1, written
    read_s, full_s = _best(read_t), _best(full_t)
    print(f"  this machine now: a dict/str loop runs {max(machine):.2f}x faster on 2 processes "
          "than on 1 (2.0x on two idle cores); the figures below are from this load")  # fmt: skip
    print(f"  new readings written per run: {written.pop():,}")
    for name in modes:
        print(
            f"  {name:<24} read {n / read_s[name]:>8,.0f} docs/s ({read_s['1 process'] / read_s[name]:.2f}x)"
            f"   whole reread {n / full_s[name]:>8,.0f} docs/s ({full_s['1 process'] / full_s[name]:.2f}x,"
            f" {full_s[name]:.1f} s; {_serial(full_s[name], read_s[name])})"
        )
    one, one_cpu = full_s["1 process"], min(caller_cpu["1 process"])
    for name in list(modes)[1:]:  # Amdahl's serial part: the caller's own CPU beside workers
        cpu = min(caller_cpu[name])
        print(
            f"  {name}: the caller's own CPU {cpu:.1f} s = {cpu / one_cpu:.0%} of one process's "
            f"CPU ({one_cpu:.1f} s; load-independent, unlike the ratios above)"
        )
    best = one / full_s["2 processes"]
    print(f"  goal >= 1.7x with 2 workers: {'MET' if best >= 1.7 else 'NOT MET'} ({best:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
