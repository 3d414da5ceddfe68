"""``strikewatch analyze …``: records, interception, tempo, targeting and event studies.

Thin: each command loads tidy tables through the ledger queries, calls one analysis
function and prints a Rich table or JSON (``--json``). Exit codes as in ``cli.py``:
2 for bad input, 1 when the asked-about thing does not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import (
    CsvOption,
    DbOption,
    JsonOption,
    KindOption,
    UnitOption,
    class_option,
    command_group,
    kind_option,
    output_format,
    show_rows,
)
from strikewatch.commands.common import engine_for as _engine
from strikewatch.commands.common import events_for as _events
from strikewatch.commands.common import fail as _fail
from strikewatch.commands.common import parse_night as _night

app = command_group("Analyses over the resolved nights.")

SinceOption = Annotated[str | None, typer.Option(help="First night (YYYY-MM-DD).")]
# ---------------------------------------------------------------------------------- helpers


def _figures(db: str | None) -> Any:
    from strikewatch.ledger import queries

    return queries.figures(_engine(db))


def _nightly(db: str | None, unit: str = "night") -> Any:
    from strikewatch.tables import UNITS, nightly_totals

    if unit not in UNITS:
        raise _fail(f"--unit: {unit!r}; one of {', '.join(UNITS)}")
    table = nightly_totals(_figures(db), unit)
    if table.empty:
        raise _fail(
            "the ledger has no resolved nights; run `strikewatch import dataset PATH` first", 1
        )
    return table


def _out(
    obj: Any,
    as_json: bool,
    render: Any = None,
    *,
    as_csv: bool = False,
    rows: tuple[str, ...] = (),
) -> None:
    """Print an analysis: JSON, the CSV of its main table, or the rendered text.

    ``rows`` is the path to the main table in the JSON (``("runs",)``): ``--csv`` prints that
    list with the same keys, and exits 1 when it is empty (there is nothing to print).
    """
    from strikewatch.output import console, print_json
    from strikewatch.serial import jsonable

    output_format(as_json, as_csv)
    data = obj.as_dict() if hasattr(obj, "as_dict") else jsonable(obj)
    if as_csv:
        table: Any = data
        for key in rows:
            table = table.get(key) if isinstance(table, dict) else None
        show_rows(list(table or []), [], as_json=False, as_csv=True, empty="no rows to print")
        return
    if as_json:
        print_json(data)
        return
    if getattr(obj, "synthetic", False):
        console.print("[bold yellow]SYNTHETIC DATA[/]: generated figures, not observations.")
    if render is not None:
        render(data)
    else:
        for key, value in data.items():
            if not isinstance(value, list | dict):
                console.print(f"{key:>28}: {value}", highlight=False)


def _table(rows: list[dict[str, Any]], columns: list[str], title: str) -> None:
    from strikewatch.output import print_table

    print_table(rows, columns, title=title)


# --------------------------------------------------------------------------------- records


@app.command("rank")
def rank_command(
    night: Annotated[str, typer.Argument(help="Night label (YYYY-MM-DD, the morning date).")],
    by: KindOption = "drones",
    scope: Annotated[str, typer.Option(help="year | 365d | all")] = "year",
    unit: UnitOption = "wave",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rank one night's wave (or the night, or the day) within its year / 365 days / all."""
    from strikewatch.analysis.records import SCOPES, rank_night

    by = kind_option(by)
    if scope not in SCOPES:
        raise _fail(f"--scope: {scope!r}; one of {', '.join(SCOPES)}")
    n = _night(night)
    nightly = _nightly(db, unit)
    result = rank_night(nightly, n, by, scope)
    if result.value is None:
        if as_json:
            _out(result, True)
        raise _fail(f"no {by} figure for {unit} {n}", 1)
    _out(result, as_json)


@app.command("top")
def top_command(
    by: KindOption = "drones",
    year: Annotated[int | None, typer.Option(help="Calendar year of the night label.")] = None,
    n: Annotated[int, typer.Option("--n", min=1, max=10_000)] = 10,
    unit: UnitOption = "wave",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The largest waves (or nights, or days) with competition ranks (as `strikewatch top`)."""
    from strikewatch.analysis.records import top_nights

    output_format(as_json, as_csv)
    by = kind_option(by)
    rows = top_nights(_nightly(db, unit), by, n, year)
    show_rows(
        rows,
        ["rank", "night", "value", "kind", "start", "end", "n_waves"],
        as_json=as_json,
        as_csv=as_csv,
        empty=f"no {unit}s with a known {by} count" + (f" in {year}" if year else ""),
        title=f"Top {unit}s by {by}",
    )


@app.command("check")
def check_command(
    phrase: Annotated[
        str, typer.Argument(help='A record phrase, e.g. "one of the year\'s largest".')
    ],
    night: Annotated[str, typer.Option("--night", help="Night the phrase is about.")],
    top: Annotated[int, typer.Option(help='What "one of the largest" means: rank <= this.')] = 5,
    unit: UnitOption = "wave",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Check a record phrase against the data: supported, not_supported, depends or
    not_checkable (exit code 2: the phrase is not a comparison of scale)."""
    from strikewatch.analysis.records import check_claim
    from strikewatch.errors import NotFound

    try:
        result = check_claim(phrase, _night(night, "--night"), _nightly(db, unit), top_n=top)
    except NotFound as err:
        raise _fail(str(err), 1) from None

    def render(d: dict[str, Any]) -> None:
        from strikewatch.output import console

        console.print(
            f"[bold]{d['verdict']}[/] ({d['unit']} {d['wave'] or d['night']}): {d['explanation']}",
            highlight=False,
        )
        if d["evidence"]:
            _table(
                d["evidence"],
                [
                    "count",
                    "judged",
                    "value",
                    "scope",
                    "rank_at_the_time",
                    "rank_now",
                    "nights_compared",
                    "supports",
                ],
                f"Evidence for {phrase!r}",
            )

    _out(result, as_json, render, as_csv=as_csv, rows=("evidence",))
    if result.verdict == "not_checkable":
        raise typer.Exit(2)


# ----------------------------------------------------------------------------- interception


@app.command("interception")
def interception_command(
    weapon_class: Annotated[
        str | None,
        typer.Option(
            "--class",
            help="A count (drones | missiles | ballistic | cruise | total) or a weapon class id.",
        ),
    ] = None,
    model: Annotated[str | None, typer.Option(help="Canonical model name.")] = None,
    by: Annotated[str, typer.Option("--by", help="week | month | quarter")] = "month",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Share stopped / destroyed / lost to EW per period, 95% intervals clustered by night."""
    from strikewatch.analysis.interception import interception

    output_format(as_json, as_csv)
    if by not in ("week", "month", "quarter"):
        raise _fail(f"--by: {by!r}; one of week, month, quarter")
    if weapon_class is not None:
        weapon_class = class_option(weapon_class)
    result = interception(_figures(db), weapon_class, model, by)
    what = weapon_class or model or "any weapon"
    if as_json or as_csv or not result.rows:
        show_rows(result.rows, [], as_json=as_json, as_csv=as_csv, empty=f"no figures of {what}")
        return
    _out(result, False, lambda d: _interception_render(d, weapon_class or model, by))


def _interception_render(d: dict[str, Any], what: str | None, by: str) -> None:
    from strikewatch.numfmt import fmt_count, fmt_interval, fmt_share
    from strikewatch.output import console

    rows = [
        {
            "period": r["period"],
            "regime": r["regime"] + (" (mixed)" if r["mixed_regimes"] else ""),
            "nights": fmt_count(r["nights"]),
            "launched": fmt_count(r["launched"]),
            "stopped": fmt_share(r["share_stopped"]),
            "stopped 95%": fmt_interval(r["stopped_low"], r["stopped_high"]),
            "nightly mean": fmt_share(r["mean_nightly_stopped"]),
            "destroyed": fmt_share(r["share_destroyed"]),
            "destroyed 95%": fmt_interval(r["low"], r["high"]),
            "lost to EW": fmt_share(r["share_lost_ew"]),
        }
        for r in d["rows"]
    ]
    _table(rows, list(rows[0]) if rows else ["period"], f"Interception of {what or 'all'} by {by}")
    console.print(
        "stopped = destroyed + lost to EW, comparable across reporting regimes; "
        "'destroyed' changes meaning at each regime (see `analyze regimes`). "
        + d["method_note"]
        + ".",
        highlight=False,
    )


@app.command("regimes")
def regimes_command(
    db: DbOption = None, as_json: JsonOption = False, as_csv: CsvOption = False
) -> None:
    """Reporting regimes: catalogued, detected from the data, and where they disagree."""
    from strikewatch.analysis.regimes import regimes_report
    from strikewatch.output import console

    result = regimes_report(_figures(db))

    def render(d: dict[str, Any]) -> None:
        _table(d["catalogued"], ["id", "start", "lost_ew", "detected_on", "what"], "Regimes")
        _table(
            d["detected"],
            ["night", "share_given_before", "share_given_after", "catalogued_as"],
            "Breaks detected from the data",
        )
        for w in d["warnings"]:
            console.print(f"[bold yellow]warning[/]: {w}", highlight=False)
        console.print(d["method"], highlight=False)

    _out(result, as_json, render, as_csv=as_csv, rows=("catalogued",))


@app.command("saturation")
def saturation_command(
    adjust: Annotated[
        str, typer.Option(help="Period fixed effects: quarter | month | year | none")
    ] = "quarter",
    min_launched: Annotated[
        int, typer.Option(help="Nights with fewer launched are left out.")
    ] = 10,
    plot: Annotated[
        Path | None, typer.Option(help="Write the plot to this HTML file (offline).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Does the destroyed share fall as salvos grow or their ballistic share rises?"""
    from strikewatch.analysis.interception import saturation

    if adjust not in ("quarter", "month", "year", "none"):
        raise _fail(f"--adjust: {adjust!r}; one of quarter, month, year, none")
    result = saturation(_figures(db), adjust=adjust, min_launched=min_launched)
    if plot is not None:
        result.figure().write_html(str(plot), include_plotlyjs=True, full_html=True)

    def render(d: dict[str, Any]) -> None:
        rows = [
            {
                "term": e["term"],
                "odds ratio": f"{e['odds_ratio']:.2f}",
                "95% CI": f"{e['low']:.2f}–{e['high']:.2f}",
                "binomial CI (too narrow)": f"{e['naive_low']:.2f}–{e['naive_high']:.2f}",
                "p": e["p_text"],
            }
            for e in d["effects"]
        ]
        _table(rows, list(rows[0]) if rows else ["term"], "Saturation model")
        print(d["dispersion_note"] + ".")
        print(d["sentence"])

    _out(result, as_json, render, as_csv=as_csv, rows=("effects",))


# ------------------------------------------------------------------------------------ tempo


@app.command("tempo")
def tempo_command(
    by: Annotated[str, typer.Option("--by", help="week | month | quarter | year")] = "month",
    since: SinceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Mean and max nightly launches per count kind and period."""
    from strikewatch.analysis.tempo import tempo

    if by not in ("week", "month", "quarter", "year"):
        raise _fail(f"--by: {by!r}; one of week, month, quarter, year")
    result = tempo(_nightly(db), by, since)
    _out(
        result,
        as_json,
        lambda d: _table(
            d["rows"],
            [
                "period",
                "nights",
                "drones_mean",
                "drones_max",
                "missiles_mean",
                "missiles_max",
                "ballistic_max",
                "cruise_max",
            ],
            f"Tempo by {by}",
        ),
        as_csv=as_csv,
        rows=("rows",),
    )


def _runs_render(d: dict[str, Any]) -> None:
    print(
        f"{d['what']} of {d['kind']}: threshold {d['threshold']:g} ({d['threshold_rule']}), "
        f"at least {d['min_nights']} nights"
    )
    _table(d["runs"], ["start", "end", "nights", "mean", "peak", "peak_night"], d["what"])
    if d.get("sensitivity"):
        _table(
            d["sensitivity"],
            ["threshold", "threshold_value", "min_nights", "runs", "nights_in_runs"],
            "Sensitivity: the same question at neighbouring settings",
        )
        print(d["sentence"])


@app.command("campaigns")
def campaigns_command(
    by: KindOption = "drones",
    threshold: Annotated[str, typer.Option(help="A number or pNN (percentile).")] = "p90",
    min_nights: Annotated[int, typer.Option(min=1)] = 3,
    since: SinceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Sustained campaigns: runs of consecutive nights at or above a threshold."""
    from strikewatch.analysis.tempo import campaigns

    by = kind_option(by)
    try:
        result = campaigns(_nightly(db), by, threshold, min_nights, since)
    except ValueError as err:
        raise _fail(str(err)) from None
    _out(result, as_json, _runs_render, as_csv=as_csv, rows=("runs",))


@app.command("lulls")
def lulls_command(
    by: KindOption = "drones",
    threshold: Annotated[str, typer.Option(help="A number or pNN (percentile).")] = "p25",
    min_nights: Annotated[int, typer.Option(min=1)] = 3,
    since: SinceOption = None,
    test: Annotated[
        bool, typer.Option(help="Also test: does a longer lull precede a bigger salvo?")
    ] = True,
    permutations: Annotated[int, typer.Option(min=100)] = 10_000,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Lulls (runs at or below a low threshold), surges, and the lull → salvo test."""
    from strikewatch.analysis.tempo import lull_vs_salvo, lulls, surges

    by = kind_option(by)
    nightly = _nightly(db)
    try:
        result = lulls(nightly, by, threshold, min_nights, since)
    except ValueError as err:
        raise _fail(str(err)) from None
    out: dict[str, Any] = {
        "lulls": result.as_dict(),
        "surges": surges(nightly, by, since=since).as_dict(),
    }
    if test:
        out["lull_vs_salvo"] = lull_vs_salvo(
            nightly, by, permutations=permutations, since=since
        ).as_dict()
    if as_json or as_csv:
        _out(out, as_json, as_csv=as_csv, rows=("lulls", "runs"))
        return
    _out(result, False, _runs_render)
    print(f"{len(out['surges']['nights'])} surge nights (>= 2x the previous 28-night median).")
    if test:
        print(out["lull_vs_salvo"]["sentence"])


@app.command("changepoints")
def changepoints_command(
    by: KindOption = "drones",
    penalty: Annotated[float | None, typer.Option(help="PELT penalty (default 2·σ²·ln n).")] = None,
    min_size: Annotated[int, typer.Option(min=2)] = 7,
    since: SinceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Change points in the nightly series (PELT, L2 cost on log1p)."""
    from strikewatch.analysis.tempo import changepoints

    by = kind_option(by)
    result = changepoints(_nightly(db), by, penalty, min_size, since)
    _out(
        result,
        as_json,
        lambda d: _table(
            d["segments"],
            ["start", "end", "nights", "mean", "median"],
            f"Segments of {by} ({d['method']}, penalty {d['penalty']:.2f})",
        ),
        as_csv=as_csv,
        rows=("segments",),
    )


# -------------------------------------------------------------------------------- targeting


@app.command("targeting")
def targeting_command(
    role: Annotated[
        str, typer.Option(help="hit (affected regions) | target (target areas)")
    ] = "hit",
    level: Annotated[str, typer.Option(help="macro_region | place")] = "macro_region",
    by: Annotated[str, typer.Option("--by", help="month | quarter | year")] = "quarter",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Share of claims by macro-region or oblast over time; energy seasonality where known."""
    from strikewatch.analysis.targeting import category_shares, energy_seasonality, region_shares
    from strikewatch.ledger import queries
    from strikewatch.numfmt import fmt_count, fmt_interval, fmt_share

    if role not in ("hit", "target") or level not in ("macro_region", "place"):
        raise _fail("--role must be hit or target; --level macro_region or place")
    engine = _engine(db)
    places = queries.night_places(engine)
    targets = _target_claims(engine)
    attack_nights = _figures(db)["night"]
    shares = region_shares(places, role, level, by, attack_nights)
    out = {
        "regions": shares.as_dict(),
        "categories": category_shares(targets, by, attack_nights).as_dict(),
        "energy_seasonality": energy_seasonality(targets).as_dict(),
    }
    if as_json or as_csv:
        _out(out, as_json, as_csv=as_csv, rows=("regions", "rows"))
        return
    _out(
        shares,
        False,
        lambda d: _table(
            [
                {
                    "period": r["period"],
                    "region": r["region"],
                    "claims": fmt_count(r["n_claims"]),
                    "share": fmt_share(r["share"]),
                    "95% (by night)": fmt_interval(r["low"], r["high"]),
                    "nights with data": fmt_count(r["nights_with_data"]),
                    "note": "too little data" if r["too_little_data"] else "",
                }
                for r in d["rows"]
            ],
            ["period", "region", "claims", "share", "95% (by night)", "nights with data", "note"],
            f"Share of {role} claims by {level}",
        ),
    )
    print(shares.coverage_note)
    print(out["energy_seasonality"]["sentence"])


def _target_claims(engine: Any) -> Any:
    """TARGET claims with a category (night, target_category, n_claims), from the ledger."""
    import pandas as pd

    from strikewatch.ledger import queries

    try:
        # a dedicated ledger query would be cheaper; TARGET claims are few (text reader only)
        claims = queries.claims_table(engine, kind="target", limit=10_000_000)
    except Exception:
        return None
    frame = pd.DataFrame(claims) if not isinstance(claims, pd.DataFrame) else claims
    if frame.empty or "target_category" not in frame:
        return None
    frame = frame[frame["target_category"].notna() & frame["night"].notna()]
    if frame.empty:
        return None
    frame = frame.assign(night=pd.to_datetime(frame["night"]))
    if "synthetic" not in frame:
        frame["synthetic"] = False
    return (
        frame.groupby(["night", "target_category"])
        .agg(n_claims=("target_category", "size"), synthetic=("synthetic", "any"))
        .reset_index()
    )


# -------------------------------------------------------------------------------- context


@app.command("events")
def events_command(
    kind: Annotated[
        str, typer.Option("--kind", help="Event kind, e.g. diplomacy, ukraine_deep_strike.")
    ],
    window: Annotated[int, typer.Option("--window", min=1, max=60, help="k nights.")] = 3,
    side: Annotated[str, typer.Option(help="before | after")] = "before",
    by: KindOption = "total",
    permutations: Annotated[int, typer.Option(min=10_000)] = 10_000,
    placebo: Annotated[str, typer.Option(help="local | uniform")] = "local",
    alternative: Annotated[str, typer.Option(help="greater | less | two-sided")] = "greater",
    include_unverified: Annotated[
        bool, typer.Option(help="Also use events whose date was not checked.")
    ] = False,
    events_file: Annotated[
        Path | None, typer.Option("--events-file", help="Use this CSV instead of the ledger.")
    ] = None,
    seed: Annotated[int, typer.Option()] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Event study: mean nightly launches in k nights before/after events vs all other nights."""
    from strikewatch.analysis.context import event_study
    from strikewatch.domain import EventKind

    if kind not in {k.value for k in EventKind}:
        raise _fail(f"--kind: {kind!r}; one of {', '.join(k.value for k in EventKind)}")
    if side not in ("before", "after") or placebo not in ("local", "uniform"):
        raise _fail("--side must be before or after; --placebo local or uniform")
    if alternative not in ("greater", "less", "two-sided"):
        raise _fail("--alternative must be greater, less or two-sided")
    by = kind_option(by)
    events, origin = _events(db, events_file)
    result = event_study(
        _nightly(db),
        events,
        kind,
        window,
        side,
        by,
        permutations,
        placebo,
        alternative,
        verified_only=not include_unverified,
        seed=seed,
        sensitivity=True,
    )
    data = result.as_dict() | {"events_origin": origin}
    if as_json or as_csv:
        _out(data, as_json, as_csv=as_csv, rows=("sensitivity",))
        return

    def render(d: dict[str, Any]) -> None:
        _table(
            d["sensitivity"] or [],
            [
                "window",
                "max_shift",
                "effect",
                "placebo_mean_effect",
                "excess_over_placebos",
                "p_value",
            ],
            "Sensitivity: the same study at neighbouring windows and placebo ranges",
        )
        print(d["sentence"] + f"\n(events: {origin}; {d['method']})")

    _out(result, False, render)


@app.command("hypotheses")
def hypotheses_command(
    windows: Annotated[
        str, typer.Option(help="Comma-separated window lengths in nights.")
    ] = "1,3,7",
    by: KindOption = "total",
    include_unverified: Annotated[bool, typer.Option()] = False,
    events_file: Annotated[Path | None, typer.Option("--events-file")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The seeds' hypotheses: barrages before diplomatic events, and after deep strikes."""
    from strikewatch.analysis.context import hypotheses

    try:
        ws = tuple(int(w) for w in windows.split(","))
    except ValueError:
        raise _fail(f"--windows: {windows!r} is not a comma-separated list of numbers") from None
    by = kind_option(by)
    events, origin = _events(db, events_file)
    result = hypotheses(_nightly(db), events, ws, by, origin, verified_only=not include_unverified)

    def render(d: dict[str, Any]) -> None:
        _table(
            d["tests"],
            [
                "kind",
                "side",
                "window",
                "n_events",
                "mean_in_window",
                "mean_other",
                "p_value",
                "p_adjusted",
                "nb_irr",
            ],
            f"Event studies (events: {origin})",
        )
        for name, answer in d["answers"].items():
            print(f"{name}: {answer}")

    _out(result, as_json, render, as_csv=as_csv, rows=("tests",))


def register(parent: typer.Typer) -> None:
    """Add the ``analyze`` group to the top-level app."""
    parent.add_typer(
        app,
        name="analyze",
        help="Analyses: records, interception, tempo, targeting, event studies.",
    )
