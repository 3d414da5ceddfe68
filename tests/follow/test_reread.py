"""`strikewatch reread`: the raw archive and stored texts read again offline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select, update
from tests.follow.conftest import PreviewServer
from tests.follow.preview import NIGHT_12, P, channel_pages, page
from tests.follow.test_follow import follow
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.follow.archive import Archive
from strikewatch.follow.client import Fetched
from strikewatch.follow.state import record_page
from strikewatch.ledger import connect
from strikewatch.ledger.schema import claims, sources


def reread(db: Path) -> dict:
    result = CliRunner().invoke(app, ["reread", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_reread_is_offline_and_finds_what_changed(preview: PreviewServer, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    db = tmp_path / "l.sqlite"
    follow(preview, db, "--since", "2026-07-09", "--once")
    preview.httpd.shutdown()  # offline from here on
    same = reread(db)
    assert same["pages_reread"] == 3 and same["posts_new"] == 0 and same["claims_written"] == 0
    assert same["sources_reread"] == 7 and same["sources_changed"] == 0
    # a page an older parser could not read is in the archive: the re-read ingests its post
    body = page(
        [P(120, "2026-07-13T05:00:00+00:00", NIGHT_12.text.replace("97 ударними", "77 ударними"))]
    ).encode()
    engine = connect(db)
    sha = Archive(db.with_suffix(".archive")).put(body)
    fetched = Fetched(f"{preview.url}/s/kpszsu?old", 200, body, None, None, dt.datetime.now(dt.UTC))
    record_page(engine, "kpszsu", fetched, sha, len(body), 0, "parser preview-0 failed")
    # and one stored claim differs from what the current reader makes of its text
    with engine.begin() as conn:
        source_id = conn.execute(
            select(sources.c.id).where(sources.c.identity_key == "t.me/kpszsu/109")
        ).scalar_one()
        conn.execute(
            update(claims)
            .where(claims.c.source_id == source_id, claims.c.value == 97)
            .values(value=96)
        )
    out = reread(db)
    assert out["posts_new"] == 1 and out["claims_written"] > 0
    changed = {c["source_id"]: c for c in out["changes"]}
    assert list(changed) == [source_id]
    assert any("97.0" in k for k in changed[source_id]["added"])
    assert any("96.0" in k for k in changed[source_id]["removed"])
    with engine.connect() as conn:
        assert conn.execute(
            select(claims.c.value).where(claims.c.source_id == source_id, claims.c.value == 96)
        ).first()
