"""One pass over channels: fetch new pages, archive them, ingest their posts, move positions.

Per channel a pass reads (1) from the newest page back to the last position (``synced_to``),
then (2) with ``since``, from the oldest post read (``floor_id``) further back until that date.
The posts of a page are read, then stored with their readings and the touched nights
re-resolved in one transaction per page (``strikewatch.ingest.store_read_texts``); a post
already seen with the same text is not read again. An edited post (same
id, new text) is a new reading of the same identity ``t.me/CHANNEL/ID``. Nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from strikewatch.domain import KYIV
from strikewatch.follow import state
from strikewatch.follow.archive import Archive
from strikewatch.follow.channels import Channel
from strikewatch.follow.client import PoliteClient
from strikewatch.follow.parse import Page, PageError, Post, TruncatedPage, parse_page
from strikewatch.ingest import Document, read_for_ingest, store_read_texts, with_suggestions

LOCK = "follow"
MAX_PAGES = 5_000


@dataclass
class FollowReport:
    posts_seen: int = 0
    posts_new: int = 0
    posts_edited: int = 0
    claims_written: int = 0
    pages_fetched: int = 0
    nights_touched: set[dt.date] = field(default_factory=set)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "posts_seen": self.posts_seen,
            "posts_new": self.posts_new,
            "posts_edited": self.posts_edited,
            "claims_written": self.claims_written,
            "pages_fetched": self.pages_fetched,
            "nights_touched": sorted(self.nights_touched),
            "channels": self.channels,
            "errors": self.errors,
        }


class ChannelRun:
    """The state of one pass over one channel."""

    def __init__(self, engine: Engine, client: PoliteClient | None, archive: Archive, ch: Channel,
                 report: FollowReport) -> None:  # fmt: skip
        self.engine, self.client, self.archive, self.ch, self.report = (
            engine, client, archive, ch, report,
        )  # fmt: skip
        self.seen: set[int] = set()

    def fetch(self, before: int | None) -> Page:
        """Fetch, archive and parse one page; a truncated page is fetched again."""
        assert self.client is not None, "fetching needs a client"
        path = f"/s/{self.ch.name}" + (f"?before={before}" if before is not None else "")
        url = f"{self.client.base_url}{path}"
        for attempt in range(self.client.retries + 1):
            etag, modified, sha = state.last_validators(self.engine, url)
            fetched = self.client.get(path, etag=etag, last_modified=modified)
            self.report.pages_fetched += 1
            if fetched.status == 304 and sha is not None:
                body = self.archive.get(sha)
            else:
                body = fetched.body
                sha = self.archive.put(body)
            try:
                page = parse_page(body.decode("utf-8", errors="replace"), self.ch.name, url)
            except PageError as err:
                state.record_page(self.engine, self.ch.name, fetched, sha, len(body), 0, str(err))
                if isinstance(err, TruncatedPage) and attempt < self.client.retries:
                    self.client.pause(attempt, None)
                    continue
                raise
            state.record_page(
                self.engine, self.ch.name, fetched, sha, len(body), len(page.posts), None
            )
            return page
        raise AssertionError("unreachable")  # pragma: no cover

    def ingest(self, page: Page, position: state.Position | None = None) -> None:
        """Read a page's new and edited posts, then store them, their readings and the posts
        seen in one transaction with the touched nights resolved once (a page is all or
        nothing; kill -9 leaves the page to the next run)."""
        from strikewatch.ledger.connection import write_transaction
        from strikewatch.ledger.writes import current_readings

        posts = [p for p in page.posts if p.post_id not in self.seen]
        self.seen.update(p.post_id for p in posts)
        known = state.known_posts(self.engine, self.ch.name, [p.post_id for p in posts])
        docs = []
        for post in posts:
            self.report.posts_seen += 1
            digest = state.text_hash(post)
            if post.post_id not in known:
                self.report.posts_new += 1
            elif known[post.post_id] == digest:
                continue  # seen with this very text: nothing to read
            elif digest is not None:
                self.report.posts_edited += 1
            if digest is not None:  # a photo or sticker with no text: recorded, nothing to read
                docs.append(self._document(post))
        items = with_suggestions(self.engine, [read_for_ingest(doc) for doc in docs])
        with write_transaction(self.engine) as conn:
            results = store_read_texts(conn, items) if items else []
            keys = {p.post_id: self.ch.post_key(p.post_id) for p in posts if p.text}
            current = current_readings(conn, list(keys.values()))
            ids = {post_id: current[k][0] for post_id, k in keys.items() if k in current}
            state.write_posts(conn, self.ch.name, posts, known, ids)
            if position is not None:
                state.write_status(conn, self.ch, **_position_values(position))
        for result in results:
            self.report.claims_written += result.claims_written
            self.report.nights_touched.update(result.nights)

    def _document(self, post: Post) -> Document:
        key = self.ch.post_key(post.post_id)
        return Document(
            name=key,
            text=post.text,
            url=self.ch.post_url(post.post_id),
            publisher=self.ch.publisher,
            published=post.posted_at,
            identity_key=key,
            kind="channel_post",
            level=self.ch.level,
        )

    def newest(self, pos: state.Position) -> state.Position:
        """Read from the newest page back to ``synced_to`` (the head page alone on a first run)."""
        before: int | None = None
        head: int | None = None
        low: Page | None = None
        for _ in range(MAX_PAGES):
            page = self.fetch(before)
            self.ingest(page)
            if page.max_id is not None and head is None:
                head = page.max_id
            low = page if page.posts else low
            done = (
                not page.posts
                or page.before is None
                or pos.synced_to is None
                or (page.min_id is not None and page.min_id <= pos.synced_to + 1)
            )
            if done:
                break
            before = page.before
        else:
            raise PageError(f"{self.ch.name}: more than {MAX_PAGES} pages in one pass; stopped")
        if head is None:
            return pos
        if pos.synced_to is None and low is not None:
            pos.floor_id, pos.floor_at = low.min_id, low.posts[0].posted_at
            pos.start_reached = low.before is None
        pos.synced_to = max(head, pos.synced_to or head)
        state.update_status(self.engine, self.ch, **_position_values(pos))
        return pos

    def older(self, pos: state.Position, since: dt.datetime) -> None:
        """Page back from ``floor_id`` until ``since``; the floor moves after every page."""
        for _ in range(MAX_PAGES):
            if pos.start_reached or pos.floor_id is None:
                return
            if pos.floor_at is not None and pos.floor_at < since:
                return
            page = self.fetch(pos.floor_id)
            older = [p for p in page.posts if p.post_id < pos.floor_id]
            if not older:
                pos.start_reached = True
            else:
                pos.floor_id, pos.floor_at = older[0].post_id, older[0].posted_at
                pos.start_reached = page.before is None
            self.ingest(page, pos)  # the page and the floor behind it: one transaction
        raise PageError(f"{self.ch.name}: more than {MAX_PAGES} pages in one pass; stopped")


def _position_values(pos: state.Position) -> dict[str, Any]:
    return {
        "synced_to": pos.synced_to,
        "floor_id": pos.floor_id,
        "floor_at": pos.floor_at,
        "start_reached": pos.start_reached,
    }


def since_start(since: dt.date) -> dt.datetime:
    """``--since DATE``: from the start of that Kyiv-local day."""
    return dt.datetime.combine(since, dt.time(0, 0), tzinfo=KYIV).astimezone(dt.UTC)


def follow_channel(
    engine: Engine, client: PoliteClient, archive: Archive, ch: Channel,
    since: dt.date | None, report: FollowReport,
) -> None:  # fmt: skip
    """One pass over one channel; a failure is recorded in its status and the report."""
    run = ChannelRun(engine, client, archive, ch, report)
    state.update_status(engine, ch, last_fetch=dt.datetime.now(dt.UTC))
    try:
        pos = run.newest(state.position(engine, ch.name))
        if since is not None:
            run.older(pos, since_start(since))
    except PageError as err:
        state.update_status(engine, ch, last_error=str(err))
        report.errors.append(str(err))
    else:
        last_id, last_at = state.newest_post(engine, ch.name)
        state.update_status(
            engine, ch, last_success=dt.datetime.now(dt.UTC), last_error=None,
            last_post_id=last_id, last_post_at=last_at,
        )  # fmt: skip
    pos = state.position(engine, ch.name)
    last_id, last_at = state.newest_post(engine, ch.name)
    report.channels[ch.name] = {
        "last_post_id": last_id,
        "last_post_at": last_at,
        "gaps": state.gaps(engine, ch.name, pos.floor_id, pos.synced_to),
    }


def follow_once(
    engine: Engine, channels: list[Channel], client: PoliteClient, archive: Archive,
    since: dt.date | None = None,
) -> FollowReport:  # fmt: skip
    """One pass over ``channels`` under the ledger's follow lock."""
    from strikewatch.follow import lock

    report = FollowReport()
    with lock.held(engine, LOCK, "strikewatch follow"):
        for ch in channels:
            follow_channel(engine, client, archive, ch, since, report)
            lock.heartbeat(engine, LOCK)
    return report
