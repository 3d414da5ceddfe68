"""Numbers as a statistician prints them: one home for every face (CLI, web, briefings).

Counts are whole numbers with thousands separators, shares are percentages with a sensible
precision, p-values are never printed as an impossible 0 or 1, money carries its currency.
Unknown (None or NaN) is always the word "unknown", never 0.
"""

from __future__ import annotations

import math
from typing import Any

UNKNOWN = "unknown"


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_count(x: Any) -> str:
    """``1,428``; a non-whole count (an expected value) gets one decimal: ``739.4``."""
    if _missing(x):
        return UNKNOWN
    x = float(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"


def fmt_share(x: Any, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage: ``95.1%``."""
    if _missing(x):
        return UNKNOWN
    return f"{100 * float(x):.{digits}f}%"


def fmt_interval(low: Any, high: Any, digits: int = 1) -> str:
    """A share interval: ``82.2–84.5%``."""
    if _missing(low) or _missing(high):
        return UNKNOWN
    return f"{100 * float(low):.{digits}f}–{100 * float(high):.{digits}f}%"


def fmt_p(p: Any) -> str:
    """``< 0.001`` below a thousandth, ``> 0.999`` above; otherwise three decimals."""
    if _missing(p):
        return UNKNOWN
    p = float(p)
    if p < 0.001:
        return "< 0.001"
    if p > 0.999:
        return "> 0.999"
    return f"{p:.3f}"


def fmt_money(x: Any, currency: str = "$") -> str:
    """``$483.2M`` from a million up, ``$12,500`` below."""
    if _missing(x):
        return UNKNOWN
    x = float(x)
    if abs(x) >= 1e9:
        return f"{currency}{x / 1e9:,.2f}B"
    if abs(x) >= 1e6:
        return f"{currency}{x / 1e6:,.1f}M"
    return f"{currency}{x:,.0f}"


def fmt_ordinal(n: Any) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``22nd``; unknown stays "unknown"."""
    if _missing(n):
        return UNKNOWN
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def fmt_days(n: int, word: str = "day") -> str:
    """``1 day``, ``3 days``: a count with its noun in the right number."""
    return f"{n:,} {word}" + ("" if abs(n) == 1 else "s")
