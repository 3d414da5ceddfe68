"""Importing the public dataset into the ledger: one transaction, idempotent, reported.

The import streams the file in chunks, writes sources and claims, and re-resolves the
nights it touched, all inside one transaction: an error at row 3,000 (or a killed process)
leaves the ledger exactly as it was. Rows are readings of reports (``identity_key``): a row
already stored is skipped, a corrected row becomes the next revision of its report, and
reports the ledger holds but the file no longer lists are reported (never deleted) with the
``strikewatch retract`` command to run. Rows with implausible counts are not stored unless
the caller accepts them, and then flagged; they never reach figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from strikewatch.ledger import writes
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import sources
from strikewatch.readers.dataset import (
    ParsedRow,
    RowWarning,
    file_sha256,
    identity_base,
    read_dataset,
    reidentify,
)
from strikewatch.resolve import resolve_in

_CHUNK_ROWS = 5_000
#: At most this many readings missing upstream are listed one by one (all are counted).
MISSING_LISTED = 50


@dataclass
class ImportReport:
    path: str
    file_sha256: str
    rows_read: int = 0
    sources_written: int = 0
    claims_written: int = 0
    duplicates_skipped: int = 0
    revisions_written: int = 0
    nights_resolved: int = 0
    synthetic: bool = False
    accept_implausible: bool = False
    warnings: list[RowWarning] = field(default_factory=list)
    #: Rows not stored because a count failed a plausibility check (without --accept-implausible).
    implausible_rows: list[int] = field(default_factory=list)
    #: Current readings whose report is absent from this file: {source_id, identity_key, title}.
    missing_upstream: list[dict[str, Any]] = field(default_factory=list)
    missing_upstream_count: int = 0

    def warnings_by_kind(self) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = defaultdict(list)
        for w in self.warnings:
            grouped[w.kind].append(w.row)
        return dict(grouped)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "file_sha256": self.file_sha256,
            "rows_read": self.rows_read,
            "sources_written": self.sources_written,
            "claims_written": self.claims_written,
            "duplicates_skipped": self.duplicates_skipped,
            "revisions_written": self.revisions_written,
            "nights_resolved": self.nights_resolved,
            "synthetic": self.synthetic,
            "accept_implausible": self.accept_implausible,
            "implausible_rows": self.implausible_rows,
            "missing_upstream": self.missing_upstream,
            "missing_upstream_count": self.missing_upstream_count,
            "warnings": [
                {"kind": w.kind, "row": w.row, "message": w.message} for w in self.warnings
            ],
            "warnings_by_kind": {
                k: {"count": len(v), "rows": v} for k, v in self.warnings_by_kind().items()
            },
        }


@dataclass
class _State:
    """What the import knows about the ledger and the file while it streams.

    Memory grows with the file by one 16-byte digest per row (``seen``) and its content
    hash (``known``): the readings of reports new in this import are dropped from
    ``current`` once written (no later row of the file can be their revision), and only
    the reports whose identity base the ledger already held are followed by name, which is
    all that moved reports and missing readings need."""

    known: set[str]
    current: writes.CurrentReadings
    withdrawn: set[str]
    #: Identity bases of the ledger's current readings before the import.
    old_bases: set[str] = field(default_factory=set)
    #: Digests of the identities (with their ``~n``) of this file's rows.
    seen: set[bytes] = field(default_factory=set)
    #: How often an identity occurs in the file, for those seen more than once.
    repeats: dict[bytes, int] = field(default_factory=dict)
    #: Rows of the file per identity base, for the bases in ``old_bases``.
    in_file: Counter[str] = field(default_factory=Counter)
    #: identity → id of the new reports (revision 1) whose base is in ``old_bases``.
    new_reports: dict[str, int] = field(default_factory=dict)
    superseded: list[int] = field(default_factory=list)
    touched: set[dt.date] = field(default_factory=set)


def _digest(key: str) -> bytes:
    """An identity as 16 bytes of its SHA-256 (no collision among any ledger's keys)."""
    return hashlib.sha256(key.encode()).digest()[:16]


def _load_state(conn: Connection, kind: str) -> _State:
    known: set[str] = set()
    current: writes.CurrentReadings = {}
    withdrawn: set[str] = set()
    query = select(
        sources.c.content_hash,
        sources.c.identity_key,
        sources.c.id,
        sources.c.revision,
        sources.c.superseded_by,
        sources.c.withdrawn,
    ).where(sources.c.kind == kind)
    for content_hash, key, source_id, revision, superseded_by, is_withdrawn in conn.execute(query):
        known.add(content_hash)
        if key is not None and superseded_by is None:
            current[key] = (source_id, revision)
            if is_withdrawn:
                withdrawn.add(key)
    return _State(
        known=known,
        current=current,
        withdrawn=withdrawn,
        old_bases={identity_base(k) for k in current},
    )


def _upgrade(conn: Connection, kind: str) -> list[int]:
    """Give rows stored before identities existed their identity and normalised hash, in id
    order: a later copy of a stored reading is marked superseded by it (it was a duplicate),
    a later reading of the same report with other content becomes its next revision. Returns
    the ids whose resolution changed."""
    old = conn.execute(
        select(sources.c.id, sources.c.text, sources.c.content_hash)
        .where(sources.c.kind == kind, sources.c.identity_key.is_(None))
        .order_by(sources.c.id)
    ).all()
    if not old:
        return []
    taken = {h: i for h, i in conn.execute(select(sources.c.content_hash, sources.c.id))}
    current: dict[str, tuple[int, int]] = {}
    changed: list[int] = []
    for source_id, text, old_hash in old:
        found = reidentify(text or "", synthetic=kind == "synthetic_row")
        if found is None:
            continue
        key, content_hash = found
        values: dict[str, Any] = {"identity_key": key, "revision": 1}
        holder = taken.get(content_hash)
        if holder is not None and holder != source_id:  # the same reading stored twice
            values["superseded_by"] = holder
            changed.append(source_id)
        else:
            taken.pop(old_hash, None)
            taken[content_hash] = source_id
            values["content_hash"] = content_hash
            before = current.get(key)
            if before is not None:
                conn.execute(
                    update(sources).where(sources.c.id == before[0]).values(superseded_by=source_id)
                )
                changed.append(before[0])
                values["revision"] = before[1] + 1
            current[key] = (source_id, values["revision"])
        conn.execute(update(sources).where(sources.c.id == source_id).values(**values))
    return changed


def _identify(state: _State, parsed: ParsedRow) -> ParsedRow:
    """Give the n-th row of this file with an identity already seen in it the suffix ``~n``:
    two rows of one release are two reports, never a revision of each other."""
    key = parsed.source.identity_key
    if key is None:
        return parsed
    digest = _digest(key)
    if digest in state.seen:
        n = state.repeats.get(digest, 1) + 1
        state.repeats[digest] = n
        key = f"{key}~{n}"
        parsed.source = replace(parsed.source, identity_key=key)
        digest = _digest(key)
    state.seen.add(digest)
    base = identity_base(key)
    if base in state.old_bases:
        state.in_file[base] += 1
    return parsed


def import_dataset(
    engine: Engine,
    path: Path | str,
    *,
    weapons: Path | str | None = None,
    synthetic: bool = False,
    accept_implausible: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a dataset CSV; raises ``DatasetError`` (ledger unchanged) on bad input and
    ``Conflict`` (ledger unchanged) for real data into a synthetic ledger or the reverse."""
    path = Path(path)
    report = ImportReport(
        path=str(path),
        file_sha256=file_sha256(path),
        synthetic=synthetic,
        accept_implausible=accept_implausible,
    )
    kind = "synthetic_row" if synthetic else "dataset_row"
    with write_transaction(engine) as conn:
        writes.ensure_data_kind(conn, "synthetic" if synthetic else "real")
        upgraded = _upgrade(conn, kind)
        state = _load_state(conn, kind)
        state.superseded += upgraded
        import_id = writes.start_import(
            conn, "synthetic" if synthetic else "dataset", str(path), report.file_sha256
        )
        batch: list[ParsedRow] = []

        def flush() -> None:
            _write_chunk(conn, state, batch, import_id, report)
            if progress:
                progress(len(batch))
            batch.clear()

        for parsed in read_dataset(path, weapons=weapons, synthetic=synthetic):
            report.rows_read += 1
            report.warnings.extend(parsed.warnings)
            parsed = _identify(state, parsed)
            if parsed.implausible and not accept_implausible:
                report.implausible_rows.append(parsed.line)
                continue
            batch.append(parsed)
            if len(batch) >= _CHUNK_ROWS:
                flush()
        flush()
        _link_moved_reports(conn, state, report)
        _report_missing(conn, state, report)
        if state.superseded:
            state.touched |= writes.nights_of_sources(conn, state.superseded)
        if state.touched:
            report.nights_resolved = resolve_in(conn, state.touched)
        writes.finish_import(conn, import_id, report.as_dict() | {"warnings": len(report.warnings)})
    return report


def _write_chunk(
    conn: Connection, state: _State, batch: list[ParsedRow], import_id: int, report: ImportReport
) -> None:
    fresh: dict[str, ParsedRow] = {}
    for p in batch:
        if p.source.content_hash not in state.known:
            fresh.setdefault(p.source.content_hash, p)
    result = writes.write_batch(
        conn,
        [(p.source, p.stated) for p in batch],
        import_id=import_id,
        known_hashes=state.known,
        current=state.current,
    )
    report.sources_written += result.sources_written
    report.claims_written += result.claims_written
    report.duplicates_skipped += result.duplicates_skipped
    report.revisions_written += result.revisions_written
    state.superseded += result.superseded_ids
    state.touched.update(p.night for p in fresh.values() if p.night is not None)
    for key, source_id in result.written:
        if key and state.current.get(key) == (source_id, 1):  # a report new to the ledger
            del state.current[key]
            if identity_base(key) in state.old_bases:
                state.new_reports[key] = source_id


def _missing(state: _State) -> list[str]:
    return sorted(
        k for k in state.current if k not in state.withdrawn and _digest(k) not in state.seen
    )


def _link_moved_reports(conn: Connection, state: _State, report: ImportReport) -> None:
    """A report whose target or launch area was corrected upstream has a new identity; when
    its post, window and models identify it unambiguously (one reading in the ledger gone
    from the file, one new row in the file), the new row is its next revision."""
    gone: dict[str, list[str]] = defaultdict(list)
    for key in _missing(state):
        gone[identity_base(key)].append(key)
    in_file = state.in_file
    fresh: dict[str, list[str]] = defaultdict(list)
    for key in state.new_reports:
        fresh[identity_base(key)].append(key)
    for base, olds in gone.items():
        if len(olds) != 1 or in_file[base] != 1 or len(fresh.get(base, ())) != 1:
            continue
        old_id, old_revision = state.current.pop(olds[0])
        new_key = fresh[base][0]
        new_id = state.new_reports[new_key]
        conn.execute(update(sources).where(sources.c.id == old_id).values(superseded_by=new_id))
        conn.execute(
            update(sources).where(sources.c.id == new_id).values(revision=old_revision + 1)
        )
        state.current[new_key] = (new_id, old_revision + 1)
        state.superseded.append(old_id)
        report.revisions_written += 1


def _report_missing(conn: Connection, state: _State, report: ImportReport) -> None:
    """List current readings whose report this file no longer holds; never delete them."""
    missing = _missing(state)
    report.missing_upstream_count = len(missing)
    shown = {state.current[k][0]: k for k in missing[:MISSING_LISTED]}
    if not shown:
        return
    rows = conn.execute(select(sources.c.id, sources.c.title).where(sources.c.id.in_(list(shown))))
    titles = {source_id: title for source_id, title in rows}
    report.missing_upstream = [
        {"source_id": i, "identity_key": k, "title": titles.get(i)} for i, k in shown.items()
    ]
