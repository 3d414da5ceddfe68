"""Logged decisions about sources (``source_actions``): reading and appending them.

A decision never edits a claim. An ``attach`` says "this source's claims belong to night D"
(a text the reader could not date, or dated wrongly); the resolver reads the latest attach of
each source through ``attached_nights`` and files the source's claims under that night.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from strikewatch.ledger.schema import claims, source_actions

ATTACH = "attach"


def attached_nights(
    conn: Connection, source_ids: Sequence[int] | None = None
) -> dict[int, dt.date]:
    """``{source_id: night}`` from each source's latest attach decision (of ``source_ids``
    only when given: a ``reread`` partition asks for its own).

    Decisions are made by hand, so the table is small and read whole.
    """
    query = (
        select(source_actions.c.source_id, source_actions.c.night)
        .where(source_actions.c.action == ATTACH, source_actions.c.night.is_not(None))
        .order_by(source_actions.c.id)
    )
    if source_ids is not None:
        query = query.where(source_actions.c.source_id.in_(source_ids))
    rows = conn.execute(query)
    return {int(source_id): night for source_id, night in rows}  # later ids win


def night_filter(attached: dict[int, dt.date], nights: set[dt.date] | None) -> Any:
    """A WHERE clause for claims that may be filed under ``nights`` (all when None): by their
    own night, or by their source's attach decision. A superset: the caller keeps the rows
    whose ``attached.get(source_id, night)`` is one of ``nights`` (a source attached
    elsewhere leaves its own night).
    """
    own = (
        claims.c.night.is_not(None)
        if nights is None
        else claims.c.night.between(min(nights), max(nights))
    )
    moved = [s for s, n in attached.items() if nights is None or n in nights]
    return or_(own, claims.c.source_id.in_(moved)) if moved else own


def log_action(
    conn: Connection,
    source_id: int,
    action: str,
    *,
    night: dt.date | None = None,
    reason: str | None = None,
    actor: str | None = None,
) -> int:
    """Append one decision inside the caller's transaction; returns its id."""
    result = conn.execute(
        insert(source_actions).returning(source_actions.c.id),
        {
            "source_id": source_id,
            "action": action,
            "night": night,
            "reason": reason,
            "actor": actor,
            "at": dt.datetime.now(dt.UTC),
        },
    )
    return int(result.scalar_one())


#: Not a decision: the text reader's best-match night for a source it could not date. The
#: resolver never reads it (``attached_nights`` reads attach rows only); an attach decides.
SUGGEST = "suggest"


def latest_suggestion(conn: Connection, source_id: int) -> dict[str, Any] | None:
    """The latest suggested night of one source (night, reason, actor, at), or None."""
    row = conn.execute(
        select(source_actions.c.night, source_actions.c.reason, source_actions.c.actor,
               source_actions.c.at)
        .where(source_actions.c.source_id == source_id, source_actions.c.action == SUGGEST)
        .order_by(source_actions.c.id.desc())
        .limit(1)
    ).first()  # fmt: skip
    return None if row is None else dict(row._mapping)


def source_id_by_hash(conn: Connection, content_hash: str) -> int | None:
    """The id of the stored source with this content hash, or None."""
    from strikewatch.ledger.schema import sources

    found = conn.execute(select(sources.c.id).where(sources.c.content_hash == content_hash))
    row = found.first()
    return None if row is None else int(row[0])
