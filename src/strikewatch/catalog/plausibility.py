"""Bounds and plausibility checks for every value a write path may store (catalog data).

Two kinds of check, both read from ``catalog/data/plausibility.yaml``:

* **Bounds** on nights and report times (2022-02-24 to a day after now). Outside them a value
  is an input error at every write path (CSV import, text ingest, JSON Lines, the API) and is
  never stored: the ledger can then only hold dates every analysis can handle.
* **Plausibility** of counts (0 ≤ n ≤ a ceiling per outcome, destroyed ≤ launched + a
  tolerance). An implausible count is a warning naming its row and field; the claim is
  flagged ``implausible`` and the resolver leaves it out of figures, records and rankings.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from strikewatch.catalog._text import load_yaml
from strikewatch.domain import Claim, ClaimFields, ClaimKind, Outcome

IMPLAUSIBLE = "implausible"


@dataclass(frozen=True)
class Bounds:
    first_night: dt.date
    days_after_now: int
    synthetic_last: dt.date
    ceilings: dict[str, float]
    over_absolute: float
    over_relative: float

    def last_night(self, now: dt.datetime | None = None) -> dt.date:
        if now is None:
            return _last_night(int(time.time() // 60), self.days_after_now)
        return now.date() + dt.timedelta(days=self.days_after_now)


@lru_cache(maxsize=4)
def _last_night(minute: int, days_after_now: int) -> dt.date:
    """Cached per minute: the importer asks three times a row."""
    now = dt.datetime.fromtimestamp(minute * 60, dt.UTC)
    return now.date() + dt.timedelta(days=days_after_now)


@cache
def bounds() -> Bounds:
    data = load_yaml("plausibility.yaml")
    over = data["destroyed_over_launched"]
    return Bounds(
        first_night=dt.date.fromisoformat(str(data["dates"]["first"])),
        days_after_now=int(data["dates"]["days_after_now"]),
        synthetic_last=dt.date.fromisoformat(str(data["dates"]["synthetic_last"])),
        ceilings={str(k): float(v) for k, v in data["count_ceilings"].items()},
        over_absolute=float(over["absolute"]),
        over_relative=float(over["relative"]),
    )


def date_range(*, synthetic: bool = False) -> tuple[dt.date, dt.date]:
    """The first and last accepted night (or report day): a reader checking many values
    compares with these and asks :func:`date_problem` only for the message."""
    b = bounds()
    return b.first_night, b.synthetic_last if synthetic else b.last_night()


def date_problem(value: dt.date | dt.datetime | None, *, synthetic: bool = False) -> str | None:
    """Why a night or report time may not be stored, or None when it is within bounds."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    first, last = date_range(synthetic=synthetic)
    if first <= day <= last:
        return None
    return (
        f"{value.isoformat()} is outside the accepted range {first.isoformat()} .. "
        f"{last.isoformat()} ("
        + ("synthetic data" if synthetic else "the full-scale invasion to a day after now")
        + ")"
    )


def count_problem(outcome: str | None, value: float | None) -> str | None:
    """Why one count is implausible, or None."""
    if value is None:
        return None
    if not math.isfinite(value):
        return f"{value!r} is not a finite number"
    if value < 0:
        return f"{value:g} is negative"
    ceiling = bounds().ceilings.get(str(outcome or ""))
    if ceiling is not None and value > ceiling:
        return f"{value:g} exceeds the ceiling of {ceiling:,.0f} per weapon per report"
    return None


def excess_problem(launched: float | None, destroyed: float | None) -> str | None:
    """Why destroyed cannot be right given launched (beyond the documented tolerance)."""
    if launched is None or destroyed is None:
        return None
    b = bounds()
    tolerance = max(b.over_absolute, b.over_relative * launched)
    if destroyed > launched + tolerance:
        return f"destroyed {destroyed:g} exceeds launched {launched:g} by more than {tolerance:g}"
    return None


def flag_implausible(claims: Sequence[Claim]) -> list[str]:
    """Flag every implausible count claim (``flags`` gains ``implausible``); return why.

    Only counts are checked: places and phrases carry no magnitude.
    """
    problems: list[str] = []
    for i, why in implausible_counts(claims):
        c = claims[i]
        if IMPLAUSIBLE not in c.flags:
            c.flags = (*c.flags, IMPLAUSIBLE)
        problems.append(why)
    return problems


def implausible_counts(claims: Sequence[ClaimFields]) -> list[tuple[int, str]]:
    """(index, why) of each implausible count among one source's claims, in their order: a
    count above its outcome's ceiling, or a destroyed total beyond the launched total of the
    same model. Works on claim objects and on the columnar import's specs alike.

    One pass (the import asks once per row): the launched totals are gathered while the
    counts are checked, and the destroyed totals compared with them afterwards."""
    found: list[tuple[int, str]] = []
    launched: dict[tuple[str | None, str | None], float] = {}
    destroyed: list[int] = []
    ceilings = bounds().ceilings
    inf = math.inf
    for i, c in enumerate(claims):
        q = c.quantity
        if q is None or c.kind is not ClaimKind.COUNT:
            continue
        outcome, qualifier, v, lo, hi = c.outcome, c.qualifier, q.value, q.low, q.high
        if outcome is Outcome.LAUNCHED and v is not None and qualifier in (None, "group_total"):
            launched[(c.model, str(c.weapon_class))] = v
        ceiling = ceilings.get(str(outcome or ""), inf)
        # comparisons are False for NaN, so only plausible values pass
        if (
            (v is None or (0 <= v <= ceiling and v < inf))
            and (lo is None or (0 <= lo <= ceiling and lo < inf))
            and (hi is None or (0 <= hi <= ceiling and hi < inf))
        ):
            if outcome is Outcome.DESTROYED and qualifier is None:
                destroyed.append(i)
            continue
        why = next(p for p in (count_problem(outcome, x) for x in (v, lo, hi)) if p)
        found.append((i, f"{outcome or 'count'}: {why}"))
    for i in destroyed:
        c = claims[i]
        q = c.quantity
        excess = excess_problem(
            launched.get((c.model, str(c.weapon_class))), None if q is None else q.value
        )
        if excess is not None:
            found.append((i, f"{c.outcome or 'count'}: {excess}"))
    found.sort(key=lambda item: item[0])
    return found
