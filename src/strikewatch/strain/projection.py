"""How long interceptor stocks last: a Monte Carlo over trajectories of nights.

Model (one trajectory = one run):

* Parameters are drawn once per run from the scenario's ranges (what the true kill rate,
  coverage, stock and resupply *are* is unknown but fixed), so the spread between runs is
  the analyst's uncertainty, not night-to-night luck.
* Each day: the night is an attack night with probability ``tempo``; its salvo (counts per
  weapon class) is one of the table's nights (observed nights resampled with equal weight,
  or the scenario's hand-set mixes by weight) times a ``scale`` factor.
* Threats meet the layers in engagement order. Within a night the flows are expected
  values given the run's parameters (a fluid model): a layer engages ``coverage`` of the
  threats that reach it, fires ``shots`` per engagement and kills ``1-(1-p_kill)**shots``
  of the engaged. When a layer's demand exceeds its stock, every engagement is rationed in
  the same proportion and the layer ends the night empty.
* Resupply arrives at the start of every ``resupply_interval_days``-th day.

Random draws are laid out so that the vectorised path and the loop reference in
``tests/strain/reference.py`` consume the PCG64 stream identically: one ``random`` call
of shape ``(3L + 3P + 1, runs)`` for the parameters (stock, resupply, cost per
layer; coverage, p_kill, shots per pair; tempo), then one of shape ``(3, runs)`` per day
(attack?, which night, scale). The fast path vectorises over runs and loops over days,
layers and pairs in the same order as the reference, so results are bit-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from strikewatch.strain.model import F64, LayerArrays, engagement_miss, layer_arrays, span
from strikewatch.strain.scenario import Scenario

DEFAULT_FAN_RUNS = 5000
FAN_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class SalvoTable:
    """The nights a projection resamples: counts per class (C, N) and their weights."""

    classes: tuple[str, ...]
    counts: F64  # (C, N)
    weights: F64  # (N,)
    tempo_low: float  # probability that a night is an attack night, drawn per run
    tempo_high: float
    scale_low: float = 1.0
    scale_high: float = 1.0
    source: str = "scenario"  # "scenario" (hand-set) | "observed"
    since: dt.date | None = None
    until: dt.date | None = None
    nights: tuple[str, ...] = ()
    synthetic: bool = False
    notes: tuple[str, ...] = ()

    @property
    def tempo(self) -> float:
        return (self.tempo_low + self.tempo_high) / 2.0

    @property
    def equal_weights(self) -> bool:
        return bool(np.all(self.weights == self.weights[0]))

    @property
    def cumulative(self) -> F64:
        """Normalised cumulative weights with the last entry forced to exactly 1.0."""
        cum = np.cumsum(self.weights) / float(np.sum(self.weights))
        cum[-1] = 1.0
        return cum

    def scaled(self, factor: float) -> SalvoTable:
        """The same table with every count multiplied (used by sensitivity tests)."""
        return SalvoTable(**{**self.__dict__, "counts": self.counts * factor})


def scenario_salvo(scenario: Scenario) -> SalvoTable:
    """The scenario's hand-set salvo (tempo stays a range, drawn once per run)."""
    mixes = scenario.salvo.mixes
    classes = tuple(sorted({str(c) for mix in mixes for c in mix.counts}))
    counts = np.array(
        [[float(mix.counts.get(c, 0.0)) for mix in mixes] for c in classes],  # type: ignore[call-overload]
        dtype=np.float64,
    )
    tempo = scenario.salvo.tempo
    return SalvoTable(
        classes=classes,
        counts=counts,
        weights=np.array([mix.weight for mix in mixes], dtype=np.float64),
        tempo_low=tempo.low,
        tempo_high=tempo.high,
        scale_low=scenario.salvo.scale.low,
        scale_high=scenario.salvo.scale.high,
        source="scenario",
        nights=tuple(mix.name for mix in mixes),
    )


def _components(row_class: str, components: object) -> list[str]:
    if row_class == "mixed" and isinstance(components, str) and components:
        parts = [c.strip() for c in components.split(",") if c.strip() and c.strip() != "mixed"]
        if parts:
            return parts
    return [row_class]


def observed_salvo(
    figures: pd.DataFrame,
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    tempo: float | None = None,
    scale_low: float = 1.0,
    scale_high: float = 1.0,
) -> SalvoTable:
    """Observed nights in ``[since, until]`` as a resampling table.

    ``launched`` is used where known, else the midpoint of ``launched_low``/``high``; a
    figure with no launched information is left out (and counted in ``notes``). A mixed
    figure ("Kh-101 and Kalibr") is split evenly across its component classes. Tempo, unless
    given, is the share of calendar nights in the period that have any launch.
    """
    frame = figures.copy()
    frame["night"] = pd.to_datetime(frame["night"])
    if since is not None:
        frame = frame[frame["night"] >= pd.Timestamp(since)]
    if until is not None:
        frame = frame[frame["night"] <= pd.Timestamp(until)]
    if frame.empty:
        raise ValueError("no figures in the chosen period")
    launched = frame["launched"].astype("float64")
    mid = (frame["launched_low"].astype("float64") + frame["launched_high"].astype("float64")) / 2
    value = launched.where(launched.notna(), mid)
    unknown = int(value.isna().sum())
    rows: list[tuple[pd.Timestamp, str, float]] = []
    for night, cls, comps, v in zip(
        frame["night"], frame["weapon_class"], frame["components"], value, strict=True
    ):
        if pd.isna(v):
            continue
        parts = _components(str(cls), comps)
        for part in parts:
            rows.append((night, part, float(v) / len(parts)))
    if not rows:
        raise ValueError("no figure in the chosen period has a launched count")
    long = pd.DataFrame(rows, columns=["night", "weapon_class", "launched"])
    wide = long.pivot_table(
        index="night", columns="weapon_class", values="launched", aggfunc="sum", fill_value=0.0
    ).sort_index()
    wide = wide[wide.sum(axis=1) > 0]
    first = pd.Timestamp(since) if since is not None else wide.index.min()
    last = pd.Timestamp(until) if until is not None else wide.index.max()
    calendar_nights = max(int((last - first).days) + 1, len(wide))
    observed_tempo = len(wide) / calendar_nights
    classes = tuple(sorted(wide.columns))
    notes = [f"{len(wide)} attack nights out of {calendar_nights} calendar nights"]
    if unknown:
        notes.append(f"{unknown} figure(s) without any launched count left out")
    synthetic = bool(frame["synthetic"].fillna(False).astype(bool).any())
    return SalvoTable(
        classes=classes,
        counts=np.ascontiguousarray(wide[list(classes)].to_numpy(dtype=np.float64).T),
        weights=np.ones(len(wide), dtype=np.float64),
        tempo_low=observed_tempo if tempo is None else tempo,
        tempo_high=observed_tempo if tempo is None else tempo,
        scale_low=scale_low,
        scale_high=scale_high,
        source="observed",
        since=first.date(),
        until=last.date(),
        nights=tuple(ts.date().isoformat() for ts in wide.index),
        synthetic=synthetic,
        notes=tuple(notes),
    )


def pick_nights(u: F64, cum: F64, equal: bool) -> NDArray[np.intp]:
    """Which table night each uniform picks.

    Equal weights (observed nights): ``floor(u * N)``. Unequal weights (hand-set mixes): the
    number of cumulative weights ``<= u`` (``searchsorted(..., side="right")``), done with
    comparisons when there are few mixes because that is several times faster.
    """
    n = cum.shape[0]
    if equal:
        out = (u * n).astype(np.intp)
        np.minimum(out, n - 1, out=out)
        return out
    if n > 16:
        return np.searchsorted(cum, u, side="right").astype(np.intp)
    out = np.zeros(u.shape[0], dtype=np.intp)
    for k in range(n - 1):
        out += u >= cum[k]
    return out


@dataclass
class ProjectionRaw:
    """Per-run results; everything the summary and the exactness tests need."""

    layers: LayerArrays
    salvo: SalvoTable
    runs: int
    days: int
    seed: int
    resupply_interval: int
    dry_below: float
    dry_count_by_day: NDArray[np.int64]  # (D, L) runs that have been dry at least once
    first_dry: NDArray[np.int64]  # (L, R) day index (0-based) of first dry night, -1 never
    shots_used: F64  # (L, R)
    cost_per_shot: F64  # (L, R)
    final_stock: F64  # (L, R)
    leak_total: F64  # (R,) leakers summed over all nights
    attack_nights: NDArray[np.int64]  # (R,)
    leak_when_dry: F64  # (L, R) leakers on attack nights when the layer started dry
    nights_when_dry: NDArray[np.int64]  # (L, R)
    leak_sum_by_day: F64  # (D,) sum over runs of leakers that night
    stock_paths: F64  # (D, L, F) end-of-night stock for the first F runs
    leak_paths: F64  # (D, F)
    extra: dict[str, Any] = field(default_factory=dict)


def simulate(
    layers: LayerArrays,
    salvo: SalvoTable,
    *,
    runs: int,
    days: int,
    seed: int,
    resupply_interval: int = 30,
    dry_below: float = 1.0,
    fan_runs: int = DEFAULT_FAN_RUNS,
) -> ProjectionRaw:
    """Vectorised Monte Carlo: loops over days, layers and pairs; arrays over runs."""
    if runs < 1 or days < 1:
        raise ValueError("runs and days must be at least 1")
    rng = np.random.Generator(np.random.PCG64(seed))
    n_l, n_p, n_r = layers.n_layers, layers.n_pairs, runs
    cls_index = {c: i for i, c in enumerate(salvo.classes)}
    n_c = len(salvo.classes)
    n_f = min(fan_runs, runs)

    u = rng.random((3 * n_l + 3 * n_p + 1, n_r))
    stock = span(layers.stock_low, layers.stock_high, u[0:n_l])
    stock[layers.unlimited] = np.inf
    resupply = span(layers.resupply_low, layers.resupply_high, u[n_l : 2 * n_l])
    cost = span(layers.cost_low, layers.cost_high, u[2 * n_l : 3 * n_l])
    o = 3 * n_l
    cov = span(layers.cov_low, layers.cov_high, u[o : o + n_p])
    pk = span(layers.pk_low, layers.pk_high, u[o + n_p : o + 2 * n_p])
    shots = span(layers.shots_low, layers.shots_high, u[o + 2 * n_p : o + 3 * n_p])
    t_lo, t_hi = salvo.tempo_low, salvo.tempo_high
    tempo = t_lo + (t_hi - t_lo) * u[o + 3 * n_p]
    del u
    b = cov * (1.0 - engagement_miss(pk, shots))  # kills per threat reaching the layer
    one_minus_b = 1.0 - b
    a = cov * shots  # interceptors demanded per threat reaching the layer
    del cov, pk, shots

    # Pairs whose class never appears in the salvo cannot matter; skip them (no draws depend
    # on this, so the reference may loop over all pairs and get the same numbers).
    plan: list[tuple[int, bool, bool, list[tuple[int, int]]]] = []
    for li in range(n_l):
        pairs = [
            (p, cls_index[layers.pair_class[p]])
            for p in layers.pairs_of(li)
            if layers.pair_class[p] in cls_index
            and np.any(salvo.counts[cls_index[layers.pair_class[p]]] > 0)
        ]
        plan.append((li, bool(layers.unlimited[li]), bool(layers.expends[li]), pairs))
    limited = ~layers.unlimited

    n_nights = salvo.counts.shape[1]
    # Row n_nights of the transposed table is the empty night (no attack).
    table_t = np.zeros((n_nights + 1, n_c), dtype=np.float64)
    table_t[:n_nights] = salvo.counts.T
    cum = salvo.cumulative
    equal = salvo.equal_weights
    s_lo, s_hi = salvo.scale_low, salvo.scale_high

    shots_used = np.zeros((n_l, n_r))
    ever = np.zeros((n_l, n_r), dtype=bool)
    now = np.zeros((n_l, n_r), dtype=bool)
    dry_nights = np.zeros((n_l, n_r), dtype=np.int32)  # nights ending dry, once ever dry
    leak_total = np.zeros(n_r)
    attack_nights = np.zeros(n_r, dtype=np.int64)
    leak_when_dry = np.zeros((n_l, n_r))
    nights_when_dry = np.zeros((n_l, n_r), dtype=np.int64)
    leak_sum_by_day = np.zeros(days)
    stock_paths = np.zeros((days, n_l, n_f))
    leak_paths = np.zeros((days, n_f))
    lim_rows = [int(i) for i in np.flatnonzero(limited)]
    dt_buf = np.empty(n_r)
    tmp = np.empty(n_r)
    f = np.empty(n_r)
    leak = np.empty(n_r)
    mask = np.empty(n_r, dtype=bool)

    for d in range(days):
        draws = rng.random((3, n_r))
        attack = draws[0] < tempo
        night = pick_nights(draws[1], cum, equal)
        night[~attack] = n_nights
        scale = s_lo + (s_hi - s_lo) * draws[2]
        threats = np.take(table_t, night, axis=0).T.copy()  # (C, R), C-contiguous
        threats *= scale
        if d > 0 and d % resupply_interval == 0:
            stock += resupply
        np.less(stock, dry_below, out=now)  # dry at the start of the night
        for li, unlimited, expends, pairs in plan:
            if not pairs:
                continue
            if expends:
                p0, c0 = pairs[0]
                np.multiply(a[p0], threats[c0], out=dt_buf)
                for p, c in pairs[1:]:
                    np.multiply(a[p], threats[c], out=tmp)
                    dt_buf += tmp
            if unlimited or not expends:
                if expends:
                    shots_used[li] += dt_buf
                for p, c in pairs:
                    threats[c] *= one_minus_b[p]
                continue
            s = stock[li]
            # f = s / dt where demand exceeds stock, else 1 (fmin drops the 0/0 NaN).
            with np.errstate(divide="ignore", invalid="ignore"):
                np.divide(s, dt_buf, out=f)
            np.fmin(f, 1.0, out=f)
            np.minimum(dt_buf, s, out=tmp)
            s -= tmp
            shots_used[li] += tmp
            for p, c in pairs:
                np.multiply(b[p], f, out=tmp)
                np.subtract(1.0, tmp, out=tmp)
                threats[c] *= tmp
        if n_c:
            leak[:] = threats[0]
            for c in range(1, n_c):
                leak += threats[c]
        else:
            leak[:] = 0.0
        leak_total += leak
        attack_nights += attack
        for li in lim_rows:
            if now[li].any():
                np.logical_and(now[li], attack, out=mask)
                np.multiply(leak, mask, out=tmp)
                leak_when_dry[li] += tmp
                nights_when_dry[li] += mask
        np.less(stock, dry_below, out=now)  # dry at the end of the night
        ever |= now
        dry_nights += ever
        leak_sum_by_day[d] = float(np.sum(leak))
        stock_paths[d] = stock[:, :n_f]
        leak_paths[d] = leak[:n_f]

    # A run first dry on night d has been "ever dry" on days - d nights.
    first_dry = np.where(ever, days - dry_nights.astype(np.int64), -1)
    counts = np.zeros((n_l, days + 1), dtype=np.int64)
    for li in range(n_l):
        counts[li] = np.bincount(first_dry[li] + 1, minlength=days + 1)[: days + 1]
    dry_count = np.cumsum(counts[:, 1:], axis=1).T.copy()  # (D, L)
    return ProjectionRaw(
        layers=layers,
        salvo=salvo,
        runs=runs,
        days=days,
        seed=seed,
        resupply_interval=resupply_interval,
        dry_below=dry_below,
        dry_count_by_day=dry_count,
        first_dry=first_dry,
        shots_used=shots_used,
        cost_per_shot=cost,
        final_stock=stock,
        leak_total=leak_total,
        attack_nights=attack_nights,
        leak_when_dry=leak_when_dry,
        nights_when_dry=nights_when_dry,
        leak_sum_by_day=leak_sum_by_day,
        stock_paths=stock_paths,
        leak_paths=leak_paths,
    )


# ---------------------------------------------------------------- summary


def _r(x: float | None, digits: int = 6) -> float | None:
    """Round for JSON; NaN and infinities (unknown / never) become None."""
    if x is None or not np.isfinite(x):
        return None
    return round(float(x), digits)


def days_to_dry_quantiles(p_dry_by_day: F64, qs: tuple[float, ...] = (0.1, 0.5, 0.9)) -> dict:
    """Quantiles of the day (1-based) a layer first runs dry, from the cumulative share.

    The q-quantile is the first day by which at least a share q of runs has run dry
    (inverted CDF). It is None when fewer than q of runs ever run dry in the horizon, which
    is the honest answer: the horizon does not reach it.
    """
    out: dict[str, int | None] = {}
    for q in qs:
        hit = np.flatnonzero(p_dry_by_day >= q - 1e-12)
        out[f"p{round(q * 100)}"] = int(hit[0]) + 1 if hit.size else None
    return out


def _quantiles(values: F64) -> dict[str, float | None]:
    if values.size == 0:
        return {"mean": None, "p10": None, "p50": None, "p90": None}
    q = np.quantile(values, [0.1, 0.5, 0.9])
    return {
        "mean": _r(float(np.mean(values)), 3),
        "p10": _r(q[0], 3),
        "p50": _r(q[1], 3),
        "p90": _r(q[2], 3),
    }


def summarise(raw: ProjectionRaw, *, fan: bool = True) -> dict[str, Any]:
    """The JSON-ready result: per layer p_dry_by_day, days_to_dry quantiles and more."""
    lay = raw.layers
    layers_out: list[dict[str, Any]] = []
    total_attack_nights = int(raw.attack_nights.sum())
    n_f = raw.stock_paths.shape[2]
    finite = np.flatnonzero(~lay.unlimited)
    fan_q = (
        np.quantile(raw.stock_paths[:, finite, :], FAN_QUANTILES, axis=2)
        if fan and n_f and finite.size
        else None
    )  # (Q, D, L_finite)
    for li, name in enumerate(lay.names):
        p_dry = raw.dry_count_by_day[:, li] / raw.runs
        n_dry_nights = int(raw.nights_when_dry[li].sum())
        n_up_nights = total_attack_nights - n_dry_nights
        leak_dry = float(raw.leak_when_dry[li].sum())
        leak_up = float(raw.leak_total.sum()) - leak_dry
        spent = raw.shots_used[li]
        entry: dict[str, Any] = {
            "name": name,
            "unlimited": bool(lay.unlimited[li]),
            "expends_munitions": bool(lay.expends[li]),
            "p_dry_by_day": [_r(p) for p in p_dry],
            "days_to_dry": days_to_dry_quantiles(p_dry),
            "p_dry_by_end": _r(p_dry[-1]) if p_dry.size else None,
            "leakers_per_attack_night_when_dry": _r(leak_dry / n_dry_nights, 3)
            if n_dry_nights
            else None,
            "leakers_per_attack_night_when_available": _r(leak_up / n_up_nights, 3)
            if n_up_nights
            else None,
            "interceptors_used": _quantiles(spent),
            "cost_usd": _quantiles(spent * raw.cost_per_shot[li]),
        }
        if fan_q is not None and not lay.unlimited[li]:
            fi = int(np.flatnonzero(finite == li)[0])
            entry["stock_fan"] = {
                f"p{round(q * 100)}": [_r(v, 2) for v in fan_q[qi, :, fi]]
                for qi, q in enumerate(FAN_QUANTILES)
            }
        layers_out.append(entry)
    leak_per_night = raw.leak_total / np.maximum(raw.attack_nights, 1)
    engaged = lay.engaged_classes
    return {
        "layers": layers_out,
        "leakers_per_attack_night": _quantiles(leak_per_night[raw.attack_nights > 0]),
        "mean_leakers_by_day": [_r(v / raw.runs, 3) for v in raw.leak_sum_by_day],
        "unengaged_classes": [c for c in raw.salvo.classes if c not in engaged],
        "fan_runs": n_f,
    }


def project(
    scenario: Scenario,
    salvo: SalvoTable | None = None,
    *,
    days: int,
    runs: int,
    seed: int,
    fan_runs: int = DEFAULT_FAN_RUNS,
) -> dict[str, Any]:
    """Run the projection for a scenario and return the JSON-ready result with inputs echo."""
    salvo = salvo if salvo is not None else scenario_salvo(scenario)
    layers = layer_arrays(scenario)
    raw = simulate(
        layers,
        salvo,
        runs=runs,
        days=days,
        seed=seed,
        resupply_interval=scenario.resupply_interval_days,
        dry_below=scenario.dry_below,
        fan_runs=fan_runs,
    )
    result = summarise(raw)
    mean_salvo = (salvo.counts @ (salvo.weights / salvo.weights.sum())) if salvo.counts.size else []
    result = {
        "scenario": scenario.name,
        "synthetic": salvo.synthetic,
        "inputs": {
            "days": days,
            "runs": runs,
            "seed": seed,
            "salvo_source": salvo.source,
            "since": salvo.since.isoformat() if salvo.since else None,
            "until": salvo.until.isoformat() if salvo.until else None,
            "nights_resampled": len(salvo.nights),
            "tempo": [_r(salvo.tempo_low), _r(salvo.tempo_high)],
            "scale": [salvo.scale_low, salvo.scale_high],
            "mean_salvo_per_attack_night": {
                c: _r(float(v), 3) for c, v in zip(salvo.classes, mean_salvo, strict=True)
            },
            "resupply_interval_days": scenario.resupply_interval_days,
            "dry_below": scenario.dry_below,
            "notes": list(salvo.notes),
        },
        **result,
        "assumptions": assumption_notes(scenario),
    }
    return result


MODEL_NOTES: tuple[str, ...] = (
    "Parameters are drawn once per run, uniformly within each scenario range.",
    "Within a night flows are expected values (fluid model); the spread comes from "
    "parameter uncertainty, tempo and which night is resampled.",
    "A layer short of interceptors rations every engagement in the same proportion; "
    "no priority is given to one weapon class over another.",
    "Layers do not re-engage a threat they missed; a later layer may.",
    "Resupply arrives in one batch every resupply_interval_days days.",
    "Stocks, deliveries and kill rates of Ukrainian air defence are classified: the "
    "default scenario illustrates the method and is not an estimate of real stocks.",
)


def assumption_notes(scenario: Scenario) -> dict[str, Any]:
    return {
        "model": list(MODEL_NOTES),
        "marked_assumption": scenario.assumptions(),
        "unsourced": scenario.unsourced(),
    }
