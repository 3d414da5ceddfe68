"""Previous-record comparisons ("the largest since…", "record-breaking", "one of the year's
largest", "наймасованіша") kept as PHRASE claims so they can be checked against the ledger.

The claim's text runs from the phrase to the end of its clause, so "the largest since July"
keeps its reference point; ``detail['scope']`` says whether drones or missiles are meant when
the clause names them.
"""

from __future__ import annotations

from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.tokens import NL, PUNCT

_STOP = frozenset({".", ";", "!", "?", ",", ":", "(", ")"})


def find_records(doc: Doc) -> list[tuple[int, int, str, str | None]]:
    """(start_token, end_token, qualifier, scope) for each comparison phrase."""
    out: list[tuple[int, int, str, str | None]] = []
    tokens = doc.tokens
    n = len(tokens)
    covered = -1
    for i in doc.at("record"):  # sorted
        if i < covered:
            continue
        end, qual = doc.ann[i]["record"]
        j = end
        limit = min(n, end + 12)
        while j < limit:
            t = tokens[j]
            if t.kind == NL or (t.kind == PUNCT and t.text in _STOP):
                break
            j += 1
        scope = None
        for k in range(max(0, i - 4), j):
            a = doc.ann.get(k)
            if a is not None and "head" in a:
                fam = a["head"][1]
                scope = (
                    "drones"
                    if fam in ("drone", "decoy")
                    else ("missiles" if fam == "missile" else None)
                )
                if scope:
                    break
        if qual in ("largest", "top") and any(
            tokens[k].key in ("since", "відколи", "від", "з часу") for k in range(end, j)
        ):
            qual = "largest_since"  # "the largest attack since July"
        ext = j if qual in ("largest_since", "year_top", "top", "largest") else end
        out.append((i, ext, str(qual), scope))
        covered = ext
    return out
