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

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select

from strikewatch.domain import Claim, Source, SourceLevel, content_hash
from strikewatch.follow.archive import Archive
from strikewatch.follow.channels import channel
from strikewatch.follow.follower import ChannelRun, FollowReport
from strikewatch.follow.parallel import Reading, StoredText, read_all
from strikewatch.follow.parse import Page, PageError, parse_page
from strikewatch.follow.state import known_posts, text_hash, utc
from strikewatch.ledger.schema import claims, raw_pages, sources

_TEXT_KINDS = ("channel_post", "report", "article")
#: New readings per write transaction: each is all or nothing, and a killed re-read redoes
#: only what its last transaction had not committed (a stored reading compares equal).
WRITE_CHUNK = 2_000

ClaimKey = tuple[str, ...]


def _claim_key(
    kind: Any, weapon_class: Any, model: Any, outcome: Any, value: Any, low: Any, high: Any,
    night: Any, place: Any,
) -> ClaimKey:  # fmt: skip
    """One claim's substance as strings; numbers as floats (the ledger stores 2 as 2.0)."""
    amounts = tuple("" if v is None else str(float(v)) for v in (value, low, high))
    words = tuple("" if v is None else str(v) for v in (kind, weapon_class, model, outcome))
    return (*words, *amounts, "" if night is None else str(night), place or "")


def claim_key(c: Claim) -> ClaimKey:
    q = c.quantity
    amounts = (q.value, q.low, q.high) if q else (None, None, None)
    return _claim_key(c.kind, c.weapon_class, c.model, c.outcome, *amounts, c.night, c.place)


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


def load_stored(
    engine: Engine,
) -> tuple[list[StoredText], dict[int, Any], dict[int, set[ClaimKey]], dict[int, set[str]]]:
    """The current text readings (as worker input), their rows, their claims' substance and
    reader versions."""
    from strikewatch.ledger.actions import attached_nights

    with engine.connect() as conn:
        rows = conn.execute(
            select(sources)
            .where(
                sources.c.kind.in_(_TEXT_KINDS),
                sources.c.text.is_not(None),
                sources.c.superseded_by.is_(None),
            )
            .order_by(sources.c.id)
        ).all()
        attached = attached_nights(conn)
        current_ids = select(sources.c.id).where(sources.c.superseded_by.is_(None))
        stored: dict[int, set[ClaimKey]] = defaultdict(set)
        versions: dict[int, set[str]] = defaultdict(set)
        for r in conn.execute(
            select(
                claims.c.source_id, claims.c.kind, claims.c.weapon_class, claims.c.model,
                claims.c.outcome, claims.c.value, claims.c.low, claims.c.high, claims.c.night,
                claims.c.place, claims.c.reader_version,
            ).where(claims.c.reader == "text", claims.c.source_id.in_(current_ids))
        ):  # fmt: skip
            stored[r[0]].add(_claim_key(*r[1:10]))
            versions[r[0]].add(r[10])
    items = [
        StoredText(
            r.id, r.text, r.url, r.publisher, utc(r.published), r.identity_key, r.kind, r.level
        )
        for r in rows
    ]
    held = {r.id: {"row": r, "attached": r.id in attached} for r in rows}
    return items, held, stored, versions


def _hold_reason(
    meta: dict[str, Any], before: set[ClaimKey], now: set[ClaimKey], reading: Reading
) -> str | None:
    """Why a changed reading is reported but not written (None: write it)."""
    if reading.error is not None:
        return f"the current reader refuses it: {reading.error}"
    if meta["row"].identity_key is None:
        return "stored without an identity (an older strikewatch): ingest it again first"
    if meta["row"].withdrawn:
        return "retracted: restore it first"
    if meta["attached"]:
        return "attached to a night by hand: the decision belongs to the stored reading"
    if {k[-2] for k in before} != {k[-2] for k in now}:
        return "its nights would change (a night given at ingest is not stored): review by hand"
    return None


def _new_source(row: Any, reading: Reading, version: str) -> Source:
    """The next reading of a stored text: same report, same text, the current reader's claims."""
    return Source(
        kind=row.kind,
        level=SourceLevel(row.level),
        content_hash=content_hash("text", row.identity_key, row.text, "reader", version),
        publisher=row.publisher,
        url=row.url,
        published=utc(row.published),
        language=reading.language,
        title=row.title,
        text=row.text,
        identity_key=row.identity_key,
    )


def _write(
    conn: Connection, batch: Sequence[tuple[Any, Reading]], version: str
) -> tuple[int, set[Any], list[int]]:
    """Store new readings whose stored reading is still current; resolve their nights once.

    Returns (claims written, nights resolved, source ids skipped because a newer reading
    arrived since they were loaded).
    """
    from strikewatch.ledger.writes import current_readings, nights_of_sources, write_batch
    from strikewatch.resolve import resolve_in

    current = current_readings(conn, [row.identity_key for row, _ in batch])
    fresh = [(row, r) for row, r in batch if current.get(row.identity_key, (None,))[0] == row.id]
    stale = [row.id for row, _ in batch if current.get(row.identity_key, (None,))[0] != row.id]
    pairs = [(_new_source(row, r, version), r.claims) for row, r in fresh]
    stored = write_batch(conn, pairs, current=current)
    nights = {c.night for _, r in fresh for c in r.claims if c.night is not None}
    nights |= nights_of_sources(conn, [row.id for row, _ in fresh])
    if nights:
        resolve_in(conn, nights)
    return stored.claims_written, nights, stale


def reread_texts(
    engine: Engine, *, workers: int = 1, dask: str | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Read the current text readings again; store the changed ones as new readings."""
    from strikewatch.ledger.connection import write_transaction
    from strikewatch.readers.text import VERSION

    items, meta, stored, versions = load_stored(engine)
    readings = read_all(items, workers=workers, dask=dask)
    changes: list[dict[str, Any]] = []
    to_write: list[tuple[Any, Reading]] = []
    for reading in readings:
        now = {claim_key(c) for c in reading.claims}
        before = stored.get(reading.source_id, set())
        if now == before and reading.error is None:
            continue
        held = _hold_reason(meta[reading.source_id], before, now, reading)
        if held is None and not dry_run:
            to_write.append((meta[reading.source_id]["row"], reading))
        changes.append({
            "source_id": reading.source_id, "url": meta[reading.source_id]["row"].url,
            "stored_versions": sorted(versions.get(reading.source_id, set())),
            "current_version": VERSION, "added": sorted(now - before),
            "removed": sorted(before - now), "written": held is None and not dry_run,
            "held": held,
        })  # fmt: skip
    claims_written, nights, stale = 0, set[Any](), list[int]()
    for start in range(0, len(to_write), WRITE_CHUNK):
        with write_transaction(engine) as conn:
            n, touched, skipped = _write(conn, to_write[start : start + WRITE_CHUNK], VERSION)
        claims_written, nights, stale = claims_written + n, nights | touched, stale + skipped
    for change in changes:
        if change["source_id"] in stale:
            change.update(written=False, held="a newer reading arrived during the re-read")
    return {
        "sources_reread": len(items),
        "changes": changes,
        "readings_written": sum(1 for c in changes if c["written"]),
        "claims_written": claims_written,
        "nights": sorted(nights),
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
