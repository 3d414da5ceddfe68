"""Writers that wait their turn: two ingests of the same night, and a writer over budget.

The issue's failures, made deterministic: on PostgreSQL two writers re-resolving one night
collided on ``uq_attacks_night_model`` (HTTP 500); on SQLite a writer that could not get the
lock within the busy timeout raised "database is locked" (HTTP 500). Instead the second writer
must wait and then see the first one's claims, and a writer over its budget gets ``Busy``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from tests.web.test_write_queue import held_write_lock

from strikewatch.errors import Busy
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import attacks, sources

NIGHT = dt.date(2026, 2, 4)


def _doc(tag: str, launched: int) -> Document:
    return Document(
        name=tag,
        text=f"Report {tag}. In the night of 4 February 2026 Russia attacked Ukraine with "
        f"{launched} Shahed drones; air defence destroyed {launched - 10} drones.",
    )


def _wait_until_blocked(engine: Any, other: threading.Thread, timeout: float = 60) -> None:
    """Until ``other`` waits on a lock held by us (PostgreSQL: seen in pg_stat_activity)."""
    deadline = time.monotonic() + timeout
    while other.is_alive() and time.monotonic() < deadline:
        if engine.dialect.name != "postgresql":
            time.sleep(0.5)  # SQLite offers no view of waiters; the outcome is the same
            return
        with engine.connect() as conn:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type IN ('Lock', 'advisory') AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        if waiting:
            return
        time.sleep(0.05)


def test_concurrent_writers_of_one_night(ledger_url: str) -> None:
    engine = connect(ledger_url)
    ingest_document(engine, _doc("first", 300))  # the night exists before the race
    errors: list[BaseException] = []

    def second() -> None:
        try:
            ingest_document(engine, _doc("second", 500))
        except BaseException as err:  # reported by the assertion below
            errors.append(err)

    other = threading.Thread(target=second)
    with write_transaction(engine) as conn:
        from strikewatch.ledger.writes import write_batch
        from strikewatch.readers.text import read_document
        from strikewatch.resolve import resolve_in

        doc = _doc("third", 400)
        read = read_document(doc.text)
        from strikewatch.ingest import source_for

        source = source_for(doc.text, read, url=None, publisher=None, published=None)
        write_batch(conn, [(source, read.claims)])
        resolve_in(conn, {NIGHT})
        other.start()
        _wait_until_blocked(engine, other)
    other.join(timeout=120)
    assert not errors, errors
    with engine.connect() as conn:
        assert len(conn.execute(select(sources.c.id)).all()) == 3
    stored, fresh = _stored_and_fresh(engine)
    assert stored == fresh  # the last writer resolved the night seeing every writer's claims
    cited = {i for row in stored for i in row[0] + row[1]["supporting_claim_ids"]}
    assert _sources_of(engine, cited) == 3


def _stored_and_fresh(engine: Any) -> tuple[list[Any], list[Any]]:
    from strikewatch.resolve import resolve_in

    cols = (attacks.c.claim_ids, attacks.c.explanation, attacks.c.model, attacks.c.launched)
    query = select(*cols).where(attacks.c.night == NIGHT).order_by(attacks.c.model)
    with engine.connect() as conn:
        trans = conn.begin()
        stored = [tuple(r) for r in conn.execute(query)]
        resolve_in(conn, {NIGHT})
        fresh = [tuple(r) for r in conn.execute(query)]
        trans.rollback()
    return stored, fresh


def _sources_of(engine: Any, claim_ids: set[int]) -> int:
    from strikewatch.ledger.schema import claims

    with engine.connect() as conn:
        rows = conn.execute(select(claims.c.source_id).where(claims.c.id.in_(claim_ids))).all()
    return len({r[0] for r in rows})


def test_writer_over_budget_is_busy(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that cannot get the lock within its budget raises Busy, and nothing is written."""
    monkeypatch.setenv("STRIKEWATCH_WRITE_TIMEOUT", "1")
    engine = connect(ledger_url)
    ingest_document(engine, _doc("first", 300))
    with held_write_lock(ledger_url), pytest.raises(Busy) as caught:
        ingest_document(engine, _doc("late", 700))
    assert "busy" in str(caught.value).lower()
    with engine.connect() as conn:
        assert len(conn.execute(select(sources.c.id)).all()) == 1
    assert ingest_document(engine, _doc("late", 700)).claims_written  # once free, it goes in


def test_cli_writers_over_budget_exit_4(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, dataset_csv: Path
) -> None:
    """`ingest`, `import dataset` and `attach` say the ledger is busy (exit 4), write nothing."""
    from typer.testing import CliRunner

    from strikewatch.cli import app

    monkeypatch.setenv("STRIKEWATCH_WRITE_TIMEOUT", "1")
    engine = connect(ledger_url)
    ingest_document(engine, _doc("first", 300))
    report = tmp_path / "report.txt"
    report.write_text(_doc("cli", 800).text, encoding="utf-8")
    small = tmp_path / "small.csv"
    small.write_text("".join(dataset_csv.open(encoding="utf-8").readlines()[:20]), "utf-8")
    runner = CliRunner()
    with held_write_lock(ledger_url):
        for args in (
            ["ingest", str(report)],
            ["import", "dataset", str(small)],
            ["attach", "1", "--night", "2026-02-05"],
        ):
            result = runner.invoke(app, [*args, "--db", ledger_url])
            assert result.exit_code == 4, (args, result.output)
            assert "busy" in result.output and "STRIKEWATCH_WRITE_TIMEOUT" in result.output
    with engine.connect() as conn:
        assert len(conn.execute(select(sources.c.id)).all()) == 1


def test_deadlock_and_serialization_failures_are_retried() -> None:
    """PostgreSQL's 40P01/40001 roll the transaction back; an idempotent write runs again."""
    import psycopg.errors
    from sqlalchemy.exc import IntegrityError, OperationalError

    from strikewatch.ledger.connection import retrying_write

    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, psycopg.errors.DeadlockDetected("deadlock"))
        if len(calls) == 2:
            raise OperationalError("COMMIT", {}, psycopg.errors.SerializationFailure("conflict"))
        return "stored"

    assert retrying_write(flaky) == "stored" and len(calls) == 3

    def duplicate() -> None:
        calls.append(1)
        raise IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("duplicate"))

    calls.clear()
    with pytest.raises(IntegrityError):
        retrying_write(duplicate)
    assert len(calls) == 1  # a real error is not retried
