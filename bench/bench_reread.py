"""``reread`` throughput: stored documents re-read per second on 1 and 2 local processes and on
a 2-worker Dask LocalCluster (127.0.0.1), and the speed-up over one process.

The ledger is synthesised from invented Air Force-style reports and alerts (a third reports) (the generator of
bench_follow.py, never ../shared): STRIKEWATCH_BENCH_DOCS documents (default 100,000) ingested
in batches, then the stored figures of every tenth overnight report are changed as an older reader that
miscounted would have stored them, so each re-read reads everything and writes ~3% of the
documents as new readings. Each mode runs on its own copy of that ledger. Printed: the reading
alone (``read_all``, the part that runs in parallel) and the whole re-read (load, read,
compare, write in bulk, resolve), with ratios against one process measured in the same run.

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
    with sqlite3.connect(db) as conn:  # an older reader's miscounts on every seventh report
        conn.execute(
            "UPDATE claims SET value = value + 1, reader_version = '0.1.0' WHERE kind = 'count' "
            "AND value IS NOT NULL AND source_id IN (SELECT id FROM sources "
            "WHERE text LIKE 'У ніч на%' AND id % 10 = 1)"
        )


def _items(db: Path) -> list:
    from strikewatch.follow.reread import load_stored

    return load_stored(connect(db))[0]


def main() -> int:
    from distributed import LocalCluster

    from strikewatch.follow.parallel import read_all
    from strikewatch.follow.reread import reread_texts

    n = int(os.environ.get("STRIKEWATCH_BENCH_DOCS", "100000"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.sqlite"
        start = time.perf_counter()
        _build(base, n)
        print(f"reread: {n:,} stored documents (built in {time.perf_counter() - start:.0f} s), "
              f"{os.cpu_count()} cores; figures from this machine as loaded now")  # fmt: skip
        items = _items(base)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)  # fmt: skip
        modes = {"1 process": {}, "2 processes": {"workers": 2},
                 "LocalCluster, 2 workers": {"dask": cluster.scheduler_address}}  # fmt: skip
        read_s, full_s, written = {}, {}, {}
        try:
            for name, opts in modes.items():
                start = time.perf_counter()
                read_all(items, **opts)
                read_s[name] = time.perf_counter() - start
            for name, opts in modes.items():
                db = Path(tmp) / f"{len(full_s)}.sqlite"
                shutil.copy(base, db)
                engine = connect(db)
                start = time.perf_counter()
                out = reread_texts(engine, **opts)
                full_s[name] = time.perf_counter() - start
                written[name] = out["readings_written"]
                engine.dispose()
                db.unlink()
        finally:
            cluster.close()
    assert len(set(written.values())) == 1, written
    base_read, base_full = read_s["1 process"], full_s["1 process"]
    print(f"  new readings written per run: {written['1 process']:,}")
    for name in modes:
        print(
            f"  {name:<24} read {n / read_s[name]:>8,.0f} docs/s ({base_read / read_s[name]:.2f}x)"
            f"   whole reread {n / full_s[name]:>8,.0f} docs/s ({base_full / full_s[name]:.2f}x,"
            f" {full_s[name]:.1f} s)"
        )
    best = base_full / full_s["2 processes"]
    print(f"  goal >= 1.7x with 2 workers: {'MET' if best >= 1.7 else 'NOT MET'} ({best:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
