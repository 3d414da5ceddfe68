"""Claim assembly: which weapon each figure counts, what happened to it, and the claim it
becomes. The passes, in order (each a method of :class:`Figures` or a function here):

1. ``link_figures``: the weapon run after or right before each figure; "X of (the) Y drones"
   (X counts Y's weapon, Y is the launched total); "34 дрони з 41" (41 is the total).
2. ``Figures.add`` per figure: a count of *locations* ("на 14 локаціях"), a casualty figure,
   or a weapon count; a figure with no weapon word counts the last weapon named only when an
   outcome verb sits right by it.
3. ``Figures.outcome``: the outcome rule of ``outcomes.py`` plus "X of Y" and list headers.
4. ``Figures.quantity`` and ``Figures.qualifier``: an approximation that covers a list, and
   reference figures, periods, pending information, breakdowns, the Russian side's figures.
5. ``Figures.finish``: weapons named without a figure (``unnumbered.py``), hits that also
   count launches, location claims with the weapons that hit, one casualty claim a sentence.
"""

from __future__ import annotations

import bisect
from typing import Any

from strikewatch.domain import Claim, ClaimKind, Outcome, Quantity, SourceLevel, WeaponClass
from strikewatch.readers.text.build import POSITIONAL, evolve
from strikewatch.readers.text.casualties import casualty_kind
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import (
    BACK_REFERENCES,
    DEFENDER_MODELS,
    LAUNCH_PARTICIPLES,
    MAKER_WORDS,
    OTHER_COUNTED,
    OTHER_REPORT,
    PLACE_BACK,
    REGIONAL_SPEAKERS,
    TYPE_COPULAS,
    TYPE_WORDS,
)
from strikewatch.readers.text.numbers import QMention, apply_mode
from strikewatch.readers.text.outcomes import cues_in, outcome_for
from strikewatch.readers.text.parts import PlacedParts
from strikewatch.readers.text.speakers import BASE_FIELDS, READER, VERSION, Base, Speakers
from strikewatch.readers.text.tokens import NL, NUM, PUNCT, WORD
from strikewatch.readers.text.unnumbered import Launches, unnumbered
from strikewatch.readers.text.weapons import EXAMPLE_WORDS, WeaponRef, family

_GAP_OK_PUNCT = frozenset({"-", "–", "—", "(", '"', "«", "“", "„"})
#: How far the weapon may stand after a launch participle that follows the figure (its phrase:
#: "випущених по території країни")
_PARTICIPLE_GAP = 7
_GAP_STOP = frozenset(
    {
        "by",
        "with",
        "from",
        "in",
        "at",
        "on",
        "to",
        "за",
        "у",
        "в",
        "на",
        "по",
        "were",
        "was",
        "have",
        "has",
        "had",
        "are",
        "is",
        "people",
        "per",
        "than",
        "against",
        "for",
        "після",
    }
)
_BLOCK_ROLES = (
    "cue",
    "hitverb",
    "killed",
    "injured",
    "people",
    "loc",
    "place",
    "month",
    "attrib",
    "target",
    "vague",
    "approx",
    "period",
)
_BLOCK_SET = frozenset(_BLOCK_ROLES)
_INHERIT_NEXT = frozenset(
    {
        "of",
        "were",
        "was",
        "have",
        "had",
        "has",
        "been",  # "adding that 88 had been shot down"
        "з",
        "із",
        "них",
        "було",
        "були",
        "them",
        "which",
        "яких",
        "these",
        "more",
        "others",
        "інших",
        "ще",
        "being",
        "got",
        "successfully",
        "вдалося",
        "reportedly",
        "-",
        "–",
        "—",
        '"',
        "”",
        "“",
        "»",
    }
)
_OF = frozenset({"of", "з", "із", "зі", "out"})
_NOT_OF = frozenset(
    {
        "total",
        "number",
        "sum",
        "all",
        "загалом",
        "кількість",
        "consisting",
        "barrage",
        "salvo",
        "wave",
        "record",
    }
)
#: "3 ударних БпЛА з 4-ох запущених", "28 drones out of 31 launched": the total is named by
#: what was done to it, and is still the launched total.
_LAUNCHED_WORDS = frozenset(
    {"запущених", "випущених", "launched", "fired", "запущенних", "використаних", "sent"}
)
#: Units a count in brackets is given in ("(6 шт.)", "(12 одиниць)", "(15 units)").
_UNIT_WORDS = frozenset({"шт", "од", "одиниць", "одиниці", "одиниця", "units", "unit", "pcs"})
_TOTAL_WORDS = frozenset({"загалом", "усього", "всього", "total"})
_INFO_KEYS = frozenset({"інформація", "information", "щодо", "дані", "data"})
#: Words that introduce a breakdown of the figure before: "з них", "of which", "including"
_SUBSET_KEYS = frozenset({"них", "яких", "which", "them", "зокрема", "including", "incl"})
_CONJ = frozenset({"and", "та", "і", "й", ",", "plus", "а"})


_TYPES = frozenset({"types", "kinds", "типів", "видів", "типами", "type", "kind"})
_OF_THEM = frozenset({"них", "them", "яких", "which"})


def _of_them_after(doc: Doc, i1: int) -> bool:
    """ "N з них" / "N of them" / "N із яких", and "N з цих безпілотників" / "N of these
    drones" (a word pointing back, ``vocab/context.yaml`` role ``back_references``): the
    figure counts part of a figure before."""
    keys = doc.keys
    if i1 + 1 >= len(keys) or keys[i1] not in _OF:
        return False
    nxt = keys[i1 + 1]
    return nxt in _OF_THEM or nxt in BACK_REFERENCES


def _type_share_after(doc: Doc, i1: int, ref: WeaponRef) -> bool:
    """ "Близько 25 були типу Shahed": a copula right after the figure, then a type word or
    the weapon itself, says what an earlier total was made of (no verb of its own)."""
    keys = doc.keys
    if i1 + 1 >= len(keys) or keys[i1] not in TYPE_COPULAS:
        return False
    return keys[i1 + 1] in TYPE_WORDS or ref.i0 == i1 + 1


_OPEN_QUOTES = frozenset({"«", '"', "“", "„", "("})


class FigureContext:
    """Per-document lookups built once."""

    def __init__(self, doc: Doc, refs: list[WeaponRef]) -> None:
        self.doc = doc
        self.refs = refs
        self.ref_at = {r.i0: r for r in refs}
        self.ref_end = {r.i1: r for r in refs}
        self.ref_starts = [r.i0 for r in refs]
        self.sent_cues: dict[int, list[tuple[int, int, Outcome]]] = {}

    def cues(self, s: int) -> list[tuple[int, int, Outcome]]:
        got = self.sent_cues.get(s)
        if got is None:
            a0, a1 = self.doc.sentences[s]
            got = cues_in(self.doc, a0, a1)
            self.sent_cues[s] = got
        return got

    def weapon_after(self, k: int) -> WeaponRef | None:
        """The weapon named right after the figure ending before token ``k``: at most three
        words between, or a maker's compound, or a launch participle and its phrase."""
        doc = self.doc
        kinds, ann, ref_at = doc.kinds, doc.ann, self.ref_at
        stop = min(len(kinds), k + 4)  # at most three tokens between
        texts = doc.texts
        # a maker's compound: a word, then its hyphen ("Iranian-made") or an abbreviation's stop
        nxt = texts[k + 1] if k + 1 < stop else ""
        phrase = False  # inside a participle's phrase, whose prepositions are no stop
        if nxt == "-" or (nxt == "." and len(texts[k]) == 1):
            past = _past_maker(doc, k)
            if past > k:  # "10 U.S.-made ATACMS missiles": the compound is one gap word
                stop = min(len(kinds), past + 3)
                k = past
        elif k < stop and texts[k] in LAUNCH_PARTICIPLES:
            # "18 випущених по території країни ракет": the participle (a launch cue) and its
            # phrase are a gap
            stop = min(len(kinds), k + _PARTICIPLE_GAP)
            k += 1
            phrase = True
        while k < stop:
            ref = ref_at.get(k)
            if ref is not None:
                return ref
            kind = kinds[k]
            if kind in (NUM, NL):
                return None
            if kind == PUNCT and doc.texts[k] not in _GAP_OK_PUNCT:
                return None
            a = ann.get(k)
            if a is not None and not _BLOCK_SET.isdisjoint(a):
                return None
            if not phrase and doc.keys[k] in _GAP_STOP:
                return None
            k += 1
        return None

    def weapon_before(self, q0: int, q1: int) -> WeaponRef | None:
        tokens = self.doc.tokens
        if q0 >= 2 and tokens[q0 - 1].text in (":", "-", "–", "—"):
            return self.ref_end.get(q0 - 1)
        return self._counted_in_brackets(q0, q1)

    def _counted_in_brackets(self, q0: int, q1: int) -> WeaponRef | None:
        """ "ракетами Х-101 (6 шт.)", "ударними БпЛА (загалом 54 одиниці)": a count of
        units in brackets right after a weapon counts that weapon."""
        keys = self.doc.keys
        if q1 >= len(keys) or keys[q1] not in _UNIT_WORDS:
            return None
        k = q0 - 1
        if k >= 1 and keys[k] in _TOTAL_WORDS:
            k -= 1
        if k < 1 or keys[k] != "(":
            return None
        return self.ref_end.get(k)

    def last_ref_before(self, q0: int, s: int) -> WeaponRef | None:
        pos = bisect.bisect_left(self.ref_starts, q0) - 1
        a0 = self.doc.sentences[s][0]
        h = self.doc.header_of[s]
        before = prev_sentence(self.doc, s)
        floor = (
            self.doc.sentences[h][0]
            if h >= 0
            else (self.doc.sentences[before][0] if before >= 0 else a0)
        )
        example: WeaponRef | None = None
        while pos >= 0:
            r = self.refs[pos]
            if r.i0 < floor:
                break
            if r.i1 <= q0:
                if not self._is_example(r):
                    return r
                example = example or r
            pos -= 1
        return example

    def _is_example(self, ref: WeaponRef) -> bool:
        """ "40 drones, including Lancets. … downed 30": a weapon named as an example of the
        class before is not what a later bare figure counts (the class is)."""
        k = ref.i0 - 1
        texts = self.doc.texts
        while k >= 0 and texts[k] in _OPEN_QUOTES:
            k -= 1
        return k >= 0 and self.doc.keys[k] in EXAMPLE_WORDS


_NIGHT_ANCHORS = frozenset({"overnight", "night", "ніч", "ночі", "вночі", "уночі", "tonight"})


def prev_sentence(doc: Doc, s: int) -> int:
    """The sentence before ``s`` that holds a word, or -1: a line break is a sentence of its
    own, and "Ще 18 – локаційно втрачені." on the line after a figure refers to that figure."""
    kinds, sentences = doc.kinds, doc.sentences
    s -= 1
    while s >= 0:
        a0, a1 = sentences[s]
        # a sentence of words: its first token says so at once; else count in C
        if a0 < a1 and (kinds[a0] != NL or kinds[a0:a1].count(NL) != a1 - a0):
            return s
        s -= 1
    return s


def _cue_adjacent(doc: Doc, q0: int, q1: int) -> bool:
    """A figure without a weapon word counts the last weapon named only when an outcome verb
    sits right by it ("… 71 were shot down", "збили 15", "з них 546 збито")."""
    toks = doc.tokens
    # a cue ending right before the figure or one word before it: "збили 15", "shot down or
    # jammed 460 of them" (a phrase of four words)
    for k in range(q0 - 1, max(q0 - 6, -1), -1):
        cue = (doc.ann.get(k) or _EMPTY).get("cue")
        if cue is not None and cue[0] >= q0 - 1:
            return True
        if toks[k].kind != WORD:
            break
    k = q1
    steps = 0
    while k < len(toks) and steps < 4:
        a = doc.ann.get(k)
        if a is not None and ("cue" in a or "hitverb" in a):
            return True
        if toks[k].key not in _INHERIT_NEXT:
            return False
        k += 1
        steps += 1
    return False


def _counts_other(doc: Doc, q1: int) -> bool:
    """ "… were downed over six Ukrainian regions": the number counts the noun after it (one
    word may stand between), not the weapon named before."""
    keys, kinds = doc.keys, doc.kinds
    for k in range(q1, min(q1 + 2, len(keys))):
        if kinds[k] != WORD:
            return False
        if keys[k] in OTHER_COUNTED:
            return True
    return False


def _foreign(doc: Doc, q1: int, ref: WeaponRef) -> bool:
    """ "93 Ukrainian drones", a weapon only Ukraine fires ("10 U.S.-made ATACMS missiles"
    intercepted over Crimea: a model of a defender's origin), or a figure in the Russian
    side's air-defence report."""
    if ref.model is not None and ref.model in DEFENDER_MODELS:
        return True
    if "foreign" not in doc.roles and "over_russia" not in doc.roles:
        return False  # the usual case: neither is named anywhere in the document
    lo, hi = (q1, ref.i0) if ref.i0 >= q1 else (ref.i0, ref.i1)
    if doc.has("foreign", lo, min(hi + 1, ref.i1)):
        return True
    return doc.sid[ref.i0] in doc.sentences_with("over_russia") or _over_ru_place(
        doc, max(q1, ref.i1)
    )


_OVER = frozenset({"over", "над"})
#: How many tokens after "над (территориями)" a list of Russian regions may run
_OVER_LIST = 8
_OVER_GAP = frozenset(
    {
        "the",
        "територією",
        "територіями",
        "территорией",
        "территориями",
        "territory",
        "territories",
        "of",
    }
)


#: "Two more drones", "ще 2 дрони", "ещё 2", "another 2": one more part of a total
_MORE_AFTER = frozenset({"more"})
_MORE_BEFORE = frozenset({"ще", "another", "further"})


def _more_marked(doc: Doc, qm: QMention) -> bool:
    """The figure is marked as one more part: "more" right after it, "ще"/"another" right
    before it."""
    keys = doc.keys
    after = qm.i1 < len(keys) and keys[qm.i1] in _MORE_AFTER
    return after or (qm.i0 >= 1 and keys[qm.i0 - 1] in _MORE_BEFORE)


def _pending_after(doc: Doc, w1: int) -> bool:
    """ "three missiles were unaccounted for": a pending phrase within three words after the
    weapon run (no punctuation between) says the fate of these is not known; they are no
    launch figure of their own ("were being clarified" after a range stays a range: a
    punctuation mark stands between)."""
    kinds, ann_get = doc.kinds, doc.ann.get
    for k in range(w1, min(len(kinds), w1 + 3)):
        a = ann_get(k)
        if a is not None and "pending" in a:
            return True
        if kinds[k] != WORD:
            return False
    return False


def _over_ru_place(doc: Doc, k: int) -> bool:
    """ "29 drones were shot down over the Ryazan Region", "сбиты над Брянской областью":
    a figure downed over a Russian region is the Russian side's."""
    if not doc.at("ru_place"):
        return False
    s_end = doc.sentences[doc.sid[k - 1]][1]
    end = min(k + 6, s_end)
    for j in range(k, end):
        if doc.keys[j] in _OVER:
            j += 1
            while j < end and doc.keys[j] in _OVER_GAP:
                j += 1
            # "над территориями Белгородской и Курской областей", "над территориями Курской,
            # Калужской и Тульской областями": any member of the list (its last one may be
            # the only one read as a region, by its noun)
            for m in range(j, min(j + _OVER_LIST, s_end)):
                a = doc.ann.get(m)
                if a is not None and "ru_place" in a:
                    return True
                if doc.kinds[m] != WORD and doc.texts[m] != ",":
                    break
            return False
    return False


def _there_ru(doc: Doc, s: int) -> bool:
    """ "Больше всего беспилотников уничтожено в Курской области. Там военные сбили 14 БПЛА":
    a sentence opening with "там" is about the place of the sentence before, here a
    Russian region, so its figure is the Russian side's."""
    a0 = doc.sentences[s][0]
    if s == 0 or doc.keys[a0] not in PLACE_BACK or not doc.at("ru_place"):
        return False
    b0, b1 = doc.sentences[s - 1]
    return doc.has("ru_place", b0, b1)


def _clock_window(doc: Doc, s: int) -> bool:
    """Sentence ``s`` names a clock window: two times "HH:MM" ("с 20:00 до 23:00")."""
    a0, a1 = doc.sentences[s]
    texts, kinds = doc.texts, doc.kinds
    times = 0
    for k in range(a0 + 1, a1 - 1):
        if texts[k] == ":" and kinds[k - 1] == NUM and kinds[k + 1] == NUM:
            times += 1
    return times >= 2


def _over_ru_before(doc: Doc, i0: int) -> bool:
    """ "над Белгородской и Воронежской областями сбили по 11 дронов": "над" and a Russian
    region earlier in the figure's clause (at most ``_OVER_BACK`` tokens back, so each figure
    costs a constant) make it the Russian side's, as a region after the figure does."""
    lo = max(i0 - _OVER_BACK, doc.sentences[doc.sid[i0]][0])
    if not doc.has("ru_place", lo, i0):
        return False  # the usual case: one bisection
    c = doc.cid[i0]
    seen_place = False
    for j in range(i0 - 1, lo - 1, -1):
        if doc.cid[j] != c:
            return False
        a = doc.ann.get(j)
        if a is not None and "ru_place" in a:
            seen_place = True
        elif seen_place and doc.keys[j] in _OVER:
            return True
    return False


#: How far back from a figure "над <Russian region>" may start
_OVER_BACK = 12


def _sentence_period(doc: Doc, s: int) -> str | None:
    """A multi-night period ("this week", "за тиждень") governs a sentence that does not
    also anchor itself to a night ("overnight", a date)."""
    if s not in doc.sentences_with("period"):
        return None  # the usual case, one set test
    a0, a1 = doc.sentences[s]
    period = None
    for k in range(a0, a1):
        a = doc.ann.get(k)
        if a is not None and "period" in a:
            period = a["period"][1]
        if a is not None and "month" in a:
            return None
        if doc.tokens[k].key in _NIGHT_ANCHORS:
            return None
    return None if period is None else str(period)


_WHEN = frozenset({"коли", "when", "когда"})


def _date_when_clause(doc: Doc, i0: int) -> bool:
    """ "… перевищивши удар 10 жовтня, коли окупанти спрямували 84 ракети": in a sentence
    measuring against an earlier attack, a figure in the clause "date, when …" counts that
    day's weapons. The clause opens with "коли"/"when" after a comma and a month word."""
    a0 = doc.sentences[doc.sid[i0]][0]
    clause = doc.cid[i0]
    keys, ann_get = doc.keys, doc.ann.get
    for k in range(i0 - 1, max(a0, i0 - 10) - 1, -1):
        if keys[k] in _WHEN:
            if k - 2 < a0 or doc.texts[k - 1] != ",":
                return False
            m = ann_get(k - 2)
            return m is not None and "month" in m
        if doc.cid[k] != clause and keys[k] != ",":
            return False
    return False


def _near_role(doc: Doc, i0: int, i1: int, role: str, before: int, after: int) -> Any:
    s = doc.sid[i0]
    a0, a1 = doc.sentences[s]
    for k in doc.within(role, max(a0, i0 - before), min(a1, i1 + after)):
        a = doc.ann[k]
        if role == "period" and not (k >= i1 or a[role][0] <= i0 + 1):
            continue
        return a[role][1]
    return None


def make_claim(
    b: Base,
    kind: ClaimKind,
    weapon_class: WeaponClass | None = None,
    model: str | None = None,
    outcome: Outcome | None = None,
    quantity: Quantity | None = None,
    place: str | None = None,
    target_category: Any = None,
    killed: Quantity | None = None,
    injured: Quantity | None = None,
    qualifier: str | None = None,
    detail: dict[str, Any] | None = None,
) -> Claim:
    """A claim from the per-mention common fields ``b`` (see ``base``) and its own fields."""
    if POSITIONAL:  # see build.py
        return Claim(
            kind,
            READER,
            VERSION,
            weapon_class,
            model,
            outcome,
            quantity,
            b[0],  # night, window start and end (see speakers.BASE_FIELDS)
            b[1],
            b[2],
            place,
            target_category,
            killed,
            injured,
            b[3],  # attribution, status, hedged
            b[4],
            b[5],
            False,
            qualifier,
            b[6],  # span, text
            b[7],
            None,
            b[8],  # flags
            {} if detail is None else detail,
        )
    return Claim(
        kind=kind,
        weapon_class=weapon_class,
        model=model,
        outcome=outcome,
        quantity=quantity,
        place=place,
        target_category=target_category,
        killed=killed,
        injured=injured,
        qualifier=qualifier,
        detail={} if detail is None else detail,
        reader=READER,
        reader_version=VERSION,
        **dict(zip(BASE_FIELDS, b, strict=True)),
    )


def link_figures(
    doc: Doc, ctx: FigureContext, quants: list[QMention]
) -> tuple[dict[int, WeaponRef], set[int]]:
    """Pass 1: the weapon each figure counts, and the figures that are "of" totals."""
    toks = doc.tokens
    n = len(toks)
    weapon_of: dict[int, WeaponRef] = {}
    for idx, qm in enumerate(quants):
        ref = ctx.weapon_after(qm.i1) or ctx.weapon_before(qm.i0, qm.i1)
        if ref is not None:
            weapon_of[idx] = ref
    # "X of (the) Y drones": X counts Y's weapon
    by_start = {qm.i0: k for k, qm in enumerate(quants)}
    of_totals: set[int] = set()
    for idx, qm in enumerate(quants):
        k = qm.i1
        if idx in weapon_of or k >= n or toks[k].key not in _OF:
            continue
        k += 1
        if k < n and toks[k].key in ("the", "of"):
            k += 1
        j = by_start.get(k)
        if j is not None and j in weapon_of:
            weapon_of[idx] = weapon_of[j]
            of_totals.add(j)
        elif j is None and toks[k - 1].key == "the":
            ref = _modified_weapon(doc, ctx, k)
            if ref is not None:
                weapon_of[idx] = ref  # "15 of the Russia-launched Iranian-made Shahed drones"
    # "34 ударні дрони з 41", "28 drones out of 31": the bare second figure is the total
    for idx, qm in enumerate(quants):
        if idx in weapon_of or idx == 0 or qm.i0 < 2 or toks[qm.i0 - 1].key not in _OF:
            continue
        if qm.i1 < n and toks[qm.i1].kind == WORD and toks[qm.i1].key not in _LAUNCHED_WORDS:
            continue  # "65 дронів з трьох напрямків": a figure of something else
        ref = ctx.ref_end.get(qm.i0 - 1)
        if ref is None and toks[qm.i0 - 2].key == "out" and qm.i0 >= 3:
            ref = ctx.ref_end.get(qm.i0 - 2)
        if ref is not None and weapon_of.get(idx - 1) is ref:
            weapon_of[idx] = ref
            of_totals.add(idx)
    return weapon_of, of_totals


def _part_outcome(
    doc: Doc, qm: QMention, ref: WeaponRef, sent_cues: list[tuple[int, int, Outcome]]
) -> Outcome | None:
    """ "Only two of the 30 drones Russia launched overnight reached their targets": a launch
    cue after the total describes the total; the part takes the clause's next other verb."""
    outcome = outcome_for(doc, qm.i0, qm.i1, ref.i1, sent_cues)
    if outcome is not _LAUNCHED:
        return outcome
    clause = doc.cid[qm.i0]
    later = [c[2] for c in sent_cues if c[0] >= ref.i1 and doc.cid[c[0]] == clause]
    return next((oc for oc in later if oc is not _LAUNCHED), outcome)


def _modified_weapon(doc: Doc, ctx: FigureContext, k: int) -> WeaponRef | None:
    """The weapon after "N of the" behind plain or hyphenated modifiers ("Russia-launched
    Iranian-made Shahed drones"): a word with no role, or any word right after a hyphen."""
    stop = min(len(doc.kinds), k + 8)
    while k < stop:
        ref = ctx.ref_at.get(k)
        if ref is not None:
            return ref
        hyphenated = k > 0 and doc.texts[k - 1] == "-"
        if doc.texts[k] == "-" or (doc.kinds[k] == WORD and (hyphenated or k not in doc.ann)):
            k += 1
            continue
        return None
    return None


_PLACEHOLDER = Claim(kind=ClaimKind.PHRASE, reader=READER, reader_version=VERSION)
_BOUNDS = ("about", "nearly", "more", "atleast", "upto")


class Figures:
    """Claim assembly for one document: ``add`` each figure, then ``finish``."""

    def __init__(
        self,
        doc: Doc,
        ctx: FigureContext,
        who: Speakers,
        weapon_of: dict[int, WeaponRef],
        of_totals: set[int],
    ) -> None:
        self.doc = doc
        self.ctx = ctx
        self.who = who
        self.weapon_of = weapon_of
        self.of_totals = of_totals
        self.claims: list[Claim] = []
        self.loc_pending: dict[int, tuple[int, Outcome, Quantity, Base]] = {}
        self.hit_weapons: dict[int, list[dict[str, Any]]] = {}
        self.casualties: dict[int, dict[str, Any]] = {}
        self.prev_mode: tuple[int, str] | None = None
        self.hit_pending: list[tuple[QMention, WeaponRef, int]] = []
        self.last_count: dict[int, tuple[WeaponClass, Outcome, int]] = {}
        self.last_value: dict[int, float | None] = {}  # the value of that last figure
        self.used: set[int] = {r.i0 for r in weapon_of.values()}
        self.subset_in: set[int] = set()  # sentences where a breakdown of a figure began
        # the sentences each per-figure rule asks about, fetched once per document (they
        # are tested for every figure; see ``Doc.sentences_with``)
        self.ref_sents = doc.sentences_with("reference")
        self.period_sents = doc.sentences_with("period")
        self.pending_sents = doc.sentences_with("pending")
        # regional parts: only documents where a regional speaker is named pay for them
        self.regional = any(a[1] in REGIONAL_SPEAKERS for a in who.attribs)
        self.regional_in: dict[int, bool] = {}
        self.parts = PlacedParts(doc)  # a place's part of a total before it (parts.py)
        self.ru_mod = any(a[1] == _RU_MOD for a in who.attribs)  # see ``_ru_mod_says``
        self.own_top: dict[tuple[WeaponClass, Outcome], float] = {}
        self.head_top: dict[tuple[WeaponClass, Outcome], float] = {}  # headline figures
        self.head_s = -1  # the headline's sentence: the first with a count figure
        self.head_ok: bool | None = None  # that sentence is a headline (asked once, lazily)
        self.head_rounded: list[int] = []  # its approximations and bounds (claim indices)
        self.vague_mixed: list[int] = []  # "hundreds of drones and cruise missiles" (indices)

    def add(self, idx: int, qm: QMention) -> None:
        """Pass 2: one figure (see the module docstring)."""
        doc = self.doc
        s = doc.sid[qm.i0]
        if idx not in self.weapon_of and self._location(qm, s):
            return
        if qm.i1 + 1 < len(doc.keys) and doc.keys[qm.i1] in _TYPES:
            return  # "several types of missiles": a number of types, not of weapons
        ref = self.weapon_of.get(idx)
        if ref is None:
            if self._casualty(qm, s):
                return
            if (
                qm.mode != "vague"
                and _cue_adjacent(doc, qm.i0, qm.i1)
                and not _counts_other(doc, qm.i1)
            ):
                ref = self.ctx.last_ref_before(qm.i0, s)
                if ref is not None:
                    ref = self._total_of_several(qm, ref, s) or ref
            if ref is None:
                return
        self.used.add(ref.i0)
        # "93 Ukrainian drones" over Russia: the Russian side's figure, not an attack on
        # Ukraine; kept with qualifier "over_russia", which resolution never uses
        foreign = _foreign(doc, qm.i1, ref) or _over_ru_before(doc, qm.i0) or _there_ru(doc, s)
        outcome = self.outcome(idx, qm, ref, s)
        if outcome == Outcome.DESTROYED and not foreign and self.ru_mod:
            foreign = self._ru_mod_says(qm.i0, s)
        if outcome is None or (foreign and outcome not in _FOREIGN_KEPT):
            return
        if outcome in _HIT_OUTCOMES:
            self.hit_pending.append((qm, ref, s))
            self.hit_weapons.setdefault(s, []).append(
                {
                    "weapon_class": ref.weapon_class.value,
                    "model": ref.model,
                    "value": qm.quantity.value,
                    "outcome": outcome.value,
                }
            )
            return
        quantity, places = self._distributed(qm, self.quantity(qm, ref), s)
        qualifier = self._foreign_qualifier(ref, outcome, quantity, qm.i0) if foreign else None
        qualifier = qualifier or self.qualifier(qm, ref, outcome, s)
        if self.regional:
            qualifier = self._regional_part(ref, outcome, quantity, s, qualifier)
        qualifier = self.parts.qualify(ref.weapon_class, outcome, quantity, s, qualifier)
        if self.head_s < 0:
            self.head_s = s  # the headline's sentence: the first with a figure
        if s == self.head_s:
            self._headline_total(ref, outcome, quantity)
            if qm.mode != "vague" and (quantity.value is None or quantity.low != quantity.high):
                self.head_rounded.append(len(self.claims))  # the claim ``_count`` adds
        elif qualifier is None and self.head_top and _more_marked(doc, qm):
            qualifier = self._headline_part(ref, outcome, quantity)
        self.last_count[s] = (ref.weapon_class, outcome, max(ref.i1, qm.i1))
        self.last_value[s] = quantity.value
        if qm.mode == "vague" and ref.weapon_class == _MIXED:
            self.vague_mixed.append(len(self.claims))  # the claim ``_count`` adds
        self._count(qm, ref, s, outcome, quantity, qualifier, places)

    def _total_of_several(self, qm: QMention, ref: WeaponRef, s: int) -> WeaponRef | None:
        """ "Russia launched 479 drones and 20 missiles …; 460 of them were shot down": a
        bare figure larger than the launch figure of the last weapon named, after launch
        figures of two or more classes (in its sentence or the one before) whose sum it does
        not exceed, counts all of them: a mixed total, never 460 of the 20 missiles. Smaller
        than that figure it may be of the last weapon alone, and is left as it was."""
        v = qm.quantity.value
        doc = self.doc
        before = prev_sentence(doc, s)
        floor = doc.starts[doc.sentences[before if before >= 0 else s][0]]
        launched = [
            c
            for c in self.claims
            if c.kind == _COUNT
            and c.outcome == _LAUNCHED
            and c.qualifier is None
            and c.weapon_class != _MIXED
            and c.quantity is not None
            and c.quantity.value
            and c.span is not None
            and c.span[0] >= floor
        ]
        last = [
            c.quantity.value for c in launched if c.weapon_class == ref.weapon_class and c.quantity
        ]
        classes = list(dict.fromkeys(c.weapon_class for c in launched))
        if v is None or not last or v <= (last[-1] or 0) or len(classes) < 2:
            return None
        if v > sum(c.quantity.value or 0 for c in launched if c.quantity):
            return None
        parts = tuple(c.value for c in classes if c is not None)
        return WeaponRef(ref.i0, ref.i1, qm.start, qm.end, _MIXED, None, "all", parts)

    def _distributed(self, qm: QMention, quantity: Quantity, s: int) -> tuple[Quantity, int]:
        """ "над Полтавщиною та Сумщиною … знищили по одному дрону": "по N" over K places
        named before it in the sentence is N × K (K is kept in the claim's detail)."""
        doc = self.doc
        if qm.i0 < 1 or doc.keys[qm.i0 - 1] != "по" or quantity.value is None:
            return quantity, 1
        a0 = doc.sentences[s][0]
        pids = {doc.ann[i]["place"][1][0] for i in doc.at("place") if a0 <= i < qm.i0}
        if len(pids) < 2 or qm.mode != "exact":
            return quantity, 1
        return Quantity.exact(quantity.value * len(pids)), len(pids)

    def _regional_part(
        self, ref: WeaponRef, outcome: Outcome, quantity: Quantity, s: int, qualifier: str | None
    ) -> str | None:
        """ "Сили ППО знищили 11 з 16 шахедів … за словами голови військової адміністрації,
        «три БпЛА збили сили ППО»": a figure a regional speaker gives in its own sentence,
        after a figure of the same class and outcome no regional speaker gave, and not above
        it, is that region's part of it ("subset"), not a figure of its own."""
        v = quantity.value if quantity.value is not None else quantity.high
        if v is None or qualifier is not None:
            return qualifier
        key = (ref.weapon_class, outcome)
        if not self._regional_sentence(s):
            self.own_top[key] = max(v, self.own_top.get(key, 0.0))
            return qualifier
        top = self.own_top.get(key)
        return "subset" if top is not None and v <= top else qualifier

    def _headline_total(self, ref: WeaponRef, outcome: Outcome, quantity: Quantity) -> None:
        """A figure of the headline (the first sentence with a figure): the largest of each
        class and outcome is kept for ``_headline_part``."""
        v = quantity.value if quantity.value is not None else quantity.high
        if v is not None:
            key = (ref.weapon_class, outcome)
            self.head_top[key] = max(v, self.head_top.get(key, 0.0))

    def _headline_part(self, ref: WeaponRef, outcome: Outcome, quantity: Quantity) -> str | None:
        """ "Ukrainian forces down 16 kamikaze drones overnight. … 14 … were shot down in
        Mykolaiv Oblast … Two more kamikaze drones were destroyed in the east": a figure
        marked as one more part ("N more", "ще N", "another N") below a figure of the same
        class and outcome in the headline (the first sentence with a figure, naming no place
        and no speaker) is a part of that total, not one more figure. Asked only for a figure
        so marked, after a headline figure."""
        v = quantity.value if quantity.value is not None else quantity.high
        if v is None:
            return None
        # a headline names no region and no speaker ("… in Mykolaiv Oblast shot down 10 …,
        # the command reported. One more … in Kirovohrad": that one is a region's)
        top = self.head_top.get((ref.weapon_class, outcome)) if self.headline() >= 0 else None
        if top is None or v >= top:
            return None
        self._part_before_more(ref.weapon_class, outcome, top - v)
        return "subset"

    def _part_before_more(self, cls: WeaponClass, outcome: Outcome, room: float) -> None:
        """ "16 … overnight. 14 Iranian-made … drones were shot down in Mykolaiv Oblast. Two
        more …": "more" adds to the figure before it, so that figure is a part of the same
        headline total too, when the two fit in it (``room``: the total less the "more"
        part). Only the last figure of that class and outcome after the headline."""
        claims = self.claims
        for ci in range(len(claims) - 1, -1, -1):
            c = claims[ci]
            if c.kind != _COUNT or c.weapon_class != cls or c.outcome != outcome:
                continue
            q = c.quantity
            if (
                c.qualifier is None
                and c.detail.get("group") != self.head_s
                and q is not None
                and q.value is not None
                and q.value <= room
            ):
                claims[ci] = evolve(c, qualifier="subset")
            return

    def headline_rounded(self) -> list[int]:
        """The claim indices of the headline's approximations and bounds ("Понад 130
        дронів"), when the first sentence with a figure is a headline (``headline``), else
        none; ``parts.drop_restated`` drops those an exact figure restates."""
        return self.head_rounded if self.head_rounded and self.headline() >= 0 else []

    def headline(self) -> int:
        """The headline's sentence (the first with a figure) when it names no place and no
        speaker, else -1: its rounded figures restate the text's (``parts.drop_restated``)."""
        hs = self.head_s
        if hs < 0:
            return -1
        if self.head_ok is None:
            self.head_ok = not self._places_in(hs) and not self._speaker_in(hs)
        return hs if self.head_ok else -1

    def _places_in(self, s: int) -> bool:
        """Sentence ``s`` names a Ukrainian place."""
        a0, a1 = self.doc.sentences[s]
        return self.doc.has("place", a0, a1)

    def _speaker_in(self, s: int) -> bool:
        """Sentence ``s`` names a speaker ("повідомив спікер", "the command reported")."""
        a0, a1 = self.doc.sentences[s]
        return any(a0 <= a[0] < a1 for a in self.who.attribs)

    def _regional_sentence(self, s: int) -> bool:
        """Sentence ``s`` names a regional speaker (memoised per sentence)."""
        got = self.regional_in.get(s)
        if got is None:
            a0, a1 = self.doc.sentences[s]
            got = any(a0 <= a[0] < a1 and a[1] in REGIONAL_SPEAKERS for a in self.who.attribs)
            self.regional_in[s] = got
        return got

    def _ru_mod_says(self, i0: int, s: int) -> bool:
        """The Russian Ministry of Defence is the speaker nearest the figure in its own
        sentence ("Позже в минобороны РФ сообщили об уничтожении ещё трех беспилотников"):
        the ministry reports no Ukrainian interception, so its downed figures are the
        Russian side's (a speaker inherited from an earlier sentence is not enough)."""
        who = self.who
        a0, a1 = self.doc.sentences[s]
        lo, hi = bisect.bisect_left(who.pos, a0), bisect.bisect_left(who.pos, a1)
        if hi == lo:
            return False
        best = min(who.attribs[lo:hi], key=lambda a: abs(a[0] - i0))
        return best[1] == _RU_MOD

    def _foreign_qualifier(self, ref: WeaponRef, outcome: Outcome, q: Quantity, i0: int) -> str:
        """ "over_russia"; "subset" for a per-region line after the Russian side's total
        ("116 … drones. It said 29 … over the Ryazan Region"). A figure after one of an
        earlier sentence is its own (no part) when its sentence names the night after one
        that did not, names its own clock window ("В период с 20:00 до 23:00 … 41" after
        "Всего ночью … 44"; the same value there is a restatement, still a part), or opens
        another report before the figure ("Позже … сообщили об уничтожении ещё трех", "it
        also downed three", ``vocab/context.yaml`` ``other_report``)."""
        doc = self.doc
        s = doc.sid[i0]
        before = prev_sentence(doc, s)
        prev = self.last_count.get(s)
        if prev is None and (prev := self.last_count.get(before)) is not None:
            # "… с 9:00 до 15:00 … шесть. … за минувшую ночь … 121": that night's own total
            night_after_day = self._night_words(s) and not self._night_words(before)
            window = (
                q.value != self.last_value.get(before)
                and _clock_window(doc, s)
                and not _clock_window(doc, before)
            )
            other = not OTHER_REPORT.isdisjoint(doc.keys[doc.sentences[s][0] : i0])
            prev = None if night_after_day or window or other else prev
        if prev is not None and prev[0] == ref.weapon_class and prev[1] == outcome:
            return "subset"
        return "over_russia"

    def _night_words(self, s: int) -> bool:
        """Sentence ``s`` names a night ("за минувшую ночь"): a figure there is that night's
        own total, not a part of a daytime figure before it."""
        a0, a1 = self.doc.sentences[s]
        return not _NIGHT_ANCHORS.isdisjoint(self.doc.keys[a0:a1])

    def _location(self, qm: QMention, s: int) -> bool:
        """A count of locations ("на 14 локаціях", "at 9 locations"), built at the end once
        the weapons that hit in this sentence are known."""
        doc = self.doc
        n = len(doc.kinds)
        loc_k = qm.i1
        if loc_k < n and "loc" not in doc.ann.get(loc_k, _EMPTY):
            if doc.kinds[loc_k] != WORD:
                return False
            loc_k += 1  # "різних локаціях", "different locations"
        if loc_k >= n or "loc" not in doc.ann.get(loc_k, _EMPTY):
            return False
        hits = [c for c in self.ctx.cues(s) if c[1] <= qm.i0 and c[2] in _HIT_OUTCOMES]
        oc = hits[-1][2] if hits else _HIT
        b = self.who.base(qm.i0, qm.start, doc.ends[loc_k])
        self.loc_pending[len(self.claims)] = (s, oc, qm.quantity, b)
        self.claims.append(_PLACEHOLDER)
        return True

    def _casualty(self, qm: QMention, s: int) -> bool:
        """A casualty figure; the sentence's figures become one casualty claim."""
        doc = self.doc
        ck = casualty_kind(doc, qm.i0, qm.i1)
        if ck is None:
            return False
        entry = self.casualties.setdefault(s, {"i0": qm.i0, "start": qm.start, "end": qm.end})
        entry[ck] = qm.quantity
        entry["start"] = min(entry["start"], qm.start)
        entry["end"] = max(entry["end"], qm.end)
        k = qm.i1  # extend to the casualty word
        while k < len(doc.tokens) and k < qm.i1 + 4 and doc.cid[k] == doc.cid[qm.i0]:
            a = doc.ann.get(k)
            hit_word = None if a is None else (a.get("killed") or a.get("injured"))
            if hit_word is not None:
                entry["end"] = max(entry["end"], doc.ends[hit_word[0] - 1])
                break
            k += 1
        return True

    def outcome(self, idx: int, qm: QMention, ref: WeaponRef, s: int) -> Outcome | None:
        """Pass 3: what the figure counts."""
        doc, ctx = self.doc, self.ctx
        keys = doc.keys
        prev_i = qm.i0 - 1
        if prev_i >= 1 and keys[prev_i] == "the":
            prev_i -= 1
        x_of_y = (
            ref.i0 > qm.i0
            and qm.i1 < len(keys)
            and keys[qm.i1] in _OF
            and idx not in self.of_totals
        )
        outcome: Outcome | None
        if x_of_y:
            cl = [c for c in ctx.cues(s) if c[1] <= qm.i0 and doc.cid[c[0]] == doc.cid[qm.i0]]
            outcome = cl[-1][2] if cl else _part_outcome(doc, qm, ref, ctx.cues(s))
        elif idx in self.of_totals or (
            prev_i >= 0
            and keys[prev_i] in _OF
            and keys[prev_i] != "out"
            and (prev_i == 0 or keys[prev_i - 1] not in _NOT_OF)
            and ref.i0 > qm.i0
        ):
            outcome = _LAUNCHED
        else:
            w_end = ref.i1 if ref.i0 > qm.i0 else qm.i1
            outcome = outcome_for(doc, qm.i0, qm.i1, w_end, ctx.cues(s))
        if outcome is None and s in self.last_count:
            outcome = self._breakdown_outcome(qm, s)
        if outcome is None and doc.list_item[s]:
            hc = ctx.cues(doc.header_of[s])
            if hc:
                outcome = hc[-1][2]
        if outcome is None and (
            self.who.voice.level == _NATIONAL
            or s in doc.sentences_with("attack")
            or self._total_before_breakdown(qm, ref, s)
        ):
            outcome = _LAUNCHED
        return outcome

    def _breakdown_outcome(self, qm: QMention, s: int) -> Outcome | None:
        """ "знешкодили 16 повітряних цілей, з них 14 дронів і 2 ракети", "… of which 14
        drones and 2 missiles": a figure with no verb of its own, in a clause that opens with
        "з них" / "of which" after a figure of its sentence, counts what that figure counted
        (a breakdown of the same class is marked a subset by ``qualifier``)."""
        doc = self.doc
        keys, cid = doc.keys, doc.cid
        clause = cid[qm.i0]
        k = qm.i0 - 1
        while k > 0 and cid[k] == clause and qm.i0 - k <= 12:
            if keys[k - 1] in _OF and keys[k] in _OF_THEM:
                return self.last_count[s][1]
            k -= 1
        return None

    def _total_before_breakdown(self, qm: QMention, ref: WeaponRef, s: int) -> bool:
        """ "the correct figure is 120 drones and 2 missiles, of which 98 drones were shot
        down", "Вночі було 120 дронів, з яких 98 збито": a figure with no verb of its own,
        followed in its sentence by "of which" / "з яких" and a downing verb, is the total the
        breakdown was downed from: the launched total."""
        keys = self.doc.keys
        a1 = self.doc.sentences[s][1]
        for k in range(max(ref.i1, qm.i1), a1 - 1):
            if keys[k] in _OF and keys[k + 1] in _OF_THEM:
                return any(c[0] > k and c[2] in _DOWNED for c in self.ctx.cues(s))
        return False

    def quantity(self, qm: QMention, ref: WeaponRef) -> Quantity:
        """Pass 4a: "about 450 drones and 70 missiles": the approximation covers the whole
        list. A bound ("more than 800 drones and 13 missiles") covers only a round figure:
        "13" is the exact count, and "more than 13" would exclude it."""
        quantity = qm.quantity
        prev = self.prev_mode
        if (
            qm.mode == "exact"
            and prev is not None
            and prev[0] == qm.i0 - 1
            and self.doc.tokens[qm.i0 - 1].key in _CONJ
            and quantity.value is not None
            and (prev[1] == "about" or (quantity.value >= 10 and quantity.value % 10 == 0))
        ):
            quantity = apply_mode(prev[1], quantity.value)
        end = max(ref.i1, qm.i1)
        if qm.mode in _BOUNDS or (prev is not None and quantity is not qm.quantity):
            mode = qm.mode if quantity is qm.quantity or prev is None else prev[1]
            self.prev_mode = (end, mode)
        else:
            self.prev_mode = (end, "exact")
        return quantity

    def qualifier(self, qm: QMention, ref: WeaponRef, outcome: Outcome, s: int) -> str | None:
        """Pass 4b: reference figures, periods, pending information, breakdowns."""
        doc = self.doc
        prev = self.last_count.get(s)
        if s in self.ref_sents and (
            _near_role(doc, qm.i0, qm.i0, "reference", 6, 0) or _date_when_clause(doc, qm.i0)
        ):
            return "reference"
        period = _sentence_period(doc, s) if s in self.period_sents else None
        if period:
            return f"period:{period}"
        if s in self.pending_sents and (
            qm.mode == "vague"
            or not _INFO_KEYS.isdisjoint(doc.keys[doc.sentences[s][0] : qm.i0])
            or _pending_after(doc, ref.i1)
        ):
            # "інформація щодо ще кількох ракет уточнюється": the fate of these is not known
            # yet (but "40-50 drones; exact figures are being clarified" is still a range)
            return "pending"
        before = prev_sentence(doc, s)
        lead = prev[2] if prev is not None else 0
        if prev is None and before in self.last_count:
            # a breakdown on the line after its total ("…95 БпЛА,\n\nз яких 60 збиті"):
            # only this line's words say so
            prev, lead = self.last_count[before], doc.sentences[s][0]
        if (
            prev is not None
            and prev[0] == ref.weapon_class
            and prev[1] == outcome
            and not _SUBSET_KEYS.isdisjoint(doc.keys[lead : qm.i0])
        ):
            # "810 БпЛА … (з них близько 500 – «Шахеди»)": a breakdown of the figure before
            self.subset_in.add(s)
            return "subset"
        if (
            prev is not None
            and (s in self.subset_in or (before in self.subset_in and doc.keys[lead] in _CONJ))
            and prev[:2] == (ref.weapon_class, outcome)
        ):
            self.subset_in.add(s)
            return "subset"  # "з яких 74 були збиті …, а 38 - подавлені …": the breakdown goes on
        if _of_them_after(doc, qm.i1):
            # "154 безпілотниками — близько 80 із них «шахеди»", "… Близько 60 з них -
            # «Шахеди»": "of them" right after the figure points at the figure before
            p = prev if prev is not None else self.last_count.get(before)
            if p is not None and p[0] == ref.weapon_class and p[1] == outcome:
                self.subset_in.add(s)
                return "subset"
        if _type_share_after(doc, qm.i1, ref):
            p = prev if prev is not None else self._last_count_before(s)
            if p is not None and p[:2] == (ref.weapon_class, outcome):
                self.subset_in.add(s)
                return "subset"
        return ref.qualifier

    def _last_count_before(self, s: int) -> tuple[WeaponClass, Outcome, int] | None:
        """The last figure of the sentences before ``s`` (a type share may stand a sentence
        or two after its total: "… 38 дронів. Запуски … Курськ, Орел. Близько 25 були …")."""
        earlier = [k for k in self.last_count if k < s]
        return self.last_count[max(earlier)] if earlier else None

    def _count(
        self,
        qm: QMention,
        ref: WeaponRef,
        s: int,
        outcome: Outcome,
        quantity: Quantity,
        qualifier: str | None,
        places: int = 1,
    ) -> None:
        doc = self.doc
        b = self.who.base(qm.i0, min(qm.start, ref.start), max(qm.end, ref.end))
        group = doc.header_of[s] if doc.list_item[s] else s
        detail: dict[str, Any] = {"group": group, "mode": qm.mode}
        if places > 1:
            detail["each_over_places"] = places  # "по одному дрону" over two oblasts: 1 × 2
        if ref.scope:
            detail["scope"] = ref.scope
        if ref.various:
            detail["various"] = True
        if ref.components and ref.weapon_class == _MIXED:
            detail["components"] = ",".join(ref.components)
        if qualifier is not None and qualifier.startswith(("period", "reference")):
            b = (None, *b[1:])  # not about one night
        self.claims.append(
            make_claim(
                b,
                kind=_COUNT,
                weapon_class=ref.weapon_class,
                model=ref.model,
                outcome=outcome,
                quantity=quantity,
                qualifier=qualifier,
                detail=detail,
            )
        )

    def finish(self, refs: list[WeaponRef]) -> list[Claim]:
        """Pass 5: unnumbered weapons, launches from hits, locations, casualties."""
        claims = self.claims
        claims.extend(self._unnumbered(refs))
        claims.extend(self._hit_launches())
        for ci, (s, oc, lq, b) in self.loc_pending.items():
            claims[ci] = self._location_claim(s, oc, lq, b)
        for _s, e in sorted(self.casualties.items()):
            b = self.who.base(e["i0"], e["start"], e["end"])
            claims.append(
                make_claim(
                    b, kind=ClaimKind.CASUALTIES, killed=e.get("killed"), injured=e.get("injured")
                )
            )
        return self.parts.before_totals(claims)

    def _hit_launches(self) -> list[Claim]:
        """ "2 ракети Іскандер-М влучили …" with no launch figure of that class: the figure is
        also the least number launched, so it is kept as a launched claim. Not when some of
        that class were also downed ("знищили по одному дрону … три прильоти"): then launched
        is at least their sum, and the hits alone would understate it."""
        launched = {
            c.weapon_class
            for c in self.claims
            if c.kind == _COUNT and c.outcome in (_LAUNCHED, _DESTROYED, _LOST_EW)
        }
        out = []
        families = {family(c) for c in launched}
        for qm, ref, s in self.hit_pending:
            if ref.weapon_class in launched or ref.scope == "all":
                continue
            if ref.weapon_class in _GENERIC and family(ref.weapon_class) in families:
                continue  # "влучання 2 ракет" after "2 балістичні ракети": the same missiles
            b = self.who.base(qm.i0, min(qm.start, ref.start), max(qm.end, ref.end))
            out.append(
                make_claim(
                    b,
                    kind=ClaimKind.COUNT,
                    weapon_class=ref.weapon_class,
                    model=ref.model,
                    outcome=Outcome.LAUNCHED,
                    quantity=qm.quantity,
                    detail={"group": s, "mode": qm.mode, "from": "hit_verb"},
                )
            )
            launched.add(ref.weapon_class)
        return out

    def _location_claim(self, s: int, oc: Outcome, lq: Quantity, b: Base) -> Claim:
        """A hit/debris location count, with the weapons that hit as detail and, if they are
        of one class, that class."""
        mine = [w for w in self.hit_weapons.get(s, []) if w["outcome"] == oc.value]
        classes = {w["weapon_class"] for w in mine}
        cls = (
            WeaponClass(next(iter(classes)))
            if len(classes) == 1
            else (WeaponClass.MIXED if classes else None)
        )
        detail: dict[str, Any] = {"counts": "locations", "group": s}
        if mine:
            detail["weapons"] = mine
        return make_claim(
            b, kind=ClaimKind.COUNT, outcome=oc, quantity=lq, weapon_class=cls, detail=detail
        )

    def _unnumbered(self, refs: list[WeaponRef]) -> list[Claim]:
        """Claims for weapons named without a figure (see ``unnumbered.py``). A sentence
        with a mixed launch total ("… та дронами-імітаторами – всього 87 засобів") misses
        no class's number: it is no launch sentence for ``Launches``."""
        doc, used, level = self.doc, self.used, self.who.voice.level
        counted = {c.weapon_class for c in self.claims if c.kind == _COUNT and c.weapon_class}
        launched = [
            c
            for c in self.claims
            if c.outcome == _LAUNCHED
            and c.kind == _COUNT
            and c.weapon_class
            and c.quantity is not None
        ]
        launches = Launches(
            {c.weapon_class for c in launched if c.weapon_class},
            {c.detail.get("group", -1) for c in launched if c.weapon_class != _MIXED}
            - {c.detail.get("group", -1) for c in launched if c.weapon_class == _MIXED},
        )
        free = [r for r in refs if r.i0 not in used and not _foreign(doc, r.i0, r)]
        attacks = doc.sentences_with("attack")

        def attack_in(s: int) -> bool:
            return level == _NATIONAL or s in attacks

        out = []
        for u in unnumbered(doc, free, used, counted, launches, self.ctx.cues, attack_in):
            r = u.ref
            out.append(
                make_claim(
                    self.who.base(r.i0, r.start, r.end),
                    kind=ClaimKind.COUNT,
                    weapon_class=u.weapon_class or r.weapon_class,
                    model=None if u.weapon_class else r.model,
                    outcome=u.outcome,
                    quantity=None if u.value is None else apply_mode("exact", u.value),
                    qualifier=None if u.value is not None else "named",
                    detail={"group": doc.sid[r.i0], "mode": "unnumbered"},
                )
            )
        return out


def _past_maker(doc: Doc, k: int) -> int:
    """The token after a maker's compound starting at ``k`` ("U.S.-made", "US-supplied",
    "Iranian-made": a word or an abbreviation of one-letter words and full stops, a hyphen,
    a maker word), else ``k``. Only right after a figure, so "U.S." elsewhere is not read."""
    texts, n = doc.texts, len(doc.texts)
    j = k
    while j < n and j - k < 6 and doc.kinds[j] == WORD and (j == k or len(texts[j]) == 1):
        j += 1
        if j < n and texts[j] == "." and len(texts[j - 1]) == 1:
            j += 1
    if j == k or j + 1 >= n or texts[j] != "-" or texts[j + 1] not in MAKER_WORDS:
        return k
    return j + 2


_EMPTY: dict[str, Any] = {}
_GENERIC = frozenset({WeaponClass.UNKNOWN_MISSILE, WeaponClass.UNKNOWN_DRONE})
_HIT_OUTCOMES = (Outcome.HIT, Outcome.DEBRIS)
# Enum members used once per figure, bound once (a look-up on an enum class goes through
# ``EnumType.__getattr__``'s slot on Python 3.11, several times slower than a global).
_FOREIGN_KEPT = (Outcome.LAUNCHED, Outcome.DESTROYED)
_RU_MOD = "Russian Ministry of Defence"

_NATIONAL = SourceLevel.NATIONAL_COMMAND
_MIXED = WeaponClass.MIXED
_COUNT = ClaimKind.COUNT
_LAUNCHED, _HIT = Outcome.LAUNCHED, Outcome.HIT
_DESTROYED, _LOST_EW = Outcome.DESTROYED, Outcome.LOST_EW
_DOWNED = (_DESTROYED, _LOST_EW)
