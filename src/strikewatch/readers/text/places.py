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


def _oblast_follows(doc: Doc, i: int) -> bool:
    """An oblast adjective counts only before "області"/"обл."/"regions" in a short
    coordinated list ("Запорізьку, Харківську та Донецьку області", "Kharkiv and
    Dnipropetrovsk regions")."""
    keys = doc.keys
    s = doc.sid[i]
    for k in range(i + 1, min(len(keys), i + 9)):
        if doc.sid[k] != s:
            return False
        key = keys[k]
        if key.startswith("облас") or key in _OBLAST_WORDS:
            return True
        if key not in _LIST_GLUE and "oblast_adj" not in doc.ann.get(k, {}):
            return False
    return False


_LIST_GLUE = frozenset({",", "та", "і", "й", "and"})
_OBLAST_WORDS = frozenset({"обл", "regions", "oblasts", "provinces", "region", "oblast"})


def find_places(doc: Doc) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """(start_token, end_token, place id, role, oblast id, macro-region) per mention."""
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    tokens = doc.tokens
    n = len(tokens)
    places = doc.at("place")
    adjs = [
        i for i in doc.at("oblast_adj") if "place" not in doc.ann[i] and _oblast_follows(doc, i)
    ]
    if adjs:
        places = sorted(places + adjs)
    if not places:
        return out
    sid = doc.sid
    relevant = doc.sentences_with(*_ROLES)
    for i in places:
        s = sid[i]
        if s not in relevant:
            continue
        a = doc.ann[i]
        end, payload = a["place"] if "place" in a else a["oblast_adj"]
        pid, oblast, macro = payload
        nxt = tokens[end].text if end < n else ""
        if nxt in _SPEECH:
            continue
        a0, a1 = doc.sentences[s]
        role = "hit" if _AIM.isdisjoint(doc.keys[a0:a1]) else "target"
        if role == "hit":
            cues = {str(doc.ann[k]["cue"][1]) for k in doc.within("cue", a0, a1)}
            if cues and cues <= {"destroyed", "lost_ew"}:
                role = "interception"  # "збито … на півночі та сході": where, not what was hit
        out.append((i, end, str(pid), role, oblast, macro))
    return out
