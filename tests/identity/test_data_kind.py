"""A ledger is real or synthetic, never both (issue 9, item 4)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.identity.conftest import state
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.errors import Conflict
from strikewatch.importer import import_dataset
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect
from strikewatch.ledger.schema import ledger_meta, sources
from strikewatch.synth import write_synthetic


@pytest.fixture
def synthetic_ledger(tmp_path: Path) -> Path:
    csv = tmp_path / "synth.csv"
    write_synthetic(csv, rows=600, seed=2)
    db = tmp_path / "synthetic.sqlite"
    import_dataset(connect(db), csv, synthetic=True)
    return db


def test_real_file_into_synthetic_ledger_fails_clearly(
    synthetic_ledger: Path, dataset_csv: Path
) -> None:
    before = state(synthetic_ledger)
    with pytest.raises(Conflict) as info:
        import_dataset(connect(synthetic_ledger), dataset_csv)
    assert "holds synthetic data" in str(info.value) and "nothing was written" in str(info.value)
    assert state(synthetic_ledger) == before
    result = CliRunner().invoke(
        app, ["import", "dataset", str(dataset_csv), "--db", str(synthetic_ledger)]
    )
    assert result.exit_code == 2 and "holds synthetic data" in result.output
    with pytest.raises(Conflict):
        ingest_document(
            connect(synthetic_ledger),
            Document(name="t", text="Overnight Russia launched 50 Shahed drones at Ukraine."),
        )
    assert state(synthetic_ledger) == before


def test_synthetic_into_real_ledger_fails(tmp_path: Path, real_ledger_path: Path) -> None:
    db = tmp_path / "real.sqlite"
    shutil.copy(real_ledger_path, db)
    before = state(db)
    csv = tmp_path / "synth.csv"
    write_synthetic(csv, rows=100, seed=3)
    result = CliRunner().invoke(
        app, ["import", "dataset", str(csv), "--synthetic", "--db", str(db)]
    )
    assert result.exit_code == 2 and "holds real data" in result.output
    assert state(db) == before
    with connect(db).connect() as conn:
        assert conn.execute(select(ledger_meta.c.value)).scalar_one() == "real"


def test_demo_keeps_synthetic_data_in_its_own_ledger(
    tmp_path: Path, real_ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The offline demo falls back to synthetic data and never writes it into a real ledger."""
    db = tmp_path / "demo" / "ledger.sqlite"
    db.parent.mkdir()
    shutil.copy(real_ledger_path, db)
    before = state(db)
    monkeypatch.setenv("STRIKEWATCH_DATASET_URL", "http://127.0.0.1:9/none.csv")  # no server
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    result = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    synthetic = db.with_name("synthetic.sqlite")
    assert str(synthetic) in result.output and "SYNTHETIC" in result.output
    assert state(db) == before
    with connect(synthetic).connect() as conn:
        assert conn.execute(select(ledger_meta.c.value)).scalar_one() == "synthetic"
        assert conn.execute(select(func.count()).select_from(sources)).scalar_one() > 0
    assert (
        json.loads(CliRunner().invoke(app, ["info", "--json", "--db", str(db)]).output)[
            "synthetic_sources"
        ]
        == 0
    )
