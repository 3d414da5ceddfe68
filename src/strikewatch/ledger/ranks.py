"""A night's ranks in its year and in all the data, counted by index in ``unit_totals``.

Why: the briefing ranked each count kind of a night with
:func:`strikewatch.analysis.records.rank_night`, which copies and sorts the whole nightly
series once per kind and scope (eight sorts of every night for one briefing). A rank is
"1 + the number of compared nights with a strictly larger value" (competition ranking,
docs/analysis.md), so six counts over the totals table answer it: the night's value, then,
for the year and for all nights, the larger ones up to the night ("at the time"), the larger
ones in the scope ("now") and the known ones in the scope. They are range counts on the
``(unit, kind)`` and ``(unit, night)`` indexes ("larger, all time, up to the night" is the
larger ones of all time less those after the night, a short range for a recent night);
nothing grows with the figures.

Only for unit ``night``, where each label is one row, so "up to the night" is "label on or
before it" exactly as the series' order gives it; anything else returns None and the caller
ranks the series.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, ScalarSelect, func, select

from strikewatch.ledger.schema import unit_totals
from strikewatch.tables import COUNT_KINDS


@dataclass(frozen=True)
class ScopeRank:
    """One scope's answer: ranks (None when the night's value is unknown) and how many
    nights with a known value the scope holds now."""

    rank_at_the_time: int | None
    rank_now: int | None
    nights_compared_now: int


def night_ranks(
    engine: Engine, night: dt.date, kinds: Sequence[str] = COUNT_KINDS
) -> dict[str, dict[str, ScopeRank]] | None:
    """Per count kind, the night's ranks in scopes ``year`` and ``all``, as ``rank_night``
    gives them on the nightly series, in two statements (the night's values, then every
    count); None when the label is not exactly one night row."""
    unknown = [k for k in kinds if k not in COUNT_KINDS]
    if unknown:
        raise ValueError(f"unknown count {unknown[0]!r}: use one of {', '.join(COUNT_KINDS)}")
    t = unit_totals
    is_night = t.c.unit == "night"
    with engine.connect() as conn:
        found = conn.execute(
            select(*(t.c[k] for k in kinds)).where(is_night, t.c.night == night)
        ).all()
        if len(found) != 1:
            return None
        values = dict(zip(kinds, found[0], strict=True))
        counts = [c for k in kinds for c in _counts(night, k, values[k])]
        row = iter(conn.execute(select(*counts)).one())
    out = {}
    for kind in kinds:
        year_known, all_known = int(next(row)), int(next(row))
        if values[kind] is None:
            out[kind] = {
                "year": ScopeRank(None, None, year_known),
                "all": ScopeRank(None, None, all_known),
            }
            continue
        year_t, year_now, later, larger = (int(next(row)) for _ in range(4))
        out[kind] = {
            "year": ScopeRank(1 + year_t, 1 + year_now, year_known),
            # the larger nights of all time, less those after the night
            "all": ScopeRank(1 + larger - later, 1 + larger, all_known),
        }
    return out


def _counts(night: dt.date, kind: str, value: float | None) -> list[ScalarSelect[int]]:
    """The counts one kind's ranks need: known nights in the year and in all; with a known
    value, the larger ones in the year up to the night, in the year, after the night, in
    all. ``value + 0`` keeps a window's count on the night index (a few hundred rows) rather
    than the kind index (every larger night of all time, each looked up)."""
    t = unit_totals
    col = t.c[kind]
    year = t.c.night.between(dt.date(night.year, 1, 1), dt.date(night.year, 12, 31))

    def count(*where: ColumnElement[bool]) -> ScalarSelect[int]:
        return select(func.count(col)).where(t.c.unit == "night", *where).scalar_subquery()

    known = [count(year), count()]
    if value is None:
        return known
    above = col + 0 > float(value)
    return [
        *known,
        count(year, t.c.night <= night, above),
        count(year, above),
        count(t.c.night > night, above),
        count(col > float(value)),
    ]
