"""Event studies: are nightly launches different just before or after events of a kind?

Definitions (see docs/analysis.md):

* Windows are in night labels (the Kyiv-local morning date). For an event on day ``d``:
  ``before`` = the ``k`` nights ending on the morning of ``d`` (labels d-k+1 … d);
  ``after`` = the ``k`` nights following the event's last day ``e`` (labels e+1 … e+k).
  Windows of several events are merged (a night counts once).
* Outcome: nightly launches of a count kind (default ``total`` = drones + missiles) on the
  gapless calendar; nights without a reported attack count 0.
* Effect: mean launches over window nights minus the mean over all other nights (``effect``),
  and their ratio.
* Placebo-date permutation test: the same events moved to placebo dates and the effect
  recomputed ``permutations`` times (>= 10,000), vectorised with NumPy. ``placebo="local"``
  (default) shifts each event by a random offset of ``k``..``max_shift`` days (either sign),
  which keeps the season and the trend of the war around each event: the question becomes
  "different from nearby nights?" rather than "different from 2023?". ``placebo="uniform"``
  draws dates anywhere in the series. p = (1 + #placebos at least as extreme) / (1 + B);
  one-sided (``greater``) for "barrage before/after" hypotheses, or two-sided.
* Negative-binomial regression (statsmodels): launches ~ window dummy + calendar-month fixed
  effects; the incidence-rate ratio of the dummy with its 95% CI.
* Several kinds/windows: Holm (default) or Benjamini–Hochberg adjusted p-values.
* Sentences say "evidence" only when the adjusted p is below 0.05 and always call the result
  an association in timing, never a proof of intent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, calendar, is_synthetic, to_night
from strikewatch.domain import ContextEvent
from strikewatch.numfmt import fmt_count, fmt_p

MIN_PERMUTATIONS = 10_000


def _events_table(events: pd.DataFrame | Sequence[ContextEvent]) -> pd.DataFrame:
    if isinstance(events, pd.DataFrame):
        frame = events.copy()
    else:
        from strikewatch.analysis.events_io import events_frame

        frame = events_frame(list(events))
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    if "end_date" not in frame:
        frame["end_date"] = pd.NaT
    frame["end_date"] = pd.to_datetime(frame["end_date"]).dt.normalize()
    if "verified" not in frame:
        frame["verified"] = True
    frame["kind"] = frame["kind"].astype(str)
    return frame


def events_near(
    night: str | dt.date, events: pd.DataFrame | Sequence[ContextEvent], days: int = 14
) -> list[dict[str, Any]]:
    """Events whose span touches the ``days`` nights either side of ``night``.

    ``days_from_night`` is the event's first day minus the night label (negative: before).
    """
    n = to_night(night)
    e = _events_table(events)
    end = e["end_date"].fillna(e["date"])
    lo, hi = n - pd.Timedelta(days=days), n + pd.Timedelta(days=days)
    near = e[(e["date"] <= hi) & (end >= lo)].copy()
    near["days_from_night"] = (near["date"] - n).dt.days
    near = near.sort_values(["date", "kind", "title"])
    out = []
    for r in near.to_dict(orient="records"):
        out.append(
            {
                "date": r["date"].date().isoformat(),
                "end_date": None if pd.isna(r["end_date"]) else r["end_date"].date().isoformat(),
                "kind": r["kind"],
                "title": r["title"],
                "days_from_night": int(r["days_from_night"]),
                "verified": bool(r.get("verified", True)),
                "origin": r.get("origin"),
                "source_url": r.get("source_url"),
            }
        )
    return out


@dataclasses.dataclass
class EventStudyResult(Result):
    kind: str
    side: str
    window: int
    by: str
    n_events: int
    n_events_outside_data: int
    nights_in_window: int
    mean_in_window: float | None
    mean_other: float | None
    effect: float | None  # difference of mean nightly launches (window - other nights)
    ratio: float | None
    placebo_mean_effect: float | None
    p_value: float | None
    p_adjusted: float | None
    alternative: str
    permutations: int
    placebo: str
    nb_irr: float | None
    nb_low: float | None
    nb_high: float | None
    nb_p_value: float | None
    method: str
    sentence: str
    synthetic: bool = False
    #: the same study at neighbouring windows and placebo ranges (``event_study(sensitivity=)``)
    sensitivity: list[dict[str, Any]] | None = None
    fragile: bool | None = None


def _window_starts(positions: np.ndarray, ends: np.ndarray, side: str, k: int) -> np.ndarray:
    """First calendar index of each event's window."""
    if side == "before":
        return positions - k + 1
    if side == "after":
        return ends + 1
    raise ValueError(f"unknown side {side!r}: use before or after")


def _mask(starts: np.ndarray, k: int, n: int) -> np.ndarray:
    """Boolean (len(starts) × n) or (n,) membership of the merged windows."""
    starts = np.atleast_2d(starts)
    b = starts.shape[0]
    idx = starts[:, :, None] + np.arange(k)[None, None, :]
    idx = idx.reshape(b, -1)
    valid = (idx >= 0) & (idx < n)
    rows = np.broadcast_to(np.arange(b)[:, None], idx.shape)
    mask = np.zeros((b, n), dtype=bool)
    mask[rows[valid], idx[valid]] = True
    return mask


def _effects(mask: np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Mean(y | window) - mean(y | other nights) for each row of ``mask`` (vectorised)."""
    m = mask.astype(np.float64)
    s_in = m @ y
    c_in = m @ v
    s_all, c_all = y.sum(), v.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return s_in / c_in - (s_all - s_in) / (c_all - c_in)


def placebo_effects(
    y: np.ndarray,
    positions: np.ndarray,
    ends: np.ndarray,
    side: str,
    k: int,
    permutations: int,
    placebo: str = "local",
    max_shift: int = 60,
    seed: int = 0,
    chunk: int = 1000,
) -> np.ndarray:
    """Effects of ``permutations`` placebo event sets (NumPy, in chunks to bound memory)."""
    rng = np.random.default_rng(seed)
    n = len(y)
    v = (~np.isnan(y)).astype(np.float64)
    y0 = np.nan_to_num(y)
    length = ends - positions
    out = np.empty(permutations)
    for a in range(0, permutations, chunk):
        b = min(permutations, a + chunk)
        if placebo == "local":
            lo = max(k, 1)
            mag = rng.integers(lo, max(max_shift, lo) + 1, size=(b - a, len(positions)))
            sign = np.where(rng.random((b - a, len(positions))) < 0.5, -1, 1)
            pos = positions[None, :] + sign * mag
            # a placebo that would fall off the data takes the other direction instead
            off = (pos < 0) | (pos >= n)
            pos = np.where(off, positions[None, :] - sign * mag, pos)
        elif placebo == "uniform":
            pos = rng.integers(0, n, size=(b - a, len(positions)))
        else:
            raise ValueError(f"unknown placebo {placebo!r}: use local or uniform")
        pos = np.clip(pos, 0, n - 1)
        starts = _window_starts(pos, np.minimum(pos + length[None, :], n - 1), side, k)
        out[a:b] = _effects(_mask(starts, k, n), y0, v)
    return out


def placebo_effects_loop(
    y: np.ndarray,
    positions: np.ndarray,
    ends: np.ndarray,
    side: str,
    k: int,
    permutations: int,
    max_shift: int = 60,
    seed: int = 0,
) -> np.ndarray:
    """The same local placebo test as a plain Python loop (the benchmark's baseline)."""
    import random

    rnd = random.Random(seed)
    n = len(y)
    out = []
    for _ in range(permutations):
        members: set[int] = set()
        for p, e in zip(positions.tolist(), ends.tolist(), strict=True):
            shift = rnd.randint(max(k, 1), max_shift) * rnd.choice((-1, 1))
            q = p + shift if 0 <= p + shift < n else p - shift
            q = min(max(q, 0), n - 1)
            qe = min(q + (e - p), n - 1)
            first = q - k + 1 if side == "before" else qe + 1
            members.update(i for i in range(first, first + k) if 0 <= i < n)
        s_in = c_in = s_out = c_out = 0.0
        for i, val in enumerate(y.tolist()):
            if val != val:
                continue
            if i in members:
                s_in += val
                c_in += 1
            else:
                s_out += val
                c_out += 1
        out.append(s_in / c_in - s_out / c_out if c_in and c_out else float("nan"))
    return np.array(out)


def _nb_irr(
    series: pd.Series, mask: np.ndarray
) -> tuple[float | None, float | None, float | None, float | None, str]:
    """Rate ratio of the window dummy, with calendar-month fixed effects.

    Negative binomial GLM (NB2, alpha by the method of moments from the Poisson fit with the
    same terms) first; when that fails, a quasi-Poisson GLM with Pearson scale. The model used
    is returned so the method string can say which.
    """
    import warnings

    import statsmodels.api as sm

    ok = series.notna().to_numpy()
    y = series.to_numpy()[ok]
    months = pd.Series(pd.DatetimeIndex(series.index)[ok].strftime("%Y-%m"))
    x = pd.get_dummies(months, prefix="m", drop_first=True, dtype=float)
    x.insert(0, "window", mask[ok].astype(float))
    x = sm.add_constant(x, has_constant="add").to_numpy()

    def nb_moments() -> Any:
        # NB2 GLM with alpha by moments from the Poisson fit: one IRLS fit each, fast and
        # stable where the full NB likelihood (alpha estimated) struggles near alpha = 0.
        pois = sm.GLM(y, x, family=sm.families.Poisson()).fit()
        mu = pois.fittedvalues
        alpha = float(np.sum(((y - mu) ** 2 - y) / mu**2) / max(pois.df_resid, 1))
        alpha = max(alpha, 1e-6)
        return sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=alpha)).fit()

    fits: list[tuple[str, Any]] = [
        ("negative binomial (NB2, alpha by moments)", nb_moments),
        ("quasi-Poisson", lambda: sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")),
    ]
    for name, fit_fn in fits:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = fit_fn()
            b, se = float(fit.params[1]), float(fit.bse[1])
        except Exception:
            continue
        if np.isfinite(b) and np.isfinite(se) and se > 0:
            p = float(fit.pvalues[1])
            return (
                float(np.exp(b)),
                float(np.exp(b - 1.96 * se)),
                float(np.exp(b + 1.96 * se)),
                p,
                name,
            )
    return None, None, None, None, "none"


def _fmt_p(p: float) -> str:
    """``< 0.001`` or ``= 0.123``: numfmt.fmt_p with the sign a sentence needs."""
    text = fmt_p(p)
    return text if text[0] in "<>" else f"= {text}"


def event_study(
    nightly: pd.DataFrame,
    events: pd.DataFrame | Sequence[ContextEvent],
    kind: str,
    window: int = 3,
    side: str = "before",
    by: str = "total",
    permutations: int = MIN_PERMUTATIONS,
    placebo: str = "local",
    alternative: str = "greater",
    max_shift: int = 60,
    verified_only: bool = True,
    regression: bool = True,
    seed: int = 0,
    sensitivity: bool = False,
) -> EventStudyResult:
    """Mean nightly launches in a window around events of ``kind`` vs all other nights.

    With ``sensitivity``, the same test is rerun at half and double the window and at placebo
    shifts of up to 30, 60 and 120 days (2,000 placebos each, no regression), and the result
    is marked ``fragile`` when its verdict at the 5% level differs between those settings.
    """
    if window < 1:
        raise ValueError("window must be at least 1 night")
    if alternative not in ("greater", "less", "two-sided"):
        raise ValueError("alternative must be greater, less or two-sided")
    series = calendar(nightly, by)
    e = _events_table(events)
    e = e[e["kind"] == kind]
    if verified_only:
        e = e[e["verified"].astype(bool)]
    syn = is_synthetic(nightly)
    first, last = (series.index.min(), series.index.max()) if len(series) else (None, None)
    inside = (e["date"] >= first) & (e["date"] <= last) if first is not None else e["date"].isna()
    outside = int((~inside).sum())
    e = e[inside]
    n = len(series)
    empty = EventStudyResult(
        kind,
        side,
        window,
        by,
        0,
        outside,
        0,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        alternative,
        0,
        placebo,
        None,
        None,
        None,
        None,
        "none",
        f"No {kind} events inside the data ({outside} outside it); nothing to test.",
        syn,
    )
    if e.empty or n == 0:
        return empty
    assert first is not None  # the series is not empty here
    first64 = np.datetime64(pd.Timestamp(first).date(), "D")
    pos = (e["date"].to_numpy(dtype="datetime64[D]") - first64).astype(np.int64)
    last_day = e["end_date"].fillna(e["date"]).to_numpy(dtype="datetime64[D]")
    ends = (last_day - first64).astype(np.int64).clip(max=n - 1)
    y = series.to_numpy(dtype="float64")
    v = (~np.isnan(y)).astype(np.float64)
    obs_mask = _mask(_window_starts(pos, ends, side, window), window, n)[0]
    observed = float(_effects(obs_mask[None, :], np.nan_to_num(y), v)[0])
    mean_in = float(np.nanmean(y[obs_mask])) if obs_mask.any() else None
    mean_out = float(np.nanmean(y[~obs_mask]))
    null = placebo_effects(y, pos, ends, side, window, permutations, placebo, max_shift, seed)
    null = null[~np.isnan(null)]
    if alternative == "greater":
        p = (1 + np.sum(null >= observed - 1e-9)) / (1 + len(null))
    elif alternative == "less":
        p = (1 + np.sum(null <= observed + 1e-9)) / (1 + len(null))
    else:
        hi = (1 + np.sum(null >= observed - 1e-9)) / (1 + len(null))
        lo = (1 + np.sum(null <= observed + 1e-9)) / (1 + len(null))
        p = min(1.0, 2 * min(hi, lo))
    irr = low = high = nb_p = None
    model = "no regression"
    if regression:
        irr, low, high, nb_p, model = _nb_irr(series, obs_mask)
    result = EventStudyResult(
        kind=kind,
        side=side,
        window=window,
        by=by,
        n_events=len(e),
        n_events_outside_data=outside,
        nights_in_window=int(obs_mask.sum()),
        mean_in_window=mean_in,
        mean_other=mean_out,
        effect=observed,
        ratio=(mean_in / mean_out) if mean_in is not None and mean_out else None,
        placebo_mean_effect=float(null.mean()) if len(null) else None,
        p_value=float(p),
        p_adjusted=None,
        alternative=alternative,
        permutations=len(null),
        placebo=placebo,
        nb_irr=irr,
        nb_low=low,
        nb_high=high,
        nb_p_value=nb_p,
        method=(
            f"placebo-date permutation test ({len(null)} {placebo} placebos"
            + (f", shifts {window}-{max_shift} days" if placebo == "local" else "")
            + f", {alternative}); {model} regression with month fixed effects"
        ),
        sentence="",
        synthetic=syn,
    )
    if sensitivity:
        result.sensitivity = event_sensitivity(
            nightly, events, kind, window, side, by, placebo, alternative, verified_only, seed
        )
        verdicts = {row["p_value"] < 0.05 for row in result.sensitivity if row["p_value"]}
        result.fragile = len(verdicts) > 1
    result.sentence = describe(result)
    return result


def event_sensitivity(
    nightly: pd.DataFrame,
    events: pd.DataFrame | Sequence[ContextEvent],
    kind: str,
    window: int,
    side: str,
    by: str,
    placebo: str,
    alternative: str,
    verified_only: bool,
    seed: int,
    permutations: int = 2_000,
) -> list[dict[str, Any]]:
    """A small table: the effect and p at neighbouring windows × placebo shift ranges."""
    rows = []
    for w in sorted({max(1, window // 2), window, 2 * window}):
        for shift in (30, 60, 120) if placebo == "local" else (60,):
            r = event_study(
                nightly,
                events,
                kind,
                w,
                side,
                by,
                permutations,
                placebo,
                alternative,
                max_shift=max(shift, w + 1),
                verified_only=verified_only,
                regression=False,
                seed=seed,
            )
            rows.append(
                {
                    "window": w,
                    "max_shift": shift if placebo == "local" else None,
                    "effect": r.effect,
                    "placebo_mean_effect": r.placebo_mean_effect,
                    "excess_over_placebos": None
                    if r.effect is None or r.placebo_mean_effect is None
                    else r.effect - r.placebo_mean_effect,
                    "p_value": r.p_value,
                }
            )
    return rows


_DIRECTION = {"greater": "higher", "less": "lower", "two-sided": "different"}
_KIND_TEXT = {
    "diplomacy": "diplomatic events",
    "ukraine_deep_strike": "Ukrainian deep strikes",
    "ceasefire": "ceasefires or truces",
    "sanctions": "sanctions announcements",
    "air_defense_aid": "air-defence aid deliveries",
    "energy": "energy-related events",
    "other": "other events",
}


def describe(r: EventStudyResult, level: float = 0.05) -> str:
    """A plain sentence that never overstates the result."""
    if r.p_value is None or r.mean_in_window is None or r.mean_other is None:
        return r.sentence
    what = _KIND_TEXT.get(r.kind, f"{r.kind} events")
    side = f"the {r.window} night{'s' if r.window > 1 else ''} {r.side}"
    launches = "launches" if r.by == "total" else f"{r.by} launched"
    p = r.p_adjusted if r.p_adjusted is not None else r.p_value
    adj = " (adjusted for multiple tests)" if r.p_adjusted is not None else ""
    facts = (
        f"Around {r.n_events} {what}, {side} averaged {r.mean_in_window:.0f} {launches} a night "
        f"vs {r.mean_other:.0f} on all other nights; against placebo dates p {_fmt_p(p)}{adj}"
    )
    if r.nb_irr is not None and r.nb_low is not None and r.nb_high is not None:
        facts += f"; within-month rate ratio {r.nb_irr:.2f} (95% CI {r.nb_low:.2f}–{r.nb_high:.2f})"
    direction = _DIRECTION[r.alternative]
    if p < level:
        verdict = (
            f"evidence at the {level:.0%} level that {launches} were {direction} in {side} "
            f"{what}; this is an association in timing, not proof of intent"
        )
    else:
        verdict = (
            f"no evidence at the {level:.0%} level that {launches} were {direction} in {side} "
            f"{what}"
        )
    prefix = "SYNTHETIC DATA. " if r.synthetic else ""
    fragile = ""
    if r.fragile:
        fragile = (
            " The answer is fragile: at neighbouring windows or placebo ranges the verdict "
            "changes (see the sensitivity table)."
        )
    elif r.fragile is False:
        fragile = " The verdict holds at neighbouring windows and placebo ranges."
    return f"{prefix}{facts}. So: {verdict}.{fragile}"


def adjust_pvalues(results: list[EventStudyResult], method: str = "holm") -> list[EventStudyResult]:
    """Holm or Benjamini–Hochberg adjustment across a family of event studies (in place)."""
    from statsmodels.stats.multitest import multipletests

    idx = [i for i, r in enumerate(results) if r.p_value is not None]
    if not idx:
        return results
    sm_method = {"holm": "holm", "bh": "fdr_bh", "fdr_bh": "fdr_bh"}.get(method)
    if sm_method is None:
        raise ValueError("correction must be holm or bh")
    adjusted = multipletests([results[i].p_value for i in idx], method=sm_method)[1]
    for i, p in zip(idx, adjusted, strict=True):
        results[i].p_adjusted = float(p)
        results[i].method += f"; {method} adjustment over {len(idx)} tests"
        results[i].sentence = describe(results[i])
    return results


def event_study_grid(
    nightly: pd.DataFrame,
    events: pd.DataFrame | Sequence[ContextEvent],
    specs: Sequence[tuple[str, str, int]],
    correction: str = "holm",
    **kwargs: Any,
) -> list[EventStudyResult]:
    """Run several (kind, side, window) studies and adjust their p-values together."""
    results = [event_study(nightly, events, kind, w, side, **kwargs) for kind, side, w in specs]
    return adjust_pvalues(results, correction)


@dataclasses.dataclass
class HypothesesResult(Result):
    events_origin: str
    tests: list[EventStudyResult]
    answers: dict[str, str]
    synthetic: bool = False


HYPOTHESES: dict[str, tuple[str, str]] = {
    "barrages_before_diplomacy": ("diplomacy", "before"),
    "barrages_after_deep_strikes": ("ukraine_deep_strike", "after"),
}


def hypotheses(
    nightly: pd.DataFrame,
    events: pd.DataFrame | Sequence[ContextEvent],
    windows: Sequence[int] = (1, 3, 7),
    by: str = "total",
    events_origin: str = "",
    **kwargs: Any,
) -> HypothesesResult:
    """The seeds' two hypotheses, each over several windows, Holm-adjusted as one family.

    H1: more launches in the nights before diplomatic events. H2: more launches in the
    nights after Ukrainian deep strikes. One-sided tests (the hypotheses name a direction).
    """
    specs = [(kind, side, w) for kind, side in HYPOTHESES.values() for w in windows]
    tests = event_study_grid(nightly, events, specs, by=by, alternative="greater", **kwargs)
    answers = {}
    for name, (kind, side) in HYPOTHESES.items():
        mine = [t for t in tests if t.kind == kind and t.side == side]
        sig = [t for t in mine if t.p_adjusted is not None and t.p_adjusted < 0.05]
        what = _KIND_TEXT[kind]
        if not any(t.p_value is not None for t in mine):
            answers[name] = f"No {what} inside the data; cannot test."
        elif sig:
            ws = ", ".join(str(t.window) for t in sig)
            answers[name] = (
                f"Evidence at the 5% level (Holm-adjusted over {len(tests)} tests) that launches "
                f"were higher in the {ws}-night window(s) {side} {what}; an association in "
                "timing, not proof of intent."
            )
        else:
            best = min((t.p_adjusted for t in mine if t.p_adjusted is not None), default=1.0)
            answers[name] = (
                f"No evidence at the 5% level (Holm-adjusted over {len(tests)} tests; smallest "
                f"adjusted p {best:.2f}) that launches were higher in the "
                f"{'/'.join(str(w) for w in windows)} nights {side} {what}."
            )
        answers[name] += _growth_note(mine)
    return HypothesesResult(events_origin, tests, answers, is_synthetic(nightly))


def _growth_note(tests: list[EventStudyResult]) -> str:
    """Why a big raw gap in means is not evidence: the war's growth, and how it is removed."""
    usable = [t for t in tests if t.effect is not None and t.placebo_mean_effect is not None]
    if not usable:
        return ""
    t = usable[len(usable) // 2]
    assert t.effect is not None and t.placebo_mean_effect is not None
    assert t.mean_in_window is not None and t.mean_other is not None
    return (
        f" Why a raw gap is not the answer: in the {t.window}-night windows launches averaged "
        f"{fmt_count(round(t.mean_in_window, 1))} a night against "
        f"{fmt_count(round(t.mean_other, 1))} on other nights, but events cluster in the later "
        "months of the war, when every night was larger. That growth is removed by comparing "
        f"with placebo dates near each event (same season and trend: their windows show a gap "
        f"of {t.placebo_mean_effect:+.1f} on average) and by month fixed effects in the "
        f"regression; what is left over the placebos is {t.effect - t.placebo_mean_effect:+.1f} "
        "a night."
    )
