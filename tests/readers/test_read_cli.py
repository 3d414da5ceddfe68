"""CLI tests for `read` and `ingest` with typer.testing.CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from strikewatch.commands.read import register

runner = CliRunner()
REPORT = (
    "У ніч на 21 серпня противник атакував 100 ударними БпЛА. Збито/подавлено 80 ворожих БпЛА.\n"
)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_read_json(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    res = runner.invoke(_app(), ["read", str(f), "--published", "2025-08-21T09:00", "--json"])
    assert res.exit_code == 0, res.output
    objs = json.loads(res.stdout)
    keys = {
        "kind",
        "weapon_class",
        "model",
        "outcome",
        "value",
        "low",
        "high",
        "night",
        "place",
        "target_category",
        "killed",
        "injured",
        "attribution",
        "span",
        "text",
        "is_total",
        "status",
        "hedged",
        "flags",
    }
    assert keys <= set(objs[0])
    assert {(o["outcome"], o["value"], o["night"]) for o in objs} == {
        ("launched", 100, "2025-08-21"),
        ("destroyed", 80, "2025-08-21"),
    }


def test_read_stdin_table() -> None:
    res = runner.invoke(_app(), ["read", "-"], input=REPORT)
    assert res.exit_code == 0 and "2 claims" in res.stdout and "night_year_unknown" in res.stdout


def test_bad_files_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Kyiv \xe9t\xe9".encode("latin-1"))
    for f in (empty, binary, latin, tmp_path / "missing.txt"):
        res = runner.invoke(_app(), ["read", str(f)])
        assert res.exit_code == 2
        assert f.name in res.output


def test_ingest_is_idempotent(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")
    db = str(tmp_path / "ledger.sqlite")
    args = ["ingest", str(f), "--published", "2025-08-21T09:00", "--db", db, "--json"]
    first = runner.invoke(_app(), args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["claims_written"] == 2
    second = runner.invoke(_app(), args)
    assert second.exit_code == 0
    assert json.loads(second.stdout)["claims_written"] == 0


def test_read_refuses_a_document_over_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "big.txt"
    f.write_text(REPORT * 10, encoding="utf-8")
    monkeypatch.setenv("STRIKEWATCH_MAX_DOCUMENT_CHARS", "100")
    res = runner.invoke(_app(), ["read", str(f), "--json"])
    assert res.exit_code == 2
    assert "big.txt" in res.output and "limit of 100" in res.output
    assert not res.stdout.lstrip().startswith("[")  # no claims printed
    monkeypatch.setenv("STRIKEWATCH_MAX_DOCUMENT_CHARS", str(len(REPORT) * 10))
    assert runner.invoke(_app(), ["read", str(f), "--json"]).exit_code == 0
