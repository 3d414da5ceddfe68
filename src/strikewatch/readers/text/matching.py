"""Rank nights whose resolved figures fit an undated document's claims (``read --match``).

Each launched count claim maps to a count kind of ``tables.nightly_totals`` (drones,
missiles, ballistic, cruise, total). A night scores, per kind, 1.0 when its figure lies in
the claim's range and decays with the log-distance outside it; the night's score is the
product over kinds (a night missing a kind the document states scores 0.05 for it), so every
stated figure must fit. Period and reference figures (weekly totals, previous records) are
not about the night and are ignored.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from strikewatch.domain import Claim, ClaimKind, Outcome, WeaponClass
from strikewatch.readers.text.weapons import MISSILE_FAMILY

_KIND_OF: dict[WeaponClass, str] = {
    WeaponClass.STRIKE_DRONE: "drones",
    WeaponClass.BALLISTIC_MISSILE: "ballistic",
    WeaponClass.AEROBALLISTIC_MISSILE: "ballistic",
    WeaponClass.CRUISE_MISSILE: "cruise",
    WeaponClass.ANTI_SHIP_MISSILE: "cruise",
}


def claim_kinds(claims: list[Claim]) -> dict[str, tuple[float | None, float | None, float | None]]:
    """kind -> (value, low, high) from launched counts; class totals preferred over parts."""
    out: dict[str, tuple[float | None, float | None, float | None]] = {}
    parts: dict[str, list[Claim]] = {}
    for c in claims:
        if c.kind != ClaimKind.COUNT or c.outcome != Outcome.LAUNCHED or c.quantity is None:
            continue
        if c.qualifier is not None and c.qualifier.startswith(("period", "reference")):
            continue
        q = c.quantity
        cls = c.weapon_class
        if cls == WeaponClass.MIXED and c.detail.get("scope") == "all":
            kind = "total"
        elif cls == WeaponClass.UNKNOWN_MISSILE or (cls in MISSILE_FAMILY and c.is_total):
            kind = "missiles"
        elif cls in _KIND_OF:
            kind = _KIND_OF[cls]
        else:
            continue
        if kind in out:
            continue
        if kind in ("ballistic", "cruise") and not c.is_total:
            parts.setdefault(kind, []).append(c)
            continue
        out[kind] = (q.value, q.low, q.high)
    for kind, items in parts.items():
        if kind in out:
            continue
        vals = [c.quantity for c in items if c.quantity is not None]
        if all(v.value is not None for v in vals):
            total = sum(v.value or 0 for v in vals)
            out[kind] = (total, total, total)
    return out


def _fit(v: float, value: float | None, low: float | None, high: float | None) -> float:
    lo = low if low is not None else -math.inf
    hi = high if high is not None else math.inf
    if value is not None and lo == hi == value:
        # an exact figure: allow for rounding and late corrections (±3 %)
        lo, hi = value * 0.97 - 0.5, value * 1.03 + 0.5
    if lo <= v <= hi:
        inside = 1.0
        if value is not None and value > 0:
            inside -= 0.1 * min(1.0, abs(v - value) / max(value, 1.0) * 10)
        return inside
    edge = lo if v < lo else hi
    d = abs(math.log((v + 1.0) / (max(edge, 0.0) + 1.0)))
    return math.exp(-((d / 0.08) ** 2))


def match_nights(
    claims: list[Claim], nightly: pd.DataFrame, top: int = 10
) -> list[tuple[dt.date, float, str]]:
    """(night, score in 0..1, explanation), best first; empty when the claims state no
    launched figure to compare."""
    wanted = claim_kinds(claims)
    if not wanted or nightly.empty:
        return []
    rows: list[tuple[dt.date, float, str]] = []
    for rec in nightly.itertuples(index=False):
        night = pd.Timestamp(str(rec.night)).date()
        score = 1.0
        parts = []
        for kind, (value, low, high) in wanted.items():
            v = getattr(rec, kind, float("nan"))
            if v is None or (isinstance(v, float) and math.isnan(v)):
                score *= 0.05
                parts.append(f"{kind}: no figure")
                continue
            f = _fit(float(v), value, low, high)
            score *= f
            rng = f"{'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}"
            said = f"~{value:g} ({rng})" if value is not None else rng
            parts.append(f"{kind} {float(v):g} vs claim {said}: fit {f:.2f}")
        rows.append((night, score, "; ".join(parts)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return [r for r in rows[:top] if r[1] > 0]
