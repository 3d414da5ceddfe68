"""The command line starts without the heavy libraries it does not need (issue 12, cold start).

Each case runs the real entry point in a fresh interpreter and lists what it imported, so a
module-level ``import pandas`` anywhere on the path of ``--help`` or ``--version`` fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from strikewatch import cli
from strikewatch.commands.common import command_group

#: Not pydantic: this Typer validates parameters with it, so it is part of Typer's own floor.
HEAVY = ("pandas", "numpy", "scipy", "statsmodels", "plotly", "fastapi", "pymorphy3", "httpx",
         "sqlalchemy", "yaml", "strikewatch.readers.text", "strikewatch.catalog")  # fmt: skip

PROBE = """
import json, sys
sys.argv = ["strikewatch", *json.loads(sys.argv[1])]
from strikewatch.cli import app
try:
    app()
except SystemExit as end:
    code = end.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _imported(args: list[str], env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    last = done.stderr.strip().splitlines()[-1]
    probe = json.loads(last)
    return probe["code"], set(probe["modules"])


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["night", "--help"], ["analyze", "--help"]]
)
def test_help_and_version_import_no_heavy_library(args: list[str]) -> None:
    code, modules = _imported(args)
    assert code in (0, None)
    loaded = sorted(m for m in HEAVY if m in modules)
    assert loaded == [], f"strikewatch {' '.join(args)} imported {loaded}"


def test_version_does_not_even_import_rich() -> None:
    code, modules = _imported(["--version"])
    assert code in (0, None)
    assert "rich.console" not in modules and "rich.table" not in modules


def test_the_probe_sees_a_command_that_does_import_pandas(real_ledger_path) -> None:
    """The probe itself works: a command that reads figures does load pandas."""
    code, modules = _imported(
        ["nights", "--since", "2025-08-20", "--json", "--db", str(real_ledger_path)]
    )
    assert code in (0, None)
    assert "pandas" in modules


@pytest.mark.parametrize(
    "args",
    [["night", "2025-08-21", "--json"], ["top", "--year", "2025", "--json"]],
)
def test_night_and_top_answer_without_pandas(args: list[str], real_ledger_path) -> None:
    """A night with no phrase claim to judge, and the ranking, come from SQL alone."""
    code, modules = _imported([*args, "--db", str(real_ledger_path)])
    assert code in (0, None)
    assert "strikewatch.ledger.totals" in modules or "strikewatch.ledger.queries" in modules
    assert "pandas" not in modules and "numpy" not in modules


#: What ``night`` and ``top`` must not import (decision 87): the other commands' modules
#: (the lazy table builds only the command that runs), PostgreSQL's dialect on a SQLite
#: ledger, the YAML parser once the catalog's parse cache holds the places, and Rich (JSON).
NOT_FOR_NIGHT_OR_TOP = (
    *sorted({m for m in cli.COMMANDS.values() if m != "strikewatch.commands.records"}),
    "strikewatch.web",
    "strikewatch.resolve",
    "sqlalchemy.dialects.postgresql",
    "yaml",
    "rich.console",
    "platformdirs",
)


@pytest.mark.parametrize(
    "args",
    [["night", "2025-08-21", "--json"], ["top", "--year", "2025", "--json"]],
)
def test_night_and_top_import_only_their_own_command(
    args: list[str], real_ledger_path: Path, tmp_path: Path
) -> None:
    """Run twice with one fresh catalog cache: the first run may parse YAML and fill the
    cache, the second reads it back and imports none of the modules above."""
    env = os.environ | {"STRIKEWATCH_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("STRIKEWATCH_DB", None)
    for _ in range(2):
        code, modules = _imported([*args, "--db", str(real_ledger_path)], env)
        assert code in (0, None)
    assert "strikewatch.commands.records" in modules
    loaded = sorted(m for m in NOT_FOR_NIGHT_OR_TOP if m in modules)
    assert loaded == [], f"strikewatch {' '.join(args)} imported {loaded}"


def _registered(module: str) -> set[str]:
    """The names a command module's ``register`` adds to an app."""
    holder = command_group("")
    __import__(module, fromlist=["register"]).register(holder)
    return {c.name for c in holder.registered_commands} | {g.name for g in holder.registered_groups}


def test_every_command_in_the_table_resolves_to_itself() -> None:
    """Each name builds from its module, and no module registers a name the table lacks
    (which would never be reachable)."""
    for name in cli.COMMANDS:
        command = cli.build_command(name)
        assert command.name == name
        assert command.callback is not None or hasattr(command, "commands")
    for module in set(cli.COMMANDS.values()):
        for name in _registered(module):
            assert cli.COMMANDS.get(name) == module, f"{module} registers {name!r}"
    root = typer.main.get_command(cli.app)
    assert list(root.commands) == list(cli.COMMANDS)  # type: ignore[attr-defined]


def test_a_missing_command_module_is_an_error_not_a_missing_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "ghost", "strikewatch.commands.ghost")
    runner = CliRunner()
    for args in (["ghost"], ["--help"]):
        result = runner.invoke(cli.app, args)
        assert isinstance(result.exception, ModuleNotFoundError), (args, result.output)
        assert "strikewatch.commands.ghost" in str(result.exception)


def test_a_module_that_does_not_register_its_name_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "ghost", "strikewatch.commands.records")
    result = CliRunner().invoke(cli.app, ["ghost", "--help"])
    assert isinstance(result.exception, LookupError)
    assert "'ghost'" in str(result.exception)


def test_a_mistyped_command_still_gets_suggestions() -> None:
    """The names are known before any command is built, so Typer's "did you mean" works."""
    result = CliRunner().invoke(cli.app, ["nigth"])
    assert result.exit_code == 2
    assert "'night'" in result.output and "'nights'" in result.output
