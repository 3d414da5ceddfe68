"""``strikewatch retract`` and ``strikewatch restore``: take a reading out of resolution, or
back in, as a logged decision (who, when, why); nothing is ever deleted."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from strikewatch.commands.common import DbOption, JsonOption, engine_for, fail
from strikewatch.output import console, print_json

SourceId = Annotated[int, typer.Argument(min=1, help="Source id (see `claims --history`).")]
Reason = Annotated[str, typer.Option("--reason", help="Why (logged with the decision).")]
Actor = Annotated[
    str | None,
    typer.Option("--actor", help="Who decides (default: $STRIKEWATCH_ACTOR or the user)."),
]


def _run(
    action: str, source_id: int, reason: str, actor: str | None, db: str | None, as_json: bool
) -> None:
    from strikewatch import retraction
    from strikewatch.errors import StrikewatchError

    change = retraction.retract if action == "retract" else retraction.restore
    try:
        result = change(engine_for(db), source_id, reason, actor)
    except StrikewatchError as err:
        raise fail(str(err), code=err.exit_code) from None
    if as_json:
        print_json(result)
        return
    verb = "Withdrew" if action == "retract" else "Restored"
    nights = ", ".join(n.isoformat() for n in result["nights"]) or "none"
    console.print(
        f"{verb} source {source_id} ({result['title']}); re-resolved night(s): {nights}.",
        highlight=False,
    )
    if not result["current_reading"]:
        console.print("  note: a newer revision supersedes this reading; resolution used that one.")


def _command(action: str, doc: str) -> Any:
    def command(
        source_id: SourceId,
        reason: Reason,
        actor: Actor = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        _run(action, source_id, reason, actor, db, as_json)

    command.__doc__ = doc
    return command


retract_command = _command(
    "retract", "Withdraw a reading: its claims leave every figure but stay in `claims --history`."
)
restore_command = _command("restore", "Return a withdrawn reading to resolution.")


def register(app: typer.Typer) -> None:
    app.command("retract")(retract_command)
    app.command("restore")(restore_command)
