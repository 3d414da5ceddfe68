"""Region shares: night-clustered intervals and coverage (issue 9, item 8)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from strikewatch.analysis.binomial import wilson
from strikewatch.analysis.targeting import MIN_NIGHTS_WITH_DATA, region_shares


@pytest.fixture(scope="module")
def places(real_engine):  # type: ignore[no-untyped-def]
    from strikewatch.ledger import queries

    return queries.night_places(real_engine)


def test_coverage_says_how_little_data_is_behind_a_share(places, real_figures) -> None:  # type: ignore[no-untyped-def]
    r = region_shares(places, "hit", "macro_region", "month", real_figures["night"])
    cov = {c["period"]: c for c in r.coverage}
    # since 2026 the dataset codes affected regions on a handful of rows a month
    thin = cov["2026-03"]
    assert thin["nights_with_data"] < MIN_NIGHTS_WITH_DATA and thin["too_little_data"]
    assert thin["attack_nights"] is not None and thin["attack_nights"] > thin["nights_with_data"]
    rich = max(r.coverage, key=lambda c: c["nights_with_data"])
    assert not rich["too_little_data"]
    assert "too little data" in r.coverage_note
    for row in r.rows:
        assert row["too_little_data"] == (row["nights_with_data"] < MIN_NIGHTS_WITH_DATA)
        assert row["method"] == "night_cluster_t"


def test_region_intervals_are_clustered_by_night(places) -> None:  # type: ignore[no-untyped-def]
    r = region_shares(places, "hit", "macro_region", "quarter")
    rows = pd.DataFrame(r.rows)
    rows = rows[rows["low"].notna()]
    total = rows.groupby("period")["n_claims"].transform("sum")
    lo, hi = wilson(rows["n_claims"].to_numpy(), total.to_numpy())
    ratio = (rows["high"] - rows["low"]).to_numpy() / (hi - lo)
    assert np.all(ratio >= 1 - 1e-9)  # never narrower than binomial
    # the west is hit on few nights, in bursts: its claims cluster by night
    west = ratio[(rows["region"] == "west").to_numpy()]
    assert np.median(west) > 1.1, west
