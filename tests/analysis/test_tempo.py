"""Tempo: campaigns, lulls, change points and the lull → salvo test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from strikewatch.analysis.tempo import campaigns, changepoints, lull_vs_salvo, lulls, surges, tempo


def _frame(values: list[float], start: str = "2025-01-01") -> pd.DataFrame:
    nights = pd.date_range(start, periods=len(values), freq="D")
    return pd.DataFrame(
        {
            "night": nights,
            "drones": values,
            "missiles": 0.0,
            "ballistic": 0.0,
            "cruise": 0.0,
            "total": values,
            "synthetic": True,
        }
    )


def test_campaigns_and_lulls_are_runs_of_consecutive_nights():
    values = [10, 200, 210, 220, 5, 300, 310, 2, 1, 0, 0, 100]
    c = campaigns(_frame(values), threshold=200, min_nights=2)
    assert [(r.start, r.nights, r.peak) for r in c.runs] == [
        ("2025-01-02", 3, 220),
        ("2025-01-06", 2, 310),
    ]
    lz = lulls(_frame(values), threshold=2, min_nights=3)
    assert [(r.start, r.end) for r in lz.runs] == [("2025-01-08", "2025-01-11")]
    assert c.synthetic and lz.synthetic


def test_missing_nights_count_as_no_reported_attack():
    f = _frame([100.0, 100.0, 100.0]).drop(index=1)
    t = tempo(f, by="month")
    assert t.rows[0]["nights"] == 3 and t.rows[0]["drones_mean"] == 200 / 3


def test_changepoints_find_a_step():
    rng = np.random.default_rng(3)
    values = np.concatenate([rng.poisson(20, 200), rng.poisson(150, 200)]).astype(float).tolist()
    cp = changepoints(_frame(values))
    starts = [s["start"] for s in cp.segments]
    assert len(cp.segments) >= 2
    step = pd.Timestamp("2025-01-01") + pd.Timedelta(days=200)
    assert any(abs((pd.Timestamp(s) - step).days) <= 3 for s in starts[1:])


def test_surges_and_lull_test_on_real_data(nightly_real):
    s = surges(nightly_real)
    assert s.nights and all(n["value"] >= 2 * n["baseline"] for n in s.nights)
    r = lull_vs_salvo(nightly_real, "missiles", permutations=2000)
    assert r.n_salvos > 20 and 0 < r.p_value <= 1
    assert "lull" in r.sentence and not r.synthetic


def test_lull_test_detects_a_planted_effect():
    rng = np.random.default_rng(5)
    values = np.zeros(1500)
    t, sizes = 0, []
    while t < 1490:
        gap = int(rng.integers(1, 30))
        t += gap + 1
        if t < 1500:
            values[t] = 100 + 20 * gap + rng.normal(0, 20)
            sizes.append(values[t])
    r = lull_vs_salvo(
        _frame(values.tolist()), "drones", threshold=1, permutations=2000, detrend=False
    )
    assert r.spearman > 0.5 and r.p_value < 0.01


def test_fast_pelt_equals_ruptures_pelt_l2(nightly_real):
    import ruptures as rpt

    cp = changepoints(nightly_real, since="2025-01-01")
    from strikewatch.analysis.common import calendar

    y = np.log1p(calendar(nightly_real, "drones")["2025-01-01":].fillna(0).to_numpy()).reshape(
        -1, 1
    )
    slow = rpt.Pelt(model="l2", min_size=7, jump=1).fit(y).predict(pen=cp.penalty)
    ends = np.cumsum([s["nights"] for s in cp.segments]).tolist()
    assert ends == slow


def test_campaign_sensitivity_table_and_fragility(nightly_real):
    """Issue 18: the answer is shown at neighbouring settings; the real 2025 one is fragile."""
    c = campaigns(nightly_real, "drones", "p90", 3, since="2025-01-01")
    assert c.sensitivity is not None and len(c.sensitivity) == 9
    asked = next(r for r in c.sensitivity if r["threshold"] == "p90" and r["min_nights"] == 3)
    assert asked["runs"] == len(c.runs)
    counts = [r["runs"] for r in c.sensitivity]
    assert max(counts) >= 2 * max(min(counts), 1)  # measured: 0 to 11 runs
    assert c.fragile is True and "fragile" in c.sentence


def test_a_clear_campaign_is_stable():
    quiet = [10.0, 50.0] * 31  # alternating: no run of quiet nights above any threshold
    values = quiet + [500.0] * 6 + quiet + [600.0] * 6 + quiet
    c = campaigns(_frame(values), threshold="p90", min_nights=3)
    assert len(c.runs) == 2 and c.fragile is False and "stable" in c.sentence
