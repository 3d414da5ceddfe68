"""Reporting regimes as data (``catalog/data/regimes.yaml``): periods in which a publisher
counts the same way, e.g. lost-to-EW given apart or folded into "shot down/suppressed".

Rates are compared only within one regime; :mod:`strikewatch.analysis.regimes` detects
breaks from the data and warns when the data shows one this catalogue lacks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from functools import cache

from strikewatch.catalog._text import load_yaml

LOST_EW_MODES = ("not_given", "separate", "folded")


@dataclasses.dataclass(frozen=True)
class Regime:
    """One catalogued reporting regime, from ``start`` until the next one starts."""

    id: str
    start: dt.date
    lost_ew: str
    what: str
    source: str


@cache
def reporting_regimes() -> tuple[Regime, ...]:
    """The catalogued regimes in date order (validated: known modes, increasing starts)."""
    raw = load_yaml("regimes.yaml")["regimes"]
    out = []
    for item in raw:
        mode = item["lost_ew"]
        if mode not in LOST_EW_MODES:
            raise ValueError(f"regimes.yaml: {item['id']}: lost_ew {mode!r} not in {LOST_EW_MODES}")
        start = item["start"]
        start = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        out.append(Regime(item["id"], start, mode, " ".join(item["what"].split()), item["source"]))
    if any(b.start <= a.start for a, b in itertools.pairwise(out)):
        raise ValueError("regimes.yaml: regimes must be in increasing order of start")
    return tuple(out)


def lost_ew_mode_on(night: dt.date) -> str:
    """How the catalogued regime of ``night`` reports lost to EW (``LOST_EW_MODES``)."""
    current = reporting_regimes()[0]
    for regime in reporting_regimes():
        if regime.start <= night:
            current = regime
    return current.lost_ew
