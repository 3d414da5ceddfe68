"""docs/cli.md is generated from the commands and must match them; the README names them all."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from strikewatch.cli import app
from strikewatch.commands.reference import leaf_commands, render_reference

ROOT = Path(__file__).resolve().parents[1]


def _paths() -> list[tuple[str, ...]]:
    return [path for path, _ in leaf_commands(typer.main.get_command(app))]


def test_the_reference_is_current() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == render_reference(app), "docs/cli.md is stale: run `make docs`"


def test_every_command_has_a_section() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    paths = _paths()
    assert len(paths) >= 25
    for path in paths:
        assert f"## `strikewatch {' '.join(path)}`" in text


def test_every_command_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `strikewatch ")]
    assert rows, "the README has no command table"
    missing = []
    for path in _paths():
        group_rows = [r for r in rows if r.startswith(f"| `strikewatch {path[0]}")]
        words = set(re.findall(r"[\w-]+", " ".join(group_rows)))
        if not group_rows or (len(path) > 1 and path[-1] not in words):
            missing.append(" ".join(path))
    assert not missing, f"commands missing from the README's table: {missing}"
