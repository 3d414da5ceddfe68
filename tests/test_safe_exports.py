"""CSV exports never start a cell a spreadsheet would run; the terminal shows data, not
escape sequences or markup."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.hostile import ledger_with_rows
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.output import PLAIN_NUMBER, csv_cell, escape_controls

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_claims_csv_never_starts_a_cell_with_a_formula(
    real_ledger_path: Path, dataset_csv: Path, tmp_path: Path
) -> None:
    row = (
        '2026-06-09 18:00,2026-06-10 08:00,"=HYPERLINK(""http://x"",""y"")",'
        '"@SUM(1+1)",Ukraine,,12.0,10.0,,,,,,,,,,,,,,kpszsu/posts/formula'
    )
    ledger = ledger_with_rows(real_ledger_path, dataset_csv, tmp_path, [row])
    out = CliRunner().invoke(app, ["claims", "--csv", "--limit", "100000", "--db", str(ledger)])
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout)))
    cells = [c for r in rows[1:] for c in r]
    assert len(rows) > 10_000  # the whole real ledger, not a toy
    risky = [c for c in cells if c.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(c)]
    assert risky == []
    assert not any(c.startswith("=") for c in cells)
    # the hostile values are still there, visibly neutralised, not dropped
    assert '\'=HYPERLINK("http://x","y")' in cells


def test_csv_cell_rule() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("\t=1") == "'\t=1" and csv_cell("\r=1") == "'\r=1"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("-3") == "-3" and csv_cell("+1.5e3") == "+1.5e3"  # plain numbers stay
    assert csv_cell(-3) == -3 and csv_cell(None) is None
    assert csv_cell("Shahed-136") == "Shahed-136"


def test_terminal_escapes_controls_and_markup(
    real_ledger_path: Path, dataset_csv: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from strikewatch import output

    monkeypatch.setattr(output.console, "width", 400)  # a wide terminal: no cell truncated
    row = (
        '2026-06-09 18:00,2026-06-10 08:00,"Geran\x1b[2J\x1b[31m[bold red]X[/]",'
        "Kursk oblast,Ukraine,,12.0,10.0,,,,,,,,,,,,,,kpszsu/posts/escape"
    )
    ledger = ledger_with_rows(real_ledger_path, dataset_csv, tmp_path, [row])
    out = CliRunner().invoke(app, ["claims", "2026-06-10", "--db", str(ledger)])
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.stdout
    assert "\\x1b[2J" in out.stdout
    assert "[bold red]X[/]" in out.stdout  # shown as text, not applied as a style
    assert escape_controls("a\u202eb\x00c\x9bd\ne\tf") == "a\\u202eb\\x00c\\x9bd\ne\tf"
