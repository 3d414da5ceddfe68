"""Hostile dataset and context-events CSVs: refused naming file, line and column, or stored as
inert text and escaped wherever it is shown; a refused file leaves the ledger unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.hostile_inputs.conftest import Run, fingerprint, refused

from strikewatch.readers.dataset import COLUMNS

HEADER = list(COLUMNS)
ROW = {
    "time_start": "2025-03-08 18:00",
    "time_end": "2025-03-09 08:00",
    "model": "Shahed-136/131",
    "target": "Ukraine",
    "launched": "120.0",
    "destroyed": "100.0",
    "source": "hostile/posts/1",
}


def dataset(tmp_path: Path, **changes: str) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerow({k: "" for k in HEADER} | ROW | {"source": "hostile/posts/0"})
    writer.writerow({k: "" for k in HEADER} | ROW | changes)
    path = tmp_path / "hostile.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


DATASET_CASES = {
    "NUL in model": ({"model": "Shahed\x00136"}, "line 3", "NUL"),
    "field over the CSV limit": ({"launch_place": "x" * 200_000}, "line 3"),
    "deeply nested details": ({"destroyed_details": "[" * 3000 + "]" * 3000}, "line 3"),
    "not a number": ({"launched": "lots"}, "line 3", "launched"),
    "not a date": ({"time_start": "yesterday"}, "line 3", "time_start"),
}


@pytest.mark.parametrize("case", DATASET_CASES)
def test_hostile_dataset_refused(case: str, cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    changes, *expected = DATASET_CASES[case]
    path = dataset(tmp_path, **changes)
    refused(cli, hostile_ledger, ["import", "dataset", str(path)], str(path), *expected)


def test_broken_bytes_refused(cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    path = dataset(tmp_path)
    path.write_bytes(path.read_bytes() + b'2025-03-10 18:00,"unterminated\n')
    refused(cli, hostile_ledger, ["import", "dataset", str(path)], str(path), "line 4")
    path.write_bytes(dataset(tmp_path).read_bytes().replace(b"Ukraine", b"Ukr\xffine", 1))
    refused(cli, hostile_ledger, ["import", "dataset", str(path)], str(path), "line 2", "UTF-8")


MARKUP = '=HYPERLINK("http://x")<script>alert(1)</script>\x1b[2J\x07'


def test_markup_in_dataset_is_inert(
    cli: Run, hostile_ledger: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formula, markup and control characters are stored as text and escaped in pages."""
    path = dataset(tmp_path, model=f"Geran {MARKUP}", launch_place=MARKUP)
    code, out = cli("import", "dataset", str(path))
    assert code == 0, out
    from strikewatch.web import create_app

    client = TestClient(create_app(hostile_ledger))
    page = client.get("/nights/2025-03-09")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    api = client.get("/api/nights/2025-03-09").json()
    assert any(MARKUP in (f["model"] or "") for f in api["figures"])  # stored exactly


EVENT_HEADER = "date,end_date,kind,title,actors,source_url,note\n"
EVENT_CASES = {
    "bad date": ("2025-13-40,,energy,t,,,\n", "csv:2: date"),
    "end before start": ("2025-03-09,2025-03-01,energy,t,,,\n", "csv:2: end_date"),
    "script URL": ("2025-03-09,,energy,t,,javascript:alert(1),\n", "csv:2: source_url"),
    "NUL in title": ("2025-03-09,,energy,a\x00b,,,\n", "csv:2", "NUL"),
    "huge title": (f"2025-03-09,,energy,{'t' * 200_000},,,\n", "csv:2", "field limit"),
}


@pytest.mark.parametrize("case", EVENT_CASES)
def test_hostile_events_refused(case: str, cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    row, *expected = EVENT_CASES[case]
    path = tmp_path / "events.csv"
    path.write_text(EVENT_HEADER + row, encoding="utf-8")
    refused(cli, hostile_ledger, ["import", "events", str(path)], str(path), *expected)


def test_markup_in_events_is_escaped(cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["2025-03-09", "", "energy", MARKUP, "", "", ""])
    path.write_text(EVENT_HEADER + out.getvalue(), encoding="utf-8")
    before = fingerprint(hostile_ledger)
    code, out = cli("import", "events", str(path))
    assert code == 0, out
    assert fingerprint(hostile_ledger) != before
    from strikewatch.web import create_app

    page = TestClient(create_app(hostile_ledger)).get("/timeline")
    assert page.status_code == 200 and "<script>alert" not in page.text


@pytest.mark.parametrize("field", ["title", "note", "actors"])
def test_api_events_refuse_nul(
    field: str, hostile_ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strikewatch.web import create_app

    monkeypatch.setenv("STRIKEWATCH_TOKEN", "hostile-token")
    event = {"date": "2025-03-09", "kind": "energy", "title": "t", "note": "n", "actors": ["UA"]}
    event[field] = ["a\u0000"] if field == "actors" else "a\u0000"
    before = fingerprint(hostile_ledger)
    answer = TestClient(create_app(hostile_ledger)).post(
        "/api/events", json=[event], headers={"Authorization": "Bearer hostile-token"}
    )
    assert answer.status_code == 422 and f"events[0].{field}: contains a NUL" in answer.text
    assert fingerprint(hostile_ledger) == before
