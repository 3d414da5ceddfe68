"""API write paths of issue 16: bounds (422, ledger unchanged), retract/restore (token)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from tests.web.conftest import live_server

REPORT = "Overnight Russia launched 120 Shahed drones at Ukraine; 100 were shot down."
NIGHT = "2025-08-21"


def counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("sources", "claims", "attacks", "imports", "source_actions")
        )


def source_of_574(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        (row,) = conn.execute(
            "SELECT id FROM sources WHERE title LIKE 'Shahed-136/131 2025-08-20 18:40%'"
        ).fetchall()
    return int(row[0])


def drones(base: str) -> float | None:
    body = httpx.get(f"{base}/api/nights", params={"since": NIGHT, "until": NIGHT}).json()
    return body["items"][0]["drones"]


def test_api_refuses_a_night_in_2300(writable_ledger: Path, token: str, dataset_csv: Path) -> None:
    before = counts(writable_ledger)
    auth = {"Authorization": f"Bearer {token}"}
    with live_server(writable_ledger) as base:
        bad = httpx.post(
            f"{base}/api/ingest", json={"text": REPORT, "night": "2300-01-01"}, headers=auth
        )
        assert bad.status_code == 422 and "2300-01-01" in bad.text
        bad = httpx.post(
            f"{base}/api/ingest",
            json={"text": REPORT, "published": "2300-01-01T06:00:00+00:00"},
            headers=auth,
        )
        assert bad.status_code == 422 and "2300" in bad.text
        lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
        row = lines[1].split(",", 2)
        body = lines[0] + ",".join(["2300-01-01 18:00", "2300-01-02 08:00", row[2]])
        bad = httpx.post(
            f"{base}/api/import", content=body.encode(), headers=auth | {"Content-Type": "text/csv"}
        )
        assert bad.status_code == 422 and "line 2" in bad.text and "time_start" in bad.text
    assert counts(writable_ledger) == before


def test_api_retract_and_restore(writable_ledger: Path, token: str) -> None:
    source_id = source_of_574(writable_ledger)
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/sources/{source_id}"
    with live_server(writable_ledger) as base:
        assert drones(base) == 574
        refused = httpx.post(f"{base}{url}/retract", json={"reason": "x"})
        assert refused.status_code in (401, 403)
        done = httpx.post(f"{base}{url}/retract", json={"reason": "typo"}, headers=auth)
        assert done.status_code == 200, done.text
        assert done.json()["withdrawn"] is True and NIGHT in done.json()["nights"]
        assert drones(base) != 574
        detail = httpx.get(f"{base}/api/nights/{NIGHT}").json()
        states = {r["source_id"]: r for rev in detail["revisions"] for r in rev["readings"]}
        assert states[source_id]["state"] == "withdrawn"
        assert states[source_id]["actions"][0] == states[source_id]["actions"][0] | {
            "action": "retract",
            "reason": "typo",
            "actor": "api",
        }
        again = httpx.post(f"{base}{url}/retract", json={"reason": "typo"}, headers=auth)
        assert again.status_code == 409
        missing = httpx.post(
            f"{base}/api/sources/99999999/retract", json={"reason": "x"}, headers=auth
        )
        assert missing.status_code == 404
        empty = httpx.post(f"{base}{url}/restore", json={"reason": ""}, headers=auth)
        assert empty.status_code == 422
        back = httpx.post(f"{base}{url}/restore", json={"reason": "checked"}, headers=auth)
        assert back.status_code == 200 and back.json()["withdrawn"] is False
        assert drones(base) == 574
