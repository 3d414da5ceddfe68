"""Claims → one resolved record per attack night, explainably.

How national and regional reports combine (docs/decisions.md, "Combining command levels"):

1. National-command rows (the Air Force's overnight report, the General Staff) are the
   night's primary figures. Distinct rows for the same night and model are *summed*: in the
   dataset each row is a separate report window (an overnight wave and a daytime wave, two
   Kinzhal salvos), never a copy of another.
2. A regional command (or other official/media row) reports its own sector of the same
   attack. For every weapon class the national command covers that night, regional figures
   are *supporting evidence only* and never added. Classes the national command is silent
   on that night (typically "Unknown UAV" and reconnaissance drones from Air Command South)
   become figures of their own, with status ``reported``.
3. Text claims (reports and articles) are compared with the dataset figure at the level they
   speak of (a model, a class, or "missiles"/"drones"); a claim whose range does not overlap
   the figure marks it ``disputed`` and both stay visible. On nights the dataset does not
   cover, text claims make the figures, the most authoritative source first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, delete, select

from strikewatch.domain import MISSILE_CLASSES, Outcome, SourceLevel, Status, WeaponClass
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.schema import attacks, claims, night_places, sources
from strikewatch.ledger.writes import bulk_insert
from strikewatch.plausibility import IMPLAUSIBLE
from strikewatch.tables import kinds_of

FIGURE_OUTCOMES: dict[str, str] = {
    Outcome.LAUNCHED: "launched",
    Outcome.DESTROYED: "destroyed",
    Outcome.LOST_EW: "lost_ew",
    Outcome.STILL_AIRBORNE: "still_airborne",
    Outcome.HIT: "hit_locations",
    Outcome.DEBRIS: "debris_locations",
}
_PRIMARY_QUALIFIERS = {None, "split", "group_total"}
_LEVEL_RANK = {
    SourceLevel.NATIONAL_COMMAND: 0,
    SourceLevel.OFFICIAL: 1,
    SourceLevel.REGIONAL_COMMAND: 2,
    SourceLevel.MEDIA: 3,
    SourceLevel.SYNTHETIC: 3,
    SourceLevel.COMMENTARY: 4,
}
_PLACE_ROLES = {
    "affected_region": "hit",
    "target_area": "target",
    "target_main": "target",
    "launch_place": "launch",
}


@dataclass
class _ClaimRow:
    id: int
    source_id: int
    reader: str
    level: str
    weapon_class: str | None
    components: str | None
    model: str | None
    outcome: str | None
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    is_total: bool
    status: str
    hedged: bool
    synthetic: bool
    window_start: dt.datetime | None
    window_end: dt.datetime | None


@dataclass
class _Figure:
    weapon_class: str
    components: str
    model: str
    values: dict[str, list[tuple[float | None, float | None, float | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    claim_ids: list[int] = field(default_factory=list)
    supporting: list[int] = field(default_factory=list)
    levels: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    synthetic: bool = False
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    disputes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, claim: _ClaimRow, column: str) -> None:
        self.values[column].append((claim.value, claim.low, claim.high))
        self.claim_ids.append(claim.id)
        self.levels.add(claim.level)
        self.statuses.add(claim.status)
        self.synthetic = self.synthetic or claim.synthetic
        if claim.window_start and (
            self.window_start is None or claim.window_start < self.window_start
        ):
            self.window_start = claim.window_start
        if claim.window_end and (self.window_end is None or claim.window_end > self.window_end):
            self.window_end = claim.window_end

    def total(self, column: str) -> tuple[float | None, float | None, float | None]:
        """Sum distinct reports; the value is unknown if any part's point value is unknown."""
        parts = self.values.get(column)
        if not parts:
            return (None, None, None)
        value: float | None = 0.0
        low: float | None = 0.0
        high: float | None = 0.0
        for v, lo, hi in parts:
            value = None if value is None or v is None else value + v
            low = None if low is None or lo is None else low + lo
            high = None if high is None or hi is None else high + hi
        return (value, low, high)

    def status(self) -> str:
        if self.disputes:
            return Status.DISPUTED
        if self.levels <= {SourceLevel.NATIONAL_COMMAND} and Status.ALLEGED not in self.statuses:
            return Status.OFFICIAL
        if Status.ALLEGED in self.statuses:
            return Status.ALLEGED
        return Status.REPORTED


def _classes(components: str | None, weapon_class: str | None) -> set[str]:
    if components:
        return {c for c in components.split(",") if c}
    return {weapon_class} if weapon_class else set()


def _load_claims(conn: Connection, nights: set[dt.date] | None) -> dict[dt.date, list[_ClaimRow]]:
    query = (
        select(
            claims.c.id,
            claims.c.source_id,
            claims.c.reader,
            claims.c.level,
            claims.c.weapon_class,
            claims.c.components,
            claims.c.model,
            claims.c.outcome,
            claims.c.value,
            claims.c.low,
            claims.c.high,
            claims.c.qualifier,
            claims.c.is_total,
            claims.c.status,
            claims.c.hedged,
            claims.c.synthetic,
            claims.c.window_start,
            claims.c.window_end,
            claims.c.night,
        )
        .where(claims.c.kind == "count")
        .where(claims.c.night.is_not(None))
        .where(_current_source())
        .where(claims.c.flags.is_(None) | ~cast(claims.c.flags, Text).contains(IMPLAUSIBLE))
    )
    by_night: dict[dt.date, list[_ClaimRow]] = defaultdict(list)
    if nights is not None:
        query = query.where(claims.c.night.between(min(nights), max(nights)))
    for row in conn.execute(query):
        if nights is None or row[-1] in nights:
            by_night[row[-1]].append(_ClaimRow(*row[:-1]))
    return by_night


def _current_source() -> Any:
    """Only the current, not withdrawn, reading of each report takes part in resolution."""
    current = select(sources.c.id).where(
        sources.c.superseded_by.is_(None), sources.c.withdrawn.is_(False)
    )
    return claims.c.source_id.in_(current)


def _text_kind_classes(claim: _ClaimRow) -> set[str]:
    """The classes a text claim speaks of ("missiles" with no class = every missile class)."""
    classes = _classes(claim.components, claim.weapon_class)
    generic = not classes or classes in ({WeaponClass.MIXED}, {WeaponClass.UNKNOWN_MISSILE})
    if generic and claim.weapon_class in (None, WeaponClass.MIXED, WeaponClass.UNKNOWN_MISSILE):
        return {str(c) for c in MISSILE_CLASSES}
    if classes == {WeaponClass.UNKNOWN_DRONE}:
        return {WeaponClass.STRIKE_DRONE, WeaponClass.UNKNOWN_DRONE}
    return classes


def resolve_night(night_claims: Sequence[_ClaimRow]) -> list[_Figure]:
    """Resolve one night's count claims into figures (pure; see the module docstring)."""
    dataset = [
        c
        for c in night_claims
        if c.reader in ("dataset", "synth") and c.qualifier in _PRIMARY_QUALIFIERS
    ]
    text = [
        c
        for c in night_claims
        if c.reader not in ("dataset", "synth")
        and c.qualifier in _PRIMARY_QUALIFIERS
        and c.outcome in FIGURE_OUTCOMES
    ]
    national_classes: set[str] = set()
    for c in dataset:
        if c.level == SourceLevel.NATIONAL_COMMAND:
            national_classes |= _classes(c.components, c.weapon_class)
    figures: dict[tuple[str, str], _Figure] = {}

    def figure_for(c: _ClaimRow, model: str | None = None) -> _Figure:
        key = (c.weapon_class or WeaponClass.MIXED, model or c.model or "all")
        if key not in figures:
            figures[key] = _Figure(
                weapon_class=key[0], components=c.components or key[0], model=key[1]
            )
        return figures[key]

    supporting: list[_ClaimRow] = []
    for c in dataset:
        column = FIGURE_OUTCOMES.get(c.outcome or "")
        if column is None:
            continue
        is_national = c.level == SourceLevel.NATIONAL_COMMAND
        if not is_national and _classes(c.components, c.weapon_class) & national_classes:
            supporting.append(c)
            continue
        if c.qualifier == "group_total":
            # The per-model split carries launched; the total stays as evidence only.
            figure_for(c).supporting.append(c.id)
            continue
        figure_for(c).add(c, column)
    for c in supporting:
        # Attach regional evidence to the national figure of the same class, for display.
        for fig in figures.values():
            if _classes(c.components, c.weapon_class) & _classes(fig.components, fig.weapon_class):
                fig.supporting.append(c.id)
                break

    if not figures and text:
        _figures_from_text(text, figures)
    else:
        _compare_text(text, figures)
    return list(figures.values())


def _figures_from_text(text: Sequence[_ClaimRow], figures: dict[tuple[str, str], _Figure]) -> None:
    """A night the dataset does not cover: the most authoritative source per figure wins."""
    by_key: dict[tuple[str, str, str], list[_ClaimRow]] = defaultdict(list)
    sources_with_models = {c.source_id for c in text if c.model}
    for c in text:
        if c.is_total and c.source_id in sources_with_models:
            continue  # per-model figures from the same report are used instead of its total
        key = (c.weapon_class or WeaponClass.MIXED, c.model or "all", str(c.outcome))
        by_key[key].append(c)
    for (weapon_class, model, outcome), group in by_key.items():
        group.sort(key=lambda c: (_LEVEL_RANK.get(SourceLevel(c.level), 9), c.hedged, c.id))
        best = group[0]
        fig = figures.setdefault(
            (weapon_class, model),
            _Figure(
                weapon_class=weapon_class, components=best.components or weapon_class, model=model
            ),
        )
        fig.add(best, FIGURE_OUTCOMES[outcome])
        for other in group[1:]:
            fig.supporting.append(other.id)
            if not _overlap((best.low, best.high), (other.low, other.high)):
                fig.disputes.append(
                    {
                        "claim_id": other.id,
                        "outcome": outcome,
                        "value": other.value,
                        "low": other.low,
                        "high": other.high,
                        "against": best.id,
                    }
                )


def _overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    lo_a = a[0] if a[0] is not None else float("-inf")
    hi_a = a[1] if a[1] is not None else float("inf")
    lo_b = b[0] if b[0] is not None else float("-inf")
    hi_b = b[1] if b[1] is not None else float("inf")
    return lo_a <= hi_b and lo_b <= hi_a


def _compare_text(text: Sequence[_ClaimRow], figures: dict[tuple[str, str], _Figure]) -> None:
    """Check text claims against the dataset figures at the level each claim speaks of."""
    for c in text:
        column = FIGURE_OUTCOMES[str(c.outcome)]
        if c.model and (c.weapon_class or WeaponClass.MIXED, c.model) in figures:
            targets = [figures[(c.weapon_class or WeaponClass.MIXED, c.model)]]
        else:
            wanted = _text_kind_classes(c)
            targets = [
                f for f in figures.values() if _classes(f.components, f.weapon_class) <= wanted
            ]
            if wanted & {str(cl) for cl in MISSILE_CLASSES} and len(wanted) > 1:
                kinds = kinds_of(wanted)
                targets = [
                    f for f in targets if kinds_of(_classes(f.components, f.weapon_class)) & kinds
                ]
        if not targets:
            continue
        totals = [f.total(column) for f in targets]
        known = [t for t in totals if t[0] is not None]
        for fig in targets:
            fig.supporting.append(c.id)
        if not known:
            continue
        low = sum(t[1] if t[1] is not None else t[0] for t in known)  # type: ignore[misc]
        high = sum(t[2] if t[2] is not None else t[0] for t in known)  # type: ignore[misc]
        if not _overlap((low, high), (c.low, c.high)):
            for fig in targets:
                fig.disputes.append(
                    {
                        "claim_id": c.id,
                        "outcome": str(c.outcome),
                        "value": c.value,
                        "low": c.low,
                        "high": c.high,
                        "figure_low": low,
                        "figure_high": high,
                    }
                )


def _attack_rows(night: dt.date, figures: Iterable[_Figure]) -> list[dict[str, Any]]:
    rows = []
    for fig in figures:
        row: dict[str, Any] = {
            "night": night,
            "weapon_class": fig.weapon_class,
            "components": fig.components,
            "model": fig.model,
            "status": fig.status(),
            "window_start": fig.window_start,
            "window_end": fig.window_end,
            "claim_ids": sorted(set(fig.claim_ids)),
            "explanation": {
                "supporting_claim_ids": sorted(set(fig.supporting) - set(fig.claim_ids)),
                "levels": sorted(fig.levels),
                "disputes": fig.disputes,
                "rule": "national command figures summed over distinct report windows; "
                "other levels add only classes the national command did not report",
            },
            "synthetic": fig.synthetic,
        }
        for column in ("launched", "destroyed"):
            value, low, high = fig.total(column)
            row[column], row[f"{column}_low"], row[f"{column}_high"] = value, low, high
        for column in ("lost_ew", "still_airborne", "hit_locations", "debris_locations"):
            row[column] = fig.total(column)[0]
        rows.append(row)
    return rows


def _place_rows(conn: Connection, nights: set[dt.date] | None) -> list[dict[str, Any]]:
    from strikewatch import catalog

    query = select(
        claims.c.id,
        claims.c.night,
        claims.c.place,
        claims.c.qualifier,
        claims.c.outcome,
        claims.c.synthetic,
    ).where(
        claims.c.kind == "place",
        claims.c.place.is_not(None),
        claims.c.night.is_not(None),
        _current_source(),
    )
    groups: dict[tuple[dt.date, str, str], list[int]] = defaultdict(list)
    synthetic: dict[tuple[dt.date, str, str], bool] = {}
    if nights is not None:
        query = query.where(claims.c.night.between(min(nights), max(nights)))
    for claim_id, night, place, qualifier, outcome, synth in conn.execute(query):
        if nights is not None and night not in nights:
            continue
        role = _PLACE_ROLES.get(qualifier or "", "hit" if outcome == Outcome.HIT else "mentioned")
        key = (night, place, role)
        groups[key].append(claim_id)
        synthetic[key] = synthetic.get(key, False) or bool(synth)
    return [
        {
            "night": night,
            "place": place,
            "macro_region": catalog.macro_region_of(place),
            "role": role,
            "n_claims": len(ids),
            "claim_ids": sorted(ids),
            "synthetic": synthetic[(night, place, role)],
        }
        for (night, place, role), ids in groups.items()
    ]


_RESOLVE_CHUNK = 2_000


def resolve_in(conn: Connection, nights: set[dt.date] | None = None) -> int:
    """Rebuild the derived tables for ``nights`` (all nights when None) inside ``conn``'s transaction.

    Nights are resolved in chunks so memory stays flat however large the ledger is.
    """
    if nights is None:
        conn.execute(delete(attacks))
        conn.execute(delete(night_places))
        targets = sorted(
            n
            for (n,) in conn.execute(
                select(claims.c.night).where(claims.c.night.is_not(None)).distinct()
            )
        )
    else:
        targets = sorted(nights)
    for start in range(0, len(targets), _RESOLVE_CHUNK):
        chunk = targets[start : start + _RESOLVE_CHUNK]
        chunk_set = set(chunk)
        if nights is not None:
            for part in range(0, len(chunk), 500):
                sub = chunk[part : part + 500]
                conn.execute(delete(attacks).where(attacks.c.night.in_(sub)))
                conn.execute(delete(night_places).where(night_places.c.night.in_(sub)))
        by_night = _load_claims(conn, chunk_set)
        rows: list[dict[str, Any]] = []
        for night in chunk:
            rows += _attack_rows(night, resolve_night(by_night.get(night, [])))
        bulk_insert(conn, attacks, rows)
        bulk_insert(conn, night_places, _place_rows(conn, chunk_set))
    return len(targets)


def resolve_nights(engine: Engine, nights: set[dt.date] | None = None) -> int:
    """Re-resolve ``nights`` (all when None) in one transaction; returns how many nights."""
    with write_transaction(engine) as conn:
        return resolve_in(conn, nights)
