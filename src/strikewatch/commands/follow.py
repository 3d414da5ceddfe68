"""``strikewatch follow``, ``status`` and ``reread``: stay current, and say how current we are."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import DbOption, JsonOption, engine_for, fail, parse_night
from strikewatch.errors import StrikewatchError
from strikewatch.output import console, err_console, jsonable, print_json

ArchiveOption = Annotated[
    Path | None, typer.Option(help="Raw archive directory (default: beside the ledger).")
]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str, option: str) -> float:
    """``10m``, ``90s``, ``1h``, ``2d`` or plain seconds → seconds."""
    match = _DURATION.match(value)
    if not match:
        raise fail(f"{option}: {value!r} is not a duration (e.g. 90s, 10m, 1h)")
    return float(match.group(1)) * _UNIT[match.group(2)]


def _archive(engine: Any, archive: Path | None) -> Any:
    from strikewatch.follow.archive import Archive, default_archive_dir

    return Archive(archive or default_archive_dir(engine))


def _print_pass(result: dict[str, Any]) -> None:
    from rich.markup import escape

    console.print(
        f"pages {result['pages_fetched']} · posts seen {result['posts_seen']} · "
        f"new {result['posts_new']} · edited {result['posts_edited']} · "
        f"claims written {result['claims_written']}"
    )
    if result["nights_touched"]:
        console.print("nights touched: " + ", ".join(str(n) for n in result["nights_touched"]))
    for name, ch in result["channels"].items():
        gaps = f", {len(ch['gaps'])} id gaps" if ch["gaps"] else ""
        console.print(
            f"  t.me/{name}: last post {ch['last_post_id']} at {ch['last_post_at']}{gaps}"
        )
    for error in result["errors"]:
        err_console.print(f"[bold red]error:[/] {escape(error)}", highlight=False, soft_wrap=True)


def _watch(engine: Any, nights: set[dt.date]) -> int:
    """Store the alerts the nights just touched fire (delivery stays with `strikewatch watch`)."""
    if not nights:
        return 0
    from strikewatch.watch import run_watch

    return len(run_watch(engine, since=min(nights)).fired)


def _print_line(result: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(jsonable(result), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def follow_command(
    channels: Annotated[
        list[str] | None, typer.Argument(help="Channel names (default: kpszsu, the Air Force).")
    ] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the previews are served (a mirror or test).")
    ] = "https://t.me",
    since: Annotated[
        str | None, typer.Option(help="Backfill back to this Kyiv-local date (YYYY-MM-DD).")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (for cron).")] = False,
    every: Annotated[
        str | None, typer.Option(help="Keep following: a pass every DURATION (e.g. 10m), jittered.")
    ] = None,
    delay: Annotated[
        float, typer.Option(min=0, help="Seconds between requests (at least 1 to remote hosts).")
    ] = 1.0,
    backoff: Annotated[
        float, typer.Option(min=0, help="First retry wait in seconds (doubles per retry).")
    ] = 2.0,
    retries: Annotated[int, typer.Option(min=0, max=10, help="Retries per page.")] = 4,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds per request.")] = 20.0,
    archive: ArchiveOption = None,
    allow_local: Annotated[
        bool, typer.Option("--allow-local", help="Allow a base URL on this machine (http ok).")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch/--no-watch", help="Run the watch rules over nights touched.")
    ] = True,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read channels' public previews into the ledger: every post a source, edits new readings."""
    from rich.markup import escape

    from strikewatch.follow.channels import DEFAULT_CHANNEL, channel
    from strikewatch.follow.client import PoliteClient
    from strikewatch.follow.follower import follow_once

    if once and every:
        raise fail("--once and --every: choose one")
    interval = parse_duration(every, "--every") if every else None
    if interval is not None and interval < 60:
        raise fail("--every: at least 60 s between passes")
    since_d = parse_night(since, "--since") if since else None
    engine = engine_for(db)
    try:
        chosen = [channel(c) for c in (channels or [DEFAULT_CHANNEL])]
        client = PoliteClient(
            base_url, delay=delay, timeout=timeout, retries=retries, backoff=backoff,
            allow_local=allow_local,
        )  # fmt: skip
    except StrikewatchError as err:
        raise fail(str(err), getattr(err, "exit_code", 2)) from None
    store = _archive(engine, archive)
    with client:
        while True:
            try:
                report = follow_once(engine, chosen, client, store, since_d)
            except StrikewatchError as err:
                raise fail(escape(str(err)), err.exit_code) from None
            result = report.as_dict()
            if watch:
                result["alerts_fired"] = _watch(engine, report.nights_touched)
            if as_json and interval is not None:
                _print_line(result)  # JSON Lines: one object per pass
            elif as_json:
                print_json(result)
            else:
                _print_pass(result)
            if interval is None:
                if report.errors:
                    raise typer.Exit(3)
                return
            time.sleep(interval * random.uniform(0.9, 1.1))


def status_command(
    stale_after: Annotated[
        str, typer.Option("--stale-after", help="A channel not fetched for this long is stale.")
    ] = "1h",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """How fresh each source is: the dataset and every followed channel."""
    from rich.markup import escape

    from strikewatch.follow.liveness import status

    report = status(
        engine_for(db),
        stale_after=dt.timedelta(seconds=parse_duration(stale_after, "--stale-after")),
    )
    if as_json:
        print_json(report)
        return
    for name, entry in report["sources"].items():
        mark = "[bold red]STALE[/]" if entry["stale"] else "[green]fresh[/]"
        console.print(
            f"{name:<24} {mark}  last seen {entry['last_seen']} · last fetch {entry['last_fetch']}",
            highlight=False,
        )
        for warning in entry["warnings"]:
            console.print(f"    [yellow]{escape(warning)}[/]", highlight=False)


def reread_command(
    workers: Annotated[
        int, typer.Option(min=1, help="Read on N local processes (1: in this process).")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Read on an existing Dask cluster (tcp://HOST:PORT; needs dask); its "
            "workers open the ledger themselves (its URL, or the SQLite file at the same path)."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Report what the current reader changes; write nothing."),
    ] = False,
    archive: ArchiveOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-read archived pages and stored texts offline; store what the current reader changes
    as new readings (the old ones kept)."""
    from rich.markup import escape

    from strikewatch.follow.reread import reread

    if dask is not None and workers != 1:
        raise fail("--workers and --dask: choose one")
    engine = engine_for(db)
    try:
        result = reread(
            engine, _archive(engine, archive), workers=workers, dask=dask, dry_run=dry_run
        )
    except StrikewatchError as err:
        raise fail(escape(str(err)), err.exit_code) from None
    if as_json:
        print_json(result)
        return
    verb = "would write" if dry_run else "written"
    console.print(
        f"pages re-read {result['pages_reread']} · posts found {result['posts_new']} · "
        f"claims written {result['claims_written']} · texts re-read {result['sources_reread']} · "
        f"changed by the current reader {result['sources_changed']} · new readings {verb} "
        f"{sum(1 for c in result['changes'] if c['held'] is None)}"
    )
    for change in result["changes"][:50]:
        held = f"; held: {change['held']}" if change["held"] else ""
        console.print(
            f"  source {change['source_id']} ({change['url']}): +{len(change['added'])} "
            f"-{len(change['removed'])} claims (stored by {', '.join(change['stored_versions'])})"
            f"{escape(held)}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.command("follow")(follow_command)
    app.command("status")(status_command)
    app.command("reread")(reread_command)
