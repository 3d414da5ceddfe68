"""Liveness: `strikewatch status`, `GET /api/status`, and the rules that call a source stale."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

from fastapi.testclient import TestClient
from tests.follow.conftest import PreviewServer
from tests.follow.preview import channel_pages
from tests.follow.test_follow import follow
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.fetch import ATTRIBUTION
from strikewatch.follow.liveness import (
    MIN_USUAL,
    channel_freshness,
    dataset_freshness,
    usual_silence,
)

NOW = dt.datetime(2026, 7, 12, 12, 0, tzinfo=dt.UTC)


def _row(**kw: object) -> SimpleNamespace:
    base = {"publisher": "Air Force", "level": "national_command", "last_post_id": 9,
            "last_post_at": NOW - dt.timedelta(hours=1), "last_fetch": NOW,
            "last_success": NOW - dt.timedelta(minutes=5), "last_error": None}  # fmt: skip
    return SimpleNamespace(**(base | kw))


def test_usual_silence_is_the_95th_percentile_with_a_floor() -> None:
    hourly = [NOW - dt.timedelta(hours=h) for h in range(100)]
    assert usual_silence(hourly) == MIN_USUAL
    daily = [NOW - dt.timedelta(days=d) for d in range(30)]
    assert usual_silence(daily) == dt.timedelta(days=1)
    assert usual_silence([]) == MIN_USUAL


def test_channel_freshness_rules() -> None:
    recent = [NOW - dt.timedelta(hours=2 * h) for h in range(1, 50)]
    fresh = channel_freshness(_row(), recent, NOW, dt.timedelta(hours=1))
    assert fresh["stale"] is False and fresh["warnings"] == []
    silent = channel_freshness(
        _row(last_post_at=NOW - dt.timedelta(hours=9)), recent, NOW, dt.timedelta(hours=1)
    )
    assert silent["stale"] and "silent for 9.0 h" in silent["warnings"][0]
    down = channel_freshness(
        _row(last_error="HTTP 503 after 5 attempts"), recent, NOW, dt.timedelta(hours=1)
    )
    assert down["stale"] and "HTTP 503" in down["warnings"][0]
    old = channel_freshness(
        _row(last_success=NOW - dt.timedelta(hours=3)), recent, NOW, dt.timedelta(hours=1)
    )
    assert old["stale"] and "no successful fetch for 3.0 h" in old["warnings"][0]


def test_dataset_freshness_rules() -> None:
    assert dataset_freshness(None, None, NOW)["stale"]
    assert not dataset_freshness(dt.date(2026, 7, 5), None, NOW)["stale"]
    old = dataset_freshness(dt.date(2026, 6, 20), None, NOW)
    assert old["stale"] and "22 days old" in old["warnings"][0]
    assert old["last_fetch"] is None  # imported by hand: no fetch to report, not a fake time


def test_status_cli_and_api_after_following(preview: PreviewServer, tmp_path: Path) -> None:
    preview.pages.update(channel_pages())
    db = tmp_path / "l.sqlite"
    follow(preview, db, "--once")
    result = CliRunner().invoke(app, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    ch = report["sources"]["t.me/kpszsu"]
    assert ch["last_post_id"] == 109 and ch["last_seen"].startswith("2026-07-12T05:41:09")
    assert ch["last_fetch"] is not None and ch["last_error"] is None and ch["posts_known"] == 4
    assert ch["stale"]  # its last post is months older than its usual silence
    assert (
        report["sources"]["dataset"]["last_seen"] is None and report["sources"]["dataset"]["stale"]
    )
    from strikewatch.web import create_app

    with TestClient(create_app(str(db))) as client:
        api = client.get("/api/status").json()
        assert api["sources"]["t.me/kpszsu"]["last_post_id"] == 109
        assert api["attribution"] == ATTRIBUTION and api["licence"] == "CC BY-NC-SA 4.0"
        assert client.get("/api/summary").json()["licence"] == "CC BY-NC-SA 4.0"
    info = json.loads(CliRunner().invoke(app, ["info", "--db", str(db), "--json"]).stdout)
    assert "Petro Ivaniuk" in info["attribution"]
