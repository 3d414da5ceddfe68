"""Opening the ledger: a SQLite file by default, any SQLAlchemy URL on request."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from strikewatch.errors import Busy, InputError
from strikewatch.ledger.schema import metadata

DEFAULT_DB_ENV = "STRIKEWATCH_DB"
_ENGINES: dict[str, Engine] = {}


def default_db_path() -> Path:
    """Per-user data dir, so that the CLI, the server and the watch job share one ledger."""
    import platformdirs  # only when no ledger is named: a start with --db never needs it

    return Path(platformdirs.user_data_dir("strikewatch")) / "ledger.sqlite"


def _url_for(db: str | os.PathLike[str] | None) -> str:
    chosen = os.fspath(db) if db else os.environ.get(DEFAULT_DB_ENV) or str(default_db_path())
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN (see _begin_sqlite) instead of pysqlite,
    # which otherwise starts transactions only at the first INSERT, after our reads.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers (the web app) proceed while one writer imports; the busy timeout
    # turns writer contention into waiting instead of "database is locked" errors.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: large imports touch many index pages
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    """BEGIN IMMEDIATE for writers, so a writer's reads (next ids, present hashes) and its
    writes are one serialised unit; plain (deferred) BEGIN for readers, who never block."""
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


# --- writers ---------------------------------------------------------------------------------
#
# Every write goes through ``write_transaction``, which first takes the ledger's single writer
# lock, waiting at most a budget (``$STRIKEWATCH_WRITE_TIMEOUT`` seconds, default 30):
#
# * SQLite: ``BEGIN IMMEDIATE`` (the database's own writer lock), retried with a short busy
#   wait per attempt until the budget is spent: SQLite can answer SQLITE_BUSY at once, without
#   waiting, e.g. while a WAL is being recovered, and a retry loop makes that a wait too.
# * PostgreSQL: ``pg_advisory_xact_lock(WRITER_LOCK_KEY)`` as the transaction's first
#   statement, under ``lock_timeout``. One lock for the whole ledger, like SQLite's: resolution
#   deletes and re-inserts a night's derived rows, and two writers doing that for one night at
#   once collided on ``uq_attacks_night_model`` (or deadlocked on two nights). Per-night locks
#   would let writers of different nights overlap, but a writer must know every night it will
#   touch before it starts (an import does not) and would need an order to avoid deadlocks; our
#   writes take milliseconds, so one lock costs little and cannot deadlock. The session runs at
#   READ COMMITTED, so every statement after the lock sees what earlier writers committed.
#   The lock is released by COMMIT/ROLLBACK, so a killed writer never leaves it held.
#
# Readers take no lock (WAL on SQLite, MVCC on PostgreSQL): they never wait for writers.
# A writer that cannot get the lock in time raises ``errors.Busy`` (exit code 4 in the CLI,
# HTTP 503 with Retry-After in the server) and has written nothing.

WRITE_TIMEOUT_ENV = "STRIKEWATCH_WRITE_TIMEOUT"
DEFAULT_WRITE_TIMEOUT = 30.0
#: The advisory lock key every strikewatch writer takes on PostgreSQL ("swatch" in ASCII).
WRITER_LOCK_KEY = 0x7377_6174_6368
_SQLITE_BUSY_MS = 30_000  # readers' busy timeout (see _tune_sqlite)
_SQLITE_ATTEMPT_MS = 2_000  # one attempt's busy wait while a writer takes the lock


def write_budget() -> float:
    """Seconds a writer waits for the lock: ``$STRIKEWATCH_WRITE_TIMEOUT``, default 30."""
    raw = os.environ.get(WRITE_TIMEOUT_ENV, "")
    try:
        value = float(raw) if raw else DEFAULT_WRITE_TIMEOUT
    except ValueError:
        raise InputError(f"{raw!r} is not a number of seconds", where=WRITE_TIMEOUT_ENV) from None
    return max(value, 0.0)


def _is_lock_failure(err: BaseException) -> bool:
    """SQLite's busy/locked, or PostgreSQL's lock timeout (55P03)."""
    orig = getattr(err, "orig", err)
    if getattr(orig, "sqlstate", None) == "55P03":
        return True
    message = str(orig).lower()
    return isinstance(err, OperationalError) and ("locked" in message or "busy" in message)


def _busy(budget: float) -> Busy:
    return Busy(
        f"the ledger is busy: another writer held its lock for more than {budget:g} s; "
        f"try again later (or raise ${WRITE_TIMEOUT_ENV})"
    )


def _lock_sqlite(engine: Engine, deadline: float, budget: float) -> Connection:
    """A connection inside BEGIN IMMEDIATE, retrying until ``deadline``."""
    pause = 0.01
    while True:
        conn = engine.execution_options(sqlite_begin="IMMEDIATE").connect()
        raw: Any = conn.connection.dbapi_connection
        left_ms = int(max(deadline - time.monotonic(), 0) * 1000)
        raw.execute(f"PRAGMA busy_timeout={min(left_ms, _SQLITE_ATTEMPT_MS)}")
        try:
            conn.begin()
        except OperationalError as err:
            raw.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")  # back to the pool as it was
            conn.close()
            if not _is_lock_failure(err):
                raise
            if time.monotonic() >= deadline:
                raise _busy(budget) from None
        else:
            raw.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
            return conn
        time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
        pause = min(pause * 2, 0.25)


def _lock_postgres(engine: Engine, budget: float) -> Connection:
    """A connection in a transaction holding the ledger's advisory writer lock."""
    conn = engine.connect()
    try:
        conn.begin()
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(budget * 1000), 1)}")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
        conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
        return conn
    except DBAPIError as err:
        conn.close()
        if _is_lock_failure(err):
            raise _busy(budget) from None
        raise
    except BaseException:
        conn.close()
        raise


#: PostgreSQL's serialization_failure and deadlock_detected: the transaction was rolled back
#: and may simply be run again.
_TRANSIENT = frozenset({"40001", "40P01"})
_T = TypeVar("_T")


def retrying_write(write: Callable[[], _T], *, attempts: int = 3) -> _T:
    """Run ``write`` (a whole idempotent use case, e.g. one ingest) again after a PostgreSQL
    deadlock or serialization failure, up to ``attempts`` times.

    strikewatch's writers cannot deadlock each other (they hold the one writer lock); this
    covers other sessions on the same database, such as an operator's SQL or a migration.
    """
    for attempt in range(attempts):
        try:
            return write()
        except DBAPIError as err:
            if getattr(err.orig, "sqlstate", None) not in _TRANSIENT or attempt + 1 == attempts:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def write_transaction(engine: Engine, *, budget: float | None = None) -> Iterator[Connection]:
    """A write transaction: ``with write_transaction(engine) as conn: ...``.

    It holds the ledger's single writer lock (see above) from start to commit; it raises
    ``Busy`` if the lock is not free within ``budget`` seconds (default ``write_budget()``).
    The body's exceptions pass through unchanged, after a rollback.
    """
    budget = write_budget() if budget is None else budget
    if engine.dialect.name == "sqlite":
        conn = _lock_sqlite(engine, time.monotonic() + budget, budget)
    elif engine.dialect.name == "postgresql":
        conn = _lock_postgres(engine, budget)
    else:  # pragma: no cover - other databases: the transaction alone
        conn = engine.connect()
        conn.begin()
    with conn:
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def connect(
    db: str | os.PathLike[str] | None = None, *, create: bool = True, check: bool = True
) -> Engine:
    """Open (and create if needed) the ledger named by ``db``, ``$STRIKEWATCH_DB`` or the default.

    Engines are cached per URL so that repeated calls in one process share a pool.
    """
    url = _url_for(db)
    engine = _ENGINES.get(url)
    if engine is None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _tune_sqlite)
            event.listen(engine, "begin", _begin_sqlite)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _open_schema(engine, create=create, check=check)
        _ENGINES[url] = engine
    return engine


def forget_engines_after_fork() -> None:
    """In a forked child: drop the parent's pooled connections without closing them (they
    are the parent's sockets and files; SQLAlchemy's recipe for ``os.fork``), so the
    child's ``connect`` opens its own."""
    for engine in _ENGINES.values():
        engine.dispose(close=False)


def _open_schema(engine: Engine, *, create: bool, check: bool) -> None:
    """Create the missing tables (``create``) and refuse an older schema (``check``).

    The ledger's columns are read once, and the DDL runs only when a table is missing: a
    start on a current ledger costs one query, not one inspection per table (decision 87).
    """
    from strikewatch.ledger.upgrade import existing_columns, missing_tables

    columns = existing_columns(engine) if create or check else {}
    if create and missing_tables(columns):
        metadata.create_all(engine)
        columns = existing_columns(engine)
    if check:
        _refuse_old_schema(engine, columns)


def _refuse_old_schema(engine: Engine, columns: dict[str, set[str]]) -> None:
    """A ledger from an older strikewatch gets a clear message, not "no such column" later."""
    from strikewatch.errors import Conflict
    from strikewatch.ledger.upgrade import schema_gaps

    gaps = schema_gaps(engine, columns)
    if gaps:
        listed = ", ".join(f"{t}.{c}" for t, cols in gaps.items() for c in cols[:3])
        raise Conflict(
            f"ledger {describe(engine)} was written by an older strikewatch (it lacks {listed}); "
            "run `strikewatch upgrade` on it once, then re-import the dataset"
        )


def describe(engine: Engine) -> str:
    """The ledger location for messages, without a password."""
    return engine.url.render_as_string(hide_password=True)


_USERINFO = re.compile(r"(?P<pre>://[^:/@\s]*):[^@\s]*@")


def redact_db(db: str | os.PathLike[str] | None) -> str:
    """A ledger path or database URL fit to show: any password replaced by ``***``.

    Parsed as SQLAlchemy does when it can; otherwise (an unparseable URL) every
    ``scheme://user:password@`` is masked by pattern, so a typo never leaks the secret.
    """
    if db is None:
        return "default"
    text = os.fspath(db)
    if "://" not in text:
        return text
    try:
        url = make_url(text)
        if url.password:
            text = url.render_as_string(hide_password=True)
    except Exception:
        pass
    return _USERINFO.sub(r"\g<pre>:***@", text)


def scrub_db(message: str, db: str | os.PathLike[str] | None) -> str:
    """``message`` (e.g. a driver's error) with ``db``'s password and raw URL removed."""
    if db is None:
        return message
    text = os.fspath(db)
    shown = redact_db(text)
    message = message.replace(text, shown)
    try:
        password = make_url(text).password if "://" in text else None
    except Exception:
        password = None
    if password:
        message = message.replace(str(password), "***")
    return _USERINFO.sub(r"\g<pre>:***@", message)
