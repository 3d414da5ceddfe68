"""``strikewatch resolve``, ``info`` and ``upgrade``: keeping the ledger itself in order."""

from __future__ import annotations

from typing import Annotated

import typer

from strikewatch.commands.common import DbOption, JsonOption, engine_for, fail, parse_night
from strikewatch.errors import Busy
from strikewatch.output import console, print_json


def resolve_command(
    since: Annotated[
        str | None, typer.Option(help="First night to rebuild (default: all).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last night to rebuild (default: all).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild the resolved nights from the claims (after a reader or resolver upgrade)."""
    from strikewatch.ledger.queries import claim_nights
    from strikewatch.resolve import resolve_nights

    since_d = parse_night(since, "--since") if since else None
    until_d = parse_night(until, "--until") if until else None
    engine = engine_for(db)
    nights = claim_nights(engine, since_d, until_d) if since_d or until_d else None
    try:
        count = resolve_nights(engine, nights)
    except Busy as err:
        raise fail(str(err), err.exit_code) from None
    if as_json:
        print_json({"nights_resolved": count})
    else:
        console.print(f"Resolved {count:,} nights.")


def info_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What the ledger holds and where it is."""
    from strikewatch.ledger import describe, queries

    engine = engine_for(db)
    from strikewatch.fetch import data_credit

    summary = queries.ledger_summary(engine) | {"ledger": describe(engine)} | data_credit()
    if as_json:
        print_json(summary)
    else:
        for key, value in summary.items():
            console.print(f"{key:>18}: {value}")


def upgrade_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Bring a ledger written by an older strikewatch up to this schema, rebuilding its waves."""
    from strikewatch.ledger import connect
    from strikewatch.upgrade import upgrade_ledger

    try:
        engine = connect(db, check=False)
    except Exception as err:
        raise fail(f"cannot open ledger: {err}") from None
    result = upgrade_ledger(engine)
    if as_json:
        print_json(result)
        return
    if not result["changes"]:
        console.print("The ledger is already current; nothing to do.")
        return
    for change in result["changes"]:
        console.print(f"  {change}")
    if not result["nights_resolved"]:  # only indexes differed: figures are unchanged
        console.print("Only indexes were added or dropped; every figure is as it was.")
        return
    console.print(
        f"Rebuilt {result['nights_resolved']:,} nights from the claims. Re-import the dataset "
        "to relabel its rows under the current rules (they become new revisions)."
    )


def register(app: typer.Typer) -> None:
    """Add ``resolve``, ``info`` and ``upgrade`` to the top-level app."""
    app.command("resolve")(resolve_command)
    app.command("info")(info_command)
    app.command("upgrade")(upgrade_command)
