"""Reporting regimes: the catalog, the detector on the real data, and its warnings."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from strikewatch.analysis.regimes import apply_regimes, catalog, regime_of, regimes_report
from strikewatch.commands import analyze


def test_catalog_is_ordered_and_sourced() -> None:
    regs = catalog()
    assert [r.id for r in regs] == ["shot_down_only", "ew_separate", "ew_folded"]
    assert all(r.source and r.what for r in regs)
    assert regime_of(["2025-07-23", "2025-07-24", "2020-01-01"]).tolist() == [
        "ew_separate",
        "ew_folded",
        "shot_down_only",
    ]


def test_detector_finds_the_catalogued_breaks_on_the_real_data(real_figures) -> None:  # type: ignore[no-untyped-def]
    r = regimes_report(real_figures)
    # the 2024 start was gradual (a few nights from 2024-07-10): within the tolerance
    assert abs((r.detected[0]["night"] - dt.date(2024, 8, 21)).days) <= r.tolerance_days
    assert r.detected[1]["night"] == dt.date(2025, 7, 24)  # the folding is sharp
    assert len(r.detected) == 2
    assert [b["catalogued_as"] for b in r.detected] == ["ew_separate", "ew_folded"]
    assert r.warnings == []
    months = {m["month"]: m for m in r.monthly}
    assert months["2025-06"]["share_given"] == 1.0 and months["2025-08"]["share_given"] == 0.0


def test_a_break_the_catalog_lacks_is_warned_about(real_figures) -> None:  # type: ignore[no-untyped-def]
    f = real_figures.copy()
    gap = (f["night"] >= "2024-12-01") & (f["night"] < "2025-03-01")
    f.loc[gap, "lost_ew"] = 0.0  # pretend the source stopped giving it for a winter
    r = regimes_report(f)
    uncatalogued = [b for b in r.detected if b["catalogued_as"] is None]
    assert uncatalogued, r.detected
    assert any("does not list" in w for w in r.warnings)


def test_lost_ew_the_source_stopped_giving_is_unknown_not_zero(real_figures) -> None:  # type: ignore[no-untyped-def]
    f = apply_regimes(real_figures[real_figures["weapon_class"] == "strike_drone"])
    aug = f[(f["night"] >= "2025-08-01") & (f["night"] < "2025-09-01")]
    assert aug["lost_ew"].isna().all()
    assert (aug["stopped"] == aug["destroyed"]).all()
    june = f[(f["night"] >= "2025-06-01") & (f["night"] < "2025-07-01")]
    assert np.allclose(june["stopped"], june["destroyed"] + june["lost_ew"], equal_nan=True)
    early = f[f["night"] < pd.Timestamp("2024-01-01")]
    assert early["stopped"].isna().all()  # lost to EW not given: stopped is unknown


def test_regimes_command_json(real_ledger_path) -> None:  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(analyze.app, ["regimes", "--db", str(real_ledger_path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {c["id"] for c in data["catalogued"]} == {"shot_down_only", "ew_separate", "ew_folded"}
    assert [d["catalogued_as"] for d in data["detected"]] == ["ew_separate", "ew_folded"]
