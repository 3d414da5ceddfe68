"""Expenditure estimate over hand-made and real figures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from strikewatch.strain.expenditure import estimate
from strikewatch.strain.scenario import default_scenario
from strikewatch.tables import FIGURE_COLUMNS


def figures(rows: list[dict]) -> pd.DataFrame:
    base = {c: np.nan for c in FIGURE_COLUMNS}
    out = []
    for row in rows:
        r = {**base, "status": "official", "synthetic": False, **row}
        r.setdefault("components", r["weapon_class"])
        for k in ("launched", "destroyed"):
            if pd.isna(r[f"{k}_low"]):
                r[f"{k}_low"] = r[k]
                r[f"{k}_high"] = r[k]
        out.append(r)
    frame = pd.DataFrame(out, columns=list(FIGURE_COLUMNS))
    frame["night"] = pd.to_datetime(frame["night"])
    return frame


HAND = [
    {
        "night": "2025-03-01",
        "weapon_class": "strike_drone",
        "model": "Shahed-136/131",
        "launched": 100.0,
        "destroyed": 70.0,
        "lost_ew": 20.0,
        "hit_locations": 3.0,
    },
    {
        "night": "2025-03-01",
        "weapon_class": "ballistic_missile",
        "model": "Iskander-M",
        "launched": 4.0,
        "destroyed": 2.0,
    },
    {
        "night": "2025-03-02",
        "weapon_class": "strike_drone",
        "model": "Shahed-136/131",
        "launched": 0.0,
        "destroyed": 0.0,
        "lost_ew": 0.0,
    },
    {
        "night": "2025-03-03",
        "weapon_class": "cruise_missile",
        "model": "Kalibr",
        "launched": 10.0,
        "destroyed": np.nan,
        "destroyed_low": np.nan,
        "destroyed_high": np.nan,
    },
]


@pytest.fixture(scope="module")
def result() -> dict:
    return estimate(figures(HAND), default_scenario(), runs=400, seed=1)


def test_night_with_nothing_launched_costs_nothing(result) -> None:
    night = next(n for n in result["nights"] if n["night"] == "2025-03-02")
    for q in night["interceptors"].values():
        assert q == {"mean": 0.0, "p10": 0.0, "p50": 0.0, "p90": 0.0}
    assert night["defender_cost_usd"]["p90"] == 0.0
    assert night["attacker_cost_usd"]["p90"] == 0.0
    assert night["cost_exchange_ratio"]["p50"] is None  # 0/0 is unknown, not 0


def test_kills_are_attributed_to_the_observed_counts(result) -> None:
    night = next(n for n in result["nights"] if n["night"] == "2025-03-01")
    assert night["leakers"]["p50"] == pytest.approx(100 - 70 - 20 + 4 - 2)
    assert night["hit_locations"] == 3.0
    period = result["period"]
    kills = period["kills_attributed"]
    assert kills["electronic_warfare"]["mean"] == pytest.approx(20.0)  # lost_ew → EW layer
    kinetic = sum(q["mean"] for name, q in kills.items() if name != "electronic_warfare")
    assert kinetic == pytest.approx(72.0)  # 70 drones + 2 ballistic shot down
    assert kills["long_range_sam"]["mean"] == pytest.approx(2.0)  # only Patriot hits ballistic
    # each kill cost at least one interceptor, more where layers also fired and missed
    for name in ("interceptor_drones", "mobile_fire_groups", "long_range_sam"):
        assert period["interceptors"][name]["p10"] > kills[name]["p10"]
    assert period["interceptors"]["electronic_warfare"]["p90"] == 0.0


def test_unknown_destroyed_is_unknown_not_zero(result) -> None:
    night = next(n for n in result["nights"] if n["night"] == "2025-03-03")
    assert night["defender_cost_usd"]["p50"] is None
    assert night["attacker_cost_usd"]["p50"] > 0  # launched is known
    assert result["period"]["nights"] == 3
    assert result["period"]["nights_with_known_figures"] == 2


def test_costs_and_ratio_are_consistent(result) -> None:
    night = next(n for n in result["nights"] if n["night"] == "2025-03-01")
    att = night["attacker_cost_usd"]
    # catalog ranges: Shahed 20-50k, Iskander-M 2-3M
    assert 100 * 20e3 + 4 * 2e6 <= att["p10"] <= att["p90"] <= 100 * 50e3 + 4 * 3e6
    ratio = night["cost_exchange_ratio"]["p50"]
    rough = night["defender_cost_usd"]["p50"] / att["p50"]
    assert 0.5 * rough < ratio < 2 * rough
    assert "catalog:Shahed-136/131" in result["inputs"]["attacker_cost_origins"]
    assert night["value_at_risk_usd"]["p10"] > 0


def test_same_seed_same_estimate() -> None:
    frame = figures(HAND)
    a = estimate(frame, default_scenario(), runs=100, seed=4)
    b = estimate(frame, default_scenario(), runs=100, seed=4)
    assert json.dumps(a) == json.dumps(b)


def test_estimate_on_real_night(real_figures, real_ledger_path) -> None:
    night = real_figures[real_figures["night"] == pd.Timestamp("2025-08-21")]
    out = estimate(night, default_scenario(), runs=500, seed=0)
    (entry,) = out["nights"]
    assert entry["launched_by_class"]["strike_drone"] == 574.0
    destroyed = float(night["destroyed"].sum())
    kills = out["period"]["kills_attributed"]
    attributed = (
        sum(q["mean"] for q in kills.values()) + out["period"]["unattributed_kills"]["mean"]
    )
    lost = float(night["lost_ew"].fillna(0).sum())
    assert attributed == pytest.approx(destroyed + lost, abs=0.01)  # means rounded to 0.001
    assert entry["leakers"]["p50"] >= 574 - 546
    assert entry["cost_exchange_ratio"]["p10"] > 0

    from strikewatch.commands.strain import app

    res = CliRunner().invoke(
        app,
        [
            "estimate",
            "--since",
            "2025-08-21",
            "--until",
            "2025-08-21",
            "--runs",
            "500",
            "--seed",
            "0",
            "--json",
            "--db",
            str(real_ledger_path),
        ],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["nights"][0]["night"] == "2025-08-21"


def test_folded_regime_attributes_ew_kills_inside_destroyed() -> None:
    """From 2025-07-24 the source folds lost to EW into destroyed (analysis.regimes): the
    destroyed count is shared between kinetic and EW layers, never all kinetic."""
    folded = figures(
        [
            {
                "night": "2025-08-21",
                "weapon_class": "strike_drone",
                "model": "Shahed-136/131",
                "launched": 100.0,
                "destroyed": 90.0,
                "lost_ew": 0.0,  # the dataset's 0 here means "not given"
            }
        ]
    )
    separate = figures([{**folded.iloc[0].to_dict(), "night": "2025-03-01", "lost_ew": 0.0}])
    kf = estimate(folded, default_scenario(), runs=200, seed=1)["period"]
    ks = estimate(separate, default_scenario(), runs=200, seed=1)["period"]
    kills_f, kills_s = kf["kills_attributed"], ks["kills_attributed"]
    assert kills_s["electronic_warfare"]["mean"] == pytest.approx(0.0)  # a measured 0
    assert kills_f["electronic_warfare"]["mean"] > 1.0  # folded: part of the 90 was EW
    total_f = sum(q["mean"] for q in kills_f.values()) + kf["unattributed_kills"]["mean"]
    assert total_f == pytest.approx(90.0)  # nothing invented: the kills still sum to destroyed
    kinetic_f = sum(q["mean"] for n, q in kills_f.items() if n != "electronic_warfare")
    kinetic_s = sum(q["mean"] for n, q in kills_s.items() if n != "electronic_warfare")
    assert kinetic_f < kinetic_s


def test_cli_says_illustrative_and_formats_counts_and_money(real_ledger_path) -> None:  # type: ignore[no-untyped-def]
    """Every strain run names the scenario's status; counts print as counts, money as money."""
    import re

    from typer.testing import CliRunner

    from strikewatch.cli import app

    args = ["strain", "estimate", "--since", "2025-08-21", "--until", "2025-08-21"]
    res = CliRunner().invoke(app, [*args, "--runs", "200", "--db", str(real_ledger_path)])
    assert res.exit_code == 0, res.output
    assert "illustrative, not real stocks" in res.stdout.splitlines()[0]
    through = next(line for line in res.stdout.splitlines() if "got through" in line)
    assert not re.search(r"\d\.\d\d\b", through) and "$" not in through  # a count, not money
    cost = next(line for line in res.stdout.splitlines() if "defender cost" in line)
    assert re.search(r"\$\d[\d,.]*M", cost)
    js = CliRunner().invoke(app, [*args, "--runs", "200", "--json", "--db", str(real_ledger_path)])
    assert json.loads(js.stdout)["scenario_status"] == "illustrative, not real stocks"
    assert "illustrative, not real stocks" in js.stderr
    proj = CliRunner().invoke(app, ["strain", "project", "--days", "20", "--runs", "50"])
    assert proj.exit_code == 0 and "illustrative, not real stocks" in proj.stdout


def test_nightly_launched_and_hits_are_the_pandas_sums_of_their_rows() -> None:
    """Per night, launched by class and hit locations are ``Series.sum(min_count=1)`` of the
    night's rows (unknown stays None, never 0), computed here the slow way for comparison;
    rows of a night need not be adjacent in the input."""
    rng = np.random.default_rng(3)
    classes = ["strike_drone", "cruise_missile", "ballistic_missile"]
    rows = []
    for i in range(240):
        launched = float(rng.uniform(0, 90)) if rng.random() > 0.15 else np.nan
        rows.append(
            {
                "night": f"2025-04-{1 + int(rng.integers(0, 9)):02d}",
                "weapon_class": classes[i % 3] if i % 7 else "strike_drone",
                "model": "test",
                "launched": launched,
                "destroyed": launched * 0.8 if launched == launched else np.nan,
                "hit_locations": float(rng.integers(0, 4)) if rng.random() > 0.5 else np.nan,
            }
        )
    rows.append({**rows[0], "night": "2025-04-20", "launched": np.nan, "hit_locations": np.nan})
    frame = figures(rows)
    out = estimate(frame, default_scenario(), runs=20, seed=0)
    assert len(out["nights"]) == 10
    for entry in out["nights"]:
        part = frame[frame["night"] == pd.Timestamp(entry["night"])]
        expected = {}
        for cls in sorted(part["weapon_class"].unique()):
            total = part.loc[part["weapon_class"] == cls, "launched"].sum(min_count=1)
            expected[cls] = None if pd.isna(total) else round(float(total), 3)
        assert entry["launched_by_class"] == expected
        hits = part["hit_locations"].sum(min_count=1)
        assert entry["hit_locations"] == (None if pd.isna(hits) else round(float(hits), 3))
    last = out["nights"][-1]
    assert last["night"] == "2025-04-20"
    assert last["launched_by_class"] == {"strike_drone": None}
    assert last["hit_locations"] is None


def test_period_only_estimate_has_the_same_period_and_no_nights(result) -> None:
    """The briefing's ``per_night=False`` skips the per-night quantiles, not the draws."""
    short = estimate(figures(HAND), default_scenario(), runs=400, seed=1, per_night=False)
    assert short["nights"] == []
    assert len(result["nights"]) == 3
    assert json.dumps(short["period"]) == json.dumps(result["period"])
    assert {k: v for k, v in short.items() if k != "nights"} == {
        k: v for k, v in result.items() if k != "nights"
    }
