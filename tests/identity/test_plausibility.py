"""Implausible values are warned about by row, kept out of figures and rankings, never silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.identity.conftest import NIGHT, is_574_row, rewrite
from typer.testing import CliRunner

from strikewatch.catalog.plausibility import count_problem, excess_problem
from strikewatch.cli import app
from strikewatch.importer import import_dataset
from strikewatch.ledger import connect, queries
from strikewatch.ledger.history import claims_view
from strikewatch.tables import COUNT_KINDS, top_nights


def corrupt(tmp_path: Path, dataset_csv: Path, column: str, value: str) -> tuple[Path, int]:
    lines: list[int] = []

    def change(line: int, row: dict[str, str]) -> dict[str, str]:
        if is_574_row(row):
            lines.append(line)
            row[column] = value
        return row

    return rewrite(dataset_csv, tmp_path / "corrupt.csv", change), lines[0]


def largest(engine) -> float:  # type: ignore[no-untyped-def]
    nightly = queries.nightly(engine)
    return max(float(top_nights(nightly, kind, n=1)["value"].max()) for kind in COUNT_KINDS)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("launched", "1e30"),
        ("launched", "1e308"),
        ("destroyed", "5000000"),
        ("destroyed", "600.0"),  # 600 destroyed of 574 launched
        ("destroyed_details", "{'west': -42, 'south': 15}"),
    ],
)
def test_implausible_row_warns_and_is_not_stored(
    tmp_path: Path, dataset_csv: Path, column: str, value: str
) -> None:
    path, line = corrupt(tmp_path, dataset_csv, column, value)
    engine = connect(tmp_path / "l.sqlite")
    report = import_dataset(engine, path)
    warned = [w for w in report.warnings if w.kind == "implausible"]
    assert [w.row for w in warned] == [line] and report.implausible_rows == [line]
    assert report.sources_written == 3769
    assert largest(engine) < 5000  # in no ranking, of any kind
    assert all(
        c["value"] is None or c["value"] < 5000 for c in claims_view(engine, NIGHT, limit=10_000)
    )


def test_accept_implausible_stores_it_flagged_never_counted(
    tmp_path: Path, dataset_csv: Path
) -> None:
    path, line = corrupt(tmp_path, dataset_csv, "launched", "1e30")
    db = tmp_path / "l.sqlite"
    result = CliRunner().invoke(app, ["import", "dataset", str(path), "--db", str(db)])
    assert result.exit_code == 0
    assert f"row {line}: implausible" in result.output and "NOT stored" in result.output
    result = CliRunner().invoke(
        app, ["import", "dataset", str(path), "--accept-implausible", "--json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["sources_written"] == 1 and report["implausible_rows"] == []
    engine = connect(db)
    assert largest(engine) < 5000
    stored = [c for c in claims_view(engine, NIGHT, limit=10_000) if c["value"] == 1e30]
    assert len(stored) == 1 and stored[0]["flags"] == ["implausible"]
    detail = queries.night_detail(engine, NIGHT)
    assert detail is not None
    used = {s["claim_id"] for f in detail["figures"] for s in f["sources"] + f["supporting"]}
    assert stored[0]["id"] not in used
    shahed = [f for f in detail["figures"] if f["model"] == "Shahed-136/131"]
    assert all(f["launched"] != 1e30 for f in shahed)


def test_bounds_are_documented_figures() -> None:
    assert count_problem("launched", 810) is None  # the largest real wave
    assert count_problem("launched", 5001) and count_problem("hit", 1001)
    assert count_problem("destroyed", -1) and count_problem("launched", float("nan"))
    assert excess_problem(574, 576) is None and excess_problem(574, 600)
    assert excess_problem(None, 600) is None  # unknown launched: nothing to compare
