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

#: Words that make a target mention negated, hypothetical or generic in its clause ("did not
#: hit any energy facilities", "never seem to be limited to purely military targets", "if
#: Russia hits the power grid", "claims it strikes only military targets", "без пошкоджень"):
#: such a mention says nothing was hit, so it gives no target claim (issue 9, item 7).
NEGATORS = frozenset(
    {
        "not", "no", "never", "without", "none", "nor", "neither", "if", "unless", "would",
        "could", "only", "purely", "routinely", "не", "ні", "без", "жодних", "жодного",
        "жодної", "якщо", "лише", "тільки", "нет", "никаких",
    }
)  # fmt: skip


def _negated(doc: Doc, i: int) -> bool:
    """A negator earlier in the target word's clause, or "не" right after its noun phrase
    ("Енергетичні об'єкти не пошкоджено", "Влучань … не зафіксовано")."""
    a0, a1 = doc.sentences[doc.sid[i]]
    clause = doc.cid[i]
    texts = doc.texts
    for k in range(i - 1, a0 - 1, -1):
        if doc.cid[k] != clause:
            break
        if texts[k] in NEGATORS or texts[k].endswith("n't"):
            return True
    for k in range(i + 1, min(i + 8, a1)):
        if doc.cid[k] != clause:
            break
        if texts[k] in ("не", "not", "без", "no"):
            return True
    return False


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
        if t.kind != WORD or sid[i] not in relevant or _negated(doc, i):
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
