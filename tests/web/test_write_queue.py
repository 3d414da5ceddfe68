"""The server's writes: one queue, a budget, and a 503 with Retry-After when it runs out.

The issue's failure: with a CLI ingest holding SQLite's write lock, an API ingest answered
HTTP 500 ("database is locked"). A writer over its budget must get 503 + Retry-After, nothing
half-written, and the same request must succeed once the lock is free.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from strikewatch.ledger import connect
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import sources
from strikewatch.web import create_app

REPORT = (
    "In the night of 4 February 2026 Russia attacked Ukraine with 321 Shahed drones; "
    "air defence destroyed 300 drones over Kharkiv."
)


@contextmanager
def held_write_lock(url: str) -> Iterator[None]:
    """Another writer (as a CLI import would) holds the ledger's write lock meanwhile."""
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_transaction(connect(url), budget=30):
            holding.set()
            release.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(60)
    try:
        yield
    finally:
        release.set()
        holder.join(60)


def _n_sources(url: str) -> int:
    with connect(url).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(sources)).scalar_one())


def test_write_over_budget_is_503_then_201(
    ledger_url: str, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIKEWATCH_WRITE_TIMEOUT", "1")
    client = TestClient(create_app(ledger_url), raise_server_exceptions=False)
    auth = {"Authorization": f"Bearer {token}"}
    with held_write_lock(ledger_url):
        busy = client.post("/api/ingest", json={"text": REPORT}, headers=auth)
        read = client.get("/api/summary")  # reads do not wait for writes
    assert busy.status_code == 503, busy.text
    assert int(busy.headers["Retry-After"]) >= 1
    assert "busy" in busy.json()["detail"].lower()
    assert read.status_code == 200
    assert _n_sources(ledger_url) == 0  # nothing half-written
    done = client.post("/api/ingest", json={"text": REPORT}, headers=auth)
    assert done.status_code == 201 and done.json()["claims_written"]
    assert _n_sources(ledger_url) == 1


def test_queue_serves_writers_in_order_and_bounds_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    from strikewatch.errors import Busy
    from strikewatch.web.ingest import WriterQueue

    monkeypatch.setenv("STRIKEWATCH_WRITE_TIMEOUT", "60")
    queue = WriterQueue(max_waiting=3)
    order: list[int] = []
    queue.__enter__()  # the first writer holds the turn

    def writer(k: int) -> None:
        with queue:
            order.append(k)

    threads = []
    for k in range(3):
        threads.append(threading.Thread(target=writer, args=(k,)))
        threads[-1].start()
        while len(queue._waiting) < k + 1:  # each one queued before the next arrives
            threading.Event().wait(0.01)
    with pytest.raises(Busy, match="3 writes are already waiting") as full:
        queue.__enter__()
    assert getattr(full.value, "retry_after", 0) >= 1
    queue.__exit__(None, None, None)
    for t in threads:
        t.join(30)
    assert order == [0, 1, 2]  # arrival order, nobody overtook
    monkeypatch.setenv("STRIKEWATCH_WRITE_TIMEOUT", "0.2")
    queue.__enter__()
    with pytest.raises(Busy, match=r"no turn to write within 0\.2 s"):
        queue.__enter__()
    assert not queue._waiting  # the writer that gave up left the queue
    queue.__exit__(None, None, None)
    with queue:  # and the queue is free again
        pass
