"""The command line starts without the heavy libraries it does not need (issue 12, cold start).

Each case runs the real entry point in a fresh interpreter and lists what it imported, so a
module-level ``import pandas`` anywhere on the path of ``--help`` or ``--version`` fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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


def _imported(args: list[str]) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, check=False
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
