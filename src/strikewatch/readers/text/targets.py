"""Target categories (energy, gas, industry, rail/logistics, residential, civilian
infrastructure, military, a named company or foreign-linked facility) from the catalog's
target lexicon: stems that match at the start of a word ("енергетичн" covers every case),
some whole-word only.

A target word counts only in a sentence that also speaks of striking or damage ("targeted",
"damage to", "пошкоджено", "удар"), so "energy prices" in an economics paragraph is not a
target claim.
"""

from __future__ import annotations

import bisect
from itertools import compress, count

from strikewatch.domain import TargetCategory
from strikewatch.readers.text.codes import NEGATOR, TARGET, mask, stem_fits, where
from strikewatch.readers.text.doc import Doc

_AFTER_NEG = frozenset({"не", "not", "без", "no"})


def _negator_positions(doc: Doc) -> list[int]:
    """Token indices of negators (``codes.NEGATORS``: words that make a target mention
    negated, hypothetical or generic in its clause, issue 9 item 7), from the flag bytes."""
    return where(doc.codes, NEGATOR)


def _negated(doc: Doc, i: int, negs: list[int]) -> bool:
    """A negator earlier in the target word's clause, or "не" right after its noun phrase
    ("Енергетичні об'єкти не пошкоджено", "Влучань … не зафіксовано")."""
    if not negs:
        return False
    clause = doc.cid[i]
    p = bisect.bisect_left(negs, i)
    if p > 0 and doc.cid[negs[p - 1]] == clause:
        return True
    if p < len(negs):
        k = negs[p]
        return k <= i + 7 and doc.cid[k] == clause and doc.texts[k] in _AFTER_NEG
    return False


Stem = tuple[str, TargetCategory, bool]
_MEMOS: dict[int, tuple[dict[str, list[Stem]], dict[str, list[Stem]]]] = {}


def _memo_for(stems: dict[str, list[Stem]]) -> tuple[dict[str, list[Stem]], dict[str, list[Stem]]]:
    got = _MEMOS.get(id(stems))
    if got is None or got[0] is not stems or len(got[1]) > 50_000:
        got = _MEMOS[id(stems)] = (stems, {})
    return got


def _stems_for(text: str, memo: tuple[dict[str, list[Stem]], dict[str, list[Stem]]]) -> list[Stem]:
    """The stems (longest first) that can match at a token with this text: those it starts
    with, and longer ones that start with it (they may go on past the token). Memoised per
    text, so each mention tests one or two stems instead of every stem of its three letters."""
    stems, by_text = memo
    got = by_text.get(text)
    if got is None:
        got = by_text[text] = [c for c in stems[text[:3]] if stem_fits(c[0], text)]
    return got


def find_targets(doc: Doc) -> list[tuple[int, int, int, TargetCategory]]:
    """(token index, char start, char end, category) per target mention."""
    out: list[tuple[int, int, int, TargetCategory]] = []
    sid = doc.sid
    relevant = doc.sentences_with("tverb", "attack", "cue")
    if not relevant:
        return out
    stems = _memo_for(doc.lex.target_stems)
    low = doc.low
    tokens = doc.tokens
    starts = doc.starts
    negs: list[int] | None = None
    # words at which some stem can match, from the flag bytes (codes.py)
    for i in compress(count(), mask(doc.codes, TARGET)):
        if sid[i] not in relevant:
            continue
        cands = _stems_for(tokens[i].text, stems)
        if negs is None:
            negs = _negator_positions(doc)
        if _negated(doc, i, negs):
            continue
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
