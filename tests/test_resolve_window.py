"""`strikewatch resolve --since/--until` and the totals of nights that hold only attached texts.

Issue 15: a night whose only claims come from an ``attach`` decision (an undated text filed
under it by hand) has no claim carrying its date, so a window chosen from claims' nights
missed it and left its figures stale. The totals table must follow attach and relabel.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import delete, select
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect
from strikewatch.ledger.schema import attacks, sources, unit_totals, waves

UNDATED = "Air defence destroyed 40 of 52 Shahed drones over Kharkiv region, the Air Force said."
D1, D2 = dt.date(2025, 3, 9), dt.date(2025, 3, 10)


def _units(db: str, night: dt.date) -> list[tuple[str, float | None, float | None]]:
    with connect(db).connect() as conn:
        return sorted(
            (u, d, x)
            for u, d, x in conn.execute(
                select(
                    unit_totals.c.unit, unit_totals.c.drones, unit_totals.c.drones_destroyed
                ).where(unit_totals.c.night == night)
            )
        )


def test_resolve_window_covers_nights_with_only_attached_texts(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.sqlite")
    report = tmp_path / "report.txt"
    report.write_text(UNDATED, encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.stdout

    run("ingest", str(report))
    with connect(db).connect() as conn:
        source_id = int(conn.execute(select(sources.c.id)).scalar_one())
    run("attach", str(source_id), "--night", D1.isoformat())
    resolved = [("day", 52.0, 40.0), ("night", 52.0, 40.0), ("wave", 52.0, 40.0)]
    assert _units(db, D1) == resolved
    # The derived rows of D1 go stale (as after a resolver upgrade): the window must find D1
    # through its attach decision, though no claim carries that date.
    engine = connect(db)
    with engine.begin() as conn:
        for table in (attacks, waves, unit_totals):
            conn.execute(delete(table))
    out = json.loads(run("resolve", "--since", "2025-03-01", "--until", "2025-03-09", "--json"))
    assert out == {"nights_resolved": 1}
    assert _units(db, D1) == resolved
    top = json.loads(run("top", "--unit", "night", "--json"))
    assert [(r["night"], r["value"]) for r in top] == [("2025-03-09", 52)]
    # A window without the night resolves nothing and leaves it alone.
    out = json.loads(run("resolve", "--since", "2025-03-10", "--until", "2025-03-31", "--json"))
    assert out == {"nights_resolved": 0}
    assert _units(db, D1) == resolved
    # A relabel moves the totals: the old night's rows go, the new night's appear.
    run("attach", str(source_id), "--night", D2.isoformat())
    assert _units(db, D1) == []
    assert _units(db, D2) == resolved
    nights = json.loads(run("nights", "--json"))
    assert [r["night"] for r in nights] == ["2025-03-10"]
    assert nights[0]["drones"] == 52 and nights[0]["drones_lost_ew"] is None
