"""Relations between figures that a sentence states in words, applied after the figures are
read: "all but four of the 40 missiles were intercepted" (40 − 4 destroyed), "all 12 … were
shot down" / "25 drones …, all of which were shot down" (all destroyed), "failed to
intercept the 6 Kinzhal missiles" / "жодну з двох ракет не вдалося збити" (0 destroyed).

Each rule needs a launched figure of one class in the same sentence, so it never invents a
class; the derived claim keeps that figure's span and says how it was derived
(``detail["from"]``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from strikewatch.domain import Claim, ClaimKind, Outcome, Quantity
from strikewatch.readers.text.build import evolve
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.weapons import family

_ALL_BUT = (("all", "but"),)
#: bound once: per-claim tests (an enum class look-up is slow on Python 3.11)
_COUNT, _LAUNCHED, _DESTROYED = ClaimKind.COUNT, Outcome.LAUNCHED, Outcome.DESTROYED
_ALL = frozenset({"all", "усі", "всі", "усіх", "всіх", "все"})
_NONE = (
    ("failed", "to", "intercept"),
    ("failed", "to", "shoot"),
    ("none", "of"),
    ("жодну", "з"),
    ("жодної", "з"),
    ("жоден", "з"),
    ("не", "вдалося", "збити"),
)


def _sid_of(doc: Doc, claim: Claim) -> int:
    k = bisect.bisect_right(doc.starts, (claim.span or (0, 0))[0]) - 1
    return doc.sid[max(k, 0)]


def _has_seq(texts: list[str], seq: tuple[str, ...]) -> int:
    n = len(seq)
    for k in range(len(texts) - n + 1):
        if tuple(texts[k : k + n]) == seq:
            return k
    return -1


#: Words one of the rules needs; a document with none of them is returned unchanged.
_KEYS = frozenset({"all", "but", "failed", "none", "жодну", "жодної", "жоден", "вдалося", *_ALL})


def apply_relations(doc: Doc, claims: list[Claim], make: Callable[..., Claim]) -> list[Claim]:
    """The claims with the relations above applied (see the module docstring)."""
    if _KEYS.isdisjoint(doc.texts):
        return claims
    by_sent: dict[int, list[int]] = {}
    for k, c in enumerate(claims):
        if c.kind == _COUNT and c.span is not None:
            by_sent.setdefault(_sid_of(doc, c), []).append(k)
    drop: set[int] = set()
    extra: list[Claim] = []
    for s, idxs in by_sent.items():
        a0, a1 = doc.sentences[s]
        texts = doc.texts[a0:a1]
        launched = [k for k in idxs if claims[k].outcome == _LAUNCHED and claims[k].quantity]
        destroyed = [k for k in idxs if claims[k].outcome == _DESTROYED]
        if len({claims[k].weapon_class for k in launched}) != 1:
            continue
        lc = claims[launched[0]]
        total = lc.quantity.value if lc.quantity else None
        if total is None:
            continue
        if _has_seq(texts, ("all", "but")) >= 0 and destroyed:
            dk = destroyed[0]
            but = claims[dk].quantity
            if but is not None and but.value is not None and but.value <= total:
                drop.add(dk)
                extra.append(_derived(make, lc, total - but.value, "all_but"))
            continue
        if any(_has_seq(texts, seq) >= 0 for seq in _NONE) and not destroyed:
            extra.append(_derived(make, lc, 0.0, "none"))
            continue
        if not destroyed and _all_destroyed(doc, texts, a0):
            extra.append(_derived(make, lc, total, "all"))
    out = [c for k, c in enumerate(claims) if k not in drop]
    return out + extra + _all_n_launched(doc, out + extra, make)


def _all_n_launched(doc: Doc, claims: list[Claim], make: Callable[..., Claim]) -> list[Claim]:
    """ "shot down all 14 Russian drones", "All 12 Kalibr missiles were shot down": all N
    destroyed also says N were launched, when the document gives no launch figure of that
    class."""
    launched = {family(c.weapon_class) for c in claims if c.outcome == _LAUNCHED}
    out: list[Claim] = []
    for c in claims:
        if c.outcome != _DESTROYED or family(c.weapon_class) in launched or not c.span:
            continue
        if c.quantity is None or c.quantity.value is None or c.detail.get("from"):
            continue
        k = bisect.bisect_right(doc.starts, c.span[0]) - 1
        if k >= 1 and doc.texts[k - 1] in _ALL:
            out.append(make(c, Outcome.LAUNCHED, c.quantity, {**c.detail, "from": "all"}))
            launched.add(family(c.weapon_class))
    return out


def _all_destroyed(doc: Doc, texts: list[str], a0: int) -> bool:
    """ "all of which were shot down", "усі вони збиті", "all 12 … were shot down"."""
    if _ALL.isdisjoint(texts):
        return False
    for k in range(a0, a0 + len(texts)):
        a = doc.ann.get(k)
        if a is not None and "cue" in a and a["cue"][1] == Outcome.DESTROYED:
            return True
    return False


def _derived(make: Callable[..., Claim], launched: Claim, value: float, how: str) -> Claim:
    detail: dict[str, Any] = {**launched.detail, "from": how}
    return make(launched, Outcome.DESTROYED, Quantity.exact(value), detail)


def derive(launched: Claim, outcome: Outcome, q: Quantity, detail: dict[str, Any]) -> Claim:
    """A claim like ``launched`` with another outcome and quantity."""
    return evolve(launched, outcome=outcome, quantity=q, detail=detail, is_total=False)
