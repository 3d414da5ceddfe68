"""`strikewatch follow` against recorded preview pages served on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.follow.conftest import PreviewServer, Reply
from tests.follow.preview import NIGHT_10, channel_pages, page
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import channel_posts, claims, raw_pages, sources

FAST = ["--delay", "0", "--backoff", "0", "--allow-local"]


def follow(
    server: PreviewServer, db: Path | str, *args: str, code: int = 0, archive: Path | None = None
) -> dict[str, Any]:
    extra = ["--archive", str(archive)] if archive is not None else []
    result = CliRunner().invoke(
        app, ["follow", "--base-url", server.url, "--db", str(db), "--json", *FAST, *extra, *args]
    )
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def count(db: Path | str, table: Any, *where: Any) -> int:
    with connect(db).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_backfill_stores_every_post_and_resolves_nights(
    preview: PreviewServer, ledger_url: str, tmp_path: Path
) -> None:
    preview.pages.update(channel_pages())
    db, arch = ledger_url, tmp_path / "archive"
    out = follow(preview, db, "--since", "2026-07-09", "--once", archive=arch)
    # posts 101..109 without 108 (a gap); 95 lies before --since but is on the page that reached it
    assert out["posts_new"] == out["posts_seen"] == 9
    assert out["pages_fetched"] == 3
    assert out["claims_written"] > 0
    assert {"2026-07-10", "2026-07-11", "2026-07-12"} <= {str(n) for n in out["nights_touched"]}
    ch = out["channels"]["kpszsu"]
    assert ch["last_post_id"] == 109 and ch["last_post_at"].startswith("2026-07-12T05:41:09")
    assert ch["gaps"] == [[96, 100], [108, 108]]
    engine = connect(db)
    night = queries.night_detail(engine, "2026-07-10")
    assert night is not None
    drones = night["totals"]["drones"]
    assert (drones["launched"], drones["destroyed"]) == (186, 161)
    assert {f["status"] for f in night["figures"]} == {"official"}
    urls = {s.get("url") for f in night["figures"] for s in f["sources"]}
    assert urls == {"https://t.me/kpszsu/103"}
    twelve = queries.night_detail(engine, "2026-07-12")
    assert twelve is not None and twelve["totals"]["drones"]["launched"] == 97
    # every post is a channel_post source with its identity; text-less posts are not sources
    with engine.connect() as conn:
        keys = {r[0] for r in conn.execute(select(sources.c.identity_key))}
        kinds = {r[0] for r in conn.execute(select(sources.c.kind))}
        reply = conn.execute(
            select(sources.c.text).where(sources.c.identity_key == "t.me/kpszsu/107")
        ).scalar_one()
    assert keys == {f"t.me/kpszsu/{i}" for i in (95, 101, 103, 105, 106, 107, 109)}
    assert kinds == {"channel_post"}
    assert reply == "Відбій загрози балістики для Дніпропетровщини."  # not the quoted post
    assert count(db, channel_posts) == 9
    media = dict(
        connect(db).connect().execute(select(channel_posts.c.post_id, channel_posts.c.media)).all()
    )
    assert media[102] == "photo" and media[104] == "sticker"
    # only preview pages were requested: never the link inside post 103
    assert all(p.startswith("/s/kpszsu") for p in preview.paths())
    assert count(db, raw_pages) == 3


def test_second_pass_is_a_no_op(preview: PreviewServer, ledger_url: str, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    db, arch = ledger_url, tmp_path / "archive"
    follow(preview, db, "--since", "2026-07-09", "--once", archive=arch)
    n_claims = count(db, claims)
    again = follow(preview, db, "--once", archive=arch)
    assert again["posts_new"] == 0 and again["claims_written"] == 0 and again["posts_edited"] == 0
    assert again["pages_fetched"] == 1  # head page reaches what was already read
    assert count(db, claims) == n_claims
    # and a --since already covered fetches nothing older
    third = follow(preview, db, "--since", "2026-07-09", "--once", archive=arch)
    assert third["pages_fetched"] == 1 and third["claims_written"] == 0


def test_an_edit_is_a_new_reading_and_nothing_is_deleted(
    preview: PreviewServer, ledger_url: str, tmp_path: Path
) -> None:
    preview.pages.update(channel_pages())
    db, arch = ledger_url, tmp_path / "archive"
    follow(preview, db, "--since", "2026-07-09", "--once", archive=arch)
    preview.pages.update(channel_pages(edited=True))
    # post 106 is deleted upstream: the head page no longer lists it
    head = channel_pages(edited=True)["/s/kpszsu"].replace(
        'data-post="kpszsu/106"', 'data-post="other/106"'
    )
    preview.pages["/s/kpszsu"] = head
    out = follow(preview, db, "--once", archive=arch)
    assert out["posts_edited"] == 1 and out["posts_new"] == 0 and out["claims_written"] > 0
    with connect(db).connect() as conn:
        readings = (
            conn.execute(
                select(sources.c.text)
                .where(sources.c.identity_key == "t.me/kpszsu/105")
                .order_by(sources.c.id)
            )
            .scalars()
            .all()
        )
        row = conn.execute(select(channel_posts).where(channel_posts.c.post_id == 105)).one()
    assert len(readings) == 2 and "50 ворожих" in readings[0] and "58 ворожих" in readings[1]
    assert row.edited and row.readings == 2
    assert count(db, sources, sources.c.identity_key == "t.me/kpszsu/106") == 1  # kept
    assert count(db, channel_posts, channel_posts.c.post_id == 106) == 1


def test_an_edited_post_newest_reading_is_used(preview: PreviewServer, tmp_path: Path) -> None:
    """Needs source revisions (same identity, new content → the old one superseded)."""
    preview.pages.update(channel_pages())
    db = tmp_path / "l.sqlite"
    follow(preview, db, "--since", "2026-07-09", "--once")
    preview.pages.update(channel_pages(edited=True))
    follow(preview, db, "--once")
    night = queries.night_detail(connect(db), "2026-07-11")
    assert night is not None
    assert _revisions_landed(db), "the edit must supersede the first reading"
    assert night["totals"]["drones"]["destroyed"] == 58
    assert all(f["status"] != "disputed" for f in night["figures"])


def _revisions_landed(db: Path) -> bool:
    with connect(db).connect() as conn:
        return bool(
            conn.execute(
                select(func.count()).where(sources.c.superseded_by.is_not(None))
            ).scalar_one()
        )


def test_changed_structure_is_a_clear_error_and_stores_nothing(
    preview: PreviewServer, tmp_path: Path
) -> None:
    html = (
        channel_pages()["/s/kpszsu"]
        .replace("tgme_widget_message", "tg_post")
        .replace("tgme_channel_info", "x")
    )
    preview.pages["/s/kpszsu"] = html
    db = tmp_path / "l.sqlite"
    result = CliRunner().invoke(
        app, ["follow", "--base-url", preview.url, "--db", str(db), *FAST, "--once"]
    )
    assert result.exit_code == 3
    assert (
        "no posts found" in result.output and "div.tgme_widget_message[data-post]" in result.output
    )
    assert count(db, sources) == 0 and count(db, channel_posts) == 0
    status = json.loads(CliRunner().invoke(app, ["status", "--db", str(db), "--json"]).stdout)
    entry = status["sources"]["t.me/kpszsu"]
    assert entry["stale"] and "no posts found" in entry["last_error"]


def test_missing_post_time_names_the_post(preview: PreviewServer, tmp_path: Path) -> None:
    html = channel_pages()["/s/kpszsu"].replace(
        '<time datetime="2026-07-11T12:02:00+00:00"', "<span"
    )
    preview.pages["/s/kpszsu"] = html
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--once", code=3)
    assert "post kpszsu/106" in out["errors"][0] and "time[datetime]" in out["errors"][0]
    assert count(db, sources) == 0


def test_truncated_page_is_fetched_again(preview: PreviewServer, tmp_path: Path) -> None:
    pages = channel_pages()
    preview.pages.update(pages)
    body = pages["/s/kpszsu"]
    preview.script["/s/kpszsu"] = [Reply(200, body[: len(body) // 2])]
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--once")
    assert out["posts_new"] == 4 and out["pages_fetched"] == 2
    assert preview.paths().count("/s/kpszsu") == 2


def test_truncated_every_time_stores_nothing(preview: PreviewServer, tmp_path: Path) -> None:
    body = channel_pages()["/s/kpszsu"]
    preview.pages["/s/kpszsu"] = body[: len(body) - 40]
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--once", "--retries", "1", code=3)
    assert "truncated" in out["errors"][0]
    assert count(db, sources) == 0


def test_429_then_success_and_timeout_then_success(preview: PreviewServer, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    preview.script["/s/kpszsu"] = [
        Reply(429, "slow down", {"Retry-After": "0"}),
        Reply(503, "busy"),
    ]
    preview.script["/s/kpszsu?before=105"] = [Reply(200, "", delay=1.5)]
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--since", "2026-07-09", "--once", "--timeout", "0.5")
    assert out["posts_new"] == 9
    assert preview.paths()[:3] == ["/s/kpszsu"] * 3
    assert preview.paths().count("/s/kpszsu?before=105") == 2


def test_redirect_to_login_is_not_followed(preview: PreviewServer, tmp_path: Path) -> None:
    preview.script["/s/kpszsu"] = [
        Reply(302, "", {"Location": "https://t.me/login?next=/s/kpszsu"})
    ]
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--once", code=3)
    assert "redirect to https://t.me/login" in out["errors"][0]
    assert preview.paths() == ["/s/kpszsu"]
    assert count(db, sources) == 0


def test_user_agent_and_conditional_requests(preview: PreviewServer, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    preview.etags = True
    db = tmp_path / "l.sqlite"
    follow(preview, db, "--once")
    again = follow(preview, db, "--once")
    assert again["posts_new"] == 0
    (_, first), (_, second) = preview.requests
    assert first["user-agent"].startswith("strikewatch/")
    assert "if-none-match" not in first and second["if-none-match"].startswith('"')


def test_posts_out_of_order_and_one_post_on_two_pages(
    preview: PreviewServer, tmp_path: Path
) -> None:
    posts = channel_pages()
    # post 103 appears on both pages
    from tests.follow.preview import ALERT, NIGHT_11, PHOTO

    posts["/s/kpszsu"] = page([NIGHT_11, NIGHT_10], before=103, order=[105, 103])
    posts["/s/kpszsu?before=103"] = page(
        [ALERT, PHOTO, NIGHT_10], before=101, order=[103, 102, 101]
    )
    preview.pages.update(posts)
    db = tmp_path / "l.sqlite"
    out = follow(preview, db, "--since", "2026-07-09", "--once")
    assert out["posts_seen"] == out["posts_new"] == 5  # 95, 101, 102, 103, 105: each once
    assert count(db, sources, sources.c.identity_key == "t.me/kpszsu/103") == 1


def test_remote_base_url_needs_a_polite_delay(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "follow",
            "--base-url",
            "https://t.me",
            "--delay",
            "0",
            "--db",
            str(tmp_path / "l.sqlite"),
            "--once",
        ],
    )
    assert result.exit_code == 2 and "at least 1 s" in result.output
    bad = CliRunner().invoke(
        app, ["follow", "../etc", "--db", str(tmp_path / "l.sqlite"), "--once"]
    )
    assert bad.exit_code == 2 and "not a public channel name" in bad.output


def test_every_keeps_following_with_jitter(
    preview: PreviewServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview.pages.update(channel_pages())
    waits: list[float] = []

    def stop_after_two(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("strikewatch.commands.follow.time.sleep", stop_after_two)
    db = tmp_path / "l.sqlite"
    result = CliRunner().invoke(
        app,
        ["follow", "--base-url", preview.url, "--db", str(db), "--json", *FAST, "--every", "10m"],
    )
    passes = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(passes) == 2 and passes[0]["posts_new"] == 4 and passes[1]["posts_new"] == 0
    assert all(540 <= w <= 660 for w in waits)
    too_often = CliRunner().invoke(app, ["follow", "--db", str(db), "--every", "10s"])
    assert too_often.exit_code == 2 and "at least 60 s" in too_often.output
