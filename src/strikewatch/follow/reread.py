"""``strikewatch reread``: read the raw archive and stored texts again, offline.

1. Every archived page is parsed again by the current parser; posts it finds that the ledger
   lacks (or holds with other text) are ingested like fresh ones (same use case).
2. Every stored text source (channel posts, reports, articles) is read again by the current
   text reader and compared with the claims stored for it: what a newer reader would add or
   drop is *reported*, never written over the old claims (claims are never edited; replacing
   a reader's claims is a decision for ``resolve``, not for a re-read).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, select

from strikewatch.follow.archive import Archive
from strikewatch.follow.channels import channel
from strikewatch.follow.follower import ChannelRun, FollowReport
from strikewatch.follow.parse import PageError, parse_page
from strikewatch.follow.state import utc
from strikewatch.ledger.schema import claims, raw_pages, sources

_TEXT_KINDS = ("channel_post", "report", "article")


def _claim_key(
    kind: Any,
    weapon_class: Any,
    model: Any,
    outcome: Any,
    value: Any,
    low: Any,
    high: Any,
    night: Any,
    place: Any,
) -> tuple[str, ...]:
    """One claim's substance as strings; numbers as floats (the ledger stores 2 as 2.0)."""
    amounts = tuple("" if v is None else str(float(v)) for v in (value, low, high))
    words = tuple("" if v is None else str(v) for v in (kind, weapon_class, model, outcome))
    return (*words, *amounts, "" if night is None else str(night), place or "")


def reread_pages(engine: Engine, archive: Archive, report: FollowReport) -> int:
    """Parse every archived page again; ingest posts not yet in the ledger."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(raw_pages.c.channel, raw_pages.c.url, raw_pages.c.sha256)
            .distinct()
            .order_by(raw_pages.c.channel, raw_pages.c.url)
        ).all()
    done = 0
    for name, url, sha in rows:
        try:
            body = archive.get(sha)
        except FileNotFoundError:
            report.errors.append(f"{url}: archived page {sha[:12]} is missing from {archive.root}")
            continue
        try:
            page = parse_page(body.decode("utf-8", errors="replace"), name, url)
        except PageError as err:
            report.errors.append(str(err))
            continue
        ChannelRun(engine, None, archive, channel(name), report).ingest(page)
        done += 1
    return done


def reread_texts(engine: Engine) -> tuple[int, list[dict[str, Any]]]:
    """Read stored texts again; list the sources whose claims the current reader would change."""
    from strikewatch.readers.text import read_document
    from strikewatch.readers.text.reader import VERSION

    with engine.connect() as conn:
        docs = conn.execute(
            select(
                sources.c.id,
                sources.c.text,
                sources.c.url,
                sources.c.publisher,
                sources.c.published,
            )
            .where(sources.c.kind.in_(_TEXT_KINDS), sources.c.text.is_not(None))
            .order_by(sources.c.id)
        ).all()
        stored: dict[int, set[tuple[str, ...]]] = defaultdict(set)
        versions: dict[int, set[str]] = defaultdict(set)
        for r in conn.execute(
            select(
                claims.c.source_id,
                claims.c.kind,
                claims.c.weapon_class,
                claims.c.model,
                claims.c.outcome,
                claims.c.value,
                claims.c.low,
                claims.c.high,
                claims.c.night,
                claims.c.place,
                claims.c.reader_version,
            ).where(claims.c.reader == "text")
        ):
            stored[r[0]].add(_claim_key(*r[1:10]))
            versions[r[0]].add(r[10])
    changes = []
    for source_id, text, url, publisher, published in docs:
        result = read_document(text, published=utc(published), url=url, publisher=publisher)
        now = {
            _claim_key(
                c.kind,
                c.weapon_class,
                c.model,
                c.outcome,
                *(
                    (c.quantity.value, c.quantity.low, c.quantity.high)
                    if c.quantity
                    else (None, None, None)
                ),
                c.night,
                c.place,
            )
            for c in result.claims
        }
        before = stored.get(source_id, set())
        if now != before:
            changes.append(
                {
                    "source_id": source_id,
                    "url": url,
                    "stored_versions": sorted(versions.get(source_id, set())),
                    "current_version": VERSION,
                    "added": sorted(now - before),
                    "removed": sorted(before - now),
                }
            )
    return len(docs), changes


def reread(engine: Engine, archive: Archive) -> dict[str, Any]:
    report = FollowReport()
    pages = reread_pages(engine, archive, report)
    texts, changes = reread_texts(engine)
    return {
        "pages_reread": pages,
        "posts_new": report.posts_new,
        "posts_edited": report.posts_edited,
        "claims_written": report.claims_written,
        "nights_touched": sorted(report.nights_touched),
        "sources_reread": texts,
        "sources_changed": len(changes),
        "changes": changes,
        "errors": report.errors,
    }
