"""A suggested night for a text the reader could not date: its best match, kept, never counted.

A text ingested without a night (no date in it, no publication time, or a date without a year)
is stored with its claims filed under no night. The reader's best match among the ledger's
nights (``readers.text.matching``: how well each night's resolved figures fit the text's
launched figures; only nights of the stated day when the text names one without a year) is
kept as a ``suggest`` row in ``source_actions``: it says which night and why, and the ready
``strikewatch attach`` command files the text there as a logged decision. A suggestion is not
a decision: the resolver never reads it, so it is in no figure until someone attaches.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strikewatch.ledger.actions import SUGGEST, latest_suggestion, log_action, source_id_by_hash

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from strikewatch.readers.text.reader import ReadResult

#: A best match scoring below this is no suggestion at all (the figures fit no night).
MIN_SCORE = 0.2
_NO_YEAR = re.compile(r"^night_year_unknown:(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Suggestion:
    night: dt.date
    reason: str
    source_id: int | None = None

    def command(self) -> str | None:
        if self.source_id is None:
            return None
        return f"strikewatch attach {self.source_id} --night {self.night.isoformat()}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "night": self.night,
            "reason": self.reason,
            "source_id": self.source_id,
            "counted": False,  # a suggestion is in no figure until it is attached
            "attach": self.command(),
        }


def _month_day(flags: list[str]) -> tuple[int, int] | None:
    for flag in flags:
        if m := _NO_YEAR.match(flag):
            return int(m.group(1)), int(m.group(2))
    return None


def best_match(engine: Engine, result: ReadResult) -> Suggestion | None:
    """The reader's best-match night for an undated reading, or None when nothing fits."""
    import pandas as pd

    from strikewatch.ledger import queries
    from strikewatch.readers.text.matching import claim_kinds, match_nights
    from strikewatch.tables import nightly_totals

    if result.night is not None or not claim_kinds(result.claims):
        return None
    nightly = nightly_totals(queries.figures(engine))
    day = _month_day(result.flags)
    if day is not None and not nightly.empty:
        when = pd.to_datetime(nightly["night"])
        nightly = nightly[(when.dt.month == day[0]) & (when.dt.day == day[1])]
    ranked = match_nights(result.claims, nightly, top=2)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    night, score, why = ranked[0]
    reason = f"the reader's best match (fit {score:.2f}): {why}"
    if day is not None:
        reason += f"; only nights of {day[1]:02d}-{day[0]:02d}: the text gives no year"
    if len(ranked) > 1:
        reason += f"; next best {ranked[1][0].isoformat()} (fit {ranked[1][1]:.2f})"
    return Suggestion(night, reason)


def record(conn: Connection, content_hash: str, suggestion: Suggestion) -> Suggestion:
    """Keep ``suggestion`` for the source just stored (inside the caller's transaction)."""
    from strikewatch.readers.text import READER, VERSION

    source_id = source_id_by_hash(conn, content_hash)
    if source_id is None:  # pragma: no cover - the caller has just stored it
        return suggestion
    log_action(conn, source_id, SUGGEST, night=suggestion.night, reason=suggestion.reason,
               actor=f"{READER} {VERSION}")  # fmt: skip
    return Suggestion(suggestion.night, suggestion.reason, source_id)


def for_source(conn: Connection, source_id: int) -> Suggestion | None:
    """The standing suggestion of a source: its latest, while the source is filed under no
    night (an attach, or a night of its own, supersedes it)."""
    from strikewatch.attach import filed_nights

    found = latest_suggestion(conn, source_id)
    if found is None or found["night"] is None or filed_nights(conn, source_id)[0]:
        return None
    return Suggestion(found["night"], str(found["reason"] or ""), source_id)


def standing(engine: Engine, source_id: int) -> dict[str, Any] | None:
    """:func:`for_source` as JSON (the API's source view and ``ingest``'s re-run note)."""
    with engine.connect() as conn:
        found = for_source(conn, source_id)
    return found.as_dict() if found is not None else None
