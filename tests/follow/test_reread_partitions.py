"""`reread`'s partitions (decision 107): workers open the ledger themselves and return only
what changed, so an attach decision is seen in the worker that reads its source, a worker
never creates a ledger it cannot find, and an in-memory ledger is never sent to workers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.follow.ledger_dump import dump
from tests.follow.test_batch_ingest import base, post  # noqa: F401  (fixture)
from tests.follow.test_reread_parallel import copy, older  # noqa: F401  (fixture)

from strikewatch.attach import attach_source
from strikewatch.errors import InputError
from strikewatch.follow.parallel import id_partitions, read_changes
from strikewatch.follow.reread import current_text_ids, reread_texts
from strikewatch.follow.rereading import partition_task
from strikewatch.ingest import ingest_documents_batch
from strikewatch.ledger import connect
from strikewatch.ledger.connection import write_transaction


def _changed_posts(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT DISTINCT source_id FROM claims WHERE reader_version = '0.1.0' ORDER BY 1"
        ).fetchall()
    conn.close()
    return [r[0] for r in rows]


def test_a_hand_attached_source_is_held_on_workers_as_in_one_process(older: Path) -> None:  # noqa: F811
    target = _changed_posts(older)[3]
    engine = connect(older)
    attach_source(engine, target, dt.date(2025, 8, 20), reason="test")
    engine.dispose()  # the last connection checkpoints the WAL: the copies hold the decision
    one, two = copy(older, "one.sqlite"), copy(older, "two.sqlite")
    out_one, out_two = reread_texts(connect(one)), reread_texts(connect(two), workers=2)
    assert out_one == out_two and dump(one) == dump(two)
    (held,) = [c for c in out_two["changes"] if c["source_id"] == target]
    assert "attached to a night by hand" in held["held"] and not held["written"]
    assert sum(c["written"] for c in out_two["changes"]) == out_two["readings_written"] > 0


def test_partitions_cover_every_current_text_once_and_return_only_changes(older: Path) -> None:  # noqa: F811
    engine = connect(older)
    ids = current_text_ids(engine)
    parts = id_partitions(ids, size=97)
    assert [i for p in parts for i in p] == ids and max(map(len, parts)) == 97
    changed = [c.source_id for part in read_changes(engine, parts, workers=2) for c in part]
    assert changed == _changed_posts(older)  # in source order, nothing unchanged shipped


def test_a_worker_never_creates_a_sqlite_ledger_it_cannot_find(tmp_path: Path) -> None:
    absent = tmp_path / "elsewhere.sqlite"
    with pytest.raises(InputError, match="every worker must reach the ledger"):
        partition_task(f"sqlite:///{absent}", [1, 2])
    assert not absent.exists()


def test_an_in_memory_ledger_is_read_in_this_process_only() -> None:
    engine = connect("sqlite://")  # shared by this process's tests: its rows are not ours
    assert len(list(read_changes(engine, [[1], [2]]))) == 2
    with pytest.raises(InputError, match="in-memory ledger"):
        read_changes(engine, [[1], [2]], workers=2)


@pytest.mark.postgres
def test_forked_workers_open_each_database_by_its_url(ledger_url: str) -> None:
    """On PostgreSQL the URL carries the password and the caller's pool is closed before the
    fork: two workers find every miscounted post, and a second re-read writes nothing."""
    engine = connect(ledger_url)
    days = [dt.date(2025, 8, 1) + dt.timedelta(days=i % 30) for i in range(120)]
    ingest_documents_batch(engine, [post(i, 50 + i, day) for i, day in enumerate(days)])
    with write_transaction(engine) as conn:
        wrong = conn.execute(
            text(
                "UPDATE claims SET value = value + 1 WHERE kind = 'count' AND value IS NOT NULL "
                "AND source_id IN (SELECT id FROM sources WHERE id % 3 = 0)"
            )
        ).rowcount
        miscounted = set(conn.scalars(text("SELECT id FROM sources WHERE id % 3 = 0")))
    assert wrong > 0 and len(current_text_ids(engine)) == 120
    out = reread_texts(engine, workers=2)
    assert {c["source_id"] for c in out["changes"]} == miscounted
    assert out["readings_written"] == len(miscounted) and out["claims_written"] > 0
    assert reread_texts(engine, workers=2)["readings_written"] == 0
