"""Projection: fast path == loop reference bit for bit, and the sanity properties."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from strikewatch.commands.strain import app
from strikewatch.strain.model import layer_arrays
from strikewatch.strain.projection import (
    ProjectionRaw,
    observed_salvo,
    project,
    scenario_salvo,
    simulate,
    summarise,
)
from strikewatch.strain.scenario import default_scenario, parse_scenario

from .helpers import one_layer
from .reference import reference_simulate

FIELDS = (
    "dry_count_by_day",
    "first_dry",
    "shots_used",
    "cost_per_shot",
    "final_stock",
    "leak_total",
    "attack_nights",
    "leak_when_dry",
    "nights_when_dry",
    "leak_sum_by_day",
    "stock_paths",
    "leak_paths",
)


def assert_identical(fast: ProjectionRaw, slow: ProjectionRaw) -> None:
    for name in FIELDS:
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.shape == b.shape, name
        assert np.array_equal(a, b), f"{name} differs: max {np.nanmax(np.abs(a - b))}"


def small_stock_scenario():
    """The default scenario with small stocks, so rationing and running dry both happen."""
    return parse_scenario(
        {
            "extends": "default",
            "name": "small_stocks",
            "layers": [
                {"name": "interceptor_drones", "stock": {"low": 50, "high": 400}},
                {"name": "medium_range_sam", "stock": {"low": 5, "high": 40}},
                {"name": "long_range_sam", "stock": {"low": 2, "high": 20}},
            ],
            "resupply_interval_days": 7,
        }
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_matches_reference_on_default_scenario(seed: int) -> None:
    sc = default_scenario()
    kw = {"runs": 25, "days": 65, "seed": seed, "resupply_interval": 30, "dry_below": 1.0}
    layers, salvo = layer_arrays(sc), scenario_salvo(sc)
    assert_identical(simulate(layers, salvo, **kw), reference_simulate(layers, salvo, **kw))


@pytest.mark.parametrize("seed", [3, 4])
def test_fast_matches_reference_when_layers_run_dry(seed: int) -> None:
    sc = small_stock_scenario()
    kw = {"runs": 30, "days": 40, "seed": seed, "resupply_interval": 7, "dry_below": 1.0}
    layers, salvo = layer_arrays(sc), scenario_salvo(sc)
    fast = simulate(layers, salvo, **kw, fan_runs=10)
    assert_identical(fast, reference_simulate(layers, salvo, **kw, fan_runs=10))
    assert fast.dry_count_by_day[-1].sum() > 0  # the dry path was exercised


def test_fast_matches_reference_on_observed_table() -> None:
    """Equal weights (observed nights) take the floor(u*N) path; mixed figures are split."""
    figures = pd.DataFrame(
        {
            "night": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-03", "2025-01-04"]),
            "weapon_class": ["strike_drone", "mixed", "strike_drone", "ballistic_missile"],
            "components": ["strike_drone", "cruise_missile,ballistic_missile", "strike_drone", ""],
            "launched": [100.0, 10.0, np.nan, 4.0],
            "launched_low": [100.0, 10.0, 200.0, 4.0],
            "launched_high": [100.0, 10.0, 300.0, 4.0],
            "synthetic": [False] * 4,
        }
    )
    salvo = observed_salvo(figures, pd.Timestamp("2025-01-01").date(), None)
    assert salvo.classes == ("ballistic_missile", "cruise_missile", "strike_drone")
    assert salvo.counts[:, 0].tolist() == [5.0, 5.0, 100.0]  # mixed 10 split evenly
    assert salvo.counts[2, 1] == 250.0  # range midpoint when launched is unknown
    assert salvo.tempo == 3 / 4  # 3 attack nights in 4 calendar nights
    sc = small_stock_scenario()
    kw = {"runs": 20, "days": 30, "seed": 11, "resupply_interval": 7, "dry_below": 1.0}
    layers = layer_arrays(sc)
    assert_identical(simulate(layers, salvo, **kw), reference_simulate(layers, salvo, **kw))


def test_zero_resupply_constant_attack_depletes_monotonically() -> None:
    sc = one_layer(stock={"value": 100}, resupply=0.0)
    res = simulate(layer_arrays(sc), scenario_salvo(sc), runs=200, days=40, seed=5)
    paths = res.stock_paths[:, 0, :]  # (days, runs)
    assert np.all(np.diff(paths, axis=0) <= 0)
    assert np.all(paths[1:] < paths[:-1]) or np.all(paths[-1] == 0)
    p_dry = res.dry_count_by_day[:, 0] / res.runs
    assert np.all(np.diff(p_dry) >= 0)
    assert p_dry[-1] == 1.0  # 10 missiles a night at 2 shots each: 100 rounds last < 10 nights


def test_infinite_stock_never_depletes() -> None:
    sc = one_layer(stock={"unlimited": True})
    out = project(sc, days=50, runs=500, seed=1)
    layer = out["layers"][0]
    assert layer["p_dry_by_day"] == [0.0] * 50
    assert layer["days_to_dry"] == {"p10": None, "p50": None, "p90": None}
    assert layer["leakers_per_attack_night_when_dry"] is None


def test_doubling_salvo_never_lengthens_time_to_depletion() -> None:
    sc = small_stock_scenario()
    layers, salvo = layer_arrays(sc), scenario_salvo(sc)
    kw = {"runs": 3000, "days": 120, "seed": 9, "resupply_interval": 7, "dry_below": 1.0}
    base, double = simulate(layers, salvo, **kw), simulate(layers, salvo.scaled(2.0), **kw)

    def days(first_dry: np.ndarray) -> np.ndarray:
        return np.where(first_dry < 0, np.inf, first_dry)

    assert np.all(days(double.first_dry) <= days(base.first_dry))  # run by run
    assert np.all(double.dry_count_by_day >= base.dry_count_by_day)
    for a, b in zip(summarise(base)["layers"], summarise(double)["layers"], strict=True):
        for k in ("p10", "p50", "p90"):
            x = np.inf if a["days_to_dry"][k] is None else a["days_to_dry"][k]
            y = np.inf if b["days_to_dry"][k] is None else b["days_to_dry"][k]
            assert y <= x


def test_leakers_rise_once_a_layer_is_dry() -> None:
    out = project(small_stock_scenario(), days=120, runs=2000, seed=2)
    lr = next(layer for layer in out["layers"] if layer["name"] == "long_range_sam")
    assert lr["days_to_dry"]["p50"] is not None
    assert lr["leakers_per_attack_night_when_dry"] > lr["leakers_per_attack_night_when_available"]


def test_cli_project_json_contract_and_same_seed_same_bytes(tmp_path) -> None:
    runner = CliRunner()
    args = ["project", "--days", "30", "--runs", "400", "--seed", "7", "--json"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    other = runner.invoke(app, [*args[:-2], "8", "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes != other.stdout_bytes
    data = json.loads(first.stdout)
    assert [layer["name"] for layer in data["layers"]] == [
        layer.name for layer in default_scenario().layers
    ]
    for layer in data["layers"]:
        assert len(layer["p_dry_by_day"]) == 30
        assert all(0.0 <= p <= 1.0 for p in layer["p_dry_by_day"])
        assert set(layer["days_to_dry"]) == {"p10", "p50", "p90"}
    assert data["inputs"]["salvo_source"] == "scenario"
    assert data["assumptions"]["unsourced"] == []


def test_cli_project_falls_back_to_hand_set_salvo_without_figures(tmp_path) -> None:
    db = tmp_path / "empty.sqlite"
    res = CliRunner().invoke(
        app,
        [
            "project",
            "--days",
            "10",
            "--runs",
            "50",
            "--since",
            "2025-01-01",
            "--db",
            str(db),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["inputs"]["salvo_source"] == "scenario"
    assert any("hand-set" in note for note in data["inputs"]["notes"])


def test_cli_project_writes_self_contained_fan_chart(tmp_path) -> None:
    path = tmp_path / "fan.html"
    res = CliRunner().invoke(
        app, ["project", "--days", "20", "--runs", "200", "--seed", "1", "--plot", str(path)]
    )
    assert res.exit_code == 0, res.output
    html = path.read_text("utf-8")
    assert "<script src=" not in html  # plotly.js inlined, no CDN
    assert "long_range_sam" in html


def test_projection_on_real_nights(real_figures) -> None:
    salvo = observed_salvo(
        real_figures, pd.Timestamp("2025-07-01").date(), pd.Timestamp("2025-09-30").date()
    )
    assert 60 <= len(salvo.nights) <= 92
    assert 0.6 < salvo.tempo <= 1.0
    drones = salvo.counts[salvo.classes.index("strike_drone")]
    assert drones.max() >= 574  # the night of 2025-08-21 is in the table
    out = project(default_scenario(), salvo, days=60, runs=300, seed=3)
    assert out["inputs"]["salvo_source"] == "observed"
    assert out["inputs"]["nights_resampled"] == len(salvo.nights)
