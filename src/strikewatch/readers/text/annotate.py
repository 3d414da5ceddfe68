"""One pass of phrase look-ups over the tokens: which lexicon phrases start where.

For each token index the result holds, per role, the longest phrase of that role starting
there: ``ann[i][role] = (end_index_exclusive, payload)``. Alongside it, ``roles[role]`` lists
the (sorted) token indices where a phrase of that role starts, so later stages can jump to
the few interesting tokens instead of scanning every token.

Speed: the tokens that can start a phrase at all are picked with C-level ``map`` /
``compress`` over the keys (one set membership test per token); only those few go through
the Python loop.
"""

from __future__ import annotations

from itertools import compress, count
from operator import itemgetter
from typing import Any

from strikewatch.readers.text.codes import PHRASE, mask
from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import Token

Annotations = dict[int, dict[str, tuple[int, Any]]]
RoleIndex = dict[str, list[int]]

_key = itemgetter(2)


def annotate(tokens: list[Token], lex: Lexicon) -> Annotations:
    return annotate_index(tokens, lex)[0]


def annotate_index(
    tokens: list[Token], lex: Lexicon, keys: list[str] | None = None, codes: bytes | None = None
) -> tuple[Annotations, RoleIndex]:
    """Annotations and the role index (see the module docstring)."""
    index1 = lex.index1
    index2 = lex.index2
    if keys is None:
        keys = list(map(_key, tokens))
    ann: Annotations = {}
    roles: RoleIndex = {}
    maxlen = _maxlen(lex)
    memo = _MEMO.setdefault(id(lex), {})
    if len(memo) > _MEMO_MAX:
        memo.clear()
    # tokens that start some phrase: from the flag bytes when given (C-level, see codes.py)
    firsts = map(lex.starts.__contains__, keys) if codes is None else mask(codes, PHRASE)
    memo_get, roles_get = memo.get, roles.get  # bound once: this loop runs per candidate
    last = len(keys) - 1
    for i in compress(count(), firsts):
        # what starts here depends only on the next few keys: look it up once per sequence
        key = keys[i]
        width = maxlen[key]
        if width == 1 or i == last or (key, keys[i + 1]) not in index2:
            # only one-token phrases can start here (none of this key's longer phrases goes
            # on with the next key): the plan is the key's own, without slicing the window
            plan = memo_get(key)
            if plan is None:
                plan = memo[key] = _plan((key,), index1, index2)
        else:
            sig = tuple(keys[i : i + width])
            plan = memo_get(sig)
            if plan is None:
                plan = memo[sig] = _plan(sig, index1, index2)
        if not plan:
            continue
        if len(plan) == 1:  # the common case, without a comprehension's frame
            role, m, payload = plan[0]
            ann[i] = {role: (i + m, payload)}
            got = roles_get(role)
            if got is None:
                roles[role] = [i]
            else:
                got.append(i)
            continue
        ann[i] = {role: (i + m, payload) for role, m, payload in plan}
        for role, _m, _p in plan:
            got = roles_get(role)
            if got is None:
                roles[role] = [i]
            else:
                got.append(i)
    return ann, roles


_MEMO: dict[int, dict[str | tuple[str, ...], tuple[tuple[str, int, Any], ...]]] = {}
_MEMO_MAX = 100_000
_MAXLEN: dict[int, dict[str, int]] = {}


def _maxlen(lex: Lexicon) -> dict[str, int]:
    """First key -> length of its longest phrase."""
    got = _MAXLEN.get(id(lex))
    if got is None:
        got = {}
        for k in lex.index1:
            got[k] = 1
        for (k, _k2), bucket in lex.index2.items():
            got[k] = max(got.get(k, 1), *(len(e[0]) for e in bucket))
        _MAXLEN[id(lex)] = got
    return got


def _plan(
    sig: tuple[str, ...],
    index1: dict[str, list[tuple[tuple[str, ...], str, Any]]],
    index2: dict[tuple[str, str], list[tuple[tuple[str, ...], str, Any]]],
) -> tuple[tuple[str, int, Any], ...]:
    """(role, length, payload) of the longest phrase per role that ``sig`` starts with."""
    single = index1.get(sig[0])
    multi = index2.get((sig[0], sig[1])) if len(sig) > 1 else None
    bucket = (multi or []) + (single or [])
    found: dict[str, tuple[str, int, Any]] = {}
    for phrase, role, payload in bucket:  # longest first
        if role in found:
            continue
        m = len(phrase)
        if m > len(sig) or sig[:m] != phrase:
            continue
        found[role] = (role, m, payload)
    return tuple(found.values())
