"""How fresh each source is: the dataset's latest night and each channel's last post and fetch.

A channel is *stale* when its last fetch failed, when no fetch has succeeded for
``stale_after``, or when it has been silent for longer than usual (the 95th percentile of the
intervals between its recent posts, at least ``MIN_USUAL``): a silent Air Force channel on a
night of attacks more likely means a broken reader or a blocked preview than a quiet sky. The
dataset is stale when its newest night is older than ``DATASET_STALE`` (it is updated about
weekly).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import Engine, func, select

from strikewatch.follow.state import utc
from strikewatch.ledger.schema import channel_posts, channel_status, claims, dataset_releases

STALE_AFTER = dt.timedelta(hours=1)
MIN_USUAL = dt.timedelta(hours=6)
DATASET_STALE = dt.timedelta(days=14)
_RECENT = 200


def usual_silence(times: list[dt.datetime]) -> dt.timedelta:
    """The 95th percentile of intervals between consecutive posts (at least MIN_USUAL)."""
    ordered = sorted(times)
    gaps = sorted(b - a for a, b in itertools.pairwise(ordered))
    if not gaps:
        return MIN_USUAL
    return max(MIN_USUAL, gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))])


def _hours(delta: dt.timedelta | None) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 3600, 1)


def channel_freshness(
    row: Any, recent: list[dt.datetime], now: dt.datetime, stale_after: dt.timedelta
) -> dict[str, Any]:
    """Pure: one channel's status entry from its row and recent post times."""
    last_seen, last_success = utc(row.last_post_at), utc(row.last_success)
    usual = usual_silence(recent)
    warnings = []
    if row.last_error:
        warnings.append(f"last fetch failed: {row.last_error}")
    if last_success is None:
        warnings.append("never fetched successfully")
    elif now - last_success > stale_after:
        warnings.append(f"no successful fetch for {_hours(now - last_success)} h")
    if last_seen is not None and now - last_seen > usual:
        warnings.append(
            f"silent for {_hours(now - last_seen)} h (usually at most {_hours(usual)} h)"
        )
    return {
        "kind": "channel",
        "publisher": row.publisher,
        "level": row.level,
        "last_seen": last_seen,
        "last_post_id": row.last_post_id,
        "last_fetch": utc(row.last_fetch),
        "last_success": last_success,
        "last_error": row.last_error,
        "usual_silence_hours": _hours(usual),
        "stale": bool(warnings),
        "warnings": warnings,
    }


def dataset_freshness(last_night: dt.date | None, release: Any, now: dt.datetime) -> dict[str, Any]:
    """Pure: the dataset's status entry from its newest night and newest recorded release."""
    warnings = []
    if last_night is None:
        warnings.append("no dataset imported")
    else:
        age = now.date() - last_night
        if age > DATASET_STALE:
            warnings.append(f"newest night {last_night} is {age.days} days old")
    return {
        "kind": "dataset",
        "last_seen": last_night,
        "last_fetch": None if release is None else utc(release.fetched_at),
        "version": None if release is None else release.version,
        "sha256": None if release is None else release.sha256,
        "official": None if release is None else bool(release.official),
        "origin": None if release is None else release.origin,
        "stale": bool(warnings),
        "warnings": warnings,
    }


def status(
    engine: Engine, now: dt.datetime | None = None, stale_after: dt.timedelta = STALE_AFTER
) -> dict[str, Any]:
    """Every source's freshness: ``{"now", "sources": {"dataset": …, "t.me/NAME": …}}``."""
    now = now or dt.datetime.now(dt.UTC)
    out: dict[str, Any] = {}
    with engine.connect() as conn:
        last_night = conn.execute(
            select(claims.c.night)
            .where(claims.c.reader == "dataset", claims.c.night.is_not(None))
            .order_by(claims.c.night.desc())
            .limit(1)
        ).scalar()
        release = conn.execute(
            select(dataset_releases).order_by(dataset_releases.c.id.desc()).limit(1)
        ).first()
        out["dataset"] = dataset_freshness(last_night, release, now)
        for row in conn.execute(select(channel_status).order_by(channel_status.c.channel)).all():
            recent = [
                t
                for (t,) in conn.execute(
                    select(channel_posts.c.posted_at)
                    .where(channel_posts.c.channel == row.channel)
                    .order_by(channel_posts.c.post_id.desc())
                    .limit(_RECENT)
                )
                if t is not None
            ]
            entry = channel_freshness(row, [utc(t) for t in recent], now, stale_after)  # type: ignore[misc]
            entry["posts_known"] = conn.execute(
                select(func.count()).where(channel_posts.c.channel == row.channel)
            ).scalar_one()
            out[f"t.me/{row.channel}"] = entry
    return {"now": now, "stale": any(v["stale"] for v in out.values()), "sources": out}
