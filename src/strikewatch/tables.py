"""The tidy tables that flow from the ledger to the analyses, and the count kinds.

Analyses never open the database: the ledger's query functions return these tables and
every analysis, briefing and web view works from them. Keeping the column contract in one
place lets the layers evolve separately.

``figures``: one row per (attack wave, weapon_class, model), resolved by ``strikewatch.resolve``:

    night (datetime64[ns], the wave's Kyiv-local label), weapon_class (str),
    components (str, comma-joined classes of a mixed figure, else the class), model (str),
    launched, launched_low, launched_high, destroyed, destroyed_low, destroyed_high,
    lost_ew, still_airborne, hit_locations, debris_locations (float, NaN = unknown),
    status (str), synthetic (bool),
    wave_key (str), wave_kind (overnight | daytime | multi-day), wave_start, wave_end
    (datetime64[ns, UTC], NaT for a date-only window)

``nightly``: one row per unit (:data:`UNITS`), produced by :func:`nightly_totals`:

    night (the wave's label, the night's label, or the day's date), drones, missiles,
    ballistic, cruise, total (launched), ``<kind>_destroyed`` / ``<kind>_lost_ew`` for each
    kind, synthetic (bool), unit, key (the wave key, or the date), kind (the wave kind for
    unit ``wave``, else None), start, end (UTC, NaT if unknown), waves (tuple of the wave
    keys summed), n_waves (int).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from strikewatch.domain import COUNT_KINDS, KYIV, MISSILE_CLASSES, NIGHT_KINDS, WeaponClass

if TYPE_CHECKING:  # pandas/numpy load only in the functions that use them (fast CLI start)
    import numpy as np
    import pandas as pd

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
    "wave_key",
    "wave_kind",
    "wave_start",
    "wave_end",
)

#: The units figures are totalled and ranked by (docs/decisions.md, "Attack waves"):
#: ``wave`` one report window, as the Air Force reports it; ``night`` the overnight (and
#: multi-day) waves of one label, summed; ``day`` the waves that started on one Kyiv date.
UNITS: tuple[str, ...] = ("wave", "night", "day")

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


#: The per-kind columns of a totals row: launched, destroyed and lost to EW for each kind.
TOTAL_COLUMNS: tuple[str, ...] = tuple(
    f"{kind}{suffix}" for kind in COUNT_KINDS for suffix in ("", "_destroyed", "_lost_ew")
)


@lru_cache(maxsize=4096)
def kinds_of_components(components: str) -> frozenset[str]:
    """:func:`kinds_of` for a stored comma-joined ``components`` string (cached: a ledger
    has a few dozen distinct strings and every totals row asks for them)."""
    return kinds_of(components.split(","))


def wave_day(label: dt.date, start: dt.datetime | None) -> dt.date:
    """The Kyiv date a wave started on (its label when the start is unknown): unit ``day``."""
    if start is None:
        return label
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    return start.astimezone(KYIV).date()


def _value(value: Any) -> float | None:
    """A stored count as a float, None when unknown (None or NaN)."""
    if value is None or value != value:
        return None
    return float(value)


#: Each kind's output columns: (kind, its destroyed column, its lost-to-EW column).
_KIND_COLUMNS = tuple((kind, f"{kind}_destroyed", f"{kind}_lost_ew") for kind in COUNT_KINDS)


def kind_totals(figures: Sequence[Mapping[str, Any]]) -> dict[str, float | None]:
    """The per-kind totals of one unit's figures, with :func:`nightly_totals`' rules:
    launched is unknown (None) when no figure of the kind has a known value and 0 when the
    unit has none of the kind; destroyed / lost to EW are unknown when a figure launched
    weapons without stating them, unless a group figure (launched unknown) carries them.

    Pure Python in one pass on purpose: the resolver writes these rows inside its
    transaction and the read paths of ``top``/``night`` never import pandas. Each kind's
    running state is one list, found by one lookup per figure and kind (this runs for
    every wave, night and day; separate dicts and sets per column were 0.9 s of 2 s of
    totalling the real file's figures five times, profiled); sums are added in figure
    order as before.
    """
    #: kind → [launched, destroyed, lost to EW sums (None: none known), destroyed gap,
    #: lost gap, destroyed carried, lost carried]
    state: dict[str, list[Any]] = {}
    for f in figures:
        get = f.get
        kinds = kinds_of_components(str(get("components") or ""))
        if not kinds:
            continue
        launched = _value(get("launched"))
        destroyed, lost_ew = _value(get("destroyed")), _value(get("lost_ew"))
        stated = launched is not None and launched > 0
        for kind in kinds:
            s = state.get(kind)
            if s is None:
                s = state[kind] = [None, None, None, False, False, False, False]
            if launched is not None:
                s[0] = (0.0 if s[0] is None else s[0]) + launched
            if destroyed is not None:
                s[1] = (0.0 if s[1] is None else s[1]) + destroyed
                if launched is None:
                    s[5] = True
            elif stated:
                s[3] = True
            if lost_ew is not None:
                s[2] = (0.0 if s[2] is None else s[2]) + lost_ew
                if launched is None:
                    s[6] = True
            elif stated:
                s[4] = True
    out: dict[str, float | None] = {}
    for kind, destroyed_name, lost_name in _KIND_COLUMNS:
        s = state.get(kind)
        if s is None:  # none of the kind: launched 0, so its outcomes are 0 too
            out[kind] = out[destroyed_name] = out[lost_name] = 0.0
            continue
        total_launched = out[kind] = s[0]
        for i, name in ((1, destroyed_name), (2, lost_name)):
            total = None if s[i + 2] and not s[i + 4] else s[i]
            if total is None and total_launched == 0:
                total = 0.0
            out[name] = total
    return out


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def unit_rows(figures: Iterable[Mapping[str, Any]], unit: str) -> list[dict[str, Any]]:
    """One totals row per ``unit`` (wave, night or day) of the given figures (plain dicts
    with the ``figures`` columns; ``night`` a date): the rows :func:`nightly_totals` gives,
    as plain values (None for unknown), plus ``label`` (the wave's or night's label) and
    ``day`` (a wave's :func:`wave_day`) for the incremental totals table.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for f in figures:
        label = f["night"]
        kind = f.get("wave_kind") or "overnight"
        if unit == "night" and kind not in NIGHT_KINDS:
            continue  # a daytime wave is never part of a night
        if unit == "wave":
            key: Any = f.get("wave_key") or f"{label.isoformat()}.overnight.date"
        elif unit == "day":
            key = wave_day(label, _aware(f.get("wave_start")))
        else:
            key = label
        groups.setdefault(key, []).append(f)
    return [_unit_row(key, group, unit) for key, group in groups.items()]


def _unit_row(key: Any, group: Sequence[Mapping[str, Any]], unit: str) -> dict[str, Any]:
    """One totals row of a group of figures; their windows, keys and flags in one loop."""
    first = group[0]
    starts: list[dt.datetime] = []
    ends: list[dt.datetime] = []
    keys: set[str] = set()
    synthetic = False
    for f in group:
        get = f.get
        start, end = _aware(get("wave_start")), _aware(get("wave_end"))
        if start is not None:
            starts.append(start)
        if end is not None:
            ends.append(end)
        keys.add(get("wave_key") or f"{f['night'].isoformat()}.overnight.date")
        synthetic = synthetic or bool(get("synthetic"))
    start = min(starts) if starts else None
    waves = sorted(keys)
    return {
        "night": first["night"] if unit != "day" else key,
        "synthetic": synthetic,
        **kind_totals(group),
        "unit": unit,
        "key": key if unit == "wave" else key.isoformat(),
        "kind": (first.get("wave_kind") or "overnight") if unit == "wave" else None,
        "start": start,
        "end": max(ends) if ends else None,
        "waves": waves,
        "n_waves": len(waves),
        "label": first["night"] if unit != "day" else None,
        "day": wave_day(first["night"], start) if unit == "wave" else None,
    }


def empty_figures() -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in FIGURE_COLUMNS})
    frame["night"] = pd.Series(dtype="datetime64[ns]")
    for col in ("weapon_class", "components", "model", "status"):
        frame[col] = pd.Series(dtype="object")
    frame["synthetic"] = pd.Series(dtype="bool")
    frame["wave_key"] = pd.Series(dtype="object")
    frame["wave_kind"] = pd.Series(dtype="object")
    frame["wave_start"] = pd.Series(dtype="datetime64[ns, UTC]")
    frame["wave_end"] = pd.Series(dtype="datetime64[ns, UTC]")
    return frame


def _unit_groups(
    figures: pd.DataFrame, unit: str
) -> tuple[pd.DataFrame, dict[str, np.ndarray], np.ndarray, int]:
    """The rows that take part in ``unit``, their wave columns as arrays, each row's group
    code (in time order) and the number of groups. Frames without wave columns
    (hand-built tables) are one overnight wave per night. No copy of the frame is made
    unless rows are dropped (a snapshot's table is large and read on every request).
    """
    import numpy as np
    import pandas as pd

    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(UNITS)}")
    night = pd.DatetimeIndex(pd.to_datetime(figures["night"])).to_numpy("datetime64[ns]")
    nrows = len(figures)
    if "wave_kind" in figures:
        kind = figures["wave_kind"].to_numpy(dtype=object)
        kind = np.where(pd.isna(kind), "overnight", kind)
    else:
        kind = np.full(nrows, "overnight", dtype=object)
    cols: dict[str, np.ndarray] = {"night": night, "kind": kind}
    for col in ("wave_start", "wave_end"):
        if col in figures:
            cols[col] = pd.DatetimeIndex(pd.to_datetime(figures[col], utc=True)).to_numpy(
                "datetime64[ns]"
            )
        else:
            cols[col] = np.full(nrows, np.datetime64("NaT"), dtype="datetime64[ns]")
    key = figures["wave_key"].to_numpy(dtype=object) if "wave_key" in figures else None
    if key is None or pd.isna(key).any():
        label = pd.DatetimeIndex(night).strftime("%Y-%m-%d").to_numpy(dtype=object)
        label = label + ".overnight.date"
        key = label if key is None else np.where(pd.isna(key), label, key)
    cols["wave_key"] = key
    if unit == "night":
        keep = np.isin(kind, list(NIGHT_KINDS))
        if not keep.all():
            figures = figures[keep]
            cols = {k: v[keep] for k, v in cols.items()}
    elif unit == "day":
        start = pd.DatetimeIndex(cols["wave_start"]).tz_localize("UTC").tz_convert(KYIV)
        day = start.tz_localize(None).normalize().to_numpy("datetime64[ns]")
        cols["night"] = np.where(np.isnat(day), cols["night"], day)
    if unit == "wave":
        order = pd.DataFrame(
            {"night": cols["night"], "start": cols["wave_start"], "key": cols["wave_key"]}
        )
        codes = order.groupby(["night", "start", "key"], sort=True, dropna=False).ngroup()
        codes_arr = codes.to_numpy()
        return figures, cols, codes_arr, int(codes_arr.max()) + 1 if len(codes_arr) else 0
    night_codes, nights = pd.factorize(cols["night"], sort=True)
    return figures, cols, night_codes, len(nights)


def _unit_meta(cols: dict[str, np.ndarray], codes: np.ndarray, n: int) -> pd.DataFrame:
    """Per-group label, window, kind and the waves summed (one row per group code).

    Plain numpy reductions over the rows sorted by group: pandas' groupby costs tens of
    milliseconds even on a one-night table, and a night page computes this per request.
    """
    import numpy as np
    import pandas as pd

    keys = cols["wave_key"].astype(str)
    order = np.lexsort((keys, codes))
    c, k = codes[order], keys[order]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]]) if len(c) else np.array([], int)
    big, small = np.iinfo(np.int64).max, np.iinfo(np.int64).min

    def reduce(values: np.ndarray, how: str) -> np.ndarray:
        v = values[order].astype("datetime64[ns]").view("int64")
        if how == "min":
            v = np.where(v == small, big, v)  # NaT is ignored
            out = np.minimum.reduceat(v, starts) if len(v) else v
            out = np.where(out == big, small, out)
        else:
            out = np.maximum.reduceat(v, starts) if len(v) else v
        return out.view("datetime64[ns]")

    meta = pd.DataFrame(
        {
            "night": reduce(cols["night"], "min"),
            "start": pd.DatetimeIndex(reduce(cols["wave_start"], "min")).tz_localize("UTC"),
            "end": pd.DatetimeIndex(reduce(cols["wave_end"], "max")).tz_localize("UTC"),
            "kind": cols["kind"][order][starts],
        }
    )
    fresh = np.r_[True, (c[1:] != c[:-1]) | (k[1:] != k[:-1])] if len(c) else np.array([], bool)
    counts = np.bincount(c[fresh], minlength=n)
    meta["waves"] = [tuple(p) for p in np.split(k[fresh], np.cumsum(counts)[:-1])]
    meta["n_waves"] = counts.astype("int64")
    return meta


def nightly_totals(figures: pd.DataFrame, unit: str = "night") -> pd.DataFrame:
    """Sum figures into one row per ``unit`` (wave, night or day) for each count kind.

    ``night`` (the default) sums the overnight and multi-day waves of one label; a daytime
    wave is never part of a night. ``wave`` keeps one row per attack wave (several rows may
    share a label); ``day`` sums the waves that started on one Kyiv date. Every row lists
    the waves it summed (``waves``, ``n_waves``).

    A kind's launched total is NaN (unknown) when no figure of that kind has a known
    launched value; it is 0 only when the unit has figures and none belong to the kind.
    Destroyed and lost-to-EW totals are NaN when any figure of the kind launched weapons
    without stating that outcome: a partial sum would understate the share. Kinds are
    computed once per distinct ``components`` string and sums are ``bincount`` reductions,
    so a million-figure table takes a fraction of a second.
    """
    import numpy as np
    import pandas as pd

    columns = ["night", "synthetic"]
    for kind in COUNT_KINDS:
        columns += [kind, f"{kind}_destroyed", f"{kind}_lost_ew"]
    columns += ["unit", "key", "kind", "start", "end", "waves", "n_waves"]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    figures, cols, night_codes, n = _unit_groups(figures, unit)
    if figures.empty:
        return pd.DataFrame(columns=columns)
    comps = figures["components"].fillna("").astype(str)
    codes, uniques = pd.factorize(comps)
    kind_sets = [kinds_of(u.split(",")) for u in uniques]
    meta = _unit_meta(cols, night_codes, n)
    out = pd.DataFrame({"night": pd.DatetimeIndex(meta["night"]).astype("datetime64[ns]")})
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
        # A unit with figures but none of this kind launched 0 of it.
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
    out["unit"] = unit
    if unit == "wave":
        out["key"] = [w[0] for w in meta["waves"]]
    else:
        out["key"] = out["night"].dt.strftime("%Y-%m-%d")
    for col in ("start", "end", "waves", "n_waves"):
        out[col] = meta[col].to_numpy()
    # The wave's kind for unit ``wave``; a night or a day may mix kinds.
    out["kind"] = meta["kind"].to_numpy() if unit == "wave" else None
    return out


def combined_totals(figures: pd.DataFrame) -> pd.Series | None:
    """One row of totals over exactly the given figures, whatever their waves (None if
    empty): what a night page or briefing shows for the waves it answers with."""
    import pandas as pd

    if figures.empty:
        return None
    frame = figures.assign(night=pd.to_datetime(figures["night"]).min(), wave_kind="overnight")
    totals = nightly_totals(frame, "night")
    return None if totals.empty else totals.iloc[0]


def _sum_min_count(codes: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per-code sums of the known values; NaN where a code has no known value."""
    import numpy as np

    known = ~np.isnan(values)
    sums = np.bincount(codes[known], weights=values[known], minlength=n)
    count = np.bincount(codes[known], minlength=n)
    return np.where(count > 0, sums, np.nan)


def top_nights(
    nightly: pd.DataFrame, by: str, *, year: int | None = None, n: int = 10
) -> pd.DataFrame:
    """The largest nights by a count kind, with standard competition ranks (1, 2, 2, 4)."""
    import pandas as pd

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
