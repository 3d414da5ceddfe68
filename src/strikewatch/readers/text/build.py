"""Fast construction of ``Claim`` objects.

``Claim`` is a dataclass with 24 fields; building one with keywords or copying it with
``dataclasses.replace`` costs microseconds, which at ~13 claims per report is a large share
of the reader's time. While the field order is the one listed here, claims are
built positionally and copied from a C-level ``attrgetter`` tuple; if the domain class ever
changes shape, both fall back to the ordinary keyword paths (same result, slower).
"""

from __future__ import annotations

from dataclasses import fields, replace
from operator import attrgetter
from typing import Any

from strikewatch.domain import Claim

ORDER = (
    "kind",
    "reader",
    "reader_version",
    "weapon_class",
    "model",
    "outcome",
    "quantity",
    "night",
    "window_start",
    "window_end",
    "place",
    "target_category",
    "killed",
    "injured",
    "attribution",
    "status",
    "hedged",
    "is_total",
    "qualifier",
    "span",
    "text",
    "row_number",
    "flags",
    "detail",
)
POSITIONAL = tuple(f.name for f in fields(Claim)) == ORDER
_ALL = attrgetter(*ORDER)
_INDEX = {name: i for i, name in enumerate(ORDER)}


def evolve(claim: Claim, **changes: Any) -> Claim:
    """``dataclasses.replace`` for claims, about twice as fast."""
    if not POSITIONAL:
        return replace(claim, **changes)
    vals = list(_ALL(claim))
    for name, value in changes.items():
        vals[_INDEX[name]] = value
    return Claim(*vals)
