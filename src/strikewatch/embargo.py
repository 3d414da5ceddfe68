"""Publication safety: public outputs hold back places finer than an oblast for a while.

Ukraine forbids publishing where strikes land in real time (it guides the next strike). When
strikewatch serves the public (``serve --public``) or writes a public artefact (Atom feed,
webhooks, HTML briefings), every item whose wave ended less than ``hours`` ago (default 12)
shows cities, raions and localities only as their oblast, withholds free text (a report's text
names towns), and the output says so. Local CLI use shows everything.

Pure functions over JSON-like data: ``redact(data, now=...)`` returns a new object and never
touches the ledger. An item whose time is unknown is held back: when in doubt, do not publish.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from typing import Any

from strikewatch.domain import KYIV

DEFAULT_HOURS = 12.0
PUBLIC_ENV = "STRIKEWATCH_PUBLIC"
HOURS_ENV = "STRIKEWATCH_EMBARGO_HOURS"
WITHHELD = "[withheld until the publication embargo ends]"
_FINE_KINDS = frozenset({"city", "raion", "locality"})
_TEXT_KEYS = frozenset({"text", "title", "snippet"})
_TIME_KEYS = ("window_end", "published", "fired_at")
#: Keys whose strings are addresses: never rewritten (a link must stay a link).
_LINK_KEYS = frozenset({"url", "href", "source_url", "urls"})
#: When only a night label is known, its overnight wave is taken to end at noon Kyiv time
#: (later than nearly every overnight wave: the embargo errs on the long side).
_NIGHT_END = dt.time(12, 0)


def public_settings() -> tuple[bool, float]:
    """(public mode, embargo hours) as ``serve --public`` set them for this process."""
    public = os.environ.get(PUBLIC_ENV, "").lower() in ("1", "true", "yes")
    try:
        hours = float(os.environ.get(HOURS_ENV) or DEFAULT_HOURS)
    except ValueError:
        hours = DEFAULT_HOURS
    return public, max(0.0, hours)


def notice(hours: float) -> str:
    """The one sentence every public output shows while it withholds something."""
    return (
        f"Public output: places finer than an oblast and report texts are held back "
        f"for {hours:g} h after each wave ends (publication safety)."
    )


def active(when: dt.datetime | None, now: dt.datetime, hours: float = DEFAULT_HOURS) -> bool:
    """Whether the embargo still holds for a wave that ended at ``when`` (unknown: it does)."""
    return when is None or now < when + dt.timedelta(hours=hours)


def coarse_place(place_id: str) -> tuple[str | None, bool]:
    """(what may be published for ``place_id``, whether it was coarsened).

    A Ukrainian city, raion or locality becomes its oblast; an id the catalog does not know
    is held back entirely (None) because its precision is unknown.
    """
    from strikewatch import catalog

    place = catalog.places().get(place_id)
    if place is None:
        return None, True
    if place.kind in _FINE_KINDS and place.is_ukrainian:
        return place.oblast, True
    return place_id, False


@functools.cache
def _fine_names() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every name (English, Ukrainian, Russian, inflected forms) of a Ukrainian city, raion
    or locality, as one pattern, and what each becomes (its oblast's English name)."""
    from strikewatch import catalog

    places = catalog.places()
    to: dict[str, str] = {}
    for place in places.values():
        if place.kind not in _FINE_KINDS or not place.is_ukrainian:
            continue
        parent = places.get(place.oblast or "")
        for name in place.aliases:
            if len(name) >= 3:
                to.setdefault(name.casefold(), parent.name_en if parent else "withheld")
    if not to:
        return None, to
    names = sorted(to, key=len, reverse=True)
    # not the first word of an oblast's own name ("Odesa oblast", "Kharkiv region")
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)(?!\s+(?:oblast|region))",
        re.IGNORECASE,
    )
    return pattern, to


def is_fine(place: str) -> bool:
    """Whether ``place`` (a catalog id or a name in any form) is finer than an oblast."""
    from strikewatch import catalog

    known = catalog.places().get(place)
    if known is not None:
        return known.kind in _FINE_KINDS and known.is_ukrainian
    return place.strip().casefold() in _fine_names()[1]


def scrub_names(text: str) -> tuple[str, int]:
    """``text`` with every catalogued place finer than an oblast replaced by its oblast, and
    how many were replaced: the safety net for text we generate (titles, summaries)."""
    pattern, to = _fine_names()
    if pattern is None or not text:
        return text, 0
    count = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return to.get(m.group(1).casefold(), "withheld")

    return pattern.sub(swap, text), count


def _as_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str) and len(value) >= 16:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return None


def _night_end(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, _NIGHT_END, tzinfo=KYIV).astimezone(dt.UTC)
    return None


def item_time(item: dict[str, Any], inherited: dt.datetime | None = None) -> dt.datetime | None:
    """When the wave an item speaks of ended: its window end or its publication; else the
    later of noon of its night label and what its container says (``inherited``)."""
    for key in _TIME_KEYS:
        if (when := _as_time(item.get(key))) is not None:
            return when
    night = _night_end(item.get("night"))
    if night is None or inherited is None:
        return night or inherited
    return max(night, inherited)


def latest_time(data: Any) -> dt.datetime | None:
    """The latest time anything in ``data`` speaks of: a night-wide list (its places) is held
    for as long as the night's latest report is."""
    latest: dt.datetime | None = None
    stack = [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, dict):
            when = item_time(obj)
            if when is not None and (latest is None or when > latest):
                latest = when
            stack.extend(v for v in obj.values() if isinstance(v, (dict, list)))
    return latest


class _Redactor:
    """One pass over JSON-like data; ``generated`` data is our own wording (alert titles),
    whose text is scrubbed of fine place names instead of withheld whole."""

    def __init__(
        self, now: dt.datetime, hours: float, generated: bool = False, fixed: bool = False
    ) -> None:
        self.now, self.hours, self.held = now, hours, 0
        self.generated, self.fixed = generated, fixed

    def active(self, when: dt.datetime | None) -> bool:
        return active(when, self.now, self.hours)

    def text(self, value: str) -> str:
        out, n = scrub_names(value)
        self.held += n
        return out

    def walk(self, obj: Any, when: dt.datetime | None, key: str | None = None) -> Any:
        if isinstance(obj, list):
            return [self.walk(x, when, key) for x in obj]
        if isinstance(obj, str):
            held = key not in _LINK_KEYS and self.active(when)
            return self.text(obj) if held else obj
        if not isinstance(obj, dict):
            return obj
        if not self.fixed:
            when = item_time(obj, when)
        if not self.active(when):
            return {k: self.walk(v, when, k) for k, v in obj.items()}
        out: dict[str, Any] = {}
        for k, value in obj.items():
            if k == "place" and isinstance(value, str):
                out[k], changed = coarse_place(value)
                if changed:
                    self.held += 1
                    if "name" in obj:
                        out["name"] = _name_of(out[k])
            elif k in _TEXT_KEYS and isinstance(value, str) and value and not self.generated:
                out[k] = WITHHELD
                self.held += 1
            elif k == "name" and "place" in obj:
                out.setdefault(k, value)
            else:
                out[k] = self.walk(value, when, k)
        return out


def _name_of(place_id: str | None) -> str:
    from strikewatch import catalog

    place = catalog.places().get(place_id) if place_id else None
    return place.name_en if place else "withheld"


def _merge_regions(regions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Coarsened places can repeat (two towns of one oblast): one entry per place and role."""
    merged: dict[tuple[Any, Any], dict[str, Any]] = {}
    for r in regions:
        key = (r.get("place"), r.get("role"))
        if key in merged and isinstance(r.get("n_claims"), int):
            merged[key]["n_claims"] = merged[key].get("n_claims", 0) + r["n_claims"]
        else:
            merged.setdefault(key, dict(r))
    return list(merged.values())


def redact(
    data: Any, *, now: dt.datetime | None = None, hours: float = DEFAULT_HOURS,
    when: dt.datetime | None = None, generated: bool = False, fixed: bool = False,
) -> Any:  # fmt: skip
    """``data`` as it may be published at ``now``: see the module docstring.

    ``when`` is the wave end for data that carries no time of its own (a briefing's body);
    with ``fixed`` it is the time of everything in ``data`` (what the items say is ignored).
    ``generated`` data is our own wording: its text keeps its sentences, names scrubbed.
    A dict result says what was held back under the key ``embargo``.
    """
    now = now or dt.datetime.now(dt.UTC)
    worker = _Redactor(now, hours, generated, fixed)
    out = worker.walk(data, when if fixed else (when or latest_time(data)))
    if isinstance(out, dict):
        if isinstance(out.get("regions"), list):
            out["regions"] = _merge_regions(out["regions"])
        out["embargo"] = {"hours": hours, "held_back": worker.held, "note": notice(hours)}
    return out
