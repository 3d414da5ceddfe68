"""``strikewatch strain``: interceptor expenditure, cost exchange and stock projections."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import (
    DbOption,
    JsonOption,
    command_group,
    output_format,
    show_rows,
)
from strikewatch.numfmt import fmt_count, fmt_money
from strikewatch.output import console, err_console

app = command_group(
    "Air-defence strain: interceptors used per layer and their cost on observed nights "
    "(estimate), and how long stocks last under a scenario (project). Every assumption "
    "is in the scenario file; see docs/strain.md."
)

ScenarioOpt = Annotated[
    Path | None,
    typer.Option(
        "--scenario", help="Scenario YAML (may start 'extends: default'). Default: shipped."
    ),
]
UnboundedOpt = Annotated[
    bool,
    typer.Option(
        "--unbounded",
        help="Lift the API's bounds on --runs and --days for a deliberate local run "
        "(memory and time grow with runs × days).",
    ),
]


def _check_bounds(runs: int, days: int | None, unbounded: bool) -> None:
    """The API's bounds (strain.limits), unless the operator lifted them explicitly."""
    from strikewatch.strain.limits import MAX_DAYS, MAX_RUNS

    if unbounded:
        return
    if runs > MAX_RUNS:
        err_console.print(
            f"[red]error:[/red] --runs {runs:,} is above the bound of {MAX_RUNS:,} "
            "(pass --unbounded to run it anyway)"
        )
        raise typer.Exit(2)
    if days is not None and days > MAX_DAYS:
        err_console.print(
            f"[red]error:[/red] --days {days:,} is above the bound of {MAX_DAYS:,} "
            "(pass --unbounded to run it anyway)"
        )
        raise typer.Exit(2)


def _load(path: Path | None) -> Any:
    from strikewatch.strain.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except (ScenarioError, OSError) as err:
        err_console.print(f"[red]error:[/red] {err}")
        raise typer.Exit(2) from None


def _figures(db: str | None, since: dt.date | None, until: dt.date | None) -> Any:
    """Figures from the ledger; imported lazily so the library never needs the database."""
    from strikewatch.ledger import connect, queries

    return queries.figures(connect(db), since, until)


#: What every strain output says about its scenario unless the scenario states otherwise:
#: Ukraine's stocks and kill rates are classified, so no scenario is an estimate of reality.
DEFAULT_STATUS = "illustrative, not real stocks"


def _status(scenario: Any) -> str:
    return str(getattr(scenario, "status", None) or DEFAULT_STATUS)


def _say_status(scenario: Any, as_json: bool) -> None:
    """The scenario's status, on every run, before any number (on stderr under --json, so
    the JSON stays clean; the JSON carries it as ``scenario_status``)."""
    (err_console if as_json else console).print(
        f"[bold yellow]Scenario {getattr(scenario, 'name', '?')!s}: {_status(scenario)}.[/] "
        "Stocks, deliveries and kill rates of Ukrainian air defence are classified."
    )


def _num(value: float | None, digits: int = 1) -> str:
    """A ratio or probability (not a count, not money)."""
    return "unknown" if value is None else f"{value:,.{digits}f}"


def _dump(result: dict[str, Any]) -> None:
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False))


@app.command("estimate")
def estimate_command(
    since: Annotated[
        dt.datetime, typer.Option("--since", formats=["%Y-%m-%d"], help="First night.")
    ],
    until: Annotated[
        dt.datetime, typer.Option("--until", formats=["%Y-%m-%d"], help="Last night.")
    ],
    scenario: ScenarioOpt = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Monte Carlo runs.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 0,
    as_json: JsonOption = False,
    db: DbOption = None,
    unbounded: UnboundedOpt = False,
) -> None:
    """Interceptors used per layer, defender and attacker cost, cost-exchange ratio and value
    at risk from the weapons that got through, for the nights between SINCE and UNTIL."""
    from strikewatch.commands.common import engine_for
    from strikewatch.strain.expenditure import estimate

    _check_bounds(runs, None, unbounded)
    sc = _load(scenario)
    engine_for(db)  # a ledger that cannot be opened: a clear error, its password redacted
    _say_status(sc, as_json)
    figures = _figures(db, since.date(), until.date())
    result = estimate(figures, sc, runs=runs, seed=seed)
    result["scenario_status"] = _status(sc)
    if as_json:
        _dump(result)
        return
    period = result["period"]
    if not period.get("nights"):
        console.print(f"No resolved nights between {since.date()} and {until.date()}.")
        return
    console.print(
        f"[bold]Air-defence expenditure[/bold] {result['inputs']['since']} → "
        f"{result['inputs']['until']}: {period['nights']} nights "
        f"({period['nights_with_known_figures']} with known figures), scenario "
        f"{result['scenario']}, {runs} runs"
    )
    from rich.table import Table

    table = Table("layer", "interceptors p50", "p10–p90", "kills p50", "cost p50")
    for name, q in period["interceptors"].items():
        kills = period["kills_attributed"][name]
        cost = period["defender_cost_by_layer_usd"][name]
        table.add_row(
            name,
            fmt_count(q["p50"]),
            f"{fmt_count(q['p10'])}–{fmt_count(q['p90'])}",
            fmt_count(kills["p50"]),
            fmt_money(cost["p50"]),
        )
    console.print(table)
    summary = Table("figure", "p10", "p50", "p90")
    ratio: Any = lambda v: _num(v, 2)  # noqa: E731
    for label, key, show in (
        ("defender cost", "defender_cost_usd", fmt_money),
        ("attacker cost", "attacker_cost_usd", fmt_money),
        ("cost-exchange ratio (defender/attacker)", "cost_exchange_ratio", ratio),
        ("weapons that got through", "leakers", fmt_count),
        ("value at risk from them", "value_at_risk_usd", fmt_money),
    ):
        q = period[key]
        summary.add_row(label, show(q["p10"]), show(q["p50"]), show(q["p90"]))
    console.print(summary)
    if period.get("unattributed_by_class"):
        console.print(
            f"Kills no layer of the right kind engages: {period['unattributed_by_class']}"
        )
    console.print(f"[dim]{result['caveat']}[/dim]")


@app.command("project")
def project_command(
    scenario: ScenarioOpt = None,
    days: Annotated[int, typer.Option("--days", min=1, max=3660, help="Days to project.")] = 180,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Trajectories.")] = 5000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed.")] = 0,
    since: Annotated[
        dt.datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="Resample salvos from nights since."),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="…and until this night."),
    ] = None,
    as_json: JsonOption = False,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV: one row per layer (the JSON's layers).")
    ] = False,
    db: DbOption = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a self-contained fan chart HTML here.")
    ] = None,
    unbounded: UnboundedOpt = False,
) -> None:
    """Monte Carlo of interceptor stocks: per layer the probability of running dry by each
    day, days-to-dry quantiles and leakers per night once dry. Salvos are resampled from the
    observed nights in --since/--until, or taken from the scenario's hand-set mixes."""
    from strikewatch.strain.projection import observed_salvo, project, scenario_salvo

    output_format(as_json, as_csv)
    _check_bounds(runs, days, unbounded)
    sc = _load(scenario)
    _say_status(sc, as_json or as_csv)
    salvo = None
    fallback_note = None
    if since is not None or until is not None:
        try:
            figures = _figures(db, since.date() if since else None, until.date() if until else None)
            salvo = observed_salvo(
                figures,
                since.date() if since else None,
                until.date() if until else None,
            )
        except Exception as err:  # no ledger, empty period: fall back, and say so
            from strikewatch.ledger.connection import scrub_db

            fallback_note = (
                f"observed salvos unavailable ({scrub_db(str(err), db)}); "
                "used the scenario's hand-set salvo"
            )
            err_console.print(f"[yellow]warning:[/yellow] {fallback_note}")
    if salvo is None:
        salvo = scenario_salvo(sc)
    result = project(sc, salvo, days=days, runs=runs, seed=seed)
    result["scenario_status"] = _status(sc)
    if fallback_note:
        result["inputs"]["notes"].append(fallback_note)
    if plot is not None:
        from strikewatch.strain.plots import write_fan_html

        write_fan_html(result, plot)
        result["plot"] = str(plot)
    if as_csv:
        show_rows(result["layers"], [], as_json=False, as_csv=True, empty="no layers")
        return
    if as_json:
        _dump(result)
        return
    inp = result["inputs"]
    console.print(
        f"[bold]Interceptor stock projection[/bold]: {days} days × {runs} runs, seed {seed}, "
        f"scenario {result['scenario']}, salvo from {inp['salvo_source']}"
        + (
            f" ({inp['since']} → {inp['until']}, {inp['nights_resampled']} nights)"
            if inp["since"]
            else ""
        )
        + f", attack-night probability {inp['tempo'][0]:.2f}"
        + (f"–{inp['tempo'][1]:.2f}" if inp["tempo"][1] != inp["tempo"][0] else "")
    )
    from rich.table import Table

    table = Table(
        "layer",
        "P(dry by end)",
        "days to dry p10/p50/p90",
        "leakers/night when dry",
        "…when available",
        "interceptors p50",
        "cost p50",
    )
    for layer in result["layers"]:
        dtd = layer["days_to_dry"]
        table.add_row(
            layer["name"] + (" (unlimited)" if layer["unlimited"] else ""),
            _num(layer["p_dry_by_end"], 3),
            "/".join("never" if dtd[k] is None else str(dtd[k]) for k in ("p10", "p50", "p90")),
            fmt_count(layer["leakers_per_attack_night_when_dry"]),
            fmt_count(layer["leakers_per_attack_night_when_available"]),
            fmt_count(layer["interceptors_used"]["p50"]),
            fmt_money(layer["cost_usd"]["p50"]),
        )
    console.print(table)
    lk = result["leakers_per_attack_night"]
    console.print(
        f"Weapons getting through per attack night: p10 {fmt_count(lk['p10'])}, "
        f"p50 {fmt_count(lk['p50'])}, p90 {fmt_count(lk['p90'])}. "
        f"'never' = not dry within {days} days in that share of runs."
    )
    if result["unengaged_classes"]:
        console.print(f"No layer engages: {', '.join(result['unengaged_classes'])}")
    if plot is not None:
        console.print(f"Fan chart written to {plot}")


def register(parent: typer.Typer) -> None:
    """Add the ``strain`` group to the top-level app."""
    parent.add_typer(
        app,
        name="strain",
        help="Air-defence strain: interceptor use, cost and stock projections.",
    )
