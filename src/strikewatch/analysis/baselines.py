"""One night's interception against trailing baselines of its own reporting regime.

Used by the briefing (and the same-regime window by the watch rule). Why like with like: in
2025 the source folded drones lost to EW into "shot down/suppressed", so a night of the new
regime compared with a year of the old one looks like a leap in skill (95.1% "above the
trailing 365 nights (56.0%)" on 2025-08-21) that is only a change of wording. Each baseline
keeps only the trailing nights of the night's regime and says how many there were.

A night is judged against the *spread of nights* (5th–95th percentile of the trailing
nightly shares, nights with at least ``MIN_LAUNCHED``), because the question is whether
this night is unusual; the baseline's pooled share carries its night-clustered interval
(:mod:`strikewatch.analysis.shares`) for the reader, not for the verdict.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from strikewatch.analysis.binomial import wilson
from strikewatch.analysis.regimes import by_id, nightly_regime, regime_of
from strikewatch.analysis.shares import METHOD, clustered_shares
from strikewatch.numfmt import fmt_count, fmt_interval, fmt_share

MIN_LAUNCHED = 10
MIN_BASELINE_NIGHTS = 5
KINDS = ("drones", "missiles", "ballistic", "cruise")


def _window(rows: pd.DataFrame, night: pd.Timestamp, days: int) -> tuple[dict[str, Any], Any]:
    """A baseline without its shares yet, and the nights to compute them from (None when
    fewer than ``MIN_BASELINE_NIGHTS``): the trailing nights of the night's own regime."""
    since = night - pd.Timedelta(days=days)
    window = rows[(rows["night"] < night) & (rows["night"] >= since)]
    regime = regime_of([night])[0]
    mine = window[window["regime"] == regime]
    ok = mine[(mine["launched"] >= MIN_LAUNCHED) & mine["destroyed"].notna()]
    out: dict[str, Any] = {
        "regime": regime,
        "nights": len(ok),
        "nights_other_regimes_left_out": int((window["regime"] != regime).sum()),
        "share": None,
        "low": None,
        "high": None,
        "usual_low": None,
        "usual_high": None,
        "method": METHOD,
        "verdict": "no baseline",
    }
    return out, (ok if len(ok) >= MIN_BASELINE_NIGHTS else None)


def _finish(out: dict[str, Any], ok: pd.DataFrame, s: pd.Series, share: float) -> dict[str, Any]:
    """The baseline with its pooled share ``s`` (a row of ``clustered_shares``) and verdict."""
    usual_low, usual_high = (float(x) for x in np.percentile(ok["share_destroyed"], [5, 95]))
    verdict = (
        "above the usual range of"
        if share > usual_high
        else "below the usual range of"
        if share < usual_low
        else "within the usual range of"
    )
    return out | {
        "share": float(s["share"]),
        "low": float(s["low"]),
        "high": float(s["high"]),
        "usual_low": usual_low,
        "usual_high": usual_high,
        "verdict": verdict,
    }


def _fill_baselines(entries: list[dict[str, Any]], todo: list[tuple[Any, ...]]) -> None:
    """Every baseline's pooled share from one ``clustered_shares`` call, a group per
    baseline: groups are computed independently (each one's rows in their own order), so
    the figures are those of one call per baseline, without eight calls' pandas overhead
    (0.4 s of a first briefing on a large ledger)."""
    if not todo:
        return
    frames = [ok.assign(g=i) for i, (_, _, _, ok) in enumerate(todo)]
    shares = clustered_shares(pd.concat(frames), ["g"], "destroyed", "launched")
    by_group = shares.set_index("g")
    for i, (e, key, out, ok) in enumerate(todo):
        row = cast(pd.Series, by_group.loc[i])  # one row per group: a Series
        entries[e][key] = _finish(out, ok, row, entries[e]["share"])


def night_interception(
    nightly: pd.DataFrame, night: pd.Timestamp, windows: tuple[int, ...] = (30, 365)
) -> list[dict[str, Any]]:
    """Per count kind: the night's shares and same-regime baselines, with a sentence.

    Only the nights of the longest window and the night itself are put in regime terms
    (each row's regime and shares depend on that row alone): the whole series was four
    regime tables and eight window masks over every night of the ledger."""
    out: list[dict[str, Any]] = []
    todo: list[tuple[int, str, dict[str, Any], pd.DataFrame]] = []
    if len(nightly):
        nights = pd.to_datetime(nightly["night"])
        since = night - pd.Timedelta(days=max(windows, default=0))
        nightly = nightly[(nights >= since) & (nights <= night)]
    for kind in KINDS:
        rows = nightly_regime(nightly, kind)
        this = rows[rows["night"] == night]
        if this.empty:
            break
        r = this.iloc[0]
        if np.isnan(r["launched"]) or r["launched"] <= 0:
            continue
        entry: dict[str, Any] = {"kind": kind, "launched": float(r["launched"])}
        entry["regime"] = r["regime"]
        if np.isnan(r["destroyed"]):
            out.append(entry | {"share": None, "note": "destroyed count not reported"})
            continue
        lo, hi = wilson(np.array([r["destroyed"]]), np.array([r["launched"]]))
        entry |= {
            "destroyed": float(r["destroyed"]),
            "share": float(r["share_destroyed"]),
            "low": float(lo[0]),
            "high": float(hi[0]),
            "interval_note": "binomial interval of this night's own weapons",
            "lost_ew": None if np.isnan(r["lost_ew"]) else float(r["lost_ew"]),
            "share_stopped": None if np.isnan(r["share_stopped"]) else float(r["share_stopped"]),
        }
        for days in windows:
            base, ok = _window(rows, night, days)
            entry[f"baseline_{days}"] = base
            if ok is not None:
                todo.append((len(out), f"baseline_{days}", base, ok))
        out.append(entry)
    _fill_baselines(out, todo)
    for entry in out:
        if "sentence" not in entry and entry.get("share") is not None:
            entry["sentence"] = _sentence(entry, windows)
    return out


def _sentence(e: dict[str, Any], windows: tuple[int, ...]) -> str:
    regime = by_id(e["regime"])
    what = {
        "folded": "shot down/suppressed",
        "separate": "shot down",
        "not_given": "shot down",
    }[regime.lost_ew]
    parts = [
        f"{fmt_count(e['destroyed'])} of {fmt_count(e['launched'])} {e['kind']} {what} "
        f"({fmt_share(e['share'])})"
    ]
    if regime.lost_ew == "separate" and e.get("share_stopped") is not None:
        parts.append(f", {fmt_share(e['share_stopped'])} stopped with those lost to EW")
    compared: list[str] = []
    seen: set[int] = set()
    for days in windows:
        b = e[f"baseline_{days}"]
        if b["share"] is None:
            compared.append(f"too few nights of this regime in the last {days} for a baseline")
            continue
        if b["nights"] in seen:  # the regime is younger than this window: same nights again
            continue
        seen.add(b["nights"])
        left = b["nights_other_regimes_left_out"]
        scope = f"the last {days} nights in this reporting regime ({b['nights']} nights"
        scope += f"; {left} of another regime left out)" if left else ")"
        compared.append(
            f"{b['verdict'].replace(' of', '')} of {scope}: usual nights "
            f"{fmt_interval(b['usual_low'], b['usual_high'])}, pooled {fmt_share(b['share'])}"
        )
    if all(e[f"baseline_{d}"]["share"] is None for d in windows):
        compared = ["too few nights in this reporting regime for a baseline"]
    return (
        "".join(parts) + "; " + "; ".join(compared) + f" (regime {regime.id} since {regime.start})."
    )
