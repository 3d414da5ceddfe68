"""``strikewatch import events PATH``: context events from a CSV into the ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer


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
    db: Annotated[str | None, typer.Option("--db", help="Ledger path or SQLAlchemy URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import context events (talks, truces, deep strikes…) for event studies."""
    from strikewatch.analysis.events_io import EventsFileError
    from strikewatch.commands.analyze import _fail

    try:
        report = import_events(path, db)
    except EventsFileError as err:
        raise _fail(f"{err} (nothing was written)") from None
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"Read {report['events_read']} events from {path}: {report['events_written']} new, "
            f"{report['duplicates_skipped']} already present, {report['unverified']} unverified."
        )


def register(import_app: typer.Typer) -> None:
    """Add ``events`` under ``strikewatch import``."""
    import_app.command("events")(import_events_command)
