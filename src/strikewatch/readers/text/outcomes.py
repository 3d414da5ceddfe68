"""Which outcome a figure counts: launched, destroyed, lost to EW, hit, debris, airborne.

The rule, in order (each step only looks inside the figure's sentence):

1. "N of (the) M …": M is what was launched.
2. A figure counting *locations* ("на 14 локаціях", "at 9 sites") takes the hit/debris cue
   of its clause.
3. A cue right after the weapon ("46 БпЛА локаційно втрачено", "412 were shot down").
4. The nearest cue before the figure in the same clause ("збито/подавлено 577 …").
5. The nearest cue after the figure in the same clause ("… 412 drones and 60 missiles were
   shot down").
6. For a list item, the outcome of the line that introduced the list.
7. A sentence about an attack ("barrage", "атака") with no cue: launched.
Otherwise the figure is not an attack count and yields no claim.
"""

from __future__ import annotations

from strikewatch.domain import Outcome
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import EN_NUMBERS, UK_NUMBERS
from strikewatch.readers.text.tokens import NL, NUM, PUNCT, WORD

#: A relative pronoun opening a clause about the figure before ("… which were shot down")
RELATIVE = frozenset({"which", "that", "які", "котрі", "что", "которые"})
_TIGHT_STOP = frozenset({",", ";", ":", ".", "(", ")", "!", "?"})
#: bound once: these run per figure (an enum class look-up is slow on Python 3.11)
_LAUNCHED, _HIT, _DEBRIS = Outcome.LAUNCHED, Outcome.HIT, Outcome.DEBRIS


def cues_in(doc: Doc, a0: int, a1: int) -> list[tuple[int, int, Outcome]]:
    """(start, end, outcome) of the cue phrases between token indices a0 and a1."""
    out = []
    i = a0
    for k in doc.within("cue", a0, a1):
        if k < i:
            continue  # inside the previous cue
        end, oc = doc.ann[k]["cue"]
        out.append((k, end, oc))
        i = end
    return out


def tight_following(doc: Doc, j: int, limit: int = 4) -> Outcome | None:
    """A cue within ``limit`` tokens after index j, with no punctuation or number between: a
    number word too ("три ракети — одну збили", "three missiles — one was shot down": the
    cue is the later number's)."""
    kinds, texts, ann_get = doc.kinds, doc.texts, doc.ann.get  # bound once: runs per figure
    for k in range(j, min(len(kinds), j + limit + 1)):
        a = ann_get(k)
        if a is not None:
            if "cue" in a:
                return a["cue"][1]  # type: ignore[no-any-return]
            if "hitverb" in a:
                return _HIT
        kind = kinds[k]
        if kind in (NUM, NL) or (kind == PUNCT and texts[k] in _TIGHT_STOP):
            return None
        if kind == WORD and doc.keys[k] in doc.lex.numbers:
            return None
    return None


#: Words that join a clause of its own after a figure ("… 40 drones and air defences shot
#: down …", "… 40 дронами та сили ППО збили …")
_JOINERS = frozenset({"and", "та", "і", "й", "а", "but", "while", "и"})


def _joined_clause(doc: Doc, j: int, limit: int = 4) -> bool:
    """A joining word before the next cue within ``limit`` tokens after index j (the cue
    ``tight_following`` found there): that cue is the verb of a clause of its own."""
    keys, ann_get = doc.keys, doc.ann.get
    for k in range(j, min(len(keys), j + limit + 1)):
        a = ann_get(k)
        if a is not None and ("cue" in a or "hitverb" in a):
            return False
        if keys[k] in _JOINERS:
            return True
    return False


#: Words that coordinate two figures or weapons: "Fourteen missiles and 23 drones struck …",
#: "drone and electronic warfare units" (unnumbered.py).
COORDINATORS = frozenset({"and", "та", "і", "й", "и"})


def _coordinated_hit(doc: Doc, w1: int) -> bool:
    """ "Fourteen missiles and 23 drones struck 14 locations", "five ballistic missiles and 46
    drones hit 32 sites": the figure is the first of two subjects of one hit verb, so it
    takes that verb (only the last subject stands right before it). Only "and" then a
    number, a weapon run and the hit verb, with no cue or punctuation between, and only
    when no verb before the figure governs it ("launched 12 missiles and two drones …")."""
    keys, kinds, ann_get = doc.keys, doc.kinds, doc.ann.get
    n = len(keys)
    if w1 + 2 >= n or keys[w1] not in COORDINATORS:
        return False
    nxt = keys[w1 + 1]
    if kinds[w1 + 1] != NUM and nxt not in EN_NUMBERS and nxt not in UK_NUMBERS:
        return False
    for k in range(w1 + 2, min(n, w1 + 8)):
        a = ann_get(k)
        if a is not None:
            if "hitverb" in a:
                return True
            if "cue" in a:
                return False
        if kinds[k] == NL or (kinds[k] == PUNCT and doc.texts[k] in _TIGHT_STOP):
            return False
    return False


def _participle(doc: Doc, cue: tuple[int, int, Outcome]) -> bool:
    """A launch cue right after a weapon noun ("missiles launched from …")."""
    k = cue[0] - 1
    if cue[2] != _LAUNCHED or k < 0:
        return False
    a = doc.ann.get(k)
    return a is not None and ("head" in a or "model" in a)


#: How far after its weapon the verb of a coordinated clause may stand (tokens), and the
#: words that may stand between ", а" and the figure ("а ще три БпЛА").
_OWN_VERB_REACH = 8
_MORE_WORDS = frozenset({"ще", "ещё", "еще", "another", "more", "further"})
_OWN_OPENERS = _MORE_WORDS | _JOINERS


def _own_verb_after(
    doc: Doc, q0: int, w1: int, sent_cues: list[tuple[int, int, Outcome]]
) -> Outcome | None:
    """ "19 … були локаційно втрачені …, а ще три БпЛА на момент публікації звіту
    перебували в повітрі": a figure right after ", а" / ", and" (a "ще" may stand between)
    opens a clause of its own, whose verb comes after it (within a few words, no
    punctuation, number or relative pronoun between); that verb, not the one before the
    comma, says what the figure counts. None when the figure opens no such clause."""
    keys, texts, kinds = doc.keys, doc.texts, doc.kinds
    k = q0 - 1
    while k > 0 and keys[k] in _MORE_WORDS:
        k -= 1
    if k < 1 or keys[k] not in _JOINERS or texts[k - 1] != ",":
        return None
    for c in sent_cues:
        if c[0] < w1:
            continue
        if c[0] - w1 > _OWN_VERB_REACH:
            return None
        for j in range(w1, c[0]):
            if kinds[j] in (NUM, NL) or (kinds[j] == PUNCT and texts[j] in _TIGHT_STOP):
                return None
            if keys[j] in RELATIVE:
                return None
        return c[2]
    return None


def outcome_for(
    doc: Doc, q0: int, q1: int, w1: int, sent_cues: list[tuple[int, int, Outcome]]
) -> Outcome | None:
    """Outcome of the figure at tokens [q0, q1) whose weapon run ends at w1 (see module doc)."""
    tight = tight_following(doc, w1)
    if not sent_cues:  # the usual list item: only a cue right after the weapon can decide
        if tight is None and _coordinated_hit(doc, w1):
            return _HIT
        return tight if tight is not None and tight != _DEBRIS else None
    cid = doc.cid
    clause = cid[q0]
    before = [c for c in sent_cues if c[1] <= q0 and cid[c[0]] == clause]
    if len(before) > 1:
        # "4 missiles launched from the Caspian and 5 …": a participle after a weapon noun
        # describes that weapon; it does not replace the clause's verb ("shot down")
        verbs = [c for c in before if not _participle(doc, c)]
        before = verbs or before
    if tight is not None and tight != _DEBRIS:
        # "shot down 4 missiles launched from the Caspian": "launched" there describes the
        # missiles; the verb that governs the figure is the one before it
        if tight == _LAUNCHED and before and before[-1][2] != _LAUNCHED:
            return before[-1][2]
        if before and before[-1][2] != tight and _joined_clause(doc, w1):
            # "Russia launched 40 drones overnight and air defences shot down 30 of them": the
            # verb after "and" is the next clause's; the figure keeps the verb before it
            return before[-1][2]
        if (
            before
            and before[-1][2] == _LAUNCHED
            and w1 < len(doc.keys)
            and doc.keys[w1] in RELATIVE
        ):
            # "the attack included … three cruise missiles which were shot down": launched, and
            # the relative clause is a relation (relations.py derives the destroyed figure)
            return _LAUNCHED
        return tight
    if before:
        if q0 >= 2 and doc.keys[q0 - 1] in _OWN_OPENERS:
            own = _own_verb_after(doc, q0, w1, sent_cues)
            if own is not None:
                return own
        return before[-1][2]
    if tight is None and _coordinated_hit(doc, w1):
        return _HIT  # no verb before the figure in its clause: the hit verb after both
    # The same sentence but an earlier clause split only by a comma-free "ще"/"and a further"
    after = [c for c in sent_cues if c[0] >= q1 and cid[c[0]] == clause]
    if after:
        return after[0][2]
    return _inline_item_cue(doc, q0, sent_cues)


#: How far back an inline list item looks for its colon (an Air Force list of three classes
#: with their launch areas is about 60 tokens); bounded, so each figure costs a constant
_ITEM_REACH = 150


def _inline_item_cue(
    doc: Doc, q0: int, sent_cues: list[tuple[int, int, Outcome]]
) -> Outcome | None:
    """ "збито/подавлено 190 ворожих цілей: 178 БпЛА …; 8 балістичних ракет …; 4 крилаті
    ракети": an item after a ";" of a list that a colon opened in the same sentence takes the
    outcome of the cue before the colon (the line-by-line list's rule, for a list written on
    one line). Only when a ";" stands between the colon and the figure: the first item shares
    the colon's clause and is read by the rules above."""
    texts, cid = doc.texts, doc.cid
    a0 = doc.sentences[doc.sid[q0]][0]
    semicolon = False
    for k in range(q0 - 1, max(a0, q0 - _ITEM_REACH) - 1, -1):
        t = texts[k]
        if t == ";":
            semicolon = True
        elif t == ":":
            if not semicolon:
                return None
            cues = [c for c in sent_cues if c[1] <= k and cid[c[0]] == cid[k]]
            return cues[-1][2] if cues else None
    return None
