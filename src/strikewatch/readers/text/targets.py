"""Target categories (energy, gas, industry, rail/logistics, residential, civilian
infrastructure, military, a named company or foreign-linked facility) from the catalog's
target lexicon: stems that match at the start of a word ("енергетичн" covers every case),
some whole-word only.

A target word counts only in a sentence that also speaks of striking or damage ("targeted",
"damage to", "пошкоджено", "удар"), so "energy prices" in an economics paragraph is not a
target claim.
"""

from __future__ import annotations

from itertools import compress, count
from operator import itemgetter

from strikewatch.domain import TargetCategory
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.tokens import WORD

_head3 = itemgetter(slice(0, 3))


def find_targets(doc: Doc) -> list[tuple[int, int, int, TargetCategory]]:
    """(token index, char start, char end, category) per target mention."""
    out: list[tuple[int, int, int, TargetCategory]] = []
    sid = doc.sid
    relevant = {sid[i] for r in ("tverb", "attack", "cue") for i in doc.at(r)}
    if not relevant:
        return out
    stems = doc.lex.target_stems
    low = doc.low
    tokens = doc.tokens
    # tokens whose first three letters begin some stem, picked at C speed
    starts = doc.starts
    for i in compress(count(), map(stems.__contains__, map(_head3, doc.texts))):
        t = tokens[i]
        if t.kind != WORD or sid[i] not in relevant:
            continue
        cands = stems[t.text[:3]]
        for stem, cat, whole in cands:
            if not low.startswith(stem, starts[i]):
                continue
            e = starts[i] + len(stem)
            if whole and e < len(low) and low[e].isalnum():
                continue
            # extend to the end of the word for the span
            while e < len(low) and low[e].isalnum():
                e += 1
            out.append((i, starts[i], e, cat))
            break
    return out
