"""Shares with intervals that respect night-to-night variation (the shipped estimator).

Weapons of one night share weather, routes and salvo mix, so the share stopped varies far
more from night to night than binomial noise allows (on the real strike-drone data the
beta-binomial intra-night correlation is about 0.05, i.e. a night of 400 drones carries the
information of about 20 independent ones). A binomial (Wilson) interval of a pooled share
treats every weapon as its own coin toss and is several times too narrow. Here the night is
the unit of resampling:

* **pooled share** ``k/n`` (the share of all weapons of the period): the ratio estimator's
  cluster-robust variance from the nightly residuals ``k_i - p·n_i``, each inflated by its
  leverage ``1/(1 - n_i/N)`` (CR3, close to the jackknife), turned into an interval on the
  logit scale with a t critical value on ``m_eff - 1`` degrees of freedom, where
  ``m_eff = N²/Σn_i²`` is Kish's effective number of nights (a month whose drones came on
  a few huge nights has few effective nights). Plain CR1 with t(m-1) covered only 0.90–0.93
  on realistic simulations; this covers 0.94–0.96.
* **mean of nightly shares** (every night counts once): the mean of ``k_i/n_i`` with its
  standard error sd/√m, same logit-scale t(m-1) interval.

Neither is ever narrower than the binomial Wilson interval of the same counts (a floor that
matters only when nights vary less than binomial noise). With a single night there is no
between-night variation to measure: the interval is unknown (None), not a binomial guess.
Coverage on overdispersed simulations is tested in ``tests/analysis/test_shares.py`` and
reported in ``docs/methods.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # t quantiles; far lighter to import than scipy.stats

from strikewatch.analysis.binomial import wilson

METHOD = "night_cluster_t"
METHOD_NOTE = (
    "95% intervals clustered by night: pooled share with the cluster-robust CR3 variance and "
    "t(effective nights - 1); mean of nightly shares with sd/sqrt(nights) and t(nights - 1); "
    "both on the logit scale, never narrower than Wilson; unknown for a single night"
)


def logit_t_interval(
    p: np.ndarray, se: np.ndarray, m: np.ndarray, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a share from its standard error on the logit scale, t(m-1) quantile."""
    p = np.asarray(p, dtype="float64")
    se = np.asarray(se, dtype="float64")
    m = np.asarray(m, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        crit = stdtrit(np.where(m > 1, m - 1, np.nan), 1 - alpha / 2)
        inner = (p > 0) & (p < 1)
        pc = np.clip(p, 1e-12, 1 - 1e-12)
        centre = np.log(pc / (1 - pc))
        half = crit * se / (pc * (1 - pc))
        low = np.where(inner, 1 / (1 + np.exp(-(centre - half))), p)
        high = np.where(inner, 1 / (1 + np.exp(-(centre + half))), p)
    bad = ~(m > 1) | np.isnan(se)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def clustered_shares(nights: pd.DataFrame, keys: Sequence[str], k: str, n: str) -> pd.DataFrame:
    """Per ``keys`` group of per-night rows (one row per group and night): both shares.

    ``nights`` holds one row per (group, night) with counts ``k`` of ``n`` (n > 0). Returns one
    row per group: nights, k, n, share, low, high, mean_share, mean_low, mean_high.
    """
    d = nights[[*list(keys), k, n]].copy()
    d = d[d[n] > 0]
    d["_k"], d["_n"] = d[k].astype("float64"), d[n].astype("float64")
    d["_s"] = d["_k"] / d["_n"]
    d["_nn"] = d["_n"] ** 2
    grouped = d.groupby(list(keys), sort=True)
    big_k, big_n = grouped["_k"].transform("sum"), grouped["_n"].transform("sum")
    lever = d["_n"] / big_n
    with np.errstate(invalid="ignore", divide="ignore"):
        # CR3 (jackknife-like): each night's residual inflated by its leverage n_i/N
        d["_r2"] = ((d["_k"] - big_k / big_n * d["_n"]) / (1 - lever)) ** 2
    d["_r2"] = d["_r2"].where(lever < 1, 0.0)
    g = d.groupby(list(keys), sort=True).agg(
        nights=("_k", "size"),
        k=("_k", "sum"),
        n=("_n", "sum"),
        nn=("_nn", "sum"),
        r2=("_r2", "sum"),
        mean_share=("_s", "mean"),
        sd_share=("_s", "std"),
    )
    m = g["nights"].to_numpy(dtype="float64")
    p = (g["k"] / g["n"]).to_numpy()
    # Kish's effective number of nights: a few huge nights carry most of the pooled share
    m_eff = (g["n"] ** 2 / g["nn"]).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt((m - 1) / m * g["r2"].to_numpy()) / g["n"].to_numpy()
        se_mean = g["sd_share"].to_numpy() / np.sqrt(m)
    wl, wh = wilson(g["k"].to_numpy(), g["n"].to_numpy())
    lo, hi = logit_t_interval(p, se, np.maximum(m_eff, 2.0))
    lo, hi = np.where(m > 1, lo, np.nan), np.where(m > 1, hi, np.nan)
    ml, mh = logit_t_interval(g["mean_share"].to_numpy(), se_mean, m)
    mwl, mwh = wilson(g["mean_share"].to_numpy() * g["n"].to_numpy(), g["n"].to_numpy())
    out = g[["nights", "k", "n", "mean_share"]].copy()
    out.insert(3, "share", p)
    out.insert(4, "low", np.fmin(lo, wl))
    out.insert(5, "high", np.fmax(hi, wh))
    out["mean_low"] = np.fmin(ml, mwl)
    out["mean_high"] = np.fmax(mh, mwh)
    single = m < 2
    for col in ("low", "high", "mean_low", "mean_high"):
        out.loc[single, col] = np.nan
    return out.reset_index()
