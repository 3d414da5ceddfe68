"""Options and helpers every command shares, so errors and exit codes read the same everywhere.

Exit codes (``EXIT_CODES``; the README and docs/cli.md list them): 0 found, 1 nothing found
(an empty listing or no such night, with one line on stderr), 2 bad input (file, option or
value) with a message naming what is wrong, 3 a delivery failed, 4 the ledger was busy.
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
KindOption = Annotated[
    str,
    typer.Option(
        "--by", help="drones | missiles | ballistic | cruise | total (the words --class takes)"
    ),
]
UnitOption = Annotated[
    str,
    typer.Option(
        "--unit",
        help="wave (one report window, as the Air Force reports it) | night (the overnight "
        "waves of one label, summed) | day (the waves that started on one Kyiv date, summed)",
    ),
]


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


#: The documented exit codes; ``errors.py`` gives each exception its code.
EXIT_CODES: dict[int, str] = {
    0: "found",
    1: "nothing found",
    2: "bad input",
    3: "delivery failure",
    4: "the ledger was busy",
}


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error to stderr and return the Exit to raise (``raise fail(...)``)."""
    from strikewatch.output import err_console

    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def nothing_found(message: str) -> typer.Exit:
    """One line on stderr and the Exit (code 1) to raise when a listing found nothing."""
    from strikewatch.output import err_console

    err_console.print(message, highlight=False, soft_wrap=True)
    return typer.Exit(1)


def output_format(as_json: bool, as_csv: bool) -> None:
    """Refuse ``--json`` with ``--csv`` (exit 2) before any work is done."""
    if as_json and as_csv:
        raise fail("--json and --csv: choose one")


def show_rows(
    rows: list[dict[str, Any]],
    columns: list[str],
    *,
    as_json: bool,
    as_csv: bool,
    empty: str,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """Print a listing as JSON, CSV (the same columns) or a table; nothing → ``empty``, exit 1.

    An empty listing still prints ``[]`` under ``--json`` so a script reads valid JSON, and
    exits 1 so it can tell "nothing matched" from "found" without parsing.
    """
    from strikewatch.output import emit, print_json

    output_format(as_json, as_csv)
    if not rows:
        if as_json:
            print_json([])
        raise nothing_found(empty)
    emit(rows, columns, as_json=as_json, as_csv=as_csv, title=title, caption=caption)


def kind_option(value: str, option: str = "--by") -> str:
    """A ``--by`` value as a count kind (``domain.count_kind``); a wrong one exits 2 listing
    the accepted words."""
    from strikewatch.domain import count_kind
    from strikewatch.errors import InputError

    try:
        return count_kind(value, option)
    except InputError as err:
        raise fail(str(err)) from None


def class_option(value: str, option: str = "--class") -> str:
    """A ``--class`` value as a count kind or a weapon class id (``domain.count_or_class``)."""
    from strikewatch.domain import count_or_class
    from strikewatch.errors import InputError

    try:
        return count_or_class(value, option)
    except InputError as err:
        raise fail(str(err)) from None


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
