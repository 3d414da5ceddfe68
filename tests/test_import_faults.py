"""Bad input stops the import with an error naming file, line and column; the ledger is unchanged.

Malformed files are built from the real file at run time (never committed), so the faults
sit among real rows.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from strikewatch.importer import import_dataset
from strikewatch.ledger import connect
from strikewatch.ledger.schema import attacks, claims, sources
from strikewatch.readers.dataset import DatasetError


def counts(engine) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (sources, claims, attacks)
        )  # type: ignore[return-value]


@pytest.fixture
def seeded(tmp_path: Path, dataset_csv: Path):  # type: ignore[no-untyped-def]
    """A ledger already holding the first 1,000 real rows, so 'unchanged' means something."""
    lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    part = tmp_path / "part.csv"
    part.write_text("".join(lines[:1001]), encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'seeded.sqlite'}")
    import_dataset(engine, part)
    return engine, lines


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_wrong_header(tmp_path: Path, seeded) -> None:  # type: ignore[no-untyped-def]
    engine, lines = seeded
    before = counts(engine)
    bad = write(
        tmp_path, "header.csv", [lines[0].replace("launched,", "fired,", 1), *lines[1:3000]]
    )
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert info.value.line == 1
    assert (
        "header.csv" in str(info.value)
        and "'launched'" in str(info.value)
        and "'fired'" in str(info.value)
    )
    assert counts(engine) == before


def test_bad_number_names_line_and_column(tmp_path: Path, seeded) -> None:  # type: ignore[no-untyped-def]
    engine, lines = seeded
    before = counts(engine)
    broken = list(lines[:3000])
    # row on line 2500: replace its launched value with a word
    fields = broken[2499].split(",")
    row = broken[2499]
    import csv
    import io

    parsed = next(csv.reader(io.StringIO(row)))
    parsed[6] = "many"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(parsed)
    broken[2499] = out.getvalue()
    assert fields  # the original line had fields
    bad = write(tmp_path, "number.csv", broken)
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert (info.value.line, info.value.column) == (2500, "launched")
    assert "'many'" in str(info.value)
    assert counts(engine) == before


def test_truncated_file(tmp_path: Path, seeded) -> None:  # type: ignore[no-untyped-def]
    engine, lines = seeded
    before = counts(engine)
    text = "".join(lines[:2000])
    bad = tmp_path / "truncated.csv"
    bad.write_text(text[: len(text) - 120], encoding="utf-8")  # cut in the middle of the last row
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert info.value.line == 2000
    assert "truncated" in str(info.value)
    assert counts(engine) == before


def test_non_utf8(tmp_path: Path, seeded) -> None:  # type: ignore[no-untyped-def]
    engine, lines = seeded
    before = counts(engine)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(
        "".join(lines[:1500]).encode("utf-8")
        + "2024-01-01,2024-01-01,Молнія".encode("cp1251")
        + b"\n"
    )
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert info.value.line == 1501
    assert "UTF-8" in str(info.value)
    assert counts(engine) == before


def test_hostile_literal_is_an_error_not_code(tmp_path: Path, seeded) -> None:  # type: ignore[no-untyped-def]
    engine, lines = seeded
    before = counts(engine)
    marker = tmp_path / "pwned"
    import csv
    import io

    row = next(csv.reader(io.StringIO(lines[1])))
    row[10] = f"__import__('pathlib').Path('{marker}').touch()"  # border_crossing
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    bad = write(tmp_path, "hostile.csv", [lines[0], out.getvalue()])
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert info.value.column == "border_crossing"
    assert not marker.exists()
    assert counts(engine) == before


def test_cli_reports_error_and_exit_code(tmp_path: Path, dataset_csv: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    bad = tmp_path / "empty.csv"
    bad.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["import", "dataset", str(bad), "--db", str(tmp_path / "x.sqlite")]
    )
    assert result.exit_code == 2
    assert "empty.csv" in result.output and "nothing was written" in result.output
    missing = CliRunner().invoke(
        app, ["import", "dataset", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.sqlite")]
    )
    assert missing.exit_code == 2 and "not found" in missing.output


def test_killed_import_leaves_ledger_consistent(tmp_path: Path) -> None:
    """SIGKILL an import of a large synthetic file midway: the ledger keeps its old state."""
    from strikewatch.synth import write_synthetic

    db = tmp_path / "killed.sqlite"
    small = tmp_path / "small.csv"
    write_synthetic(small, rows=600, seed=3)
    engine = connect(db)
    import_dataset(engine, small, synthetic=True)
    before = counts(engine)
    big = tmp_path / "big.csv"
    write_synthetic(big, rows=300_000, seed=4)
    code = (
        "import sys; from strikewatch.ledger import connect; from strikewatch.importer import import_dataset;"
        "import_dataset(connect(sys.argv[1]), sys.argv[2], synthetic=True, progress=lambda n: print(n, flush=True))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), str(big)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    progressed = 0
    deadline = time.monotonic() + 120
    while progressed < 20_000 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        progressed += int(line)
    assert progressed >= 20_000, "the import should have written several chunks before the kill"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    from strikewatch.ledger import connection

    connection._ENGINES.clear()
    assert counts(connect(db)) == before
    # and the same import then completes normally
    report = import_dataset(connect(db), small, synthetic=True)
    assert report.claims_written == 0
