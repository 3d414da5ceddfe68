"""The follower's own rows: fetched pages, posts seen, and each channel's reading position.

``channel_status`` says how far a channel has been read: every post from ``floor_id`` up to
``synced_to`` has been seen (``start_reached`` once the channel's first post was). Positions
move only after the pages behind them are stored, so a follower killed mid-run redoes at most
the pages since the last position and the next run completes the work.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from strikewatch.domain import content_hash
from strikewatch.follow.channels import Channel
from strikewatch.follow.client import Fetched
from strikewatch.follow.parse import PARSER_VERSION, Post
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import channel_posts, channel_status, raw_pages

MAX_GAPS = 100


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive UTC times; make every time aware."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass
class Position:
    synced_to: int | None = None
    floor_id: int | None = None
    floor_at: dt.datetime | None = None
    start_reached: bool = False


def position(engine: Engine, name: str) -> Position:
    with engine.connect() as conn:
        row = conn.execute(select(channel_status).where(channel_status.c.channel == name)).first()
    if row is None:
        return Position()
    return Position(row.synced_to, row.floor_id, utc(row.floor_at), bool(row.start_reached))


def update_status(engine: Engine, ch: Channel, **values: Any) -> None:
    """Upsert the channel's row with ``values`` (one short transaction)."""
    with write_transaction(engine) as conn:
        write_status(conn, ch, **values)


def write_status(conn: Connection, ch: Channel, **values: Any) -> None:
    """Upsert the channel's row inside the caller's transaction (a position moves in the
    transaction that stores the page behind it)."""
    present = conn.execute(
        select(channel_status.c.channel).where(channel_status.c.channel == ch.name)
    ).first()
    values = {"publisher": ch.publisher, "level": str(ch.level), **values}
    if present is None:
        conn.execute(insert(channel_status), {"channel": ch.name, **values})
    else:
        conn.execute(
            update(channel_status).where(channel_status.c.channel == ch.name).values(**values)
        )


def last_validators(engine: Engine, url: str) -> tuple[str | None, str | None, str | None]:
    """(etag, last_modified, sha256) of the newest good copy of ``url``, for a conditional GET."""
    with engine.connect() as conn:
        row = conn.execute(
            select(raw_pages.c.etag, raw_pages.c.last_modified, raw_pages.c.sha256)
            .where(raw_pages.c.url == url, raw_pages.c.error.is_(None))
            .order_by(raw_pages.c.id.desc())
            .limit(1)
        ).first()
    return (row[0], row[1], row[2]) if row else (None, None, None)


def record_page(
    engine: Engine, channel: str, fetched: Fetched, sha256: str, size: int, posts: int,
    error: str | None,
) -> None:  # fmt: skip
    with write_transaction(engine) as conn:
        conn.execute(
            insert(raw_pages),
            {"channel": channel, "url": fetched.url, "fetched_at": fetched.fetched_at,
             "http_status": fetched.status, "sha256": sha256, "size": size,
             "etag": fetched.etag, "last_modified": fetched.last_modified,
             "parser_version": PARSER_VERSION, "posts": posts, "error": error},
        )  # fmt: skip


def text_hash(post: Post) -> str | None:
    return content_hash("text", post.text) if post.text else None


def known_posts(engine: Engine, channel: str, ids: Sequence[int]) -> dict[int, str | None]:
    """post id → text hash of the posts of ``ids`` already seen."""
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(channel_posts.c.post_id, channel_posts.c.text_sha256).where(
                channel_posts.c.channel == channel, channel_posts.c.post_id.in_(list(ids))
            )
        )
        return {int(r[0]): r[1] for r in rows}


def write_posts(
    conn: Connection, channel: str, posts: Sequence[Post], known: dict[int, str | None],
    source_ids: dict[int, int],
) -> None:  # fmt: skip
    """Insert new posts and update seen ones inside the caller's transaction (the follower's
    page transaction, so a page's posts and their readings are stored together or not at
    all); ``source_ids`` maps a post to its current reading. A post is never deleted here."""
    now = dt.datetime.now(dt.UTC)
    fresh = []
    for p in posts:
        h = text_hash(p)
        values: dict[str, Any] = {"posted_at": p.posted_at, "last_seen": now, "text_sha256": h,
                  "edited": p.edited, "media": p.media, "source_id": source_ids.get(p.post_id)}  # fmt: skip
        if p.post_id not in known:
            fresh.append({"channel": channel, "post_id": p.post_id, "first_seen": now,
                          "readings": 1 if h else 0, **values})  # fmt: skip
            continue
        where = (channel_posts.c.channel == channel) & (channel_posts.c.post_id == p.post_id)
        if known[p.post_id] != h:
            values["readings"] = channel_posts.c.readings + 1
        conn.execute(update(channel_posts).where(where).values(**values))
    if fresh:
        conn.execute(insert(channel_posts), fresh)


def gaps(engine: Engine, channel: str, low: int | None, high: int | None) -> list[list[int]]:
    """Ranges ``[first, last]`` of post ids never seen between ``low`` and ``high``.

    A gap is a post deleted upstream, a service message the preview hides, or a post not yet
    read; at most MAX_GAPS ranges are listed.
    """
    if low is None or high is None:
        return []
    with engine.connect() as conn:
        ids = [
            int(r[0])
            for r in conn.execute(
                select(channel_posts.c.post_id)
                .where(channel_posts.c.channel == channel)
                .where(channel_posts.c.post_id.between(low, high))
                .order_by(channel_posts.c.post_id)
            )
        ]
    out: list[list[int]] = []
    for a, b in itertools.pairwise(ids):
        if b > a + 1:
            out.append([a + 1, b - 1])
            if len(out) >= MAX_GAPS:
                break
    return out


def newest_post(engine: Engine, channel: str) -> tuple[int | None, dt.datetime | None]:
    with engine.connect() as conn:
        row = conn.execute(
            select(channel_posts.c.post_id, channel_posts.c.posted_at)
            .where(channel_posts.c.channel == channel)
            .order_by(channel_posts.c.post_id.desc())
            .limit(1)
        ).first()
    return (int(row[0]), utc(row[1])) if row else (None, None)
