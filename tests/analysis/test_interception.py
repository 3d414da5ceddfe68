"""Interception shares, their intervals and the saturation model."""

from __future__ import annotations

import numpy as np
import pytest

from strikewatch.analysis.interception import interception, proportion_interval, saturation


@pytest.mark.parametrize("method", ["wilson", "jeffreys"])
@pytest.mark.parametrize(("p", "n"), [(0.5, 40), (0.85, 200), (0.95, 500)])
def test_interval_coverage_on_simulated_binomial_data(method, p, n):
    rng = np.random.default_rng(7)
    draws = 4000
    k = rng.binomial(n, p, size=draws)
    low, high = proportion_interval(k, np.full(draws, n), method)
    coverage = float(np.mean((low <= p) & (p <= high)))
    assert 0.93 <= coverage <= 0.975, coverage


def test_interception_on_real_drones(real_figures):
    r = interception(real_figures, "strike_drone", by="quarter")
    assert r.rows and not r.synthetic
    for row in r.rows:
        assert 0 <= row["low"] <= row["share_destroyed"] <= row["high"] <= 1
        assert row["destroyed"] <= row["launched"]
    q = {row["period"]: row for row in r.rows}
    # lost-to-EW counts start in 2024; before that they are unknown, not zero
    assert q["2023Q1"]["lost_ew"] is None or np.isnan(q["2023Q1"]["lost_ew"])
    assert q["2025Q1"]["share_lost_ew"] > 0


def test_unknown_outcomes_are_excluded_and_counted(real_figures):
    f = real_figures.copy()
    # five figures of five different nights (a label may hold a night and a daytime wave)
    mask = (f["weapon_class"] == "strike_drone") & (f["night"].dt.year == 2025)
    drones = f[mask].drop_duplicates("night").index[:5]
    f.loc[drones, "destroyed"] = np.nan
    base = interception(real_figures, "strike_drone", by="year" if False else "month")
    r = interception(f, "strike_drone", by="month")
    assert r.nights_excluded == base.nights_excluded + 5
    launched = sum(row["launched"] for row in r.rows)
    assert launched == sum(row["launched"] for row in base.rows) - f.loc[drones, "launched"].sum()


def test_saturation_model_gives_odds_ratios_with_intervals(real_figures):
    r = saturation(real_figures)
    assert {e.term for e in r.effects} == {"log2_launched", "ballistic_share"}
    for e in r.effects:
        assert 0 < e.low <= e.odds_ratio <= e.high
    assert r.n_nights > 500
    assert "not a measured cause" in r.sentence
    fig = r.figure()
    assert len(fig.data) == 2
    syn = saturation(real_figures.assign(synthetic=True))
    assert syn.synthetic and syn.sentence.startswith("SYNTHETIC")
