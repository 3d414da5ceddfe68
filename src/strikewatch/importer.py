"""Importing the public dataset into the ledger: one transaction, idempotent, reported.

The import streams the file in chunks, writes sources and claims, and re-resolves the
nights it touched, all inside one transaction: an error at row 3,000 (or a killed process)
leaves the ledger exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from strikewatch.ledger import writes
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import sources
from strikewatch.readers.dataset import ParsedRow, RowWarning, file_sha256, read_dataset
from strikewatch.resolve import resolve_in

_CHUNK_ROWS = 5_000


@dataclass
class ImportReport:
    path: str
    file_sha256: str
    rows_read: int = 0
    sources_written: int = 0
    claims_written: int = 0
    duplicates_skipped: int = 0
    nights_resolved: int = 0
    synthetic: bool = False
    warnings: list[RowWarning] = field(default_factory=list)

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
            "nights_resolved": self.nights_resolved,
            "synthetic": self.synthetic,
            "warnings": [
                {"kind": w.kind, "row": w.row, "message": w.message} for w in self.warnings
            ],
            "warnings_by_kind": {
                k: {"count": len(v), "rows": v} for k, v in self.warnings_by_kind().items()
            },
        }


def import_dataset(
    engine: Engine,
    path: Path | str,
    *,
    weapons: Path | str | None = None,
    synthetic: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a dataset CSV; raises ``DatasetError`` (ledger unchanged) on bad input."""
    path = Path(path)
    report = ImportReport(path=str(path), file_sha256=file_sha256(path), synthetic=synthetic)
    touched: set[dt.date] = set()
    with write_transaction(engine) as conn:
        known = {
            row[0]
            for row in conn.execute(
                select(sources.c.content_hash).where(
                    sources.c.kind.in_(("dataset_row", "synthetic_row"))
                )
            )
        }
        import_id = writes.start_import(
            conn, "synthetic" if synthetic else "dataset", str(path), report.file_sha256
        )
        batch: list[ParsedRow] = []

        def flush() -> None:
            result = writes.write_batch(
                conn, [(p.source, p.claims) for p in batch], import_id=import_id, known_hashes=known
            )
            report.sources_written += result.sources_written
            report.claims_written += result.claims_written
            report.duplicates_skipped += result.duplicates_skipped
            if result.sources_written:
                touched.update(c.night for p in batch for c in p.claims if c.night is not None)
            if progress:
                progress(len(batch))
            batch.clear()

        for parsed in read_dataset(path, weapons=weapons, synthetic=synthetic):
            report.rows_read += 1
            report.warnings.extend(parsed.warnings)
            batch.append(parsed)
            if len(batch) >= _CHUNK_ROWS:
                flush()
        if batch:
            flush()
        if report.claims_written:
            report.nights_resolved = resolve_in(conn, touched)
        writes.finish_import(conn, import_id, report.as_dict() | {"warnings": len(report.warnings)})
    return report
