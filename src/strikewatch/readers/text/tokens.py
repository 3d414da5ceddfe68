"""Length-preserving normalisation and a single-pass tokenizer.

Every later stage works on tokens whose ``start``/``end`` are offsets into the text the
reader was given, so a claim's span can always be cut back out of that text. That is why
normalisation here never changes the length of the string: lower-casing is done per
character and apostrophe variants are mapped one-to-one.

The token pattern has no nested unbounded quantifiers that can overlap (the inner repeat
is always introduced by an apostrophe that the outer class cannot match), so it runs in
linear time on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'", "\u02bb": "'"})

# Latin look-alikes used inside Cyrillic model names ("X-101" typed with a Latin X) are left
# alone here; the lexicons list both spellings.
TOKEN_RE = re.compile(r"(\d+)|([^\W\d_]+(?:'[^\W\d_]+)*)|(\n)|([^\w\s])")

NUM, WORD, NL, PUNCT = 1, 2, 3, 4


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str  # normalised (lower-case, apostrophes unified)
    kind: int  # NUM, WORD, NL or PUNCT
    key: str  # lemma key (Ukrainian word forms and English inflections folded)


def normalise(text: str) -> str:
    """Lower-case and unify apostrophes without changing the string's length."""
    low = text.lower()
    if len(low) != len(text):
        # A handful of characters (e.g. 'İ') lower-case to two code points; fall back to a
        # per-character mapping so offsets stay valid.
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.translate(_APOS)


def tokenize(low: str, lemma: dict[str, str]) -> list[Token]:
    """Split normalised text into tokens and attach their lemma keys."""
    out: list[Token] = []
    append = out.append
    get = lemma.get
    for m in TOKEN_RE.finditer(low):
        kind = m.lastindex or PUNCT
        s = m.group()
        key = get(s, s) if kind == WORD else s
        append(Token(m.start(), m.end(), s, kind, key))
    return out
