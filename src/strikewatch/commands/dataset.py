"""``strikewatch import dataset``, ``fetch``, ``synth`` and ``demo``: getting the public dataset
(or a synthetic one) into the ledger. ``import events`` lives in :mod:`strikewatch.commands.events`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands import events
from strikewatch.commands.common import (
    DbOption,
    JsonOption,
    command_group,
    engine_for,
    fail,
    parse_night,
)
from strikewatch.errors import Busy
from strikewatch.output import console, err_console, print_json


def import_dataset_command(
    path: Annotated[Path, typer.Argument(help="missile_attacks_daily.csv")],
    weapons: Annotated[
        Path | None, typer.Option("--weapons", help="missiles_and_uavs.csv (weapon reference)")
    ] = None,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Mark every row as synthetic.")
    ] = False,
    accept_implausible: Annotated[
        bool,
        typer.Option(
            "--accept-implausible",
            help="Store rows with implausible counts, flagged (they never enter figures).",
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import the public dataset; re-running on the same file writes nothing new, a corrected
    row becomes a new revision of its report."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from strikewatch.errors import Conflict
    from strikewatch.importer import import_dataset
    from strikewatch.readers.dataset import DatasetError

    if not path.is_file():
        raise fail(f"{path}: file not found (nothing was written)")
    engine = engine_for(db)
    total = _count_lines(path)
    options: dict[str, Any] = {
        "weapons": weapons,
        "synthetic": synthetic,
        "accept_implausible": accept_implausible,
    }
    try:
        if as_json:
            report = import_dataset(engine, path, **options)
        else:
            with Progress(
                TextColumn("[bold]importing[/]"),
                BarColumn(),
                TextColumn("{task.completed:,}/{task.total:,} rows"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as bar:
                task = bar.add_task("import", total=total)
                report = import_dataset(
                    engine, path, **options, progress=lambda n: bar.advance(task, n)
                )
    except DatasetError as err:
        raise fail(f"{err} (nothing was written)") from None
    except Conflict as err:
        raise fail(str(err)) from None
    except Busy as err:
        raise fail(f"{err} (nothing was written)", err.exit_code) from None
    if as_json:
        print_json(report.as_dict())
        return
    _print_import(path, report, synthetic)


def _print_import(path: Path, report: Any, synthetic: bool) -> None:
    label = " [yellow](SYNTHETIC)[/]" if synthetic else ""
    console.print(f"[bold]Imported[/] {path}{label}")
    console.print(
        f"  rows read {report.rows_read:,} · sources written {report.sources_written:,} · "
        f"claims written {report.claims_written:,} · duplicates skipped {report.duplicates_skipped:,} · "
        f"revisions {report.revisions_written:,} · nights resolved {report.nights_resolved:,}"
    )
    grouped = report.warnings_by_kind()
    if grouped:
        console.print(f"  warnings: {len(report.warnings):,}")
        for kind, rows in sorted(grouped.items()):
            shown = ", ".join(str(r) for r in rows[:12]) + (" …" if len(rows) > 12 else "")
            console.print(f"    {kind}: {len(rows):,} (rows {shown})")
    for w in report.warnings:
        if w.kind == "implausible":
            console.print(f"    [yellow]row {w.row}: implausible {w.message}[/]", highlight=False)
    if report.implausible_rows:
        console.print(
            f"  [yellow]{len(report.implausible_rows):,} row(s) with implausible counts were NOT "
            "stored[/]; re-import with --accept-implausible to store them flagged (never counted)"
        )
    if report.missing_upstream_count:
        console.print(
            f"  [yellow]{report.missing_upstream_count:,} report(s) in the ledger are missing from "
            "this file[/] (withdrawn upstream, or an older file); nothing was deleted. To withdraw one:"
        )
        for m in report.missing_upstream[:10]:
            console.print(
                f"    strikewatch retract {m['source_id']} --reason 'removed upstream'   # {m['title']}",
                highlight=False,
                soft_wrap=True,
            )


def _count_lines(path: Path) -> int | None:
    try:
        with path.open("rb") as handle:
            return max(
                0, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
            )
    except OSError:
        return None


def fetch_command(
    url: Annotated[
        str | None,
        typer.Option(
            help="An explicit mirror's CSV URL (labelled UNOFFICIAL). Default: the Kaggle "
            "release through kagglehub, or $STRIKEWATCH_DATASET_URL."
        ),
    ] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected SHA-256 of the download.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where to keep the downloaded CSV.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds before giving up.")] = 30.0,
    allow_local: Annotated[
        bool, typer.Option("--allow-local", help="Allow a download from this machine (http ok).")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Download the dataset's current Kaggle release (or a mirror), verify, import, record it."""
    from strikewatch.fetch import FetchError, fetch_release, record_release
    from strikewatch.importer import import_dataset
    from strikewatch.readers.dataset import DatasetError

    try:
        release = fetch_release(
            url=url, expected_sha256=sha256, output=output, timeout=timeout, allow_local=allow_local
        )
    except FetchError as err:
        raise fail(str(err)) from None
    from strikewatch.errors import Conflict

    engine = engine_for(db)
    try:
        report = import_dataset(engine, release.path, weapons=release.weapons)
    except DatasetError as err:
        raise fail(f"downloaded file is not a valid dataset: {err} (nothing was written)") from None
    except Conflict as err:
        raise fail(str(err)) from None
    record_release(engine, release, report.as_dict())
    result = report.as_dict() | release.as_dict()
    if as_json:
        print_json(result)
        return
    if not release.official:
        err_console.print(f"[bold yellow]{result['label']}[/]: {release.origin}")
    version = f" version {release.version}" if release.version is not None else ""
    console.print(
        f"Fetched {release.handle}{version} (SHA-256 {release.sha256[:12]}…) to {release.path}; "
        f"imported {report.rows_read:,} rows ({report.claims_written:,} new claims)."
    )
    console.print(result["attribution"], highlight=False)


def synth_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV file to write.")],
    rows: Annotated[int, typer.Option(min=1, max=50_000_000, help="Number of rows.")] = 5_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same file).")] = 1,
    start: Annotated[str, typer.Option(help="First night.")] = "2022-09-28",
) -> None:
    """Write a SYNTHETIC dataset in the public CSV format (for demos and scale benchmarks)."""
    from strikewatch.synth import write_synthetic

    written = write_synthetic(output, rows=rows, seed=seed, start=parse_night(start, "--start"))
    console.print(
        f"Wrote {written:,} SYNTHETIC rows to {output}. Import with: strikewatch import dataset {output} --synthetic"
    )


def demo_command(
    data: Annotated[
        Path | None, typer.Option(help="A dataset CSV to use instead of fetching.")
    ] = None,
    night: Annotated[
        str | None, typer.Option(help="Night to show (default: the largest drone night).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The main job: get data (file, else fetch, else synthetic), import, show what happened."""
    from strikewatch.demo import run_demo

    run_demo(db, data=data, night=parse_night(night) if night else None)


def register(app: typer.Typer) -> None:
    """Add the ``import`` group (``dataset``, ``events``), ``fetch``, ``synth`` and ``demo``."""
    import_app = command_group("Import the public dataset or a context-events CSV.")
    import_app.command("dataset")(import_dataset_command)
    events.register(import_app)
    app.add_typer(import_app, name="import")
    app.command("fetch")(fetch_command)
    app.command("synth")(synth_command)
    app.command("demo")(demo_command)
