"""Targeting: where claims and hits fall (macro-region, oblast) and which target categories.

Inputs:

* the ledger's ``night_places`` table (night, place, macro_region, role, n_claims[, synthetic]):
  ``role="hit"`` rows are regions reported as affected, ``role="target"`` rows target areas;
* for categories, a table with ``night``, ``target_category`` and ``n_claims`` built from
  text-reader TARGET claims (the public dataset has no categories, so it may be empty).

Definitions (see docs/analysis.md):

* Share of claims of a region in a period = its ``n_claims`` / all ``n_claims`` of that role
  in the period; ``nights`` = distinct nights with at least one claim for the region. The
  interval is clustered by night (claims of one night are not independent); ``coverage``
  gives the nights with region data per period and ``too_little_data`` marks periods with
  fewer than ``MIN_NIGHTS_WITH_DATA`` of them.
* Energy share = claims of category ``energy`` or ``gas`` / all categorised target claims,
  per calendar month and for the heating season (15 October – 15 April, Ukraine's usual
  heating period) against the rest of the year, with Wilson intervals and Fisher's exact
  test for the difference.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, is_synthetic, period_label
from strikewatch.analysis.interception import proportion_interval
from strikewatch.analysis.shares import METHOD, clustered_shares

ENERGY_CATEGORIES = ("energy", "gas")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


#: Below this many nights with region (or category) data in a period, a share is marked
#: ``too_little_data``: with fewer nights the night-clustered interval has under 9 degrees of
#: freedom and two or three nights decide the share (since 2026 the dataset codes affected
#: regions on a handful of rows a month).
MIN_NIGHTS_WITH_DATA = 10


def _night_shares(frame: pd.DataFrame, cat: str) -> pd.DataFrame:
    """Per (period, category): share of claims with an interval clustered by night.

    Every night with any claim in the period counts for every category (0 where the
    category has none), so a category's share is estimated over all nights with data.
    """
    per = frame.groupby(["period", "night", cat], sort=True)["n_claims"].sum().reset_index()
    totals = per.groupby(["period", "night"])["n_claims"].sum().rename("n").reset_index()
    cats = per[["period", cat]].drop_duplicates()
    grid = totals.merge(cats, on="period")
    grid = grid.merge(per, on=["period", "night", cat], how="left")
    grid["n_claims"] = grid["n_claims"].fillna(0.0)
    out = clustered_shares(grid, ["period", cat], "n_claims", "n")
    present = per.groupby(["period", cat])["night"].nunique().rename("nights").reset_index()
    out = out.drop(columns=["nights", "n"]).rename(columns={"k": "n_claims"})
    out = out.merge(present, on=["period", cat])
    data_nights = totals.groupby("period")["night"].nunique().rename("nights_with_data")
    out = out.merge(data_nights.reset_index(), on="period")
    out["too_little_data"] = out["nights_with_data"] < MIN_NIGHTS_WITH_DATA
    out["method"] = METHOD
    return out


def _coverage(
    frame: pd.DataFrame, by: str, attack_nights: pd.Series | None
) -> tuple[list[dict[str, Any]], str]:
    """Per period: nights with data, nights with an attack reported, and the verdict."""
    with_data = frame.groupby("period")["night"].nunique()
    attacks = (
        pd.Series(pd.to_datetime(attack_nights).unique()).pipe(
            lambda n: n.groupby(period_label(n, by).to_numpy()).size()
        )
        if attack_nights is not None and len(attack_nights)
        else pd.Series(dtype=int)
    )
    rows = []
    for period, n in with_data.items():
        total = int(attacks.get(period, 0)) if len(attacks) else None
        rows.append(
            {
                "period": period,
                "nights_with_data": int(n),
                "attack_nights": total,
                "too_little_data": bool(n < MIN_NIGHTS_WITH_DATA),
            }
        )
    thin = [r["period"] for r in rows if r["too_little_data"]]
    note = (
        f"Shares rest on the nights that carry region data; "
        f"'too little data' below {MIN_NIGHTS_WITH_DATA} such nights in a period"
        + (
            f" ({len(thin)} of {len(rows)} periods: {', '.join(map(str, thin[-6:]))})"
            if thin
            else ""
        )
        + "."
    )
    return rows, note


@dataclasses.dataclass
class RegionShares(Result):
    role: str
    level: str
    by: str
    rows: list[dict[str, Any]]
    synthetic: bool = False
    coverage: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    coverage_note: str = ""
    method: str = METHOD


def region_shares(
    places: pd.DataFrame,
    role: str = "hit",
    level: str = "macro_region",
    by: str = "quarter",
    attack_nights: pd.Series | None = None,
) -> RegionShares:
    """Share of claims per region (``macro_region`` or ``place``) per period.

    Intervals are clustered by night (:mod:`strikewatch.analysis.shares`); ``coverage`` says
    per period how many nights carry region data (and, given ``attack_nights``, how many
    nights had a reported attack), and rows of thin periods carry ``too_little_data``.
    """
    if role not in ("hit", "target"):
        raise ValueError("role must be hit or target")
    if level not in ("macro_region", "place"):
        raise ValueError("level must be macro_region or place")
    p = places[places["role"] == role]
    if p.empty:
        return RegionShares(role, level, by, [], is_synthetic(places), [], "no region data")
    p = p.assign(period=period_label(p["night"], by).to_numpy())
    p = p[p[level].notna()]
    g = _night_shares(p, level)
    g = g.rename(columns={level: "region"}).sort_values(
        ["period", "share"], ascending=[True, False]
    )
    coverage, note = _coverage(p, by, attack_nights)
    return RegionShares(role, level, by, _records(g), is_synthetic(places), coverage, note)


@dataclasses.dataclass
class CategoryShares(Result):
    by: str
    rows: list[dict[str, Any]]
    n_claims: int
    note: str
    synthetic: bool = False
    coverage: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    method: str = METHOD


def category_shares(
    targets: pd.DataFrame | None, by: str = "quarter", attack_nights: pd.Series | None = None
) -> CategoryShares:
    """Share of each target category among categorised target claims, per period."""
    if targets is None or targets.empty:
        return CategoryShares(by, [], 0, "no target-category claims in the input", False)
    t = targets[targets["target_category"].notna()]
    t = t.assign(period=period_label(t["night"], by).to_numpy())
    g = _night_shares(t, "target_category")
    coverage, note = _coverage(t, by, attack_nights)
    return CategoryShares(
        by, _records(g), int(t["n_claims"].sum()), note, is_synthetic(targets), coverage
    )


def heating_season(nights: pd.Series) -> np.ndarray:
    """True for nights from 15 October to 15 April inclusive."""
    d = pd.to_datetime(nights)
    md = d.dt.month * 100 + d.dt.day
    return ((md >= 1015) | (md <= 415)).to_numpy()


@dataclasses.dataclass
class EnergySeasonality(Result):
    months: list[dict[str, Any]]
    heating_share: float | None
    heating_low: float | None
    heating_high: float | None
    other_share: float | None
    other_low: float | None
    other_high: float | None
    p_value: float | None
    n_claims: int
    sentence: str
    synthetic: bool = False


def energy_seasonality(targets: pd.DataFrame | None) -> EnergySeasonality:
    """Energy share of target claims by calendar month and heating season vs the rest."""
    from scipy.stats import fisher_exact

    if targets is None or targets.empty or targets["target_category"].notna().sum() == 0:
        return EnergySeasonality(
            [],
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            "No target-category claims in the input: the public dataset "
            "gives none; they come from report texts.",
            False,
        )
    t = targets[targets["target_category"].notna()].copy()
    t["energy"] = t["target_category"].isin(ENERGY_CATEGORIES)
    t["month"] = pd.to_datetime(t["night"]).dt.month
    t["heating"] = heating_season(t["night"])
    e = t["n_claims"].where(t["energy"], 0)
    months = []
    for m, part in t.assign(e=e).groupby("month"):
        k, n = float(part["e"].sum()), float(part["n_claims"].sum())
        lo, hi = proportion_interval(k, n)
        months.append(
            {
                "month": int(str(m)),
                "energy_claims": k,
                "claims": n,
                "share": k / n if n else None,
                "low": float(lo),
                "high": float(hi),
            }
        )
    tab = []
    shares: list[tuple[float | None, float | None, float | None]] = []
    for flag in (True, False):
        part = t[t["heating"] == flag]
        k, n = float(e[part.index].sum()), float(part["n_claims"].sum())
        tab.append([k, n - k])
        lo, hi = proportion_interval(k, n)
        shares.append((k / n if n else None, float(lo) if n else None, float(hi) if n else None))
    p = None
    if all(sum(r) > 0 for r in tab):
        p = float(fisher_exact(np.array(tab, dtype=np.int64))[1])
    syn = is_synthetic(targets)
    hs, os_ = shares[0][0], shares[1][0]
    if p is None or hs is None or os_ is None:
        sentence = "Not enough categorised claims in both seasons to compare."
    elif p < 0.05:
        sentence = (
            f"Energy targets made up {hs:.0%} of categorised target claims in the heating "
            f"season vs {os_:.0%} otherwise (Fisher p = {p:.3g}): a seasonal difference in "
            "what reports name as targets."
        )
    else:
        sentence = (
            f"Energy targets made up {hs:.0%} of categorised target claims in the heating "
            f"season vs {os_:.0%} otherwise: no evidence at the 5% level of a seasonal "
            f"difference (Fisher p = {p:.2f})."
        )
    if syn:
        sentence = "SYNTHETIC DATA. " + sentence
    return EnergySeasonality(
        months,
        shares[0][0],
        shares[0][1],
        shares[0][2],
        shares[1][0],
        shares[1][1],
        shares[1][2],
        p,
        int(t["n_claims"].sum()),
        sentence,
        syn,
    )
