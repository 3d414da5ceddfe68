"""Event studies: placebo permutation test, regression, corrections and events_near."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from strikewatch.analysis.context import (
    adjust_pvalues,
    event_study,
    events_near,
    hypotheses,
    placebo_effects,
    placebo_effects_loop,
)
from strikewatch.analysis.events_io import read_events_csv
from strikewatch.domain import ContextEvent, EventKind


def _series(values: np.ndarray, synthetic: bool = True) -> pd.DataFrame:
    nights = pd.date_range("2023-01-01", periods=len(values), freq="D")
    return pd.DataFrame(
        {
            "night": nights,
            "total": values.astype(float),
            "drones": values.astype(float),
            "synthetic": synthetic,
        }
    )


def _events(dates: list[pd.Timestamp], kind: str = "diplomacy") -> pd.DataFrame:
    return pd.DataFrame(
        {"date": dates, "end_date": pd.NaT, "kind": kind, "title": "e", "verified": True}
    )


@pytest.mark.parametrize("placebo", ["uniform", "local"])
def test_false_positive_rate_near_nominal_on_shuffled_data(placebo):
    rng = np.random.default_rng(11)
    reps, hits = 300, 0
    base = rng.negative_binomial(2, 0.02, size=1400)  # heavy-tailed nightly counts
    for i in range(reps):
        y = rng.permutation(base)
        days = rng.choice(np.arange(80, 1320), size=15, replace=False)
        ev = _events(list(pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")))
        r = event_study(
            _series(y),
            ev,
            "diplomacy",
            window=3,
            permutations=999,
            placebo=placebo,
            regression=False,
            seed=i,
        )
        hits += r.p_value < 0.05
    rate = hits / reps
    assert 0.02 <= rate <= 0.09, rate


def test_planted_effect_is_detected():
    rng = np.random.default_rng(2)
    y = rng.poisson(100, 1400).astype(float)
    days = np.arange(100, 1300, 80)
    for d in days:
        y[d - 2 : d + 1] += 80  # the 3 nights before each event
    ev = _events(list(pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")))
    r = event_study(_series(y), ev, "diplomacy", window=3, side="before")
    assert r.p_value < 0.01 and r.nb_irr is not None and r.nb_irr > 1.5
    assert r.sentence.startswith("SYNTHETIC DATA") and "evidence at the 5% level" in r.sentence
    assert "not proof of intent" in r.sentence


def test_vectorised_placebos_match_the_loop_in_distribution():
    rng = np.random.default_rng(4)
    y = rng.poisson(50, 600).astype(float)
    pos = np.array([100, 250, 400])
    fast = placebo_effects(y, pos, pos, "after", 3, 4000, seed=1)
    slow = placebo_effects_loop(y, pos, pos, "after", 3, 4000, seed=2)
    assert abs(fast.mean() - slow.mean()) < 1.0
    assert abs(fast.std() - slow.std()) / slow.std() < 0.1


def test_holm_adjustment_never_lowers_p(nightly_real, events_csv):
    events = read_events_csv(events_csv)
    rs = [
        event_study(nightly_real, events, k, 3, s, permutations=10_000, regression=False)
        for k, s in (("diplomacy", "before"), ("ceasefire", "after"))
    ]
    adjust_pvalues(rs)
    assert all(r.p_adjusted >= r.p_value for r in rs)


def test_hypotheses_on_the_real_data(nightly_real, events_csv):
    h = hypotheses(nightly_real, read_events_csv(events_csv), events_origin="shared")
    assert len(h.tests) == 6 and set(h.answers) == {
        "barrages_before_diplomacy",
        "barrages_after_deep_strikes",
    }
    for t in h.tests:
        assert t.permutations >= 10_000 and 0 < t.p_value <= t.p_adjusted <= 1
        assert t.n_events > 0 and t.nb_irr is not None
    for answer in h.answers.values():
        assert answer.startswith(("No evidence at the 5% level", "Evidence at the 5% level"))
    assert not h.synthetic


def test_events_near():
    events = [
        ContextEvent(dt.date(2025, 8, 15), EventKind.DIPLOMACY, "summit"),
        ContextEvent(
            dt.date(2025, 8, 2),
            EventKind.UKRAINE_DEEP_STRIKE,
            "campaign",
            end_date=dt.date(2025, 8, 24),
        ),
        ContextEvent(dt.date(2025, 9, 10), EventKind.SANCTIONS, "far away"),
        ContextEvent(dt.date(2025, 9, 4), EventKind.DIPLOMACY, "edge"),
    ]
    near = events_near("2025-08-21", events, days=14)
    assert [e["title"] for e in near] == ["campaign", "summit", "edge"]
    assert [e["days_from_night"] for e in near] == [-19, -6, 14]
    assert events_near("2025-08-21", events, days=0) == [near[0]]


def test_events_near_on_shared_file(events_csv):
    near = events_near("2025-08-21", read_events_csv(events_csv))
    assert any("Alaska" in e["title"] or "Anchorage" in e["title"] for e in near)


def test_event_study_sensitivity_marks_a_fragile_answer():
    """A planted effect only in the 1-night window: the verdict changes with the window."""
    rng = np.random.default_rng(5)
    y = rng.poisson(100, 1400).astype(float)
    days = np.arange(100, 1300, 80)
    y[days] += 150  # only the night of each event
    ev = _events(list(pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")))
    r = event_study(_series(y), ev, "diplomacy", window=2, side="before", sensitivity=True)
    assert r.sensitivity is not None
    assert {row["window"] for row in r.sensitivity} == {1, 2, 4}
    assert {row["max_shift"] for row in r.sensitivity} == {30, 60, 120}
    verdicts = {row["p_value"] < 0.05 for row in r.sensitivity}
    assert r.fragile is (len(verdicts) > 1)
    assert ("fragile" in r.sentence) is bool(r.fragile)


def test_hypotheses_explain_the_raw_gap_as_growth(nightly_real, events_csv):
    h = hypotheses(nightly_real, read_events_csv(events_csv), windows=(3,), events_origin="s")
    answer = h.answers["barrages_before_diplomacy"]
    assert "war" in answer and "placebo" in answer and "month fixed effects" in answer
    t = h.tests[0]
    assert t.mean_in_window > t.mean_other  # the raw gap the sentence explains
