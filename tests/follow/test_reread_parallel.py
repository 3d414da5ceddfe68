"""`reread` in parallel (issue 14): one process, two spawned processes and a two-worker Dask
LocalCluster on 127.0.0.1 store identical ledgers; what a newer reader reads differently is a
new reading, the old one kept; held readings and --dry-run write nothing.

The "older reader" is simulated by changing stored figures of every fourth post (as a reader
that miscounted would have stored them) on a ledger holding the real August 2025 rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from tests.follow.ledger_dump import dump
from tests.follow.test_batch_ingest import base, post  # noqa: F401  (fixture)
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.follow.archive import Archive
from strikewatch.follow.reread import reread
from strikewatch.ingest import ingest_documents_batch
from strikewatch.ledger import connect
from strikewatch.serial import jsonable

N = 240


def _distributed():  # type: ignore[no-untyped-def]
    try:
        import distributed
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("dask[distributed] is part of the dev extra and must be installed in CI")
        pytest.skip("dask[distributed] is not installed (pip install -e '.[dev]')")
    return distributed


@pytest.fixture
def older(base: Path) -> Path:  # noqa: F811
    """The real rows plus N posts, every fourth with figures an older reader got wrong, one of
    those retracted."""
    docs = [
        post(i, 40 + (i * 53) % 700, dt.date(2025, 8, 1) + dt.timedelta(days=i % 50))
        for i in range(N)
    ]
    engine = connect(base)
    for start in range(0, N, 60):
        ingest_documents_batch(engine, docs[start : start + 60])
    engine.dispose()
    with sqlite3.connect(base) as conn:
        conn.execute(
            "UPDATE claims SET value = value + 1, low = low + 1, high = high + 1, "
            "reader_version = '0.1.0' WHERE kind = 'count' AND value IS NOT NULL AND source_id IN "
            "(SELECT id FROM sources WHERE kind = 'channel_post' AND id % 4 = 0)"
        )
        conn.execute(
            "UPDATE sources SET withdrawn = 1 WHERE id = "
            "(SELECT max(id) FROM sources WHERE kind = 'channel_post' AND id % 4 = 0)"
        )
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copies take the file alone
    conn.close()
    return base


def copy(db: Path, name: str) -> Path:
    target = db.with_name(name)
    shutil.copy(db, target)
    return target


def cli_reread(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["reread", "--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_one_two_workers_and_a_local_cluster_store_identical_ledgers(older: Path) -> None:
    distributed = _distributed()
    before = dump(older)
    one, two, cluster, dry = (copy(older, f"{n}.sqlite") for n in ("one", "two", "dask", "dry"))
    out_one = cli_reread(one)
    out_two = cli_reread(two, "--workers", "2")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as lc:  # fmt: skip
        engine = connect(cluster)
        out_dask = reread(
            engine, Archive(cluster.with_suffix(".archive")), dask=lc.scheduler_address
        )
        engine.dispose()
    out_dry = cli_reread(dry, "--dry-run")

    assert dump(one) == dump(two) == dump(cluster)
    assert out_one == out_two == json.loads(json.dumps(jsonable(out_dask)))
    changed = {c["source_id"]: c for c in out_one["changes"]}
    assert len(changed) == N // 4 and out_one["sources_reread"] == N
    held = [c for c in changed.values() if c["held"]]
    assert len(held) == 1 and "retracted" in held[0]["held"] and not held[0]["written"]
    assert out_one["readings_written"] == N // 4 - 1 and out_one["reading_claims_written"] > 0
    # dry run: the same report, nothing written
    assert dump(dry) == before and out_dry["readings_written"] == 0
    assert [(c["source_id"], c["added"], c["removed"]) for c in out_dry["changes"]] == [
        (c["source_id"], c["added"], c["removed"]) for c in out_one["changes"]
    ]

    after = dump(one)
    old = {s["content_hash"]: s for s in before["sources"]}
    new = [s for s in after["sources"] if s["content_hash"] not in old]
    assert len(new) == N // 4 - 1
    for s in new:  # the next revision of the same report; the old reading kept, superseded
        (prev,) = [p for p in after["sources"] if p["superseded_by"] == s["content_hash"]]
        assert prev["identity_key"] == s["identity_key"] and prev["text"] == s["text"]
        assert s["revision"] == prev["revision"] + 1 and s["superseded_by"] is None
    old_claims = {c["claim_hash"] for c in before["claims"]}
    assert old_claims <= {c["claim_hash"] for c in after["claims"]}  # nothing edited or lost
    # resolution uses the new readings: no figure cites a wrong (value + 1) claim any more
    wrong = {c["claim_hash"] for c in before["claims"] if c["reader_version"] == "0.1.0"}
    cited = {h for a in after["attacks"] for h in a["claim_ids"]}
    assert cited and not cited & wrong
    # a second re-read finds nothing more to write
    again = cli_reread(one, "--workers", "2")
    assert again["readings_written"] == 0 and dump(one) == after


def test_dask_option_says_how_to_install_dask_and_excludes_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "l.sqlite"
    connect(db).dispose()
    both = CliRunner().invoke(
        app, ["reread", "--db", str(db), "--workers", "2", "--dask", "tcp://127.0.0.1:8786"]
    )
    assert both.exit_code == 2 and "choose one" in both.output
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if dask were not installed
    missing = CliRunner().invoke(app, ["reread", "--db", str(db), "--dask", "tcp://127.0.0.1:8786"])
    assert missing.exit_code == 2, missing.output
    assert "--dask" in missing.output and "pip install 'strikewatch[cluster]'" in missing.output
