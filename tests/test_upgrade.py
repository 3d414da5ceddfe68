"""A ledger written by an older strikewatch: a clear error, then `strikewatch upgrade` fixes it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connection

REPORT = (
    "У ніч на 21 серпня (з 18:00 20 серпня) противник атакував 40 ударними БпЛА типу Shahed. "
    "За попередніми даними, станом на 09:00 збито/подавлено 30 ворожих БпЛА."
)


def _ingested(tmp_path: Path) -> Path:
    """A current ledger holding one report (closed, so the test can alter it)."""
    db = tmp_path / "old.sqlite"
    text = tmp_path / "r.txt"
    text.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(text), "--published", "2025-08-21T09:30:00", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    connection._ENGINES.clear()
    return db


def _old_ledger(tmp_path: Path) -> Path:
    """A current ledger with one report, then stripped of columns an older schema lacked."""
    db = _ingested(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX ix_sources_identity")
        conn.execute("ALTER TABLE sources DROP COLUMN identity_key")
        conn.execute("ALTER TABLE attacks DROP COLUMN wave_kind")
    return db


def test_an_old_ledger_is_refused_with_the_way_out(tmp_path: Path) -> None:
    db = _old_ledger(tmp_path)
    result = CliRunner().invoke(app, ["night", "2025-08-21", "--db", str(db)])
    assert result.exit_code == 2
    assert "older strikewatch" in result.output and "strikewatch upgrade" in result.output
    assert "no such column" not in result.output


def test_upgrade_adds_the_columns_and_rebuilds_the_waves(tmp_path: Path) -> None:
    db = _old_ledger(tmp_path)
    runner = CliRunner()
    up = runner.invoke(app, ["upgrade", "--db", str(db), "--json"])
    assert up.exit_code == 0, up.output
    assert "added sources.identity_key" in up.stdout
    assert "recreated attacks" in up.stdout
    connection._ENGINES.clear()
    night = runner.invoke(app, ["night", "2025-08-21", "--db", str(db), "--json"])
    assert night.exit_code == 0, night.output
    assert '"launched": 40' in night.stdout
    again = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert again.exit_code == 0 and "already current" in again.stdout


def test_a_ledger_resolved_before_the_totals_table_is_upgraded(tmp_path: Path) -> None:
    """An older ledger has waves but no ``unit_totals`` (connecting creates it empty): it is
    refused like any other old schema, and ``upgrade`` builds the totals from the claims."""
    db = _ingested(tmp_path)
    runner = CliRunner()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE unit_totals")
    refused = runner.invoke(app, ["top", "--unit", "night", "--db", str(db)])
    assert refused.exit_code == 2
    assert "unit_totals" in refused.output and "strikewatch upgrade" in refused.output
    connection._ENGINES.clear()
    up = runner.invoke(app, ["upgrade", "--db", str(db), "--json"])
    assert up.exit_code == 0, up.output
    assert "recreated unit_totals" in up.stdout
    connection._ENGINES.clear()
    top = runner.invoke(app, ["top", "--unit", "night", "--db", str(db), "--json"])
    assert top.exit_code == 0, top.output
    assert '"value": 40' in top.stdout and '"night": "2025-08-21"' in top.stdout
    with sqlite3.connect(db) as conn:
        units = sorted(u for (u,) in conn.execute("SELECT unit FROM unit_totals"))
    assert units == ["day", "night", "wave"]


def test_a_ledger_lacking_only_an_index_gets_it_from_upgrade(tmp_path: Path) -> None:
    """An index added since (decision 85) does not refuse the ledger (results are the same
    without it); ``upgrade`` creates it, without re-resolving anything."""
    db = _ingested(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX ix_claims_kind_night")
    runner = CliRunner()
    night = runner.invoke(app, ["night", "2025-08-21", "--db", str(db), "--json"])
    assert night.exit_code == 0 and '"launched": 40' in night.stdout, night.output
    connection._ENGINES.clear()
    up = runner.invoke(app, ["upgrade", "--db", str(db), "--json"])
    assert up.exit_code == 0, up.output
    assert "created index ix_claims_kind_night" in up.stdout and '"nights_resolved": 0' in up.stdout
    with sqlite3.connect(db) as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ix_claims_kind_night" in names
    connection._ENGINES.clear()
    again = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert again.exit_code == 0 and "already current" in again.stdout
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX ix_claims_kind_night")
    connection._ENGINES.clear()
    text = runner.invoke(app, ["upgrade", "--db", str(db)])
    assert text.exit_code == 0 and "Only indexes were added" in text.stdout, text.output
    assert "Rebuilt" not in text.stdout  # no re-resolution was done, so none is claimed
