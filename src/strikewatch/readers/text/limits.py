"""The per-document size limit of the text reader (issue 15: bounded memory and time).

The reader itself never raises (any string gives a list of claims) and is linear in its
input, so the limit belongs to whoever hands it a document: ``ingest.Document`` checks it
when it is built (``ingest`` of files, directories and JSON Lines, the API's save, the
follower and batches all build one) and ``strikewatch read`` before reading.
The default, 5,000,000 characters, is far above any real report (an Air Force post is under
3,000) and keeps peak memory of one read near 250 MB; ``STRIKEWATCH_MAX_DOCUMENT_CHARS``
changes it.
"""

from __future__ import annotations

import os

from strikewatch.errors import InputError

DEFAULT_MAX_CHARS = 5_000_000
ENV = "STRIKEWATCH_MAX_DOCUMENT_CHARS"


def max_document_chars() -> int:
    """The configured limit (the environment variable, else the default)."""
    raw = os.environ.get(ENV)
    if raw is None or not raw.strip():
        return DEFAULT_MAX_CHARS
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{ENV} must be a whole number, got {raw!r}", where=ENV) from None
    if value <= 0:
        raise InputError(f"{ENV} must be positive, got {value}", where=ENV)
    return value


def check_document_size(text: str, where: str, limit: int | None = None) -> None:
    """Refuse a document longer than the limit, naming the file and the limit."""
    cap = max_document_chars() if limit is None else limit
    if len(text) > cap:
        raise InputError(
            f"document is {len(text):,} characters, over the limit of {cap:,} "
            f"(set {ENV} to change it)",
            where=where,
            field="text",
        )
