"""Interception shares with honest intervals, and the saturation model.

Shares (per period, per weapon class or model):

* ``share_destroyed`` = destroyed / launched over figures whose launched *and* destroyed are
  known; figures with an unknown outcome are excluded and the nights they fall on counted
  (``nights_excluded``).
  What "destroyed" means depends on the reporting regime (``destroyed_means``).
* ``share_stopped`` = (destroyed + lost to EW) / launched: the series comparable across
  reporting regimes (:mod:`strikewatch.analysis.regimes`), over figures where it is known.
* ``share_lost_ew`` = lost to electronic warfare / launched over figures whose lost_ew is
  known (``launched_ew_known``); where the source stopped giving it, it is unknown, never 0.
  ``share_not_stopped`` = 1 - ``share_stopped``.
* Every share is given pooled (``share_*``) and as the mean of nightly shares
  (``mean_nightly_*``), each with a 95% interval clustered by night
  (:mod:`strikewatch.analysis.shares`; ``method`` on every row). The saturation model below
  uses cluster-robust (by night) standard errors for the same reason.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.binomial import wilson
from strikewatch.analysis.common import Result, is_synthetic, period_label
from strikewatch.analysis.regimes import apply_regimes, regime_of
from strikewatch.analysis.regimes import catalog as regime_catalog
from strikewatch.analysis.shares import METHOD, METHOD_NOTE, clustered_shares
from strikewatch.domain import COUNT_KINDS
from strikewatch.numfmt import fmt_count, fmt_interval, fmt_p, fmt_share
from strikewatch.tables import kinds_of, nightly_totals

#: Binomial intervals: kept as the documented check that fails on overdispersed data
#: (tests/analysis/test_shares.py), never as a shipped interval of a share across nights.
METHODS = {"wilson": "wilson", "jeffreys": "jeffreys"}


def proportion_interval(
    successes: Any,
    trials: Any,
    method: str = "wilson",
    alpha: float = 0.05,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson or Jeffreys interval; NaN where there are no trials.

    Binomial: right for one night's weapons taken as independent trials, wrong (several
    times too narrow) for a share pooled over nights. Shares across nights use
    :func:`strikewatch.analysis.shares.clustered_shares`.
    """
    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}: use wilson or jeffreys")
    if method == "wilson" and alpha == 0.05:  # the one home of the 95% Wilson interval
        return wilson(successes, trials)
    from statsmodels.stats.proportion import proportion_confint  # slow import: only here

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
    method_note: str
    rows: list[dict[str, Any]]
    nights_excluded: int
    regimes: list[dict[str, Any]]
    synthetic: bool = False


_DESTROYED_MEANS = {
    "not_given": "shot down (lost to EW not reported)",
    "separate": "shot down (lost to EW reported apart)",
    "folded": "shot down/suppressed (includes lost to EW)",
}


def _select(figures: pd.DataFrame, weapon_class: str | None, model: str | None) -> pd.DataFrame:
    """The figures of one weapon class, or of one count kind (``domain.COUNT_KINDS``: the
    figures that count toward it, as in the nightly totals), or of one model."""
    f = figures
    if weapon_class in COUNT_KINDS:
        comps = f["components"].fillna("").astype(str)
        member = {c: weapon_class in kinds_of(c.split(",")) for c in comps.unique()}
        f = f[comps.map(member).astype(bool)]
    elif weapon_class is not None:
        f = f[f["weapon_class"] == weapon_class]
    if model is not None:
        f = f[f["model"] == model]
    return f[f["launched"].notna() & (f["launched"] > 0)]


def _per_night(f: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """(keys, night) sums of launched and ``value`` over figures where ``value`` is known."""
    known = f[f[value].notna()]
    return (
        known.groupby([*keys, "night"], sort=True)
        .agg(n=("launched", "sum"), k=(value, "sum"))
        .reset_index()
    )


def _shares(f: pd.DataFrame, keys: list[str], value: str, prefix: str) -> pd.DataFrame:
    per = _per_night(f, keys, value)
    if per.empty:
        return pd.DataFrame(columns=keys)
    s = clustered_shares(per, keys, "k", "n")
    return s.rename(
        columns={
            "nights": f"nights_{prefix}_known",
            "k": prefix,
            "n": f"launched_{prefix}_known",
            "share": f"share_{prefix}",
            "low": f"{prefix}_low",
            "high": f"{prefix}_high",
            "mean_share": f"mean_nightly_{prefix}",
            "mean_low": f"mean_{prefix}_low",
            "mean_high": f"mean_{prefix}_high",
        }
    )


def interception_table(
    figures: pd.DataFrame,
    weapon_class: str | None = None,
    model: str | None = None,
    by: str = "month",
    method: str = METHOD,
    group: str | None = None,
) -> pd.DataFrame:
    """Per period (and optionally per ``group`` column, e.g. ``model``) interception shares.

    Every share comes twice (pooled and mean of nightly shares), each with a 95% interval
    clustered by night (:mod:`strikewatch.analysis.shares`). ``share_stopped`` (destroyed +
    lost to EW) is the series that means the same in every reporting regime; ``regime``
    names the period's regime(s) and ``mixed_regimes`` marks a period that straddles a break.
    """
    if method != METHOD:
        raise ValueError(f"unknown interval method {method!r}: the shipped method is {METHOD}")
    f = apply_regimes(_select(figures, weapon_class, model))
    keys = ["period"] + ([group] if group else [])
    f = f.assign(
        period=period_label(f["night"], by).to_numpy(),
        # a report of more destroyed than launched is capped: a share cannot exceed 1
        destroyed=np.minimum(f["destroyed"], f["launched"]),
        stopped=np.minimum(f["stopped"], f["launched"]),
    )
    if f.empty:
        return pd.DataFrame(columns=[*keys, "launched", "share_destroyed", "low", "high"])
    base = f.groupby(keys, sort=True).agg(
        nights=("night", "nunique"),
        regime=("regime", lambda r: ",".join(dict.fromkeys(r))),
    )
    excluded = f[f["destroyed"].isna()].groupby(keys)["night"].nunique()
    base["nights_excluded"] = excluded.reindex(base.index).fillna(0).astype(int)
    base = base.reset_index()
    base["mixed_regimes"] = base["regime"].str.contains(",")
    base["method"] = METHOD
    d = _shares(f, keys, "destroyed", "destroyed").rename(
        columns={
            "launched_destroyed_known": "launched",
            "destroyed_low": "low",
            "destroyed_high": "high",
            "mean_nightly_destroyed": "mean_nightly_destroyed",
        }
    )
    out = base.merge(d, on=keys, how="left")
    out = out.merge(_shares(f, keys, "stopped", "stopped"), on=keys, how="left")
    ew = _shares(f, keys, "lost_ew", "lost_ew").rename(
        columns={"launched_lost_ew_known": "launched_ew_known"}
    )
    out = out.merge(ew, on=keys, how="left")
    for col in ("lost_ew", "share_lost_ew", "stopped", "share_stopped"):
        if col not in out:
            out[col] = np.nan
    for col in [c for c in out.columns if c.startswith("nights_")]:
        out[col] = out[col].astype("Int64")
    out["not_stopped"] = out["launched_stopped_known"] - out["stopped"]
    out["share_not_stopped"] = 1 - out["share_stopped"]
    out["not_stopped_low"] = 1 - out["stopped_high"]
    out["not_stopped_high"] = 1 - out["stopped_low"]
    modes = {r.id: r.lost_ew for r in regime_catalog()}
    out["destroyed_means"] = [
        " / ".join(_DESTROYED_MEANS[modes[r]] for r in reg.split(",")) for reg in out["regime"]
    ]
    return out


def interception(
    figures: pd.DataFrame,
    weapon_class: str | None = None,
    model: str | None = None,
    by: str = "month",
    method: str = METHOD,
) -> InterceptionResult:
    """Interception shares per period as a result object (rows as JSON-ready dicts)."""
    table = interception_table(figures, weapon_class, model, by, method)
    f = _select(figures, weapon_class, model)
    unknown = f[f["destroyed"].isna()]
    return InterceptionResult(
        weapon_class=weapon_class,
        model=model,
        by=by,
        method=METHOD,
        method_note=METHOD_NOTE,
        rows=[{str(k): v for k, v in r.items()} for r in table.to_dict(orient="records")],
        nights_excluded=int(unknown["night"].nunique()),
        regimes=[dataclasses.asdict(r) for r in regime_catalog()],
        synthetic=is_synthetic(figures),
    )


# ------------------------------------------------------------------------------ saturation


#: p-values below this are reported as this: a normal tail beyond it is numerically noise,
#: and a printed p-value is never an impossible 0 (``numfmt.fmt_p`` prints "< 0.001").
P_FLOOR = 1e-16


@dataclasses.dataclass
class Effect(Result):
    term: str
    odds_ratio: float
    low: float
    high: float
    p_value: float
    p_text: str
    meaning: str
    plain: str
    naive_low: float
    naive_high: float
    widening: float


@dataclasses.dataclass
class SaturationResult(Result):
    n_nights: int
    nights_excluded: int
    effects: list[Effect]
    adjusted_for: str
    dispersion: float
    dispersion_note: str
    standard_errors: str
    regimes: list[str]
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


def _saturation_frame(figures: pd.DataFrame, min_launched: int) -> tuple[pd.DataFrame, int]:
    """Nights with at least ``min_launched`` launched and known destroyed and ballistic counts."""
    nt = nightly_totals(figures)
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
    d = d[ok].copy()
    d["destroyed"] = np.minimum(d["destroyed"], d["launched"])
    d["share"] = d["destroyed"] / d["launched"]
    d["ballistic_share"] = d["ballistic"] / d["launched"]
    d["regime"] = regime_of(d["night"])
    return d, int((eligible & ~ok).sum())


def _design(d: pd.DataFrame, adjust: str) -> pd.DataFrame:
    import statsmodels.api as sm

    x = pd.DataFrame(
        {"log2_launched": np.log2(d["launched"]), "ballistic_share": d["ballistic_share"]}
    )
    blocks = [x]
    if adjust != "none":
        blocks.append(pd.get_dummies(period_label(d["night"], adjust), prefix="p", drop_first=True))
    blocks.append(pd.get_dummies(pd.Series(d["regime"]), prefix="regime", drop_first=True))
    for block in blocks[1:]:
        block.index = x.index
    return sm.add_constant(pd.concat(blocks, axis=1).astype(float), has_constant="add")


def _plain(term: str, odds_ratio: float, low: float, high: float, typical: float) -> str:
    """An odds ratio in words, with what it does to a typical share."""

    def moved(o: float) -> float:
        odds = typical / (1 - typical) * o
        return odds / (1 + odds)

    what = "the salvo doubles" if term == "log2_launched" else "the ballistic share rises 10 points"
    return (
        f"when {what}, the odds that a weapon is destroyed are multiplied by "
        f"{odds_ratio:.2f} (95% CI {low:.2f}–{high:.2f}): a night at the typical "
        f"{fmt_share(typical)} would move to {fmt_share(moved(odds_ratio))} "
        f"({fmt_interval(moved(low), moved(high))})"
    )


def saturation(
    figures: pd.DataFrame, adjust: str = "quarter", min_launched: int = 10
) -> SaturationResult:
    """Binomial GLM: does the nightly destroyed share fall with salvo size or ballistic share?

    Model: logit(P(destroyed)) = b0 + b1·log2(launched) + b2·(ballistic share) + period fixed
    effects (``adjust``: quarter by default, ``"none"`` to drop) + reporting-regime fixed
    effects, one row per night with at least ``min_launched`` launched. Period effects keep
    the long-run rise of both salvo size and interception skill from posing as a salvo-size
    effect; regime effects keep the 2025 folding of lost-to-EW into "destroyed" from posing
    as anything at all (comparisons are within a regime).

    Standard errors are cluster-robust by night (the sandwich, HC1, one row per night): the
    weapons of one night are not independent trials, and their extra variation grows with
    the salvo (beta-binomial, variance ∝ n²), which a quasi-binomial scale (∝ n) would miss.
    Pearson's dispersion is reported with the factor by which the robust interval is wider
    than the binomial one. Effects are odds ratios per doubling of the salvo and per +10
    points of ballistic share, also in plain words.
    """
    import statsmodels.api as sm

    d, excluded = _saturation_frame(figures, min_launched)
    x = _design(d, adjust)
    y = np.column_stack([d["destroyed"], d["launched"] - d["destroyed"]])
    model = sm.GLM(y, x, family=sm.families.Binomial())
    naive = model.fit()
    dispersion = float(naive.pearson_chi2 / naive.df_resid) if naive.df_resid > 0 else 1.0
    fit = model.fit(cov_type="HC1")
    ci, naive_ci = fit.conf_int(), naive.conf_int()
    typical = float(d["share"].median()) if len(d) else float("nan")
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
        lo, hi = float(np.exp(ci.loc[term, 0] * step)), float(np.exp(ci.loc[term, 1] * step))
        p = max(float(fit.pvalues[term]), P_FLOOR)
        effects.append(
            Effect(
                term=term,
                odds_ratio=float(np.exp(b * step)),
                low=lo,
                high=hi,
                p_value=p,
                p_text=fmt_p(p),
                meaning=meaning,
                plain=_plain(term, float(np.exp(b * step)), lo, hi, typical),
                naive_low=float(np.exp(naive_ci.loc[term, 0] * step)),
                naive_high=float(np.exp(naive_ci.loc[term, 1] * step)),
                widening=float(fit.bse[term] / naive.bse[term]),
            )
        )
    d["fitted"] = fit.fittedvalues
    syn = is_synthetic(figures)
    regimes = list(dict.fromkeys(d["regime"]))
    return SaturationResult(
        n_nights=len(d),
        nights_excluded=excluded,
        effects=effects,
        adjusted_for=adjust,
        dispersion=dispersion,
        dispersion_note=(
            f"Pearson dispersion {dispersion:.2f}: nights vary {dispersion:.1f} times as much as "
            "binomial noise allows; cluster-robust errors widen the salvo-size interval "
            f"{effects[0].widening:.1f}-fold over the binomial one"
        ),
        standard_errors="cluster-robust by night (HC1 sandwich, one row per night)",
        regimes=regimes,
        sentence=_saturation_sentence(effects, len(d), min_launched, adjust, regimes, syn),
        synthetic=syn,
        data=d,
    )


def _saturation_sentence(
    effects: list[Effect], n: int, min_launched: int, adjust: str, regimes: list[str], syn: bool
) -> str:
    parts = []
    for e in effects:
        if e.p_value < 0.05:
            parts.append(e.plain + f" (p {e.p_text})")
        else:
            parts.append(f"no evidence at the 5% level of an effect: {e.plain} (p {e.p_text})")
    within = f"the same {adjust} and reporting regime" if adjust != "none" else "the same regime"
    return (
        ("SYNTHETIC DATA. " if syn else "")
        + f"Over {fmt_count(n)} nights with at least {min_launched} launched, comparing nights "
        + f"within {within} ({', '.join(regimes)}): "
        + "; ".join(parts)
        + ". Intervals are cluster-robust by night. An association across nights, not a "
        "measured cause."
    )
