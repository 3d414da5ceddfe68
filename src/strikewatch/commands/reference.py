"""The command reference (docs/cli.md), generated from the Typer app itself.

Generated rather than written so that it can never drift from ``--help``: a test regenerates
it and fails when the file is stale or when a command is missing from the README's table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from strikewatch.commands.common import EXIT_CODES


def leaf_commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the app as (path of names, click command), depth first, sorted.

    Typed ``Any`` because Typer ships its own copy of click, whose classes are not ``click``'s.
    """
    if hasattr(group, "commands"):
        for name in sorted(group.commands):
            yield from leaf_commands(group.commands[name], (*path, name))
    else:
        yield path, group


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _param_row(param: Any, ctx: Any) -> str:
    if param.param_type_name == "option":
        names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        kind = "flag" if param.is_flag else param.display_type(ctx).strip("<>")
        default = param.default
        shown = (
            ""
            if default in (None, False, (), "") or callable(default)
            else f" (default: `{default}`)"
        )
        meaning = " ".join(part for part in (_cell(param.help or ""), _cell(shown)) if part)
        return f"| {names} | {kind} | {meaning} |"
    return f"| `{param.name.upper()}` | argument | {'required' if param.required else 'optional'} |"


def _command_section(path: tuple[str, ...], command: Any) -> list[str]:
    name = " ".join(("strikewatch", *path))
    lines = [f"## `{name}`", ""]
    text = (command.help or "").strip()
    if text:
        lines += [text.split("\n\n")[0].replace("\n", " "), ""]
    ctx = command.context_class(command, info_name=name)
    pieces = [
        p.strip("{}").upper() if p.startswith("{") else p for p in command.collect_usage_pieces(ctx)
    ]
    lines += ["```", f"{name} {' '.join(pieces)}".rstrip(), "```", ""]
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    if params:
        lines += ["| parameter | type | meaning |", "|---|---|---|"]
        lines += [_param_row(p, ctx) for p in params]
        lines.append("")
    return lines


def render_reference(app: typer.Typer) -> str:
    """Markdown for every command: what it does, its usage line and its parameters."""
    root = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the commands themselves by `make docs`; do not edit by hand.",
        "Exit codes everywhere: "
        + ", ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())
        + ".",
        "",
    ]
    for path, command in leaf_commands(root):
        lines += _command_section(path, command)
    return "\n".join(lines).rstrip() + "\n"
