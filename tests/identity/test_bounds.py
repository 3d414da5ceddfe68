"""A night in 2300 is refused on every write path with a clear error; the ledger unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.identity.conftest import is_574_row, rewrite, state
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.errors import InputError
from strikewatch.importer import import_dataset
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect
from strikewatch.readers.dataset import DatasetError

REPORT = "Overnight Russia launched 120 Shahed drones at Ukraine; 100 were shot down."


@pytest.fixture
def db(tmp_path: Path, real_ledger_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, path)
    return path


@pytest.mark.parametrize(
    ("column", "value"),
    [("time_end", "2300-01-01 08:00"), ("time_start", "2300-01-01"), ("time_end", "2021-05-01")],
)
def test_csv_row_out_of_range_is_refused(
    tmp_path: Path, db: Path, dataset_csv: Path, column: str, value: str
) -> None:
    lines: list[int] = []

    def change(line: int, row: dict[str, str]) -> dict[str, str]:
        if is_574_row(row):
            lines.append(line)
            row[column] = value
            if column == "time_start":
                row["time_end"] = value
        return row

    bad = rewrite(dataset_csv, tmp_path / "future.csv", change)
    before = state(db)
    with pytest.raises(DatasetError) as info:
        import_dataset(connect(db), bad)
    assert info.value.line == lines[0] and info.value.column in ("time_end", "time_start")
    assert "future.csv" in str(info.value) and "outside the accepted range" in str(info.value)
    assert state(db) == before


def test_text_ingest_out_of_range_is_refused(tmp_path: Path, db: Path) -> None:
    before = state(db)
    runner = CliRunner()
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(doc), "--night", "2300-01-01", "--db", str(db)])
    assert result.exit_code == 2 and "2300-01-01" in result.output
    assert "outside the accepted range" in result.output
    result = runner.invoke(
        app, ["ingest", str(doc), "--published", "2300-01-01T08:00", "--db", str(db)]
    )
    assert result.exit_code == 2 and "2300" in result.output
    with pytest.raises(InputError) as info:
        ingest_document(connect(db), Document(name="doc", text=REPORT, night=dt_2300()))
    assert info.value.field == "night" or "field 'night'" in str(info.value)
    assert state(db) == before


def test_jsonl_line_out_of_range_names_file_line_field(tmp_path: Path, db: Path) -> None:
    before = state(db)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": REPORT, "night": "2025-08-21"})
        + "\n"
        + json.dumps({"text": REPORT + " Again.", "night": "2300-01-01"})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 2
    assert "feed.jsonl, line 2, field 'night'" in result.output
    assert state(db) == before  # the documents are checked before any is stored


def dt_2300():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(2300, 1, 1)
