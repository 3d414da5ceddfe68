"""Casualties: figures of people killed and injured ("at least one death as well as
multiple injuries" → killed 1..None, injured 2..None; "загинули 2 людини, ще 12 поранено").

A figure is a casualty figure when a people word or a killed/injured word follows it closely,
or a killed/injured word precedes it closely ("killing 3", "поранено 12"). Subsets such as
"including 3 children" are skipped so they are not counted twice.
"""

from __future__ import annotations

from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.tokens import NUM, PUNCT

_SUBSET = frozenset({"including", "зокрема", "among", "серед", "з", "of", "incl"})


def casualty_kind(doc: Doc, q0: int, q1: int) -> str | None:
    """ "killed", "injured" or None for the figure at tokens [q0, q1)."""
    tokens = doc.tokens
    n = len(tokens)
    if q0 >= 1 and tokens[q0 - 1].key in _SUBSET:
        return None
    ann = doc.ann
    clause = doc.cid[q0]
    prev = ann.get(q0 - 1) if q0 >= 1 else None
    if prev is not None and "killed" in prev:
        return "killed"  # "killed at least 4 people and wounded 28"
    if prev is not None and "injured" in prev:
        return "injured"
    # after: up to 4 tokens ("3 people were killed", "12 injured", "one death")
    people = False
    for k in range(q1, min(n, q1 + 5)):
        a = ann.get(k)
        t = tokens[k]
        if doc.cid[k] != clause or t.kind == NUM or (t.kind == PUNCT and t.text in ".;:"):
            break
        if a is not None:
            if "killed" in a:
                return "killed"
            if "injured" in a:
                return "injured"
            if "people" in a:
                people = True
            if "head" in a or "model" in a:
                return None
    # before: "killing 3", "загинули 2", "поранено 12"
    for k in range(q0 - 1, max(-1, q0 - 4), -1):
        a = ann.get(k)
        t = tokens[k]
        if t.kind == NUM or (t.kind == PUNCT and t.text in ".;:"):
            break
        if a is not None:
            if "killed" in a:
                return "killed"
            if "injured" in a:
                return "injured"
    if people:
        # "2 people" with the verb further on in the clause
        for k in range(q1, min(n, q1 + 10)):
            if doc.cid[k] != clause:
                break
            a = ann.get(k)
            if a is not None and "killed" in a:
                return "killed"
            if a is not None and "injured" in a:
                return "injured"
    return None
