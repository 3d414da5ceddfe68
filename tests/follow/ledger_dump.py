"""A ledger's content independent of row ids and clock times, to compare two ledgers.

Sources by content hash (with identity, revision and which reading superseded them), claims by
claim hash, and every derived row (figures, waves, places) with the claims and sources behind
it by hash: two runs that stored the same readings and resolved the same nights compare equal,
whatever ids their derived rows got or when they ran.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

_CLOCK = {"seen_at", "first_seen", "last_seen", "fetched_at", "started_at", "at"}


def _rows(conn: sqlite3.Connection, table: str, drop: set[str]) -> list[dict[str, Any]]:
    cur = conn.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    return [{k: v for k, v in zip(names, r, strict=True) if k not in drop} for r in cur]


def dump(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        src = dict(conn.execute("SELECT id, content_hash FROM sources"))
        clm = dict(conn.execute("SELECT id, claim_hash FROM claims"))
        sources = _rows(conn, "sources", {"id", "import_id", *_CLOCK})
        for row, sid in zip(
            sources, conn.execute("SELECT superseded_by FROM sources"), strict=True
        ):
            row["superseded_by"] = src.get(sid[0])
        claims = _rows(conn, "claims", {"id"})
        for row in claims:
            row["source_id"] = src[row["source_id"]]
        attacks = _rows(conn, "attacks", {"id"})
        for row in attacks:
            row["claim_ids"] = sorted(clm[i] for i in json.loads(row["claim_ids"]))
        waves = _rows(conn, "waves", {"id"})
        for row in waves:
            for key in ("source_ids", "supporting_source_ids"):
                row[key] = sorted(src[i] for i in json.loads(row[key]))
        places = _rows(conn, "night_places", {"id"})
        for row in places:
            row["claim_ids"] = sorted(clm[i] for i in json.loads(row["claim_ids"]))
        posts = _rows(conn, "channel_posts", _CLOCK | {"id"})

    def key(row: dict[str, Any]) -> str:
        return json.dumps(row, sort_keys=True, default=str)

    return {
        name: sorted(rows, key=key)
        for name, rows in {
            "sources": sources, "claims": claims, "attacks": attacks, "waves": waves,
            "night_places": places, "channel_posts": posts,
        }.items()
    }  # fmt: skip
