"""Reporting regimes: when the source changed what its outcome counts mean, and a check.

The catalog (``catalog/data/regimes.yaml``) is the authority for which regime a night is in.
The detector re-finds breaks from the data itself, so a change the catalog lacks is caught:
the signal is, per night with at least ``min_launched`` strike drones, whether lost to EW is
given (a positive count). Binary segmentation on that 0/1 series with a Bernoulli likelihood
finds the splits; a split is kept when the likelihood gain beats ``penalty``, both sides have
``min_nights`` nights and the rate changes by at least ``min_jump``.

Why a positive count and not "not blank": the dataset writes 0 for "not given" after the
2025 folding, so a 0 and a blank are both "not given" there.

``apply_regimes`` gives every figure its ``regime``, turns a lost-to-EW the source no longer
gives into unknown (NaN, never 0) and adds ``stopped`` (destroyed + lost to EW: the series
that means the same in every regime where it is known).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, period_label
from strikewatch.catalog.regimes import Regime, reporting_regimes

catalog = reporting_regimes  # the catalogued regimes, in date order


def by_id(regime_id: str) -> Regime:
    for r in catalog():
        if r.id == regime_id:
            return r
    raise KeyError(regime_id)


def regime_of(nights: Any) -> np.ndarray:
    """The regime id of each night (array of str); nights before the first start get the first."""
    regs = catalog()
    starts = np.array([np.datetime64(r.start, "ns") for r in regs])
    values = pd.to_datetime(pd.Series(nights)).to_numpy(dtype="datetime64[ns]")
    idx = np.searchsorted(starts, values, side="right") - 1
    ids = np.array([r.id for r in regs], dtype=object)
    return ids[np.clip(idx, 0, len(regs) - 1)]


def same_regime(nights: Any, night: Any) -> np.ndarray:
    """Boolean mask: which of ``nights`` fall in the reporting regime of ``night``."""
    return np.asarray(regime_of(nights) == regime_of([night])[0])


def lost_ew_mode(regime_ids: np.ndarray) -> np.ndarray:
    modes = {r.id: r.lost_ew for r in catalog()}
    return np.array([modes[r] for r in regime_ids], dtype=object)


def mask_and_stop(
    regime_ids: np.ndarray, destroyed: np.ndarray, lost_ew: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(lost_ew as the source means it, stopped) for aligned arrays of one regime each.

    In a ``folded`` regime a lost to EW of 0 (or blank) is "not given": unknown, and stopped is
    the destroyed count (it already includes EW). A positive count there is a real figure given
    apart and is added. Elsewhere stopped = destroyed + lost_ew, unknown when lost_ew is.
    """
    mode = lost_ew_mode(regime_ids)
    folded = mode == "folded"
    lost = np.where(folded & ~(lost_ew > 0), np.nan, lost_ew)
    stopped = np.where(folded & np.isnan(lost), destroyed, destroyed + lost)
    return lost, stopped


def apply_regimes(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with ``regime``, ``lost_ew`` as the source means it, and ``stopped``."""
    f = figures.copy()
    f["regime"] = regime_of(f["night"]) if len(f) else pd.Series(dtype=object)
    destroyed = f["destroyed"].to_numpy(dtype="float64")
    lost, stopped = mask_and_stop(
        f["regime"].to_numpy(dtype=object), destroyed, f["lost_ew"].to_numpy(dtype="float64")
    )
    f["lost_ew"] = lost
    f["stopped"] = stopped
    return f


def nightly_regime(nightly: pd.DataFrame, kind: str) -> pd.DataFrame:
    """One row per night of a nightly table for one count kind, in its regime's terms.

    Columns: night, regime, launched, destroyed (capped at launched), lost_ew (unknown where
    the source did not give it), stopped (capped at launched), share_destroyed, share_stopped.
    """
    if nightly.empty:
        cols = ["night", "regime", "launched", "destroyed", "lost_ew", "stopped"]
        return pd.DataFrame(columns=[*cols, "share_destroyed", "share_stopped"])
    night = pd.to_datetime(nightly["night"])
    launched = nightly[kind].to_numpy(dtype="float64")
    destroyed = np.minimum(nightly[f"{kind}_destroyed"].to_numpy(dtype="float64"), launched)
    regime = regime_of(night)
    lost, stopped = mask_and_stop(
        regime, destroyed, nightly[f"{kind}_lost_ew"].to_numpy(dtype="float64")
    )
    stopped = np.minimum(stopped, launched)
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = launched > 0
        out = pd.DataFrame(
            {
                "night": night.to_numpy(),
                "regime": regime,
                "launched": launched,
                "destroyed": destroyed,
                "lost_ew": lost,
                "stopped": stopped,
                "share_destroyed": np.where(ok, destroyed / launched, np.nan),
                "share_stopped": np.where(ok, stopped / launched, np.nan),
            }
        )
    return out


# ------------------------------------------------------------------------------- detection


def ew_signal(figures: pd.DataFrame, min_launched: float = 20) -> pd.DataFrame:
    """Per night with at least ``min_launched`` strike drones: is lost to EW given (> 0)?"""
    f = figures[(figures["weapon_class"] == "strike_drone") & (figures["launched"] > 0)]
    if f.empty:
        return pd.DataFrame({"night": pd.Series(dtype="datetime64[ns]"), "given": []})
    g = f.groupby("night").agg(
        launched=("launched", "sum"), given=("lost_ew", lambda s: bool((s > 0).any()))
    )
    g = g[g["launched"] >= min_launched].reset_index()
    return g[["night", "given"]]


def _bernoulli_ll(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Maximised Bernoulli log-likelihood of k successes in n trials (0·log 0 = 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, k / np.maximum(n, 1), 0.0)
        a = np.where(k > 0, k * np.log(np.where(p > 0, p, 1.0)), 0.0)
        b = np.where(n - k > 0, (n - k) * np.log(np.where(p < 1, 1 - p, 1.0)), 0.0)
    return np.asarray(a + b)


def _best_split(x: np.ndarray, min_nights: int) -> tuple[int, float]:
    """(index of the first element after the best split, log-likelihood gain)."""
    n = len(x)
    if n < 2 * min_nights:
        return -1, 0.0
    c = np.cumsum(x)
    cut = np.arange(min_nights, n - min_nights + 1)
    k_left, k_right = c[cut - 1], c[-1] - c[cut - 1]
    gain = (
        _bernoulli_ll(k_left, cut.astype(float))
        + _bernoulli_ll(k_right, (n - cut).astype(float))
        - _bernoulli_ll(np.array([c[-1]]), np.array([float(n)]))[0]
    )
    i = int(np.argmax(gain))
    return int(cut[i]), float(gain[i])


def _segments(x: np.ndarray, penalty: float, min_nights: int) -> list[int]:
    """Boundaries (start indices of every segment after the first), binary segmentation."""
    cuts: list[int] = []
    stack = [(0, len(x))]
    while stack:
        lo, hi = stack.pop()
        cut, gain = _best_split(x[lo:hi], min_nights)
        if cut < 0 or gain < penalty:
            continue
        cuts.append(lo + cut)
        stack += [(lo, lo + cut), (lo + cut, hi)]
    return sorted(cuts)


def detect_breaks(
    signal: pd.DataFrame,
    penalty: float = 15.0,
    min_nights: int = 14,
    min_jump: float = 0.5,
) -> list[dict[str, Any]]:
    """Breaks in the share of nights with lost to EW given.

    Binary segmentation by likelihood first; then neighbouring segments whose rates differ by
    less than ``min_jump`` are merged (drift, not a change of reporting), and the remaining
    boundaries are the breaks.
    """
    x = signal["given"].to_numpy(dtype="float64")
    nights = pd.to_datetime(signal["night"]).to_numpy()
    bounds = [0, *_segments(x, penalty, min_nights), len(x)]
    merged = True
    while merged and len(bounds) > 2:
        merged = False
        rates = [x[a:b].mean() for a, b in itertools.pairwise(bounds)]
        jumps = [abs(r2 - r1) for r1, r2 in itertools.pairwise(rates)]
        i = int(np.argmin(jumps))
        if jumps[i] < min_jump:
            del bounds[i + 1]
            merged = True
    found = []
    for a, b, c in zip(bounds, bounds[1:], bounds[2:], strict=False):
        before, after = x[a:b], x[b:c]
        gain = float(
            _bernoulli_ll(np.array([before.sum()]), np.array([float(len(before))]))[0]
            + _bernoulli_ll(np.array([after.sum()]), np.array([float(len(after))]))[0]
            - _bernoulli_ll(np.array([before.sum() + after.sum()]), np.array([float(c - a)]))[0]
        )
        found.append(
            {
                "night": pd.Timestamp(nights[b]).date(),
                "last_night_before": pd.Timestamp(nights[b - 1]).date(),
                "share_given_before": float(before.mean()),
                "share_given_after": float(after.mean()),
                "nights_before": int(b - a),
                "nights_after": int(c - b),
                "log_likelihood_gain": gain,
            }
        )
    return found


@dataclasses.dataclass
class RegimesResult(Result):
    catalogued: list[dict[str, Any]]
    detected: list[dict[str, Any]]
    monthly: list[dict[str, Any]]
    warnings: list[str]
    tolerance_days: int
    method: str


def regimes_report(
    figures: pd.DataFrame, tolerance_days: int = 21, min_launched: float = 20
) -> RegimesResult:
    """Catalogued regimes, breaks detected from the data, and warnings where they disagree."""
    sig = ew_signal(figures, min_launched)
    detected = detect_breaks(sig)
    regs = catalog()
    warnings: list[str] = []
    first = pd.Timestamp(sig["night"].min()).date() if len(sig) else None
    for b in detected:
        near = [r for r in regs[1:] if abs((r.start - b["night"]).days) <= tolerance_days]
        b["catalogued_as"] = near[0].id if near else None
        if not near:
            warnings.append(
                f"the data shows a reporting break on {b['night']} (nights with lost to EW "
                f"given: {b['share_given_before']:.0%} before, {b['share_given_after']:.0%} "
                "after) that catalog/data/regimes.yaml does not list"
            )
    cat = []
    for r in regs:
        seen = [b for b in detected if b["catalogued_as"] == r.id]
        opening = r is regs[0]  # the first regime starts no break: nothing to see
        cat.append(
            dataclasses.asdict(r)
            | {
                "detected_on": seen[0]["night"] if seen else None,
                "seen_in_data": None if opening else bool(seen),
            }
        )
        if r is not regs[0] and not seen and first is not None and r.start > first:
            warnings.append(f"catalogued break {r.id} ({r.start}) is not seen in the data")
    monthly = []
    if len(sig):
        m = sig.assign(month=period_label(sig["night"], "month").to_numpy())
        for month, part in m.groupby("month"):
            monthly.append(
                {
                    "month": month,
                    "nights": len(part),
                    "nights_lost_ew_given": int(part["given"].sum()),
                    "share_given": float(part["given"].mean()),
                    "regime": ",".join(sorted(set(regime_of(part["night"])))),
                }
            )
    return RegimesResult(
        catalogued=cat,
        detected=detected,
        monthly=monthly,
        warnings=warnings,
        tolerance_days=tolerance_days,
        method=(
            f"nights with >= {min_launched:g} strike drones; signal: lost to EW given (> 0); "
            "binary segmentation, Bernoulli likelihood gain >= 15, >= 14 nights a side, "
            f"jump >= 50 points; a detected break matches a catalogued one within "
            f"{tolerance_days} days"
        ),
    )
