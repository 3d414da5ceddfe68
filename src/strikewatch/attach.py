"""Attaching a stored text to a night, or relabelling it: a new, logged decision.

The use case behind ``strikewatch attach SOURCE_ID --night DATE`` and
``POST /api/sources/{id}/attach``. Claims are never edited: the decision is appended to
``source_actions`` and the resolver files the source's claims under the decided night
(``ledger.actions.night_filter``). The nights the source leaves and the night it joins are
re-resolved in the same transaction, so no reader ever sees the decision half-applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from strikewatch.errors import InputError, NotFound
from strikewatch.ledger.actions import ATTACH, attached_nights, log_action
from strikewatch.ledger.schema import claims, sources


@dataclass(frozen=True)
class AttachResult:
    source_id: int
    night: dt.date
    previous_nights: list[dt.date]  # where the source's claims were filed before
    attached: bool  # False when they were already filed under ``night`` (nothing logged)
    claims: int  # the source's count and place claims, now filed under ``night``
    action_id: int | None
    nights_resolved: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "night": self.night,
            "previous_nights": self.previous_nights,
            "attached": self.attached,
            "claims": self.claims,
            "action_id": self.action_id,
            "nights_resolved": self.nights_resolved,
        }


def filed_nights(conn: Connection, source_id: int) -> tuple[list[dt.date], int]:
    """(nights the source's figures are filed under now, how many count/place claims it has)."""
    rows = conn.execute(
        select(claims.c.night).where(
            claims.c.source_id == source_id, claims.c.kind.in_(("count", "place"))
        )
    ).all()
    moved = attached_nights(conn).get(source_id)
    if moved is not None:
        return ([moved] if rows else []), len(rows)
    return sorted({n for (n,) in rows if n is not None}), len(rows)


def attach_source(
    engine: Engine,
    source_id: int,
    night: dt.date,
    *,
    reason: str | None = None,
    actor: str | None = None,
) -> AttachResult:
    """File source ``source_id``'s claims under ``night``, logged, and re-resolve, in one
    transaction. NotFound for no such source; InputError for a source with no figures."""
    from strikewatch.ledger.connection import write_transaction
    from strikewatch.resolve import resolve_in

    with write_transaction(engine) as conn:
        found = conn.execute(select(sources.c.id).where(sources.c.id == source_id)).first()
        if found is None:
            raise NotFound(f"no source {source_id} in the ledger")
        before, n_claims = filed_nights(conn, source_id)
        if not n_claims:
            raise InputError(
                "states no figures or places, so there is nothing to attach",
                where=f"source {source_id}",
            )
        if before == [night]:
            return AttachResult(source_id, night, before, False, n_claims, None, 0)
        action_id = log_action(conn, source_id, ATTACH, night=night, reason=reason, actor=actor)
        resolved = resolve_in(conn, {*before, night})
    return AttachResult(source_id, night, before, True, n_claims, action_id, resolved)


def stored_source(engine: Engine, content_hash: str) -> tuple[int, list[dt.date]] | None:
    """(id, filed nights) of the stored source with this content hash, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(sources.c.id).where(sources.c.content_hash == content_hash))
        found = row.first()
        if found is None:
            return None
        return int(found[0]), filed_nights(conn, int(found[0]))[0]


def rerun_note(engine: Engine, text: str, night: dt.date | None) -> dict[str, Any]:
    """What a re-run over an already stored text did: nothing, and where the text is filed.

    ``ingest --night D`` over a stored text never moves it (that is a decision: ``attach``);
    this says so plainly, with the command that would.
    """
    from strikewatch.domain import content_hash

    found = stored_source(engine, content_hash("text", text))
    if found is None:
        return {"attached": False, "note": "nothing written"}
    source_id, filed = found
    where = ", ".join(n.isoformat() for n in filed) or "no night"
    note = f"already in the ledger as source {source_id}, filed under {where}"
    from strikewatch.suggest import standing

    suggestion = standing(engine, source_id) if night is None else None
    if night is None:
        note += "; nothing written"
    if suggestion is not None:
        note += f"; suggested night {suggestion['night']}: {suggestion['attach']}"
    elif filed == [night]:
        note += f"; nothing new attached to {night}"
    else:
        note += (
            f"; nothing attached to {night}. To file it there: "
            f"strikewatch attach {source_id} --night {night}"
        )
    out = {"attached": False, "source_id": source_id, "filed_under": filed, "note": note}
    return out | ({"suggestion": suggestion} if suggestion is not None else {})
