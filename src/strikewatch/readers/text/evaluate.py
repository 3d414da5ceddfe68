"""Precision, recall and F1 of the text reader per field, against labelled documents.

A labelled document is ``NNN_name.txt`` with ``NNN_name.expected.json`` beside it:
``published``/``publisher``/``night`` (the reading context and expected night), ``counts``
(outcome, weapon_class, value, low, high), ``regions`` (oblast-level place ids or macro
regions), ``casualties`` ({killed, injured}: a number, [low, high] or null) and
``attribution`` (who the document's figures are attributed to, or null).

Fields: launched / destroyed / lost (count items keyed by class and value-or-range),
weapon_class (classes with a launched figure), night, region, casualties, attribution.
Every miss is listed so a rule can be fixed in general rather than for one document.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikewatch.domain import ClaimKind, Quantity
from strikewatch.readers.text.reader import ReadResult, read_document

FIELDS = (
    "launched",
    "destroyed",
    "lost",
    "weapon_class",
    "night",
    "region",
    "casualties",
    "attribution",
    "target",
)
#: Count qualifiers that are scored: plain figures, decoys and jets (as their class), a class
#: named without a number ("named", value null) and the Russian side's figures over Russia.
_SCORED_QUALIFIERS = (None, "decoy", "turbojet", "named", "over_russia")
_OUTCOME_FIELD = {"launched": "launched", "destroyed": "destroyed", "lost_ew": "lost"}


@dataclass(slots=True)
class Labelled:
    name: str
    text: str
    expected: dict[str, Any]


@dataclass(slots=True)
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_dir(path: Path) -> list[Labelled]:
    out = []
    for exp in sorted(path.glob("*.expected.json")):
        stem = exp.name[: -len(".expected.json")]
        txt = exp.with_name(stem + ".txt")
        out.append(
            Labelled(
                stem, txt.read_text(encoding="utf-8"), json.loads(exp.read_text(encoding="utf-8"))
            )
        )
    return out


def _num(v: float | None) -> float | None:
    return None if v is None else round(float(v), 3)


def _qkey(value: Any, low: Any, high: Any) -> tuple[Any, ...]:
    if value is not None:
        return ("=", _num(value))
    return ("~", _num(low), _num(high))


def _cas_key(q: Quantity | None) -> tuple[Any, ...] | None:
    if q is None:
        return None
    return _qkey(q.value, q.low, q.high)


def _exp_cas(v: Any) -> tuple[Any, ...] | None:
    if v is None:
        return None
    if isinstance(v, list):
        return _qkey(None, v[0], v[1])
    return _qkey(v, None, None)


def _region_of(c: Any) -> str | None:
    d = c.detail or {}
    if d.get("oblast"):
        return str(d["oblast"])
    return c.place


def predicted_items(result: ReadResult) -> dict[str, set[Any]]:
    items: dict[str, set[Any]] = {f: set() for f in FIELDS}
    for c in result.claims:
        if c.kind == ClaimKind.COUNT and c.qualifier in _SCORED_QUALIFIERS:
            f = _OUTCOME_FIELD.get(str(c.outcome))
            if f is None:
                continue
            q = c.quantity or Quantity(None, None, None)
            cls = str(c.weapon_class) + ("@over_russia" if c.qualifier == "over_russia" else "")
            items[f].add((cls, *_qkey(q.value, q.low, q.high)))
            if f == "launched" and c.weapon_class is not None:
                items["weapon_class"].add(str(c.weapon_class))
        elif c.kind == ClaimKind.PLACE and c.qualifier != "role:interception":
            r = _region_of(c)
            if r:
                items["region"].add(r)
        elif c.kind == ClaimKind.TARGET and c.target_category is not None:
            items["target"].add(str(c.target_category))
        elif c.kind == ClaimKind.CASUALTIES:
            if c.killed is not None:
                items["casualties"].add(("killed", *(_cas_key(c.killed) or ())))
            if c.injured is not None:
                items["casualties"].add(("injured", *(_cas_key(c.injured) or ())))
    if result.night is not None:
        items["night"].add(result.night.isoformat())
    counts = [c for c in result.claims if c.kind == ClaimKind.COUNT and c.attribution]
    if counts:
        items["attribution"].add(counts[0].attribution)
    elif result.attribution:
        items["attribution"].add(result.attribution)
    return items


def expected_items(exp: dict[str, Any]) -> dict[str, set[Any]]:
    items: dict[str, set[Any]] = {f: set() for f in FIELDS}
    for c in exp.get("counts", []):
        f = _OUTCOME_FIELD[c["outcome"]]
        # Decoys and jets are scored as their class (as on the predicted side); only the Russian
        # side's figures over Russia are told apart.
        over_russia = c.get("qualifier") == "over_russia"
        cls = c["weapon_class"] + ("@over_russia" if over_russia else "")
        items[f].add((cls, *_qkey(c.get("value"), c.get("low"), c.get("high"))))
        if f == "launched":
            items["weapon_class"].add(c["weapon_class"])
    items["region"] = set(exp.get("regions", []))
    cas = exp.get("casualties") or {}
    for k in ("killed", "injured"):
        key = _exp_cas(cas.get(k))
        if key is not None:
            items["casualties"].add((k, *key))
    if exp.get("night"):
        items["night"].add(exp["night"])
    items["target"] = set(exp.get("targets") or [])
    if exp.get("attribution"):
        items["attribution"].add(exp["attribution"])
    return items


def read_labelled(doc: Labelled) -> ReadResult:
    exp = doc.expected
    pub = dt.datetime.fromisoformat(exp["published"]) if exp.get("published") else None
    return read_document(doc.text, published=pub, publisher=exp.get("publisher"))


def evaluate(docs: list[Labelled], checked: tuple[str, ...] = FIELDS) -> dict[str, FieldScore]:
    scores = {f: FieldScore() for f in FIELDS}
    for doc in docs:
        got = predicted_items(read_labelled(doc))
        want = expected_items(doc.expected)
        for f in FIELDS:
            if f not in checked and f not in doc.expected.get("check", checked):
                continue
            g, w = got[f], want[f]
            if (f == "attribution" and not w) or (f == "target" and "targets" not in doc.expected):
                continue  # unlabelled attribution and targets are not scored
            s = scores[f]
            s.tp += len(g & w)
            for item in sorted(g - w, key=str):
                s.fp += 1
                s.misses.append(f"{doc.name}: extra {item}")
            for item in sorted(w - g, key=str):
                s.fn += 1
                s.misses.append(f"{doc.name}: missed {item}")
    return scores


def report(scores: dict[str, FieldScore], show_misses: bool = True) -> str:
    lines = [f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
    for f, s in scores.items():
        lines.append(
            f"{f:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>5}{s.fn:>5}"
        )
    if show_misses:
        for f, s in scores.items():
            for m in s.misses:
                lines.append(f"  [{f}] {m}")
    return "\n".join(lines)
