"""``strikewatch upgrade``: bring a ledger written by an older strikewatch up to this schema.

New columns are added in place, the derived tables are rebuilt from the claims, all in one
transaction. Claims keep the labels their reader gave them; re-importing the dataset after an
upgrade stores its rows as new revisions under the current rules (decision 6).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.upgrade import add_missing, schema_gaps, sync_indexes
from strikewatch.resolve import resolve_in


def upgrade_ledger(engine: Engine) -> dict[str, Any]:
    """Add what the schema lacks and re-resolve every night; a no-op on a current ledger
    (a ledger whose only gaps are indexes gets them created or dropped, without re-resolving)."""
    gaps = schema_gaps(engine)
    if not gaps:  # an index added or retired since: nothing to re-resolve (results unchanged)
        with write_transaction(engine) as conn:
            return {"changes": sync_indexes(conn), "nights_resolved": 0}
    with write_transaction(engine) as conn:
        changes = add_missing(conn, gaps)
        nights = resolve_in(conn, None)
    return {"changes": changes, "nights_resolved": nights}
