"""Shared helpers of the reader's recall tests: the counts a text reads to, as plain tuples."""

from __future__ import annotations

import datetime as dt

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document

PUB = dt.datetime(2026, 5, 22, 7, 0, tzinfo=dt.UTC)

Figure = tuple[str, str, float | None, float | None, float | None]


def figures(text: str) -> set[Figure]:
    """(outcome, class, value, low, high) of every count the reader gives."""
    out = set()
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.COUNT:
            q = c.quantity
            vals = (q.value, q.low, q.high) if q else (None, None, None)
            out.add((str(c.outcome), str(c.weapon_class), *vals))
    return out


def counts(text: str) -> dict[str | None, set[Figure]]:
    """Qualifier -> (outcome, class, value, low, high) of the counts the reader gives."""
    out: dict[str | None, set[Figure]] = {}
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.COUNT:
            q = c.quantity
            vals = (q.value, q.low, q.high) if q else (None, None, None)
            out.setdefault(c.qualifier, set()).add((str(c.outcome), str(c.weapon_class), *vals))
    return out


def qualifiers(text: str) -> dict[float | None, str | None]:
    """Value -> qualifier of every count the reader gives."""
    return {
        (c.quantity.value if c.quantity else None): c.qualifier
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT
    }
