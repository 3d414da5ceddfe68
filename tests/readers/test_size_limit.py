"""The per-document size limit applies to every way a text enters, not only ``read``.

``ingest`` of a file, a directory and JSON Lines, and a ``Document`` built by the API or the
follower, are all refused over the limit, naming the document and the limit, with nothing
stored (a later run with a higher limit still finds everything to write).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from strikewatch.commands.read import register
from strikewatch.errors import InputError
from strikewatch.ingest import Document
from strikewatch.readers.text.limits import ENV, check_document_size, max_document_chars

runner = CliRunner()
REPORT = (
    "У ніч на 21 серпня противник атакував 100 ударними БпЛА. Збито/подавлено 80 ворожих БпЛА.\n"
)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _ingest(target: Path, db: Path) -> Result:
    args = ["ingest", str(target), "--published", "2025-08-21T09:00", "--db", str(db), "--json"]
    return runner.invoke(_app(), args)


def test_ingest_of_a_directory_refuses_an_oversized_file_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_small.txt").write_text(REPORT, encoding="utf-8")
    (src / "b_big.txt").write_text(REPORT * 3, encoding="utf-8")
    db = tmp_path / "ledger.sqlite"
    monkeypatch.setenv(ENV, str(len(REPORT) * 2))
    res = _ingest(src, db)
    assert res.exit_code == 2
    assert "b_big.txt" in res.output and f"limit of {len(REPORT) * 2:,}" in res.output
    assert "a_small.txt" not in res.output
    monkeypatch.setenv(ENV, str(len(REPORT) * 3))
    again = _ingest(src, db)
    assert again.exit_code == 0, again.output
    fresh = _ingest(src, tmp_path / "fresh.sqlite")
    written = json.loads(again.stdout)["claims_written"]
    assert written > 0 and written == json.loads(fresh.stdout)["claims_written"]  # none before


def test_ingest_of_json_lines_names_the_line_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "posts.jsonl"
    lines = [json.dumps({"text": REPORT}), json.dumps({"text": REPORT * 5})]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv(ENV, str(len(REPORT) * 2))
    res = _ingest(f, tmp_path / "ledger.sqlite")
    assert res.exit_code == 2
    assert "posts.jsonl:2" in res.output and "over the limit" in res.output
    assert "posts.jsonl:1" not in res.output


def test_a_document_built_by_the_api_or_the_follower_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, "50")
    with pytest.raises(InputError) as err:
        Document(name="channel/123", text="x" * 51)
    assert err.value.where == "channel/123" and err.value.field == "text"
    assert "51 characters" in str(err.value) and "limit of 50" in str(err.value)
    assert Document(name="channel/124", text="x" * 50).text == "x" * 50  # at the limit: fine


def test_the_limit_setting_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert max_document_chars() == 5_000_000
    for bad in ("lots", "0", "-3"):
        monkeypatch.setenv(ENV, bad)
        with pytest.raises(InputError, match=ENV):
            max_document_chars()
    check_document_size("abc", "f.txt", limit=3)
    with pytest.raises(InputError, match=r"f\.txt"):
        check_document_size("abcd", "f.txt", limit=3)
