"""The night a document reports on, resolved against its publication time in Kyiv time.

Night labels follow the architecture note: the date of the morning the report covers. Explicit
forms ("у ніч на 3 лютого", "в ніч з 20 на 21 серпня", "on the night of 20-21 August",
"overnight on August 21") give the later date; relative forms ("overnight", "last night",
"tonight", "вночі") and weekdays need the publication time. A day and month with no year and
no publication time stay unresolved (``None``) with a flag: a night is never guessed.

Hand-written month tables are used instead of dateparser: the forms that matter are few,
dateparser does not understand "у ніч на" and costs milliseconds per call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import compress, count
from operator import itemgetter

from strikewatch.domain import KYIV, night_of, to_utc
from strikewatch.readers.text.annotate import Annotations
from strikewatch.readers.text.lexicon import DAY_SUFFIXES
from strikewatch.readers.text.tokens import NUM, Spans, Token

_text = itemgetter(0)
_key = itemgetter(2)
_TIME_SEPS = frozenset({":", "."})

NIGHT_WORDS = frozenset(
    {
        "night",
        "overnight",
        "ніч",
        "ночі",
        "ніч,",
        "nights",
        "нічна",
        "нічну",
        "нічної",
        "вночі",
        "уночі",
    }
)
RELATIVE = {
    ("last", "night"): "last",
    ("overnight",): "last",
    ("this", "morning"): "last",
    ("tonight",): "tonight",
    ("вночі",): "last",
    ("уночі",): "last",
    ("цієї", "ночі"): "last",
    ("минулої", "ночі"): "last",
    ("сьогодні", "вночі"): "last",
    ("this", "night"): "last",
    ("цю", "ніч"): "last",  # "У цю ніч шість російських регіонів були атаковані" (616)
    ("past", "night"): "last",  # "this past night" (Russian MoD statements in English)
    ("за", "ніч"): "last",  # "За ніч ППО знешкодила 72 зі 128 ворожих безпілотників"
    ("минулу", "ніч"): "last",  # "за минулу ніч", Russian "за прошедшую ночь"
    ("протягом", "ночі"): "last",  # also Russian "в течение ночи" (vocab/ru_forms.yaml)
    ("earlier", "today"): "day",
    ("today",): "day",
    ("сьогодні",): "day",
    ("during", "the", "day"): "day",
    ("протягом", "дня"): "day",
    ("вдень",): "day",
    ("this", "afternoon"): "day",
    ("yesterday",): "yesterday",
    ("вчора",): "yesterday",
    ("учора",): "yesterday",
    ("нічна", "атака"): "last",
    # the case forms of "the night attack", Ukrainian and Russian ("внаслідок нічної атаки",
    # "после ночной атаки"); "Минулі вечір і ніч"; "До самого ранку" (decision 161)
    ("нічної", "атака"): "last",
    ("нічну", "атака"): "last",
    ("нічній", "атака"): "last",
    ("нічною", "атака"): "last",
    ("ночной", "атака"): "last",
    ("ночную", "атака"): "last",
    ("ночная", "атака"): "last",
    ("минулі", "вечір"): "last",
    ("до", "самого", "ранку"): "last",
}
_RELATIVE_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _k, _v in sorted(RELATIVE.items(), key=lambda kv: -len(kv[0])):
    _RELATIVE_BY_FIRST.setdefault(_k[0], []).append((_k, _v))
DAYTIME = frozenset({"daytime", "вдень", "денна", "денну", "afternoon"})
# "протягом дня 18 березня", "впродовж дня", "during the day"
_DURING = frozenset({"протягом", "впродовж", "упродовж", "during"})
_DAY = frozenset({"дня", "день", "day"})
_SEPS = frozenset(
    {
        "-",
        "–",
        "—",
        "на",
        "to",
        "into",
        "and",
        "/",
        "й",
        "і",
        "та",
        "з",
        "from",
        "of",
        "the",
        "on",
        "проти",
        ",",
    }
)


@dataclass(slots=True)
class NightInfo:
    night: dt.date | None = None
    how: str | None = None  # explicit, date, relative, weekday, daytime
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    flags: list[str] = field(default_factory=list)
    span: tuple[int, int] | None = None


def mark_dates(
    tokens: list[Token], ann: Annotations, taken: bytearray, months: list[int] | None = None
) -> list[tuple[int, int, int, int | None]]:
    """Find day-month(-year) expressions; mark their digits taken.

    ``months``: the sorted token indices where a month name starts (the role index's
    "month" list), so only those are visited; without it the annotations are scanned.
    Returns (token_index_of_day, day, month, year or None) in text order.
    """
    out: list[tuple[int, int, int, int | None]] = []
    n = len(tokens)
    if months is None:
        months = [m for m, a in ann.items() if "month" in a]  # text order
    for m in months:
        month = int(ann[m]["month"][1])
        year: int | None = None
        # year after the month: "August 21, 2025", "3 лютого 2026 року"
        for k in range(m + 1, min(n, m + 5)):
            t = tokens[k]
            if t.kind == NUM and len(t.text) == 4 and t.text[:2] in ("19", "20"):
                year = int(t.text)
                taken[k] = 1
                break
            if t.kind == NUM and len(t.text) <= 2:
                continue
            if t.text not in (",", "-", "–", "/"):
                break
        days: list[int] = []
        k = m - 1
        # backwards: "20-21 серпня", "з 20 на 21 серпня", "21 August"
        while k >= 0 and m - k <= 4:
            t = tokens[k]
            if not days and (s := _suffixed_day(tokens, k)) >= 0:
                k = s  # "21-го травня", "21-е мая": the day before its ending
                continue
            if t.kind == NUM and len(t.text) <= 2 and 1 <= int(t.text) <= 31:
                days.insert(0, k)
                k -= 1
                continue
            if t.text in _SEPS and days:
                k -= 1
                continue
            break
        if days:
            for d in days:
                taken[d] = 1
            out.append((days[-1], int(tokens[days[-1]].text), month, year))
            continue
        # forwards: "August 20-21", "August 21"
        fdays: list[int] = []
        k = m + 1
        while k < n and k - m <= 4:
            t = tokens[k]
            if t.kind == NUM and len(t.text) <= 2 and 1 <= int(t.text) <= 31:
                fdays.append(k)
                k += 1
                # ordinal suffix: "21st"
                if k < n and tokens[k].text in DAY_SUFFIXES:
                    k += 1
                continue
            if t.text in ("-", "–", "to", "/", "and") and fdays:
                k += 1
                continue
            break
        if fdays:
            for d in fdays:
                taken[d] = 1
            out.append((fdays[-1], int(tokens[fdays[-1]].text), month, year))
    return out


def _suffixed_day(tokens: list[Token], k: int) -> int:
    """The index of the day number when token ``k`` ends "21-го" / "21-е" / "21st" (the
    ending, after a hyphen or glued to the digits), else -1."""
    if k < 1 or tokens[k].text not in DAY_SUFFIXES:
        return -1
    j = k - 1
    if tokens[j].text in ("-", "–") and j >= 1:
        j -= 1
    return j if tokens[j].kind == NUM and len(tokens[j].text) <= 2 else -1


def _year_for(month: int, day: int, published: dt.datetime | None) -> int | None:
    if published is None:
        return None
    local = published.astimezone(KYIV).date()
    best: tuple[int, int] | None = None
    for y in (local.year - 1, local.year, local.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        delta = (d - local).days
        # reports describe the past; allow a day ahead for time zones and "tonight"
        cost = abs(delta) if delta <= 1 else 1000 + delta
        if best is None or cost < best[0]:
            best = (cost, y)
    return None if best is None else best[1]


def _safe_date(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _times(tokens: list[Token], sp: Spans) -> list[tuple[int, int, int]]:
    """HH:MM times as (token index, hour, minute)."""
    out: list[tuple[int, int, int]] = []
    _low, starts, ends = sp
    seps = compress(count(), map(_TIME_SEPS.__contains__, map(_text, tokens)))
    for i in (k - 1 for k in seps if k >= 1 and k + 1 < len(tokens)):
        a, b, c = tokens[i], tokens[i + 1], tokens[i + 2]
        if (
            a.kind == NUM
            and b.text in (":", ".")
            and c.kind == NUM
            and len(c.text) == 2
            and (starts[i + 1] == ends[i] and starts[i + 2] == ends[i + 1] and len(a.text) <= 2)
        ):
            h, mi = int(a.text), int(c.text)
            if h < 24 and mi < 60:
                out.append((i, h, mi))
    return out


def resolve_night(
    tokens: list[Token],
    ann: Annotations,
    sp: Spans,
    dates: list[tuple[int, int, int, int | None]],
    published: dt.datetime | None,
) -> NightInfo:
    """The document's night (see the module docstring for the precedence of the forms):
    1. a night word followed closely by a date, 2./3. a date (a daytime report keeps its
    date), 4. a weekday, 5. a relative word; the first form found decides."""
    info = NightInfo()
    pub_local = published.astimezone(KYIV) if published is not None else None
    if _explicit_night(info, tokens, sp, dates, published):
        return info
    if dates:
        _dated_night(info, tokens, sp, dates[0], published)
        return info
    if _weekday_night(info, tokens, ann, sp, pub_local):
        return info
    _relative_night(info, tokens, sp, pub_local)
    return info


def _explicit_night(
    info: NightInfo,
    tokens: list[Token],
    sp: Spans,
    dates: list[tuple[int, int, int, int | None]],
    published: dt.datetime | None,
) -> bool:
    """1. explicit: a night word followed closely by a date."""
    _low, starts, ends = sp
    for di, day, month, year in dates:
        lo = max(0, di - 10)
        near_night = any(
            tokens[k].key in NIGHT_WORDS or tokens[k].text in NIGHT_WORDS for k in range(lo, di)
        )
        if not near_night:
            continue
        y = year if year is not None else _year_for(month, day, published)
        night = _safe_date(y, month, day)
        if night is None:
            info.flags.append(f"night_year_unknown:{month:02d}-{day:02d}")
            info.how = "explicit_no_year"
            return True
        info.night, info.how = night, "explicit"
        info.span = (starts[lo], ends[di])
        _window(info, tokens, sp, night)
        return True
    return False


def _dated_night(
    info: NightInfo,
    tokens: list[Token],
    sp: Spans,
    date: tuple[int, int, int, int | None],
    published: dt.datetime | None,
) -> None:
    """2./3. a date without a night word: a daytime report ("протягом дня 21 серпня") keeps
    its date; otherwise that day's morning, or the coming night for an evening start."""
    _low, starts, ends = sp
    n = len(tokens)
    head_keys = list(map(_key, tokens[:400]))
    has_day = not DAYTIME.isdisjoint(head_keys) or any(
        k in _DURING and head_keys[j + 1] in _DAY for j, k in enumerate(head_keys[:-1])
    )
    di, day, month, year = date
    y = year if year is not None else _year_for(month, day, published)
    d = _safe_date(y, month, day)
    if d is None:
        info.flags.append(f"night_year_unknown:{month:02d}-{day:02d}")
        info.how = "date_no_year"
        return
    evening_start = any(
        t.kind == NUM
        and tokens[k + 1].text == ":"
        and int(t.text) >= 15
        and k >= 1
        and tokens[k - 1].key in ("з", "from", "since", "із")
        for k, t in enumerate(tokens[max(0, di - 6) : di], start=max(0, di - 6))
        if k + 1 < n and len(t.text) <= 2
    )
    # A daytime report keeps its own date (decision 2: a daytime wave is never merged
    # into the next night); a window starting in the evening is the coming night.
    info.night = d + dt.timedelta(days=1) if (evening_start and not has_day) else d
    info.how = "daytime" if has_day else ("evening_start" if evening_start else "date")
    info.span = (starts[di], ends[di])
    _window(info, tokens, sp, info.night, daytime=has_day)


def _weekday_night(
    info: NightInfo,
    tokens: list[Token],
    ann: Annotations,
    sp: Spans,
    pub_local: dt.datetime | None,
) -> bool:
    """4. weekdays: "overnight into Sunday", "on Saturday night" (needs the publication)."""
    _low, starts, ends = sp
    n = len(tokens)
    for i, a in ann.items():
        if "weekday" not in a:
            continue
        if pub_local is None:
            info.flags.append("night_needs_publication_time")
            return True
        wd = int(a["weekday"][1])
        back = (pub_local.weekday() - wd) % 7
        d = pub_local.date() - dt.timedelta(days=back)
        nxt = tokens[i + 1].key if i + 1 < n else ""
        prev = tokens[i - 1].key if i >= 1 else ""
        if prev == "on" and i >= 2 and tokens[i - 2].key == "late":
            prev = "late"
        if (nxt in ("night", "evening", "afternoon", "ввечері") or prev in ("late",)) and (
            prev not in ("into", "на")
        ):
            d = d + dt.timedelta(days=1)
        if d > pub_local.date() + dt.timedelta(days=1):
            d -= dt.timedelta(days=7)
        info.night, info.how = d, "weekday"
        info.span = (starts[i], ends[i])
        return True
    return False


def _relative_night(
    info: NightInfo, tokens: list[Token], sp: Spans, pub_local: dt.datetime | None
) -> None:
    """5. relative words ("last night", "сьогодні вночі"; needs the publication time)."""
    _low, starts, ends = sp
    n = len(tokens)
    for i in compress(count(), map(_RELATIVE_BY_FIRST.__contains__, map(_key, tokens))):
        for keys, rel in _RELATIVE_BY_FIRST[tokens[i].key]:
            if any(i + k >= n or tokens[i + k].key != keys[k] for k in range(1, len(keys))):
                continue
            if pub_local is None:
                info.flags.append("night_needs_publication_time")
                return
            info.night, info.how = _relative_date(rel, pub_local), f"relative:{rel}"
            info.span = (starts[i], ends[i + len(keys) - 1])
            return


def _relative_date(rel: str, pub_local: dt.datetime) -> dt.date:
    if rel == "last":
        return pub_local.date()  # the night that ended this (Kyiv) morning
    if rel == "tonight":
        return pub_local.date() + dt.timedelta(days=1) if pub_local.hour >= 12 else pub_local.date()
    if rel == "yesterday":
        return night_of(pub_local.replace(tzinfo=None) - dt.timedelta(days=1))
    return night_of(pub_local.replace(tzinfo=None))


def _window(
    info: NightInfo, tokens: list[Token], sp: Spans, night: dt.date, *, daytime: bool = False
) -> None:
    """Window start ("з 18:40 20 серпня", "from 18:00") and end ("станом на 09:00").

    An overnight window's afternoon/evening times belong to the evening before its label; a
    daytime window's times all belong to its own date.
    """
    times = _times(tokens[:200], sp)
    if not times:
        return
    for i, h, mi in times:
        prev = tokens[i - 1].key if i >= 1 else ""
        prev2 = tokens[i - 2].key if i >= 2 else ""
        if prev in ("з", "from", "since", "із") and info.window_start is None:
            day = night - dt.timedelta(days=1) if h >= 12 and not daytime else night
            info.window_start = to_utc(dt.datetime(day.year, day.month, day.day, h, mi))
        elif (prev in ("на", "of", "до", "until", "to") and prev2 in ("станом", "as", "стану")) or (
            prev in ("до", "until", "to") and info.window_start is not None
        ):
            day = night if h < 15 or daytime else night - dt.timedelta(days=1)
            if info.window_end is None:
                info.window_end = to_utc(dt.datetime(day.year, day.month, day.day, h, mi))
