"""``strikewatch nights``, ``night``, ``top`` and ``claims``: the resolved nights and the claims
behind them, read from the ledger (SQL in ``ledger/``; pandas only for filtered listings)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from strikewatch.commands.common import (
    CsvOption,
    DbOption,
    JsonOption,
    KindOption,
    UnitOption,
    class_option,
    engine_for,
    fail,
    kind_option,
    output_format,
    parse_night,
    show_rows,
)
from strikewatch.output import console, emit, print_json

NIGHT_COLUMNS = ["night", "drones", "drones_destroyed", "missiles", "missiles_destroyed",
                 "ballistic", "cruise", "total"]  # fmt: skip


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
    from strikewatch.commands.night_view import print_night

    print_night(detail, columns)


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


def register(app: typer.Typer) -> None:
    """Add ``nights``, ``night``, ``top`` and ``claims`` to the top-level app."""
    app.command("nights")(nights_command)
    app.command("night")(night_command)
    app.command("top")(top_command)
    app.command("claims")(claims_command)
