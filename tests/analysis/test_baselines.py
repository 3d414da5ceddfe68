"""A night's interception baselines: one shares call for all of them, same figures as one each."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from strikewatch.analysis.baselines import MIN_BASELINE_NIGHTS, MIN_LAUNCHED, night_interception
from strikewatch.analysis.regimes import nightly_regime, regime_of
from strikewatch.analysis.shares import clustered_shares


def _one_call(nightly: pd.DataFrame, kind: str, night: pd.Timestamp, days: int) -> dict | None:
    """The pooled share of one baseline, computed alone (as before the batching)."""
    rows = nightly_regime(nightly, kind)
    window = rows[(rows["night"] < night) & (rows["night"] >= night - pd.Timedelta(days=days))]
    mine = window[window["regime"] == regime_of([night])[0]]
    ok = mine[(mine["launched"] >= MIN_LAUNCHED) & mine["destroyed"].notna()]
    if len(ok) < MIN_BASELINE_NIGHTS:
        return None
    s = clustered_shares(ok.assign(g=0), ["g"], "destroyed", "launched").iloc[0]
    usual = np.percentile(ok["share_destroyed"], [5, 95])
    return {
        "nights": len(ok),
        "share": float(s["share"]),
        "low": float(s["low"]),
        "high": float(s["high"]),
        "usual_low": float(usual[0]),
        "usual_high": float(usual[1]),
    }


def test_batched_baselines_are_the_single_call_figures_bit_for_bit(nightly_real) -> None:  # type: ignore[no-untyped-def]
    nights = pd.to_datetime(nightly_real["night"])
    chosen = [nights.iloc[i] for i in range(0, len(nights), 37)] + [nights.iloc[-1]]
    compared = 0
    for night in chosen:
        for entry in night_interception(nightly_real, night):
            if entry.get("share") is None:
                assert "sentence" not in entry and entry["note"]
                continue
            assert entry["sentence"]
            for days in (30, 365):
                base = entry[f"baseline_{days}"]
                alone = _one_call(nightly_real, entry["kind"], night, days)
                if alone is None:  # too few nights: unknown, never a guessed share
                    assert base["share"] is None and base["low"] is None
                    assert base["verdict"] == "no baseline"
                    continue
                got = {k: base[k] for k in alone}
                assert json.dumps(got) == json.dumps(alone), (night, entry["kind"], days)
                compared += 1
    assert compared > 40  # the check ran on real baselines, of several kinds and windows
