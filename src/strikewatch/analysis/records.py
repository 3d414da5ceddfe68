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
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from strikewatch.analysis.common import Result, is_synthetic, to_night
from strikewatch.domain import KYIV, NIGHT_KINDS
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
    nights_compared: int  # units compared at the time (the ranked one included)
    nights_compared_now: int
    synthetic: bool = False
    unit: str = "night"
    key: str | None = None  # the wave key (unit wave) or the date
    start: str | None = None
    end: str | None = None
    waves: list[str] = dataclasses.field(default_factory=list)


def _check_kind(by: str) -> None:
    if by not in COUNT_KINDS:
        raise ValueError(f"unknown count {by!r}: use one of {', '.join(COUNT_KINDS)}")


def unit_of(table: pd.DataFrame) -> str:
    """The unit a totals table counts in (hand-built tables without the column: night)."""
    if "unit" in table and len(table):
        return str(table["unit"].iloc[0])
    return "night"


def _ordered(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The units with a known ``by`` count in time order (label, then start)."""
    _check_kind(by)
    frame = pd.DataFrame(
        {
            "night": pd.DatetimeIndex(pd.to_datetime(table["night"])),
            "value": table[by].astype("float64").to_numpy(),
        }
    )
    # ``.array`` keeps each column's dtype: ``to_numpy()`` of a tz-aware column builds one
    # Timestamp object per row, seconds per briefing on a 20,000-night ledger.
    for col in ("key", "kind", "start", "end", "waves"):
        frame[col] = table[col].array if col in table else None
    frame["synthetic"] = table["synthetic"].to_numpy() if "synthetic" in table else False
    if "start" in table:
        frame["start"] = pd.to_datetime(table["start"], utc=True).array
    frame = frame.sort_values(["night", "start"], kind="stable", na_position="first")
    return frame.reset_index(drop=True)


def _scope_masks(nights: pd.DatetimeIndex, pos: int, scope: str) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (at the time, now) of the units compared with the one at ``pos``."""
    night = nights[pos]
    if scope == "year":
        now = np.asarray(nights.year == night.year)
    elif scope == "365d":
        delta = np.asarray((nights - night).days)
        now = np.abs(delta) < 365
    elif scope == "all":
        now = np.ones(len(nights), bool)
    else:
        raise ValueError(f"unknown scope {scope!r}: use one of {', '.join(SCOPES)}")
    at_time = now & (np.arange(len(nights)) <= pos)
    if scope == "365d":
        at_time &= np.asarray((night - nights).days < 365)
    return at_time, now


def _pick(frame: pd.DataFrame, night: pd.Timestamp, key: str | None) -> int | None:
    """The row answering "night D": the given wave key, else the label's night waves
    (overnight, multi-day; the largest total if several), else its other wave."""
    if key is not None:
        hits = np.flatnonzero(frame["key"].to_numpy() == key)
        return int(hits[0]) if len(hits) else None
    hits = np.flatnonzero(frame["night"].to_numpy() == night.to_datetime64())
    if len(hits) <= 1:
        return int(hits[0]) if len(hits) else None
    kinds = frame["kind"].to_numpy()[hits]
    night_rows = [h for h, k in zip(hits, kinds, strict=True) if k in NIGHT_KINDS] or list(hits)
    values = frame["value"].to_numpy()
    return int(max(night_rows, key=lambda h: np.nan_to_num(values[h], nan=-1.0)))


def _iso(value: object) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    ts = pd.Timestamp(value)  # type: ignore[arg-type]
    if pd.isna(ts):
        return None
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.tz_convert(KYIV).isoformat()


def rank_night(
    nightly: pd.DataFrame,
    night: str | dt.date,
    by: str,
    scope: str = "year",
    key: str | None = None,
) -> RankResult:
    """Rank one unit (a wave, night or day, as the table counts) by one count within a
    scope, at the time and now. With several waves on one label, ``key`` picks one; else
    the label's night wave is ranked."""
    frame = _ordered(nightly, by)
    n = to_night(night)
    pos = _pick(frame, n, key)
    known = frame["value"].notna().to_numpy()
    value = np.nan if pos is None else float(frame["value"].iloc[pos])
    if pos is None:
        nights = pd.DatetimeIndex(frame["night"])
        frame = pd.concat([frame, pd.DataFrame({"night": [n], "value": [np.nan]})])
        frame = frame.sort_values("night", kind="stable").reset_index(drop=True)
        pos = int(np.flatnonzero(frame["night"].to_numpy() == n.to_datetime64())[-1])
        known = frame["value"].notna().to_numpy()
    nights = pd.DatetimeIndex(frame["night"])
    at_time, now = _scope_masks(nights, pos, scope)
    at_time, now = at_time & known, now & known
    vals = frame["value"].to_numpy()
    rank_t = rank_n = None
    if not np.isnan(value):
        rank_t = int(1 + np.sum(vals[at_time] > value))
        rank_n = int(1 + np.sum(vals[now] > value))
    row = frame.iloc[pos]
    waves = row.get("waves")
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
        unit=unit_of(nightly),
        key=row.get("key") if isinstance(row.get("key"), str) else None,
        start=_iso(row.get("start")),
        end=_iso(row.get("end")),
        waves=list(waves) if isinstance(waves, tuple | list) else [],
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
    """Ranks of every unit (columns night, key, value, rank_at_the_time, rank_now).

    Vectorised for large tables: ``year``/``all`` ranks now are grouped ``rank(method="min")``
    and ranks at the time come from a Fenwick tree over the units in time order; ``365d``
    uses per-unit windows and is meant for tables of a few thousand units.
    """
    ordered = _ordered(nightly, by)
    ordered = ordered[ordered["value"].notna()].reset_index(drop=True)
    frame = ordered[["night", "key", "value"]].copy()
    if scope == "year":
        groups = frame["night"].dt.year
    elif scope == "all":
        groups = pd.Series(0, index=frame.index)
    elif scope == "365d":
        rows = [
            rank_night(nightly, n, by, scope, key=k if isinstance(k, str) else None)
            for n, k in zip(frame["night"], frame["key"], strict=True)
        ]
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
    """The ``n`` largest units (competition ranks), optionally within one year.

    Each item says its ``unit``, ``start`` and ``end`` (Kyiv time with offset) and the
    ``waves`` it sums, so a figure that adds several reports says so.
    """
    frame = _ordered(nightly, by)
    frame = frame[frame["value"].notna()]
    if year is not None:
        frame = frame[pd.DatetimeIndex(frame["night"]).year == year]
    ranks = frame["value"].rank(method="min", ascending=False).astype(int)
    order = frame["value"].sort_values(ascending=False, kind="stable").index[:n]
    unit = unit_of(nightly)
    out: list[dict[str, object]] = []
    for i in order:
        row = frame.loc[i]
        waves = row["waves"] if isinstance(row["waves"], tuple | list) else ()
        out.append(
            {
                "night": row["night"].date().isoformat(),
                "value": float(row["value"]),
                "rank": int(ranks[i]),
                "unit": unit,
                "key": row["key"] if isinstance(row["key"], str) else None,
                "kind": row["kind"] if isinstance(row["kind"], str) else None,
                "start": _iso(row["start"]),
                "end": _iso(row["end"]),
                "waves": list(waves),
                "n_waves": len(waves),
                "synthetic": bool(row["synthetic"]),
            }
        )
    return out


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


#: Words that make a phrase a comparison of scale the checker can judge.
_SCALE = re.compile(
    r"record|largest|biggest|greatest|heaviest|most massive|massive(st)? ever|"
    r"наймасован|найбільш|рекорд|наймасштабн|найпотужн|наймасивн"
)
#: Comparisons the checker does not judge (downwards, or relative periods it cannot read).
_NOT_JUDGED = (
    (
        re.compile(r"smallest|fewest|least|weakest|lowest|quietest|найменш|наймен"),
        "it compares downwards (smallest/fewest); the checker judges only records of scale",
    ),
    (
        re.compile(r"\bin (days|weeks|months|years)\b|\bfor (days|weeks|months)\b|за (тижн|місяц)"),
        "it names a relative period ('in weeks') the checker cannot date",
    ),
)


@dataclasses.dataclass
class ClaimSpec(Result):
    """What a phrase asserts: rank <= ``top_n`` among units of ``scope`` (or since a date).

    ``counts`` are the counts the phrase is judged on: those it names, else ``total``.
    """

    phrase: str
    scope: str  # year | all | since
    top_n: int
    since: str | None
    counts: list[str]
    checkable: bool = True
    reason: str | None = None


@dataclasses.dataclass
class Evidence(Result):
    count: str
    value: float | None
    scope: str
    rank_at_the_time: int | None
    rank_now: int | None
    nights_compared: int
    supports: bool | None
    judged: bool = True  # False: shown for context, not part of the verdict


@dataclasses.dataclass
class CheckResult(Result):
    phrase: str
    night: str
    verdict: str  # supported | not_supported | depends | not_checkable
    claim: ClaimSpec
    evidence: list[Evidence]
    explanation: str
    synthetic: bool = False
    unit: str = "wave"
    counts_judged: list[str] = dataclasses.field(default_factory=list)
    reason: str | None = None
    wave: str | None = None  # the wave (unit wave) or the date judged
    start: str | None = None
    end: str | None = None
    waves: list[str] = dataclasses.field(default_factory=list)


def _since_of(text: str, night: pd.Timestamp) -> str | None:
    """The date of "since March [2025]", "since 3 March", "з березня" (latest before night)."""
    m = re.search(r"since (\d{1,2} )?([a-z]+)( \d{4})?", text)
    uk = re.search(r"з (\d{1,2} )?([а-яіїєґ']+)( \d{4})?", text)
    month = day = year = None
    if m and m.group(2) in _MONTHS:
        month, day, year = _MONTHS[m.group(2)], m.group(1), m.group(3)
    elif uk and uk.group(2) in _MONTHS_UK:
        month, day, year = _MONTHS_UK[uk.group(2)], uk.group(1), uk.group(3)
    elif uk and uk.group(2).startswith(_UK_STEMS):
        stem = uk.group(2)[:3]
        for name, num in _MONTHS_UK.items():
            if name.startswith(stem):
                month, day, year = num, uk.group(1), uk.group(3)
    if month is None:
        return None
    y = int(year) if year else night.year
    start = dt.date(y, month, int(day) if day else 1)
    if not year and pd.Timestamp(start) >= night:
        start = start.replace(year=y - 1)
    return start.isoformat()


_UK_STEMS = ("берез", "квіт", "трав", "черв", "лип", "серп", "верес", "жовт", "листоп", "груд",
             "січ", "лют")  # fmt: skip


def parse_claim(phrase: str, night: pd.Timestamp, top_n: int = DEFAULT_TOP_N) -> ClaimSpec:
    """Turn a record phrase (English or Ukrainian) into a checkable ClaimSpec.

    * A phrase with no word of scale ("record", "largest", "biggest", "наймасованіш…") is
      not a comparison of scale: ``checkable`` False with the reason ("banana").
    * "smallest/fewest …" and relative periods ("in weeks") are not judged either.
    * "record", "record-breaking", "largest/biggest ever", "of the war" → rank 1, all units.
    * "one of the largest …", "among the biggest …", "одна з наймасованіших" → rank <= top_n.
    * "… of the year", "this year", "year's", "цього року", "з початку року" → scope year.
    * "largest since March [2025]", "since 3 March", "з березня" → rank 1 among the units
      from that date (the latest such date before the night) up to the night.
    Counts: the kinds the phrase names ("by drone count" → drones), else ``total`` (an
    "attack" is all its weapons).
    """
    text = phrase.lower().strip()
    counts = [k for k, words in _KIND_WORDS if any(w in text for w in words)]
    narrower = "ballistic" in counts or "cruise" in counts
    if (
        "missiles" in counts
        and narrower
        and not re.search(r"missiles? and|ракет(и|ами) (й|і|та)", text)
    ):
        counts.remove("missiles")  # "ballistic missiles" names the narrower count
    counts = counts or ["total"]
    spec = ClaimSpec(phrase=phrase, scope="all", top_n=1, since=None, counts=counts)
    for pattern, reason in _NOT_JUDGED:
        if pattern.search(text):
            spec.checkable, spec.reason = False, f"not checkable: {reason}"
            return spec
    if not _SCALE.search(text):
        spec.checkable = False
        spec.reason = (
            "not checkable: the phrase is not a comparison of scale (no word such as "
            "'record', 'largest', 'biggest', 'наймасованіша')"
        )
        return spec
    if re.search(r"\b(one of|among)\b|одн(а|ий|ою) з|серед", text):
        spec.top_n = top_n
    if re.search(r"year|цього року|з початку року|за рік|року\b", text):
        spec.scope = "year"
    since = _since_of(text, night)
    if since is not None:
        spec.since, spec.scope = since, "since"
    return spec


def _evidence(
    table: pd.DataFrame, n: pd.Timestamp, key: str | None, kind: str, spec: ClaimSpec
) -> Evidence:
    if spec.scope != "since":
        r = rank_night(table, n, kind, spec.scope, key=key)
        return Evidence(
            kind, r.value, spec.scope, r.rank_at_the_time, r.rank_now, r.nights_compared, None
        )
    frame = _ordered(table, kind)
    pos = _pick(frame, n, key)
    value = np.nan if pos is None else float(frame["value"].iloc[pos])
    start = pd.Timestamp(str(spec.since))
    idx = np.arange(len(frame))
    known = frame["value"].notna().to_numpy()
    later = known & (frame["night"] >= start).to_numpy()
    window = later & (idx <= (pos if pos is not None else -1))
    vals = frame["value"].to_numpy()
    rt = None if np.isnan(value) else int(1 + (vals[window] > value).sum())
    rn = None if np.isnan(value) else int(1 + (vals[later] > value).sum())
    return Evidence(
        kind, None if np.isnan(value) else value, f"since {spec.since}", rt, rn,
        int(window.sum()), None,
    )  # fmt: skip


def check_claim(
    phrase: str,
    night: str | dt.date,
    nightly: pd.DataFrame,
    top_n: int = DEFAULT_TOP_N,
) -> CheckResult:
    """Check a record phrase against the data for one night, in the table's unit.

    The unit is the table's (``wave`` as the Air Force reports it, by default in the CLI
    and API); "night D" is the night wave labelled D. A phrase the parser does not read as
    a comparison of scale is ``not_checkable`` with the reason. Each count the phrase is
    judged on (those it names, else ``total``) is ranked *at the time* within the
    phrase's scope; it supports the phrase when that rank is at most ``top_n`` (1 for
    "record"/"largest"). ``depends`` only when the judged counts disagree. The other counts
    are listed as context (``judged`` False). Raises NotFound when the night has no data.
    """
    from strikewatch.errors import NotFound

    n = to_night(night)
    spec = parse_claim(phrase, n, top_n)
    unit = unit_of(nightly)
    frame = _ordered(nightly, "total")
    pos = _pick(frame, n, None)
    if pos is None:
        raise NotFound(f"no data for night {n.date().isoformat()}: nothing to check against")
    row = frame.iloc[pos]
    key = row["key"] if isinstance(row["key"], str) else None
    base = CheckResult(
        phrase=phrase,
        night=n.date().isoformat(),
        verdict="not_checkable",
        claim=spec,
        evidence=[],
        explanation="",
        synthetic=is_synthetic(nightly),
        unit=unit,
        counts_judged=[] if not spec.checkable else list(spec.counts),
        reason=spec.reason,
        wave=key,
        start=_iso(row["start"]),
        end=_iso(row["end"]),
        waves=list(row["waves"]) if isinstance(row["waves"], tuple | list) else [],
    )
    if not spec.checkable:
        base.explanation = f"{spec.reason}. No verdict is given."
        return base
    for kind in [*spec.counts, *[k for k in COUNT_KINDS if k not in spec.counts]]:
        ev = _evidence(nightly, n, key, kind, spec)
        if ev.rank_at_the_time is not None:
            ev.supports = ev.rank_at_the_time <= spec.top_n
        ev.judged = kind in spec.counts
        base.evidence.append(ev)
    judged = [e for e in base.evidence if e.judged and e.supports is not None]
    if not judged:
        base.verdict = "not_checkable"
        base.reason = f"not checkable: the night has no known {', '.join(spec.counts)} count"
    elif all(e.supports for e in judged):
        base.verdict = "supported"
    elif not any(e.supports for e in judged):
        base.verdict = "not_supported"
    else:
        base.verdict = "depends"
    base.explanation = _explain(spec, base, n)
    return base


def _explain(spec: ClaimSpec, result: CheckResult, n: pd.Timestamp) -> str:
    need = "rank 1" if spec.top_n == 1 else f"a rank of {spec.top_n} or better"
    units = {"wave": "attack waves", "night": "nights", "day": "days"}.get(result.unit, "units")
    where = {
        "year": f"the {units} of {n.year}",
        "all": f"all {units} in the data (from 2022-09-28)",
    }
    scope_text = where.get(spec.scope, f"the {units} since {spec.since}")
    parts = [
        f"{e.count}: {e.value:g} ranked {e.rank_at_the_time} of {e.nights_compared} at the time"
        for e in result.evidence
        if e.judged and e.value is not None
    ]
    if result.reason:
        parts.append(result.reason)
    return (
        f"The phrase needs {need} among {scope_text}, judged on "
        f"{', '.join(spec.counts)} of the night itself. " + "; ".join(parts) + "."
    )


def judge_phrases(
    detail: dict[str, Any],
    figures: pd.DataFrame | Callable[[], pd.DataFrame],
    top_n: int = DEFAULT_TOP_N,
) -> None:
    """Put the checker's verdict beside every stored phrase claim of a night's detail.

    Each phrase claim (``kind == "phrase"`` in ``text_claims``) gains ``verdict``, ``unit``
    (``wave``: the claim is judged on its night's wave, as the Air Force reports it),
    ``counts_judged`` and ``explanation``. Mutates ``detail`` in place (the CLI ``night``,
    ``GET /api/nights/{night}`` and the briefing share it). ``figures`` may be a function
    returning them: most nights have no phrase claim, and reading every figure of a large
    ledger for nothing was most of ``strikewatch night``'s time.
    """
    from strikewatch.errors import NotFound
    from strikewatch.ledger.queries import has_phrase_claims
    from strikewatch.tables import nightly_totals

    if not has_phrase_claims(detail):
        return
    claims = [c for c in detail["text_claims"] if c.get("kind") == "phrase"]
    table = nightly_totals(figures() if callable(figures) else figures, "wave")
    for claim in claims:
        phrase = str(claim.get("text") or "")
        night = str(claim.get("night") or detail["night"])
        try:
            result = check_claim(phrase, night, table, top_n=top_n)
        except NotFound as err:
            claim.update(verdict="not_checkable", unit="wave", counts_judged=[],
                         explanation=str(err))  # fmt: skip
            continue
        claim.update(
            verdict=result.verdict,
            unit=result.unit,
            counts_judged=result.counts_judged,
            explanation=result.explanation,
        )
