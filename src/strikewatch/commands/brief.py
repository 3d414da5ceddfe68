"""``strikewatch brief [NIGHT]``: the briefing for a night as terminal text, Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strikewatch.commands.common import DbOption, engine_for, fail, parse_night


def brief_command(
    night: Annotated[
        str | None, typer.Argument(help="Night label YYYY-MM-DD (default: the latest night).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md | html | term")] = "term",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the briefing as JSON.")] = False,
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="HTML: show places finer than an oblast within the publication embargo "
            "(local use only; HTML briefings are public artefacts and withhold them otherwise).",
        ),
    ] = False,
) -> None:
    """A briefing: key points, details at a glance, context, strain, what to watch next."""
    from strikewatch.briefing import build_briefing
    from strikewatch.output import console, err_console, print_json
    from strikewatch.render import FORMATS, render

    if fmt not in FORMATS:
        raise fail(f"--format: unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    night_d = parse_night(night) if night is not None else None
    engine = engine_for(db)
    try:
        briefing = build_briefing(engine, night_d)
    except LookupError as err:
        raise fail(str(err), code=1) from None
    if as_json:
        print_json(briefing.as_dict())
        return
    text = None
    if fmt == "html":
        from strikewatch.publish import html_briefing

        text, briefing = html_briefing(engine, night_d, private=private)
    if output is not None:
        try:
            output.write_text(text or render(briefing, fmt), encoding="utf-8")
        except OSError as err:
            raise fail(f"{output}: cannot write ({err.strerror})") from None
        err_console.print(f"Wrote {fmt} briefing for {briefing.night} to {output}")
        return
    if fmt == "term":
        from strikewatch.render.terminal import print_briefing

        print_briefing(briefing, console)
    else:
        import sys

        sys.stdout.write(text or render(briefing, fmt))


def register(app: typer.Typer) -> None:
    """Add the top-level ``brief`` command."""
    app.command("brief")(brief_command)
