"""Claims → attack waves and one resolved figure per (wave, class, model), explainably.

Waves (docs/decisions.md, "Attack waves"): every claim carries the label of its own report
window (``domain.wave_label``). Within one label, the national command's report windows are
the waves: rows of the same window (different models) are one wave, and windows of the same
kind that overlap (one morning report giving drones 17:00→09:30 and missiles 17:00→08:30)
are one wave whose window is their union. A daytime wave is never merged with a night.

How national and regional reports combine (docs/decisions.md, "Combining command levels"):

1. National-command rows (the Air Force's overnight report, the General Staff) are the
   wave's primary figures. Distinct rows for the same wave and model are *summed*: in the
   dataset each row is a separate report window or salvo (two Kinzhal salvos), never a copy.
2. A regional command (or other official/media row) reports its own sector of the same
   attack and attaches to the national wave of its label whose window overlaps its own; a
   date-only or non-overlapping row attaches to the label's first overnight wave, else to
   its first wave. For every weapon class the national command covers in that wave,
   regional figures are *supporting evidence only* and never added. Classes the national
   command is silent on (typically "Unknown UAV" and reconnaissance drones from Air Command
   South) become figures of their own, with status ``reported``. A label with no national
   row takes its waves from the most authoritative level present.
3. Text claims (reports and articles) attach to the wave their window overlaps, else to the
   label's overnight waves. Each is compared only with the figures of the class or count it
   names (a model, a class, or "missiles"/"drones"); a claim whose range does not overlap
   the figure marks it ``disputed`` and both stay visible. On labels the dataset does not
   cover, text claims make the figures of one overnight wave, the most authoritative first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    Connection,
    Engine,
    Integer,
    String,
    Text,
    bindparam,
    case,
    cast,
    delete,
    func,
    select,
)

from strikewatch.catalog.plausibility import IMPLAUSIBLE
from strikewatch.catalog.regimes import lost_ew_mode_on
from strikewatch.domain import (
    KYIV,
    MISSILE_CLASSES,
    NIGHT_KINDS,
    Outcome,
    SourceLevel,
    Status,
    WaveKind,
    WeaponClass,
    wave_label,
)
from strikewatch.ledger import totals
from strikewatch.ledger.actions import attached_nights
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.plain import plain_rows
from strikewatch.ledger.schema import attacks, claims, night_places, sources, waves
from strikewatch.ledger.writes import bulk_insert
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


class _ClaimRow(NamedTuple):
    """One count claim as read (a tuple: a large resolve holds hundreds of thousands)."""

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
    night: dt.date | None


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


_COUNT_COLUMNS = _ClaimRow._fields
_NIGHT_OF = itemgetter(_COUNT_COLUMNS.index("night"))
#: One bound list of nights: ``in_(list)`` coerced every value into the statement (~0.4 s of
#: resolving 100,000 synthetic rows).
_NIGHTS: BindParameter[Any] = bindparam("nights", expanding=True)


def _claims_query(columns: Sequence[str], kind: str) -> Any:
    """The current, not withdrawn readings' claims of one kind, in (night, id) order.

    A join on the source (not ``source_id IN (current readings)``, which built the list of
    every current reading per resolve) keeps the read bounded by the nights asked for; the
    order is the one SQLite's (kind, night) index always gave, so figures, evidence and
    their row ids come out as before on every dialect (decision 99)."""
    query = select(*(claims.c[c] for c in columns)).order_by(claims.c.night, claims.c.id)
    return _current(query, kind)


def _current(query: Any, kind: str) -> Any:
    """``query`` limited to the current, not withdrawn readings' claims of one kind."""
    query = query.join(sources, sources.c.id == claims.c.source_id).where(
        claims.c.kind == kind,
        sources.c.superseded_by.is_(None),
        sources.c.withdrawn.is_(False),
    )
    if kind == "count":
        return query.where(
            claims.c.flags.is_(None) | ~cast(claims.c.flags, Text).contains(IMPLAUSIBLE)
        )
    return query.where(claims.c.place.is_not(None))


def _load_claims(
    conn: Connection, chunk: Sequence[dt.date], attached: dict[int, dt.date]
) -> dict[dt.date, list[_ClaimRow]]:
    """The count claims of ``chunk``'s nights: by their own night, or by their source's
    attach decision, in (night, id) order.

    Own nights are read by ``night IN (chunk)`` without the sources attached by hand (SQL
    leaves them out: testing each row in Python was a tenth of the read); those attached to
    one of the chunk's nights are read apart (a few), and one attached elsewhere leaves its
    own night. Rows come in night order, so each night's run is made into claims at once."""
    query = _claims_query(_COUNT_COLUMNS, "count")
    own = query.where(claims.c.night.in_(_NIGHTS))
    params: dict[str, Any] = {"nights": list(chunk)}
    if attached:
        own = own.where(claims.c.source_id.not_in(bindparam("attached", expanding=True)))
        params["attached"] = sorted(attached)
    by_night: dict[dt.date, list[_ClaimRow]] = defaultdict(list)
    make = _ClaimRow._make
    for batch in plain_rows(conn, own, params):
        for night, rows in groupby(batch, key=_NIGHT_OF):
            by_night[night] += map(make, rows)
    wanted = set(chunk)
    moved = sorted(s for s, n in attached.items() if n in wanted)
    if moved:
        mixed: set[dt.date] = set()
        for batch in plain_rows(conn, query.where(claims.c.source_id.in_(moved))):
            for claim in map(make, batch):
                night = attached[claim.source_id]
                by_night[night].append(claim)
                mixed.add(night)
        for night in mixed:
            by_night[night].sort(key=lambda c: (c.night is not None, c.night or dt.date.min, c.id))
    return by_night


def _text_kind_classes(claim: _ClaimRow) -> set[str]:
    """The classes a text claim speaks of ("missiles" with no class = every missile class)."""
    classes = _classes(claim.components, claim.weapon_class)
    generic = not classes or classes in ({WeaponClass.MIXED}, {WeaponClass.UNKNOWN_MISSILE})
    if generic and claim.weapon_class in (None, WeaponClass.MIXED, WeaponClass.UNKNOWN_MISSILE):
        return {str(c) for c in MISSILE_CLASSES}
    if classes == {WeaponClass.UNKNOWN_DRONE}:
        return {WeaponClass.STRIKE_DRONE, WeaponClass.UNKNOWN_DRONE}
    return classes


@dataclass
class _Wave:
    """One attack wave of a label: its window(s), figures and evidence."""

    label: dt.date
    kind: str
    windows: list[tuple[dt.datetime | None, dt.datetime | None]]
    figures: dict[tuple[str, str], _Figure] = field(default_factory=dict)
    national_classes: set[str] = field(default_factory=set)
    source_ids: set[int] = field(default_factory=set)
    supporting_sources: set[int] = field(default_factory=set)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    synthetic: bool = False
    text_only: bool = False
    #: (number of windows, start, end): the bounds are asked for per claim and per figure,
    #: and windows are only ever added, so they are recomputed only when one was.
    _bounds: tuple[int, dt.datetime | None, dt.datetime | None] = field(
        default=(-1, None, None), repr=False, compare=False
    )

    def _span(self) -> tuple[int, dt.datetime | None, dt.datetime | None]:
        bounds = self._bounds
        if bounds[0] != len(self.windows):
            starts = [w[0] for w in self.windows if w[0] is not None]
            ends = [w[1] for w in self.windows if w[1] is not None]
            bounds = (
                len(self.windows),
                min(starts) if starts else None,
                max(ends) if ends else None,
            )
            self._bounds = bounds
        return bounds

    @property
    def start(self) -> dt.datetime | None:
        return self._span()[1]

    @property
    def end(self) -> dt.datetime | None:
        return self._span()[2]

    @property
    def key(self) -> str:
        start = self.start
        when = "text" if self.text_only else (f"{start:%Y%m%dT%H%M}Z" if start else "date")
        return f"{self.label.isoformat()}.{self.kind}.{when}"

    def overlaps(self, start: dt.datetime | None, end: dt.datetime | None) -> bool:
        """True when [start, end) meets the wave; an unknown bound meets every wave."""
        w_start, w_end = self.start, self.end
        if None in (start, end, w_start, w_end):
            return True
        return start < w_end and w_start < end  # type: ignore[operator]

    def figure_for(self, c: _ClaimRow, model: str | None = None) -> _Figure:
        key = (c.weapon_class or WeaponClass.MIXED, model or c.model or "all")
        if key not in self.figures:
            self.figures[key] = _Figure(
                weapon_class=key[0], components=c.components or key[0], model=key[1]
            )
        return self.figures[key]


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is dt.UTC:  # _load_claims normalises every window once
        return value
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


_MIN_TIME = dt.datetime.min.replace(tzinfo=dt.UTC)
_MAX_TIME = dt.datetime.max.replace(tzinfo=dt.UTC)
_KIND_CACHE: dict[tuple[dt.datetime | None, dt.datetime | None, dt.date], str] = {}


def _window_kind(label: dt.date, start: dt.datetime | None, end: dt.datetime | None) -> str:
    """The wave kind of a stored window (UTC bounds; None = date-only)."""
    key = (start, end, label)
    kind = _KIND_CACHE.get(key)
    if kind is None:
        if end is None:
            kind = WaveKind.OVERNIGHT
        else:
            local_end = end.astimezone(KYIV).replace(tzinfo=None)
            local_start = None if start is None else start.astimezone(KYIV).replace(tzinfo=None)
            kind = wave_label(local_start, local_end)[1]
        if len(_KIND_CACHE) > 100_000:
            _KIND_CACHE.clear()
        _KIND_CACHE[key] = kind
    return kind


_Window = tuple[dt.datetime | None, dt.datetime | None]


def _build_waves(
    label: dt.date, primaries: Sequence[_ClaimRow]
) -> tuple[list[_Wave], dict[_Window, _Wave]]:
    """Group primary rows into waves: same window → one wave; same-kind overlaps merge."""
    windows: dict[tuple[dt.datetime | None, dt.datetime | None], str] = {}
    for c in primaries:
        w = (_utc(c.window_start), _utc(c.window_end))
        if w not in windows:
            windows[w] = _window_kind(label, *w)
    waves: list[_Wave] = []
    order = sorted(windows, key=lambda w: (w[0] is not None, w[0] or _MIN_TIME))
    for w in order:
        kind = windows[w]
        same = [x for x in waves if x.kind == kind and x.overlaps(*w)]
        if same:
            keep = same[0]
            for other in same[1:]:
                keep.windows += other.windows
                waves.remove(other)
            keep.windows.append(w)
        else:
            waves.append(_Wave(label=label, kind=kind, windows=[w]))
    waves.sort(key=_wave_order)
    return waves, {w: wave for wave in waves for w in wave.windows}


def _wave_order(wave: _Wave) -> tuple[bool, dt.datetime]:
    return (wave.start is None, wave.start or _MAX_TIME)


def _wave_of(waves: Sequence[_Wave], c: _ClaimRow) -> _Wave | None:
    """The wave a non-primary claim belongs to: the first whose window meets the claim's
    own, else the label's first overnight wave, else its first wave."""
    if not waves:
        return None
    start, end = _utc(c.window_start), _utc(c.window_end)
    if start is not None and end is not None:
        for w in waves:
            if w.start is not None and w.end is not None and w.overlaps(start, end):
                return w
    return _overnight(waves)[0]


def _overnight(waves: Sequence[_Wave]) -> list[_Wave]:
    """The label's night waves (overnight, multi-day), else all its waves."""
    night = [w for w in waves if w.kind in NIGHT_KINDS]
    return night or list(waves)


def resolve_label(label: dt.date, night_claims: Sequence[_ClaimRow]) -> list[_Wave]:
    """Resolve one label's count claims into waves and figures (pure; see the docstring)."""
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
    national = [c for c in dataset if c.level == SourceLevel.NATIONAL_COMMAND]
    primaries = national or dataset
    waves, wave_by_window = _build_waves(label, primaries)
    primary_ids = {id(c) for c in primaries}
    for c in primaries:
        wave = wave_by_window[(_utc(c.window_start), _utc(c.window_end))]
        if national:
            wave.national_classes |= _classes(c.components, c.weapon_class)
        _add_primary(wave, c)
    for c in dataset:
        if id(c) in primary_ids:
            continue
        home = _wave_of(waves, c)
        assert home is not None
        _add_other(home, c)
    if not any(w.figures for w in waves) and text:
        wave = _Wave(label=label, kind=WaveKind.OVERNIGHT, windows=[], text_only=True)
        _figures_from_text(text, wave.figures)
        for fig in wave.figures.values():
            wave.windows.append((fig.window_start, fig.window_end))
        waves = [wave]
    else:
        _attach_text(waves, text)
    return [w for w in waves if w.figures]


def _add_primary(wave: _Wave, c: _ClaimRow) -> None:
    column = FIGURE_OUTCOMES.get(c.outcome or "")
    if column is None:
        return
    wave.source_ids.add(c.source_id)
    wave.synthetic = wave.synthetic or c.synthetic
    if c.qualifier == "group_total":
        # The per-model split carries launched; the total stays as evidence only.
        wave.figure_for(c).supporting.append(c.id)
        return
    wave.figure_for(c).add(c, column)


def _add_other(wave: _Wave, c: _ClaimRow) -> None:
    """A regional/other row: evidence for classes the national command covers, else a figure."""
    column = FIGURE_OUTCOMES.get(c.outcome or "")
    if column is None:
        return
    classes = _classes(c.components, c.weapon_class)
    if classes & wave.national_classes:
        # Attach regional evidence to the national figure of the same class, for display.
        wave.supporting_sources.add(c.source_id)
        for fig in wave.figures.values():
            if classes & _classes(fig.components, fig.weapon_class):
                fig.supporting.append(c.id)
                break
        return
    wave.source_ids.add(c.source_id)
    wave.synthetic = wave.synthetic or c.synthetic
    wave.figure_for(c).add(c, column)


def _attach_text(waves: Sequence[_Wave], text: Sequence[_ClaimRow]) -> None:
    """Text claims go to the wave their window meets, else to the label's night waves."""
    for c in text:
        start, end = _utc(c.window_start), _utc(c.window_end)
        timed = [
            w
            for w in waves
            if start is not None and end is not None and w.start is not None and w.end is not None
        ]
        hits = [w for w in timed if w.overlaps(start, end)]
        targets = hits[:1] or _overnight(waves)
        _compare_text(c, targets)


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


def _compare_text(c: _ClaimRow, waves: Sequence[_Wave]) -> None:
    """Check one text claim against the figures of the class or count it names.

    A claim names a model, a class, or a count ("missiles", "drones"). It supports a figure
    only when that figure is all it names (its model, or the only figure of its class or
    count); otherwise it is evidence of the total and is kept on the wave, so "dozens of
    missiles" is never shown as evidence for the 2 Iskanders.
    """
    column = FIGURE_OUTCOMES[str(c.outcome)]
    key = (c.weapon_class or WeaponClass.MIXED, c.model or "")
    targets = [w.figures[key] for w in waves if c.model and key in w.figures]
    if not targets:
        wanted = _text_kind_classes(c)
        targets = [
            f
            for w in waves
            for f in w.figures.values()
            if _classes(f.components, f.weapon_class) <= wanted
        ]
        if wanted & {str(cl) for cl in MISSILE_CLASSES} and len(wanted) > 1:
            kinds = kinds_of(wanted)
            targets = [
                f for f in targets if kinds_of(_classes(f.components, f.weapon_class)) & kinds
            ]
    if not targets:
        return
    totals = [f.total(column) for f in targets]
    known = [t for t in totals if t[0] is not None]
    low = high = None
    if known:
        low = sum(t[1] if t[1] is not None else t[0] for t in known)  # type: ignore[misc]
        high = sum(t[2] if t[2] is not None else t[0] for t in known)  # type: ignore[misc]
    agrees = None if low is None else _overlap((low, high), (c.low, c.high))
    against = {
        "claim_id": c.id,
        "outcome": str(c.outcome),
        "value": c.value,
        "low": c.low,
        "high": c.high,
        "figure_low": low,
        "figure_high": high,
    }
    if len(targets) == 1:
        targets[0].supporting.append(c.id)
    else:
        names = c.model or (
            "missiles"
            if c.weapon_class in (None, WeaponClass.MIXED, WeaponClass.UNKNOWN_MISSILE)
            else c.weapon_class
        )
        ids = {id(f) for f in targets}
        for w in waves:
            if any(id(f) in ids for f in w.figures.values()):
                w.evidence.append(
                    against
                    | {
                        "names": names,
                        "agrees": agrees,
                        "figures": [[f.weapon_class, f.model] for f in targets],
                    }
                )
    if agrees is False:
        for fig in targets:
            fig.disputes.append(dict(against))


def _attack_rows(night: dt.date, wave: _Wave) -> list[dict[str, Any]]:
    rows = []
    key, start, end = wave.key, wave.start, wave.end  # the same for every figure of the wave
    for fig in wave.figures.values():
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
                "rule": "national command figures of one attack wave summed over its report "
                "windows; other levels add only classes the national command did not report",
            },
            "synthetic": fig.synthetic,
            "wave_key": key,
            "wave_kind": wave.kind,
            "wave_start": start,
            "wave_end": end,
        }
        for column in ("launched", "destroyed"):
            value, low, high = fig.total(column)
            row[column], row[f"{column}_low"], row[f"{column}_high"] = value, low, high
        for column in ("lost_ew", "still_airborne", "hit_locations", "debris_locations"):
            row[column] = fig.total(column)[0]
        if not row["lost_ew"] and lost_ew_mode_on(night) == "folded":
            # The Air Force folds EW losses into "shot down/suppressed" in this regime; its 0
            # means "not given", which is unknown, never a measured zero (decision 25).
            row["lost_ew"] = None
            row["explanation"]["lost_ew"] = "not given apart in this reporting regime"
        rows.append(row)
    return rows


def _wave_row(wave: _Wave) -> dict[str, Any]:
    return {
        "wave_key": wave.key,
        "night": wave.label,
        "kind": wave.kind,
        "start": wave.start,
        "end": wave.end,
        "windows": [
            [None if s is None else s.isoformat(), None if e is None else e.isoformat()]
            for s, e in sorted(wave.windows, key=lambda w: (w[0] is not None, w[0] or _MIN_TIME))
        ],
        "source_ids": sorted(wave.source_ids),
        "supporting_source_ids": sorted(wave.supporting_sources - wave.source_ids),
        "evidence": wave.evidence,
        "synthetic": wave.synthetic or any(f.synthetic for f in wave.figures.values()),
    }


def _role_expr() -> Any:
    """A place claim's role in SQL: ``_PLACE_ROLES`` by qualifier, else hit or mentioned."""
    by_outcome = case((claims.c.outcome == str(Outcome.HIT), "hit"), else_="mentioned")
    return case(_PLACE_ROLES, value=claims.c.qualifier, else_=by_outcome)


def _place_groups(
    conn: Connection, chunk: Sequence[dt.date], attached: dict[int, dt.date]
) -> dict[tuple[dt.date, str, str], tuple[tuple[bool, dt.date, int], list[int], bool]]:
    """``{(night, place, role): (first claim's (own night, id) key, claim ids, synthetic)}``.

    Claims filed under their own night are grouped by SQLite/PostgreSQL (``GROUP BY``, ids
    joined into one string): 70,000 place claims of 20,000 synthetic rows were otherwise
    read and grouped one by one in Python. Sources attached by hand (a few) are read as
    rows and filed under their attach decision's night."""
    role = _role_expr()
    ids = func.aggregate_strings(cast(claims.c.id, String), ",")
    columns = (claims.c.night, claims.c.place, role, func.min(claims.c.id), ids)
    own = (
        _current(select(*columns, func.max(cast(claims.c.synthetic, Integer))), "place")
        .where(claims.c.night.in_(_NIGHTS))
        .group_by(claims.c.night, claims.c.place, role)
    )
    params: dict[str, Any] = {"nights": list(chunk)}
    if attached:
        own = own.where(claims.c.source_id.not_in(bindparam("attached", expanding=True)))
        params["attached"] = sorted(attached)
    groups = {}
    for batch in plain_rows(conn, own, params):
        for night, place, role_name, first, joined, synth in batch:
            key = (night, place, role_name)
            groups[key] = ((True, night, first), [int(i) for i in joined.split(",")], bool(synth))
    wanted = set(chunk)
    moved = sorted(s for s, n in attached.items() if n in wanted)
    if moved:
        query = _current(select(claims.c.night, claims.c.place, role, claims.c.id), "place")
        query = query.add_columns(claims.c.synthetic, claims.c.source_id)
        for batch in plain_rows(conn, query.where(claims.c.source_id.in_(moved))):
            for own_night, place, role_name, claim_id, synth, source_id in batch:
                key = (attached[source_id], place, role_name)
                order = (own_night is not None, own_night or dt.date.min, claim_id)
                first, claim_ids, synthetic = groups.get(key, (order, [], False))
                groups[key] = (min(first, order), [*claim_ids, claim_id], synthetic or synth)
    return groups


def _place_rows(
    conn: Connection, chunk: Sequence[dt.date], attached: dict[int, dt.date]
) -> list[dict[str, Any]]:
    """One row per (night, place, role), in the order of each group's first claim by (own
    night, id): the order the rows were always written in (readers list them by rowid)."""
    from strikewatch import catalog

    groups = _place_groups(conn, chunk, attached)
    return [
        {
            "night": night,
            "place": place,
            "macro_region": catalog.macro_region_of(place),
            "role": role,
            "n_claims": len(ids),
            "claim_ids": sorted(ids),
            "synthetic": synthetic,
        }
        for (night, place, role), (_first, ids, synthetic) in sorted(
            groups.items(), key=lambda item: item[1][0]
        )
    ]


#: Labels resolved per read of claims: memory holds one chunk's claims (on 1,000,000 synthetic
#: rows, ~320 claims a label).
_RESOLVE_CHUNK = 500
#: Up to this many labels, the day totals use the figures just resolved instead of reading
#: them back (figures are a few per label; claims are what needs chunking).
_FRESH_LABELS = 2_000


def resolve_in(conn: Connection, nights: set[dt.date] | None = None) -> int:
    """Rebuild the derived tables for ``nights`` (all nights when None) inside ``conn``'s transaction.

    Nights are resolved in chunks so memory stays flat however large the ledger is. The
    totals table (``ledger.totals``) is rewritten for the same labels and for the days their
    old and new waves started on, in the same transaction (decision 55).
    """
    attached = attached_nights(conn)
    days = totals.forget_labels(conn, nights)
    if nights is None:
        conn.execute(delete(attacks))
        conn.execute(delete(waves))
        conn.execute(delete(night_places))
        targets = sorted(
            {
                n
                for (n,) in conn.execute(
                    select(claims.c.night).where(claims.c.night.is_not(None)).distinct()
                )
            }
            | set(attached.values())
        )
    else:
        targets = sorted(nights)
    keep = len(targets) <= _FRESH_LABELS  # memory stays one chunk of claims either way
    fresh: list[dict[str, Any]] = []
    for start in range(0, len(targets), _RESOLVE_CHUNK):
        chunk = targets[start : start + _RESOLVE_CHUNK]
        if nights is not None:
            _delete_nights(conn, chunk)
        rows = _resolve_chunk(conn, chunk, attached)
        days |= totals.write_label_totals(conn, rows)
        if keep:
            fresh += rows
    # Few labels (the real file, any ingest): their figures are in hand, not read back.
    totals.refresh_days(conn, days, fresh, targets if keep else ())
    return len(targets)


def _delete_nights(conn: Connection, chunk: Sequence[dt.date]) -> None:
    for part in range(0, len(chunk), 500):
        sub = chunk[part : part + 500]
        for table in (attacks, waves, night_places):
            conn.execute(delete(table).where(table.c.night.in_(_NIGHTS)), {"nights": sub})


def _resolve_chunk(
    conn: Connection, chunk: Sequence[dt.date], attached: dict[int, dt.date]
) -> list[dict[str, Any]]:
    """Resolve and write one chunk of labels; returns the figures written."""
    by_night = _load_claims(conn, chunk, attached)
    rows: list[dict[str, Any]] = []
    wave_rows: list[dict[str, Any]] = []
    for night in chunk:
        for wave in resolve_label(night, by_night.get(night, [])):
            rows += _attack_rows(night, wave)
            wave_rows.append(_wave_row(wave))
    bulk_insert(conn, waves, wave_rows)
    bulk_insert(conn, attacks, rows)
    bulk_insert(conn, night_places, _place_rows(conn, chunk, attached))
    return rows


def resolve_nights(engine: Engine, nights: set[dt.date] | None = None) -> int:
    """Re-resolve ``nights`` (all when None) in one transaction; returns how many nights."""
    with write_transaction(engine) as conn:
        return resolve_in(conn, nights)
