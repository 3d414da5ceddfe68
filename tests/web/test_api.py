"""The JSON API on the real ledger: figures, CLI equivalence, caching, bounds, auth, limits."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from tests.web.conftest import live_server
from typer.testing import CliRunner

REPORT = (
    "In the night of 14 March 2026 Russia attacked Ukraine with 120 Shahed drones. "
    "Air defence destroyed 100 drones. <script>alert('x')</script>"
)


def test_night_shows_574_and_546(real_server: str) -> None:
    body = httpx.get(f"{real_server}/api/nights/2025-08-21").json()
    shahed = [f for f in body["figures"] if f["weapon_class"] == "strike_drone"]
    assert shahed[0]["launched"] == 574 and shahed[0]["destroyed"] == 546
    # lost to EW is folded into "destroyed" in this regime: unknown, never 0 (issue 9.2)
    assert body["totals"]["drones"] == {"launched": 574, "destroyed": 546, "lost_ew": None}


def test_api_night_equals_cli_json(real_server: str, real_ledger_path: Path) -> None:
    from strikewatch.cli import app

    result = CliRunner().invoke(
        app, ["night", "2025-08-21", "--json", "--db", str(real_ledger_path)]
    )
    assert result.exit_code == 0, result.output
    assert httpx.get(f"{real_server}/api/nights/2025-08-21").json() == json.loads(result.stdout)


def test_nights_filters_and_pagination(real_server: str) -> None:
    year = httpx.get(
        f"{real_server}/api/nights",
        params={"since": "2025-01-01", "until": "2025-12-31", "limit": 1000},
    ).json()
    assert year["total"] == len(year["items"]) > 300
    assert all("2025-01-01" <= r["night"] <= "2025-12-31" for r in year["items"])
    page2 = httpx.get(
        f"{real_server}/api/nights",
        params={"since": "2025-01-01", "until": "2025-12-31", "limit": 10, "offset": 10},
    ).json()
    assert page2["items"] == year["items"][10:20]
    west = httpx.get(f"{real_server}/api/nights", params={"region": "west", "limit": 1000}).json()
    assert "2025-08-21" in {r["night"] for r in west["items"]}
    drones = httpx.get(
        f"{real_server}/api/nights",
        params={"class": "strike_drone", "since": "2025-08-21", "until": "2025-08-21"},
    ).json()
    assert drones["items"][0]["class_launched"] == 574


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/nights?limit=0", 422),
        ("/api/nights?limit=1001", 422),
        ("/api/nights?offset=-1", 422),
        ("/api/nights?since=2025-13-01", 422),
        ("/api/nights?class=laser", 422),
        ("/api/nights?region=atlantis", 400),
        ("/api/nights?since=2025-02-01&until=2025-01-01", 400),
        ("/api/nights/not-a-date", 422),
        ("/api/nights/2031-01-01", 404),
        ("/api/rankings?by=horses", 422),
        ("/api/sources/0", 422),
    ],
)
def test_invalid_parameters_are_4xx_with_message(real_server: str, path: str, status: int) -> None:
    response = httpx.get(real_server + path)
    assert response.status_code == status
    assert response.json()["detail"]


def test_etag_gives_304(real_server: str) -> None:
    first = httpx.get(f"{real_server}/api/nights/2025-08-21")
    etag = first.headers["etag"]
    assert first.headers["last-modified"]
    again = httpx.get(f"{real_server}/api/nights/2025-08-21", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = httpx.get(f"{real_server}/api/nights/2025-08-20", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_analysis_endpoints(real_server: str) -> None:
    top = httpx.get(f"{real_server}/api/rankings", params={"by": "drones", "n": 3}).json()
    assert [r["rank"] for r in top["items"]] == [1, 2, 3]
    rank = httpx.get(f"{real_server}/api/nights/2025-08-21/rank").json()
    assert rank["value"] == 574 and rank["rank_now"] >= 1
    inter = httpx.get(f"{real_server}/api/interception", params={"class": "strike_drone"}).json()
    eps = 1e-9
    assert all(
        -eps <= r["low"] <= r["share_destroyed"] + eps and r["share_destroyed"] <= r["high"] + eps
        for r in inter["rows"]
        if r["low"] is not None  # a single night has no between-night interval: unknown
    )
    assert all(r["method"] == "night_cluster_t" and "share_stopped" in r for r in inter["rows"])
    brief = httpx.get(f"{real_server}/api/briefing/2025-08-21").json()
    assert next(s["title"] for s in brief["sections"]) == "Key points"
    assert brief["geography"]["far_from_front"] is True
    assert httpx.get(f"{real_server}/api/strain", params={"night": "2025-08-21"}).status_code == 200
    assert httpx.get(f"{real_server}/api/map").json()["oblasts"]
    assert httpx.get(f"{real_server}/api/tempo").json()["rows"]
    schema = httpx.get(f"{real_server}/openapi.json").json()
    assert "/api/nights/{night}" in schema["paths"]


def test_writes_refuse_without_token(real_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRIKEWATCH_TOKEN", raising=False)
    # writes disabled when the operator configured no token
    assert httpx.post(f"{real_server}/api/ingest", json={"text": REPORT}).status_code == 403
    monkeypatch.setenv("STRIKEWATCH_TOKEN", "right")
    assert httpx.post(f"{real_server}/api/ingest", json={"text": REPORT}).status_code == 401
    wrong = {"Authorization": "Bearer wrong"}
    assert (
        httpx.post(f"{real_server}/api/ingest", json={"text": REPORT}, headers=wrong).status_code
        == 401
    )
    assert httpx.post(f"{real_server}/api/events", json=[], headers=wrong).status_code == 401
    assert (
        httpx.post(f"{real_server}/api/import", content=b"a,b\n", headers=wrong).status_code == 401
    )
    # preview reads only and is public
    preview = httpx.post(f"{real_server}/api/ingest/preview", json={"text": REPORT})
    assert preview.status_code == 200
    assert any(c["value"] == 120 for c in preview.json()["claims"])


def test_body_size_limit(real_server: str) -> None:
    big = {"text": "x" * (300 * 1024)}
    response = httpx.post(f"{real_server}/api/ingest/preview", json=big)
    assert response.status_code == 413

    # chunked upload without Content-Length is counted too
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"y" * 10_000

    response = httpx.post(
        f"{real_server}/api/ingest/preview",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


def test_ingest_with_token_writes_and_changes_etag(writable_ledger: Path, token: str) -> None:
    with live_server(writable_ledger) as base:
        before = httpx.get(f"{base}/api/nights", params={"limit": 1})
        auth = {"Authorization": f"Bearer {token}"}
        saved = httpx.post(
            f"{base}/api/ingest",
            json={"text": REPORT, "publisher": "Air Force"},
            headers=auth,
            timeout=30,
        )
        assert saved.status_code == 201, saved.text
        assert saved.json()["claims_written"] > 0
        again = httpx.post(
            f"{base}/api/ingest",
            json={"text": REPORT, "publisher": "Air Force"},
            headers=auth,
            timeout=30,
        )
        assert again.json()["claims_written"] == 0  # idempotent
        after = httpx.get(
            f"{base}/api/nights",
            params={"limit": 1},
            headers={"If-None-Match": before.headers["etag"]},
        )
        assert after.status_code == 200  # the ledger changed, so the ETag did
        events = httpx.post(
            f"{base}/api/events",
            headers=auth,
            json=[{"date": "2026-03-10", "kind": "diplomacy", "title": "Talks <b>somewhere</b>"}],
        )
        assert events.status_code == 201 and events.json()["written"] == 1
        bad = httpx.post(
            f"{base}/api/events",
            headers=auth,
            json=[
                {"date": "2026-03-10", "kind": "diplomacy", "title": "x", "end_date": "2026-03-01"}
            ],
        )
        assert bad.status_code == 422


def test_cached_reads_never_stale_after_ingest(writable_ledger: Path, token: str) -> None:
    """The response cache and the 1-second version cache must not hide a write made here."""
    night = "2025-08-21"
    report = (
        "In the night of 21 August 2025 Russia attacked Ukraine with 9 Kalibr missiles. "
        "According to the regional administration, 3 people were injured in Lutsk."
    )
    # an hour-long version TTL: only the write's own expiry can make the next read fresh
    with live_server(writable_ledger, version_ttl=3600) as base:
        first = httpx.get(f"{base}/api/nights/{night}")
        repeat = httpx.get(f"{base}/api/nights/{night}")  # served from the response cache
        assert repeat.content == first.content and repeat.headers["etag"] == first.headers["etag"]
        year = httpx.get(f"{base}/api/nights", params={"since": "2025-01-01", "limit": 1000})
        saved = httpx.post(
            f"{base}/api/ingest",
            json={"text": report, "publisher": "Volyn OVA", "night": night},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        assert saved.status_code == 201, saved.text
        assert saved.json()["claims_written"] > 0 and night in saved.json()["nights"]
        after = httpx.get(f"{base}/api/nights/{night}")  # at once: no TTL wait
        assert after.status_code == 200
        assert after.headers["etag"] != first.headers["etag"]
        assert after.json() != first.json()
        new_claims = [c for c in after.json()["text_claims"] if c.get("publisher") == "Volyn OVA"]
        assert new_claims, after.json()["text_claims"]
        revalidated = httpx.get(
            f"{base}/api/nights/{night}", headers={"If-None-Match": first.headers["etag"]}
        )
        assert revalidated.status_code == 200 and revalidated.content == after.content
        current = httpx.get(
            f"{base}/api/nights/{night}", headers={"If-None-Match": after.headers["etag"]}
        )
        assert current.status_code == 304 and current.content == b""
        year_after = httpx.get(f"{base}/api/nights", params={"since": "2025-01-01", "limit": 1000})
        assert year_after.headers["etag"] != year.headers["etag"]


@pytest.mark.parametrize("word", ["drones", "strike_drone", "Drones", "drone"])
def test_class_takes_the_clis_count_words(
    real_server: str, real_ledger_path: Path, word: str
) -> None:
    """``class`` takes the words of the CLI's ``--class`` with the same meaning: a count kind
    is that kind's nightly totals, night for night as ``nights --class`` prints them."""
    from strikewatch.cli import app

    window = {"since": "2025-08-01", "until": "2025-08-31"}
    api = httpx.get(f"{real_server}/api/nights", params={"class": word, **window, "limit": 100})
    assert api.status_code == 200, api.text
    body = api.json()
    assert body["filters"]["class"] == "drones"
    cli = CliRunner().invoke(
        app,
        ["nights", "--class", word, "--since", window["since"], "--until", window["until"],
         "--json", "--db", str(real_ledger_path)],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    expected = {r["night"]: (r["launched"], r["destroyed"]) for r in json.loads(cli.stdout)}
    got = {r["night"]: (r["class_launched"], r["class_destroyed"]) for r in body["items"]}
    assert got == expected and expected["2025-08-21"] == (574, 546)
    night = next(r for r in body["items"] if r["night"] == "2025-08-21")
    assert night["drones"] == 574  # a kind filters no figures: the totals stay true totals


def test_class_takes_a_weapon_class_id_as_the_cli_does(
    real_server: str, real_ledger_path: Path
) -> None:
    from strikewatch.cli import app

    window = {"since": "2024-01-01", "until": "2025-12-31"}
    body = httpx.get(
        f"{real_server}/api/nights", params={"class": "cruise_missile", **window, "limit": 1000}
    ).json()
    cli = CliRunner().invoke(
        app,
        ["nights", "--class", "cruise_missile", "--since", window["since"], "--until",
         window["until"], "--json", "--db", str(real_ledger_path)],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    expected = {r["night"]: (r["launched"], r["destroyed"]) for r in json.loads(cli.stdout)}
    got = {r["night"]: (r["class_launched"], r["class_destroyed"]) for r in body["items"]}
    assert got == expected and len(got) > 10
    assert all(r["drones"] is None for r in body["items"])  # a class-filtered total is unknown


@pytest.mark.parametrize("path", ["/api/nights", "/api/interception"])
def test_a_wrong_class_is_422_listing_the_accepted_words(real_server: str, path: str) -> None:
    response = httpx.get(real_server + path, params={"class": "laser"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "'laser'" in detail and "class" in detail
    for word in ("drones", "missiles", "ballistic", "cruise", "total", "strike_drone",
                 "recon_drone", "guided_bomb"):  # fmt: skip
        assert word in detail, word


def test_interception_of_a_count_is_the_clis(real_server: str, real_ledger_path: Path) -> None:
    from strikewatch.cli import app

    api = httpx.get(f"{real_server}/api/interception", params={"class": "missiles"}).json()
    cli = CliRunner().invoke(
        app,
        ["analyze", "interception", "--class", "missiles", "--json", "--db",
         str(real_ledger_path)],
    )  # fmt: skip
    assert cli.exit_code == 0, cli.output
    assert api["weapon_class"] == "missiles"
    assert api["rows"] == json.loads(cli.stdout) and api["rows"]  # --json prints the rows
