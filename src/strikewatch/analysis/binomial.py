"""The Wilson score interval: the one home for it (watch rules, baselines, shares, targeting).

Written out rather than taken from statsmodels so that a briefing or a watch run does not
import statsmodels and scipy.stats (seconds of start-up) for a few square roots; the closed
form is the one ``proportion_confint(method="wilson")`` computes.
"""

from __future__ import annotations

import math

import numpy as np

#: The two-sided 95% normal quantile, ``scipy.stats.norm.isf(0.025)``.
Z95 = 1.959963984540054


def wilson(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson interval of ``k`` successes in ``n`` trials; NaN where n <= 0.

    ``k`` is capped at ``n`` and the bounds clipped to [0, 1], so rounding never yields a
    share outside what can be observed.
    """
    n = np.asarray(n, dtype="float64")
    k = np.minimum(np.asarray(k, dtype="float64"), n)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    bad = ~(n > 0)
    low = np.where(bad, np.nan, np.clip(centre - half, 0.0, 1.0))
    high = np.where(bad, np.nan, np.clip(centre + half, 0.0, 1.0))
    return low, high


def wilson_bounds(k: float, n: float | None) -> tuple[float | None, float | None]:
    """:func:`wilson` for one count: plain floats, ``(None, None)`` when unknown or n <= 0."""
    if n is None or not n > 0 or k is None or k != k:
        return None, None
    low, high = wilson(np.array([k]), np.array([n]))
    lo, hi = float(low[0]), float(high[0])
    return (None if math.isnan(lo) else lo), (None if math.isnan(hi) else hi)
