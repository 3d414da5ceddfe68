"""Weapons named without a figure: "a ballistic missile struck …" is one; "ракетами: Циркон,
Онікс" names classes whose counts are unknown.

A weapon run that no figure counts becomes a claim when its sentence says what happened to
it (an outcome cue or a hit verb) or is about an attack:

- named in the singular ("a"/"an"/"one"/"single" before it in English, a singular form of
  the head noun in Ukrainian or Russian) → value 1 with that outcome; a hit counts as
  launched (the weapon flew). English "the missile" refers back to a weapon already named,
  so it gives only its outcome (destroyed, lost), never a second launch.
- named in the plural or by models only, in an attack sentence → launched with value
  ``None`` (qualifier ``named``): visible, never read as 0.

Headline totals ("targets") and classes that already have a figure in the document are
skipped: the figure says more than the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from strikewatch.domain import Outcome, WeaponClass
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import CAUSE_WORDS, MODIFIED_NOUNS, SINGULAR_FORMS
from strikewatch.readers.text.outcomes import COORDINATORS, outcome_for
from strikewatch.readers.text.tokens import WORD
from strikewatch.readers.text.weapons import EXAMPLE_WORDS, WeaponRef, family

#: Forms that name one weapon (singular head nouns, "ударним" before "БпЛА"), from
#: ``vocab/word_forms.yaml``; plural forms are not there.
SINGULAR_HEADS = SINGULAR_FORMS
_ONE = frozenset({"a", "an", "one", "single", "одна", "один", "одну"})
_BACK = frozenset({"the", "this", "that", "її", "його"})
_PRONOUN_AFTER = frozenset({"її", "його", "it", "which"})
_FLOWN = (Outcome.LAUNCHED, Outcome.HIT)
_READ = (*_FLOWN, Outcome.DESTROYED, Outcome.LOST_EW)
_GENERIC = frozenset({WeaponClass.UNKNOWN_MISSILE, WeaponClass.UNKNOWN_DRONE})


@dataclass(slots=True)
class Unnumbered:
    """One claim to build: the weapon run, its outcome and value (1 or None)."""

    ref: WeaponRef
    outcome: Outcome
    value: float | None
    weapon_class: WeaponClass | None = None  # a component of a mixed run, else the run's


#: Nouns a weapon word modifies ("a missile strike", "drone units"): not a weapon count
#: (``vocab/weapon_words.yaml``, role ``modified_nouns``).
_MODIFIED = MODIFIED_NOUNS


def _modifies(doc: Doc, ref: WeaponRef) -> bool:
    """The run modifies the noun right after it, or after "and" and up to three more words
    ("drone and electronic warfare units")."""
    texts, kinds, n = doc.texts, doc.kinds, len(doc.texts)
    k = ref.i1
    if k < n and texts[k] in _MODIFIED:
        return True
    if k >= n or texts[k] not in COORDINATORS:
        return False
    for j in range(k + 1, min(k + 5, n)):
        if kinds[j] != WORD:
            return False
        if texts[j] in _MODIFIED:
            return True
    return False


def _cause(doc: Doc, ref: WeaponRef) -> bool:
    """ "Через ворожі БпЛА ми мали затяжні тривоги", "because of enemy drones": the run is the
    cause of something else (an alert), not a weapon named as launched; one word (an
    adjective) may stand between the cause word and the run."""
    texts = doc.texts
    for end in (ref.i0, ref.i0 - 1):
        for start in range(max(0, end - 2), end):
            if " ".join(texts[start:end]) in CAUSE_WORDS:
                return True
    return False


def _singular(doc: Doc, ref: WeaponRef) -> bool:
    prev = doc.tokens[ref.i0 - 1].text if ref.i0 >= 1 else ""
    if prev in _ONE or (prev == "single" and ref.i0 >= 2) or prev in SINGULAR_HEADS:
        return True  # "a drone", "one missile", "ворожий БПЛА" (a singular word before the run)
    texts = doc.texts[ref.i0 : ref.i1]
    return any(t in SINGULAR_HEADS for t in texts) and not any(
        t.endswith("s") and t[:-1] in SINGULAR_HEADS for t in texts
    )


def _singular_of(doc: Doc, ref: WeaponRef, fam: str, comps: list[WeaponClass]) -> bool:
    """ "безпілотниками та балістичною ракетою «Іскандер-М»": in a mixed run, the one class
    of a family whose every head noun is singular was named once."""
    if sum(family(c) == fam for c in comps) != 1:
        return False
    heads = [
        doc.texts[k]
        for k in range(ref.i0, ref.i1)
        if (a := doc.ann.get(k)) is not None and "head" in a and a["head"][1] == fam
    ]
    return bool(heads) and all(h in SINGULAR_HEADS for h in heads)


def _back_reference(doc: Doc, ref: WeaponRef) -> bool:
    return ref.i0 >= 1 and doc.tokens[ref.i0 - 1].text in _BACK


Cues = list[tuple[int, int, Outcome]]


def _outcome(doc: Doc, ref: WeaponRef, cues: Cues, attack: bool) -> Outcome | None:
    oc = outcome_for(doc, ref.i0, ref.i1, ref.i1, cues)
    if oc is None:
        # "A Russian ballistic missile struck Dnipro": a hit verb after the weapon
        for k in doc.within("hitverb", ref.i1, min(ref.i1 + 6, doc.sentences[doc.sid[ref.i0]][1])):
            return Outcome.HIT if k >= 0 else None
        if attack:
            return Outcome.LAUNCHED
    return oc


def unnumbered(
    doc: Doc,
    refs: list[WeaponRef],
    used: set[int],
    counted: set[WeaponClass],
    launches: Launches,
    cues_of: Callable[[int], Cues],
    attack_in: Callable[[int], bool],
) -> list[Unnumbered]:
    """Claims for weapon runs no figure counts (see the module docstring).

    ``used``: start indices of runs a figure counts; ``counted``: classes with a figure;
    ``launches``: classes with a launch figure and the sentences of those figures (see
    ``_worth_naming``); ``cues_of(s)`` the outcome cues of sentence s; ``attack_in(s)`` whether s is about an
    attack (an attack word, or the national command's voice)."""
    out: list[Unnumbered] = []
    for ref in refs:
        if ref.i0 in used or (ref.scope == "all" and not ref.components):
            continue  # a headline total ("targets") names no class
        if _modifies(doc, ref) or _cause(doc, ref):
            continue
        if ref.model is None and not doc.has("head", ref.i0, ref.i1):
            continue  # adjectives alone ("air-defense") name no weapon
        s = doc.sid[ref.i0]
        cues = cues_of(s)
        oc = _outcome(doc, ref, cues, attack_in(s))
        if oc is None or oc not in _READ:
            continue
        if ref.weapon_class == WeaponClass.MIXED:
            # "ракетами: Циркон, Онікс, Іскандер-М": each class named, none counted
            if oc == Outcome.LAUNCHED:
                comps = [WeaponClass(c) for c in dict.fromkeys(ref.components)]
                specific = [c for c in comps if c not in _GENERIC]
                for cls in specific or comps:
                    if _worth_naming(cls, s, counted, launches, _by_model(doc, ref)):
                        one = 1.0 if _singular_of(doc, ref, family(cls), comps) else None
                        out.append(Unnumbered(ref, oc, one, cls))
            continue
        if _singular(doc, ref):
            if _back_reference(doc, ref):
                if oc not in _FLOWN:
                    out.append(Unnumbered(ref, oc, 1.0))
                continue
            if oc == Outcome.HIT and _one_of_counted(ref.weapon_class, counted):
                continue
            out.append(Unnumbered(ref, Outcome.LAUNCHED if oc in _FLOWN else oc, 1.0))
            if oc == Outcome.LAUNCHED:
                later = _pronoun_outcome(doc, ref, cues)
                if later is not None:
                    out.append(Unnumbered(ref, later, 1.0))
        elif oc == Outcome.LAUNCHED and _worth_naming(
            ref.weapon_class, s, counted, launches, _by_model(doc, ref)
        ):
            # a bare "ракетами" names no class: only named classes are worth a null claim
            out.append(Unnumbered(ref, oc, None))
    return out


def _one_of_counted(cls: WeaponClass, counted: set[WeaponClass]) -> bool:
    """ "… 31 ракету … Дніпро: ворожа ракета влучила у багатоповерхівку": a generic weapon
    named once as hitting, in a document with a figure of its family, is one of those,
    not a launch of its own."""
    return cls in _GENERIC and family(cls) in {family(c) for c in counted}


def _by_model(doc: Doc, ref: WeaponRef) -> bool:
    """The run names its models on their own ("ракети Х-101 та Х-555"), not as examples of
    a figure ("40 ракетами, зокрема «Кинджалами»": one of the three words before it is an
    example word)."""
    if ref.model is None:
        return False
    keys = doc.keys
    return not any(keys[k] in EXAMPLE_WORDS for k in range(max(0, ref.i0 - 3), ref.i0))


@dataclass(slots=True)
class Launches:
    """The classes with a launch figure, and the sentences those figures stand in."""

    classes: set[WeaponClass]
    sentences: set[int]


def _worth_naming(
    cls: WeaponClass, s: int, counted: set[WeaponClass], launches: Launches, by_model: bool
) -> bool:
    """A class named in sentence ``s`` without a number gets a null launch claim when no
    figure counts its family (``_named_new``), or when only outcome figures do and ``s``
    is a launch sentence: "атаковали … 23 беспилотниками … и управляемыми авиаракетами
    Х-59" then "сбили … одну ракету Х-59": the list says what was launched, and the
    missiles' number is missing from it (one destroyed is no launch figure). Outside a
    sentence with a launch figure ("launched their attack drones" beside "destroyed around
    15 UAVs"), the destroyed figure says more than the name; a launch figure of the family,
    even a generic one ("11 missiles were fired: Iskander-M and Iskander-K"), covers it."""
    if _named_new(cls, counted, by_model):
        return True
    return s in launches.sentences and _named_new(cls, launches.classes)


def _named_new(cls: WeaponClass, counted: set[WeaponClass], by_model: bool = False) -> bool:
    """A class worth a null claim: specific, and no figure of its family in the document
    ("понад 40 ракетами, зокрема «Кинджалами»": the missiles are counted already). Named by
    its models ("ракети Х-101 та Х-555 … «Калібр»") in a document whose figures of that
    family are all generic ("близько 100 ракет"), it is: only the names tell the class."""
    if cls in _GENERIC or cls == WeaponClass.MIXED:
        return False
    fam = family(cls)
    if by_model:
        return all(c in _GENERIC or family(c) != fam for c in counted)
    return fam not in {family(c) for c in counted}


def _pronoun_outcome(doc: Doc, ref: WeaponRef, cues: Cues) -> Outcome | None:
    """ "… ракету Х-59 по Одещині, її збито": a pronoun then a cue, later in the sentence."""
    a1 = doc.sentences[doc.sid[ref.i0]][1]
    for k in range(ref.i1, a1):
        if doc.tokens[k].text in _PRONOUN_AFTER:
            after = [c for c in cues if c[0] > k]
            if after and after[0][2] in (Outcome.DESTROYED, Outcome.LOST_EW):
                return after[0][2]
            return None
    return None
