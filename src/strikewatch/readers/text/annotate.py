"""One pass of phrase look-ups over the tokens: which lexicon phrases start where.

For each token index the result holds, per role, the longest phrase of that role starting
there: ``ann[i][role] = (end_index_exclusive, payload)``. Tokens that start no phrase cost a
single dict miss, which keeps the reader fast on long prose.
"""

from __future__ import annotations

from typing import Any

from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import Token

Annotations = dict[int, dict[str, tuple[int, Any]]]


def annotate(tokens: list[Token], lex: Lexicon) -> Annotations:
    index1 = lex.index1
    index2 = lex.index2
    ann: Annotations = {}
    n = len(tokens)
    for i in range(n):
        key = tokens[i].key
        single = index1.get(key)
        multi = index2.get((key, tokens[i + 1].key)) if i + 1 < n else None
        if single is None and multi is None:
            continue
        bucket = (multi or []) + (single or [])
        found: dict[str, tuple[int, Any]] = {}
        for keys, role, payload in bucket:  # longest first
            if role in found:
                continue
            m = len(keys)
            if i + m > n:
                continue
            ok = True
            for k in range(1, m):
                if tokens[i + k].key != keys[k]:
                    ok = False
                    break
            if ok:
                found[role] = (i + m, payload)
        if found:
            ann[i] = found
    return ann
