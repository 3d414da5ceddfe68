"""Scenario → flat NumPy arrays shared by the expenditure estimate and the projection.

Both Monte Carlo paths (and the loop reference in the tests) read the same arrays, so a
parameter means exactly one thing everywhere: a (layer, weapon class) *pair* engages
``coverage`` of the threats of its class that reach it, fires ``shots_per_engagement`` per
engagement, and one engagement kills with probability ``1 - miss`` where, for
``shots = n + frac``, ``miss = (1 - p_kill) ** n * (1 - frac * p_kill)``: an average of
1.5 shots means one shot always and a second one half the time. Computed by repeated
multiplication (no ``pow``) so the loop reference reproduces it bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from strikewatch.strain.scenario import Range, Scenario

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class LayerArrays:
    """Per-layer and per-pair bounds, in engagement order."""

    names: tuple[str, ...]
    counts_as: tuple[str, ...]
    unlimited: NDArray[np.bool_]  # (L,)
    expends: NDArray[np.bool_]  # (L,)
    stock_low: F64  # (L,), 0 where unlimited (never used)
    stock_high: F64
    resupply_low: F64
    resupply_high: F64
    cost_low: F64
    cost_high: F64
    pair_layer: NDArray[np.int64]  # (P,)
    pair_class: tuple[str, ...]  # (P,) weapon class ids
    cov_low: F64
    cov_high: F64
    pk_low: F64
    pk_high: F64
    shots_low: F64
    shots_high: F64

    @property
    def n_layers(self) -> int:
        return len(self.names)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_class)

    def pairs_of(self, layer: int) -> list[int]:
        return [p for p in range(self.n_pairs) if int(self.pair_layer[p]) == layer]

    @property
    def engaged_classes(self) -> frozenset[str]:
        return frozenset(self.pair_class)


def _bounds(ranges: list[Range]) -> tuple[F64, F64]:
    return (
        np.array([r.low for r in ranges], dtype=np.float64),
        np.array([r.high for r in ranges], dtype=np.float64),
    )


def layer_arrays(scenario: Scenario) -> LayerArrays:
    layers = scenario.layers
    unlimited = np.array([layer.stock.unlimited for layer in layers], dtype=bool)
    stock_low = np.array([layer.stock.low or 0.0 for layer in layers], dtype=np.float64)
    stock_high = np.array([layer.stock.high or 0.0 for layer in layers], dtype=np.float64)
    res_lo, res_hi = _bounds([layer.resupply_per_month for layer in layers])
    cost_lo, cost_hi = _bounds([layer.cost_per_shot_usd for layer in layers])
    engagements = [(i, eng) for i, layer in enumerate(layers) for eng in layer.engagements]
    cov_lo, cov_hi = _bounds([e.coverage for _, e in engagements])
    pk_lo, pk_hi = _bounds([e.p_kill for _, e in engagements])
    sh_lo, sh_hi = _bounds([e.shots_per_engagement for _, e in engagements])
    return LayerArrays(
        names=tuple(layer.name for layer in layers),
        counts_as=tuple(layer.counts_as for layer in layers),
        unlimited=unlimited,
        expends=np.array([layer.expends_munitions for layer in layers], dtype=bool),
        stock_low=stock_low,
        stock_high=stock_high,
        resupply_low=res_lo,
        resupply_high=res_hi,
        cost_low=cost_lo,
        cost_high=cost_hi,
        pair_layer=np.array([i for i, _ in engagements], dtype=np.int64),
        pair_class=tuple(str(e.weapon_class) for _, e in engagements),
        cov_low=cov_lo,
        cov_high=cov_hi,
        pk_low=pk_lo,
        pk_high=pk_hi,
        shots_low=sh_lo,
        shots_high=sh_hi,
    )


def span(low: F64, high: F64, u: F64) -> F64:
    """Map uniforms ``u`` (rows = parameters) onto ``[low, high]`` row by row.

    Written as ``low + (high - low) * u`` so the loop reference can repeat the exact float
    operations on Python scalars.
    """
    return low[:, None] + (high - low)[:, None] * u


def engagement_miss(pk: F64, shots: F64) -> F64:
    """Probability that one engagement fails to kill, element-wise (see module docstring)."""
    whole = np.floor(shots)
    frac = shots - whole
    one_minus = 1.0 - pk
    miss = np.ones_like(pk)
    for k in range(int(whole.max()) if whole.size else 0):
        miss = miss * np.where(k < whole, one_minus, 1.0)
    return miss * (1.0 - frac * pk)
