"""``strikewatch import events PATH``: context events from a CSV into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import DbOption, JsonOption, fail
from strikewatch.output import print_json


def import_events(path: str | Path, db: str | None = None) -> dict[str, Any]:
    """Read a context-events CSV (or ``default`` for the curated package list) and store it.

    The whole file is parsed before anything is written, so a file with an error leaves the
    ledger unchanged; re-importing the same file writes nothing new.
    """
    from strikewatch.analysis.events_io import default_events, read_events_csv
    from strikewatch.ledger import connect
    from strikewatch.ledger.writes import store_context_events

    events = default_events() if str(path) == "default" else read_events_csv(path)
    written = store_context_events(connect(db), events)
    return {
        "path": str(path),
        "events_read": len(events),
        "events_written": written,
        "duplicates_skipped": len(events) - written,
        "unverified": sum(1 for e in events if not e.verified),
    }


def import_events_command(
    path: Annotated[str, typer.Argument(help="CSV in the context_events format, or 'default'.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import context events (talks, truces, deep strikes…) for event studies."""
    from strikewatch.analysis.events_io import EventsFileError

    try:
        report = import_events(path, db)
    except EventsFileError as err:
        raise fail(f"{err} (nothing was written)") from None
    if as_json:
        print_json(report)
    else:
        print(
            f"Read {report['events_read']} events from {path}: {report['events_written']} new, "
            f"{report['duplicates_skipped']} already present, {report['unverified']} unverified."
        )


def register(import_app: typer.Typer) -> None:
    """Add ``events`` under ``strikewatch import``."""
    import_app.command("events")(import_events_command)
