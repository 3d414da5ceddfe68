"""Every layer on both databases: import, ingest, resolve, analyses, briefing, watch and the API.

The ledger tests cover writes; this smoke test catches SQL that only one dialect accepts
(e.g. ``max()`` over a boolean works on SQLite, not PostgreSQL).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app

pytestmark = pytest.mark.postgres


def test_every_layer_runs(
    ledger_url: str, dataset_csv: Path, events_csv: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", ledger_url])
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    assert json.loads(run("import", "dataset", str(dataset_csv), "--json"))["rows_read"] == 3770
    run("import", "events", str(events_csv))
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    run("ingest", str(seed), "--night", "2025-08-21")
    night = json.loads(run("night", "2025-08-21", "--json"))
    assert night["totals"]["drones"]["launched"] == 574
    assert night["text_claims"]
    assert (
        json.loads(run("analyze", "rank", "2025-08-21", "--by", "drones", "--json"))["rank_now"]
        == 11
    )
    assert "Key points" in run("brief", "2025-08-21", "--format", "md")
    json.loads(run("watch", "--json", "--atom", str(tmp_path / "feed.xml")))
    run("context", "2025-08-21", "--json")
    run(
        "strain",
        "estimate",
        "--since",
        "2025-08-21",
        "--until",
        "2025-08-21",
        "--runs",
        "200",
        "--json",
    )

    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    client = TestClient(create_app(ledger_url))
    api = client.get("/api/nights/2025-08-21")
    assert api.status_code == 200 and api.json()["totals"]["drones"]["launched"] == 574
    for path in (
        "/",
        "/nights/2025-08-21",
        "/records",
        "/interception",
        "/map",
        "/api/nights?since=2025-01-01&until=2025-12-31",
    ):
        assert client.get(path).status_code == 200, path
