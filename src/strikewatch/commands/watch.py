"""``strikewatch watch``: evaluate the alert rules over new nights and deliver what fired."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import (
    DbOption,
    JsonOption,
    engine_for,
    fail,
    parse_night,
    show_rows,
)

AllowLocalOption = Annotated[
    bool,
    typer.Option(
        "--allow-local",
        help="Allow http(s) to this machine (localhost, 127.0.0.1, [::1]); private, "
        "link-local and metadata addresses stay refused.",
    ),
]


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
        typer.Option(
            "--webhook",
            help="POST each new alert as JSON to this https URL (repeatable); alerts it has "
            "not accepted yet are retried on later runs.",
        ),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Dashboard URL for links in the feed.")
    ] = None,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Webhook retries per run.")] = 4,
    allow_local: AllowLocalOption = False,
    pending: Annotated[
        bool, typer.Option("--pending", help="List deliveries not yet accepted, and stop.")
    ] = False,
    resend: Annotated[
        int | None,
        typer.Option(
            "--resend",
            metavar="ALERT_ID",
            min=1,
            help="Send this stored alert again to the --webhook URLs (rules not evaluated).",
        ),
    ] = None,
    private: Annotated[
        bool,
        typer.Option(
            "--private",
            help="Feed and webhooks for local use: do not hold back places finer than an "
            "oblast within the publication embargo (they are public artefacts otherwise).",
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (with --pending).")] = False,
) -> None:
    """Alerts: follow-on attacks, records, low interception, western share, energy, new types.

    Each alert fires once per night and rule (the ledger remembers). Webhook deliveries go
    through an outbox: marked delivered only after a 2xx, otherwise retried on later runs
    with back-off. Exit code 3 when a webhook could not be delivered on this run.
    """
    from strikewatch.outbound import OutboundRefused, Policy, check_url
    from strikewatch.watch import Publication

    if as_csv and not pending:
        raise fail("--csv prints the --pending list; a watch run prints its report")
    since_d = parse_night(since, "--since") if since else None
    policy = Policy(allow_local=allow_local)
    for url in webhook or []:
        try:
            check_url(url, policy)
        except OutboundRefused as err:
            raise fail(f"--webhook: {err}") from None
    engine = engine_for(db)
    if pending:
        _print_pending(engine, as_json, as_csv)
        return
    if resend is not None:
        _resend(engine, resend, webhook or [], policy, retries, as_json, Publication(private))
        return
    from strikewatch.watch import run_watch

    try:
        report = run_watch(
            engine,
            since=since_d,
            atom_path=str(atom) if atom else None,
            webhooks=webhook or [],
            base_url=base_url,
            retries=retries,
            policy=policy,
            publication=Publication(private),
        )
    except OSError as err:
        raise fail(f"{atom}: cannot write the feed ({err.strerror})") from None
    if as_json:
        from strikewatch.output import print_json

        print_json(report.as_dict())
    else:
        _print_report(report)
    if any(not d.ok for d in report.deliveries):
        raise typer.Exit(3)


def _print_report(report: Any) -> None:
    from rich.markup import escape

    from strikewatch.output import console, escape_controls

    first = report.nights[0] if report.nights else "—"
    last = report.nights[-1] if report.nights else "—"
    console.print(f"Evaluated {len(report.nights)} night(s): {first} … {last}")
    if not report.fired:
        console.print("No new alerts.")
    for alert in report.fired:
        text = escape(escape_controls(f"[{alert['rule']}] {alert['title']}"))
        console.print(f"[bold magenta]ALERT[/] {alert['night']} {text}")
    _print_deliveries(report.deliveries)
    if report.atom:
        console.print(f"Atom feed written to {escape(report.atom)}")


def _print_deliveries(deliveries: list[Any]) -> None:
    from rich.markup import escape

    from strikewatch.output import console, escape_controls

    for d in deliveries:
        style = "green" if d.ok else "red"
        later = f"; retried after {d.next_attempt_at}" if d.next_attempt_at else ""
        why = "" if d.ok else f" ({escape(escape_controls(str(d.error)))}{later})"
        console.print(
            f"  alert {d.alert_id} → webhook {escape(d.url)}: "
            f"[{style}]{'delivered' if d.ok else 'FAILED'}[/] after {d.attempts} attempt(s){why}"
        )


def _print_pending(engine: Any, as_json: bool, as_csv: bool) -> None:
    from strikewatch.ledger import outbox

    rows = outbox.pending(engine)
    columns = ["alert_id", "night", "rule", "url_shown", "attempts", "last_status", "last_error"]
    show_rows(
        rows,
        [*columns, "next_attempt_at"],
        as_json=as_json,
        as_csv=as_csv,
        empty="no deliveries pending: every alert reached its webhooks",
        title="Deliveries not yet accepted",
    )


def _resend(
    engine: Any,
    alert_id: int,
    webhooks: list[str],
    policy: Any,
    retries: int,
    as_json: bool,
    publication: Any,
) -> None:
    from dataclasses import asdict

    from strikewatch.errors import NotFound
    from strikewatch.output import print_json
    from strikewatch.watch import resend

    if not webhooks:
        raise fail("--resend needs at least one --webhook")
    try:
        sent = resend(
            engine, alert_id, webhooks, policy=policy, retries=retries, publication=publication
        )
    except NotFound as err:
        raise fail(str(err), code=1) from None
    if as_json:
        print_json({"deliveries": [asdict(d) for d in sent]})
    else:
        _print_deliveries(sent)
    if any(not d.ok for d in sent):
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Add the top-level ``watch`` command."""
    app.command("watch")(watch_command)
