"""The ``analyze`` and ``context`` commands' JSON contracts on the real ledger."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from strikewatch.commands import analyze
from strikewatch.commands.context import register

runner = CliRunner()


def _json(args: list[str]) -> object:
    result = runner.invoke(analyze.app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rank_and_check(real_ledger_path):
    db = ["--db", str(real_ledger_path), "--json"]
    rank = _json(["rank", "2025-08-21", "--by", "drones", "--scope", "year", *db])
    assert {"night", "by", "value", "rank_at_the_time", "rank_now", "nights_compared"} <= set(rank)
    assert rank["value"] == 574
    check = _json(["check", "record-breaking", "--night", "2026-02-03", *db])
    assert check["verdict"] == "not_supported" and check["counts_judged"] == ["total"]
    assert {"count", "value", "scope", "rank_at_the_time", "rank_now", "nights_compared"} <= set(
        check["evidence"][0]
    )


def test_interception_and_events(real_ledger_path, events_csv):
    db = ["--db", str(real_ledger_path), "--json"]
    rows = _json(["interception", "--class", "strike_drone", "--by", "quarter", *db])
    assert {"period", "launched", "destroyed", "lost_ew", "share_destroyed", "low", "high"} <= set(
        rows[0]
    )
    ev = _json(
        ["events", "--kind", "diplomacy", "--window", "3", "--events-file", str(events_csv), *db]
    )
    assert {"n_events", "effect", "p_value", "method", "sentence"} <= set(ev)


def test_bad_input_exits_2(real_ledger_path):
    result = runner.invoke(analyze.app, ["rank", "2025-02-30", "--db", str(real_ledger_path)])
    assert result.exit_code == 2
    result = runner.invoke(
        analyze.app, ["rank", "2025-08-21", "--by", "shaheds", "--db", str(real_ledger_path)]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize("days", [14, 3])
def test_context_command(real_ledger_path, events_csv, days):
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    result = runner.invoke(
        app,
        ["context", "2025-08-21", "--days", str(days), "--events-file", str(events_csv), "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["night"] == "2025-08-21" and all(
        abs(e["days_from_night"]) <= days or e["end_date"] for e in out["events"]
    )
