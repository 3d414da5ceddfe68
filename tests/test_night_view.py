"""The terminal view of a night: dataset rows as ranges, whole names and numbers in 80
columns, and no column that is unknown for every figure."""

from __future__ import annotations

from strikewatch.commands.night_view import print_night, row_ranges
from strikewatch.output import console


def test_row_ranges() -> None:
    assert row_ranges([5360, 5361, 5362, 5365]) == "5360-5362, 5365"
    assert row_ranges([8, 1, 2, 3, 7]) == "1-3, 7-8"
    assert row_ranges([4]) == "4"
    assert row_ranges([]) == ""


def _figure(cls: str, model: str, launched: int, rows: list[int]) -> dict[str, object]:
    return {
        "weapon_class": cls,
        "model": model,
        "launched": launched,
        "destroyed": launched - 1,
        "lost_ew": None,
        "status": "reported",
        "sources": [{"row_number": r, "level": "dataset", "url": None} for r in rows],
        "supporting": [],
    }


def test_night_view_keeps_names_and_numbers_whole() -> None:
    detail = {
        "night": "2025-03-09",
        "synthetic": False,
        "waves": [],
        "figures": [
            _figure("ballistic_missile", "Iskander-M/KN-23", 8, [5363]),
            _figure("strike_drone", "Shahed-136/131", 1326, [5360, 5361, 5362, 5365]),
        ],
        "totals": {},
        "regions": [],
        "text_claims": [],
    }
    with console.capture() as cap:  # not a terminal: 80 columns
        print_night(detail, ["weapon_class", "model", "launched", "destroyed", "lost_ew", "status"])
    out = cap.get()
    assert "…" not in out
    assert "1,326" in out and "1,325" in out
    assert "5360-5362," in out and "5365" in out
    assert "lost (EW)" not in out  # unknown for every figure: no column of dashes
    assert "ballistic" in out and "strike" in out
