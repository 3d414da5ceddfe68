"""Idempotent, transactional writes: each call is one transaction; re-writing is a no-op.

Identity comes from content hashes (``sources.content_hash``, ``claims.claim_hash``), so a
second import of the same file finds everything present and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from strikewatch.domain import Claim, ContextEvent, Source, SourceLevel
from strikewatch.ledger.schema import claims, context_events, imports, sources

_CHUNK = 500


@dataclass(frozen=True)
class WriteResult:
    sources_written: int
    claims_written: int
    duplicates_skipped: int
    import_id: int | None = None


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_source_hashes(conn: Connection, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(hashes):
        rows = conn.execute(select(sources.c.content_hash).where(sources.c.content_hash.in_(chunk)))
        found.update(r[0] for r in rows)
    return found


def _quantity_columns(prefix: str, claim_q: Any) -> dict[str, float | None]:
    if claim_q is None:
        return {f"{prefix}_value": None, f"{prefix}_low": None, f"{prefix}_high": None}
    return {
        f"{prefix}_value": claim_q.value,
        f"{prefix}_low": claim_q.low,
        f"{prefix}_high": claim_q.high,
    }


def claim_row(claim: Claim, source: Source, source_id: int, *, synthetic: bool) -> dict[str, Any]:
    """Flatten a claim into the ``claims`` table's columns."""
    q = claim.quantity
    components = claim.detail.get("components") if claim.detail else None
    row: dict[str, Any] = {
        "claim_hash": claim.identity(source.content_hash),
        "source_id": source_id,
        "kind": str(claim.kind),
        "weapon_class": None if claim.weapon_class is None else str(claim.weapon_class),
        "components": components
        or (None if claim.weapon_class is None else str(claim.weapon_class)),
        "model": claim.model,
        "outcome": None if claim.outcome is None else str(claim.outcome),
        "value": None if q is None else q.value,
        "low": None if q is None else q.low,
        "high": None if q is None else q.high,
        "approx": False if q is None else q.approx,
        "night": claim.night,
        "window_start": claim.window_start,
        "window_end": claim.window_end,
        "place": claim.place,
        "target_category": None if claim.target_category is None else str(claim.target_category),
        "attribution": claim.attribution,
        "status": str(claim.status),
        "level": str(source.level),
        "hedged": claim.hedged,
        "is_total": claim.is_total,
        "qualifier": claim.qualifier,
        "span_start": None if claim.span is None else claim.span[0],
        "span_end": None if claim.span is None else claim.span[1],
        "text": claim.text,
        "row_number": claim.row_number,
        "reader": claim.reader,
        "reader_version": claim.reader_version,
        "flags": list(claim.flags) or None,
        "detail": claim.detail or None,
        "synthetic": synthetic,
    }
    row.update(_quantity_columns("killed", claim.killed))
    row.update(_quantity_columns("injured", claim.injured))
    return row


def source_row(source: Source, import_id: int | None) -> dict[str, Any]:
    return {
        "content_hash": source.content_hash,
        "kind": source.kind,
        "level": str(source.level),
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "language": source.language,
        "title": source.title,
        "text": source.text,
        "synthetic": source.level is SourceLevel.SYNTHETIC,
        "import_id": import_id,
    }


def write_batch(
    conn: Connection,
    batch: Sequence[tuple[Source, Sequence[Claim]]],
    *,
    import_id: int | None = None,
    known_hashes: set[str] | None = None,
) -> WriteResult:
    """Write sources and their claims inside the caller's transaction.

    Sources already in the ledger (or repeated in ``batch``) are skipped with their claims:
    a source's claims are a pure function of its content and the reader version.
    """
    hashes = [s.content_hash for s, _ in batch]
    present = set(known_hashes) if known_hashes is not None else set()
    if known_hashes is None:
        present = existing_source_hashes(conn, hashes)
    new: list[tuple[Source, Sequence[Claim]]] = []
    duplicates = 0
    for source, source_claims in batch:
        if source.content_hash in present:
            duplicates += 1
            continue
        present.add(source.content_hash)
        new.append((source, source_claims))
    if known_hashes is not None:
        known_hashes.update(s.content_hash for s, _ in new)
    if not new:
        return WriteResult(0, 0, duplicates, import_id)
    inserted = conn.execute(
        insert(sources).returning(sources.c.id, sort_by_parameter_order=True),
        [source_row(s, import_id) for s, _ in new],
    ).all()
    claim_rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for (source_id,), (source, source_claims) in zip(inserted, new, strict=True):
        synthetic = source.level is SourceLevel.SYNTHETIC
        for claim in source_claims:
            row = claim_row(claim, source, source_id, synthetic=synthetic)
            if row["claim_hash"] in seen:
                continue
            seen.add(row["claim_hash"])
            claim_rows.append(row)
    if claim_rows:
        conn.execute(insert(claims), claim_rows)
    return WriteResult(len(new), len(claim_rows), duplicates, import_id)


def start_import(conn: Connection, kind: str, path: str | None, file_sha256: str | None) -> int:
    result = conn.execute(
        insert(imports).returning(imports.c.id),
        {
            "kind": kind,
            "path": path,
            "file_sha256": file_sha256,
            "started_at": dt.datetime.now(dt.UTC),
        },
    )
    return int(result.scalar_one())


def finish_import(conn: Connection, import_id: int, report: dict[str, Any]) -> None:
    conn.execute(
        imports.update()
        .where(imports.c.id == import_id)
        .values(
            rows_read=report.get("rows_read"),
            claims_written=report.get("claims_written"),
            duplicates_skipped=report.get("duplicates_skipped"),
            report=report,
        )
    )


def store_claims(engine: Engine, source: Source, source_claims: Sequence[Claim]) -> int:
    """Store one document and its claims; returns the number of new claims (0 on a re-run)."""
    with engine.begin() as conn:
        return write_batch(conn, [(source, source_claims)]).claims_written


def store_context_events(engine: Engine, events: Iterable[ContextEvent]) -> int:
    """Store context events, skipping ones already present; returns how many were new."""
    rows = []
    seen: set[str] = set()
    for ev in events:
        key = ev.identity()
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "event_hash": key,
                "date": ev.date,
                "end_date": ev.end_date,
                "kind": str(ev.kind),
                "title": ev.title,
                "actors": ";".join(ev.actors) or None,
                "source_url": ev.source_url,
                "note": ev.note,
                "origin": ev.origin,
                "verified": ev.verified,
            }
        )
    with engine.begin() as conn:
        present: set[str] = set()
        keys = [r["event_hash"] for r in rows]
        for chunk in _chunks(keys):
            found = conn.execute(
                select(context_events.c.event_hash).where(context_events.c.event_hash.in_(chunk))
            )
            present.update(r[0] for r in found)
        fresh = [r for r in rows if r["event_hash"] not in present]
        if fresh:
            conn.execute(insert(context_events), fresh)
    return len(fresh)
