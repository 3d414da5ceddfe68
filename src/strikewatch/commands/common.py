"""Options and helpers every command shares, so errors and exit codes read the same everywhere.

Exit codes: 0 success, 1 a thing the user asked about does not exist (e.g. no such night),
2 bad input (file, option or value) with a message naming what is wrong.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any

import typer

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Ledger path or SQLAlchemy URL (default: $STRIKEWATCH_DB, else the per-user data dir).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


def command_group(help: str, **settings: Any) -> typer.Typer:
    """A Typer app with the house settings, for the top level and every command group.

    Help is plain text (``rich_markup_mode=None``): flags read as flags (``--json``, not
    ``--json <bool>``), and ``--help`` does not import Rich's Markdown and syntax renderers,
    which took longer than Typer itself.
    """
    options: dict[str, Any] = {
        "no_args_is_help": True,
        "add_completion": False,
        "pretty_exceptions_enable": False,
        "rich_markup_mode": None,
    }
    return typer.Typer(help=help, **(options | settings))


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error to stderr and return the Exit to raise (``raise fail(...)``)."""
    from strikewatch.output import err_console

    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def engine_for(db: str | None) -> Any:
    """Open the ledger, turning a bad URL or an unreachable server into a clear error.

    The message shows the URL with its password redacted, and the driver's error is scrubbed
    of it too (some drivers echo the connection string).
    """
    from strikewatch.errors import StrikewatchError
    from strikewatch.ledger import connect
    from strikewatch.ledger.connection import redact_db, scrub_db

    try:
        return connect(db)
    except StrikewatchError as err:
        raise fail(str(err), err.exit_code) from None
    except Exception as err:
        chosen = db or os.environ.get("STRIKEWATCH_DB")
        raise fail(
            f"cannot open ledger {redact_db(chosen)}: {scrub_db(str(err), chosen)}"
        ) from None


def parse_night(value: str, option: str = "NIGHT") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: {value!r} is not a date (use YYYY-MM-DD)") from None


def events_for(db: str | None, events_file: Path | None) -> tuple[Any, str]:
    """Events from a file, else the ledger, else the curated package list."""
    from strikewatch.analysis.events_io import (
        EventsFileError,
        events_frame,
        read_events_csv,
    )

    if events_file is not None:
        try:
            return events_frame(read_events_csv(events_file)), str(events_file)
        except EventsFileError as err:
            raise fail(str(err)) from None
    from strikewatch.snapshot import events_table

    return events_table(engine_for(db))
