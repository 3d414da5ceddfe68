"""Places named in the text, from the catalog gazetteer (oblasts, cities, macro-regions such
as "western regions"/"західні області"); countries, seas and launch areas are not places hit.

Role: "target" when the sentence aims ("targeting western regions", "основний напрямок
удару"), otherwise "hit" (affected). A place directly followed by a speech verb is the
speaker ("Kyiv alleges"), not a place hit, and only sentences about the attack count.
"""

from __future__ import annotations

from strikewatch.readers.text.doc import Doc

_SPEECH = frozenset(
    {
        "alleges",
        "alleged",
        "says",
        "said",
        "claims",
        "maintains",
        "links",
        "stated",
        "warned",
        "заявив",
        "заявляє",
        "stresses",
        "insists",
        "wants",
        "hopes",
        "urged",
        "urges",
        "believes",
        "officials",
        "government",
        "authorities",
        "'",
        "’",
        "regime",
        "did",
        "told",
        "condemns",
    }
)
_AIM = frozenset(
    {
        "target",
        "targeted",
        "targeting",
        "aimed",
        "aiming",
        "напрямок",
        "напрямком",
        "centered",
        "centred",
        "concentrated",
        "focused",
        "direction",
    }
)
_ROLES = ("attack", "cue", "tverb", "head", "model", "killed", "injured")


def find_places(doc: Doc) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """(start_token, end_token, place id, role, oblast id, macro-region) per mention."""
    out = []
    tokens = doc.tokens
    n = len(tokens)
    relevant: set[int] = set()
    for i, a in doc.ann.items():
        if any(r in a for r in _ROLES):
            relevant.add(doc.sid[i])
    for i, a in sorted(doc.ann.items()):
        if "place" not in a:
            continue
        s = doc.sid[i]
        if s not in relevant:
            continue
        end, payload = a["place"]
        pid, oblast, macro = payload
        nxt = tokens[end].text if end < n else ""
        if nxt in _SPEECH:
            continue
        a0, a1 = doc.sentences[s]
        role = "target" if any(tokens[k].key in _AIM for k in range(a0, a1)) else "hit"
        if role == "hit":
            cues = {str(b["cue"][1]) for k in range(a0, a1) if (b := doc.ann.get(k)) and "cue" in b}
            if cues and cues <= {"destroyed", "lost_ew"}:
                role = "interception"  # "збито … на півночі та сході": where, not what was hit
        out.append((i, end, str(pid), role, oblast, macro))
    return out
