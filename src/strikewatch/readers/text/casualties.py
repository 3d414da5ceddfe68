"""Casualties: figures of people killed and injured ("at least one death as well as
multiple injuries" → killed 1..None, injured 2..None; "загинули 2 людини, ще 12 поранено").

A figure is a casualty figure when a people word or a killed/injured word follows it closely,
or a killed/injured word precedes it closely ("killing 3", "поранено 12"). Subsets such as
"including 3 children" are skipped so they are not counted twice. One person named without a
number ("a woman was injured", "чоловік отримав контузію") is one (``one_person``).
"""

from __future__ import annotations

from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import (
    AGE_WORDS,
    CASUALTY_NEGATIONS,
    COUNTED_THINGS,
    ONE_PERSON,
    OTHER_COUNTED,
)
from strikewatch.readers.text.tokens import NUM, PUNCT

_SUBSET = frozenset({"including", "зокрема", "among", "серед", "з", "of", "incl"})
#: "two of them children", "четверо з них діти", "двое из них": a part of a figure already read
_OF = frozenset({"of", "з", "із", "зі", "из", "among", "серед", "среди"})
_THEM = frozenset({"them", "whom", "них", "яких", "которых"})


def casualty_kind(doc: Doc, q0: int, q1: int) -> str | None:
    """ "killed", "injured" or None for the figure at tokens [q0, q1)."""
    tokens = doc.tokens
    n = len(tokens)
    right_after = doc.ann.get(q1) if q1 < n else None
    if right_after is not None and ("killed" in right_after or "injured" in right_after):
        # "серед чотирьох загиблих": a figure of the dead even after a subset word (never a
        # weapon figure)
        return "killed" if "killed" in right_after else "injured"
    if q0 >= 1 and tokens[q0 - 1].key in _SUBSET:
        return None
    if _part_or_thing(doc, q0, q1):
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
    # before: "killing 3", "загинули 2", "поранено 12"; a toll that "rose to" its figure
    # names its word further back ("The death toll from the strike on Ternopil rose to 25")
    first = ann.get(q0)
    reach = _TOLL_REACH if first is not None and first.get("approx", (0, ""))[1] == "exact" else 3
    for k in range(q0 - 1, max(-1, q0 - reach - 1), -1):
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


_TOLL_REACH = 16  # "The death toll from a … strike in … Kryvyi Rih has risen to 18"


def _part_or_thing(doc: Doc, q0: int, q1: int) -> bool:
    """The figure is a part of one read before ("At least 10 people were injured, two of
    them children"; "з них четверо") or counts things, not people ("22 residential houses
    were damaged", "понад шість годин": the first two words after it)."""
    texts, n = doc.texts, len(doc.texts)
    if q1 + 1 < n and texts[q1] in _OF and texts[q1 + 1] in _THEM:
        return True
    if q0 >= 2 and texts[q0 - 1] in _THEM and texts[q0 - 2] in _OF:
        return True
    if _of_the_hurt(doc, q1):
        return True
    after = slice(q1, min(n, q1 + 2))
    # the things figures count that are no weapons ("понад шість годин", "two regions") are no
    # people either
    return not (
        COUNTED_THINGS.isdisjoint(texts[after]) and OTHER_COUNTED.isdisjoint(doc.keys[after])
    )


def _of_the_hurt(doc: Doc, q1: int) -> bool:
    """ "one of the dead", "Three children among the dead", "двоє з загиблих": a part of
    the dead or injured, after the figure (and a people word) an "of / among" and a killed or
    injured word within two words."""
    texts, ann, n = doc.texts, doc.ann, len(doc.texts)
    k = q1 + 1 if q1 < n and "people" in ann.get(q1, {}) else q1
    if k >= n or texts[k] not in _OF:
        return False
    for j in range(k + 1, min(n, k + 3)):
        a = ann.get(j)
        if a is not None and ("killed" in a or "injured" in a):
            return True
    return False


_REACH_AFTER = 12  # "а чоловік, який проживає в будинку, отримав контузію"
_REACH_BEFORE = 3  # "поранено чоловіка", "погибла женщина"


def one_person(doc: Doc) -> tuple[int, int, str, int] | None:
    """ "а чоловік, який проживає в будинку, отримав контузію", "a woman was injured",
    "мужчина получил ранения": one person named without a number in a sentence with a
    killed/injured word is one casualty of that kind. The first such sentence counts, each
    person in it once ("a man and a woman were injured" is 2), as (start token, end token,
    kind, number); a sentence that says nobody was hurt ("чоловік не постраждав") none.
    Only the caller knows whether a numbered figure already gave that kind."""
    candidates = doc.at("one_person")  # index phrases; the surface word is checked below
    if not candidates or not (doc.at("killed") or doc.at("injured")):
        return None
    texts, sid = doc.texts, doc.sid
    by_sentence: dict[int, list[int]] = {}
    for i in candidates:
        if _one_person_at(doc, i):
            by_sentence.setdefault(sid[i], []).append(i)
    for s, people in by_sentence.items():
        a0, a1 = doc.sentences[s]
        if not CASUALTY_NEGATIONS.isdisjoint(texts[a0:a1]):
            continue
        for i in people:
            kind_at = _kind_near(doc, i, _person_start(doc, i), a0, a1)
            if kind_at is not None:
                k, kind = kind_at
                same = [
                    j
                    for j in people
                    if _kind_near(doc, j, _person_start(doc, j), a0, a1) == kind_at
                ]
                same += _coordinated(doc, people, max(same))
                lo, hi = min(i, k), max(i, k, *same)
                return lo, hi + 1, kind, len(same)
    return None


#: What may join two people named one after the other ("7-річна дівчинка та 27-річний чоловік")
_JOIN = frozenset({"та", "і", "й", "и", "and", ","})


def _coordinated(doc: Doc, people: list[int], last: int) -> list[int]:
    """The people named after ``last`` and joined to it ("… постраждали — 7-річна дівчинка та
    27-річний чоловік"): they share its casualty word even when it stands too far before the
    second. Only join words between one person and the next person's start (its age)."""
    out: list[int] = []
    texts = doc.texts
    for j in people:
        if j <= last:
            continue
        between = texts[last + 1 : _person_start(doc, j)]
        if not between or any(t not in _JOIN for t in between):
            break
        out.append(j)
        last = j
    return out


def _one_person_at(doc: Doc, i: int) -> bool:
    """A person word in the singular at ``i``, with no number before it (English after
    "a"/"an": "a man", "an elderly woman")."""
    text = doc.texts[i]
    if text not in ONE_PERSON:
        return False
    if i >= 1 and doc.tokens[i - 1].kind == NUM:
        return False
    if text.isascii():
        j = _person_start(doc, i)
        return any(k >= 0 and doc.texts[k] in ("a", "an") for k in (j - 1, j - 2))
    return True


def _person_start(doc: Doc, i: int) -> int:
    """Where the person named at ``i`` starts: at the age before it ("a 45-year-old man",
    "47-річна жінка", "60-летняя женщина"), else at ``i``."""
    texts, kinds = doc.texts, doc.kinds
    if i < 3 or texts[i - 1] not in AGE_WORDS:
        return i
    if texts[i - 1] == "old":  # "45 - year - old man"
        ok = i >= 5 and texts[i - 2] == "-" and texts[i - 3] == "year" and texts[i - 4] == "-"
        return i - 5 if ok and kinds[i - 5] == NUM else i
    return i - 3 if texts[i - 2] == "-" and kinds[i - 3] == NUM else i


def _kind_near(doc: Doc, i: int, i0: int, a0: int, a1: int) -> tuple[int, str] | None:
    """The killed/injured word of the person at ``i`` (starting at ``i0``, its age) in the
    sentence, as (its token, kind): right before it ("killing a woman and injuring four"),
    else the nearest after it, else a little further before ("поранено чоловіка та
    жінку")."""
    ann = doc.ann
    for k in (
        *range(i0 - 1, max(a0, i0 - 2) - 1, -1),
        *range(i + 1, min(a1, i + _REACH_AFTER)),
        *range(i0 - 3, max(a0, i0 - _REACH_BEFORE) - 1, -1),
    ):
        a = ann.get(k)
        if a is not None:
            if "killed" in a:
                return k, "killed"
            if "injured" in a:
                return k, "injured"
    return None
