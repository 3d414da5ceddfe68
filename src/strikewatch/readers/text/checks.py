"""Arithmetic checks inside one report, recorded as flags and never "fixed".

* per-class figures vs the stated total (``total_mismatch``): the leaves a total covers
  ("40 ракетами різних типів: 19 …, 14 …") should sum to it;
* destroyed + lost to EW vs launched per family (``accounted_exceeds_launched``): more
  weapons accounted for than launched means a misread or an inconsistent report.

Hit and debris figures count locations, not weapons, so they are not added to weapons.
"""

from __future__ import annotations

from strikewatch.domain import Claim, ClaimKind, Outcome, WeaponClass
from strikewatch.readers.text.weapons import DRONE_FAMILY, MISSILE_FAMILY

# Enum members bound once: on Python 3.11 ``ClaimKind.COUNT`` is a descriptor call each time,
# and these tests run for every claim of every document.
_COUNT = ClaimKind.COUNT
_MIXED = WeaponClass.MIXED
_LAUNCHED, _DESTROYED, _LOST_EW = Outcome.LAUNCHED, Outcome.DESTROYED, Outcome.LOST_EW
_MISSILE_VALUES = frozenset(w.value for w in MISSILE_FAMILY)


def _family(c: Claim) -> str | None:
    if c.weapon_class in DRONE_FAMILY:
        return "drones"
    if c.weapon_class in MISSILE_FAMILY or c.detail.get("scope") == "missile":
        return "missiles"
    if c.weapon_class == _MIXED and c.detail.get("scope") == "all":
        return "all"
    if c.weapon_class == _MIXED:
        comps = set(str(c.detail.get("components", "")).split(",")) - {""}
        if comps and comps <= _MISSILE_VALUES:
            return "missiles"
    return None


def mark_totals(claims: list[Claim]) -> list[Claim]:
    """Set ``is_total`` on generic claims that cover specific ones with the same outcome.

    Linear: the (outcome, family, group) and (outcome, class, group) pairs of the specific
    figures are collected once, then each generic figure is one set look-up. The flag is set
    in place: these are the reader's own claims, built in this read and not yet handed to
    anyone, and a copy of a 24-field claim per total cost more than the look-ups."""
    counts = [c for c in claims if c.kind == _COUNT and c.qualifier is None]
    if not counts:
        return claims
    _two_drone_classes(counts)
    by_family: set[tuple[object, str | None, object]] = set()
    by_class: set[tuple[object, object, object]] = set()
    for o in counts:
        d = o.detail  # fetched once a claim: both loops run for every claim
        group = d.get("group")
        if not d.get("scope"):
            by_family.add((o.outcome, _family(o), group))
        if o.model is not None:
            by_class.add((o.outcome, o.weapon_class, group))
    for c in counts:
        d = c.detail
        scope = d.get("scope")
        is_total = False
        if scope == "all":
            is_total = True
        elif scope in ("missile", "drone"):
            fam = "missiles" if scope == "missile" else "drones"
            is_total = bool(d.get("various", False)) or (
                (c.outcome, fam, d.get("group")) in by_family
            )
        elif c.model is None and c.weapon_class is not None:
            # "31 крилату ракету: 18 Х-101, 13 Калібр" - a class figure over named models
            is_total = (c.outcome, c.weapon_class, d.get("group")) in by_class
        c.is_total = is_total
    return claims


def _two_drone_classes(counts: list[Claim]) -> None:
    """ "Сили оборони збили … вісім безпілотників. … чотирма безпілотниками Shahed. Усі їх
    збила … Також збили чотири розвідувальних БпЛА": a generic drone figure (read as strike
    drones by default) whose value is the sum of the document's other drone figures of its
    outcome, of two or more classes, is their mixed total, not eight strike drones. Only
    when it is the one generic figure of that outcome and value; in place, as ``is_total``."""
    drones = [c for c in counts if c.weapon_class in DRONE_FAMILY]
    if len({c.weapon_class for c in drones}) < 2:
        return  # the usual document: one drone class, or none
    generic: dict[tuple[object, float], list[Claim]] = {}
    parts: dict[object, list[Claim]] = {}
    for c in drones:
        q = c.quantity
        if q is None or q.value is None:
            continue
        if c.detail.get("scope") == "drone" and c.model is None:
            generic.setdefault((c.outcome, q.value), []).append(c)
        else:
            parts.setdefault(c.outcome, []).append(c)
    for (outcome, value), found in generic.items():
        mine = parts.get(outcome, [])
        classes = list(dict.fromkeys(str(c.weapon_class) for c in mine))
        if len(found) != 1 or len(classes) < 2:
            continue
        if sum(c.quantity.value or 0.0 for c in mine if c.quantity) == value:
            total = found[0]
            total.weapon_class = _MIXED
            total.detail = {**total.detail, "scope": "all", "components": ",".join(classes)}


#: One figure of ``check``: the claim, its family, its value and the key that makes figures
#: of one class, model and value count once.
_Row = tuple[Claim, str | None, float, str]


def _pick(
    by_outcome_fam: dict[tuple[Outcome | None, str | None], list[_Row]], oc: Outcome, fam: str
) -> float | None:
    """The figure of one outcome for a family: its totals' sum, else its figures' sum (each
    distinct class, model and value once). A figure with no model repeats one of its class
    and value with a model ("збито 72 … безпілотники" then "збито 72 БПЛА типу Shahed"): it
    is the same weapons, counted once."""
    cands = by_outcome_fam.get((oc, fam))
    if not cands:
        return None
    rows = [r for r in cands if r[0].is_total] or cands
    named = {(r[0].weapon_class, r[2]) for r in rows if r[0].model is not None}
    vals = {
        (r[3], r[2])
        for r in rows
        if not named or r[0].model is not None or (r[0].weapon_class, r[2]) not in named
    }
    return sum(v for _, v in vals)


def _rows(claims: list[Claim]) -> list[_Row]:
    """The count figures with a value, each with what ``check`` asks of it, computed once
    per claim (family, value, class-and-model key) instead of once per comparison."""
    return [
        (c, _family(c), q.value, str(c.weapon_class) + str(c.model))
        for c in claims
        if c.kind == _COUNT
        and c.qualifier is None
        and (q := c.quantity) is not None
        and q.value is not None
    ]


def check(claims: list[Claim]) -> list[str]:
    """The flags of both checks (see the module docstring), in the order they were always
    given: each (outcome, group)'s totals, then drones and missiles accounted for."""
    flags: list[str] = []
    rows = _rows(claims)
    if not rows:
        return flags
    groups: dict[tuple[Outcome | None, int], list[_Row]] = {}
    by_outcome_fam: dict[tuple[Outcome | None, str | None], list[_Row]] = {}
    for r in rows:
        c = r[0]
        groups.setdefault((c.outcome, c.detail.get("group", 0)), []).append(r)
        by_outcome_fam.setdefault((c.outcome, r[1]), []).append(r)
    for (outcome, _g), items in groups.items():
        totals = [r for r in items if r[0].is_total]
        if totals:
            _total_flags(outcome, items, totals, flags)
    _accounted_flags(by_outcome_fam, flags)
    return flags


def _total_flags(
    outcome: Outcome | None, items: list[_Row], totals: list[_Row], flags: list[str]
) -> None:
    """``total_mismatch`` for each total of one (outcome, group) whose leaves do not sum to
    it."""
    leaves = [r for r in items if not r[0].is_total]
    for ti, t in enumerate(totals):
        fam = t[1]
        covered = [lf for lf in leaves if fam == "all" or lf[1] == fam]
        if fam == "all":
            # An all-weapons total covers family totals where leaves are missing.
            fams = {lf[1] for lf in covered}
            covered += [o for oi, o in enumerate(totals) if oi != ti and o[1] not in fams]
        if not covered:
            continue
        seen: set[tuple[str, float]] = set()
        s = 0.0
        for lf in covered:
            key = (lf[3], lf[2])
            if key in seen:
                continue
            seen.add(key)
            s += lf[2] or 0.0
        tv = t[2] or 0.0
        if abs(s - tv) > 0.5:
            flags.append(f"total_mismatch:{outcome}:{fam}:total={tv:g}:parts={s:g}")


def _accounted_flags(
    by_outcome_fam: dict[tuple[Outcome | None, str | None], list[_Row]], flags: list[str]
) -> None:
    """``accounted_exceeds_launched`` per family: more destroyed and lost than launched."""
    for fam in ("drones", "missiles"):
        launched = _pick(by_outcome_fam, _LAUNCHED, fam)
        if launched is None:
            continue
        destroyed = _pick(by_outcome_fam, _DESTROYED, fam)
        lost = _pick(by_outcome_fam, _LOST_EW, fam)
        if destroyed is None and lost is None:
            continue
        accounted = (destroyed or 0) + (lost or 0)
        if accounted > launched + 0.5:
            flags.append(
                f"accounted_exceeds_launched:{fam}:launched={launched:g}:accounted={accounted:g}"
            )
