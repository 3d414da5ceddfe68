"""Public artefacts under the publication embargo (:mod:`strikewatch.embargo`).

A briefing is a set of sentences written from the night's detail; redacting the sentences
afterwards would leave "Regions hit: Bila Tserkva" in a list the redactor cannot recognise as
places. So a public briefing is *assembled from the redacted detail* (places already coarsened
to their oblast, report texts withheld), and every sentence then passes the name scrub as a
safety net. Alerts are our own wording: their titles and summaries keep their sentences with
fine place names replaced, timed by their night's end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from strikewatch import embargo
from strikewatch.briefing import Briefing
from strikewatch.snapshot import Snapshot


@dataclass(frozen=True)
class Withheld:
    """What a public output says about the embargo: in force or not, until when, how much."""

    active: bool
    hours: float
    held_back: int
    until: str | None  # UTC ISO time the embargo ends; None when the wave end is unknown
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "active": self.active,
            "hours": self.hours,
            "held_back": self.held_back,
            "until": self.until,
            "note": self.note,
        }


def withheld(when: dt.datetime | None, now: dt.datetime, hours: float, held: int) -> Withheld:
    until = None if when is None else (when + dt.timedelta(hours=hours)).isoformat("T", "seconds")
    on = embargo.active(when, now, hours)
    return Withheld(on, hours, held if on else 0, until, embargo.notice(hours))


def _coarse_sources(region_sources: dict[Any, list[Any]]) -> dict[Any, list[Any]]:
    """``region_sources`` keyed by the coarsened place, so the briefing still cites them."""
    out: dict[Any, list[Any]] = {}
    for (place, role), items in region_sources.items():
        coarse, _ = embargo.coarse_place(place)
        out.setdefault((coarse, role), []).extend(items)
    return out


def public_briefing(
    engine: Engine,
    night: dt.date | str | None = None,
    snap: Snapshot | None = None,
    *,
    now: dt.datetime | None = None,
    hours: float = embargo.DEFAULT_HOURS,
) -> tuple[Briefing, Withheld]:
    """The briefing as it may be published at ``now``, and what it withholds.

    Raises LookupError when the ledger has no such night (as ``build_briefing`` does).
    """
    from strikewatch import snapshot as snapshot_mod
    from strikewatch.briefing import assemble
    from strikewatch.ledger import queries
    from strikewatch.views import region_sources

    now = now or dt.datetime.now(dt.UTC)
    snap = snap or snapshot_mod.current(engine)
    night_ts = pd.Timestamp(night).normalize() if night is not None else snap.latest_night
    if night_ts is None:
        raise LookupError("the ledger holds no nights yet")
    detail = queries.night_detail(engine, night_ts.date())
    if detail is None:
        raise LookupError(f"no records for night {night_ts.date().isoformat()}")
    when = embargo.latest_time(detail)
    if not embargo.active(when, now, hours):
        detail = {**detail, "region_sources": region_sources(engine, night_ts.date())}
        return assemble(snap, night_ts, detail), withheld(when, now, hours, 0)
    held = embargo.redact(detail, now=now, hours=hours, when=when)
    sources = embargo.redact(
        {"s": _coarse_sources(region_sources(engine, night_ts.date()))}, now=now, hours=hours,
        when=when, fixed=True,
    )  # fmt: skip
    b = assemble(snap, night_ts, {**held, "region_sources": sources["s"]})
    count = int(held["embargo"]["held_back"]) + _scrub_briefing(b)
    return b, withheld(when, now, hours, count)


def _scrub_briefing(b: Briefing) -> int:
    """Scrub every sentence of a briefing assembled from redacted data (in place): the net
    under the redaction, for a name that reached a sentence some other way."""
    count = 0
    for section in b.sections:
        for point in section.points:
            point.text, n = embargo.scrub_names(point.text)
            count += n
    b.headline, n = embargo.scrub_names(b.headline)
    return count + n


def alert_time(row: dict[str, Any]) -> dt.datetime | None:
    """When an alert's wave is taken to have ended: noon (Kyiv) of its night, as for any
    night known only by its label (not when the alert fired: a run catching up on last
    week's nights must not hold them back again); unknown without a night."""
    return embargo.item_time({"night": row.get("night")})


def public_alert(
    row: dict[str, Any], *, now: dt.datetime, hours: float = embargo.DEFAULT_HOURS
) -> dict[str, Any]:
    """An alert row (or webhook alert body) as it may be published at ``now``; it carries an
    ``embargo`` field saying whether anything was withheld."""
    when = alert_time(row)
    if not embargo.active(when, now, hours):
        return {**row, "embargo": withheld(when, now, hours, 0).as_dict()}
    out = embargo.redact(row, now=now, hours=hours, when=when, generated=True, fixed=True)
    out["embargo"] = withheld(when, now, hours, int(out["embargo"]["held_back"])).as_dict()
    return dict(out)


def html_briefing(
    engine: Engine,
    night: dt.date | str | None = None,
    snap: Snapshot | None = None,
    *,
    private: bool = False,
    now: dt.datetime | None = None,
    hours: float | None = None,
) -> tuple[str, Briefing]:
    """The self-contained HTML briefing, a public artefact: under the embargo unless
    ``private`` (local use, explicitly asked for). ``hours`` defaults to the configured one."""
    from strikewatch.briefing import build_briefing
    from strikewatch.render.html import to_html

    if private:
        b = build_briefing(engine, night, snap)
        return to_html(b), b
    hours = embargo.public_settings()[1] if hours is None else hours
    b, held = public_briefing(engine, night, snap, now=now, hours=hours)
    return to_html(b, held), b
