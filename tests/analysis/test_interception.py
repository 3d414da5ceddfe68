"""Interception shares, their intervals, reporting regimes and the saturation model.

The coverage of the intervals on overdispersed simulations is in ``test_shares.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from strikewatch.analysis.interception import interception, saturation


def _rows(result):  # type: ignore[no-untyped-def]
    return {row["period"]: row for row in result.rows}


def test_regimes_split_july_and_august_2025(real_figures):
    """Issue 9: 2025-07 and 2025-08 carry different regimes; share_stopped is given for both."""
    rows = _rows(interception(real_figures, "strike_drone", by="month"))
    july, aug = rows["2025-07"], rows["2025-08"]
    assert july["regime"] != aug["regime"]
    assert july["mixed_regimes"] is True and aug["mixed_regimes"] is False
    assert aug["regime"] == "ew_folded" and rows["2025-06"]["regime"] == "ew_separate"
    for row in (july, aug, rows["2025-06"]):
        assert 0.7 < row["share_stopped"] < 0.95
        assert row["stopped_low"] < row["share_stopped"] < row["stopped_high"]
    # the source stopped giving lost to EW: unknown, not a measured 0
    assert aug["lost_ew"] is None or np.isnan(aug["lost_ew"])
    assert aug["share_lost_ew"] is None or np.isnan(aug["share_lost_ew"])
    assert aug["share_stopped"] == pytest.approx(aug["share_destroyed"])
    # before the folding, stopped = destroyed + lost to EW
    june = rows["2025-06"]
    assert june["stopped"] == pytest.approx(june["destroyed"] + june["lost_ew"])


def test_every_period_reports_its_method_and_both_shares(real_figures):
    r = interception(real_figures, "strike_drone", by="month")
    assert r.rows
    for row in r.rows:
        assert row["method"] == "night_cluster_t"
        assert {"share_destroyed", "mean_nightly_destroyed", "mean_destroyed_low"} <= set(row)
        if row["nights"] > 1:
            assert row["low"] <= row["share_destroyed"] <= row["high"]


def _csv_bootstrap_width(dataset_csv, month: str, seed: int = 12345) -> float:  # type: ignore[no-untyped-def]
    """A night-level bootstrap of one month's Shahed share, straight from the CSV."""
    raw = pd.read_csv(dataset_csv, usecols=["time_end", "model", "launched", "destroyed"])
    raw = raw[(raw["model"] == "Shahed-136/131") & raw["launched"].gt(0)]
    raw = raw[raw["time_end"].str[:7] == month]
    nights = raw.groupby(raw["time_end"].str[:10])[["launched", "destroyed"]].sum()
    n, k = nights["launched"].to_numpy(), nights["destroyed"].to_numpy()
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(n), size=(10_000, len(n)))
    shares = k[idx].sum(axis=1) / n[idx].sum(axis=1)
    lo, hi = np.percentile(shares, [2.5, 97.5])
    return float(hi - lo)


def test_2025_08_interval_is_at_least_a_night_bootstrap(real_figures, dataset_csv):
    aug = _rows(interception(real_figures, "strike_drone", by="month"))["2025-08"]
    width = aug["high"] - aug["low"]
    boot = _csv_bootstrap_width(dataset_csv, "2025-08")
    assert boot > 0.08  # the issue measured 0.128: 5.6x the Wilson interval's 0.023
    assert width >= boot, (width, boot)


def test_interception_on_real_drones(real_figures):
    r = interception(real_figures, "strike_drone", by="quarter")
    assert r.rows and not r.synthetic
    for row in r.rows:
        if row["nights"] > 1:
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
        assert 0 < e.p_value < 1
        assert e.p_text == "< 0.001" or e.p_text.startswith("0.")
        assert e.widening > 1.5  # the binomial interval was that much too narrow
    assert r.dispersion > 2 and "dispersion" in r.dispersion_note
    assert r.regimes == ["shot_down_only", "ew_separate", "ew_folded"]
    assert r.n_nights > 500
    assert "not a measured cause" in r.sentence
    fig = r.figure()
    assert len(fig.data) == 2
    syn = saturation(real_figures.assign(synthetic=True))
    assert syn.synthetic and syn.sentence.startswith("SYNTHETIC")


def test_saturation_interval_is_honest_acceptance(real_ledger_path):
    """Issue 18: the doubling odds ratio's interval >= 2.5x wider (log scale) than 1.1764–1.1877."""
    import json
    import math

    from typer.testing import CliRunner

    from strikewatch.commands import analyze

    out = CliRunner().invoke(analyze.app, ["saturation", "--db", str(real_ledger_path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    doubling = next(e for e in data["effects"] if e["term"] == "log2_launched")
    old = math.log(1.1877 / 1.1764)
    assert math.log(doubling["high"] / doubling["low"]) >= 2.5 * old
    assert all(e["p_value"] != 0 for e in data["effects"])
    assert "0.0" not in json.dumps([e["p_value"] for e in data["effects"]])
    assert "cluster-robust" in data["sentence"]
