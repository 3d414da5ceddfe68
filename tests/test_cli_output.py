"""One output contract for every command that prints a table (issue 12), on the real ledger.

``--csv`` prints the same columns as the ``--json`` rows; an empty listing exits 1 with one
line on stderr (and ``[]`` under ``--json``); ``--json --csv`` together is bad input (exit 2);
``--by`` and ``--class`` take the same count words and a wrong one lists the valid ones.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.commands.reference import leaf_commands
from strikewatch.domain import COUNT_KINDS, WeaponClass

runner = CliRunner()

#: Every command with --csv: its arguments on the real ledger and where its rows sit in the
#: JSON (an empty path: the JSON is the list of rows).
CASES: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "nights": (["nights", "--since", "2025-08-01", "--until", "2025-08-31"], ()),
    "night": (["night", "2025-08-21"], ("figures",)),
    "top": (["top", "--year", "2025"], ()),
    "claims": (["claims", "2025-08-21"], ()),
    "context": (["context", "2025-08-21", "--events-file", "{events}"], ("events",)),
    "analyze top": (["analyze", "top", "--year", "2025", "--by", "missiles"], ()),
    "analyze interception": (["analyze", "interception", "--class", "drones"], ()),
    "analyze check": (
        ["analyze", "check", "record-breaking", "--night", "2026-02-03"],
        ("evidence",),
    ),
    "analyze regimes": (["analyze", "regimes"], ("catalogued",)),
    "analyze saturation": (["analyze", "saturation", "--adjust", "none"], ("effects",)),
    "analyze tempo": (["analyze", "tempo", "--by", "quarter"], ("rows",)),
    "analyze campaigns": (["analyze", "campaigns"], ("runs",)),
    "analyze lulls": (["analyze", "lulls", "--no-test"], ("lulls", "runs")),
    "analyze changepoints": (["analyze", "changepoints"], ("segments",)),
    "analyze targeting": (["analyze", "targeting", "--by", "year"], ("regions", "rows")),
    "analyze events": (
        ["analyze", "events", "--kind", "diplomacy", "--events-file", "{events}"],
        ("sensitivity",),
    ),
    "analyze hypotheses": (
        ["analyze", "hypotheses", "--windows", "3", "--events-file", "{events}"],
        ("tests",),
    ),
    "strain project": (["strain", "project", "--days", "30", "--runs", "200"], ("layers",)),
}

#: Commands with --csv whose rows exist only in some ledgers: tested for the empty case below.
EMPTY_ONLY = {"watch": ["watch", "--pending"], "read": ["read", "-"]}


def _csv_commands() -> set[str]:
    return {
        " ".join(path)
        for path, command in leaf_commands(typer.main.get_command(app))
        if any("--csv" in getattr(p, "opts", ()) for p in command.params)
    }


def _run(args: list[str], db: Path, stdin: str | None = None) -> Any:
    return runner.invoke(app, [*args, "--db", str(db)], input=stdin)


def _args(name: str, events: Path) -> list[str]:
    return [a.replace("{events}", str(events)) for a in CASES[name][0]]


def test_every_command_with_csv_is_walked() -> None:
    assert _csv_commands() == set(CASES) | set(EMPTY_ONLY)


@pytest.mark.parametrize("name", sorted(CASES))
def test_csv_header_is_the_keys_of_the_json_rows(name: str, real_ledger_path, events_csv) -> None:
    args = _args(name, events_csv)
    as_json = _run([*args, "--json"], real_ledger_path)
    assert as_json.exit_code == 0, as_json.output
    rows: Any = json.loads(as_json.stdout)
    for key in CASES[name][1]:
        rows = rows[key]
    assert rows, f"{name}: the real ledger gives rows"
    keys = {k for r in rows for k in r}
    as_csv = _run([*args, "--csv"], real_ledger_path)
    assert as_csv.exit_code == 0, as_csv.output
    table = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert set(table[0]) == keys and len(table[0]) == len(keys)
    assert len(table) == len(rows) + 1
    assert "┃" not in as_csv.stdout and "{" not in table[0][0]


def test_csv_keeps_unknown_empty_and_nested_values_as_json(real_ledger_path) -> None:
    out = _run(["top", "--year", "2025", "--unit", "night", "--csv"], real_ledger_path)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert json.loads(rows[0]["waves"]) and isinstance(json.loads(rows[0]["waves"]), list)
    night = _run(["night", "2025-08-21", "--csv"], real_ledger_path)
    figures = list(csv.DictReader(io.StringIO(night.stdout)))
    assert any(f["still_airborne"] == "" for f in figures)  # unknown is empty, never 0
    assert all(isinstance(json.loads(f["sources"]), list) for f in figures)


@pytest.fixture()
def empty_ledger(tmp_path: Path, real_ledger_path: Path) -> Path:
    """A copy of the real ledger: empty answers come from real data asked the wrong thing."""
    path = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, path)
    return path


EMPTY_LISTINGS = {
    "nights": ["nights", "--since", "2030-01-01", "--until", "2030-01-02"],
    "nights --class": ["nights", "--class", "anti_radar_missile", "--until", "2022-10-01"],
    "top": ["top", "--year", "2021"],
    "claims": ["claims", "2021-01-01"],
    "context": ["context", "2022-03-01", "--days", "0", "--events-file", "{events}"],
    "analyze top": ["analyze", "top", "--year", "2021"],
    "analyze interception": ["analyze", "interception", "--model", "No Such Model"],
    "watch --pending": EMPTY_ONLY["watch"],
}


@pytest.mark.parametrize("name", sorted(EMPTY_LISTINGS))
@pytest.mark.parametrize("fmt", ["table", "--json", "--csv"])
def test_an_empty_listing_exits_1_with_one_line(name, fmt, empty_ledger, events_csv) -> None:
    args = [a.replace("{events}", str(events_csv)) for a in EMPTY_LISTINGS[name]]
    result = _run([*args] + ([] if fmt == "table" else [fmt]), empty_ledger)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "error" not in result.stderr
    if fmt == "--json":  # still valid JSON: the empty list (context: its empty events)
        data = json.loads(result.stdout)
        assert data == [] or data["events"] == []
    else:
        assert result.stdout.strip() == ""


def test_read_csv_of_a_text_without_claims_exits_1(real_ledger_path) -> None:
    result = _run(["read", "-", "--csv"], real_ledger_path, stdin="Доброго ранку.\n")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no claims" in result.stderr


def test_json_and_csv_together_is_bad_input(real_ledger_path) -> None:
    for args in (["top"], ["nights"], ["analyze", "tempo"], ["claims"]):
        result = _run([*args, "--json", "--csv"], real_ledger_path)
        assert result.exit_code == 2 and "choose one" in result.stderr
        assert result.stdout == ""


def test_by_and_class_share_one_vocabulary(real_ledger_path) -> None:
    alias = _run(["top", "--by", "strike_drone", "--n", "3", "--json"], real_ledger_path)
    by = json.loads(alias.stdout)
    assert by == json.loads(_run(["top", "--n", "3", "--json"], real_ledger_path).stdout)
    assert by[0]["value"] == 810  # the largest drone wave of the real file
    nights = _run(["nights", "--class", "drones", "--since", "2025-08-21", "--until", "2025-08-21",
                   "--json"], real_ledger_path)  # fmt: skip
    assert json.loads(nights.stdout)[0]["launched"] == 574  # the same word, the same count
    shares = _run(["analyze", "interception", "--class", "drones", "--json"], real_ledger_path)
    same = _run(["analyze", "interception", "--class", "strike_drone", "--json"], real_ledger_path)
    assert json.loads(shares.stdout) == json.loads(same.stdout)


@pytest.mark.parametrize(
    "args",
    [["top", "--by", "shaheds"], ["nights", "--class", "shaheds"],
     ["analyze", "interception", "--class", "shaheds"], ["analyze", "campaigns", "--by", "shaheds"]],
)  # fmt: skip
def test_a_wrong_count_word_lists_the_valid_ones(args, real_ledger_path) -> None:
    result = _run(args, real_ledger_path)
    assert result.exit_code == 2 and result.stdout == ""
    message = " ".join(result.stderr.split())
    assert "'shaheds'" in message and all(kind in message for kind in COUNT_KINDS)
    if "--class" in args:
        assert WeaponClass.RECON_DRONE.value in message


def test_resolve_since_until_rebuilds_only_those_nights(empty_ledger) -> None:
    result = _run(["resolve", "--since", "2025-08-20", "--until", "2025-08-22", "--json"],
                  empty_ledger)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"nights_resolved": 3}
    after = _run(["night", "2025-08-21", "--json"], empty_ledger)
    assert json.loads(after.stdout)["totals"]["drones"]["launched"] == 574


def test_a_wrong_claim_kind_is_bad_input_not_an_empty_listing(real_ledger_path) -> None:
    result = _run(["claims", "--kind", "counts"], real_ledger_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert "'counts'" in result.stderr and "casualties" in result.stderr
