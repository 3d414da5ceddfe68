"""A copy of the real ledger with the two seed articles ingested for their nights.

The seeds carry the phrase claims ("one of the year's largest", "record-breaking") that the
briefing and the night page must show with the checker's verdict.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SEED_NIGHTS = {"000_": dt.date(2025, 8, 21), "001_": dt.date(2026, 2, 3)}


def seeded_copy(real_ledger_path: Path, seeds_dir: Path, dst: Path) -> Path:
    from tests.web.conftest import copy_ledger

    from strikewatch.ingest import Document, ingest_document
    from strikewatch.ledger import connect

    copy_ledger(real_ledger_path, dst)
    engine = connect(dst)
    for prefix, night in SEED_NIGHTS.items():
        path = next(seeds_dir.glob(prefix + "*.txt"))
        ingest_document(engine, Document(path.name, path.read_text(encoding="utf-8"), night=night))
    engine.dispose()
    return dst
