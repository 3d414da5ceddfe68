"""One partition of ``reread``: load stored texts, read them again, keep what changed.

This is the task a worker runs (in this process, a spawned process or a Dask worker). It opens
the ledger read-only by URL and loads its partition itself (texts, their stored claims, their
attach decisions) so the caller never ships texts; it compares the new reading with the stored
one where it was read and returns only the readings that changed, as compact values. Rows are
selected by explicit id, not by "current", so the caller's writes of earlier partitions
(which supersede other ids) cannot change what a later partition reads: every mode returns the
same changes and the caller writes the same ledger (docs/decisions.md, 62 and 107).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.engine import make_url

from strikewatch.domain import Claim, SourceLevel
from strikewatch.errors import InputError
from strikewatch.follow.state import utc
from strikewatch.ledger.schema import claims, sources

ClaimKey = tuple[str, ...]


@dataclass
class Change:
    """A stored text the current reader reads differently (or refuses): what the report
    shows, and the new claims for the caller to write when nothing holds it back."""

    source_id: int
    url: str | None
    stored_versions: list[str]
    added: list[ClaimKey]
    removed: list[ClaimKey]
    held: str | None
    claims: list[Claim] = field(default_factory=list)
    language: str | None = None


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


def _stored_claims(
    conn: Connection, ids: Sequence[int]
) -> tuple[dict[int, set[ClaimKey]], dict[int, set[str]]]:
    """The text reader's stored claims of these sources (their substance) and its versions."""
    stored: dict[int, set[ClaimKey]] = defaultdict(set)
    versions: dict[int, set[str]] = defaultdict(set)
    for r in conn.execute(
        select(
            claims.c.source_id, claims.c.kind, claims.c.weapon_class, claims.c.model,
            claims.c.outcome, claims.c.value, claims.c.low, claims.c.high, claims.c.night,
            claims.c.place, claims.c.reader_version,
        ).where(claims.c.reader == "text", claims.c.source_id.in_(ids))
    ):  # fmt: skip
        stored[r[0]].add(_claim_key(*r[1:10]))
        versions[r[0]].add(r[10])
    return stored, versions


def _hold_reason(
    row: Any, attached: bool, before: set[ClaimKey], now: set[ClaimKey], error: str | None
) -> str | None:
    """Why a changed reading is reported but not written (None: write it)."""
    if error is not None:
        return f"the current reader refuses it: {error}"
    if row.identity_key is None:
        return "stored without an identity (an older strikewatch): ingest it again first"
    if row.withdrawn:
        return "retracted: restore it first"
    if attached:
        return "attached to a night by hand: the decision belongs to the stored reading"
    if {k[-2] for k in before} != {k[-2] for k in now}:
        return "its nights would change (a night given at ingest is not stored): review by hand"
    return None


def _read(row: Any) -> tuple[list[Claim], str | None, str | None]:
    """Read one stored text as ``ingest`` would read it now: (claims, language, refusal)."""
    from strikewatch.ingest import Document, read_for_ingest

    doc = Document(
        name=f"source {row.id}", text=row.text, url=row.url, publisher=row.publisher,
        published=utc(row.published), identity_key=row.identity_key, kind=row.kind,
        level=SourceLevel(row.level),
    )  # fmt: skip
    try:
        read = read_for_ingest(doc)
    except InputError as err:
        return [], None, str(err)
    return read.result.claims, read.result.language, None


def warm_reader() -> None:
    """Import the reader and build its lexicon now: done once before forking workers, each
    child starts with them instead of building its own copy (~0.7 s each)."""
    import strikewatch.ingest  # noqa: F401  (what read_for_ingest needs, imported once)
    from strikewatch.readers.text.lexicon import get_lexicon

    get_lexicon()


def changed_readings(conn: Connection, ids: Sequence[int]) -> list[Change]:
    """The sources ``ids`` read again, in id order; only those whose reading changed."""
    from strikewatch.ledger.actions import attached_nights

    cols = [sources.c[c] for c in ("id", "text", "url", "publisher", "published",
                                   "identity_key", "kind", "level", "withdrawn")]  # fmt: skip
    rows = conn.execute(select(*cols).where(sources.c.id.in_(ids)).order_by(sources.c.id)).all()
    stored, versions = _stored_claims(conn, ids)
    attached = attached_nights(conn, ids)
    changes = []
    for row in rows:
        new, language, error = _read(row)
        now, before = {claim_key(c) for c in new}, stored.get(row.id, set())
        if now == before and error is None:
            continue
        held = _hold_reason(row, row.id in attached, before, now, error)
        changes.append(Change(
            row.id, row.url, sorted(versions.get(row.id, set())), sorted(now - before),
            sorted(before - now), held, new if held is None else [], language,
        ))  # fmt: skip
    return changes


def _worker_ledger(url: str) -> Engine:
    """The ledger as a worker opens it: by URL, no schema work, one engine per process
    (``connect`` caches it, so a worker's later partitions reuse its pool)."""
    from strikewatch.ledger import connect

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        # never let a worker on another machine create an empty ledger of that name
        raise InputError(
            f"a worker cannot find the SQLite ledger {parsed.database}: every worker must "
            "reach the ledger (a PostgreSQL URL, or the file at the same path)",
            where="--dask",
        )
    return connect(url, create=False, check=False)


def partition_task(url: str, ids: Sequence[int]) -> list[Change]:
    """One task for a worker process: open the ledger at ``url``, read partition ``ids``."""
    with _worker_ledger(url).connect() as conn:
        return changed_readings(conn, ids)
