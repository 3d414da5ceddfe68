"""A ledger written by an older strikewatch: a clear error, then `strikewatch upgrade` fixes it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect, connection, queries
from strikewatch.ledger.upgrade import retired_indexes
from strikewatch.upgrade import upgrade_ledger

REPORT = (
    "У ніч на 21 серпня (з 18:00 20 серпня) противник атакував 40 ударними БпЛА типу Shahed. "
    "За попередніми даними, станом на 09:00 збито/подавлено 30 ворожих БпЛА."
)

#: The report with places hit (read back by night from ``night_places``).
PLACED = REPORT + " Зафіксовано влучання на Київщині та у Львівській області."


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


#: The retired indexes (decision 121) as an older strikewatch created them.
_OLD_INDEXES = {
    "ix_night_places_night": "CREATE INDEX ix_night_places_night ON night_places (night)",
    "ix_claims_target": "CREATE INDEX ix_claims_target ON claims (night) WHERE kind = 'target'",
    "ix_unit_totals_label": "CREATE INDEX ix_unit_totals_label ON unit_totals (label)",
}


def _index_names(engine: Any, table: str) -> set[str]:
    return {ix["name"] for ix in inspect(engine).get_indexes(table)}


def test_upgrade_drops_the_retired_indexes_on_every_database(ledger_url: str) -> None:
    """A ledger from before decision 121 still has two indexes that only repeated another
    one's access path; ``upgrade`` drops them without re-resolving, and its figures and
    reads are as before."""
    engine = connect(ledger_url)
    ingest_document(engine, Document("r.txt", PLACED, published=dt.datetime(2025, 8, 21, 6, 30)))
    before = queries.night_detail(engine, dt.date(2025, 8, 21))
    with engine.begin() as conn:
        for sql in _OLD_INDEXES.values():
            conn.exec_driver_sql(sql)
    assert retired_indexes(engine) == sorted(_OLD_INDEXES)
    result = upgrade_ledger(engine)
    assert result == {
        "changes": [
            "dropped index ix_claims_target",
            "dropped index ix_night_places_night",
            "dropped index ix_unit_totals_label",
        ],
        "nights_resolved": 0,
    }
    assert "ix_claims_target" not in _index_names(engine, "claims")
    assert "ix_night_places_night" not in _index_names(engine, "night_places")
    assert "ix_unit_totals_label" not in _index_names(engine, "unit_totals")
    assert retired_indexes(engine) == []
    assert upgrade_ledger(engine) == {"changes": [], "nights_resolved": 0}
    assert queries.night_detail(engine, dt.date(2025, 8, 21)) == before
    assert before["regions"], "the report's places are read by night without their own index"


def test_a_new_ledger_has_no_retired_index(ledger_url: str) -> None:
    engine = connect(ledger_url)
    assert retired_indexes(engine) == []
    have = {n for t in ("claims", "night_places", "unit_totals") for n in _index_names(engine, t)}
    assert not set(_OLD_INDEXES) & have


def test_an_old_ledger_upgraded_from_the_command_line_loses_the_retired_indexes(
    tmp_path: Path,
) -> None:
    """Columns missing and retired indexes present: one ``upgrade`` fixes both."""
    db = _old_ledger(tmp_path)
    with sqlite3.connect(db) as conn:
        for sql in _OLD_INDEXES.values():
            conn.execute(sql)
    up = CliRunner().invoke(app, ["upgrade", "--db", str(db)])
    assert up.exit_code == 0, up.output
    assert "dropped index ix_claims_target" in up.stdout
    with sqlite3.connect(db) as conn:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert not set(_OLD_INDEXES) & names
    assert "sqlite_autoindex_night_places_1" in names  # uq_night_places serves reads by night
