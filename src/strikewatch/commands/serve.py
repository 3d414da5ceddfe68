"""``strikewatch serve``: the dashboard and JSON API on a local port."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    host: Annotated[
        str, typer.Option(help="Interface to bind (default: localhost only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="Ledger path or SQLAlchemy URL.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Serving the public: hold back places finer than an oblast (embargo)."
        ),
    ] = False,
    embargo_hours: Annotated[
        float, typer.Option(min=0, max=24 * 30, help="With --public: hours after a wave ends.")
    ] = 12.0,
) -> None:
    """Serve the dashboard and API; writes need $STRIKEWATCH_TOKEN."""
    import os

    import uvicorn

    from strikewatch.output import err_console
    from strikewatch.web import create_app

    if db:
        os.environ["STRIKEWATCH_DB"] = db
    if public:
        from strikewatch import embargo

        os.environ[embargo.PUBLIC_ENV] = "1"
        os.environ[embargo.HOURS_ENV] = str(embargo_hours)
        err_console.print(
            f"[bold]public mode:[/] places finer than an oblast are held back for "
            f"{embargo_hours:g} h after each wave"
        )
    if not os.environ.get("STRIKEWATCH_TOKEN"):
        err_console.print("[yellow]note:[/] STRIKEWATCH_TOKEN is not set: writes are disabled.")
    if workers > 1:
        uvicorn.run(
            "strikewatch.web.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
            access_log=access_log,
        )
    else:
        uvicorn.run(create_app(db), host=host, port=port, log_level="info", access_log=access_log)


def register(app: typer.Typer) -> None:
    """Add the top-level ``serve`` command."""
    app.command("serve")(serve_command)
