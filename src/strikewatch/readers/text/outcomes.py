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
from strikewatch.readers.text.tokens import NUM, PUNCT

_TIGHT_STOP = frozenset({",", ";", ":", ".", "(", ")", "!", "?"})


def cues_in(doc: Doc, a0: int, a1: int) -> list[tuple[int, int, Outcome]]:
    """(start, end, outcome) of the cue phrases between token indices a0 and a1."""
    out = []
    i = a0
    while i < a1:
        a = doc.ann.get(i)
        if a is not None and "cue" in a:
            end, oc = a["cue"]
            out.append((i, end, oc))
            i = end
            continue
        i += 1
    return out


def tight_following(doc: Doc, j: int, limit: int = 4) -> Outcome | None:
    """A cue within ``limit`` tokens after index j, with no punctuation or number between."""
    tokens = doc.tokens
    n = len(tokens)
    k = j
    steps = 0
    while k < n and steps <= limit:
        t = tokens[k]
        a = doc.ann.get(k)
        if a is not None and "cue" in a:
            return a["cue"][1]  # type: ignore[no-any-return]
        if a is not None and "hitverb" in a:
            return Outcome.HIT
        if t.kind == NUM or (t.kind == PUNCT and t.text in _TIGHT_STOP) or t.kind == 3:
            return None
        k += 1
        steps += 1
    return None


def outcome_for(
    doc: Doc, q0: int, q1: int, w1: int, sent_cues: list[tuple[int, int, Outcome]]
) -> Outcome | None:
    """Outcome of the figure at tokens [q0, q1) whose weapon run ends at w1 (see module doc)."""
    tight = tight_following(doc, w1)
    if tight is not None and tight != Outcome.DEBRIS:
        return tight
    clause = doc.cid[q0]
    before = [c for c in sent_cues if c[1] <= q0 and doc.cid[c[0]] == clause]
    if before:
        return before[-1][2]
    # The same sentence but an earlier clause split only by a comma-free "ще"/"and a further"
    after = [c for c in sent_cues if c[0] >= q1 and doc.cid[c[0]] == clause]
    if after:
        return after[0][2]
    return None
