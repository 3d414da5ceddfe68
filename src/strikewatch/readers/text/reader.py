"""The text reader's entry point: one document in, sourced claims out.

Spans are character offsets into the text the claims were read from. For plain text that is
the input itself; for HTML it is the same-length stripped text (see ``html.py``), so the
offsets also point into the original markup. ``ReadResult.text`` is that text.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from strikewatch.domain import (
    Claim,
    ClaimKind,
    Outcome,
    Quantity,
    SourceLevel,
    Status,
    WeaponClass,
)
from strikewatch.readers.text import attribution as attr
from strikewatch.readers.text.build import POSITIONAL, evolve
from strikewatch.readers.text.casualties import casualty_kind
from strikewatch.readers.text.checks import check, mark_totals
from strikewatch.readers.text.dates import NightInfo, mark_dates, resolve_night
from strikewatch.readers.text.doc import Doc, build_doc
from strikewatch.readers.text.html import looks_like_html, strip_html
from strikewatch.readers.text.lexicon import get_lexicon
from strikewatch.readers.text.numbers import QMention, apply_mode, find_quantities
from strikewatch.readers.text.outcomes import cues_in, outcome_for
from strikewatch.readers.text.places import find_places
from strikewatch.readers.text.records import find_records
from strikewatch.readers.text.relations import apply_relations, derive
from strikewatch.readers.text.targets import find_targets
from strikewatch.readers.text.tokens import NL, NUM, PUNCT, WORD
from strikewatch.readers.text.unnumbered import unnumbered
from strikewatch.readers.text.weapons import WeaponRef, find_weapons

READER = "text"
VERSION = "0.1.0"

_GAP_OK_PUNCT = frozenset({"-", "–", "—", "(", '"', "«", "“", "„"})
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
        "з",
        "із",
        "них",
        "було",
        "були",
        "them",
        "more",
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
_INFO_KEYS = frozenset({"інформація", "information", "щодо", "дані", "data"})
#: Words that introduce a breakdown of the figure before: "з них", "of which", "including"
_SUBSET_KEYS = frozenset({"них", "яких", "which", "them", "зокрема", "including", "incl"})
_CONJ = frozenset({"and", "та", "і", "й", ",", "plus", "а"})


@dataclass(slots=True)
class ReadResult:
    claims: list[Claim]
    flags: list[str]
    language: str
    night: dt.date | None
    level: SourceLevel
    attribution: str | None
    text: str  # the text that claim spans index (stripped HTML keeps the same length)
    is_html: bool = False
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def _language(doc: Doc) -> str:
    """ "uk" or "en" by the script of the first letter of the first 2,000 words (C-level maps:
    this runs on every document)."""
    texts = doc.texts[:2000]
    counts = Counter(map(_SCRIPTS.get, texts))  # a C-level pass; unseen words added once
    if counts[None]:
        if len(_SCRIPTS) > 100_000:
            _SCRIPTS.clear()
        for t, k in zip(texts, doc.kinds, strict=False):
            if t not in _SCRIPTS:
                _SCRIPTS[t] = _script(t, k)
        counts = Counter(map(_SCRIPTS.get, texts))
    cyr, lat = counts[1], counts[2]
    if cyr == 0 and lat == 0:
        return "und"
    return "uk" if cyr >= lat else "en"


_SCRIPTS: dict[str, int] = {}


def _script(text: str, kind: int) -> int:
    """1 for a word that starts with a Cyrillic letter, 2 for a-z, else 0."""
    if kind != WORD:
        return 0
    c = text[0]
    return 1 if "\u0400" <= c <= "\u04ff" else (2 if "a" <= c <= "z" else 0)


class _Ctx:
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
        doc = self.doc
        tokens = doc.tokens
        n = len(tokens)
        gap = 0
        while k < n and gap <= 3:
            ref = self.ref_at.get(k)
            if ref is not None:
                return ref
            t = tokens[k]
            if t.kind in (NUM, NL):
                return None
            if t.kind == PUNCT and t.text not in _GAP_OK_PUNCT:
                return None
            a = doc.ann.get(k)
            if a is not None and not _BLOCK_SET.isdisjoint(a):
                return None
            if t.key in _GAP_STOP:
                return None
            k += 1
            gap += 1
        return None

    def weapon_before(self, q0: int) -> WeaponRef | None:
        tokens = self.doc.tokens
        if q0 >= 2 and tokens[q0 - 1].text in (":", "-", "–", "—"):
            return self.ref_end.get(q0 - 1)
        return None

    def last_ref_before(self, q0: int, s: int) -> WeaponRef | None:
        pos = bisect.bisect_left(self.ref_starts, q0) - 1
        a0 = self.doc.sentences[s][0]
        h = self.doc.header_of[s]
        floor = (
            self.doc.sentences[h][0] if h >= 0 else (self.doc.sentences[s - 1][0] if s >= 1 else a0)
        )
        while pos >= 0:
            r = self.refs[pos]
            if r.i0 < floor:
                return None
            if r.i1 <= q0:
                return r
            pos -= 1
        return None


_NIGHT_ANCHORS = frozenset({"overnight", "night", "ніч", "ночі", "вночі", "уночі", "tonight"})


def _cue_adjacent(doc: Doc, q0: int, q1: int) -> bool:
    """A figure without a weapon word counts the last weapon named only when an outcome verb
    sits right by it ("… 71 were shot down", "збили 15", "з них 546 збито")."""
    toks = doc.tokens
    for k in (q0 - 1, q0 - 2):
        if k >= 0 and (doc.ann.get(k) or {}).get("cue") is not None:
            return True
        if k >= 0 and toks[k].kind != WORD:
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


def _foreign(doc: Doc, q1: int, ref: WeaponRef) -> bool:
    """ "93 Ukrainian drones", or a figure in the Russian side's air-defence report."""
    lo, hi = (q1, ref.i0) if ref.i0 >= q1 else (ref.i0, ref.i1)
    if doc.has("foreign", lo, min(hi + 1, ref.i1)):
        return True
    return doc.has("over_russia", *doc.sentences[doc.sid[ref.i0]])


def _sentence_period(doc: Doc, s: int) -> str | None:
    """A multi-night period ("this week", "за тиждень") governs a sentence that does not
    also anchor itself to a night ("overnight", a date)."""
    a0, a1 = doc.sentences[s]
    if not doc.has("period", a0, a1):
        return None  # the usual case, found by bisection
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


def _near_role(doc: Doc, i0: int, i1: int, role: str, before: int, after: int) -> Any:
    s = doc.sid[i0]
    a0, a1 = doc.sentences[s]
    for k in doc.within(role, max(a0, i0 - before), min(a1, i1 + after)):
        a = doc.ann[k]
        if role == "period" and not (k >= i1 or a[role][0] <= i0 + 1):
            continue
        return a[role][1]
    return None


#: Words a figure must be near to become a claim (weapon words, location words, casualty and
#: people words, outcome verbs); see ``_near_anchors``.
_ANCHOR_ROLES = ("model", "head", "adj", "loc", "killed", "injured", "people", "cue", "hitverb")
#: How far a figure may sit before / after such a word. Every rule that turns a figure into a
#: claim looks at most 12 tokens away (casualty words: 10 after, 3 before; weapons: 3 after
#: or right before; locations: 2 after; outcome verbs: 4 either side), and a number group
#: with its approximation ("more than 1 000 000") spans at most 10 tokens, so a group that
#: starts outside the window never ends inside the reach of an anchor.
_BEFORE, _AFTER = 24, 16


def _near_anchors(doc: Doc) -> bytearray | None:
    """Mask of tokens within reach of an anchor word, or None when nearly everything is."""
    n = len(doc.tokens)
    if n < 400:
        return None  # short documents: the mask costs more than it saves
    mask = bytearray(n)
    for role in _ANCHOR_ROLES:
        for p in doc.at(role):
            lo = p - _BEFORE if p > _BEFORE else 0
            hi = p + _AFTER if p + _AFTER < n else n
            mask[lo:hi] = b"\x01" * (hi - lo)
    return mask


def read_document(
    text: str,
    *,
    published: dt.datetime | None = None,
    url: str | None = None,
    publisher: str | None = None,
    night: dt.date | None = None,
) -> ReadResult:
    """Read one report, statement or article into claims (see the package docstring)."""
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    is_html = looks_like_html(text)
    work = strip_html(text) if is_html else text
    lex = get_lexicon()
    doc = build_doc(work, lex)
    dates = mark_dates(doc.tokens, doc.ann, doc.taken)
    refs = find_weapons(doc.tokens, doc.ann, doc.taken, doc.starts, doc.ends)
    quants = find_quantities(
        doc.tokens, doc.spans, lex, doc.taken, doc.ann, _near_anchors(doc), doc.kinds, doc.keys
    )
    ninfo = (
        NightInfo(night=night, how="given")
        if night is not None
        else resolve_night(doc.tokens, doc.ann, doc.spans, dates, published)
    )
    voice = attr.document_voice(doc, publisher)
    ctx = _Ctx(doc, refs)
    attribs = attr.attributions(doc)
    attrib_pos = [a[0] for a in attribs]

    flags: list[str] = list(ninfo.flags)
    if voice.corrected:
        flags.append("corrected")
    claim_flags: tuple[str, ...] = ("corrected",) if voice.corrected else ()

    flag_cache: dict[int, tuple[bool, bool]] = {}

    def who_for(i0: int) -> tuple[str | None, str | None, bool, bool]:
        """(attribution, stance, hedged, alleging) for a mention at token i0."""
        s = doc.sid[i0]
        sents = [s]
        h = doc.header_of[s]
        if h >= 0:
            sents.append(h)
        hedged = alleging = False
        for ss in sents:
            got = flag_cache.get(ss)
            if got is None:
                got = flag_cache[ss] = attr.sentence_flags(doc, ss)
            hd, al = got
            hedged |= hd
            alleging |= al
        for ss in sents:
            a0, a1 = doc.sentences[ss]
            lo = bisect.bisect_left(attrib_pos, a0)
            hi = bisect.bisect_left(attrib_pos, a1)
            if hi > lo:
                # nearest attribution in the sentence
                best = min(attribs[lo:hi], key=lambda a: abs(a[0] - i0))
                return best[1], best[2], hedged, alleging
        if voice.level == SourceLevel.OFFICIAL and attribs:
            return attribs[0][1], attribs[0][2], hedged, alleging
        if voice.default_attribution is not None:
            stance = (
                "official"
                if voice.level in (SourceLevel.NATIONAL_COMMAND, SourceLevel.OFFICIAL)
                else None
            )
            return voice.default_attribution, stance, hedged, alleging
        # a media article: the first attribution before this point in the document
        lo = bisect.bisect_left(attrib_pos, i0) - 1
        if lo >= 0:
            return (
                attribs[lo][1],
                attribs[lo][2] if attribs[lo][2] == "official" else None,
                hedged,
                alleging,
            )
        if attribs:
            return attribs[0][1], None, hedged, alleging
        return publisher, None, hedged, alleging

    # Who speaks for a sentence does not depend on the figure's position when neither the
    # sentence nor its list header names anyone and the document has a default voice.
    fixed_voice = voice.default_attribution is not None or (
        voice.level == SourceLevel.OFFICIAL and bool(attribs)
    )
    voice_memo: dict[tuple[int, int], tuple[str | None, Status, bool]] = {}

    def speaker(i0: int) -> tuple[str | None, Status, bool]:
        s = doc.sid[i0]
        # with no attribution in the sentence or its list header, the answer depends only on
        # the sentence and (for media) on how many attributions precede the figure
        key = (s, 0 if fixed_voice else bisect.bisect_left(attrib_pos, i0))
        got = voice_memo.get(key)
        if got is not None:
            return got
        who, stance, hedged, alleging = who_for(i0)
        got = (who, attr.claim_status(voice.level, stance, alleging, hedged, who), hedged)
        h = doc.header_of[s]
        a0, a1 = doc.sentences[s]
        if not attrib_in(a0, a1) and (h < 0 or not attrib_in(*doc.sentences[h])):
            voice_memo[key] = got
        return got

    def attrib_in(a0: int, a1: int) -> bool:
        return bisect.bisect_left(attrib_pos, a1) > bisect.bisect_left(attrib_pos, a0)

    def base(i0: int, start: int, end: int) -> dict[str, Any]:
        who, status, hedged = speaker(i0)
        return {
            "reader": READER,
            "reader_version": VERSION,
            "night": ninfo.night,
            "window_start": ninfo.window_start,
            "window_end": ninfo.window_end,
            "attribution": who,
            "status": status,
            "hedged": hedged,
            "span": (start, end),
            "text": work[start:end],
            "flags": claim_flags,
        }

    claims: list[Claim] = []
    weapon_of: dict[int, WeaponRef] = {}
    # pass 1: which weapon each figure counts
    for idx, qm in enumerate(quants):
        ref = ctx.weapon_after(qm.i1) or ctx.weapon_before(qm.i0)
        if ref is not None:
            weapon_of[idx] = ref
    # "X of (the) Y drones": X counts Y's weapon
    by_start = {qm.i0: k for k, qm in enumerate(quants)}
    of_totals: set[int] = set()
    for idx, qm in enumerate(quants):
        if idx in weapon_of:
            continue
        k = qm.i1
        toks = doc.tokens
        if k < len(toks) and toks[k].key in _OF:
            k += 1
            if k < len(toks) and toks[k].key in ("the", "of"):
                k += 1
            j = by_start.get(k)
            if j is not None and j in weapon_of:
                weapon_of[idx] = weapon_of[j]
                of_totals.add(j)
    # "34 ударні дрони з 41", "28 drones out of 31": the bare second figure is the total
    for idx, qm in enumerate(quants):
        if idx in weapon_of or idx == 0 or qm.i0 < 2 or doc.tokens[qm.i0 - 1].key not in _OF:
            continue
        if qm.i1 < len(doc.tokens) and doc.tokens[qm.i1].kind == WORD:
            continue  # "65 дронів з трьох напрямків": a figure of something else
        ref = ctx.ref_end.get(qm.i0 - 1)
        if ref is None and doc.tokens[qm.i0 - 2].key == "out" and qm.i0 >= 3:
            ref = ctx.ref_end.get(qm.i0 - 2)
        if ref is not None and weapon_of.get(idx - 1) is ref:
            weapon_of[idx] = ref
            of_totals.add(idx)

    loc_pending: dict[int, tuple[int, Outcome, Quantity, dict[str, Any]]] = {}
    hit_weapons: dict[int, list[dict[str, Any]]] = {}
    casualties: dict[int, dict[str, Any]] = {}
    prev_mode: tuple[int, str] | None = None
    hit_pending: list[tuple[int, QMention, WeaponRef, int]] = []
    last_count: dict[int, tuple[WeaponClass, Outcome, int]] = {}
    used: set[int] = {r.i0 for r in weapon_of.values()}
    for idx, qm in enumerate(quants):
        s = doc.sid[qm.i0]
        toks = doc.tokens
        # location counts: "на 14 локаціях", "at 9 locations"
        loc_k = qm.i1
        if (
            loc_k < len(toks)
            and (doc.ann.get(loc_k) or {}).get("loc") is None
            and toks[loc_k].kind == WORD
        ):
            loc_k += 1  # "різних локаціях", "different locations"
        if (
            loc_k < len(toks)
            and (doc.ann.get(loc_k) or {}).get("loc") is not None
            and idx not in weapon_of
        ):
            cues = [
                c for c in ctx.cues(s) if c[1] <= qm.i0 and c[2] in (Outcome.HIT, Outcome.DEBRIS)
            ]
            oc = cues[-1][2] if cues else Outcome.HIT
            end = doc.ends[loc_k]
            b = base(qm.i0, qm.start, end)
            # built at the end, once the weapons that hit in this sentence are known
            loc_pending[len(claims)] = (s, oc, qm.quantity, b)
            claims.append(_PLACEHOLDER)
            continue
        ref = weapon_of.get(idx)
        if ref is None:
            ck = casualty_kind(doc, qm.i0, qm.i1)
            if ck is not None:
                entry = casualties.setdefault(s, {"i0": qm.i0, "start": qm.start, "end": qm.end})
                entry[ck] = qm.quantity
                entry["start"] = min(entry["start"], qm.start)
                entry["end"] = max(entry["end"], qm.end + 0)
                # extend to the casualty word
                k = qm.i1
                while k < len(toks) and k < qm.i1 + 4 and doc.cid[k] == doc.cid[qm.i0]:
                    a = doc.ann.get(k)
                    hit_word = None if a is None else (a.get("killed") or a.get("injured"))
                    if hit_word is not None:
                        entry["end"] = max(entry["end"], doc.ends[hit_word[0] - 1])
                        break
                    k += 1
                continue
            if qm.mode != "vague" and _cue_adjacent(doc, qm.i0, qm.i1):
                ref = ctx.last_ref_before(qm.i0, s)
            if ref is None:
                continue
        used.add(ref.i0)
        # outcome
        outcome: Outcome | None
        # "93 Ukrainian drones" over Russia: the Russian side's figure, not an attack on
        # Ukraine; kept with qualifier "over_russia", which resolution never uses
        foreign = _foreign(doc, qm.i1, ref)
        prev_i = qm.i0 - 1
        if prev_i >= 1 and toks[prev_i].key == "the":
            prev_i -= 1
        x_of_y = (
            ref.i0 > qm.i0 and qm.i1 < len(toks) and toks[qm.i1].key in _OF and idx not in of_totals
        )
        if x_of_y:
            cl = [c for c in ctx.cues(s) if c[1] <= qm.i0 and doc.cid[c[0]] == doc.cid[qm.i0]]
            outcome = cl[-1][2] if cl else outcome_for(doc, qm.i0, qm.i1, ref.i1, ctx.cues(s))
        elif idx in of_totals or (
            prev_i >= 0
            and toks[prev_i].key in _OF
            and toks[prev_i].key != "out"
            and (prev_i == 0 or toks[prev_i - 1].key not in _NOT_OF)
            and ref.i0 > qm.i0
        ):
            outcome = Outcome.LAUNCHED
        else:
            w_end = ref.i1 if ref.i0 > qm.i0 else qm.i1
            outcome = outcome_for(doc, qm.i0, qm.i1, w_end, ctx.cues(s))
        if outcome is None and doc.list_item[s]:
            hc = ctx.cues(doc.header_of[s])
            if hc:
                outcome = hc[-1][2]
        if outcome is None:
            a0, a1 = doc.sentences[s]
            if voice.level == SourceLevel.NATIONAL_COMMAND or doc.has("attack", a0, a1):
                outcome = Outcome.LAUNCHED
        if outcome is None:
            continue
        if foreign and outcome not in (Outcome.LAUNCHED, Outcome.DESTROYED):
            continue
        if outcome in (Outcome.HIT, Outcome.DEBRIS):
            hit_pending.append((idx, qm, ref, s))
            hit_weapons.setdefault(s, []).append(
                {
                    "weapon_class": ref.weapon_class.value,
                    "model": ref.model,
                    "value": qm.quantity.value,
                    "outcome": outcome.value,
                }
            )
            continue
        quantity = qm.quantity
        # "about 450 drones and 70 missiles": the approximation covers the whole list. A
        # bound ("more than 800 drones and 13 missiles") covers only a round figure: "13" is
        # the exact count, and "more than 13" would exclude it.
        if (
            qm.mode == "exact"
            and prev_mode is not None
            and prev_mode[0] == qm.i0 - 1
            and (toks[qm.i0 - 1].key in _CONJ)
            and quantity.value is not None
            and (prev_mode[1] == "about" or (quantity.value >= 10 and quantity.value % 10 == 0))
        ):
            quantity = apply_mode(prev_mode[1], quantity.value)
        prev_mode = (
            (
                max(ref.i1, qm.i1),
                qm.mode if quantity is qm.quantity or prev_mode is None else prev_mode[1],
            )
            if qm.mode in ("about", "nearly", "more", "atleast", "upto")
            or (prev_mode is not None and quantity is not qm.quantity)
            else (max(ref.i1, qm.i1), "exact")
        )
        qualifier = ref.qualifier
        period = _sentence_period(doc, s)
        prev = last_count.get(s)
        if _near_role(doc, qm.i0, qm.i0, "reference", 6, 0):
            qualifier = "reference"
        elif period:
            qualifier = f"period:{period}"
        elif doc.has("pending", *doc.sentences[s]) and (
            qm.mode == "vague" or not _INFO_KEYS.isdisjoint(doc.keys[doc.sentences[s][0] : qm.i0])
        ):
            # "інформація щодо ще кількох ракет уточнюється": the fate of these is not known
            # yet (but "40-50 drones; exact figures are being clarified" is still a range)
            qualifier = "pending"
        elif (
            prev is not None
            and prev[0] == ref.weapon_class
            and prev[1] == outcome
            and not _SUBSET_KEYS.isdisjoint(doc.keys[prev[2] : qm.i0])
        ):
            # "810 БпЛА … (з них близько 500 – «Шахеди»)": a breakdown of the figure before
            qualifier = "subset"
        if foreign:
            qualifier = "over_russia"
        last_count[s] = (ref.weapon_class, outcome, max(ref.i1, qm.i1))
        start = min(qm.start, ref.start)
        end = max(qm.end, ref.end)
        b = base(qm.i0, start, end)
        group = doc.header_of[s] if doc.list_item[s] else s
        detail: dict[str, Any] = {"group": group, "mode": qm.mode}
        if ref.scope:
            detail["scope"] = ref.scope
        if ref.various:
            detail["various"] = True
        if ref.components and ref.weapon_class == WeaponClass.MIXED:
            detail["components"] = ",".join(ref.components)
        if qualifier is not None and qualifier.startswith(("period", "reference")):
            b["night"] = None
        claims.append(
            _claim(
                b,
                kind=ClaimKind.COUNT,
                weapon_class=ref.weapon_class,
                model=ref.model,
                outcome=outcome,
                quantity=quantity,
                qualifier=qualifier,
                detail=detail,
            )
        )
    claims.extend(_unnumbered_claims(doc, ctx, refs, used, claims, voice.level, base))
    # "2 ракети Іскандер-М влучили …" with no launch figure of that class: the figure is
    # also the least number launched, so it is kept as a launched claim.
    launched_classes = {
        c.weapon_class
        for c in claims
        if c.kind == ClaimKind.COUNT and c.outcome == Outcome.LAUNCHED
    }
    for _idx, qm, ref, s in hit_pending:
        if ref.weapon_class in launched_classes or ref.scope == "all":
            continue
        b = base(qm.i0, min(qm.start, ref.start), max(qm.end, ref.end))
        claims.append(
            _claim(
                b,
                kind=ClaimKind.COUNT,
                weapon_class=ref.weapon_class,
                model=ref.model,
                outcome=Outcome.LAUNCHED,
                quantity=qm.quantity,
                detail={"group": s, "mode": qm.mode, "from": "hit_verb"},
            )
        )
        launched_classes.add(ref.weapon_class)
    # hit/debris location claims get the weapons that hit as detail and, if one class, a class
    for ci, (s, oc, lq, b) in loc_pending.items():
        hw = hit_weapons.get(s, [])
        mine = [w for w in hw if w["outcome"] == oc.value]
        classes = {w["weapon_class"] for w in mine}
        cls = (
            WeaponClass(next(iter(classes)))
            if len(classes) == 1
            else (WeaponClass.MIXED if classes else None)
        )
        loc_detail: dict[str, Any] = {"counts": "locations", "group": s}
        if mine:
            loc_detail["weapons"] = mine
        claims[ci] = _claim(
            b, kind=ClaimKind.COUNT, outcome=oc, quantity=lq, weapon_class=cls, detail=loc_detail
        )
    # casualties, one claim per sentence
    for _s, e in sorted(casualties.items()):
        b = base(e["i0"], e["start"], e["end"])
        claims.append(
            _claim(b, kind=ClaimKind.CASUALTIES, killed=e.get("killed"), injured=e.get("injured"))
        )
    # places, targets and comparisons only in documents about an attack
    about_attack = bool(doc.at("attack") or doc.at("cue")) or any(
        c.kind == ClaimKind.COUNT for c in claims
    )
    if about_attack:
        seen_places: set[str] = set()
        for i0, i1, pid, role, oblast, macro in find_places(doc):
            if pid in seen_places:
                continue
            seen_places.add(pid)
            b = base(i0, doc.starts[i0], doc.ends[i1 - 1])
            claims.append(
                _claim(
                    b,
                    kind=ClaimKind.PLACE,
                    place=pid,
                    qualifier=f"role:{role}",
                    detail={"role": role, "oblast": oblast, "macro_region": macro},
                )
            )
        seen_targets: set[str] = set()
        for i0, c0, c1, cat in find_targets(doc):
            if cat in seen_targets:
                continue
            seen_targets.add(cat)
            b = base(i0, c0, c1)
            claims.append(_claim(b, kind=ClaimKind.TARGET, target_category=cat))
        for i0, i1, qual, scope in find_records(doc):
            b = base(i0, doc.starts[i0], doc.ends[i1 - 1])
            claims.append(
                _claim(
                    b,
                    kind=ClaimKind.PHRASE,
                    qualifier=qual,
                    detail={"scope": scope} if scope else {},
                )
            )
    claims = apply_relations(doc, claims, derive)
    claims = _infer_missile_class(claims)
    claims = mark_totals(claims)
    check_flags = check(claims)
    if check_flags:
        flags.extend(check_flags)
        claims = [
            evolve(c, flags=tuple(dict.fromkeys((*c.flags, *check_flags))))
            if c.kind == ClaimKind.COUNT
            else c
            for c in claims
        ]
    claims.sort(key=lambda c: c.span or (0, 0))
    first_who = next((c.attribution for c in claims if c.attribution), None) or (
        attribs[0][1] if attribs else voice.default_attribution
    )
    return ReadResult(
        claims=claims,
        flags=flags,
        language=_language(doc),
        night=ninfo.night,
        level=voice.level,
        attribution=first_who,
        text=work,
        is_html=is_html,
        window_start=ninfo.window_start,
        window_end=ninfo.window_end,
        detail={
            "night_how": ninfo.how,
            "url": url,
            "publisher": publisher,
            "catalog": dict(lex.catalog_used),
        },
    )


def _unnumbered_claims(
    doc: Doc,
    ctx: _Ctx,
    refs: list[WeaponRef],
    used: set[int],
    claims: list[Claim],
    level: SourceLevel,
    base: Any,
) -> list[Claim]:
    """Claims for weapons named without a figure (see ``unnumbered.py``)."""
    counted = {c.weapon_class for c in claims if c.kind == ClaimKind.COUNT and c.weapon_class}
    free = [r for r in refs if r.i0 not in used and not _foreign(doc, r.i0, r)]

    def attack_in(s: int) -> bool:
        return level == SourceLevel.NATIONAL_COMMAND or doc.has("attack", *doc.sentences[s])

    out = []
    for u in unnumbered(doc, free, used, counted, ctx.cues, attack_in):
        r = u.ref
        q = None if u.value is None else apply_mode("exact", u.value)
        out.append(
            _claim(
                base(r.i0, r.start, r.end),
                kind=ClaimKind.COUNT,
                weapon_class=u.weapon_class or r.weapon_class,
                model=None if u.weapon_class else r.model,
                outcome=u.outcome,
                quantity=q,
                qualifier=None if u.value is not None else "named",
                detail={"group": doc.sid[r.i0], "mode": "unnumbered"},
            )
        )
    return out


_PLACEHOLDER = Claim(kind=ClaimKind.PHRASE, reader=READER, reader_version=VERSION)


def _claim(
    b: dict[str, Any],
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
            b["night"],
            b["window_start"],
            b["window_end"],
            place,
            target_category,
            killed,
            injured,
            b["attribution"],
            b["status"],
            b["hedged"],
            False,
            qualifier,
            b["span"],
            b["text"],
            None,
            b["flags"],
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
        **b,
    )


def _infer_missile_class(claims: list[Claim]) -> list[Claim]:
    """ "Збито 3 ракети" after only ballistic missiles were launched: the generic figure is of
    that class. Only when every specific missile launched in the document is of one class."""
    from strikewatch.readers.text.weapons import MISSILE_FAMILY

    launched = {
        c.weapon_class
        for c in claims
        if c.kind == ClaimKind.COUNT
        and c.outcome == Outcome.LAUNCHED
        and c.weapon_class in MISSILE_FAMILY
        and c.weapon_class != WeaponClass.UNKNOWN_MISSILE
    }
    generic_launched = any(
        c.kind == ClaimKind.COUNT
        and c.outcome == Outcome.LAUNCHED
        and c.weapon_class == WeaponClass.UNKNOWN_MISSILE
        for c in claims
    )
    if len(launched) != 1 or generic_launched:
        return claims
    cls = next(iter(launched))
    out = []
    for c in claims:
        if (
            c.kind == ClaimKind.COUNT
            and c.weapon_class == WeaponClass.UNKNOWN_MISSILE
            and (c.outcome != Outcome.LAUNCHED)
        ):
            detail = {**c.detail, "class_inferred": True}
            detail.pop("scope", None)
            c = evolve(c, weapon_class=cls, detail=detail)
        out.append(c)
    return out


def _q(q: Quantity | None) -> dict[str, float | None] | None:
    if q is None:
        return None
    return {"value": q.value, "low": q.low, "high": q.high}


def to_json_obj(claim: Claim) -> dict[str, Any]:
    """The machine-readable contract fields of one claim (JSON-serialisable)."""
    q = claim.quantity
    return {
        "kind": claim.kind.value,
        "weapon_class": claim.weapon_class.value if claim.weapon_class else None,
        "model": claim.model,
        "outcome": claim.outcome.value if claim.outcome else None,
        "value": None if q is None else q.value,
        "low": None if q is None else q.low,
        "high": None if q is None else q.high,
        "night": claim.night.isoformat() if claim.night else None,
        "place": claim.place,
        "target_category": claim.target_category.value if claim.target_category else None,
        "killed": _q(claim.killed),
        "injured": _q(claim.injured),
        "attribution": claim.attribution,
        "span": list(claim.span) if claim.span else None,
        "text": claim.text,
        "is_total": claim.is_total,
        "status": claim.status.value if isinstance(claim.status, Status) else claim.status,
        "hedged": claim.hedged,
        "flags": list(claim.flags),
        "qualifier": claim.qualifier,
        "reader": claim.reader,
        "reader_version": claim.reader_version,
    }
