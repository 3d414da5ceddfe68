"""Retraction: a withdrawn reading leaves every figure, stays in history, and can return."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect
from strikewatch.ledger.schema import source_actions, sources

NIGHT = "2025-08-21"


def source_of_574(db: Path) -> int:
    with connect(db).connect() as conn:
        return int(
            conn.execute(
                select(sources.c.id).where(sources.c.title.like("Shahed-136/131 2025-08-20 18:40%"))
            ).scalar_one()
        )


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def night_drones(db: Path) -> float | None:
    code, out = run("nights", "--since", NIGHT, "--until", NIGHT, "--json", "--db", str(db))
    assert code == 0, out
    (row,) = json.loads(out)
    return row["drones"]


def test_retract_then_nights_then_history_then_restore(
    tmp_path: Path, real_ledger_path: Path
) -> None:
    db = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, db)
    source_id = source_of_574(db)
    assert night_drones(db) == 574

    code, out = run(
        "retract",
        str(source_id),
        "--reason",
        "typo upstream",
        "--actor",
        "analyst",
        "--db",
        str(db),
    )
    assert code == 0, out
    assert "Withdrew" in out and NIGHT in out
    assert night_drones(db) != 574  # the withdrawn reading no longer counts
    code, out = run("night", NIGHT, "--json", "--db", str(db))
    detail = json.loads(out)
    used = {s["source_id"] for f in detail["figures"] for s in f["sources"]}
    assert source_id not in used
    (report,) = [r for r in detail["revisions"] if r["readings"][-1]["source_id"] == source_id]
    (reading,) = report["readings"]
    assert reading["state"] == "withdrawn"
    assert reading["actions"][0]["reason"] == "typo upstream"
    assert reading["actions"][0]["actor"] == "analyst"

    # default claims: current readings only; --history shows the withdrawn one and why
    code, out = run("claims", NIGHT, "--json", "--limit", "1000", "--db", str(db))
    assert source_id not in {c["source_id"] for c in json.loads(out)}
    code, out = run("claims", NIGHT, "--history", "--json", "--limit", "1000", "--db", str(db))
    mine = [c for c in json.loads(out) if c["source_id"] == source_id]
    assert mine and {c["reading"] for c in mine} == {"withdrawn"}
    assert any(c["value"] == 574 and c["outcome"] == "launched" for c in mine)
    assert mine[0]["actions"][0]["action"] == "retract"
    code, out = run("claims", NIGHT, "--history", "--db", str(db))
    assert code == 0 and "retract by analyst" in out and "typo upstream" in out

    # twice is a conflict, an unknown source is not found; neither changes anything
    assert run("retract", str(source_id), "--reason", "again", "--db", str(db))[0] == 2
    assert run("retract", "99999999", "--reason", "x", "--db", str(db))[0] == 1
    assert run("retract", str(source_id), "--reason", "  ", "--db", str(db))[0] == 2

    code, out = run("restore", str(source_id), "--reason", "checked: correct", "--db", str(db))
    assert code == 0, out
    assert night_drones(db) == 574
    with connect(db).connect() as conn:
        log = conn.execute(
            select(source_actions.c.action, source_actions.c.reason)
            .where(source_actions.c.source_id == source_id)
            .order_by(source_actions.c.id)
        ).all()
    assert [tuple(r) for r in log] == [
        ("retract", "typo upstream"),
        ("restore", "checked: correct"),
    ]
