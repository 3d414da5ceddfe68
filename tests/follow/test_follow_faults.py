"""The follower under faults: kill -9 mid-run, a second follower, a lock left by a dead one."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, insert, select, text
from tests.follow.conftest import PreviewServer, Reply
from tests.follow.preview import channel_pages
from tests.follow.test_follow import FAST, follow
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect
from strikewatch.ledger.schema import channel_posts, claims, locks, sources


def _wait_for(server: PreviewServer, path: str, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while path not in server.paths():
        assert time.monotonic() < end, f"the follower never asked for {path}: {server.paths()}"
        time.sleep(0.05)


def test_kill_9_mid_run_leaves_a_consistent_ledger_and_the_next_run_completes(
    preview: PreviewServer, tmp_path: Path
) -> None:
    preview.pages.update(channel_pages())
    preview.script["/s/kpszsu?before=105"] = [Reply(200, "", delay=30)]
    db = tmp_path / "l.sqlite"
    connect(db)  # create the schema first
    proc = subprocess.Popen(
        [sys.executable, "-c", "from strikewatch.cli import app; app()", "follow",
         "--base-url", preview.url, "--db", str(db), "--since", "2026-07-09", "--once",
         "--json", *FAST],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(preview, "/s/kpszsu?before=105")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    engine = connect(db)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        # the head page's posts are stored whole: every text source has its claims
        no_claims = conn.execute(
            select(func.count()).select_from(sources).where(
                ~sources.c.id.in_(select(claims.c.source_id)), sources.c.identity_key.in_(
                    ["t.me/kpszsu/105", "t.me/kpszsu/109"])
            )
        ).scalar_one()  # fmt: skip
        assert no_claims == 0
        assert conn.execute(select(func.count()).select_from(locks)).scalar_one() == 1
    out = follow(preview, db, "--since", "2026-07-09", "--once")  # takes over the dead lock
    assert out["channels"]["kpszsu"]["gaps"] == [[96, 100], [108, 108]]
    with engine.connect() as conn:
        ids = sorted(r[0] for r in conn.execute(select(channel_posts.c.post_id)))
        assert ids == [95, 101, 102, 103, 104, 105, 106, 107, 109]
        assert conn.execute(select(func.count()).select_from(locks)).scalar_one() == 0
    again = follow(preview, db, "--since", "2026-07-09", "--once")
    assert again["posts_new"] == 0 and again["claims_written"] == 0


def test_two_followers_never_run_on_one_ledger(preview: PreviewServer, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    db = tmp_path / "l.sqlite"
    other = subprocess.Popen(["sleep", "60"])
    try:
        now = dt.datetime.now(dt.UTC)
        with connect(db).begin() as conn:
            conn.execute(insert(locks), {"name": "follow", "holder": "strikewatch follow",
                                         "pid": other.pid, "host": socket.gethostname(),
                                         "acquired_at": now, "heartbeat": now})  # fmt: skip
        result = CliRunner().invoke(
            app, ["follow", "--base-url", preview.url, "--db", str(db), *FAST, "--once"]
        )
        assert result.exit_code == 4, result.output
        assert f"pid {other.pid}" in result.output
        assert preview.paths() == []  # nothing fetched while another follower runs
    finally:
        other.kill()
        other.wait()
    out = follow(preview, db, "--once")  # its holder is gone: the lock is taken over
    assert out["posts_new"] == 4
