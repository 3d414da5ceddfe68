"""``strikewatch reread``: read the raw archive and stored texts again, offline.

1. Every archived page is parsed again by the current parser; posts it finds that the ledger
   lacks (or holds with other text) are ingested like fresh ones (same use case, one
   transaction per page).
2. Every current text reading (channel posts, reports, articles) is read again by the current
   text reader, in this process, on ``workers`` processes or on a Dask cluster
   (``follow.parallel``). Where the claims differ from the stored ones, the new reading is
   stored as the report's next revision (the old reading and its claims kept, the resolver
   using the newest), written here in bulk and source order, never by a worker. A reading
   held back by a decision (retracted, attached to a night) or whose nights would move is
   reported, not written; ``dry_run`` writes nothing at all (docs/decisions.md, 60).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select

from strikewatch.domain import Source, SourceLevel, content_hash
from strikewatch.follow.archive import Archive
from strikewatch.follow.channels import channel
from strikewatch.follow.follower import ChannelRun, FollowReport
from strikewatch.follow.parallel import id_partitions, read_changes
from strikewatch.follow.parse import Page, PageError, parse_page
from strikewatch.follow.rereading import Change
from strikewatch.follow.state import known_posts, text_hash, utc
from strikewatch.ledger.schema import raw_pages, sources

_TEXT_KINDS = ("channel_post", "report", "article")
#: New readings per write transaction: each is all or nothing, and a killed re-read redoes
#: only what its last transaction had not committed (a stored reading compares equal). The
#: chunks are written while later partitions are read; only the last one is written after the
#: reading ends, so it is kept small (~1 s of writing and resolving, docs/decisions.md, 107).
WRITE_CHUNK = 500


# --- pages -----------------------------------------------------------------------------------


def _archived_pages(engine: Engine, archive: Archive, report: FollowReport) -> list[Page]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(raw_pages.c.channel, raw_pages.c.url, raw_pages.c.sha256)
            .distinct()
            .order_by(raw_pages.c.channel, raw_pages.c.url)
        ).all()
    pages = []
    for name, url, sha in rows:
        try:
            body = archive.get(sha)
        except FileNotFoundError:
            report.errors.append(f"{url}: archived page {sha[:12]} is missing from {archive.root}")
            continue
        try:
            pages.append(parse_page(body.decode("utf-8", errors="replace"), name, url))
        except PageError as err:
            report.errors.append(str(err))
    return pages


def reread_pages(
    engine: Engine, archive: Archive, report: FollowReport, *, dry_run: bool = False
) -> int:
    """Parse every archived page again; ingest posts not yet in the ledger (count them only
    when ``dry_run``)."""
    pages = _archived_pages(engine, archive, report)
    for page in pages:
        if not dry_run:
            ChannelRun(engine, None, archive, channel(page.channel), report).ingest(page)
            continue
        known = known_posts(engine, page.channel, [p.post_id for p in page.posts])
        for post in page.posts:
            digest = text_hash(post)
            if post.post_id not in known:
                report.posts_new += 1
            elif digest is not None and known[post.post_id] != digest:
                report.posts_edited += 1
    return len(pages)


# --- stored texts ----------------------------------------------------------------------------


def current_text_ids(engine: Engine) -> list[int]:
    """The ids of the current text readings, in id order: what the workers partition."""
    with engine.connect() as conn:
        return list(
            conn.scalars(
                select(sources.c.id)
                .where(
                    sources.c.kind.in_(_TEXT_KINDS),
                    sources.c.text.is_not(None),
                    sources.c.superseded_by.is_(None),
                )
                .order_by(sources.c.id)
            )
        )


def _new_source(row: Any, change: Change, version: str) -> Source:
    """The next reading of a stored text: same report, same text, the current reader's claims."""
    return Source(
        kind=row.kind,
        level=SourceLevel(row.level),
        content_hash=content_hash("text", row.identity_key, row.text, "reader", version),
        publisher=row.publisher,
        url=row.url,
        published=utc(row.published),
        language=change.language,
        title=row.title,
        text=row.text,
        identity_key=row.identity_key,
    )


def _write(
    conn: Connection, batch: Sequence[Change], version: str
) -> tuple[int, set[Any], list[int]]:
    """Store new readings whose stored reading is still current; resolve their nights once.

    Returns (claims written, nights resolved, source ids skipped because a newer reading
    arrived since they were read).
    """
    from strikewatch.ledger.writes import current_readings, nights_of_sources, write_batch
    from strikewatch.resolve import resolve_in

    found = conn.execute(select(sources).where(sources.c.id.in_([c.source_id for c in batch])))
    rows = {r.id: r for r in found}
    current = current_readings(conn, [rows[c.source_id].identity_key for c in batch])
    fresh: list[tuple[Any, Change]] = []
    stale: list[tuple[Any, Change]] = []
    for change in batch:
        row = rows[change.source_id]
        is_current = current.get(row.identity_key, (None,))[0] == row.id
        (fresh if is_current else stale).append((row, change))
    pairs = [(_new_source(row, c, version), c.claims) for row, c in fresh]
    stored = write_batch(conn, pairs, current=current)
    nights = {claim.night for _, c in fresh for claim in c.claims if claim.night is not None}
    nights |= nights_of_sources(conn, [row.id for row, _ in fresh])
    if nights:
        resolve_in(conn, nights)
    return stored.claims_written, nights, [row.id for row, _ in stale]


class _Writer:
    """Writes new readings in source order, ``WRITE_CHUNK`` per transaction, as they come."""

    def __init__(self, engine: Engine, version: str) -> None:
        self.engine, self.version = engine, version
        self.pending: list[Change] = []
        self.claims_written, self.nights, self.stale = 0, set[Any](), set[int]()

    def add(self, change: Change) -> None:
        self.pending.append(change)
        if len(self.pending) >= WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        from strikewatch.ledger.connection import write_transaction

        if not self.pending:
            return
        with write_transaction(self.engine) as conn:
            n, touched, skipped = _write(conn, self.pending, self.version)
        self.claims_written, self.nights = self.claims_written + n, self.nights | touched
        self.stale.update(skipped)
        self.pending = []


def reread_texts(
    engine: Engine, *, workers: int = 1, dask: str | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Read the current text readings again; store the changed ones as new readings.

    Partitions come back in order while later ones are still being read, and each full chunk
    of new readings is written then (the chunks are those of a serial run whatever the timing:
    a partition's reading does not depend on what the caller wrote, docs/decisions.md, 107).
    """
    from strikewatch.readers.text import VERSION

    ids = current_text_ids(engine)
    writer = _Writer(engine, VERSION)
    changes: list[dict[str, Any]] = []
    for part in read_changes(engine, id_partitions(ids), workers=workers, dask=dask):
        for c in part:
            if c.held is None and not dry_run:
                writer.add(c)
            changes.append({
                "source_id": c.source_id, "url": c.url, "stored_versions": c.stored_versions,
                "current_version": VERSION, "added": c.added, "removed": c.removed,
                "written": c.held is None and not dry_run, "held": c.held,
            })  # fmt: skip
    writer.flush()
    for change in changes:
        if change["source_id"] in writer.stale:
            change.update(written=False, held="a newer reading arrived during the re-read")
    return {
        "sources_reread": len(ids),
        "changes": changes,
        "readings_written": sum(1 for c in changes if c["written"]),
        "claims_written": writer.claims_written,
        "nights": sorted(writer.nights),
    }


def reread(
    engine: Engine, archive: Archive, *, workers: int = 1, dask: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """Both passes; ``dry_run`` reports what they would write and writes nothing."""
    report = FollowReport()
    pages = reread_pages(engine, archive, report, dry_run=dry_run)
    texts = reread_texts(engine, workers=workers, dask=dask, dry_run=dry_run)
    return {
        "dry_run": dry_run,
        "pages_reread": pages,
        "posts_new": report.posts_new,
        "posts_edited": report.posts_edited,
        "claims_written": report.claims_written,
        "nights_touched": sorted(report.nights_touched),
        "sources_reread": texts["sources_reread"],
        "sources_changed": len(texts["changes"]),
        "readings_written": texts["readings_written"],
        "reading_claims_written": texts["claims_written"],
        "nights_reresolved": texts["nights"],
        "changes": texts["changes"],
        "errors": report.errors,
    }
