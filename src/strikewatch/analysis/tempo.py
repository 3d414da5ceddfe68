"""Tempo: nightly series, sustained campaigns, lulls and surges, change points, lull → salvo.

Definitions (see docs/analysis.md):

* The nightly series of a count kind lives on a gapless calendar of nights; a night absent
  from the table is a night without a reported attack and counts 0 (``missing="zero"``).
* A threshold is a number or ``"pNN"``, the NN-th percentile of the series over the
  analysed nights.
* **Campaign**: a run of at least ``min_nights`` consecutive nights at or above a threshold
  (default: drones, p90, 3 nights).
* **Lull**: a run of at least ``min_nights`` consecutive nights at or below a low threshold
  (default p25, 3 nights). **Surge**: a night at least ``factor`` times (default 2) the
  median of the previous 28 nights and at or above the p75 of the series.
* **Change points**: PELT (``ruptures``; ``KernelCPD`` with a linear kernel, which is PELT
  on the L2 cost in C) with an L2 cost on log(1 + count), minimum segment 7
  nights, penalty 2·σ²·ln(n) (a BIC-style choice for a shift in mean) where σ is the noise
  scale estimated robustly as MAD(first differences)/(0.6745·√2); pass ``penalty`` to change it.
* **Lull → salvo**: big salvos are nights at or above a threshold (default p90 of nights
  with any launch); each salvo's lull is the number of nights since the previous big salvo.
  Statistic: Spearman correlation of lull length with salvo size, the size taken relative
  to the median size of the other big salvos within ±182 nights (``detrend=True``) so the
  long-run growth of salvos and shrinking of lulls do not create a correlation (the level
  never includes the lull nights, which would bias the test towards "yes"). Permutation
  test: salvo sizes shuffled among salvos (vectorised, ``permutations`` draws), two-sided.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, calendar, is_synthetic, period_label
from strikewatch.numfmt import fmt_count
from strikewatch.tables import COUNT_KINDS


def resolve_threshold(series: pd.Series, threshold: float | str) -> float:
    """A number, or ``"pNN"`` → the NN-th percentile of the (known) series."""
    if isinstance(threshold, str):
        if not threshold.startswith("p"):
            try:
                return float(threshold)
            except ValueError:
                raise ValueError(f"threshold {threshold!r}: use a number or pNN") from None
        q = float(threshold[1:]) / 100.0
        if not 0 <= q <= 1:
            raise ValueError(f"threshold {threshold!r}: percentile must be 0..100")
        return float(series.dropna().quantile(q))
    return float(threshold)


def _since(series: pd.Series, since: str | None, until: str | None = None) -> pd.Series:
    if since is not None:
        series = series[series.index >= pd.Timestamp(since)]
    if until is not None:
        series = series[series.index <= pd.Timestamp(until)]
    return series


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Inclusive (start, end) index pairs of the runs of True in ``mask``."""
    if not len(mask):
        return []
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    diff = np.diff(padded)
    starts = np.flatnonzero(diff == 1)
    ends = np.flatnonzero(diff == -1) - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


@dataclasses.dataclass
class TempoResult(Result):
    by: str
    rows: list[dict[str, Any]]
    synthetic: bool = False
    series: pd.DataFrame | None = dataclasses.field(default=None, repr=False)


def tempo(nightly: pd.DataFrame, by: str = "month", since: str | None = None) -> TempoResult:
    """Nightly series per count kind and their per-period mean, max and nights with launches."""
    frame = pd.DataFrame({k: _since(calendar(nightly, k), since) for k in COUNT_KINDS})
    frame.index.name = "night"
    labels = period_label(pd.Series(frame.index), by).to_numpy()
    g = frame.groupby(labels)
    rows = []
    for period, part in g:
        row: dict[str, Any] = {"period": period, "nights": len(part)}
        for k in COUNT_KINDS:
            row[f"{k}_mean"] = float(part[k].mean())
            row[f"{k}_max"] = float(part[k].max())
            row[f"{k}_nights_with_launches"] = int((part[k] > 0).sum())
        rows.append(row)
    return TempoResult(by=by, rows=rows, synthetic=is_synthetic(nightly), series=frame)


@dataclasses.dataclass
class Run(Result):
    start: str
    end: str
    nights: int
    total: float
    mean: float
    peak: float
    peak_night: str


@dataclasses.dataclass
class RunsResult(Result):
    what: str
    kind: str
    threshold: float
    threshold_rule: str
    min_nights: int
    runs: list[Run]
    synthetic: bool = False
    #: how the answer moves across neighbouring settings (campaigns only)
    sensitivity: list[dict[str, Any]] | None = None
    fragile: bool | None = None
    sentence: str = ""


def _make_runs(series: pd.Series, mask: np.ndarray, min_nights: int) -> list[Run]:
    out = []
    vals = series.to_numpy()
    for a, b in _runs(mask):
        if b - a + 1 < min_nights:
            continue
        seg = vals[a : b + 1]
        peak = int(np.nanargmax(seg)) if np.any(~np.isnan(seg)) else 0
        out.append(
            Run(
                start=series.index[a].date().isoformat(),
                end=series.index[b].date().isoformat(),
                nights=b - a + 1,
                total=float(np.nansum(seg)),
                mean=float(np.nanmean(seg)),
                peak=float(seg[peak]),
                peak_night=series.index[a + peak].date().isoformat(),
            )
        )
    return out


def campaigns(
    nightly: pd.DataFrame,
    kind: str = "drones",
    threshold: float | str = "p90",
    min_nights: int = 3,
    since: str | None = None,
) -> RunsResult:
    """Sustained campaigns: runs of >= ``min_nights`` nights at or above the threshold."""
    s = _since(calendar(nightly, kind), since)
    thr = resolve_threshold(s, threshold)
    mask = (s >= thr).to_numpy()
    runs = _make_runs(s, mask, min_nights)
    table = campaign_sensitivity(s, threshold, min_nights)
    counts = [row["runs"] for row in table]
    fragile = bool(max(counts) >= 2 * max(min(counts), 1) or (min(counts) == 0 < max(counts)))
    sentence = (
        f"{len(runs)} campaign(s) of {kind} at threshold {threshold} ({fmt_count(round(thr))}) "
        "and at least "
        f"{min_nights} nights; across neighbouring settings the count ranges "
        f"{min(counts)}–{max(counts)}"
        + (
            ": the answer is fragile, it depends on the threshold chosen."
            if fragile
            else ": the answer is stable across them."
        )
    )
    return RunsResult(
        "campaigns",
        kind,
        thr,
        str(threshold),
        min_nights,
        runs,
        is_synthetic(nightly),
        sensitivity=table,
        fragile=fragile,
        sentence=sentence,
    )


def _neighbours(threshold: float | str) -> list[float | str]:
    """Reasonable nearby thresholds: ±5 percentile points, or ±20% of a number."""
    if isinstance(threshold, str) and threshold.startswith("p"):
        q = float(threshold[1:])
        qs = sorted({min(max(q + d, 1.0), 99.0) for d in (-5.0, 0.0, 5.0)})
        return [f"p{x:g}" for x in qs]
    value = float(threshold)
    return [value * 0.8, value, value * 1.2]


def campaign_sensitivity(
    series: pd.Series, threshold: float | str, min_nights: int
) -> list[dict[str, Any]]:
    """Runs found at neighbouring thresholds × minimum lengths (a small table).

    Counts only the runs' lengths: building every run (dates, sums, peaks) nine times over
    20,000 nights cost a first briefing 0.05–0.1 s for two numbers per row."""
    out = []
    for thr_rule in _neighbours(threshold):
        thr = resolve_threshold(series, thr_rule)
        lengths = [b - a + 1 for a, b in _runs((series >= thr).to_numpy())]
        for m in sorted({max(min_nights - 1, 1), min_nights, min_nights + 1}):
            kept = [n for n in lengths if n >= m]
            out.append(
                {
                    "threshold": str(thr_rule),
                    "threshold_value": thr,
                    "min_nights": m,
                    "runs": len(kept),
                    "nights_in_runs": int(sum(kept)),
                }
            )
    return out


def lulls(
    nightly: pd.DataFrame,
    kind: str = "drones",
    threshold: float | str = "p25",
    min_nights: int = 3,
    since: str | None = None,
) -> RunsResult:
    """Lulls: runs of >= ``min_nights`` nights at or below the (low) threshold."""
    s = _since(calendar(nightly, kind), since)
    thr = resolve_threshold(s, threshold)
    mask = (s <= thr).to_numpy()
    return RunsResult(
        "lulls",
        kind,
        thr,
        str(threshold),
        min_nights,
        _make_runs(s, mask, min_nights),
        is_synthetic(nightly),
    )


@dataclasses.dataclass
class SurgesResult(Result):
    kind: str
    factor: float
    floor: float
    nights: list[dict[str, Any]]
    synthetic: bool = False


def surges(
    nightly: pd.DataFrame,
    kind: str = "drones",
    factor: float = 2.0,
    floor: float | str = "p75",
    since: str | None = None,
) -> SurgesResult:
    """Nights at least ``factor`` × the median of the previous 28 nights and >= ``floor``."""
    s = _since(calendar(nightly, kind), since)
    base = s.shift(1).rolling(28, min_periods=14).median()
    thr = resolve_threshold(s, floor)
    hit = (s >= factor * base) & (s >= thr) & base.notna()
    nights = [
        {
            "night": d.date().isoformat(),
            "value": float(s[d]),
            "baseline": float(base[d]),
            "ratio": float(s[d] / base[d]) if base[d] > 0 else None,
        }
        for d in s.index[hit.to_numpy()]
    ]
    return SurgesResult(kind, factor, thr, nights, is_synthetic(nightly))


@dataclasses.dataclass
class ChangePointsResult(Result):
    kind: str
    method: str
    penalty: float
    segments: list[dict[str, Any]]
    synthetic: bool = False


def changepoints(
    nightly: pd.DataFrame,
    kind: str = "drones",
    penalty: float | None = None,
    min_size: int = 7,
    since: str | None = None,
) -> ChangePointsResult:
    """Change points in the nightly count with PELT (L2 cost on log1p), see module docstring."""
    import ruptures as rpt

    s = _since(calendar(nightly, kind), since).fillna(0.0)
    y = np.log1p(s.to_numpy())
    if penalty is None:
        sigma = float(np.median(np.abs(np.diff(y) - np.median(np.diff(y)))) / 0.6745 / np.sqrt(2))
        sigma = max(sigma, 1e-3)
        penalty = 2.0 * sigma**2 * np.log(len(y))
    # KernelCPD with a linear kernel is PELT on exactly the L2 cost, implemented in C:
    # the same change points as rpt.Pelt(model="l2") (checked in the tests), ~1000x faster.
    bkps = (
        rpt.KernelCPD(kernel="linear", min_size=min_size, jump=1)
        .fit(y.reshape(-1, 1))
        .predict(pen=penalty)
        if len(y) > 2 * min_size
        else [len(y)]
    )
    segments = []
    start = 0
    for end in bkps:
        seg = s.iloc[start:end]
        segments.append(
            {
                "start": seg.index[0].date().isoformat(),
                "end": seg.index[-1].date().isoformat(),
                "nights": len(seg),
                "mean": float(seg.mean()),
                "median": float(seg.median()),
            }
        )
        start = end
    return ChangePointsResult(
        kind,
        f"PELT, L2 cost on log1p(count), min_size={min_size}",
        float(penalty),
        segments,
        is_synthetic(nightly),
    )


@dataclasses.dataclass
class LullSalvoResult(Result):
    kind: str
    threshold: float
    n_salvos: int
    spearman: float | None
    p_value: float | None
    permutations: int
    detrended: bool
    sentence: str
    synthetic: bool = False


def _local_level(when: np.ndarray, size: np.ndarray, half_width: int = 182) -> np.ndarray:
    """Median size of the *other* big salvos within ``half_width`` nights of each salvo.

    The level is taken from salvos only, never from the nights in between: a level that
    included the lull nights would fall after a long lull and make the next salvo look
    relatively bigger by construction.
    """
    near = np.abs(when[:, None] - when[None, :]) <= half_width
    np.fill_diagonal(near, False)
    vals = np.where(near, size[None, :], np.nan)
    with np.errstate(all="ignore"):
        level = np.nanmedian(vals, axis=1) if vals.size else np.array([])
    return np.where(level > 0, level, np.nan)


def _rank(a: np.ndarray) -> np.ndarray:
    return pd.Series(a).rank(method="average").to_numpy()


def lull_vs_salvo(
    nightly: pd.DataFrame,
    kind: str = "missiles",
    threshold: float | str = "p90",
    permutations: int = 10_000,
    detrend: bool = True,
    seed: int = 0,
    since: str | None = None,
) -> LullSalvoResult:
    """Does a longer lull precede a bigger salvo? Spearman + permutation test (vectorised)."""
    s = _since(calendar(nightly, kind), since).fillna(0.0)
    thr = resolve_threshold(s[s > 0], threshold)
    idx = np.flatnonzero((s >= thr).to_numpy() & (s > 0).to_numpy())
    syn = is_synthetic(nightly)
    if len(idx) < 5:
        return LullSalvoResult(
            kind,
            thr,
            max(len(idx) - 1, 0),
            None,
            None,
            0,
            detrend,
            "Too few big salvos to test.",
            syn,
        )
    lull = np.diff(idx) - 1  # nights between consecutive big salvos
    size = s.to_numpy()[idx[1:]]
    if detrend:
        size = size / _local_level(idx[1:], size)
    ok = ~np.isnan(size)
    lull, size = lull[ok], size[ok]
    rl, rs = _rank(lull), _rank(size)
    rl = (rl - rl.mean()) / np.sqrt(((rl - rl.mean()) ** 2).sum())
    rs = (rs - rs.mean()) / np.sqrt(((rs - rs.mean()) ** 2).sum())
    rho = float(rl @ rs)
    rng = np.random.default_rng(seed)
    perm = np.argsort(rng.random((permutations, len(rs))), axis=1)
    null = rs[perm] @ rl
    p = float((1 + np.sum(np.abs(null) >= abs(rho) - 1e-12)) / (1 + permutations))
    what = f"{kind} salvos of at least {thr:g}"
    if p < 0.05:
        direction = "bigger" if rho > 0 else "smaller"
        verdict = (
            f"longer lulls went with {direction} salvos (Spearman {rho:.2f}, permutation "
            f"p = {p:.4f}); an association, not proof that lulls are used to stockpile"
        )
    else:
        verdict = (
            f"no evidence at the 5% level that a longer lull precedes a bigger salvo "
            f"(Spearman {rho:.2f}, permutation p = {p:.2f})"
        )
    sentence = (
        ("SYNTHETIC DATA. " if syn else "")
        + f"Across {len(rs)} {what}"
        + (" (size relative to other big salvos within half a year)" if detrend else "")
        + f": {verdict}."
    )
    return LullSalvoResult(kind, thr, len(rs), rho, p, permutations, detrend, sentence, syn)
