"""Claims as the bulk writer stores them, built once per distinct claim (issue 14).

A dataset row states about six claims, and most of what a claim says (kind, class, model,
outcome, amount, place, qualifier) recurs across thousands of rows; only its row's part
(source, night, window, attribution, row number) changes. The columnar import therefore
builds each distinct claim once as a :class:`ClaimSpec` — its column values and the two
spans of its identity key — and a row as a :class:`ClaimRows`: the row's :class:`RowBase`
plus the specs it states, in the order the reader states them. The writer hashes and stores
those directly (``ledger.writes``); :meth:`ClaimRows.claims` gives the same claims as
:class:`~strikewatch.domain.Claim` objects for callers who read them (docs/decisions.md 96).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from strikewatch.domain import (
    Claim,
    ClaimKind,
    Outcome,
    Quantity,
    Status,
    TargetCategory,
    WeaponClass,
    claim_identity,
    claim_key_parts,
)


class ClaimSpec:
    """One claim without its row. ``names``/``values`` are its non-NULL columns of the
    ``claims`` table that do not depend on the row (booleans as 0/1, JSON as text, which
    both databases' bulk paths take as they are); ``what``/``where`` are its identity spans."""

    __slots__ = (
        "detail",
        "flags",
        "injured",
        "is_total",
        "killed",
        "kind",
        "model",
        "names",
        "outcome",
        "place",
        "qualifier",
        "quantity",
        "shapes",
        "span",
        "target_category",
        "text",
        "values",
        "weapon_class",
        "what",
        "where",
    )  # fmt: skip

    def __init__(
        self,
        kind: ClaimKind,
        *,
        weapon_class: WeaponClass | None = None,
        model: str | None = None,
        outcome: Outcome | None = None,
        quantity: Quantity | None = None,
        place: str | None = None,
        qualifier: str | None = None,
        text: str | None = None,
        is_total: bool = False,
        detail: dict[str, Any] | None = None,
        flags: tuple[str, ...] = (),
    ):
        self.kind, self.weapon_class, self.model, self.outcome = kind, weapon_class, model, outcome
        self.quantity, self.place, self.qualifier, self.text = quantity, place, qualifier, text
        self.is_total, self.detail, self.flags = is_total, detail or {}, flags
        self.target_category: TargetCategory | None = None
        self.span: tuple[int, int] | None = None
        self.killed: Quantity | None = None
        self.injured: Quantity | None = None
        self.what, self.where = claim_key_parts(self)
        self.names, self.values = _columns(self)
        #: Column names with a row's, by the row's shape (interned: rows group by identity).
        self.shapes: dict[tuple[str, ...], tuple[str, ...]] = {}

    def with_flag(self, flag: str) -> ClaimSpec:
        """The same claim flagged (a new spec: specs are shared by the rows stating them)."""
        if flag in self.flags:
            return self
        return ClaimSpec(
            self.kind,
            weapon_class=self.weapon_class,
            model=self.model,
            outcome=self.outcome,
            quantity=self.quantity,
            place=self.place,
            qualifier=self.qualifier,
            text=self.text,
            is_total=self.is_total,
            detail=self.detail,
            flags=(*self.flags, flag),
        )


def _columns(spec: ClaimSpec) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The spec's non-NULL columns, as ``ledger.writes.claim_values`` would store them."""
    q, detail = spec.quantity, spec.detail
    components = detail.get("components") or (
        None if spec.weapon_class is None else str(spec.weapon_class)
    )
    pairs = (
        ("kind", str(spec.kind)),
        ("weapon_class", None if spec.weapon_class is None else str(spec.weapon_class)),
        ("components", components),
        ("model", spec.model),
        ("outcome", None if spec.outcome is None else str(spec.outcome)),
        ("value", None if q is None else q.value),
        ("low", None if q is None else q.low),
        ("high", None if q is None else q.high),
        ("approx", int(False if q is None else q.approx)),
        ("place", spec.place),
        ("is_total", int(spec.is_total)),
        ("qualifier", spec.qualifier),
        ("text", spec.text),
        ("flags", json.dumps(list(spec.flags), ensure_ascii=False) if spec.flags else None),
        ("detail", json.dumps(detail, ensure_ascii=False) if detail else None),
    )
    kept = [(n, v) for n, v in pairs if v is not None]
    return tuple(n for n, _ in kept), tuple(v for _, v in kept)


@dataclass(frozen=True, slots=True)
class RowBase:
    """What every claim of one row shares."""

    reader: str
    reader_version: str
    night: dt.date | None
    window_start: dt.datetime | None
    window_end: dt.datetime | None
    attribution: str | None
    status: Status
    row_number: int | None


@dataclass(slots=True)
class ClaimRows:
    """The claims one source states: its row's base and the specs, in the reader's order."""

    base: RowBase
    specs: list[ClaimSpec]

    def __len__(self) -> int:
        return len(self.specs)

    def hashes(self, source_hash: str) -> list[str]:
        """The claim hash of each spec, in order, as :meth:`Claim.identity` computes it."""
        base = self.base
        head, night = f"{source_hash}\x1f", f"\x1f{base.night}\x1f"
        tail = f"\x1f{base.reader}\x1f{base.reader_version}"
        return [claim_identity(head, s.what, night, s.where, tail) for s in self.specs]

    def claims(self) -> list[Claim]:
        """The same claims as objects (each with its own ``detail``)."""
        b = self.base
        return [
            Claim(
                kind=s.kind,
                reader=b.reader,
                reader_version=b.reader_version,
                weapon_class=s.weapon_class,
                model=s.model,
                outcome=s.outcome,
                quantity=s.quantity,
                night=b.night,
                window_start=b.window_start,
                window_end=b.window_end,
                place=s.place,
                attribution=b.attribution,
                status=b.status,
                is_total=s.is_total,
                qualifier=s.qualifier,
                text=s.text,
                row_number=b.row_number,
                flags=s.flags,
                detail=dict(s.detail),
            )
            for s in self.specs
        ]
