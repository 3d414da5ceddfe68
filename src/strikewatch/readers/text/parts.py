"""Figures that restate or break down another figure of the document, not figures of their
own (issue 11, decision 149):

* a place's part of a total ("Силами ППО знищено 19 дронів-камікадзе: 13 - на
  Миколаївщині …" after "вдалося збити 34 БпЛА"; "About 15 … drones were destroyed … in the
  capital Kyiv" after "shot down 69 of 73 drones"; "По одному БПЛА сбито над территориями
  Курской, …" after the Russian side's 29): ``PlacedParts``, asked per figure;
* the headline's inexact restatement of an exact figure ("Понад 130 дронів знову атакували
  Україну", then "запустили … 132 безпілотники"): ``drop_restated``, over the claims once,
  before the relations between them.
"""

from __future__ import annotations

import bisect

from strikewatch.domain import Claim, ClaimKind, Outcome, Quantity, WeaponClass
from strikewatch.readers.text.build import evolve
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import PLACE_BACK
from strikewatch.readers.text.places import is_dateline
from strikewatch.readers.text.weapons import MISSILE_FAMILY

#: Qualifiers of figures that count as the night's own (the rest are parts, periods, …):
#: only these are tops of places' parts, or restatements of one another.
_OWN = (None, "over_russia")
_COUNT = ClaimKind.COUNT
#: Qualifiers of figures that may be a total a place's figure before it is part of
_TOTALS = (None, "over_russia", "decoy")
_MIXED = WeaponClass.MIXED

_Key = tuple[WeaponClass, Outcome, str | None]


class PlacedParts:
    """A figure in a sentence that names a place, of a class and outcome for which the
    document gave a larger figure before in a sentence naming no place, is the place's part
    of it ("subset"), never a figure of its own nor added to it: the national (or the
    Russian side's) total comes first, the per-region lines after it.

    The first figure of its class and outcome is never a part (a regional post's own
    figure, "Над Одещиною збито 10 дронів", stays), nor one equal to the total before ("збито
    28 «шахедів» у Одеській, Миколаївській … областях" after "знищили 28 із 29 шахедів": the
    whole total, told by where it was downed), nor one above it. Only a figure with a value
    is a total to split ("dozens of drones" is none). Nothing to do in a document that
    names no place; else one look-up per figure (each sentence is asked once)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.any_place = bool(doc.at("place") or doc.at("ru_place"))
        self.placed_in: dict[int, bool] = {}
        self.top: dict[_Key, float] = {}

    def _names_place(self, s: int) -> bool:
        """Sentence ``s`` names a region or city: not a part of the country ("збито 72 … на
        півночі, півдні та сході країни" is the whole country's figure), nor a dateline
        ("KYIV (Reuters) - Ukraine shot down 69 of 73 drones"). Memoised per sentence."""
        got = self.placed_in.get(s)
        if got is None:
            doc = self.doc
            a0, a1 = doc.sentences[s]
            got = doc.has("ru_place", a0, a1) or any(
                _region_or_city(doc, i) for i in doc.within("place", a0, a1)
            )
            if not got and s > 0 and doc.keys[a0] in PLACE_BACK:
                got = self._names_place(s - 1)  # "… в Курской области. Там военные сбили 14"
            self.placed_in[s] = got
        return got

    def qualify(
        self,
        cls: WeaponClass,
        outcome: Outcome,
        quantity: Quantity,
        s: int,
        qualifier: str | None,
    ) -> str | None:
        """The figure's qualifier: ``qualifier`` as it was, or "subset" for a place's part."""
        if not self.any_place or qualifier not in _OWN:
            return qualifier  # a document that names no place has no place's part
        key = (cls, outcome, qualifier)
        if not self._names_place(s):
            if quantity.value is not None:
                self.top[key] = max(quantity.value, self.top.get(key, 0.0))
            return qualifier
        top = self.top.get(key)
        v = quantity.value if quantity.value is not None else quantity.high
        return "subset" if top is not None and v is not None and v < top else qualifier

    def before_totals(self, claims: list[Claim]) -> list[Claim]:
        """The same rule backwards: a place's figure before the total it is part of ("Two
        people died … when Russian forces attacked … the Chernivtsi region … with four
        drones and a missile, regional Gov. … said. Russia fired 597 drones …, along with 26
        cruise missiles"), below a later figure of its class and outcome in a sentence
        naming no place, is that place's part ("subset"). A generic missile figure is
        measured against any later missile class (the region does not say which kind). Only
        the Ukrainian side: the Russian side's later figure is another window's ("с 15:00 до
        20:00 … семь …: пять — над … Белгородской" and then "Ранее … за ночь … 55"). One
        pass from the end, each claim's sentence asked once; nothing in a document that
        names no place."""
        if not self.any_place:
            return claims
        doc = self.doc
        order = sorted(
            (c.span[0], k) for k, c in enumerate(claims) if c.kind == _COUNT and c.span is not None
        )
        after: dict[_Key, float] = {}  # the largest unplaced figure after, per key
        missiles: dict[tuple[Outcome, str | None], float] = {}  # of any missile class
        out = claims
        for start, k in reversed(order):
            c = claims[k]
            v = _value_or_high(c)
            if v is None or c.weapon_class is None or c.outcome is None:
                continue
            s = doc.sid[max(bisect.bisect_right(doc.starts, start) - 1, 0)]
            if c.qualifier == "decoy":  # "597 drones and decoys": a total, never a part
                if not self._names_place(s):
                    dk = (c.weapon_class, c.outcome, None)
                    after[dk] = max(v, after.get(dk, 0.0))
                continue
            if c.qualifier is not None:
                continue  # the Russian side's figures after one are other windows (550)
            key = (c.weapon_class, c.outcome, c.qualifier)
            if not self._names_place(s):
                after[key] = max(v, after.get(key, 0.0))
                if c.weapon_class in MISSILE_FAMILY:
                    fk = (c.outcome, c.qualifier)
                    missiles[fk] = max(v, missiles.get(fk, 0.0))
                continue
            top = after.get(key)
            if c.weapon_class == WeaponClass.UNKNOWN_MISSILE:
                top = missiles.get((c.outcome, c.qualifier), top)
            if top is not None and v < top:
                if out is claims:
                    out = list(claims)
                out[k] = evolve(c, qualifier="subset")
        return out


def _value_or_high(c: Claim) -> float | None:
    """The value (else the upper bound) of a count of the night's own, else None."""
    if c.kind != _COUNT or c.qualifier not in _TOTALS or c.quantity is None:
        return None
    q = c.quantity
    return q.value if q.value is not None else q.high


def _region_or_city(doc: Doc, i: int) -> bool:
    """The place named at token ``i`` has an oblast (a macro-region has none) and is no
    dateline."""
    end, (_pid, oblast, _macro) = doc.ann[i]["place"]
    return oblast is not None and not is_dateline(doc, i, end)


def _has_bounds(q: Quantity | None) -> bool:
    """A figure with a value or a bound ("597", "over 100"), not a class named without one."""
    return q is not None and (q.value is not None or q.low is not None or q.high is not None)


def _exact(q: Quantity | None) -> float | None:
    """The value of an exact figure ("132"), else None ("понад 130", "about 15", "dozens")."""
    if q is None or q.value is None or q.low != q.value or q.high != q.value:
        return None
    return q.value


def _restates(q: Quantity, values: list[float]) -> bool:
    """An inexact figure holds one of the exact ``values`` in its range ("понад 130" is
    131..230, and 132 is in it; an open bound is open)."""
    lo = q.low if q.low is not None else float("-inf")
    hi = q.high if q.high is not None else float("inf")
    return any(lo <= v <= hi for v in values)


def drop_restated(
    claims: list[Claim], rounded: list[int], vague_mixed: list[int] | None = None
) -> list[Claim]:
    """Without the headline's rounded figures that restate an exact figure of the same
    class, outcome and side in the document. ``rounded`` holds the indices in ``claims`` of
    the approximations and bounds of a number in the headline (the first sentence with a
    figure, when it names no place and no speaker; ``Figures.headline_rounded``): one whose
    range holds such a figure is dropped ("Понад 130 дронів знову атакували Україну" beside
    "запустили … 132 безпілотники"). The lead of a story that names a place or a speaker
    gives a figure of its own ("Russia launched … nearly 300 drones …, killing one person in
    the Kyiv region" beside "297 drones" keeps both, as the labels do), and so does a vague
    word ("hundreds of drones", "dozens"): it rounds no number of its own. A rounded figure
    beside exact ones of another outcome, or outside its range, stays. Linear: the exact
    values are grouped once, then each rounded figure is one look-up; nothing is done for a
    document whose headline rounds nothing (the usual case).

    ``vague_mixed`` holds the indices of vague words counting two families at once
    ("hundreds of drones and cruise missiles", "scores of missiles and drones"): such a word
    is a story's summary of the figures it then gives by class, and is dropped when the
    document gives a figure (exact, approximate or a bound) of a single class with the same
    outcome and side; alone it stays, and so does a vague word of one class ("hundreds of
    drones", "dozens of missiles"), which decision 149 keeps."""
    if not rounded and not vague_mixed:
        return claims
    exact: dict[_Key, list[float]] = {}
    by_class: set[tuple[Outcome, str | None]] = set()
    for c in claims:
        if (
            c.kind == _COUNT
            and c.outcome is not None
            and c.weapon_class != _MIXED
            and c.qualifier in _OWN
            and _has_bounds(c.quantity)
        ):
            by_class.add((c.outcome, c.qualifier))
        v = _exact(c.quantity)
        if v is None or c.kind != _COUNT or c.qualifier not in _OWN:
            continue
        if c.weapon_class is not None and c.outcome is not None:
            exact.setdefault((c.weapon_class, c.outcome, c.qualifier), []).append(v)
    drop: set[int] = set()
    for k in rounded:
        c = claims[k]
        q = c.quantity
        if q is None or _exact(q) is not None or c.qualifier not in _OWN:
            continue
        if c.weapon_class is None or c.outcome is None:
            continue
        values = exact.get((c.weapon_class, c.outcome, c.qualifier))
        if values and _restates(q, values):
            drop.add(k)
    for k in vague_mixed or ():
        c = claims[k]
        if c.qualifier in _OWN and c.outcome is not None and (c.outcome, c.qualifier) in by_class:
            drop.add(k)
    return [c for k, c in enumerate(claims) if k not in drop] if drop else claims
