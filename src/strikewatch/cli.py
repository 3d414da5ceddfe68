"""The ``strikewatch`` command line: static wiring of the commands in ``commands/``.

Exit codes are ``commands.common.EXIT_CODES`` (0 found, 1 nothing found, 2 bad input,
3 delivery failure, 4 busy). Every command is named in ``COMMANDS`` with the module that
defines it; a start imports and builds only the command it runs (``--help`` builds them all),
so ``night`` does not pay for the analyses, the web server or the follower. A name whose
module is missing, or whose module does not register it, is an error, never a silently
missing command; ``tests/test_cli_startup.py`` resolves every entry.
"""

from __future__ import annotations

import os

# The analyses fit small models; OpenBLAS's thread pool made them 20x slower on a busy
# 2-core machine (0.57 s → 12 s). Users can still override it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from strikewatch import __version__
from strikewatch.commands.common import DbOption, command_group

#: Every top-level command and group, in the order ``--help`` lists them, with the module
#: whose ``register(app)`` adds it.
COMMANDS: dict[str, str] = {
    "nights": "strikewatch.commands.records",
    "night": "strikewatch.commands.records",
    "top": "strikewatch.commands.records",
    "claims": "strikewatch.commands.records",
    "resolve": "strikewatch.commands.maintain",
    "info": "strikewatch.commands.maintain",
    "fetch": "strikewatch.commands.dataset",
    "upgrade": "strikewatch.commands.maintain",
    "synth": "strikewatch.commands.dataset",
    "demo": "strikewatch.commands.dataset",
    "read": "strikewatch.commands.read",
    "ingest": "strikewatch.commands.read",
    "attach": "strikewatch.commands.attach",
    "context": "strikewatch.commands.context",
    "brief": "strikewatch.commands.brief",
    "watch": "strikewatch.commands.watch",
    "serve": "strikewatch.commands.serve",
    "follow": "strikewatch.commands.follow",
    "status": "strikewatch.commands.follow",
    "reread": "strikewatch.commands.follow",
    "retract": "strikewatch.commands.sources",
    "restore": "strikewatch.commands.sources",
    "import": "strikewatch.commands.dataset",
    "analyze": "strikewatch.commands.analyze",
    "strain": "strikewatch.commands.strain",
}


def build_command(name: str) -> Any:
    """The click command (or group) ``name``, built from its module's ``register``.

    Only ``name`` is built, not its module's other commands. Raises ``ModuleNotFoundError``
    for a missing module and ``LookupError`` when the module does not register ``name``.
    """
    module = import_module(COMMANDS[name])
    holder = command_group("")
    module.register(holder)
    holder.registered_commands = [c for c in holder.registered_commands if c.name == name]
    holder.registered_groups = [g for g in holder.registered_groups if g.name == name]
    if len(holder.registered_commands) + len(holder.registered_groups) != 1:
        raise LookupError(f"{module.__name__}.register does not add the command {name!r}")
    holder.callback()(_no_options)  # a group, so that the one command keeps its own name
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _no_options() -> None:
    """The callback of the throwaway group ``build_command`` builds a command in."""


class LazyCommands(MutableMapping[str, Any]):
    """The top-level commands by name: every name in ``COMMANDS`` is a key from the start
    (for help, suggestions and the reference), each command is built on first access."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())


class StrikewatchGroup(TyperGroup):
    """The top-level group, its commands resolved through ``COMMANDS`` when asked for."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        lazy = LazyCommands()
        lazy.update(self.commands)
        self.commands = lazy

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: nothing is built to list them


app = command_group(
    "Sourced claims about massed air attacks on Ukraine, resolved into nightly records.",
    name="strikewatch",
    cls=StrikewatchGroup,
)


def _print_version(value: bool) -> None:
    """Eager --version: answers before Typer asks for a command."""
    if value:
        print(f"strikewatch {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    if db:
        os.environ["STRIKEWATCH_DB"] = db
