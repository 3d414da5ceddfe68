"""The watch outbox: which alert still has to reach which webhook (``alert_deliveries``).

A delivery is ``pending`` until a webhook answered 2xx, then ``delivered``; a failed attempt
keeps it pending with a later ``next_attempt_at`` (back-off decided by the caller). A run
*claims* a due delivery with a conditional update before sending it, so two watch processes
racing over the same outbox send each alert to each webhook once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, and_, select, update
from sqlalchemy.exc import IntegrityError

from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import alert_deliveries as d
from strikewatch.ledger.schema import alerts

PENDING = "pending"
DELIVERED = "delivered"


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive UTC, PostgreSQL aware times: make both aware UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def enqueue(
    engine: Engine,
    alert_id: int,
    webhooks: Sequence[tuple[str, str]],
    now: dt.datetime,
    *,
    reset: bool = False,
) -> None:
    """Make sure ``alert_id`` has a delivery per ``(url_key, url_shown)``, due now.

    ``reset`` (``--resend``) makes an existing delivery pending and due again.
    """
    for key, shown in webhooks:
        try:
            with write_transaction(engine) as conn:
                conn.execute(
                    d.insert().values(
                        alert_id=alert_id,
                        url_key=key,
                        url_shown=shown,
                        status=PENDING,
                        attempts=0,
                        next_attempt_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            if reset:
                with write_transaction(engine) as conn:
                    conn.execute(
                        update(d)
                        .where(and_(d.c.alert_id == alert_id, d.c.url_key == key))
                        .values(status=PENDING, next_attempt_at=now, updated_at=now)
                    )


def due(engine: Engine, url_keys: Sequence[str], now: dt.datetime) -> list[dict[str, Any]]:
    """Pending deliveries to these webhooks whose next attempt is due, oldest alert first."""
    if not url_keys:
        return []
    query = (
        select(d, alerts.c.night, alerts.c.rule, alerts.c.title, alerts.c.payload)
        .join(alerts, alerts.c.id == d.c.alert_id)
        .where(d.c.status == PENDING, d.c.next_attempt_at <= now, d.c.url_key.in_(url_keys))
        .order_by(d.c.alert_id, d.c.id)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def claim(engine: Engine, delivery_id: int, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Take a due delivery for this run (True) unless another run took it first (False)."""
    with write_transaction(engine) as conn:
        result = conn.execute(
            update(d)
            .where(d.c.id == delivery_id, d.c.status == PENDING, d.c.next_attempt_at <= now)
            .values(next_attempt_at=now + lease, updated_at=now)
        )
        return bool(result.rowcount)


def record(
    engine: Engine,
    delivery_id: int,
    *,
    ok: bool,
    attempts: int,
    status: int | None,
    error: str | None,
    now: dt.datetime,
    next_attempt_at: dt.datetime,
) -> None:
    """Store the outcome of one run's attempts at a delivery."""
    values: dict[str, Any] = {
        "attempts": d.c.attempts + attempts,
        "last_status": status,
        "last_error": None if ok else error,
        "updated_at": now,
    }
    if ok:
        values.update(status=DELIVERED, delivered_at=now, next_attempt_at=now)
    else:
        values.update(next_attempt_at=next_attempt_at)
    with write_transaction(engine) as conn:
        conn.execute(update(d).where(d.c.id == delivery_id).values(**values))


def pending(engine: Engine) -> list[dict[str, Any]]:
    """Every delivery not yet accepted by its webhook, with its alert, oldest first."""
    query = (
        select(
            d.c.id,
            d.c.alert_id,
            alerts.c.night,
            alerts.c.rule,
            d.c.url_shown,
            d.c.attempts,
            d.c.last_status,
            d.c.last_error,
            d.c.next_attempt_at,
        )
        .join(alerts, alerts.c.id == d.c.alert_id)
        .where(d.c.status == PENDING)
        .order_by(d.c.alert_id, d.c.id)
    )
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["next_attempt_at"] = _utc(row["next_attempt_at"])
    return rows


def alert_exists(engine: Engine, alert_id: int) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(alerts.c.id).where(alerts.c.id == alert_id)).first() is not None
