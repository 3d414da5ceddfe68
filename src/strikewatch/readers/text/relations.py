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

from strikewatch.domain import Claim, ClaimKind, Outcome, Quantity, WeaponClass
from strikewatch.readers.text.build import evolve
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import ADJ_CLASS, NEGATIONS, NONE_NEGATIONS
from strikewatch.readers.text.numbers import parse_number
from strikewatch.readers.text.outcomes import RELATIVE
from strikewatch.readers.text.weapons import family

#: "all but four", "усі, крім чотирьох" (the comma is a token of its own)
_ALL_BUT = (
    ("all", "but"),
    ("всі", ",", "крім"),
    ("усі", ",", "крім"),
    ("всі", "крім"),
    ("усі", "крім"),
)
#: bound once: per-claim tests (an enum class look-up is slow on Python 3.11)
_COUNT, _LAUNCHED, _DESTROYED = ClaimKind.COUNT, Outcome.LAUNCHED, Outcome.DESTROYED
_ALL = frozenset({"all", "усі", "всі", "усіх", "всіх", "все"})
#: "both" only when the one launch figure is 2
_BOTH = frozenset({"both", "обидві", "обидва", "обох", "обидвох"})
#: "failed to intercept the 6 Kinzhal missiles", "Перехопити обидві ракети не вдалося":
#: (surface words, may the figure stand right before), from ``vocab/outcomes.yaml``.
_NONE = NEGATIONS
#: How far after a negation ("failed to intercept the 6 Kinzhal missiles") or before it
#: ("3 ракети збити не вдалося") a figure is the one negated, in tokens.
_NEG_AFTER, _NEG_BEFORE = 8, 1
#: "Жодної ракети не вдалося збити", "not a single drone", "none was intercepted": none of the
#: one earlier launch figure was destroyed, in a sentence of its own (``vocab/outcomes.yaml``).
_NONE_BACK = NONE_NEGATIONS
#: How far before a negation a number says only some were not destroyed ("four could not be
#: intercepted", "2 з них не вдалося перехопити"): then no "none" is derived.
_SOME_BEFORE = 3


def _sid_of(doc: Doc, claim: Claim) -> int:
    """The sentence of the claim's figure: where its span ends ("… 50 drones. Air defences
    failed to intercept three of them": the bare 3 takes the weapon named in the sentence
    before, and its span starts there, but the sentence that denies it is its own)."""
    span = claim.span or (0, 1)
    k = bisect.bisect_right(doc.starts, max(span[1] - 1, span[0])) - 1
    return doc.sid[max(k, 0)]


def _figure_start(doc: Doc, claim: Claim) -> int:
    """The token where the claim's number stands: its span's start ("6 Kinzhal missiles"),
    or its last token when the span starts at a weapon named before the number ("… 50
    drones; air defences failed to intercept 3": the bare 3 takes the drones' class)."""
    span = claim.span or (0, 1)
    t0 = _tok(doc, span[0])
    if parse_number(doc.tokens, t0, doc.spans, doc.lex) is not None:
        return t0
    return _tok(doc, max(span[1] - 1, span[0]))


def _has_seq(texts: list[str], seq: tuple[str, ...]) -> int:
    n = len(seq)
    for k in range(len(texts) - n + 1):
        if tuple(texts[k : k + n]) == seq:
            return k
    return -1


#: Words one of the rules needs (every negation of ``_NONE`` has one); a document with none
#: of them is returned unchanged.
_KEYS = frozenset(
    {
        "all",
        "but",
        "failed",
        "none",
        "not",
        "жодну",
        "жодної",
        "жоден",
        "вдалося",
        "крім",
        "не",
        "удалось",
        "single",
        "жодного",
        *_ALL,
        *_BOTH,
    }
)


def apply_relations(doc: Doc, claims: list[Claim], make: Callable[..., Claim]) -> list[Claim]:
    """The claims with the relations above applied (see the module docstring)."""
    has_keys = not _KEYS.isdisjoint(doc.texts)
    has_relative = not RELATIVE.isdisjoint(doc.texts)
    if not (has_keys or has_relative):
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
        if has_keys and _negated(doc, claims, idxs, texts, a0, make, drop, extra):
            continue
        if has_relative and _relative_rule(doc, claims, idxs, make, extra):
            continue
        if not has_keys:
            continue
        _all_rules(doc, claims, idxs, texts, a0, make, drop, extra)
        nxt = s + 1  # "… 12 ударними БпЛА. Усі вони збиті.": the next sentence, figureless
        if nxt < len(doc.sentences) and nxt not in by_sent:
            b0, b1 = doc.sentences[nxt]
            if _refers_back(doc, b0, b1) or _says_none(doc.texts[b0:b1]):
                _all_rules(doc, claims, idxs, doc.texts[b0:b1], b0, make, drop, extra)
    drop.update(_both_misfits(doc, claims))
    out = [c for k, c in enumerate(claims) if k not in drop]
    out += extra
    out += _all_of_family(doc, out, make) + _all_n_launched(doc, out, make)
    return out + _none_of_named(doc, out, make, set(by_sent))


_FAMILY_OF_HEAD = {"missile": "missile", "drone": "drone"}
_GENERIC_CLASSES = (WeaponClass.UNKNOWN_MISSILE, WeaponClass.UNKNOWN_DRONE, WeaponClass.MIXED)


#: Before "all": it says not all ("не всі ракети були перехоплені", "not all missiles")
_NOT_ALL = frozenset({"не", "not", "ні", "нe"})


def _all_of_family(doc: Doc, claims: list[Claim], make: Callable[..., Claim]) -> list[Claim]:
    """ "Усі ракети збиті", "All the missiles were shot down": every weapon of that family
    launched was destroyed, when the document has one launch figure of the family and no
    destroyed figure of it yet."""
    out: list[Claim] = []
    for k in doc.at("head"):
        fam = _FAMILY_OF_HEAD.get(doc.ann[k]["head"][1])
        j = k - 1
        while j >= 0 and (doc.texts[j] == "the" or "adj" in (doc.ann.get(j) or {})):
            j -= 1
        if fam is None or j < 0 or doc.texts[j] not in _ALL or not _destroyed_near(doc, j, k):
            continue
        if j >= 1 and doc.texts[j - 1] in _NOT_ALL:
            continue  # "на жаль, не всі ракети були перехоплені": not all, a fact of none
        at = doc.starts[j]  # the launch figure must come before: "All drones must be …, 30 …"
        same = [
            c
            for c in claims
            if c.kind == _COUNT and family(c.weapon_class) == fam and c.span and c.span[1] <= at
        ]
        launched = [
            c for c in same if c.outcome == _LAUNCHED and c.quantity and c.qualifier is None
        ]
        if not launched:
            out.extend(_all_were_destroyed(claims, same, fam, make))
            continue
        if len(launched) != 1 or any(c.outcome == _DESTROYED for c in same):
            continue
        lc = launched[0]
        if lc.quantity is not None and lc.quantity.value is not None:
            out.append(_derived(make, lc, lc.quantity.value, "all"))
    return out


def _all_were_destroyed(
    claims: list[Claim], same: list[Claim], fam: str, make: Callable[..., Claim]
) -> list[Claim]:
    """ "destroyed eight … ballistic missiles … All the missiles launched were downed": the
    one destroyed figure of the family before it counted every one launched, so it is also
    the launch figure, when the document has no launch figure of that family at all. A
    headline may restate it ("shot down eight Russian missiles"): figures of one value are
    one figure, the most specific class the one launched."""
    if any(
        c.kind == _COUNT and c.outcome == _LAUNCHED and family(c.weapon_class) == fam
        for c in claims
    ):
        return []
    destroyed = [
        c
        for c in same
        if c.outcome == _DESTROYED
        and c.qualifier is None
        and not c.detail.get("from")
        and c.quantity is not None
        and c.quantity.value is not None
    ]
    if not destroyed or len({c.quantity.value for c in destroyed if c.quantity}) != 1:
        return []
    specific = [c for c in destroyed if c.weapon_class not in _GENERIC_CLASSES]
    dc = (specific or destroyed)[-1]
    return [make(dc, _LAUNCHED, dc.quantity, {**dc.detail, "from": "all"})]


def _none_of_named(
    doc: Doc, claims: list[Claim], make: Callable[..., Claim], figured: set[int]
) -> list[Claim]:
    """ "Балістичні ракети збити не вдалося", "The ballistic missiles could not be
    intercepted": a weapon named without a figure, in a sentence with no figure, a downing
    cue and a negation (``negations`` in ``vocab/outcomes.yaml``), names all of the one
    launch figure before it of its class (its adjective's, else its head noun's family):
    destroyed 0 of that figure, unless the document gives a destroyed figure of the class.
    Two launch figures it could mean ("ракети" after ballistic and cruise ones): nothing."""
    out: list[Claim] = []
    done: set[int] = set()
    for k in doc.at("head"):
        s = doc.sid[k]
        if s in figured or s in done or not _denies_downing(doc, s):
            continue
        cls = _adj_class(doc, k)
        fam = _FAMILY_OF_HEAD.get(doc.ann[k]["head"][1])
        at = doc.starts[k]
        launched = [
            c
            for c in claims
            if c.kind == _COUNT
            and c.outcome == _LAUNCHED
            and c.qualifier is None
            and c.quantity is not None
            and c.quantity.value
            and c.span is not None
            and c.span[1] <= at
            and (c.weapon_class == cls if cls is not None else family(c.weapon_class) == fam)
        ]
        if len(launched) != 1:
            continue
        lc = launched[0]
        if any(
            c.kind == _COUNT and c.outcome == _DESTROYED and c.weapon_class == lc.weapon_class
            for c in claims
        ):
            continue
        done.add(s)
        out.append(_derived(make, lc, 0.0, "none_named"))
    return out


def _denies_downing(doc: Doc, s: int) -> bool:
    """Sentence ``s`` has a negation of ``negations`` and a destroyed cue ("не вдалося"
    alone also says "не вдалося встановити")."""
    a0, a1 = doc.sentences[s]
    texts = doc.texts[a0:a1]
    if not any(_has_seq(texts, seq) >= 0 for seq, _e in _NONE):
        return False
    for j in range(a0, a1):
        a = doc.ann.get(j)
        if a is not None and "cue" in a and a["cue"][1] == _DESTROYED:
            return True
    return False


def _adj_class(doc: Doc, k: int) -> WeaponClass | None:
    """The class a class adjective right before the head noun ``k`` names ("балістичні
    ракети", "the cruise missiles"), else None."""
    j = k - 1
    while j >= 0 and doc.sid[j] == doc.sid[k]:
        a = doc.ann.get(j)
        if a is None or "adj" not in a:
            return None
        got = ADJ_CLASS.get(a["adj"][1])
        if got is not None:
            return got
        j -= 1
    return None


def _destroyed_near(doc: Doc, j: int, k: int) -> bool:
    """A destroyed cue within 3 tokens after the head noun ``k`` or 2 before "all" at ``j``."""
    s = doc.sid[k]
    for m in (*range(k + 1, k + 4), j - 1, j - 2):
        if 0 <= m < len(doc.tokens) and doc.sid[m] == s:
            a = doc.ann.get(m)
            if a is not None and "cue" in a and a["cue"][1] == _DESTROYED:
                return True
    return False


def _both_misfits(doc: Doc, claims: list[Claim]) -> list[int]:
    """ "… 5 missiles and 30 drones. Both were intercepted": a "both" that refers back (its
    weapon named before it) to a class whose launch figure is not 2 counts nothing."""
    out = []
    for k, c in enumerate(claims):
        if c.kind != _COUNT or c.outcome == _LAUNCHED or c.span is None:
            continue
        last = _tok(doc, c.span[1] - 1)
        if doc.texts[last] not in _BOTH or _tok(doc, c.span[0]) == last:
            continue
        fam = family(c.weapon_class)
        two = [
            d.quantity.value == 2
            for d in claims
            if d.kind == _COUNT
            and d.outcome == _LAUNCHED
            and family(d.weapon_class) == fam
            and d.quantity is not None
        ]
        if two and not all(two):
            out.append(k)
    return out


#: What may follow "all" / "both" opening a sentence that refers back to the figure before:
#: "Усі вони збиті", "All of them were destroyed", "Both were intercepted", "Знищено всі, крім",
#: "Усі їх збила протиповітряна оборона" (the object pronoun: "all of them it shot down")
_BACK = frozenset(
    {
        "of",
        "вони",
        "з",
        "із",
        ",",
        "were",
        "are",
        "have",
        "had",
        "було",
        "були",
        "не",
        "not",
        "їх",
        "их",
    }
)


def _refers_back(doc: Doc, b0: int, b1: int) -> bool:
    """A figureless sentence opening with "all" / "both" used as a pronoun (not "All regions")."""
    for k in range(b0, min(b0 + 3, b1 - 1)):
        if doc.texts[k] in _ALL or doc.texts[k] in _BOTH:
            a = doc.ann.get(k + 1)
            return doc.texts[k + 1] in _BACK or (a is not None and "cue" in a)
    return False


def _all_rules(
    doc: Doc,
    claims: list[Claim],
    idxs: list[int],
    texts: list[str],
    a0: int,
    make: Callable[..., Claim],
    drop: set[int],
    extra: list[Claim],
) -> None:
    """ "all but N", "none of" and "all …" / "both …" with the one launch figure of the
    sentence ``idxs`` (``texts`` from ``a0`` is that sentence or the figureless one after it)."""
    launched = [k for k in idxs if claims[k].outcome == _LAUNCHED and claims[k].quantity]
    destroyed = [k for k in idxs if claims[k].outcome == _DESTROYED]
    if len({claims[k].weapon_class for k in launched}) != 1:
        if not destroyed:
            extra.extend(_all_of_list(doc, claims, launched, texts, a0, make))
        return
    lc = claims[launched[0]]
    total = lc.quantity.value if lc.quantity else None
    if total is None:
        return
    but_at = next((p for seq in _ALL_BUT if (p := _has_seq(texts, seq)) >= 0), -1)
    if but_at >= 0:
        but = _all_but_value(doc, claims, destroyed, a0 + but_at)
        if but is not None and but <= total:
            drop.update(destroyed[:1])
            extra.append(_derived(make, lc, total - but, "all_but"))
        return  # "all but" with no figure read: never "all"
    negs = [(p, len(seq)) for seq, _e in _NONE if (p := _has_seq(texts, seq)) >= 0]
    if negs and not destroyed:
        if not any(_some_before(doc, a0, a0 + p, total) for p, _n in negs):
            extra.append(_derived(make, lc, 0.0, "none"))
        return
    words = _ALL | _BOTH if total == 2 else _ALL
    if not destroyed and _all_destroyed(doc, texts, a0, words, _tok(doc, (lc.span or (0, 0))[0])):
        extra.append(_derived(make, lc, total, "all"))


#: What follows "all" when it refers back to a whole list: "all of which", "all of them",
#: "усі вони", "всі з них", "all were shot down"
#: An auxiliary between a relative pronoun and its verb ("which were shot down")
_AUX = frozenset({"were", "was", "have", "had", "були", "було", "була", "был", "были"})
_LIST_BACK = frozenset({"of", "вони", "з", "із", "were", "було", "були"})


def _all_of_list(
    doc: Doc,
    claims: list[Claim],
    launched: list[int],
    texts: list[str],
    a0: int,
    make: Callable[..., Claim],
) -> list[Claim]:
    """ "Russia launched 30 drones and 4 missiles, all of which were shot down": an "all"
    after the last of several launch figures (one per class) that refers back to them all
    ("all of which", "усі вони"), with a destroyed cue after it: each was destroyed."""
    by_class = [claims[k].weapon_class for k in launched]
    if not launched or len(set(by_class)) != len(by_class):
        return []  # two figures of one class: which of them "all" covers is not said
    last = _last_figure_end(doc, claims, launched)
    for p, t in enumerate(texts[:-1]):
        k = a0 + p
        if k <= last or t not in _ALL or texts[p + 1] not in _LIST_BACK:
            continue
        if any(
            parse_number(doc.tokens, j, doc.spans, doc.lex) is not None for j in range(last + 1, k)
        ):
            return []  # "…, 20 of them over Kyiv, all of which …": not the whole list
        if _all_destroyed(doc, texts[p:], k, _ALL, k):
            return _each_destroyed(claims, launched, make, "all")
        return []
    return []


def _last_figure_end(doc: Doc, claims: list[Claim], launched: list[int]) -> int:
    return max(_tok(doc, (claims[k].span or (0, 0))[1] - 1) for k in launched)


def _relative_rule(
    doc: Doc, claims: list[Claim], idxs: list[int], make: Callable[..., Claim], extra: list[Claim]
) -> bool:
    """ "… which were shot down" after the sentence's launch figures (and no destroyed one):
    each is derived destroyed. True when the sentence was handled."""
    launched = [k for k in idxs if claims[k].outcome == _LAUNCHED and claims[k].quantity]
    if not launched or any(claims[k].outcome == _DESTROYED for k in idxs):
        return False
    if not _relative_destroyed(doc, claims, launched):
        return False
    extra.extend(_each_destroyed(claims, launched, make, "which"))
    return True


def _relative_destroyed(doc: Doc, claims: list[Claim], launched: list[int]) -> bool:
    """ "The attack included eight Shahed drones and three cruise missiles which were shot
    down", "запустив 12 дронів, які були збиті": a relative clause right after the last launch
    figure of the sentence whose verb is a destroyed cue (one figure per class)."""
    if not launched:
        return False
    by_class = [claims[k].weapon_class for k in launched]
    if len(set(by_class)) != len(by_class):
        return False
    keys, n = doc.keys, len(doc.keys)
    k = _last_figure_end(doc, claims, launched) + 1
    if k < n and keys[k] == ",":
        k += 1
    if k >= n or keys[k] not in RELATIVE:
        return False
    k += 1
    if k < n and keys[k] in _AUX:
        k += 1
    a = doc.ann.get(k) if k < n else None
    return a is not None and "cue" in a and a["cue"][1] == _DESTROYED


def _each_destroyed(
    claims: list[Claim], launched: list[int], make: Callable[..., Claim], how: str
) -> list[Claim]:
    """A destroyed claim of each launch figure's value (every one has a quantity here)."""
    return [
        _derived(make, claims[j], q.value, how)
        for j in launched
        if (q := claims[j].quantity) is not None and q.value is not None
    ]


def _says_none(texts: list[str]) -> bool:
    """A sentence with a "none" negation ("Жодної ракети не вдалося збити")."""
    return any(_has_seq(texts, seq) >= 0 for seq in _NONE_BACK)


def _some_before(doc: Doc, a0: int, at: int, total: float) -> bool:
    """A number other than the launch figure ``total`` just before the negation at ``at``
    ("Of the 12 missiles, four could not be intercepted"): some, not all, got through, so
    destroyed is not 0 (and launched − failed is not said as destroyed either). Only
    from the sentence start ``a0``."""
    for j in range(max(at - _SOME_BEFORE, a0), at):
        got = parse_number(doc.tokens, j, doc.spans, doc.lex)
        if got is not None and got[0] != total:
            return True
    return False


def _tok(doc: Doc, char: int) -> int:
    return max(bisect.bisect_right(doc.starts, char) - 1, 0)


def _all_but_value(doc: Doc, claims: list[Claim], destroyed: list[int], at: int) -> float | None:
    """The N of "all but N": the destroyed figure read there, else a bare number right after
    "but" / "крім" ("all but three of them")."""
    if destroyed:
        q = claims[destroyed[0]].quantity
        return q.value if q is not None else None
    j = at + 1
    while j < len(doc.texts) and doc.texts[j] in {"but", ",", "крім"}:
        j += 1
    got = parse_number(doc.tokens, j, doc.spans, doc.lex) if j < len(doc.texts) else None
    return got[0] if got else None


def _negated(
    doc: Doc,
    claims: list[Claim],
    idxs: list[int],
    texts: list[str],
    a0: int,
    make: Callable[..., Claim],
    drop: set[int],
    extra: list[Claim],
) -> bool:
    """ "failed to intercept the 6 Kinzhal missiles": a destroyed figure next to a negation
    counts what was launched and not destroyed. It becomes the launch figure (destroyed 0)
    when the sentence has no launch figure of its family, else it is dropped (a figure the
    sentence denies is never kept as destroyed). True when the sentence was handled."""
    hits = [(a0 + p, len(seq), either) for seq, either in _NONE if (p := _has_seq(texts, seq)) >= 0]
    if not hits:
        return False
    done = False
    firsts = sorted(_tok(doc, sp[0]) for j in idxs if (sp := claims[j].span) is not None)
    for k in idxs:
        c = claims[k]
        if c.outcome != _DESTROYED or c.span is None or not (c.quantity and c.quantity.value):
            continue  # a denied figure of 0 ("failed to intercept the 0 …") says nothing
        if c.detail.get("from"):
            continue
        t0, t1 = _figure_start(doc, c), _tok(doc, c.span[1] - 1)
        if not any(
            (p + n <= t0 <= p + n + _NEG_AFTER and not _figure_between(firsts, p + n, t0))
            or (0 < p - t1 <= _NEG_BEFORE and either)
            for p, n, either in hits
        ):
            continue
        fam = family(c.weapon_class)
        drop.add(k)
        done = True
        here = [
            j
            for j in idxs
            if claims[j].outcome == _LAUNCHED and family(claims[j].weapon_class) == fam
        ]
        if here:
            # "Russia fired two Kh-101 missiles; both missiles could not be intercepted"
            one = _earlier_launches([claims[j] for j in here], c, fam)
            if len(here) == 1 and len(one) == 1 and _same_value(one[0], c):
                extra.append(_derived(make, one[0], 0.0, "none"))
            continue
        earlier = _earlier_launches(claims, c, fam)
        if len(earlier) == 1 and (_same_value(earlier[0], c) or _says_none(texts)):
            # "… 2 балістичними ракетами Іскандер-М … Обидві ракети збити не вдалося"
            extra.append(_derived(make, earlier[0], 0.0, "none"))
        elif not earlier and (later := _earlier_launches(claims, c, fam, before=False)):
            # "Обидві ракети збити не вдалося. … випустив дві балістичні ракети": the launch
            # figure comes after; a generic negated figure is never a launch of its own
            if len(later) == 1 and _same_value(later[0], c):
                extra.append(_derived(make, later[0], 0.0, "none"))
        elif not earlier:
            as_launch = derive(c, _LAUNCHED, c.quantity, {**c.detail, "from": "negated"})
            extra.append(as_launch)
            extra.append(_derived(make, as_launch, 0.0, "none"))
    return done


def _figure_between(firsts: list[int], a: int, b: int) -> bool:
    """A figure starting in tokens [a, b): "Не збито 5 дронів, ще 15 знешкоджено" denies the
    5, not the 15 (only the first figure after a negation is the one it negates)."""
    k = bisect.bisect_left(firsts, a)
    return k < len(firsts) and firsts[k] < b


def _earlier_launches(
    claims: list[Claim], c: Claim, fam: str, *, before: bool = True
) -> list[Claim]:
    """Launch figures before the denied figure ``c`` (after it when not ``before``: only for
    a ``c`` that names the family alone), of its class or, when ``c`` names only the family
    ("обидві ракети"), of any class of it. One of the same value is the figure the sentence
    refers back to; with several, or one of another value, nothing is derived (which of them
    was not shot down is not said)."""
    generic = c.weapon_class is not None and str(c.weapon_class).startswith("unknown_")
    if not before and not generic:
        return []
    start = (c.span or (0, 0))[0]
    return [
        o
        for o in claims
        if o.kind == _COUNT
        and o.outcome == _LAUNCHED
        and ((o.span or (0, 0))[0] < start) == before
        and family(o.weapon_class) == fam
        and (generic or o.weapon_class == c.weapon_class)
    ]


def _same_value(a: Claim, b: Claim) -> bool:
    return (
        a.quantity is not None and b.quantity is not None and a.quantity.value == b.quantity.value
    )


def _all_n_launched(doc: Doc, claims: list[Claim], make: Callable[..., Claim]) -> list[Claim]:
    """ "shot down all 14 Russian drones", "All 12 Kalibr missiles were shot down", "both
    Iskander-K cruise missiles" / "обидві крилаті ракети" downed: all N (both: 2) destroyed
    also says N were launched, when the document gives no launch figure of that class."""
    launched = {family(c.weapon_class) for c in claims if c.outcome == _LAUNCHED}
    out: list[Claim] = []
    for c in claims:
        if c.outcome != _DESTROYED or family(c.weapon_class) in launched or not c.span:
            continue
        if c.quantity is None or c.quantity.value is None or c.detail.get("from"):
            continue
        k = bisect.bisect_right(doc.starts, c.span[0]) - 1
        both = c.quantity.value == 2 and doc.texts[k] in _BOTH
        if both or _all_before(doc.texts, k):
            out.append(make(c, Outcome.LAUNCHED, c.quantity, {**c.detail, "from": "all"}))
            launched.add(family(c.weapon_class))
    return out


def _all_destroyed(
    doc: Doc, texts: list[str], a0: int, words: frozenset[str], after: int = 0
) -> bool:
    """ "all of which were shot down", "усі вони збиті", "all 12 … were shot down": an "all"
    word at, right before ("All 12 cruise missiles launched overnight were shot down") or
    after token ``after`` (the launch figure: "All drones must be shot down, Russia
    launched 30 drones" says nothing of those 30) and a destroyed cue."""
    if not any(
        t in words and (a0 + p >= after - 1 or _all_of_the(texts, p + 1, after - a0))
        for p, t in enumerate(texts)
    ):
        return False
    for k in range(a0, a0 + len(texts)):
        a = doc.ann.get(k)
        if a is not None and "cue" in a and a["cue"][1] == Outcome.DESTROYED:
            return True
    return False


#: Words between "all" and its figure: "all of the 24 drones", "усі з 12 ракет"
_ALL_OF = frozenset({"of", "the", "its", "their", "з", "із"})


def _all_of_the(texts: list[str], p: int, fig: int) -> bool:
    """ "all of the 24 drones … were shot down": only "of (the)" stands between "all" (ending
    before ``p``) and the figure at ``fig`` (both relative to the sentence start), so "all"
    counts that figure as it does right before it ("all 24 drones")."""
    return 0 < fig - p <= 2 and all(t in _ALL_OF for t in texts[p:fig])


def _all_before(texts: list[str], k: int) -> bool:
    """ "all 14 …", "all of the 24 …": an "all" word right before the figure at ``k`` or
    before "of (the)" before it."""
    for j in range(k - 1, max(k - 4, -1), -1):
        if texts[j] in _ALL:
            return True
        if texts[j] not in _ALL_OF:
            return False
    return False


def _derived(make: Callable[..., Claim], launched: Claim, value: float, how: str) -> Claim:
    detail: dict[str, Any] = {**launched.detail, "from": how}
    return make(launched, Outcome.DESTROYED, Quantity.exact(value), detail)


def derive(launched: Claim, outcome: Outcome, q: Quantity, detail: dict[str, Any]) -> Claim:
    """A claim like ``launched`` with another outcome and quantity."""
    return evolve(launched, outcome=outcome, quantity=q, detail=detail, is_total=False)
