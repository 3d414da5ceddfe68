"""The attribution pass: who speaks for each figure, with what stance, hedged or not, and
the fields every claim of a document shares (``base``).

Rules (unchanged from the single-function reader): the nearest attribution in the figure's
sentence or its list header; else an official document's first attribution; else the
document's default voice (the Air Force for its own posts); else, for media, the last
attribution before the figure, the first in the document, or the publisher. Answers are
memoised per sentence when they cannot depend on the mention's place in it: the sentence
names one speaker, or none and its list header at most one.
"""

from __future__ import annotations

import bisect
from typing import Any

from strikewatch.domain import SourceLevel, Status
from strikewatch.readers.text import attribution as attr
from strikewatch.readers.text.dates import NightInfo
from strikewatch.readers.text.doc import Doc

READER = "text"
VERSION = "0.2.0"

Who = tuple[str | None, str | None, bool, bool]
#: What ``Speakers.base`` returns, field by field (the ``Claim`` fields of those names).
BASE_FIELDS = (
    "night", "window_start", "window_end", "attribution", "status", "hedged", "span", "text",
    "flags",
)  # fmt: skip
Base = tuple[Any, ...]
#: bound once (an enum member look-up is a descriptor call on Python 3.11)
_OFFICIAL, _NATIONAL = SourceLevel.OFFICIAL, SourceLevel.NATIONAL_COMMAND


class Speakers:
    """Per-document attribution look-ups (built once per document)."""

    def __init__(self, doc: Doc, publisher: str | None, ninfo: NightInfo, work: str) -> None:
        self.doc = doc
        self.publisher = publisher
        self.voice = attr.document_voice(doc, publisher)
        self.attribs = attr.attributions(doc)
        self.pos = [a[0] for a in self.attribs]
        self.ninfo = ninfo
        self.work = work
        #: a corrected report ("Уточнена інформація") marks every claim it makes
        self.claim_flags: tuple[str, ...] = ("corrected",) if self.voice.corrected else ()
        #: the sentences with a hedge, and with an alleging verb (see ``_flags``)
        #: sentences that open by pointing back ("Об этом сообщил мэр …"): see ``who_for``
        self.report_back = doc.sentences_with("report_back")
        self.hedges = doc.sentences_with("hedge")
        self.alleges = doc.sentences_with("allege")
        self.memo: dict[tuple[int, int], tuple[str | None, Status, bool]] = {}
        # Who speaks for a sentence does not depend on the figure's position when neither
        # the sentence nor its list header names anyone and the document has a default voice.
        self.fixed = self.voice.default_attribution is not None or (
            self.voice.level == SourceLevel.OFFICIAL and bool(self.attribs)
        )

    def _flags(self, sents: list[int]) -> tuple[bool, bool]:
        """(hedged, alleging) over the sentences: a hedge or an alleging verb in any."""
        return not self.hedges.isdisjoint(sents), not self.alleges.isdisjoint(sents)

    def who_for(self, i0: int) -> Who:
        """(attribution, stance, hedged, alleging) for a mention at token i0."""
        doc, attribs, pos, voice = self.doc, self.attribs, self.pos, self.voice
        s = doc.sid[i0]
        h = doc.header_of[s]
        sents = [s, h] if h >= 0 else [s]
        hedged, alleging = self._flags(sents)
        if self.report_back and s + 1 in self.report_back:
            back = self._reported_back(s + 1)
            if back is not None:
                return back[1], back[2], hedged, alleging
        for ss in sents:
            a0, a1 = doc.sentences[ss]
            lo, hi = bisect.bisect_left(pos, a0), bisect.bisect_left(pos, a1)
            if hi > lo:  # nearest attribution in the sentence; a speaker before an actor
                here = attribs[lo:hi]
                if hi - lo > 1:
                    here = [a for a in here if a[2] != "actor"] or here
                best = min(here, key=lambda a: abs(a[0] - i0))
                return best[1], best[2], hedged, alleging
        if voice.level == _OFFICIAL and attribs:
            return attribs[0][1], attribs[0][2], hedged, alleging
        if voice.default_attribution is not None:
            official = voice.level in (_NATIONAL, _OFFICIAL)
            return voice.default_attribution, "official" if official else None, hedged, alleging
        # a media article: the first attribution before this point in the document
        lo = bisect.bisect_left(pos, i0) - 1
        if lo >= 0:
            stance = attribs[lo][2] if attribs[lo][2] == "official" else None
            return attribs[lo][1], stance, hedged, alleging
        if attribs:
            return attribs[0][1], None, hedged, alleging
        return self.publisher, None, hedged, alleging

    def _reported_back(self, s: int) -> tuple[int, str, str] | None:
        """The speaker of sentence ``s`` when it opens by pointing back ("Об этом сообщил в
        своем канале мэр Москвы Сергей Собянин"): the first attribution after the opening
        phrase, which must stand within the sentence's first two tokens."""
        doc = self.doc
        a0, a1 = doc.sentences[s]
        if not doc.has("report_back", a0, min(a1, a0 + 2)):
            return None
        lo, hi = bisect.bisect_left(self.pos, a0), bisect.bisect_left(self.pos, a1)
        return self.attribs[lo] if hi > lo else None

    def _attribs_in(self, a0: int, a1: int) -> int:
        return bisect.bisect_left(self.pos, a1) - bisect.bisect_left(self.pos, a0)

    def speaker(self, i0: int) -> tuple[str | None, Status, bool]:
        """(attribution, status, hedged) of a mention at token i0, memoised when it can be."""
        doc = self.doc
        s = doc.sid[i0]
        key = (s, 0 if self.fixed else bisect.bisect_left(self.pos, i0))
        got = self.memo.get(key)
        if got is not None:
            return got
        who, stance, hedged, alleging = self.who_for(i0)
        got = (who, attr.claim_status(self.voice.level, stance, alleging, hedged, who), hedged)
        h = doc.header_of[s]
        # the answer does not depend on where in the sentence the mention is when the
        # sentence names one speaker, or none and its list header at most one
        here = self._attribs_in(*doc.sentences[s])
        if here == 1 or (here == 0 and (h < 0 or self._attribs_in(*doc.sentences[h]) <= 1)):
            self.memo[key] = got
        return got

    def base(self, i0: int, start: int, end: int) -> Base:
        """The fields every claim of a mention at token i0 spanning [start, end) shares, in
        the order of ``BASE_FIELDS`` (a tuple: built and read per claim, a dict of eleven
        entries cost more than the claim itself)."""
        who, status, hedged = self.speaker(i0)
        ninfo = self.ninfo
        return (
            ninfo.night,
            ninfo.window_start,
            ninfo.window_end,
            who,
            status,
            hedged,
            (start, end),
            self.work[start:end],
            self.claim_flags,
        )
