"""``strikewatch attach SOURCE_ID --night DATE``: file a stored text under a night, logged.

Exit codes: 0 done (or already filed there), 1 no such source, 2 bad input, 4 the ledger
stayed busy past the write budget.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from strikewatch.commands.common import DbOption, JsonOption, engine_for, fail, parse_night
from strikewatch.errors import StrikewatchError
from strikewatch.output import console, print_json


def attach_command(
    source_id: Annotated[int, typer.Argument(help="The source's id (see `claims`, /api/sources).")],
    night: Annotated[str, typer.Option("--night", help="The night to file it under (YYYY-MM-DD).")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why, kept with the decision.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Who decides (default: $USER).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Attach a text's claims to a night, or relabel them: a new, logged decision; the nights
    it leaves and joins are re-resolved in the same transaction. Claims are never edited."""
    from strikewatch.attach import attach_source

    when = parse_night(night, "--night")
    try:
        result = attach_source(
            engine_for(db),
            source_id,
            when,
            reason=reason,
            actor=actor or os.environ.get("USER") or "cli",
        )
    except StrikewatchError as err:
        raise fail(str(err), err.exit_code) from None
    if as_json:
        print_json(result.as_dict())
        return
    before = ", ".join(n.isoformat() for n in result.previous_nights) or "no night"
    if not result.attached:
        console.print(f"Source {source_id} is already filed under {when}; nothing changed.")
        return
    console.print(
        f"Attached source {source_id} ({result.claims} claims) to {when} (was: {before}); "
        f"decision #{result.action_id}; re-resolved {result.nights_resolved} night(s)."
    )


def register(app: typer.Typer) -> None:
    app.command("attach")(attach_command)
