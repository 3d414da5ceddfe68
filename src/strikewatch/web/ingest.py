"""Paste a report → preview the claims the text reader extracts → save them to the ledger.

The same source identity as ``strikewatch ingest`` (``commands.read.source_for``), so a
report saved from the web and later ingested from a file is stored once.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import deque
from typing import Any

from sqlalchemy import Engine

from strikewatch.errors import Busy
from strikewatch.ingest import parse_night, parse_published

MAX_TEXT = 200_000  # characters; the body limit (256 KiB) bounds it as well


class WriterQueue:
    """The server's writers, one at a time, served in arrival order.

    API ingests, event posts and imports queue here instead of contending for the ledger's
    lock (which the CLI and other processes take too, see ``ledger.connection``): inside one
    server only the writer at the head of the queue asks the database for its lock. A writer
    waits at most the write budget (``$STRIKEWATCH_WRITE_TIMEOUT``); past it, or when
    ``max_waiting`` writers already wait, it gets ``Busy`` (HTTP 503 with Retry-After) having
    written nothing. Readers never enter the queue. Waiting writers each hold a worker thread,
    so ``max_waiting`` also keeps threads free for readers.

    Used as ``with WRITES:`` (the lock is handed directly to the next waiter on release, so a
    late arrival cannot overtake the queue).
    """

    def __init__(self, max_waiting: int = 16) -> None:
        self.max_waiting = max_waiting
        self._mutex = threading.Lock()
        self._held = False
        self._waiting: deque[threading.Event] = deque()
        self._mean_hold = 0.05  # seconds, a running mean for Retry-After
        self._since = 0.0

    def retry_after(self) -> int:
        """Seconds a client should wait: the queue ahead times the mean write, at least 1."""
        return max(1, min(60, math.ceil(self._mean_hold * (len(self._waiting) + 1))))

    def __enter__(self) -> WriterQueue:
        from strikewatch.ledger.connection import write_budget

        with self._mutex:
            if not self._held:
                self._held = True
                self._since = time.monotonic()
                return self
            if len(self._waiting) >= self.max_waiting:
                raise self._busy(f"{len(self._waiting)} writes are already waiting")
            turn = threading.Event()
            self._waiting.append(turn)
        budget = write_budget()
        if turn.wait(budget):
            return self
        with self._mutex:
            if turn.is_set():  # handed over just as the wait ran out
                return self
            self._waiting.remove(turn)
        raise self._busy(f"no turn to write within {budget:g} s")

    def __exit__(self, *_exc: object) -> None:
        with self._mutex:
            now = time.monotonic()
            self._mean_hold = 0.8 * self._mean_hold + 0.2 * (now - self._since)
            self._since = now
            if self._waiting:
                self._waiting.popleft().set()  # still held: ownership passes to the next
            else:
                self._held = False

    def _busy(self, why: str) -> Busy:
        err = Busy(f"the ledger is busy ({why}); try again later")
        err.retry_after = self.retry_after()  # type: ignore[attr-defined]
        return err


def retry_after(err: Busy) -> int:
    """The Retry-After seconds for a Busy error (the queue's estimate, else 5 s)."""
    return int(getattr(err, "retry_after", 5))


#: The one writer queue of this server process (``with WRITES: ...`` around every write).
WRITES = WriterQueue()
WRITE_LOCK = WRITES  # the name older call sites use


class IngestError(ValueError):
    """Bad input from the user (reported as 4xx)."""


def _published(value: str | dt.datetime | None) -> dt.datetime | None:
    return parse_published(value, where="published")


def _night(value: str | dt.date | None) -> dt.date | None:
    return parse_night(value, where="night")


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
    for name, value in (("text", text), ("publisher", publisher), ("url", url)):
        if value and "\x00" in value:  # refused on every database (PostgreSQL cannot store it)
            raise IngestError(f"{name}: contains a NUL character")
    if url and not url.lower().startswith(("http://", "https://")):
        raise IngestError("url: must start with http:// or https://")
    from strikewatch.readers.text import read_document, to_json_obj

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
    from strikewatch.ledger.connection import retrying_write

    with WRITES:
        done = retrying_write(lambda: ingest_document(engine, doc))
    return preview | {
        "claims_written": done.claims_written,
        "nights_resolved": done.nights_resolved,
        "nights": [n.isoformat() for n in done.nights],
        "suggestion": done.suggestion,  # an undated text: the reader's best-match night
    }
