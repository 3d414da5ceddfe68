"""The ``strikewatch`` command line: parses arguments, calls the library, prints.

Exit codes are ``commands.common.EXIT_CODES`` (0 found, 1 nothing found, 2 bad input,
3 delivery failure, 4 busy). Only Typer and our own option module are imported at module
level: every library a command needs is imported inside it, so ``--help`` starts fast.
"""

from __future__ import annotations

import os

# The analyses fit small models; OpenBLAS's thread pool made them 20x slower on a busy
# 2-core machine (0.57 s → 12 s). Users can still override it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch import __version__
from strikewatch.commands import (
    analyze,
    attach,
    brief,
    context,
    events,
    follow,
    read,
    serve,
    sources,
    strain,
    watch,
)
from strikewatch.commands.common import (
    CsvOption,
    DbOption,
    JsonOption,
    KindOption,
    UnitOption,
    class_option,
    command_group,
    engine_for,
    fail,
    kind_option,
    output_format,
    parse_night,
    show_rows,
)
from strikewatch.commands.night_view import print_night
from strikewatch.errors import Busy
from strikewatch.output import console, emit, err_console, print_json

app = command_group(
    "Sourced claims about massed air attacks on Ukraine, resolved into nightly records.",
    name="strikewatch",
)
import_app = command_group("Import the public dataset or a context-events CSV.")
app.add_typer(import_app, name="import")


def _print_version(value: bool) -> None:
    """Eager --version: answers before Typer asks for a command."""
    if value:
        print(f"strikewatch {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    if db:
        os.environ["STRIKEWATCH_DB"] = db


@import_app.command("dataset")
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


NIGHT_COLUMNS = ["night", "drones", "drones_destroyed", "missiles", "missiles_destroyed",
                 "ballistic", "cruise", "total"]  # fmt: skip


@app.command("nights")
def nights_command(
    since: Annotated[str | None, typer.Option(help="First night, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last night, YYYY-MM-DD.")] = None,
    weapon_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="A count (drones | missiles | ballistic | cruise | total, as for --by) or a "
            "weapon class id, e.g. recon_drone.",
        ),
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Oblast, city or macro-region the night hit.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """One line per night: launched (and destroyed) by count kind."""
    from strikewatch.analysis.common import class_night_rows, night_rows
    from strikewatch.domain import COUNT_KINDS
    from strikewatch.ledger import queries

    output_format(as_json, as_csv)
    chosen = class_option(weapon_class) if weapon_class is not None else None
    since_d = parse_night(since, "--since") if since else None
    until_d = parse_night(until, "--until") if until else None
    engine = engine_for(db)
    one_class = chosen if chosen not in (None, *COUNT_KINDS) else None
    if chosen is None and region is None:
        from strikewatch.ledger.totals import unit_table

        # The totals table kept by the resolver, read by index (decision 56).
        stored = unit_table(engine, "night", since_d, until_d)
        rows = [r | {"night": r["night"].isoformat()} for r in stored]
        columns = NIGHT_COLUMNS
    else:
        try:
            frame = queries.figures(engine, since_d, until_d, weapon_class=one_class, region=region)
        except ValueError as err:
            raise fail(str(err)) from None
        if one_class:
            rows, columns = class_night_rows(frame), ["night", "launched", "destroyed"]
        elif chosen:
            rows, columns = night_rows(frame, chosen), ["night", "launched", "destroyed"]
        else:
            rows, columns = night_rows(frame), NIGHT_COLUMNS
    caption = "SYNTHETIC DATA" if any(r.get("synthetic") for r in rows) else None
    show_rows(
        rows,
        columns + (["synthetic"] if caption else []),
        as_json=as_json,
        as_csv=as_csv,
        empty="no nights match",
        title="Nights",
        caption=caption,
    )


@app.command("night")
def night_command(
    night: Annotated[
        str, typer.Argument(help="Night label: the Kyiv-local date of the morning, YYYY-MM-DD.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Every figure of one night with the sources behind it."""
    from strikewatch.ledger import queries

    output_format(as_json, as_csv)
    night_d = parse_night(night)
    engine = engine_for(db)
    detail = queries.night_detail(engine, night_d)
    if detail is None:
        raise fail(f"no records for night {night_d.isoformat()}", code=1)
    if queries.has_phrase_claims(detail):  # the checker (and pandas) only when there is a phrase
        from strikewatch.analysis.records import judge_phrases

        judge_phrases(detail, lambda: queries.figures(engine))
    if as_json:
        print_json(detail)
        return
    columns = [
        "weapon_class",
        "model",
        "launched",
        "destroyed",
        "lost_ew",
        "still_airborne",
        "hit_locations",
        "status",
    ]
    if as_csv:  # the night's rows are its figures: the same columns as --json's "figures"
        emit(detail["figures"], columns, as_json=False, as_csv=True)
        return
    print_night(detail, columns)


@app.command("top")
def top_command(
    by: KindOption = "drones",
    year: Annotated[int | None, typer.Option(help="Calendar year of the night label.")] = None,
    n: Annotated[int, typer.Option("--n", min=1, max=10_000, help="How many nights.")] = 10,
    unit: UnitOption = "wave",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The largest attack waves (or nights, or days), largest first, with competition ranks."""
    from strikewatch.ledger.totals import top_units
    from strikewatch.tables import UNITS

    output_format(as_json, as_csv)
    by = kind_option(by)
    if unit not in UNITS:
        raise fail(f"--unit: unknown unit {unit!r}; one of {', '.join(UNITS)}")
    # The totals table kept by the resolver, read by index (decision 56).
    rows: list[dict[str, Any]] = top_units(engine_for(db), by, unit, n=n, year=year)
    for r in rows:
        r["summed"] = (
            f"sum of {r['n_waves']} waves: {', '.join(r['waves'])}" if r["n_waves"] > 1 else None
        )
    caption = "SYNTHETIC DATA" if any(r["synthetic"] for r in rows) else None
    show_rows(
        rows,
        ["rank", "night", "value", "unit", "kind", "start", "end", "summed"],
        as_json=as_json,
        as_csv=as_csv,
        empty=f"no {unit}s with a known {by} count" + (f" in {year}" if year else ""),
        title=f"Top {unit}s by {by}" + (f", {year}" if year else ""),
        caption=caption,
    )


@app.command("claims")
def claims_command(
    night: Annotated[
        str | None, typer.Argument(help="Night label, YYYY-MM-DD (default: all nights).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="count | casualties | place | target | phrase")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many claims.")] = 200,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many claims first.")] = 0,
    history: Annotated[
        bool,
        typer.Option(
            "--history", help="Include superseded and withdrawn readings, with their log."
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The raw claims behind the figures: who said what, where, in which row or sentence.

    By default only current readings (what the figures use); --history adds every earlier
    revision and withdrawn reading, each with its state and the decisions logged on it."""
    from strikewatch.domain import ClaimKind
    from strikewatch.ledger.history import claims_view

    output_format(as_json, as_csv)
    if kind is not None and kind not in {k.value for k in ClaimKind}:
        raise fail(f"--kind: unknown kind {kind!r}; one of {', '.join(k.value for k in ClaimKind)}")
    night_d = parse_night(night) if night else None
    rows = claims_view(
        engine_for(db), night=night_d, kind=kind, limit=limit, offset=offset, history=history
    )
    columns = ["id", "night", "kind", "weapon_class", "model", "outcome", "value", "low", "high",
               "place", "qualifier", "status", "level", "publisher", "url", "row_number", "text",
               "source_id", "reading", "revision", "seen_at", "flags"]  # fmt: skip
    if history:
        columns.append("actions")
    if as_json or as_csv or not rows:
        where = f" for night {night_d.isoformat()}" if night_d else ""
        show_rows(rows, columns, as_json=as_json, as_csv=as_csv, empty=f"no claims{where}")
        return
    from strikewatch.output import fmt

    compact = []
    for r in rows:
        low, high = r.get("low"), r.get("high")
        compact.append(
            {
                "id": r["id"],
                "night": r["night"],
                "what": f"{r['kind']} {r.get('outcome') or ''}".strip(),
                "model": r.get("model") or r.get("weapon_class") or "",
                "value": r.get("value"),
                "range": "" if low is None and high is None else f"{fmt(low)}–{fmt(high)}",
                "where": r.get("place") or r.get("qualifier") or "",
                "status": r["status"]
                + (" (implausible)" if "implausible" in (r.get("flags") or []) else ""),
                "source": f"#{r['source_id']} {r['level']}"
                + (f" row {r['row_number']}" if r.get("row_number") else ""),
                "reading": f"{r['reading']} r{r['revision']}",
                "text": (r.get("text") or "")[:40],
            }
        )
    shown = ["id", "night", "what", "model", "value", "range", "where", "status", "source", "text"]
    if history:
        shown.insert(-1, "reading")
    title = f"Claims{' for ' + night_d.isoformat() if night_d else ''}"
    emit(compact, shown, as_json=False, as_csv=False, title=title)
    if history:
        _print_actions(rows)


def _print_actions(rows: list[dict[str, Any]]) -> None:
    """The logged decisions on the readings shown, once per source."""
    done: set[int] = set()
    for r in rows:
        if r["source_id"] in done or not r.get("actions"):
            continue
        done.add(r["source_id"])
        for a in r["actions"]:
            console.print(
                f"  source {r['source_id']}: {a['action']} by {a['actor']} at {a['at']}: {a['reason']}",
                highlight=False,
                soft_wrap=True,
            )


@app.command("resolve")
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


@app.command("info")
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


@app.command("fetch")
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


@app.command("upgrade")
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
    if not result["nights_resolved"]:  # only indexes were missing: figures are unchanged
        console.print("Only indexes were added; every figure is as it was.")
        return
    console.print(
        f"Rebuilt {result['nights_resolved']:,} nights from the claims. Re-import the dataset "
        "to relabel its rows under the current rules (they become new revisions)."
    )


@app.command("synth")
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


@app.command("demo")
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


# Every command module is wired in here, statically: a renamed module fails loudly at import.
read.register(app)
attach.register(app)
context.register(app)
brief.register(app)
watch.register(app)
serve.register(app)
follow.register(app)
sources.register(app)
events.register(import_app)
app.add_typer(
    analyze.app,
    name="analyze",
    help="Analyses: records, interception, tempo, targeting, event studies.",
)
app.add_typer(
    strain.app,
    name="strain",
    help="Air-defence strain: interceptor use, cost and stock projections.",
)
