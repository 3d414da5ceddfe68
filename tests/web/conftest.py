"""A live server per test module: uvicorn in a thread on a free 127.0.0.1 port."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(db: str | Path, version_ttl: float | None = None) -> Iterator[str]:
    """``version_ttl`` overrides how long the app trusts a ledger-version read."""
    import uvicorn

    from strikewatch.web import create_app

    port = free_port()
    app = create_app(str(db))
    if version_ttl is not None:
        app.state.ledger_version.ttl = version_ttl
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        limit_concurrency=500,
        backlog=512,
        # Longer than any pause in the load tests: a server closing an idle keep-alive
        # connection just as the client reuses it shows up as a spurious ReadError.
        timeout_keep_alive=120,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def copy_ledger(src: Path, dst: Path) -> Path:
    """A consistent copy of a (WAL-mode) SQLite ledger, for tests that write."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture(scope="module")
def real_server(real_ledger_path: Path) -> Iterator[str]:
    """Read-only server over the session's real ledger."""
    with live_server(real_ledger_path) as base:
        yield base


@pytest.fixture
def writable_ledger(real_ledger_path: Path, tmp_path: Path) -> Path:
    return copy_ledger(real_ledger_path, tmp_path / "ledger.sqlite")


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STRIKEWATCH_TOKEN", "s3cret-token")
    return "s3cret-token"
