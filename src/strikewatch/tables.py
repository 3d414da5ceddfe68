"""The tidy tables that flow from the ledger to the analyses, and the count kinds.

Analyses never open the database: the ledger's query functions return these tables and
every analysis, briefing and web view works from them. Keeping the column contract in one
place lets the layers evolve separately.

``figures``: one row per (night, weapon_class, model), resolved by ``strikewatch.resolve``:

    night (datetime64[ns], the Kyiv-local morning date), weapon_class (str),
    components (str, comma-joined classes of a mixed figure, else the class), model (str),
    launched, launched_low, launched_high, destroyed, destroyed_low, destroyed_high,
    lost_ew, still_airborne, hit_locations, debris_locations (float, NaN = unknown),
    status (str), synthetic (bool)

``nightly``: one row per night, produced by :func:`nightly_totals`:

    night, drones, missiles, ballistic, cruise, total (launched), and
    ``<kind>_destroyed`` / ``<kind>_lost_ew`` for each kind, synthetic (bool).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from strikewatch.domain import MISSILE_CLASSES, WeaponClass

FIGURE_COLUMNS: tuple[str, ...] = (
    "night",
    "weapon_class",
    "components",
    "model",
    "launched",
    "launched_low",
    "launched_high",
    "destroyed",
    "destroyed_low",
    "destroyed_high",
    "lost_ew",
    "still_airborne",
    "hit_locations",
    "debris_locations",
    "status",
    "synthetic",
)

#: The context-events table (``ledger.queries.context_events`` and ``analysis.events_io``).
EVENT_COLUMNS: tuple[str, ...] = (
    "date",
    "end_date",
    "kind",
    "title",
    "actors",
    "source_url",
    "note",
    "origin",
    "verified",
)

#: The count kinds used by ``top``, ``analyze rank`` and the claim checker.
#: drones: strike drones (Shahed/Geran family and decoys) as the national command counts them.
#: missiles: every missile class. ballistic: ballistic + aeroballistic (Kinzhal).
#: cruise: cruise + anti-ship cruise missiles (Kalibr, Kh-101, Oniks, Zircon).
#: total: drones + missiles.
COUNT_KINDS: tuple[str, ...] = ("drones", "missiles", "ballistic", "cruise", "total")

_BALLISTIC = frozenset({WeaponClass.BALLISTIC_MISSILE, WeaponClass.AEROBALLISTIC_MISSILE})
_CRUISE = frozenset({WeaponClass.CRUISE_MISSILE, WeaponClass.ANTI_SHIP_MISSILE})


def kinds_of(components: Iterable[str]) -> frozenset[str]:
    """The count kinds a figure contributes to, given its component classes.

    A mixed figure ("C-300 and Iskander-M") counts toward a kind only when every component
    belongs to it, so that mixed drone+missile figures never inflate either count.
    """
    classes = {WeaponClass(c) for c in components if c}
    if not classes:
        return frozenset()
    kinds: set[str] = set()
    if classes <= {WeaponClass.STRIKE_DRONE}:
        kinds.update({"drones", "total"})
    if classes <= MISSILE_CLASSES:
        kinds.update({"missiles", "total"})
    if classes <= _BALLISTIC:
        kinds.add("ballistic")
    if classes <= _CRUISE:
        kinds.add("cruise")
    return frozenset(kinds)


def empty_figures() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in FIGURE_COLUMNS})
    frame["night"] = pd.Series(dtype="datetime64[ns]")
    for col in ("weapon_class", "components", "model", "status"):
        frame[col] = pd.Series(dtype="object")
    frame["synthetic"] = pd.Series(dtype="bool")
    return frame


def nightly_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """Sum figures into one row per night for each count kind.

    A kind's launched total is NaN (unknown) when no figure of that kind has a known
    launched value; it is 0 only when the night has figures and none belong to the kind.
    Destroyed and lost-to-EW totals are NaN when any figure of the kind launched weapons
    without stating that outcome: a partial sum would understate the share. Kinds are
    computed once per distinct ``components`` string and sums are ``bincount`` reductions,
    so a million-figure table takes a fraction of a second.
    """
    columns = ["night", "synthetic"]
    for kind in COUNT_KINDS:
        columns += [kind, f"{kind}_destroyed", f"{kind}_lost_ew"]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    comps = figures["components"].fillna("").astype(str)
    codes, uniques = pd.factorize(comps)
    kind_sets = [kinds_of(u.split(",")) for u in uniques]
    night_codes, nights = pd.factorize(figures["night"], sort=True)
    n = len(nights)
    out = pd.DataFrame({"night": pd.DatetimeIndex(nights).astype("datetime64[ns]")})
    syn = (
        figures["synthetic"].fillna(False).astype(bool).to_numpy()
        if "synthetic" in figures
        else np.zeros(len(figures), bool)
    )
    out["synthetic"] = np.bincount(night_codes, weights=syn, minlength=n) > 0
    launched_all = figures["launched"].to_numpy(dtype="float64")
    for kind in COUNT_KINDS:
        member = np.array([kind in s for s in kind_sets], dtype=bool)
        rows = member[codes] if len(member) else np.zeros(len(figures), bool)
        nc = night_codes[rows]
        has_kind = np.bincount(nc, minlength=n) > 0
        launched = launched_all[rows]
        launched_sum = _sum_min_count(nc, launched, n)
        # A night with figures but none of this kind launched 0 of it.
        launched_sum = np.where(~has_kind, 0.0, launched_sum)
        out[kind] = launched_sum
        for column, suffix in (("destroyed", "_destroyed"), ("lost_ew", "_lost_ew")):
            vals = figures[column].to_numpy(dtype="float64")[rows]
            sums = _sum_min_count(nc, vals, n)
            # Unknown when a figure launched weapons without this outcome, unless a compound
            # row's group figure (launched unknown, outcome known) carries it.
            gap = np.bincount(nc, weights=(launched > 0) & np.isnan(vals), minlength=n) > 0
            carrier = np.bincount(nc, weights=np.isnan(launched) & ~np.isnan(vals), minlength=n) > 0
            sums = np.where(gap & ~carrier, np.nan, sums)
            sums = np.where(np.isnan(sums) & (launched_sum == 0), 0.0, sums)
            out[f"{kind}{suffix}"] = sums
    return out


def _sum_min_count(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per-code sums of the known values; NaN where a code has no known value."""
    known = ~np.isnan(values)
    sums = np.bincount(codes[known], weights=values[known], minlength=n)
    count = np.bincount(codes[known], minlength=n)
    return np.where(count > 0, sums, np.nan)


def top_nights(
    nightly: pd.DataFrame, by: str, *, year: int | None = None, n: int = 10
) -> pd.DataFrame:
    """The largest nights by a count kind, with standard competition ranks (1, 2, 2, 4)."""
    if by not in COUNT_KINDS:
        raise ValueError(f"unknown count kind {by!r}; choose one of {', '.join(COUNT_KINDS)}")
    frame = nightly
    if year is not None and not frame.empty:
        frame = frame[pd.to_datetime(frame["night"]).dt.year == year]
    frame = frame[frame[by].notna()].copy()
    frame["value"] = frame[by]
    frame["rank"] = frame["value"].rank(method="min", ascending=False).astype(int)
    frame = frame.sort_values(["rank", "night"]).head(n)
    return frame[["night", "value", "rank", "synthetic"]].reset_index(drop=True)
