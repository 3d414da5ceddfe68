"""Paste a report → preview the claims the text reader extracts → save them to the ledger.

The same source identity as ``strikewatch ingest`` (``commands.read.source_for``), so a
report saved from the web and later ingested from a file is stored once.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from sqlalchemy import Engine

MAX_TEXT = 200_000
#: One writer at a time per server process. SQLite serialises writers anyway, and
#: ``ledger.writes.write_batch`` assigns source ids itself on SQLite assuming it is the only
#: writer; two concurrent deferred transactions then collide on ``sources.id`` (found by the
#: 5-writer load test; reported to the ledger owner). Readers are never blocked by this.
WRITE_LOCK = threading.Lock()  # characters; the body limit (256 KiB) bounds it as well


class IngestError(ValueError):
    """Bad input from the user (reported as 4xx)."""


def _published(value: str | dt.datetime | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise IngestError(f"published: {value!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        from strikewatch.domain import KYIV

        when = when.replace(tzinfo=KYIV)
    return when.astimezone(dt.UTC)


def _night(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise IngestError(f"night: {value!r} is not a date (YYYY-MM-DD)") from None


def read(
    text: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | dt.datetime | None = None,
    night: str | dt.date | None = None,
) -> tuple[Any, dict[str, Any]]:
    """Run the text reader; returns (ReadResult, JSON preview)."""
    if not text or not text.strip():
        raise IngestError("text: paste a report first")
    if len(text) > MAX_TEXT:
        raise IngestError(f"text: longer than {MAX_TEXT:,} characters")
    if url and not url.lower().startswith(("http://", "https://")):
        raise IngestError("url: must start with http:// or https://")
    try:
        from strikewatch.readers.text import read_document, to_json_obj
    except ImportError as err:  # pragma: no cover
        raise IngestError(f"the text reader is not available: {err}") from None
    pub = _published(published)
    result = read_document(
        text, published=pub, url=url or None, publisher=publisher or None, night=_night(night)
    )
    preview = {
        "night": result.night.isoformat() if result.night else None,
        "language": result.language,
        "level": result.level.value,
        "attribution": result.attribution,
        "flags": list(result.flags),
        "claims": [to_json_obj(c) for c in result.claims],
    }
    return result, preview


def save(
    engine: Engine,
    text: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | dt.datetime | None = None,
    night: str | dt.date | None = None,
) -> dict[str, Any]:
    """Read and store one report, then re-resolve its nights; idempotent by content hash."""
    from strikewatch.ingest import Document, ingest_document

    _result, preview = read(text, publisher=publisher, url=url, published=published, night=night)
    doc = Document(
        name="api",
        text=text,
        url=url or None,
        publisher=publisher or None,
        published=_published(published),
        night=_night(night),
    )
    with WRITE_LOCK:
        done = ingest_document(engine, doc)
    return preview | {
        "claims_written": done.claims_written,
        "nights_resolved": done.nights_resolved,
        "nights": [n.isoformat() for n in done.nights],
    }
