"""Read side of revisions and retractions: which readings a report had, what changed, who
withdrew what and why. Used by ``night`` (``revisions``), ``claims --history`` and the API.

A report's readings are linked by ``sources.superseded_by`` (older → newer); a reading is
``current`` (used by the resolver), ``superseded`` (a newer reading replaced it) or
``withdrawn`` (retracted by a logged decision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, select

from strikewatch.ledger.schema import claims, source_actions, sources
from strikewatch.serial import jsonable, utc_iso

_CHUNK = 500
#: A report's readings are followed at most this far (a chain longer than this is cut).
_MAX_HOPS = 50


def _row_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A claim row as plain values, without its internal hash."""
    row.pop("claim_hash", None)
    return {k: utc_iso(v) if isinstance(v, dt.datetime) else jsonable(v) for k, v in row.items()}


def reading_state(superseded_by: int | None, withdrawn: bool) -> str:
    if withdrawn:
        return "withdrawn"
    return "current" if superseded_by is None else "superseded"


def _linked(conn: Connection, seed: set[int]) -> dict[int, Any]:
    """The seed sources and every earlier or later reading linked to them."""
    cols = (
        sources.c.id,
        sources.c.identity_key,
        sources.c.revision,
        sources.c.superseded_by,
        sources.c.withdrawn,
        sources.c.seen_at,
        sources.c.title,
        sources.c.url,
    )
    found: dict[int, Any] = {}
    frontier = set(seed)
    for _ in range(_MAX_HOPS):
        frontier -= set(found)
        if not frontier:
            break
        ids = sorted(frontier)
        rows: list[Any] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            rows += conn.execute(select(*cols).where(sources.c.id.in_(chunk))).all()
            rows += conn.execute(select(*cols).where(sources.c.superseded_by.in_(chunk))).all()
        frontier = set()
        for r in rows:
            found.setdefault(r.id, r)
            frontier.add(r.id)
            if r.superseded_by is not None:
                frontier.add(r.superseded_by)
    return found


def _actions(conn: Connection, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    ids = sorted(ids)
    for i in range(0, len(ids), _CHUNK):
        query = (
            select(source_actions)
            .where(source_actions.c.source_id.in_(ids[i : i + _CHUNK]))
            .order_by(source_actions.c.id)
        )
        for a in conn.execute(query):
            out.setdefault(a.source_id, []).append(
                {
                    "action": a.action,
                    "reason": a.reason,
                    "actor": a.actor,
                    "at": utc_iso(a.at),
                    "night": a.night.isoformat() if a.night else None,
                }
            )
    return out


def _figures_of(conn: Connection, ids: list[int], night: dt.date) -> dict[int, dict[tuple, Any]]:
    """Per source: (model, outcome, qualifier) → value of its count claims on ``night``."""
    out: dict[int, dict[tuple, Any]] = {i: {} for i in ids}
    query = select(
        claims.c.source_id, claims.c.model, claims.c.outcome, claims.c.qualifier, claims.c.value
    ).where(claims.c.source_id.in_(ids), claims.c.kind == "count", claims.c.night == night)
    for source_id, model, outcome, qualifier, value in conn.execute(query):
        out[source_id][(model, outcome, qualifier)] = jsonable(value)
    return out


def _changes(before: dict[tuple, Any], after: dict[tuple, Any]) -> list[dict[str, Any]]:
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: tuple(str(x) for x in k)):
        if before.get(key) != after.get(key):
            model, outcome, qualifier = key
            changes.append(
                {
                    "model": model,
                    "outcome": outcome,
                    "qualifier": qualifier,
                    "before": before.get(key),
                    "after": after.get(key),
                }
            )
    return changes


def _chains(found: dict[int, Any]) -> list[list[Any]]:
    """Readings grouped by report, oldest first."""
    later = {r.superseded_by for r in found.values() if r.superseded_by is not None}
    chains = []
    for root in sorted(i for i in found if i not in later):
        chain: list[Any] = []
        seen: set[int] = set()
        node = found.get(root)
        while node is not None and node.id not in seen and len(chain) < _MAX_HOPS:
            chain.append(node)
            seen.add(node.id)
            node = found.get(node.superseded_by) if node.superseded_by is not None else None
        chains.append(chain)
    return chains


def night_revisions(engine: Engine, night: dt.date) -> list[dict[str, Any]]:
    """The reports of ``night`` that have more than one reading, or a withdrawn one, or a
    logged decision: every reading with its state, when it was seen and what it changed."""
    with engine.connect() as conn:
        seed = {
            r[0]
            for r in conn.execute(
                select(claims.c.source_id).where(claims.c.night == night).distinct()
            )
        }
        if not seed:
            return []
        flagged = {
            r[0]
            for r in conn.execute(
                select(sources.c.id).where(
                    sources.c.id.in_(sorted(seed)),
                    (sources.c.revision > 1)
                    | sources.c.superseded_by.is_not(None)
                    | sources.c.withdrawn,
                )
            )
        }
        actions = _actions(conn, seed)
        found = _linked(conn, flagged | set(actions))
        if not found:
            return []
        figures = _figures_of(conn, sorted(found), night)
        actions |= _actions(conn, set(found) - set(actions))
    out = []
    for chain in _chains(found):
        readings, previous = [], None
        for r in chain:
            readings.append(
                {
                    "source_id": r.id,
                    "revision": r.revision,
                    "state": reading_state(r.superseded_by, bool(r.withdrawn)),
                    "seen_at": utc_iso(r.seen_at),
                    "superseded_by": r.superseded_by,
                    "title": r.title,
                    "url": r.url,
                    "changes": []
                    if previous is None
                    else _changes(figures[previous], figures[r.id]),
                    "actions": actions.get(r.id, []),
                }
            )
            previous = r.id
        out.append({"identity_key": chain[-1].identity_key, "readings": readings})
    return out


def claims_view(
    engine: Engine,
    night: dt.date | None = None,
    kind: str | None = None,
    limit: int = 200,
    offset: int = 0,
    history: bool = False,
) -> list[dict[str, Any]]:
    """Claims with their source and reading state. Without ``history`` only the claims of
    current readings (what the resolver uses); with it every reading's claims, each with
    ``reading`` (current/superseded/withdrawn), ``revision``, ``seen_at`` and ``actions``."""
    query = (
        select(
            claims,
            sources.c.url,
            sources.c.publisher,
            sources.c.kind.label("source_kind"),
            sources.c.revision,
            sources.c.superseded_by,
            sources.c.withdrawn,
            sources.c.seen_at,
        )
        .join(sources, sources.c.id == claims.c.source_id)
        .order_by(claims.c.night.desc(), claims.c.source_id, claims.c.id)
        .limit(limit)
        .offset(offset)
    )
    if night is not None:
        query = query.where(claims.c.night == night)
    if kind is not None:
        query = query.where(claims.c.kind == kind)
    if not history:
        query = query.where(sources.c.superseded_by.is_(None), sources.c.withdrawn.is_(False))
    with engine.connect() as conn:
        rows = [_row_dict(dict(r._mapping)) for r in conn.execute(query)]
        actions = _actions(conn, {r["source_id"] for r in rows}) if history else {}
    for r in rows:
        r["reading"] = reading_state(r["superseded_by"], bool(r["withdrawn"]))
        if history:
            r["actions"] = actions.get(r["source_id"], [])
    return rows
