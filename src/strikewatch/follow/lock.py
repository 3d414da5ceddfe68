"""A named lock in the ledger, so that two followers never run on one ledger at once.

It lives in the ledger (table ``locks``) rather than in a file so that it also holds for a
PostgreSQL ledger shared by several machines. A holder killed with ``kill -9`` leaves its row
behind: a lock whose process is gone (same host) or whose heartbeat is older than ``stale``
is taken over, so the next run proceeds.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, delete, insert, select, update

from strikewatch.errors import Busy
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import locks

STALE_AFTER = dt.timedelta(minutes=30)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def acquire(engine: Engine, name: str, holder: str, stale: dt.timedelta = STALE_AFTER) -> None:
    """Take the lock ``name`` or raise Busy naming who holds it."""
    now = dt.datetime.now(dt.UTC)
    host, pid = socket.gethostname(), os.getpid()
    with write_transaction(engine) as conn:
        row = conn.execute(select(locks).where(locks.c.name == name)).first()
        if row is not None:
            beat = row.heartbeat if row.heartbeat.tzinfo else row.heartbeat.replace(tzinfo=dt.UTC)
            gone = row.host == host and not _alive(row.pid)
            if not gone and now - beat < stale and not (row.host == host and row.pid == pid):
                raise Busy(
                    f"another {row.holder} holds the ledger's {name!r} lock "
                    f"(pid {row.pid} on {row.host}, since {row.acquired_at:%Y-%m-%d %H:%M} UTC)"
                )
            conn.execute(delete(locks).where(locks.c.name == name))
        conn.execute(
            insert(locks),
            {"name": name, "holder": holder, "pid": pid, "host": host,
             "acquired_at": now, "heartbeat": now},
        )  # fmt: skip


def heartbeat(engine: Engine, name: str) -> None:
    with write_transaction(engine) as conn:
        conn.execute(
            update(locks)
            .where(locks.c.name == name, locks.c.pid == os.getpid())
            .values(heartbeat=dt.datetime.now(dt.UTC))
        )


def release(engine: Engine, name: str) -> None:
    with write_transaction(engine) as conn:
        conn.execute(
            delete(locks).where(
                locks.c.name == name,
                locks.c.pid == os.getpid(),
                locks.c.host == socket.gethostname(),
            )
        )


@contextmanager
def held(engine: Engine, name: str, holder: str) -> Iterator[None]:
    acquire(engine, name, holder)
    try:
        yield
    finally:
        release(engine, name)
