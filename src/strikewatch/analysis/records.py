"""Records and rankings of nights, and the checker for "record" phrases in reports.

Definitions (see docs/analysis.md):

* A night is ranked by one count kind (``tables.COUNT_KINDS``: drones, missiles, ballistic,
  cruise, total), always per night label, never per calendar day.
* Ranks use standard competition ranking: rank = 1 + number of compared nights with a
  strictly larger value, so tied nights share the best rank and the next rank skips.
  Nights whose count is unknown (NaN) are not compared.
* Scope ``year``: nights of the same calendar year as the night. ``all``: every night in the
  data (which starts 2022-09-28, not at the start of the full-scale invasion).
  ``365d``: at the time, the 365 nights ending with the night; now, every night within 365
  days either side of it (up to the end of the data).
* *At the time* compares only nights up to and including the night; *now* compares every
  night of the scope in the data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, is_synthetic, to_night
from strikewatch.tables import COUNT_KINDS

SCOPES = ("year", "365d", "all")
#: "One of the largest" means a rank at the time of at most this many (configurable per call).
DEFAULT_TOP_N = 5


@dataclasses.dataclass
class RankResult(Result):
    night: str
    by: str
    scope: str
    value: float | None
    rank_at_the_time: int | None
    rank_now: int | None
    nights_compared: int  # nights compared at the time (the night itself included)
    nights_compared_now: int
    synthetic: bool = False


def _check_kind(by: str) -> None:
    if by not in COUNT_KINDS:
        raise ValueError(f"unknown count {by!r}: use one of {', '.join(COUNT_KINDS)}")


def _scope_masks(
    nights: pd.DatetimeIndex, night: pd.Timestamp, scope: str
) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (at the time, now) of the nights compared with ``night``."""
    if scope == "year":
        now = np.asarray(nights.year == night.year)
    elif scope == "365d":
        delta = np.asarray((nights - night).days)
        now = np.abs(delta) < 365
    elif scope == "all":
        now = np.ones(len(nights), bool)
    else:
        raise ValueError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    at_time = now & np.asarray(nights <= night)
    if scope == "365d":
        at_time &= np.asarray((night - nights).days < 365)
    return at_time, now


def _series(nightly: pd.DataFrame, by: str) -> pd.Series:
    _check_kind(by)
    s = nightly.set_index(pd.DatetimeIndex(nightly["night"]))[by].astype("float64")
    return s.sort_index()


def rank_night(
    nightly: pd.DataFrame, night: str | dt.date, by: str, scope: str = "year"
) -> RankResult:
    """Rank one night by one count within a scope, at the time and now."""
    s = _series(nightly, by)
    n = to_night(night)
    value = float(s.get(n, np.nan)) if n in s.index else np.nan
    known = s.dropna()
    at_time, now = _scope_masks(pd.DatetimeIndex(known.index), n, scope)
    vals = known.to_numpy()
    rank_t = rank_n = None
    if not np.isnan(value):
        rank_t = int(1 + np.sum(vals[at_time] > value))
        rank_n = int(1 + np.sum(vals[now] > value))
    return RankResult(
        night=n.date().isoformat(),
        by=by,
        scope=scope,
        value=None if np.isnan(value) else value,
        rank_at_the_time=rank_t,
        rank_now=rank_n,
        nights_compared=int(at_time.sum()),
        nights_compared_now=int(now.sum()),
        synthetic=is_synthetic(nightly),
    )


def _count_greater_before(values: np.ndarray) -> np.ndarray:
    """For each i, how many j < i have values[j] > values[i] (Fenwick tree, O(n log n))."""
    n = len(values)
    order = np.unique(values, return_inverse=True)[1] + 1  # 1-based value ranks
    size = int(order.max()) if n else 0
    tree = [0] * (size + 1)
    out = np.zeros(n, np.int64)
    for i in range(n):
        r = int(order[i])
        # count of earlier values <= current value
        j, le = r, 0
        while j > 0:
            le += tree[j]
            j -= j & -j
        out[i] = i - le
        j = r
        while j <= size:
            tree[j] += 1
            j += j & -j
    return out


def rank_table(nightly: pd.DataFrame, by: str, scope: str = "year") -> pd.DataFrame:
    """Ranks of every night (columns night, value, rank_at_the_time, rank_now).

    Vectorised for large tables: ``year``/``all`` ranks now are grouped ``rank(method="min")``
    and ranks at the time come from a Fenwick tree over the nights in order; ``365d`` uses
    per-night windows and is meant for tables of a few thousand nights.
    """
    s = _series(nightly, by).dropna()
    frame = pd.DataFrame({"night": s.index, "value": s.to_numpy()})
    if scope == "year":
        groups = frame["night"].dt.year
    elif scope == "all":
        groups = pd.Series(0, index=frame.index)
    elif scope == "365d":
        rows = [rank_night(nightly, n, by, scope) for n in frame["night"]]
        frame["rank_at_the_time"] = [r.rank_at_the_time for r in rows]
        frame["rank_now"] = [r.rank_now for r in rows]
        return frame
    else:
        raise ValueError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    frame["rank_now"] = (
        frame.groupby(groups)["value"].rank(method="min", ascending=False).astype(np.int64)
    )
    at_time = np.zeros(len(frame), np.int64)
    for _, idx in frame.groupby(groups).indices.items():
        at_time[idx] = 1 + _count_greater_before(frame["value"].to_numpy()[idx])
    frame["rank_at_the_time"] = at_time
    return frame


def top_nights(
    nightly: pd.DataFrame, by: str, n: int = 10, year: int | None = None
) -> list[dict[str, object]]:
    """The ``n`` largest nights (competition ranks), optionally within one year."""
    s = _series(nightly, by).dropna()
    if year is not None:
        s = s[pd.DatetimeIndex(s.index).year == year]
    ranks = s.rank(method="min", ascending=False).astype(int)
    order = s.sort_values(ascending=False, kind="stable").index[:n]
    return [
        {"night": d.date().isoformat(), "value": float(s[d]), "rank": int(ranks[d])} for d in order
    ]


# --------------------------------------------------------------------------- claim checker

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS_UK = {
    "січня": 1,
    "лютого": 2,
    "березня": 3,
    "квітня": 4,
    "травня": 5,
    "червня": 6,
    "липня": 7,
    "серпня": 8,
    "вересня": 9,
    "жовтня": 10,
    "листопада": 11,
    "грудня": 12,
}
_KIND_WORDS = (
    ("ballistic", ("ballistic", "балістич")),
    ("cruise", ("cruise", "крилат")),
    ("missiles", ("missile", "ракет")),
    ("drones", ("drone", "shahed", "uav", "дрон", "бпла", "шахед", "безпілотник")),
)


@dataclasses.dataclass
class ClaimSpec(Result):
    """What a phrase asserts: rank <= ``top_n`` among nights of ``scope`` (or since a date)."""

    phrase: str
    scope: str  # year | all | since
    top_n: int
    since: str | None
    counts: list[str]


@dataclasses.dataclass
class Evidence(Result):
    count: str
    value: float | None
    scope: str
    rank_at_the_time: int | None
    rank_now: int | None
    nights_compared: int
    supports: bool | None


@dataclasses.dataclass
class CheckResult(Result):
    phrase: str
    night: str
    verdict: str  # supported | not_supported | depends | unknown
    claim: ClaimSpec
    evidence: list[Evidence]
    explanation: str
    synthetic: bool = False


def parse_claim(phrase: str, night: pd.Timestamp, top_n: int = DEFAULT_TOP_N) -> ClaimSpec:
    """Turn a record phrase (English or Ukrainian) into a checkable ClaimSpec.

    * "record", "record-breaking", "largest/biggest ever", "of the war", "since the
      full-scale invasion", "рекорд", "наймасованіш…" → rank 1, all nights.
    * "one of the largest …", "among the biggest …", "одна з наймасованіших" → rank <= top_n.
    * "… of the year", "this year", "year's", "цього року", "з початку року" → scope year.
    * "largest since March [2025]", "since 3 March", "з березня" → rank 1 among the nights from
      that date (the latest such date before the night) up to the night.
    Counts: the kinds the phrase names ("by drone count" → drones), else all five.
    """
    text = phrase.lower()
    one_of = bool(re.search(r"\b(one of|among)\b|одн(а|ий|ою) з|серед", text))
    scope = "all"
    if re.search(r"year|цього року|з початку року|за рік|року\b", text):
        scope = "year"
    since: str | None = None
    m = re.search(r"since (\d{1,2} )?([a-z]+)( \d{4})?", text)
    uk = re.search(r"з (\d{1,2} )?([а-яіїєґ']+)( \d{4})?", text)
    month = day = year = None
    if m and m.group(2) in _MONTHS:
        month, day, year = _MONTHS[m.group(2)], m.group(1), m.group(3)
    elif uk and uk.group(2) in _MONTHS_UK:
        month, day, year = _MONTHS_UK[uk.group(2)], uk.group(1), uk.group(3)
    elif uk and uk.group(2).startswith(
        (
            "берез",
            "квіт",
            "трав",
            "черв",
            "лип",
            "серп",
            "верес",
            "жовт",
            "листоп",
            "груд",
            "січ",
            "лют",
        )
    ):
        stem = uk.group(2)[:3]
        for name, num in _MONTHS_UK.items():
            if name.startswith(stem):
                month, day, year = num, uk.group(1), uk.group(3)
    if month is not None:
        y = int(year) if year else night.year
        start = dt.date(y, month, int(day) if day else 1)
        if not year and pd.Timestamp(start) >= night:
            start = start.replace(year=y - 1)
        since, scope = start.isoformat(), "since"
    counts = [k for k, words in _KIND_WORDS if any(w in text for w in words)]
    # "ballistic missiles" names the narrower count, not every missile.
    narrower = "ballistic" in counts or "cruise" in counts
    if (
        "missiles" in counts
        and narrower
        and not re.search(r"missiles? and|ракет(и|ами) (й|і|та)", text)
    ):
        counts.remove("missiles")
    if not counts:
        counts = list(COUNT_KINDS)
    return ClaimSpec(
        phrase=phrase, scope=scope, top_n=top_n if one_of else 1, since=since, counts=counts
    )


def check_claim(
    phrase: str,
    night: str | dt.date,
    nightly: pd.DataFrame,
    top_n: int = DEFAULT_TOP_N,
) -> CheckResult:
    """Check a record phrase against the data for one night.

    Each count the phrase could refer to is ranked *at the time* within the phrase's scope
    (a claim made that morning cannot know later nights). A count supports the phrase when
    its rank at the time is at most ``top_n`` (1 for "record"/"largest"). When the phrase
    names no count, counts the night had none of (value 0) are not evidence. The verdict is
    ``supported`` when every remaining count supports it, ``not_supported`` when none does
    and ``depends`` otherwise (the answer depends on the count used).
    """
    n = to_night(night)
    spec = parse_claim(phrase, n, top_n)
    evidence: list[Evidence] = []
    for kind in spec.counts:
        if spec.scope == "since":
            s = _series(nightly, kind).dropna()
            value = float(s.get(n, np.nan)) if n in s.index else np.nan
            start = pd.Timestamp(str(spec.since))
            window = s[(s.index >= start) & (s.index <= n)]
            later = s[s.index >= start]
            rt = None if np.isnan(value) else int(1 + (window.to_numpy() > value).sum())
            rn = None if np.isnan(value) else int(1 + (later.to_numpy() > value).sum())
            ev = Evidence(
                kind,
                None if np.isnan(value) else value,
                f"since {spec.since}",
                rt,
                rn,
                len(window),
                None,
            )
        else:
            r = rank_night(nightly, n, kind, spec.scope)
            ev = Evidence(
                kind, r.value, spec.scope, r.rank_at_the_time, r.rank_now, r.nights_compared, None
            )
        if ev.rank_at_the_time is not None:
            ev.supports = ev.rank_at_the_time <= spec.top_n
        evidence.append(ev)
    named = len(spec.counts) < len(COUNT_KINDS)
    usable = [e for e in evidence if e.supports is not None and (named or (e.value or 0) > 0)]
    if not usable:
        verdict = "unknown"
    elif all(e.supports for e in usable):
        verdict = "supported"
    elif not any(e.supports for e in usable):
        verdict = "not_supported"
    else:
        verdict = "depends"
    need = "rank 1" if spec.top_n == 1 else f"a rank of {spec.top_n} or better"
    where = {"year": f"the nights of {n.year}", "all": "all nights in the data (from 2022-09-28)"}
    scope_text = where.get(spec.scope, f"the nights since {spec.since}")
    parts = [
        f"{e.count}: {e.value:g} ranked {e.rank_at_the_time} of {e.nights_compared} at the time"
        for e in usable
        if e.value is not None
    ]
    explanation = (
        f"The phrase needs {need} among {scope_text}, judged on the night itself. "
        + "; ".join(parts)
        + "."
    )
    return CheckResult(
        phrase=phrase,
        night=n.date().isoformat(),
        verdict=verdict,
        claim=spec,
        evidence=evidence,
        explanation=explanation,
        synthetic=is_synthetic(nightly),
    )
