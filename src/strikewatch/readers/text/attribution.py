"""Who states a figure, how sure they are, and what kind of source the document is.

Attribution is looked for in the claim's sentence (before or after the figure: "the Air Force
said"), then in the list header, then falls back to the document's voice: an Air Force report
speaks for the Air Force, an opinion piece for its author. One side's claims ("Kyiv alleges",
"according to the Russian Ministry of Defence") make a claim *alleged*; hedges ("reportedly",
"за попередніми даними") lower the status by one step.
"""

from __future__ import annotations

from dataclasses import dataclass

from strikewatch.domain import Claim, ClaimKind, SourceLevel, Status
from strikewatch.readers.text.build import evolve
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


#: Publisher words of each kind of source (matched inside the lower-cased publisher name).
_AF_PUBLISHERS = ("air force", "повітряні сили", "kpszsu", "пс зсу")
_OPINION_PUBLISHERS = ("opinion", "blog", "column", "comment", "reddit")
_OFFICIAL_PUBLISHERS = (
    "ministry",
    "міністерство",
    "president",
    "офіс",
    "ова",
    "military administration",
    "gov.ua",
    "government",
)


def document_voice(doc: Doc, publisher: str | None) -> Voice:
    """The document's level and default speaker, from its publisher and its wording.

    Runs on every read, so each marker list is searched only when its answer can still
    matter (no publisher: no publisher word can match; the Air Force markers only decide a
    document without one), with ``map`` of the bound ``__contains__`` (substring search in
    C, no generator frame per marker; regex alternations of literals are slower here)."""
    head = doc.low[:6000]
    pub = (publisher or "").lower()
    corrected = any(map(doc.low[:800].__contains__, CORRECTION_MARKERS))
    if pub and any(map(pub.__contains__, _AF_PUBLISHERS)):
        return Voice(SourceLevel.NATIONAL_COMMAND, "Ukrainian Air Force", corrected)
    opinion = sum(map(head.__contains__, OPINION_MARKERS)) + head.count("?") // 3
    if opinion >= 2 or (pub and any(map(pub.__contains__, _OPINION_PUBLISHERS))):
        return Voice(SourceLevel.COMMENTARY, "author", corrected)
    if not pub and any(map(head.__contains__, AF_REPORT_MARKERS)):
        return Voice(SourceLevel.NATIONAL_COMMAND, "Ukrainian Air Force", corrected)
    if pub and any(map(pub.__contains__, _OFFICIAL_PUBLISHERS)):
        return Voice(SourceLevel.OFFICIAL, publisher, corrected)
    return Voice(SourceLevel.MEDIA, None, corrected)


#: A ministry named without its side (``vocab/voice.yaml``)
_SIDELESS_MOD = "defence ministry"
_RU_MOD = "Russian Ministry of Defence"


def attributions(doc: Doc) -> list[tuple[int, str, str]]:
    """(token index, who, stance) of every attribution phrase. "the Defense Ministry" with
    no side is the Russian MoD in a sentence giving the Russian side's figures ("Russian air
    defenses intercepted 105 Ukrainian drones …, the Defense Ministry reported"), else it
    names no speaker (a Ukrainian report's ministry is not guessed)."""
    out: list[tuple[int, str, str]] = []
    for i in doc.at("attrib"):  # sorted
        who, stance = doc.ann[i]["attrib"][1]
        if who == _SIDELESS_MOD:
            if doc.sid[i] not in doc.sentences_with("over_russia"):
                continue
            who = _RU_MOD
        if out and who == _RMA and out[-1][1] == _GOVERNOR and i - out[-1][0] <= 3:
            out.pop()  # "очільник Запорізької ОВА": the head of the administration named
        out.append((i, who, stance))
    return out


#: "очільник" / "governor" right before the administration it heads ("очільник Сумської ОВА
#: Олег Григоров") is that administration speaking, as the labels and the Air Force name it
_GOVERNOR, _RMA = "regional governor", "regional military administration"


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


_AIR_FORCE, _KYIV = "Ukrainian Air Force", "Kyiv"


def national_figures_source(
    claims: list[Claim], attribs: list[tuple[int, str, str]]
) -> list[Claim]:
    """Weapon figures a story gives as "Ukraine says" / "the Ukrainian military said" are the
    Air Force's when the story names the Air Force as a speaker too ("Ukraine says it downed
    69 drones … the Ukrainian air force said on Saturday"): the Air Force publishes the
    national figures, and the wire's "Ukraine" is its paraphrase. Only weapon counts Kyiv
    states (not what Kyiv alleges, not casualties or places: officials give those)."""
    if not any(a[1] == _AIR_FORCE for a in attribs):
        return claims
    return [
        evolve(c, attribution=_AIR_FORCE)
        if c.kind == ClaimKind.COUNT and c.attribution == _KYIV and c.status != Status.ALLEGED
        else c
        for c in claims
    ]
