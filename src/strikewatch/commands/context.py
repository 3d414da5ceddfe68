"""``strikewatch context NIGHT``: the context events within ±N days of a night."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer


def context_command(
    night: Annotated[str, typer.Argument(help="Night label (YYYY-MM-DD).")],
    days: Annotated[int, typer.Option("--days", min=0, max=366, help="Days either side.")] = 14,
    events_file: Annotated[
        Path | None, typer.Option("--events-file", help="Use this CSV instead of the ledger.")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Ledger path or SQLAlchemy URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Context events (talks, truces, deep strikes, aid, sanctions) near a night."""
    from strikewatch.analysis.context import events_near
    from strikewatch.commands.common import events_for as _events
    from strikewatch.commands.common import fail as _fail
    from strikewatch.output import print_table

    try:
        n = dt.date.fromisoformat(night)
    except ValueError:
        raise _fail(f"NIGHT: {night!r} is not a date (use YYYY-MM-DD)") from None
    events, origin = _events(db, events_file)
    rows = events_near(n, events, days)
    if as_json:
        out: dict[str, Any] = {
            "night": n.isoformat(),
            "days": days,
            "events_origin": origin,
            "events": rows,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print_table(
        rows,
        ["date", "end_date", "days_from_night", "kind", "title", "verified"],
        title=f"Context events within {days} days of the night of {n} ({origin})",
    )


def register(app: typer.Typer) -> None:
    """Add the top-level ``context`` command."""
    app.command("context")(context_command)
