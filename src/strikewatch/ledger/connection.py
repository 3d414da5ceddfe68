"""Opening the ledger: a SQLite file by default, any SQLAlchemy URL on request."""

from __future__ import annotations

import os
import re
from contextlib import AbstractContextManager
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from strikewatch.ledger.schema import metadata

DEFAULT_DB_ENV = "STRIKEWATCH_DB"
_ENGINES: dict[str, Engine] = {}


def default_db_path() -> Path:
    """Per-user data dir, so that the CLI, the server and the watch job share one ledger."""
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
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: large imports touch many index pages
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    """BEGIN IMMEDIATE for writers, so a writer's reads (next ids, present hashes) and its
    writes are one serialised unit; plain (deferred) BEGIN for readers, who never block."""
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def write_transaction(engine: Engine) -> AbstractContextManager[Connection]:
    """A write transaction: ``with write_transaction(engine) as conn: ...``.

    On SQLite it takes the write lock up front (waiting up to the busy timeout), which makes
    concurrent importers, ingests and the web app's writers safe; elsewhere it is ``begin()``.
    """
    return engine.execution_options(sqlite_begin="IMMEDIATE").begin()


def connect(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Engine:
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
        if create:
            metadata.create_all(engine)
        _ENGINES[url] = engine
    return engine


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
