"""``strikewatch watch``: evaluate the alert rules over new nights and deliver what fired."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from strikewatch.commands.common import DbOption, JsonOption, engine_for, fail, parse_night


def watch_command(
    since: Annotated[
        str | None,
        typer.Option(help="Evaluate nights from this date (default: the last 7 nights of data)."),
    ] = None,
    atom: Annotated[
        Path | None, typer.Option("--atom", help="Write an Atom feed of alerts here.")
    ] = None,
    webhook: Annotated[
        list[str] | None,
        typer.Option("--webhook", help="POST each new alert as JSON to this URL (repeatable)."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Dashboard URL for links in the feed.")
    ] = None,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Webhook retries.")] = 4,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Alerts: follow-on attacks, records, low interception, western share, energy, new types.

    Each alert fires once per night and rule (the ledger remembers); exit code 3 when a
    webhook could not be delivered after its retries.
    """
    from rich.markup import escape

    from strikewatch.output import console, print_json
    from strikewatch.watch import run_watch

    since_d = parse_night(since, "--since") if since else None
    for url in webhook or []:
        if not url.lower().startswith(("http://", "https://")):
            raise fail(f"--webhook: {url!r} is not an http(s) URL")
    engine = engine_for(db)
    try:
        report = run_watch(
            engine,
            since=since_d,
            atom_path=str(atom) if atom else None,
            webhooks=webhook or [],
            base_url=base_url,
            retries=retries,
        )
    except OSError as err:
        raise fail(f"{atom}: cannot write the feed ({err.strerror})") from None
    if as_json:
        print_json(report.as_dict())
    else:
        console.print(
            f"Evaluated {len(report.nights)} night(s): "
            f"{report.nights[0] if report.nights else '—'} … {report.nights[-1] if report.nights else '—'}"
        )
        if not report.fired:
            console.print("No new alerts.")
        for alert in report.fired:
            console.print(
                f"[bold magenta]ALERT[/] {alert['night']} {escape('[' + alert['rule'] + ']')} {escape(alert['title'])}"
            )
        for d in report.deliveries:
            style = "green" if d.ok else "red"
            console.print(
                f"  webhook {escape(d.url)}: [{style}]{'delivered' if d.ok else 'FAILED'}[/] "
                f"after {d.attempts} attempt(s){'' if d.ok else f' ({escape(str(d.error))})'}"
            )
        if report.atom:
            console.print(f"Atom feed written to {report.atom}")
    if any(not d.ok for d in report.deliveries):
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Add the top-level ``watch`` command."""
    app.command("watch")(watch_command)
