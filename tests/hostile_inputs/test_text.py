"""Hostile texts: NUL refused, other control characters stored alike, HTML escaped on output.

The same on SQLite and PostgreSQL: PostgreSQL cannot store NUL in text, so a NUL is refused
everywhere (CLI file, .jsonl, API) with the file/field and line named, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.hostile_inputs.conftest import BENIGN, Run, fingerprint, refused

from strikewatch.ledger import connect
from strikewatch.ledger.schema import sources

CONTROL = "\x1b[31mred\x1b[0m \x07bell \u202eevil\u202c zero\u200bwidth \x08\x0b\x0c\x7f"
SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_nul_after_first_8_kib_refused(cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    path.write_bytes(((BENIGN + "\n") * 200).encode() + b"\x00 tail\n")
    refused(cli, hostile_ledger, ["ingest", str(path)], str(path), "line 201", "NUL")


def test_control_characters_stored_exactly(cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    text = BENIGN.replace("120", "122") + " " + CONTROL
    path = tmp_path / "control.txt"
    path.write_text(text, encoding="utf-8")
    code, out = cli("ingest", str(path), "--publisher", f"pub {CONTROL}")
    assert code == 0, out
    with connect(hostile_ledger).connect() as conn:
        stored = conn.execute(select(sources.c.text, sources.c.publisher).order_by(sources.c.id))
        rows = stored.all()
    assert (rows[-1].text, rows[-1].publisher) == (text, f"pub {CONTROL}")


@pytest.fixture
def client(hostile_ledger: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    from strikewatch.web import create_app

    monkeypatch.setenv("STRIKEWATCH_TOKEN", "hostile-token")
    return TestClient(create_app(hostile_ledger))


AUTH = {"Authorization": "Bearer hostile-token"}


@pytest.mark.parametrize("field", ["text", "publisher", "url"])
def test_api_refuses_nul(field: str, client: TestClient, hostile_ledger: str) -> None:
    body = {"text": BENIGN, "url": "https://example.org/r"} | {field: "https://x\u0000"}
    before = fingerprint(hostile_ledger)
    answer = client.post("/api/ingest", json=body, headers=AUTH)
    assert answer.status_code == 422, answer.text
    assert f"{field}: contains a NUL" in answer.json()["detail"]
    assert fingerprint(hostile_ledger) == before


def test_html_report_and_fields_are_escaped(client: TestClient, tmp_path: Path) -> None:
    html = f"<html><body><p>{BENIGN.replace('120', '123')}</p>{SCRIPT}</body></html>"
    saved = client.post(
        "/api/ingest",
        json={"text": html, "publisher": SCRIPT, "url": "https://example.org/<b>"},
        headers=AUTH,
    )
    assert saved.status_code == 201, saved.text
    for path in ("/nights/2025-03-09", "/", "/timeline"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, path
    night = client.get("/nights/2025-03-09").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in night  # the publisher, escaped
    assert "123 Shahed drones" in night  # the report's figure is there, its markup is not
