"""Interception shares with honest intervals, and the saturation model.

Shares (per period, per weapon class or model):

* ``share_destroyed`` = destroyed / launched over figures whose launched *and* destroyed are
  known; figures with an unknown outcome are excluded and the nights they fall on counted
  (``nights_excluded``).
* ``share_lost_ew`` = lost to electronic warfare / launched, and ``share_not_stopped`` =
  (launched - destroyed - lost_ew) / launched, both over figures whose lost_ew is known as
  well (``launched_ew_known`` is their denominator). Unknown lost_ew is never read as 0.
* Intervals: Wilson (default) or Jeffreys, 95%. They treat each weapon as an independent
  trial; weapons of one night share conditions, so the true uncertainty is larger. The
  saturation model below uses a quasi-binomial scale for that reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from strikewatch.analysis.common import Result, is_synthetic, nightly, period_label

METHODS = {"wilson": "wilson", "jeffreys": "jeffreys"}


def proportion_interval(
    successes: Any,
    trials: Any,
    method: str = "wilson",
    alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson or Jeffreys interval; NaN where there are no trials."""
    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}: use wilson or jeffreys")
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    ok = n > 0
    low = np.full(np.broadcast(k, n).shape, np.nan)
    high = low.copy()
    if np.any(ok):
        kk = np.broadcast_to(k, low.shape)[ok]
        nn = np.broadcast_to(n, low.shape)[ok]
        lo, hi = proportion_confint(kk, nn, alpha=alpha, method=METHODS[method])
        low[ok], high[ok] = lo, hi
    return low, high


@dataclasses.dataclass
class InterceptionResult(Result):
    weapon_class: str | None
    model: str | None
    by: str
    method: str
    rows: list[dict[str, Any]]
    nights_excluded: int
    synthetic: bool = False


def interception_table(
    figures: pd.DataFrame,
    weapon_class: str | None = None,
    model: str | None = None,
    by: str = "month",
    method: str = "wilson",
    group: str | None = None,
) -> pd.DataFrame:
    """Per period (and optionally per ``group`` column, e.g. ``model``) interception shares."""
    f = figures
    if weapon_class is not None:
        f = f[(f["weapon_class"] == weapon_class)]
    if model is not None:
        f = f[f["model"] == model]
    f = f[f["launched"].notna() & (f["launched"] > 0)]
    known = f["destroyed"].notna().to_numpy()
    keys = ["period"] + ([group] if group else [])
    work = pd.DataFrame(
        {
            "period": period_label(f["night"], by).to_numpy(),
            "night": f["night"].to_numpy(),
            "launched": f["launched"].to_numpy(dtype="float64"),
            # a report of more destroyed than launched is capped: a share cannot exceed 1
            "destroyed": np.minimum(
                f["destroyed"].to_numpy(dtype="float64"), f["launched"].to_numpy(dtype="float64")
            ),
            "lost_ew": f["lost_ew"].to_numpy(dtype="float64"),
            "known": known,
        }
    )
    if group:
        work[group] = f[group].to_numpy()
    excluded = work[~work["known"]]
    work = work[work["known"]]
    ew_known = work["lost_ew"].notna()
    work["launched_ew"] = np.where(ew_known, work["launched"], 0.0)
    work["destroyed_ew"] = np.where(ew_known, work["destroyed"], 0.0)
    work["lost_ew0"] = work["lost_ew"].fillna(0.0)
    agg = work.groupby(keys, sort=True).agg(
        launched=("launched", "sum"),
        destroyed=("destroyed", "sum"),
        launched_ew_known=("launched_ew", "sum"),
        destroyed_ew=("destroyed_ew", "sum"),
        lost_ew=("lost_ew0", "sum"),
        nights=("night", "nunique"),
    )
    exc = excluded.groupby(keys)["night"].nunique() if len(excluded) else pd.Series(dtype=int)
    agg["nights_excluded"] = exc.reindex(agg.index).fillna(0).astype(int)
    agg = agg.reset_index()
    has_ew = agg["launched_ew_known"] > 0
    agg["lost_ew"] = agg["lost_ew"].where(has_ew)
    agg["not_stopped"] = (
        (agg["launched_ew_known"] - agg["destroyed_ew"] - agg["lost_ew"])
        .clip(lower=0)
        .where(has_ew)
    )
    agg["share_destroyed"] = agg["destroyed"] / agg["launched"]
    agg["low"], agg["high"] = proportion_interval(agg["destroyed"], agg["launched"], method)
    n_ew = agg["launched_ew_known"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        agg["share_lost_ew"] = np.where(has_ew, agg["lost_ew"] / n_ew, np.nan)
        agg["share_not_stopped"] = np.where(has_ew, agg["not_stopped"] / n_ew, np.nan)
    agg["lost_ew_low"], agg["lost_ew_high"] = proportion_interval(
        agg["lost_ew"].fillna(0), n_ew, method
    )
    agg["not_stopped_low"], agg["not_stopped_high"] = proportion_interval(
        agg["not_stopped"].fillna(0), n_ew, method
    )
    agg = agg.drop(columns=["destroyed_ew"])
    return agg


def interception(
    figures: pd.DataFrame,
    weapon_class: str | None = None,
    model: str | None = None,
    by: str = "month",
    method: str = "wilson",
) -> InterceptionResult:
    """Interception shares per period as a result object (rows as JSON-ready dicts)."""
    table = interception_table(figures, weapon_class, model, by, method)
    f = figures
    if weapon_class is not None:
        f = f[f["weapon_class"] == weapon_class]
    if model is not None:
        f = f[f["model"] == model]
    unknown = f[f["launched"].notna() & (f["launched"] > 0) & f["destroyed"].isna()]
    return InterceptionResult(
        weapon_class=weapon_class,
        model=model,
        by=by,
        method=method,
        rows=[{str(k): v for k, v in r.items()} for r in table.to_dict(orient="records")],
        nights_excluded=int(unknown["night"].nunique()),
        synthetic=is_synthetic(figures),
    )


# ------------------------------------------------------------------------------ saturation


@dataclasses.dataclass
class Effect(Result):
    term: str
    odds_ratio: float
    low: float
    high: float
    p_value: float
    meaning: str


@dataclasses.dataclass
class SaturationResult(Result):
    n_nights: int
    nights_excluded: int
    effects: list[Effect]
    adjusted_for: str
    dispersion: float
    sentence: str
    synthetic: bool = False
    data: pd.DataFrame | None = dataclasses.field(default=None, repr=False)

    def figure(self) -> Any:
        """A plotly Figure: nightly destroyed share vs salvo size, coloured by ballistic share."""
        import plotly.graph_objects as go

        d = self.data if self.data is not None else pd.DataFrame()
        fig = go.Figure()
        fig.add_trace(
            go.Scatter(
                x=d.get("launched"),
                y=d.get("share"),
                mode="markers",
                marker={
                    "color": d.get("ballistic_share"),
                    "colorscale": "Viridis",
                    "showscale": True,
                    "colorbar": {"title": "ballistic share"},
                    "size": 6,
                },
                text=[str(x.date()) for x in d.get("night", [])],
                name="nights",
            )
        )
        if "fitted" in d:
            s = d.sort_values("launched")
            fig.add_trace(
                go.Scatter(
                    x=s["launched"],
                    y=s["fitted"],
                    mode="markers",
                    marker={"size": 3, "color": "red"},
                    name="model fit",
                )
            )
        title = "Destroyed share vs salvo size"
        if self.synthetic:
            title += " (SYNTHETIC DATA)"
        fig.update_layout(
            title=title,
            xaxis={"type": "log", "title": "launched that night (drones + missiles)"},
            yaxis={"title": "share destroyed", "range": [0, 1.02]},
        )
        return fig


def saturation(
    figures: pd.DataFrame, adjust: str = "quarter", min_launched: int = 10
) -> SaturationResult:
    """Binomial GLM: does the nightly destroyed share fall with salvo size or ballistic share?

    Model: logit(P(destroyed)) = b0 + b1·log2(launched) + b2·(ballistic share) [+ period
    fixed effects], fitted to nights with at least ``min_launched`` launched and a known
    destroyed count, weighted by launched. Period fixed effects (``adjust="quarter"`` by
    default, ``"none"`` to drop) keep the long-run rise of both salvo size and interception
    skill from masquerading as a salvo-size effect. The scale is estimated from Pearson's
    chi-square (quasi-binomial) when it exceeds 1, because weapons of one night are not
    independent trials; it is never allowed to narrow the intervals below binomial ones.
    Effects are odds ratios per doubling of the salvo and per +10 points of ballistic share.
    """
    import statsmodels.api as sm

    nt = nightly(figures)
    d = pd.DataFrame(
        {
            "night": pd.to_datetime(nt["night"]),
            "launched": nt["total"],
            "destroyed": nt["total_destroyed"],
            "ballistic": nt["ballistic"],
        }
    )
    eligible = d["launched"].fillna(0) >= min_launched
    ok = eligible & d["destroyed"].notna() & d["ballistic"].notna()
    excluded = int((eligible & ~ok).sum())
    d = d[ok].copy()
    d["destroyed"] = np.minimum(d["destroyed"], d["launched"])
    d["share"] = d["destroyed"] / d["launched"]
    d["ballistic_share"] = d["ballistic"] / d["launched"]
    x = pd.DataFrame(
        {"log2_launched": np.log2(d["launched"]), "ballistic_share": d["ballistic_share"]}
    )
    if adjust != "none":
        periods = period_label(d["night"], adjust)
        dummies = pd.get_dummies(periods, prefix="p", drop_first=True, dtype=float)
        dummies.index = x.index
        x = pd.concat([x, dummies], axis=1)
    x = sm.add_constant(x, has_constant="add")
    y = np.column_stack([d["destroyed"], d["launched"] - d["destroyed"]])
    model = sm.GLM(y, x, family=sm.families.Binomial())
    fit = model.fit()
    dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else 1.0
    if dispersion > 1.0:
        # over-dispersed: widen the intervals (quasi-binomial); never narrow them below binomial
        fit = model.fit(scale="X2")
    ci = fit.conf_int()
    effects = []
    for term, step, meaning in (
        ("log2_launched", 1.0, "odds of a weapon being destroyed when the salvo doubles"),
        (
            "ballistic_share",
            0.1,
            "odds of a weapon being destroyed per +10 points of ballistic share",
        ),
    ):
        b = float(fit.params[term])
        effects.append(
            Effect(
                term=term,
                odds_ratio=float(np.exp(b * step)),
                low=float(np.exp(ci.loc[term, 0] * step)),
                high=float(np.exp(ci.loc[term, 1] * step)),
                p_value=float(fit.pvalues[term]),
                meaning=meaning,
            )
        )
    d["fitted"] = fit.fittedvalues
    syn = is_synthetic(figures)
    parts = []
    for e in effects:
        what = "salvo doubling" if e.term == "log2_launched" else "+10 points of ballistic share"
        if e.p_value < 0.05:
            direction = "lower" if e.odds_ratio < 1 else "higher"
            parts.append(
                f"each {what} goes with {direction} odds of interception "
                f"(odds ratio {e.odds_ratio:.2f}, 95% CI {e.low:.2f}–{e.high:.2f})"
            )
        else:
            parts.append(
                f"no evidence at the 5% level of an effect of a {what} "
                f"(odds ratio {e.odds_ratio:.2f}, 95% CI {e.low:.2f}–{e.high:.2f})"
            )
    sentence = (
        ("SYNTHETIC DATA. " if syn else "")
        + f"Over {len(d)} nights with at least {min_launched} launched"
        + (f", comparing nights within the same {adjust}" if adjust != "none" else "")
        + ": "
        + "; ".join(parts)
        + ". An association across nights, not a measured cause."
    )
    return SaturationResult(
        n_nights=len(d),
        nights_excluded=excluded,
        effects=effects,
        adjusted_for=adjust,
        dispersion=dispersion,
        sentence=sentence,
        synthetic=syn,
        data=d,
    )
