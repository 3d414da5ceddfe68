"""Retracting and restoring a reading: a logged decision, never a deletion.

``retract`` marks a source ``withdrawn`` (its claims leave resolution but stay visible in
``night``, ``claims --history`` and the API); ``restore`` reverses it. Each records who, when
and why in ``source_actions`` and re-resolves the nights the source's claims touch, all in
one transaction.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from sqlalchemy import Engine, select, update

from strikewatch.errors import Conflict, InputError, NotFound
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import sources
from strikewatch.ledger.writes import nights_of_sources, record_source_action
from strikewatch.resolve import resolve_in

MAX_REASON = 2000


def default_actor() -> str:
    """Who is at the keyboard, for the log (``$STRIKEWATCH_ACTOR`` overrides)."""
    try:
        return os.environ.get("STRIKEWATCH_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def retract(
    engine: Engine, source_id: int, reason: str, actor: str | None = None
) -> dict[str, Any]:
    """Withdraw a reading from resolution (Conflict if it already is)."""
    return _set_withdrawn(engine, source_id, True, reason, actor)


def restore(
    engine: Engine, source_id: int, reason: str, actor: str | None = None
) -> dict[str, Any]:
    """Return a withdrawn reading to resolution (Conflict if it is not withdrawn)."""
    return _set_withdrawn(engine, source_id, False, reason, actor)


def _set_withdrawn(
    engine: Engine, source_id: int, withdrawn: bool, reason: str, actor: str | None
) -> dict[str, Any]:
    reason = (reason or "").strip()
    if not reason:
        raise InputError("a reason is required (it is logged with the decision)", field="reason")
    if len(reason) > MAX_REASON:
        raise InputError(f"longer than {MAX_REASON:,} characters", field="reason")
    action = "retract" if withdrawn else "restore"
    actor = actor or default_actor()
    with write_transaction(engine) as conn:
        row = conn.execute(
            select(sources.c.withdrawn, sources.c.superseded_by, sources.c.title).where(
                sources.c.id == source_id
            )
        ).first()
        if row is None:
            raise NotFound(f"no source {source_id}")
        if bool(row.withdrawn) == withdrawn:
            state = "already withdrawn" if withdrawn else "not withdrawn"
            raise Conflict(f"source {source_id} is {state}; nothing was changed")
        conn.execute(update(sources).where(sources.c.id == source_id).values(withdrawn=withdrawn))
        record_source_action(conn, source_id, action, reason=reason, actor=actor)
        nights = sorted(nights_of_sources(conn, [source_id]))
        resolved = resolve_in(conn, set(nights)) if nights else 0
    return {
        "source_id": source_id,
        "action": action,
        "withdrawn": withdrawn,
        "title": row.title,
        "current_reading": row.superseded_by is None,
        "reason": reason,
        "actor": actor,
        "nights": nights,
        "nights_resolved": resolved,
    }
