"""The nightly totals contract: unknown stays unknown, mixed figures never inflate a kind."""

from __future__ import annotations

import numpy as np
import pandas as pd

from strikewatch.tables import FIGURE_COLUMNS, kinds_of, nightly_totals, top_nights

NAN = float("nan")


def frame(rows: list[dict]) -> pd.DataFrame:
    full = []
    for r in rows:
        base = {c: NAN for c in FIGURE_COLUMNS}
        base.update({"status": "official", "synthetic": False, "model": r.get("weapon_class")})
        base["components"] = r.get("components", r["weapon_class"])
        base.update(r)
        full.append(base)
    out = pd.DataFrame(full)
    out["night"] = pd.to_datetime(out["night"])
    return out


def test_kinds_of_mixed_figures() -> None:
    assert kinds_of(["strike_drone"]) == {"drones", "total"}
    assert kinds_of(["ballistic_missile", "aeroballistic_missile"]) == {
        "missiles",
        "ballistic",
        "total",
    }
    assert kinds_of(["ballistic_missile", "cruise_missile"]) == {"missiles", "total"}
    assert kinds_of(["strike_drone", "loitering_munition"]) == frozenset()
    assert kinds_of(["anti_ship_missile"]) == {"missiles", "cruise", "total"}


def test_unknown_outcomes_make_the_total_unknown() -> None:
    table = frame(
        [
            {
                "night": "2025-01-02",
                "weapon_class": "strike_drone",
                "launched": 100,
                "destroyed": 80,
                "lost_ew": 10,
            },
            {
                "night": "2025-01-02",
                "weapon_class": "cruise_missile",
                "launched": 10,
                "destroyed": 9,
            },
            {
                "night": "2025-01-02",
                "weapon_class": "ballistic_missile",
                "launched": 4,
            },  # destroyed unknown
            {
                "night": "2025-01-03",
                "weapon_class": "strike_drone",
                "launched": 50,
                "destroyed": 50,
                "lost_ew": 0,
            },
        ]
    )
    out = nightly_totals(table).set_index("night")
    first, second = out.loc["2025-01-02"], out.loc["2025-01-03"]
    assert (first["drones"], first["missiles"], first["total"]) == (100, 14, 114)
    assert first["drones_destroyed"] == 80
    assert np.isnan(first["missiles_destroyed"])  # a partial sum would overstate the share
    assert first["cruise_destroyed"] == 9
    assert np.isnan(first["missiles_lost_ew"])
    assert (second["missiles"], second["missiles_destroyed"]) == (0, 0)  # none of the kind: 0


def test_compound_group_row_carries_the_outcome_of_its_split_parts() -> None:
    table = frame(
        [
            {
                "night": "2024-12-25",
                "weapon_class": "cruise_missile",
                "model": "Kh-101/Kh-555",
                "launched": 50,
            },
            {
                "night": "2024-12-25",
                "weapon_class": "cruise_missile",
                "model": "Kalibr",
                "launched": 12,
            },
            {
                "night": "2024-12-25",
                "weapon_class": "cruise_missile",
                "model": "Kh-101/Kh-555 + Kalibr",
                "destroyed": 55,
            },
        ]
    )
    out = nightly_totals(table).iloc[0]
    assert (out["cruise"], out["cruise_destroyed"]) == (62, 55)


def test_top_nights_uses_competition_ranking() -> None:
    table = frame(
        [
            {
                "night": f"2025-03-0{i}",
                "weapon_class": "strike_drone",
                "launched": v,
                "destroyed": v,
            }
            for i, v in enumerate([300, 500, 500, 200], start=1)
        ]
    )
    top = top_nights(nightly_totals(table), "drones", year=2025, n=4)
    assert list(top["rank"]) == [1, 1, 3, 4]
    assert list(top["value"]) == [500, 500, 300, 200]
