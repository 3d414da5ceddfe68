"""The text reader's entry point: one document in, sourced claims out.

``read_document`` runs named passes over one token stream, each in its own module:

1. segmentation and annotation (``doc.py``: tokens, sentences, clauses, list items, and the
   phrase annotations of the vocabulary in ``vocab/``),
2. dates and the night (``dates.py``),
3. weapon mentions (``weapons.py``, from the catalog only),
4. numbers and quantities (``numbers.py``: digits, number words, case endings, ranges,
   approximations, vague words),
5. attribution, hedges and negation (``speakers.py``, ``attribution.py``),
6. claim assembly (``figures.py``: which weapon each figure counts and with what outcome;
   ``unnumbered.py``: weapons named without a figure),
7. relations between figures (``relations.py``), places, targets and record phrases,
8. arithmetic checks and totals (``checks.py``).

Spans are character offsets into the text the claims were read from. For plain text that is
the input itself; for HTML it is the same-length stripped text (see ``html.py``), so the
offsets also point into the original markup. ``ReadResult.text`` is that text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from strikewatch.domain import Claim, ClaimKind, Outcome, Quantity, SourceLevel, Status, WeaponClass
from strikewatch.readers.text.attribution import national_figures_source
from strikewatch.readers.text.build import evolve
from strikewatch.readers.text.casualties import one_person
from strikewatch.readers.text.checks import check, mark_totals
from strikewatch.readers.text.codes import CYR, LAT, how_many
from strikewatch.readers.text.dates import NightInfo, mark_dates, resolve_night
from strikewatch.readers.text.doc import Doc, build_doc
from strikewatch.readers.text.figures import FigureContext, Figures, link_figures, make_claim
from strikewatch.readers.text.html import looks_like_html, strip_html
from strikewatch.readers.text.lexicon import get_lexicon
from strikewatch.readers.text.numbers import find_quantities
from strikewatch.readers.text.parts import drop_restated
from strikewatch.readers.text.places import find_places
from strikewatch.readers.text.records import find_records
from strikewatch.readers.text.relations import apply_relations, derive
from strikewatch.readers.text.speakers import READER, VERSION, Speakers
from strikewatch.readers.text.targets import find_targets
from strikewatch.readers.text.weapons import (
    MISSILE_FAMILY,
    ambiguous_names,
    find_weapons,
    typed_after,
)

__all__ = ["READER", "VERSION", "ReadResult", "read_document", "to_json_obj"]


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
    """ "uk" or "en" by the script of the first letter of the first 2,000 words (counted in
    the flag bytes, see ``codes.py``: this runs on every document)."""
    head = doc.codes[:2000]
    cyr, lat = how_many(head, CYR), how_many(head, LAT)
    if cyr == 0 and lat == 0:
        return "und"
    return "uk" if cyr >= lat else "en"


#: Words a figure must be near to become a claim (weapon words, location words, casualty and
#: people words, outcome verbs); see ``_near_anchors``.
_ANCHOR_ROLES = ("model", "head", "adj", "loc", "killed", "injured", "people", "cue", "hitverb")
#: Words that make a document one about an attack (with any weapon named): without one, the
#: day it names is no night (see ``read_document``).
_ABOUT_ATTACK = ("attack", "cue", "hitverb", "killed", "injured")
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
    """Read one report, statement or article into claims (see the module docstring)."""
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    is_html = looks_like_html(text)
    work = strip_html(text) if is_html else text
    lex = get_lexicon()
    doc = build_doc(work, lex)
    dates = mark_dates(doc.tokens, doc.ann, doc.taken, doc.at("month"))
    refs = find_weapons(
        doc.tokens, doc.ann, doc.taken, doc.starts, doc.ends, doc.at_any("model", "head", "adj")
    )
    ambiguous_names(refs, doc.ann)
    typed_after(refs, doc.ann, doc.keys)
    quants = find_quantities(
        doc.tokens,
        doc.spans,
        lex,
        doc.taken,
        doc.ann,
        _near_anchors(doc),
        doc.kinds,
        doc.keys,
        doc.codes,
        doc.at_any("approx", "vague"),
    )
    if night is not None:
        ninfo = NightInfo(night=night, how="given")
    elif refs or any(doc.at(role) for role in _ABOUT_ATTACK):
        ninfo = resolve_night(doc.tokens, doc.ann, doc.spans, dates, published)
    else:
        # "Heavy rain is expected in Kyiv on Tuesday": no weapon, attack, outcome or casualty
        # word, so the document reports on no attack and the day it names is no night
        ninfo = NightInfo(how="no_attack")
    who = Speakers(doc, publisher, ninfo, work)
    corrected = who.voice.corrected
    ctx = FigureContext(doc, refs)
    weapon_of, of_totals = link_figures(doc, ctx, quants)
    figures = Figures(doc, ctx, who, weapon_of, of_totals)
    for idx, qm in enumerate(quants):
        figures.add(idx, qm)
    claims = drop_restated(figures.finish(refs), figures.headline_rounded(), figures.vague_mixed)
    claims = national_figures_source(claims, who.attribs)
    if ninfo.how in _DAY_HOWS and _period_figures_only(claims):
        ninfo = who.ninfo = NightInfo(how="period_only")
    claims.extend(_context_claims(doc, who, claims))
    flags: list[str] = [*ninfo.flags, *(("corrected",) if corrected else ())]
    claims = _checked(doc, claims, flags)
    first_who = next((c.attribution for c in claims if c.attribution), None) or (
        who.attribs[0][1] if who.attribs else who.voice.default_attribution
    )
    return ReadResult(
        claims=claims,
        flags=flags,
        language=_language(doc),
        night=ninfo.night,
        level=who.voice.level,
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


#: How a night was found when no night word said it: a weekday, a date, "today".
_DAY_HOWS = frozenset({"weekday", "date", "daytime", "relative:day", "relative:yesterday"})


def _period_figures_only(claims: list[Claim]) -> bool:
    """ "… 1,200 drones … and 40 missiles against Ukraine this week alone, Zelensky said on
    Sunday": every figure is a period's (``period:…``), so the day of the statement is no
    night any figure belongs to."""
    counts = [c for c in claims if c.kind == ClaimKind.COUNT]
    return bool(counts) and all((c.qualifier or "").startswith("period") for c in counts)


def _context_claims(doc: Doc, who: Speakers, claims: list[Claim]) -> list[Claim]:
    """Places, targets and comparisons, only in documents about an attack."""
    about_attack = bool(doc.at("attack") or doc.at("cue")) or any(
        c.kind == ClaimKind.COUNT for c in claims
    )
    out: list[Claim] = []
    if not about_attack:
        return out
    for i0, i1, pid, role, oblast, macro in _place_mentions(doc):
        b = who.base(i0, doc.starts[i0], doc.ends[i1 - 1])
        detail = {"role": role, "oblast": oblast, "macro_region": macro}
        out.append(
            make_claim(b, kind=ClaimKind.PLACE, place=pid, qualifier=f"role:{role}", detail=detail)
        )
    out.extend(_one_person_claim(doc, who, claims))
    seen_targets: set[str] = set()
    for i0, c0, c1, cat in find_targets(doc):
        if cat in seen_targets:
            continue
        seen_targets.add(cat)
        out.append(make_claim(who.base(i0, c0, c1), kind=ClaimKind.TARGET, target_category=cat))
    for i0, i1, qual, scope in find_records(doc):
        b = who.base(i0, doc.starts[i0], doc.ends[i1 - 1])
        detail = {"scope": scope} if scope else {}
        out.append(make_claim(b, kind=ClaimKind.PHRASE, qualifier=qual, detail=detail))
    return out


def _place_mentions(doc: Doc) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """One mention per place: the first, or the first that is no interception place when
    there is one ("збила вісім цілей на території Хмельницької області" and later a fire in
    the same oblast: a place hit, as the evaluator and the ledger count it)."""
    chosen: dict[str, tuple[int, int, str, str, str | None, str | None]] = {}
    for m in find_places(doc):
        got = chosen.get(m[2])
        if got is None or (got[3] == "interception" and m[3] != "interception"):
            chosen[m[2]] = m
    return list(chosen.values())  # in the order of first mentions


def _one_person_claim(doc: Doc, who: Speakers, claims: list[Claim]) -> list[Claim]:
    """ "a man was injured": one casualty claim of 1 (or one per person named in the
    sentence), unless a numbered casualty figure already gave that kind (the person is then
    most likely one of them)."""
    got = one_person(doc)
    if got is None:
        return []
    i0, i1, kind, n = got
    if any(c.kind == ClaimKind.CASUALTIES and getattr(c, kind) is not None for c in claims):
        return []
    b = who.base(i0, doc.starts[i0], doc.ends[i1 - 1])
    q = Quantity(float(n), float(n), float(n))
    if kind == "killed":
        return [make_claim(b, kind=ClaimKind.CASUALTIES, killed=q)]
    return [make_claim(b, kind=ClaimKind.CASUALTIES, injured=q)]


def _checked(doc: Doc, claims: list[Claim], flags: list[str]) -> list[Claim]:
    """Relations between figures, class inference, totals and the arithmetic checks (their
    flags go on every count claim and on the document), then span order."""
    claims = apply_relations(doc, claims, derive)
    claims = _infer_missile_class(_drop_repeated_generic(claims))
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
    return claims


def _drop_repeated_generic(claims: list[Claim]) -> list[Claim]:
    """ "Russia fired 12 ballistic missiles … Of the 12 missiles, four …": a generic missile
    launch figure after the document's one specific missile launch figure, of the same value,
    refers back to it (it is no second launch of an unknown class)."""
    count, launch, unknown = ClaimKind.COUNT, Outcome.LAUNCHED, WeaponClass.UNKNOWN_MISSILE
    launches = [c for c in claims if c.kind == count and c.outcome == launch and c.quantity]
    specific = [
        c for c in launches if c.weapon_class in MISSILE_FAMILY and c.weapon_class != unknown
    ]
    if len(specific) != 1 or specific[0].quantity is None:
        return claims
    first, value = specific[0], specific[0].quantity.value
    start = (first.span or (0, 0))[0]
    repeats = {
        id(c)
        for c in launches
        if c.weapon_class == unknown
        and c.quantity is not None
        and c.quantity.value == value
        and value is not None
        and (c.span or (0, 0))[0] > start
        and c.qualifier is None
    }
    return [c for c in claims if id(c) not in repeats] if repeats else claims


def _infer_missile_class(claims: list[Claim]) -> list[Claim]:
    """ "Збито 3 ракети" after only ballistic missiles were launched: the generic figure is of
    that class. Only when every specific missile launched in the document is of one class."""
    count, launch, unknown = ClaimKind.COUNT, Outcome.LAUNCHED, WeaponClass.UNKNOWN_MISSILE
    launched = {
        c.weapon_class
        for c in claims
        if c.kind == count
        and c.outcome == launch
        and c.weapon_class in MISSILE_FAMILY
        and c.weapon_class != unknown
    }
    generic_launched = any(
        c.kind == count and c.outcome == launch and c.weapon_class == unknown for c in claims
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
