"""Copies of the real file with one thing changed, built at run time (never committed)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from strikewatch.ledger import connect
from strikewatch.ledger.schema import attacks, claims, imports, sources
from strikewatch.readers.dataset import COLUMNS

#: The Air Force's row for the night of 20→21 August 2025 (574 Shaheds launched).
NIGHT = "2025-08-21"


def rewrite(
    src: Path, dst: Path, change: Callable[[int, dict[str, str]], dict[str, str] | None]
) -> Path:
    """Copy ``src`` row by row through ``change(line, row)``; None drops the row."""
    with src.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for line, row in enumerate(rows, start=2):
        changed = change(line, dict(row))
        if changed is not None:
            writer.writerow(changed)
    dst.write_text(out.getvalue(), encoding="utf-8")
    return dst


def is_574_row(row: dict[str, str]) -> bool:
    return (
        row["time_end"] == "2025-08-21 09:00"
        and row["model"] == "Shahed-136/131"
        and row["launched"].strip() == "574.0"
    )


_POINT_ZERO = re.compile(r"(?<![\w.])(\d+)\.0(?![\w.])")


def integers(_line: int, row: dict[str, str]) -> dict[str, str]:
    """What a spreadsheet writes: every ``N.0`` as ``N``, inside literal cells too."""
    return {k: v if k == "source" else _POINT_ZERO.sub(r"\1", v) for k, v in row.items()}


@pytest.fixture
def corrected_csv(tmp_path: Path, dataset_csv: Path) -> Path:
    """The real file with 574 → 580 on the 2025-08-21 Shahed row (an upstream correction)."""
    hits = []

    def change(line: int, row: dict[str, str]) -> dict[str, str]:
        if is_574_row(row):
            hits.append(line)
            row["launched"] = "580.0"
        return row

    path = rewrite(dataset_csv, tmp_path / "corrected.csv", change)
    assert len(hits) == 1
    return path


def state(db: Path) -> tuple[int, ...]:
    """Row counts of the tables a write could change ("the ledger unchanged")."""
    with connect(db).connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (sources, claims, attacks, imports)
        )
