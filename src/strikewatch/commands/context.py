"""``strikewatch context NIGHT``: the context events within ±N days of a night."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strikewatch.commands.common import (
    CsvOption,
    DbOption,
    JsonOption,
    output_format,
    parse_night,
    show_rows,
)


def context_command(
    night: Annotated[str, typer.Argument(help="Night label (YYYY-MM-DD).")],
    days: Annotated[int, typer.Option("--days", min=0, max=366, help="Days either side.")] = 14,
    events_file: Annotated[
        Path | None, typer.Option("--events-file", help="Use this CSV instead of the ledger.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Context events (talks, truces, deep strikes, aid, sanctions) near a night.

    ``--json`` wraps the events with the night and where they came from; ``--csv`` prints the
    events (the same keys as the JSON's ``events``). No event near the night exits 1."""
    from strikewatch.analysis.context import events_near
    from strikewatch.commands.common import events_for, nothing_found
    from strikewatch.output import print_json

    output_format(as_json, as_csv)
    n = parse_night(night)
    events, origin = events_for(db, events_file)
    rows = events_near(n, events, days)
    empty = f"no context events within {days} days of the night of {n}"
    if as_json:
        print_json({"night": n.isoformat(), "days": days, "events_origin": origin, "events": rows})
        if not rows:
            raise nothing_found(empty)
        return
    show_rows(
        rows,
        ["date", "end_date", "days_from_night", "kind", "title", "verified"],
        as_json=False,
        as_csv=as_csv,
        empty=empty,
        title=f"Context events within {days} days of the night of {n} ({origin})",
    )


def register(app: typer.Typer) -> None:
    """Add the top-level ``context`` command."""
    app.command("context")(context_command)
