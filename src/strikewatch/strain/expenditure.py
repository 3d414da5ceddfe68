"""Interceptors used, their cost and the cost-exchange ratio, from observed nights.

The reports give, per night and weapon class, how many were launched, shot down
(``destroyed``) and "locationally lost" (``lost_ew``); they never say which system did the
shooting. We attribute each night's kills to layers with the scenario's engagement chain:
for one run of the Monte Carlo (one draw of every range),

* a threat reaching pair *p* (layer, class) is engaged with probability ``coverage`` and an
  engagement kills with probability ``q`` (see :mod:`strikewatch.strain.model`), so the
  chain gives each layer's expected share of the kills;
* the observed ``destroyed`` count is split over the layers that count as ``destroyed`` in
  proportion to those shares, ``lost_ew`` over the ``lost_ew`` layers;
* a layer that made ``k`` kills fired ``k * shots / q`` interceptors (it also fired at the
  threats it missed, which later layers killed or which got through).

Calibrating to the observed kills, rather than simulating launches forward, keeps the
estimate consistent with what was reported. Destroyed counts with a range are drawn
uniformly in it. Kills of a class no layer of the right kind engages are reported as
``unattributed`` and cost nothing.

The attacker's cost is launched × unit cost (catalog range per model when known, else the
scenario's per-class range). The cost-exchange ratio is defender interceptor cost divided by
attacker cost; it says nothing about what was protected, so the value at risk from the
weapons that got through is computed as a separate figure (CSIS's caveat that the value of
the defended asset, not the price of the missile, is the relevant comparison).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.regimes import lost_ew_mode, mask_and_stop, regime_of
from strikewatch.strain.model import F64, engagement_miss, layer_arrays, span
from strikewatch.strain.projection import assumption_notes
from strikewatch.strain.scenario import Scenario

DEFAULT_RUNS = 2000
CAVEAT = (
    "The cost-exchange ratio compares the price of interceptors with the price of the "
    "weapons; it ignores the value of what the interceptors protected. value_at_risk_usd "
    "(weapons that got through × an assumed value per hit) is the separate figure for that."
)


@dataclass(frozen=True)
class CostRange:
    low: float
    high: float
    origin: str  # "catalog:<model id>" or "scenario:<class>"


def catalog_costs() -> dict[str, CostRange]:
    """Model id → attacker cost range from ``strikewatch.catalog`` (empty when unavailable)."""
    from strikewatch.catalog import weapon_models

    out: dict[str, CostRange] = {}
    for model_id, model in weapon_models().items():
        lo, hi = model.cost_low_usd, model.cost_high_usd
        if lo is not None and hi is not None:
            out[model_id] = CostRange(float(lo), float(hi), f"catalog:{model_id}")
    return out


def _model_cost(
    model: object,
    weapon_class: str,
    components: list[str],
    scenario: Scenario,
    catalog: Mapping[str, CostRange],
) -> CostRange | None:
    """Unit cost of one figure: catalog by model id (a `` + `` compound averages its parts),
    else the scenario's class range (a mixed figure averages its component classes)."""
    if isinstance(model, str) and model:
        parts = [p.strip() for p in model.split(" + ") if p.strip()]
        found = [catalog.get(p) for p in parts]
        if parts and all(f is not None for f in found):
            hits = [f for f in found if f is not None]
            return CostRange(
                sum(f.low for f in hits) / len(hits),
                sum(f.high for f in hits) / len(hits),
                "+".join(f.origin for f in hits),
            )
    classes = components if weapon_class == "mixed" else [weapon_class]
    ranges = [scenario.attacker_cost_usd.get(c) for c in classes]  # type: ignore[call-overload]
    if not ranges or any(r is None for r in ranges):
        return None
    known = [r for r in ranges if r is not None]
    return CostRange(
        sum(r.low for r in known) / len(known),
        sum(r.high for r in known) / len(known),
        "scenario:" + "+".join(classes),
    )


def _components(weapon_class: str, components: object) -> list[str]:
    if weapon_class == "mixed" and isinstance(components, str) and components:
        parts = [c.strip() for c in components.split(",") if c.strip() and c.strip() != "mixed"]
        if parts:
            return parts
    return [weapon_class]


def _bounds(value: F64, low: F64, high: F64) -> tuple[F64, F64]:
    """Low/high of a count: the explicit bounds where given, else the point value."""
    lo = np.where(np.isnan(low), value, low)
    hi = np.where(np.isnan(high), value, high)
    return lo, hi


def _q(values: F64) -> dict[str, float | None]:
    """mean/p10/p50/p90 over runs; None when every run is NaN (unknown)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {"mean": None, "p10": None, "p50": None, "p90": None}
    q = np.quantile(finite, [0.1, 0.5, 0.9])
    return {
        "mean": round(float(finite.mean()), 3),
        "p10": round(float(q[0]), 3),
        "p50": round(float(q[1]), 3),
        "p90": round(float(q[2]), 3),
    }


def estimate(
    figures: pd.DataFrame,
    scenario: Scenario,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    catalog: Mapping[str, CostRange] | None = None,
    per_night: bool = True,
) -> dict[str, Any]:
    """Per-night and period expenditure, cost, cost exchange and value at risk.

    ``figures`` follows ``tables.FIGURE_COLUMNS``. Returns a JSON-ready dict: ``nights``
    (one entry per night), ``period`` (sums over nights with a known figure) and inputs.
    ``per_night=False`` leaves ``nights`` empty: a briefing quotes only the period, and the
    quantiles of every night were half of its estimate. The draws, and so the period, are
    the same either way.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    catalog = catalog_costs() if catalog is None else catalog
    layers = layer_arrays(scenario)
    n_l, n_p = layers.n_layers, layers.n_pairs
    rng = np.random.Generator(np.random.PCG64(seed))

    # ---- one row per (figure, component class); launched/destroyed split evenly
    rows: list[dict[str, Any]] = []
    for rec in figures.to_dict("records"):
        cls = str(rec["weapon_class"])
        parts = _components(cls, rec.get("components"))
        share = 1.0 / len(parts)
        cost = _model_cost(rec.get("model"), cls, parts, scenario, catalog)
        for part in parts:
            row = {k: rec.get(k) for k in ("night", "model", "synthetic")}
            row["weapon_class"] = part
            for name in (
                "launched",
                "launched_low",
                "launched_high",
                "destroyed",
                "destroyed_low",
                "destroyed_high",
                "lost_ew",
                "still_airborne",
                "hit_locations",
            ):
                v = rec.get(name)
                v = np.nan if v is None or pd.isna(v) else float(v)
                row[name] = v * share if name != "hit_locations" else (v if part == parts[0] else 0)
            row["cost_low"] = cost.low if cost else np.nan
            row["cost_high"] = cost.high if cost else np.nan
            row["cost_origin"] = cost.origin if cost else None
            rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return _empty_result(scenario, runs, seed)
    frame["night"] = pd.to_datetime(frame["night"])
    nights = sorted(frame["night"].unique())
    night_idx = frame["night"].map({n: i for i, n in enumerate(nights)}).to_numpy()
    n_rows, n_n = len(frame), len(nights)

    def col(name: str) -> F64:
        return frame[name].to_numpy(dtype=np.float64)

    launched_lo, launched_hi = _bounds(col("launched"), col("launched_low"), col("launched_high"))
    destroyed_lo, destroyed_hi = _bounds(
        col("destroyed"), col("destroyed_low"), col("destroyed_high")
    )
    # Reporting regimes (analysis.regimes): where the source folds lost to EW into "shot
    # down/suppressed", destroyed already holds the EW kills, and lost to EW is unknown.
    regime = regime_of(frame["night"])
    lost_ew, _ = mask_and_stop(regime, col("destroyed"), col("lost_ew"))
    folded_row = (lost_ew_mode(regime) == "folded") & np.isnan(lost_ew)
    still = np.nan_to_num(col("still_airborne"), nan=0.0)
    classes = sorted(frame["weapon_class"].unique())
    var = scenario.value_at_risk_per_leaker_usd

    # ---- random draws, all up front: parameters, per-row counts and unit costs, values
    u = rng.random((n_l + 3 * n_p + 3 * n_rows + len(classes), runs))
    cost_shot = span(layers.cost_low, layers.cost_high, u[:n_l])
    o = n_l
    cov = span(layers.cov_low, layers.cov_high, u[o : o + n_p])
    pk = span(layers.pk_low, layers.pk_high, u[o + n_p : o + 2 * n_p])
    shots = span(layers.shots_low, layers.shots_high, u[o + 2 * n_p : o + 3 * n_p])
    o += 3 * n_p
    launched = span(launched_lo, launched_hi, u[o : o + n_rows])
    destroyed = span(destroyed_lo, destroyed_hi, u[o + n_rows : o + 2 * n_rows])
    unit_cost = span(col("cost_low"), col("cost_high"), u[o + 2 * n_rows : o + 3 * n_rows])
    o += 3 * n_rows
    v_lo = np.array([var[c].low if c in var else np.nan for c in classes])  # type: ignore[index,operator]
    v_hi = np.array([var[c].high if c in var else np.nan for c in classes])  # type: ignore[index,operator]
    value_per_leaker = span(v_lo, v_hi, u[o : o + len(classes)])
    # Classes without an assumed value are left out of value at risk (listed in the output).
    no_value = [c for c in classes if c not in var]
    value_per_leaker = np.nan_to_num(value_per_leaker, nan=0.0)
    q = 1.0 - engagement_miss(pk, shots)

    # ---- attribute kills to layers, class by class
    shots_row = np.zeros((n_l, n_rows, runs))
    kills_row = np.zeros((n_l, n_rows, runs))
    unattributed = np.zeros((n_rows, runs))
    row_class = frame["weapon_class"].to_numpy()
    for cls, folded in ((c, f) for c in classes for f in (False, True)):
        rows_c = np.flatnonzero((row_class == cls) & (folded_row == folded))
        if not len(rows_c):
            continue
        pairs = [p for p in range(n_p) if layers.pair_class[p] == cls]  # engagement order
        reach = np.ones(runs)
        kill: dict[int, F64] = {}
        for p in pairs:
            kill[p] = reach * cov[p] * q[p]
            reach = reach - kill[p]
        # folded rows: the destroyed count is every kill, kinetic and EW alike
        pools: list[tuple[tuple[str, ...], F64]] = (
            [(("destroyed", "lost_ew"), destroyed[rows_c])]
            if folded
            else [(("destroyed",), destroyed[rows_c]), (("lost_ew",), lost_ew[rows_c])]
        )
        for pool, observed in pools:
            observed = np.broadcast_to(
                observed if observed.ndim == 2 else observed[:, None], (len(rows_c), runs)
            )
            members = [p for p in pairs if layers.counts_as[int(layers.pair_layer[p])] in pool]
            total = np.zeros(runs)
            for p in members:
                total = total + kill[p]
            if not members:
                unattributed[rows_c] += np.nan_to_num(observed, nan=0.0)
                continue
            for p in members:
                with np.errstate(divide="ignore", invalid="ignore"):
                    kill_share = np.where(total > 0, kill[p] / total, 0.0)
                    per_kill = np.where(q[p] > 0, shots[p] / q[p], 0.0)
                if not layers.expends[int(layers.pair_layer[p])]:
                    per_kill = np.zeros(runs)
                # lost_ew unknown (NaN) means "not reported": no EW kills to attribute.
                obs = np.nan_to_num(observed, nan=0.0) if pool == ("lost_ew",) else observed
                kills_row[int(layers.pair_layer[p]), rows_c] += obs * kill_share
                shots_row[int(layers.pair_layer[p]), rows_c] += obs * kill_share * per_kill
            none_engaged = total <= 0
            if np.any(none_engaged):
                unattributed[rows_c] += np.where(
                    none_engaged, np.nan_to_num(observed, nan=0.0), 0.0
                )

    leakers = np.clip(
        launched - destroyed - np.nan_to_num(lost_ew, nan=0.0)[:, None] - still[:, None], 0.0, None
    )
    class_pos = {c: i for i, c in enumerate(classes)}
    vpl = value_per_leaker[[class_pos[c] for c in row_class]]
    value_at_risk = leakers * vpl
    attacker_cost = launched * unit_cost
    defender_row = np.einsum("lnr,lr->nr", shots_row, cost_shot)

    # ---- per night (NaN in any row of the night → the night's figure is unknown)
    def by_night(values: F64) -> F64:
        out = np.zeros((n_n, runs))
        np.add.at(out, night_idx, values)
        return out

    shots_night = np.stack([by_night(shots_row[li]) for li in range(n_l)])  # (L, N, R)
    kills_night = np.stack([by_night(kills_row[li]) for li in range(n_l)])
    defender_night = by_night(defender_row)
    attacker_night = by_night(attacker_cost)
    leak_night = by_night(leakers)
    var_night = by_night(value_at_risk)
    unattr_night = by_night(unattributed)
    launched_night = by_night(launched)

    night_out = (
        _night_entries(
            frame,
            nights,
            night_idx,
            layers.names,
            shots_night,
            {
                "defender": defender_night,
                "attacker": attacker_night,
                "leakers": leak_night,
                "value_at_risk": var_night,
                "unattributed": unattr_night,
            },
        )
        if per_night
        else []
    )

    known = np.all(np.isfinite(defender_night), axis=1) & np.all(
        np.isfinite(attacker_night), axis=1
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        period_ratio = defender_night[known].sum(0) / attacker_night[known].sum(0)
    period = {
        "nights": n_n,
        "nights_with_known_figures": int(known.sum()),
        "launched": _q(launched_night[known].sum(0)),
        "interceptors": {
            name: _q(shots_night[li][known].sum(0)) for li, name in enumerate(layers.names)
        },
        "kills_attributed": {
            name: _q(kills_night[li][known].sum(0)) for li, name in enumerate(layers.names)
        },
        "defender_cost_by_layer_usd": {
            name: _q((shots_night[li][known] * cost_shot[li]).sum(0))
            for li, name in enumerate(layers.names)
        },
        "defender_cost_usd": _q(defender_night[known].sum(0)),
        "attacker_cost_usd": _q(attacker_night[known].sum(0)),
        "cost_exchange_ratio": _q(period_ratio),
        "leakers": _q(leak_night[known].sum(0)),
        "value_at_risk_usd": _q(var_night[known].sum(0)),
        "unattributed_kills": _q(unattr_night[known].sum(0)),
        "unattributed_by_class": {
            c: round(float(np.nanmean(unattributed[row_class == c].sum(0))), 3)
            for c in classes
            if np.nanmean(unattributed[row_class == c].sum(0)) > 0
        },
        "value_at_risk_excludes_classes": no_value,
    }
    origins = sorted({o for o in frame["cost_origin"].dropna()})
    return {
        "scenario": scenario.name,
        "synthetic": bool(frame["synthetic"].fillna(False).astype(bool).any()),
        "inputs": {
            "runs": runs,
            "seed": seed,
            "since": pd.Timestamp(nights[0]).date().isoformat(),
            "until": pd.Timestamp(nights[-1]).date().isoformat(),
            "attacker_cost_origins": origins,
        },
        "period": period,
        "nights": night_out,
        "caveat": CAVEAT,
        "assumptions": assumption_notes(scenario),
    }


def _night_entries(
    frame: pd.DataFrame,
    nights: list[Any],
    night_idx: np.ndarray,
    layer_names: tuple[str, ...],
    shots_night: F64,
    sums: dict[str, F64],
) -> list[dict[str, Any]]:
    """One entry per night: the quantiles over runs of each per-night sum (``sums`` holds the
    (nights, runs) arrays of defender and attacker cost, leakers, value at risk and
    unattributed kills)."""
    defender_night, attacker_night = sums["defender"], sums["attacker"]
    night_out: list[dict[str, Any]] = []
    facts = _night_facts(frame, night_idx, len(nights))
    for i, night in enumerate(nights):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = defender_night[i] / attacker_night[i]
        ratio[~np.isfinite(ratio)] = np.nan
        night_out.append(
            {
                "night": pd.Timestamp(night).date().isoformat(),
                "synthetic": facts[i]["synthetic"],
                "launched_by_class": facts[i]["launched_by_class"],
                "interceptors": {
                    name: _q(shots_night[li, i]) for li, name in enumerate(layer_names)
                },
                "defender_cost_usd": _q(defender_night[i]),
                "attacker_cost_usd": _q(attacker_night[i]),
                "cost_exchange_ratio": _q(ratio),
                "leakers": _q(sums["leakers"][i]),
                "hit_locations": facts[i]["hit_locations"],
                "value_at_risk_usd": _q(sums["value_at_risk"][i]),
                "unattributed_kills": _q(sums["unattributed"][i]),
            }
        )
    return night_out


def _known_sum(values: F64) -> float:
    """``Series.sum(min_count=1)`` of float values, computed as pandas does (NaN read as 0,
    one numpy sum over the values in row order; NaN when none is known), without building a
    Series: the per-night sums were a third of a 30-night estimate's time."""
    unknown = np.isnan(values)
    if unknown.all():
        return float("nan")
    return float(np.where(unknown, 0.0, values).sum())


def _night_facts(frame: pd.DataFrame, night_idx: np.ndarray, n_nights: int) -> list[dict[str, Any]]:
    """Per night: whether any row is synthetic, launched by class and hit locations."""
    synthetic = frame["synthetic"].fillna(False).astype(bool).to_numpy()
    launched = frame["launched"].to_numpy(dtype=np.float64)
    hits = frame["hit_locations"].to_numpy(dtype=np.float64)
    row_class = frame["weapon_class"].to_numpy()
    order = np.argsort(night_idx, kind="stable")  # rows of each night, in row order
    bounds = np.searchsorted(night_idx[order], np.arange(n_nights + 1))
    out = []
    for i in range(n_nights):
        rows = order[bounds[i] : bounds[i + 1]]
        classes = row_class[rows]
        out.append(
            {
                "synthetic": bool(synthetic[rows].any()),
                "launched_by_class": {
                    c: _none(_known_sum(launched[rows[classes == c]]))
                    for c in sorted(set(classes.tolist()))
                },
                "hit_locations": _none(_known_sum(hits[rows])),
            }
        )
    return out


def _none(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), 3)


def _empty_result(scenario: Scenario, runs: int, seed: int) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "synthetic": False,
        "inputs": {"runs": runs, "seed": seed, "since": None, "until": None},
        "period": {"nights": 0, "nights_with_known_figures": 0},
        "nights": [],
        "caveat": CAVEAT,
        "assumptions": assumption_notes(scenario),
    }
