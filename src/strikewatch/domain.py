"""The vocabulary every layer shares: sources, claims, quantities, nights and weapon classes.

This module does no I/O so that readers, the ledger, the resolver and the analyses can all
depend on it without depending on each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")


class WeaponClass(StrEnum):
    """Weapon classes; the values are the snake_case ids used in JSON output."""

    STRIKE_DRONE = "strike_drone"
    RECON_DRONE = "recon_drone"
    LOITERING_MUNITION = "loitering_munition"
    CRUISE_MISSILE = "cruise_missile"
    BALLISTIC_MISSILE = "ballistic_missile"
    AEROBALLISTIC_MISSILE = "aeroballistic_missile"
    ANTI_SHIP_MISSILE = "anti_ship_missile"
    ANTI_RADAR_MISSILE = "anti_radar_missile"
    GUIDED_BOMB = "guided_bomb"
    UNKNOWN_MISSILE = "unknown_missile"
    UNKNOWN_DRONE = "unknown_drone"
    MIXED = "mixed"


MISSILE_CLASSES: frozenset[WeaponClass] = frozenset(
    {
        WeaponClass.CRUISE_MISSILE,
        WeaponClass.BALLISTIC_MISSILE,
        WeaponClass.AEROBALLISTIC_MISSILE,
        WeaponClass.ANTI_SHIP_MISSILE,
        WeaponClass.ANTI_RADAR_MISSILE,
        WeaponClass.UNKNOWN_MISSILE,
    }
)
DRONE_CLASSES: frozenset[WeaponClass] = frozenset(
    {
        WeaponClass.STRIKE_DRONE,
        WeaponClass.RECON_DRONE,
        WeaponClass.LOITERING_MUNITION,
        WeaponClass.UNKNOWN_DRONE,
    }
)


#: The count kinds used by ``top``, ``analyze rank``, the claim checker and ``--class``.
#: drones: strike drones (Shahed/Geran family and decoys) as the national command counts them.
#: missiles: every missile class. ballistic: ballistic + aeroballistic (Kinzhal).
#: cruise: cruise + anti-ship cruise missiles (Kalibr, Kh-101, Oniks, Zircon).
#: total: drones + missiles.
COUNT_KINDS: tuple[str, ...] = ("drones", "missiles", "ballistic", "cruise", "total")

#: Other spellings of a count kind on the command line: the weapon class a kind counts
#: exactly (``drones`` counts strike drones and nothing else) and singulars.
COUNT_KIND_ALIASES: dict[str, str] = {
    "strike_drone": "drones",
    "drone": "drones",
    "missile": "missiles",
    "all": "total",
}


def count_kind(value: str, option: str = "--by") -> str:
    """The count kind a ``--by`` value names: a kind or one of its aliases, any case, ``-``
    for ``_``. Anything else is an InputError that lists every accepted word."""
    from strikewatch.errors import InputError

    word = value.strip().lower().replace("-", "_")
    kind = COUNT_KIND_ALIASES.get(word, word)
    if kind not in COUNT_KINDS:
        accepted = [*COUNT_KINDS, *COUNT_KIND_ALIASES]
        raise InputError(f"unknown count {value!r}; one of {', '.join(accepted)}", field=option)
    return kind


def count_or_class(value: str, option: str = "--class") -> str:
    """What a ``--class`` value names: a count kind (``drones``, ``missiles``, …, or an alias)
    or a weapon class id (``recon_drone``). The same words as ``--by``, plus the classes a
    kind has no word for. Anything else is an InputError listing both."""
    from strikewatch.errors import InputError

    word = value.strip().lower().replace("-", "_")
    if word in {c.value for c in WeaponClass} and word not in COUNT_KIND_ALIASES:
        return word
    try:
        return count_kind(value, option)
    except InputError:
        classes = [c.value for c in WeaponClass if c.value not in COUNT_KIND_ALIASES]
        raise InputError(
            f"unknown count or weapon class {value!r}; a count: "
            f"{', '.join([*COUNT_KINDS, *COUNT_KIND_ALIASES])}; a class: {', '.join(classes)}",
            field=option,
        ) from None


class Outcome(StrEnum):
    """What a count claim counts.

    ``hit`` and ``debris`` count *locations* (the Air Force reports "hits at N locations"),
    not weapons; ``crossed_border`` counts weapons that flew into a neighbouring state.
    """

    LAUNCHED = "launched"
    DESTROYED = "destroyed"
    LOST_EW = "lost_ew"
    HIT = "hit"
    STILL_AIRBORNE = "still_airborne"
    DEBRIS = "debris"
    CROSSED_BORDER = "crossed_border"


class ClaimKind(StrEnum):
    COUNT = "count"
    CASUALTIES = "casualties"
    PLACE = "place"
    TARGET = "target"
    PHRASE = "phrase"


class SourceLevel(StrEnum):
    """How close a source is to the primary observer; drives precedence in the resolver."""

    NATIONAL_COMMAND = "national_command"
    REGIONAL_COMMAND = "regional_command"
    OFFICIAL = "official"  # other government statements (ministers, president, regional heads)
    MEDIA = "media"
    COMMENTARY = "commentary"
    SYNTHETIC = "synthetic"


class Status(StrEnum):
    """How much a resolved figure (or a claim) can be trusted."""

    OFFICIAL = "official"  # backed by a national command report
    REPORTED = "reported"  # media or regional command only
    ALLEGED = "alleged"  # attributed to one side, unconfirmed, or hedged
    DISPUTED = "disputed"  # sources disagree beyond their ranges


class TargetCategory(StrEnum):
    ENERGY = "energy"
    GAS = "gas"
    INDUSTRY = "industry"
    RAIL_LOGISTICS = "rail_logistics"
    RESIDENTIAL = "residential"
    CIVILIAN_INFRASTRUCTURE = "civilian_infrastructure"
    MILITARY = "military"
    COMPANY = "company"  # a named company or a foreign-linked facility


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with honest bounds: ``value`` is None when only a range is known.

    ``low``/``high`` are None only when the bound itself is unknown (e.g. "at least 5" has
    no upper bound).
    """

    value: float | None
    low: float | None
    high: float | None
    approx: bool = False

    @classmethod
    def exact(cls, value: float) -> Quantity:
        return cls(value, value, value, False)

    @classmethod
    def about(cls, value: float) -> Quantity:
        """ "About N": N ± 5%, the margin rounded to 10 from 100 up (about 450 → 430..470)."""
        margin = value * 0.05
        margin = max(10.0, round(margin / 10) * 10) if value >= 100 else max(1.0, round(margin))
        return cls(value, max(0.0, value - margin), value + margin, True)

    def overlaps(self, other: Quantity) -> bool:
        """True when the two ranges share at least one value (None bound = open)."""
        lo_a = self.low if self.low is not None else float("-inf")
        hi_a = self.high if self.high is not None else float("inf")
        lo_b = other.low if other.low is not None else float("-inf")
        hi_b = other.high if other.high is not None else float("inf")
        return lo_a <= hi_b and lo_b <= hi_a


@dataclass(frozen=True, slots=True)
class Source:
    """One document: a dataset row's post, an Air Force report, a news article."""

    kind: str  # "dataset_row", "report", "article", "synthetic_row"
    level: SourceLevel
    content_hash: str
    publisher: str | None = None
    url: str | None = None
    published: dt.datetime | None = None  # UTC
    language: str | None = None
    title: str | None = None
    text: str | None = None
    #: What report this is a reading of (publisher + window + models + post for a dataset
    #: row, ``t.me/CHANNEL/ID`` for a post, the canonical URL for an article). Readings with
    #: the same key and different content are revisions of one report, never two reports.
    identity_key: str | None = None


@dataclass(slots=True, eq=True)
class Claim:
    """One figure or fact a source states. Claims are never edited; a correction is a new claim.

    Not a frozen dataclass on purpose: readers build millions of claims and a frozen
    ``__init__`` costs about three times as much. Immutability is enforced where it matters,
    in the ledger (append-only rows keyed by content hash).
    """

    kind: ClaimKind
    reader: str
    reader_version: str
    weapon_class: WeaponClass | None = None
    model: str | None = None
    outcome: Outcome | None = None
    quantity: Quantity | None = None
    night: dt.date | None = None
    window_start: dt.datetime | None = None  # UTC
    window_end: dt.datetime | None = None  # UTC
    place: str | None = None  # catalog place id
    target_category: TargetCategory | None = None
    killed: Quantity | None = None
    injured: Quantity | None = None
    attribution: str | None = None
    status: Status = Status.REPORTED
    hedged: bool = False
    is_total: bool = False
    qualifier: str | None = None  # e.g. "region:west", "real_shahed", "turbojet", "launch_place"
    span: tuple[int, int] | None = None
    text: str | None = None
    row_number: int | None = None
    flags: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)

    def identity(self, source_hash: str) -> str:
        """A stable hash that makes re-importing the same claim a no-op.

        The row number is deliberately left out: a newer copy of the dataset shifts rows,
        and the same row must still be recognised as already stored.
        """
        what, where = claim_key_parts(self)
        return claim_identity(
            f"{source_hash}\x1f", what, f"\x1f{self.night}\x1f", where,
            f"\x1f{self.reader}\x1f{self.reader_version}",
        )  # fmt: skip


class ClaimFields(Protocol):
    """What a claim's identity is made of apart from its source, night and reader: a
    :class:`Claim`, or the columnar import's claim without its row (``claimrows.ClaimSpec``)."""

    kind: ClaimKind
    weapon_class: WeaponClass | None
    model: str | None
    outcome: Outcome | None
    quantity: Quantity | None
    place: str | None
    target_category: TargetCategory | None
    qualifier: str | None
    span: tuple[int, int] | None
    killed: Quantity | None
    injured: Quantity | None


def claim_key_parts(claim: ClaimFields) -> tuple[str, str]:
    """The two spans of a claim's identity key that do not depend on its row: what it counts
    (kind … amount) and where and how (place … injured). The columnar import computes them
    once per distinct claim and reuses them for every row that states it."""
    q = claim.quantity
    amount = None if q is None else (q.value, q.low, q.high)
    what = f"{claim.kind}\x1f{claim.weapon_class}\x1f{claim.model}\x1f{claim.outcome}\x1f{amount}"
    where = (
        f"{claim.place}\x1f{claim.target_category}\x1f{claim.qualifier}\x1f{claim.span}"
        f"\x1f{claim.killed}\x1f{claim.injured}"
    )
    return what, where


def claim_identity(source: str, what: str, night: str, where: str, reader: str) -> str:
    """The claim hash of a key given as five spans: the source hash, what (of
    :func:`claim_key_parts`), the night, where, and reader and version, each with its unit
    separators (see :meth:`Claim.identity`)."""
    key = "".join((source, what, night, where, reader))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class WaveKind(StrEnum):
    """The kinds of attack wave (docs/decisions.md, "Attack waves")."""

    OVERNIGHT = "overnight"
    DAYTIME = "daytime"
    MULTI_DAY = "multi-day"


#: Wave kinds that make up a *night* (the unit ``night``): a multi-day window contains the
#: night it ends with and is the command's morning report for it.
NIGHT_KINDS: frozenset[str] = frozenset({WaveKind.OVERNIGHT, WaveKind.MULTI_DAY})
#: An overnight window that ends before this hour belongs to that morning's date.
MORNING_END_HOUR = 15
#: A window starting at or after this hour and ending the same date is a daytime wave.
DAYTIME_START_HOUR = 7


def wave_label(
    start_local: dt.datetime | None, end_local: dt.datetime, *, end_timed: bool = True
) -> tuple[dt.date, WaveKind]:
    """The label (a Kyiv date) and kind of one report window, from Kyiv-local times.

    * kind: ``multi-day`` if longer than 24 h; ``daytime`` if it starts at/after 07:00 and
      ends on the same date; else ``overnight``.
    * label: the date on which the window mostly took place, except that a window crossing
      midnight and ending before 15:00 takes the end (morning) date. So a wave that starts
      after midnight or a daytime wave keeps its own date, and a daytime wave is never merged
      into the next night (2024-08-26 03:00→18:00 is 2024-08-26).
    * ``start_local`` None (a date-only start) or a date-only end (``end_timed`` False): the
      window is the command's report for the end date, an ``overnight`` wave labelled with
      that date (date-only rows are the morning/daily summaries of the source).
    """
    if start_local is None or not end_timed:
        return end_local.date(), WaveKind.OVERNIGHT
    if end_local - start_local > dt.timedelta(hours=24):
        kind = WaveKind.MULTI_DAY
    elif start_local.date() == end_local.date() and start_local.hour >= DAYTIME_START_HOUR:
        kind = WaveKind.DAYTIME
    else:
        kind = WaveKind.OVERNIGHT
    if start_local.date() == end_local.date():
        return start_local.date(), kind
    if end_local.hour < MORNING_END_HOUR:
        return end_local.date(), kind
    return _mostly_on(start_local, end_local), kind


def _mostly_on(start: dt.datetime, end: dt.datetime) -> dt.date:
    """The date holding the largest part of [start, end) (ties: the later date)."""
    best, best_len = end.date(), dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        lo = max(start, dt.datetime.combine(day, dt.time()))
        hi = min(end, dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
        if hi - lo >= best_len:
            best, best_len = day, hi - lo
        day += dt.timedelta(days=1)
    return best


def night_of(
    window_end_local: dt.datetime, window_start_local: dt.datetime | None = None
) -> dt.date:
    """The label for a report window, from Kyiv-local times.

    With a start, this is :func:`wave_label`'s label. With only an end (a report's
    publication time, as the text reader has), a time before 15:00 speaks of the night that
    ended that morning and a later time of the coming night.
    """
    if window_start_local is not None:
        return wave_label(window_start_local, window_end_local)[0]
    end_date = window_end_local.date()
    if window_end_local.hour >= MORNING_END_HOUR:
        return end_date + dt.timedelta(days=1)
    return end_date


def to_utc(local: dt.datetime) -> dt.datetime:
    """Kyiv-local naive time → aware UTC."""
    return local.replace(tzinfo=KYIV).astimezone(dt.UTC)


def content_hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


class EventKind(StrEnum):
    DIPLOMACY = "diplomacy"
    UKRAINE_DEEP_STRIKE = "ukraine_deep_strike"
    SANCTIONS = "sanctions"
    CEASEFIRE = "ceasefire"
    AIR_DEFENSE_AID = "air_defense_aid"
    ENERGY = "energy"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ContextEvent:
    """A dated diplomatic, ceasefire, deep-strike, aid or sanctions event."""

    date: dt.date
    kind: EventKind
    title: str
    end_date: dt.date | None = None
    actors: tuple[str, ...] = ()
    source_url: str | None = None
    note: str | None = None
    origin: str = "package"  # "package" for the curated default list, else the imported file name
    verified: bool = True

    def identity(self) -> str:
        return content_hash(self.date.isoformat(), self.kind, self.title)
