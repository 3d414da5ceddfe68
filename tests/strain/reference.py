"""A slow, plain-loop reference for :func:`strikewatch.strain.projection.simulate`.

It consumes the PCG64 stream exactly as the fast path does (one parameter block of shape
``(3L + 3P + 1, runs)``, then ``(3, runs)`` per day) and then walks every run, night,
layer and engagement with scalar arithmetic. The engagement kill
probability is built by repeated multiplication, as in the fast path, because a vectorised
``pow`` and a scalar one can differ in the last bit.
"""

from __future__ import annotations

import bisect
import math

import numpy as np

from strikewatch.strain.model import LayerArrays
from strikewatch.strain.projection import ProjectionRaw, SalvoTable


def _pick(u: float, cum: list[float], equal: bool) -> int:
    n = len(cum)
    if equal:
        return min(int(u * n), n - 1)
    return bisect.bisect_right(cum, u)


def reference_simulate(
    layers: LayerArrays,
    salvo: SalvoTable,
    *,
    runs: int,
    days: int,
    seed: int,
    resupply_interval: int = 30,
    dry_below: float = 1.0,
    fan_runs: int = 5000,
) -> ProjectionRaw:
    rng = np.random.Generator(np.random.PCG64(seed))
    n_l, n_p = layers.n_layers, layers.n_pairs
    n_f = min(fan_runs, runs)
    classes = list(salvo.classes)
    counts = salvo.counts
    cum = [float(x) for x in salvo.cumulative]
    equal = salvo.equal_weights

    u = rng.random((3 * n_l + 3 * n_p + 1, runs))

    def draw(lo: float, hi: float, x: float) -> float:
        return lo + (hi - lo) * x

    stock = [[0.0] * n_l for _ in range(runs)]
    resupply = [[0.0] * n_l for _ in range(runs)]
    cost = [[0.0] * n_l for _ in range(runs)]
    a = [[0.0] * n_p for _ in range(runs)]
    b = [[0.0] * n_p for _ in range(runs)]
    tempo = [0.0] * runs
    o = 3 * n_l
    for r in range(runs):
        for li in range(n_l):
            if layers.unlimited[li]:
                stock[r][li] = math.inf
            else:
                stock[r][li] = draw(layers.stock_low[li], layers.stock_high[li], u[li, r])
            resupply[r][li] = draw(
                layers.resupply_low[li], layers.resupply_high[li], u[n_l + li, r]
            )
            cost[r][li] = draw(layers.cost_low[li], layers.cost_high[li], u[2 * n_l + li, r])
        for p in range(n_p):
            cov = draw(layers.cov_low[p], layers.cov_high[p], u[o + p, r])
            pk = draw(layers.pk_low[p], layers.pk_high[p], u[o + n_p + p, r])
            shots = draw(layers.shots_low[p], layers.shots_high[p], u[o + 2 * n_p + p, r])
            whole = math.floor(shots)
            miss = 1.0
            for _ in range(whole):
                miss = miss * (1.0 - pk)
            miss = miss * (1.0 - (shots - whole) * pk)
            b[r][p] = cov * (1.0 - miss)
            a[r][p] = cov * shots
        tempo[r] = draw(salvo.tempo_low, salvo.tempo_high, u[o + 3 * n_p, r])

    layer_pairs = []
    for li in range(n_l):
        pairs = [
            (p, classes.index(layers.pair_class[p]))
            for p in range(n_p)
            if int(layers.pair_layer[p]) == li and layers.pair_class[p] in classes
        ]
        layer_pairs.append(pairs)

    first_dry = [[-1] * n_l for _ in range(runs)]
    shots_used = [[0.0] * n_l for _ in range(runs)]
    leak_total = [0.0] * runs
    attack_nights = [0] * runs
    leak_when_dry = [[0.0] * n_l for _ in range(runs)]
    nights_when_dry = [[0] * n_l for _ in range(runs)]
    leak_sum_by_day = np.zeros(days)
    stock_paths = np.zeros((days, n_l, n_f))
    leak_paths = np.zeros((days, n_f))

    for d in range(days):
        draws = rng.random((3, runs))
        leaks = np.zeros(runs)
        for r in range(runs):
            attack = draws[0, r] < tempo[r]
            scale = salvo.scale_low + (salvo.scale_high - salvo.scale_low) * draws[2, r]
            if attack:
                night = _pick(draws[1, r], cum, equal)
                threats = [counts[c, night] * scale for c in range(len(classes))]
            else:
                threats = [0.0 * scale for _ in classes]
            if d > 0 and d % resupply_interval == 0:
                for li in range(n_l):
                    stock[r][li] = stock[r][li] + resupply[r][li]
            dry_at_start = [stock[r][li] < dry_below for li in range(n_l)]
            for li in range(n_l):
                pairs = layer_pairs[li]
                if not pairs:
                    continue
                demand = 0.0
                if layers.expends[li]:
                    demand = a[r][pairs[0][0]] * threats[pairs[0][1]]
                    for p, c in pairs[1:]:
                        demand = demand + a[r][p] * threats[c]
                if layers.unlimited[li] or not layers.expends[li]:
                    if layers.expends[li]:
                        shots_used[r][li] = shots_used[r][li] + demand
                    for p, c in pairs:
                        threats[c] = threats[c] * (1.0 - b[r][p])
                    continue
                s = stock[r][li]
                f = s / demand if demand > s else 1.0
                used = min(demand, s)
                stock[r][li] = s - used
                shots_used[r][li] = shots_used[r][li] + used
                for p, c in pairs:
                    threats[c] = threats[c] * (1.0 - b[r][p] * f)
            leak = threats[0] if threats else 0.0
            for c in range(1, len(threats)):
                leak = leak + threats[c]
            leaks[r] = leak
            leak_total[r] = leak_total[r] + leak
            attack_nights[r] += int(attack)
            for li in range(n_l):
                if not layers.unlimited[li] and dry_at_start[li] and attack:
                    leak_when_dry[r][li] = leak_when_dry[r][li] + leak
                    nights_when_dry[r][li] += 1
                if stock[r][li] < dry_below and first_dry[r][li] < 0:
                    first_dry[r][li] = d
            if r < n_f:
                for li in range(n_l):
                    stock_paths[d, li, r] = stock[r][li]
                leak_paths[d, r] = leak
        leak_sum_by_day[d] = float(np.sum(leaks))

    fd = np.array(first_dry, dtype=np.int64).T
    dry_count = np.zeros((days, n_l), dtype=np.int64)
    for d in range(days):
        for li in range(n_l):
            dry_count[d, li] = sum(1 for r in range(runs) if 0 <= fd[li, r] <= d)
    return ProjectionRaw(
        layers=layers,
        salvo=salvo,
        runs=runs,
        days=days,
        seed=seed,
        resupply_interval=resupply_interval,
        dry_below=dry_below,
        dry_count_by_day=dry_count,
        first_dry=fd,
        shots_used=np.array(shots_used).T,
        cost_per_shot=np.array(cost).T,
        final_stock=np.array(stock).T,
        leak_total=np.array(leak_total),
        attack_nights=np.array(attack_nights, dtype=np.int64),
        leak_when_dry=np.array(leak_when_dry).T,
        nights_when_dry=np.array(nights_when_dry, dtype=np.int64).T,
        leak_sum_by_day=leak_sum_by_day,
        stock_paths=stock_paths,
        leak_paths=leak_paths,
    )
