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


def night_ranks(engine: Engine, night: dt.date, by: str) -> dict[str, ScopeRank] | None:
    """The night's ranks by ``by`` in scopes ``year`` and ``all``, as ``rank_night`` gives
    them on the nightly series; None when the label is not exactly one night row."""
    if by not in COUNT_KINDS:
        raise ValueError(f"unknown count {by!r}: use one of {', '.join(COUNT_KINDS)}")
    t = unit_totals
    value_col = t.c[by]
    is_night = t.c.unit == "night"
    with engine.connect() as conn:
        values = conn.execute(select(value_col).where(is_night, t.c.night == night)).all()
        if len(values) != 1:
            return None
        value = values[0][0]
        year = t.c.night.between(dt.date(night.year, 1, 1), dt.date(night.year, 12, 31))

        def count(*where: ColumnElement[bool]) -> ScalarSelect[int]:
            return select(func.count(value_col)).where(is_night, *where).scalar_subquery()

        # ``value + 0`` keeps a window's count on the night index (a few hundred rows)
        # rather than the kind index (every larger night of all time, each looked up).
        later = t.c.night > night
        known = [count(year), count()]
        ranked = (
            []
            if value is None
            else [
                count(year, t.c.night <= night, value_col + 0 > float(value)),
                count(year, value_col + 0 > float(value)),
                count(later, value_col + 0 > float(value)),
                count(value_col > float(value)),
            ]
        )
        row = conn.execute(select(*known, *ranked)).one()
    year_known, all_known = int(row[0]), int(row[1])
    if value is None:
        return {
            "year": ScopeRank(None, None, year_known),
            "all": ScopeRank(None, None, all_known),
        }
    year_t, year_now = 1 + int(row[2]), 1 + int(row[3])
    all_now = 1 + int(row[5])
    all_t = all_now - int(row[4])  # larger nights of all, less those after the night
    return {
        "year": ScopeRank(year_t, year_now, year_known),
        "all": ScopeRank(all_t, all_now, all_known),
    }
