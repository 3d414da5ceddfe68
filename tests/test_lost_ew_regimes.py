"""Where the Air Force stopped giving lost-to-EW apart, the figure is unknown, never 0 (issue 9.2)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from strikewatch.ledger import queries


def test_folded_regime_lost_ew_is_null_not_zero(real_engine, real_figures) -> None:
    detail = queries.night_detail(real_engine, "2025-08-21")
    assert detail is not None
    shahed = [f for f in detail["figures"] if f["weapon_class"] == "strike_drone"]
    assert shahed and all(f["lost_ew"] is None for f in shahed)
    assert detail["totals"]["drones"]["lost_ew"] is None
    folded = real_figures[real_figures["night"] >= pd.Timestamp("2025-07-24")]
    assert len(folded) > 100
    assert not (folded["lost_ew"] == 0).any(), "a folded-regime 0 must be unknown, not a zero"


def test_separate_regime_keeps_its_measured_losses(real_figures) -> None:
    separate = real_figures[
        (real_figures["night"] >= pd.Timestamp("2024-08-21"))
        & (real_figures["night"] < pd.Timestamp(dt.date(2025, 7, 24)))
        & (real_figures["weapon_class"] == "strike_drone")
    ]
    assert (separate["lost_ew"] > 0).sum() > 100


def test_each_region_cites_exactly_its_place_claims(real_engine) -> None:
    """Issue 9.5: a region of a night cites the claims that named it, not a figure's sources."""
    from sqlalchemy import select

    from strikewatch.ledger.schema import claims

    for night in ("2025-08-21", "2026-02-03"):
        detail = queries.night_detail(real_engine, night)
        assert detail is not None and detail["regions"]
        figure_claims = {i for f in detail["figures"] for i in f.get("claim_ids", [])}
        with real_engine.connect() as conn:
            for region in detail["regions"]:
                ids = region["claim_ids"]
                assert ids and len(ids) == region["n_claims"]
                rows = conn.execute(
                    select(claims.c.kind, claims.c.place).where(claims.c.id.in_(ids))
                ).all()
                assert {(k, p) for k, p in rows} == {("place", region["place"])}
                assert not set(ids) & figure_claims
