"""Who states a figure, how sure they are, and what kind of source the document is.

Attribution is looked for in the claim's sentence (before or after the figure: "the Air Force
said"), then in the list header, then falls back to the document's voice: an Air Force report
speaks for the Air Force, an opinion piece for its author. One side's claims ("Kyiv alleges",
"according to the Russian Ministry of Defence") make a claim *alleged*; hedges ("reportedly",
"за попередніми даними") lower the status by one step.
"""

from __future__ import annotations

from dataclasses import dataclass

from strikewatch.domain import SourceLevel, Status
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import AF_REPORT_MARKERS, CORRECTION_MARKERS, OPINION_MARKERS

_LOWER = {
    Status.OFFICIAL: Status.REPORTED,
    Status.REPORTED: Status.ALLEGED,
    Status.ALLEGED: Status.ALLEGED,
    Status.DISPUTED: Status.DISPUTED,
}


@dataclass(slots=True)
class Voice:
    level: SourceLevel
    default_attribution: str | None
    corrected: bool


def document_voice(doc: Doc, publisher: str | None) -> Voice:
    head = doc.low[:6000]
    pub = (publisher or "").lower()
    # substring tests (fast search in C); regex alternations of literals are slower here
    # (``map`` of the bound ``__contains__``: no generator frame per marker, on every read)
    af = 1 if any(map(head.__contains__, AF_REPORT_MARKERS)) else 0
    opinion = sum(map(head.__contains__, OPINION_MARKERS)) + head.count("?") // 3
    top = doc.low[:800]
    corrected = any(map(top.__contains__, CORRECTION_MARKERS))
    if any(k in pub for k in ("air force", "повітряні сили", "kpszsu", "пс зсу")):
        return Voice(SourceLevel.NATIONAL_COMMAND, "Ukrainian Air Force", corrected)
    if any(k in pub for k in ("opinion", "blog", "column", "comment", "reddit")) or opinion >= 2:
        return Voice(SourceLevel.COMMENTARY, "author", corrected)
    if af >= 1 and not pub:
        return Voice(SourceLevel.NATIONAL_COMMAND, "Ukrainian Air Force", corrected)
    if any(
        k in pub
        for k in (
            "ministry",
            "міністерство",
            "president",
            "офіс",
            "ова",
            "military administration",
            "gov.ua",
            "government",
        )
    ):
        return Voice(SourceLevel.OFFICIAL, publisher, corrected)
    return Voice(SourceLevel.MEDIA, None, corrected)


def attributions(doc: Doc) -> list[tuple[int, str, str]]:
    """(token index, who, stance) of every attribution phrase."""
    out = []
    for i in doc.at("attrib"):  # sorted
        who, stance = doc.ann[i]["attrib"][1]
        out.append((i, who, stance))
    return out


def claim_status(
    level: SourceLevel, stance: str | None, alleging: bool, hedged: bool, who: str | None
) -> Status:
    """The status of a claim from the document's level and the speaker's stance (``who``
    does not change it). A few dozen combinations exist, so the answer is memoised."""
    key = (level, stance, alleging, hedged)
    got = _STATUS.get(key)
    if got is None:
        got = _STATUS[key] = _status(level, stance, alleging, hedged)
    return got


_STATUS: dict[tuple[SourceLevel, str | None, bool, bool], Status] = {}


def _status(level: SourceLevel, stance: str | None, alleging: bool, hedged: bool) -> Status:
    if stance == "alleged" or alleging:
        status = Status.ALLEGED
    elif level == SourceLevel.NATIONAL_COMMAND or (
        level == SourceLevel.OFFICIAL and stance == "official"
    ):
        status = Status.OFFICIAL
    else:
        status = Status.REPORTED
    if hedged:
        status = _LOWER[status]
    return status


def level_for(voice: Voice, first_attribution: str | None) -> SourceLevel:
    return voice.level
