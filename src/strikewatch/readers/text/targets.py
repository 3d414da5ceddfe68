"""Target categories (energy, gas, industry, rail/logistics, residential, civilian
infrastructure, military, a named company or foreign-linked facility) from the catalog's
target lexicon: stems that match at the start of a word ("енергетичн" covers every case),
some whole-word only.

A target word counts only in a sentence that also speaks of striking or damage ("targeted",
"damage to", "пошкоджено", "удар"), so "energy prices" in an economics paragraph is not a
target claim.
"""

from __future__ import annotations

from strikewatch.domain import TargetCategory
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.tokens import WORD


def find_targets(doc: Doc) -> list[tuple[int, int, int, TargetCategory]]:
    """(token index, char start, char end, category) per target mention."""
    out = []
    relevant: set[int] = set()
    for i, a in doc.ann.items():
        if "tverb" in a or "attack" in a or "cue" in a:
            relevant.add(doc.sid[i])
    stems = doc.lex.target_stems
    low = doc.low
    for i, t in enumerate(doc.tokens):
        if t.kind != WORD or doc.sid[i] not in relevant:
            continue
        cands = stems.get(t.text[:3])
        if not cands:
            continue
        for stem, cat, whole in cands:
            if not low.startswith(stem, t.start):
                continue
            e = t.start + len(stem)
            if whole and e < len(low) and low[e].isalnum():
                continue
            # extend to the end of the word for the span
            while e < len(low) and low[e].isalnum():
                e += 1
            out.append((i, t.start, e, cat))
            break
    return out
