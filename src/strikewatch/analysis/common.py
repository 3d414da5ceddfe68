"""Shared helpers for the analyses: JSON-able results, synthetic flags and the nightly calendar.

The nightly table itself has one home, :func:`strikewatch.tables.nightly_totals`.

Every analysis returns a small dataclass deriving from :class:`Result`, so the CLI, the
briefing and the web layer serialise results the same way (NaN → null, dates → ISO).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pandas as pd

from strikewatch.serial import jsonable

__all__ = ["Result", "jsonable"]


@dataclasses.dataclass
class Result:
    """Base for analysis results: ``as_dict`` and ``to_json`` with null for unknown."""

    def as_dict(self) -> dict[str, Any]:
        out = jsonable(self)
        assert isinstance(out, dict)
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, **kwargs)


def is_synthetic(*frames: pd.DataFrame | None) -> bool:
    """True when any input row is flagged synthetic, so every output can say so."""
    for frame in frames:
        if (
            frame is not None
            and "synthetic" in frame.columns
            and len(frame)
            and bool(frame["synthetic"].fillna(False).astype(bool).any())
        ):
            return True
    return False


def synthetic_note(synthetic: bool) -> str:
    return "SYNTHETIC DATA: these figures are generated, not observed. " if synthetic else ""


def to_night(value: str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """A night label (the Kyiv-local morning date) as a normalised Timestamp."""
    return pd.Timestamp(value).normalize()


def night_rows(figures: pd.DataFrame, kind: str | None = None) -> list[dict[str, Any]]:
    """The nightly totals as rows with ISO nights (``strikewatch nights``).

    With a count ``kind`` (``domain.COUNT_KINDS``), only that kind, as ``launched``,
    ``destroyed`` and ``lost_ew``, and only the nights it launched on.
    """
    from strikewatch.tables import nightly_totals

    rows: list[dict[str, Any]] = []
    for record in nightly_totals(figures).to_dict("records"):
        record["night"] = record["night"].date().isoformat()
        rows.append({str(k): v for k, v in record.items()})
    if kind is None:
        return rows
    return [
        {
            "night": r["night"],
            "launched": r[kind],
            "destroyed": r[f"{kind}_destroyed"],
            "lost_ew": r[f"{kind}_lost_ew"],
            "synthetic": r["synthetic"],
        }
        for r in rows
        if r[kind]
    ]


def class_night_rows(figures: pd.DataFrame) -> list[dict[str, Any]]:
    """Figures of one weapon class (already selected) summed per night: its overnight waves
    only (a daytime wave is not part of any night); a night with any unknown value is None
    for that value, never a partial sum."""
    from strikewatch.domain import NIGHT_KINDS

    frame = figures[figures["wave_kind"].isin(NIGHT_KINDS) | figures["wave_kind"].isna()]
    by_night: dict[str, dict[str, Any]] = {}
    for rec in frame.to_dict("records"):
        key = rec["night"].date().isoformat()
        entry = by_night.setdefault(
            key, {"night": key, "launched": 0.0, "destroyed": 0.0, "synthetic": False}
        )
        for col in ("launched", "destroyed"):
            known = entry[col] is not None and rec[col] == rec[col]
            entry[col] = entry[col] + rec[col] if known else None
        entry["synthetic"] = entry["synthetic"] or rec["synthetic"]
    return list(by_night.values())


def calendar(nightly_table: pd.DataFrame, kind: str, missing: str = "zero") -> pd.Series:
    """The nightly series of one count kind on a gapless calendar of nights.

    Nights absent from the table between the first and the last night are nights without a
    reported attack: ``missing="zero"`` (the default for tempo and event studies) counts them
    as 0 launched, ``missing="nan"`` keeps them unknown. Nights present but with an unknown
    count stay NaN either way.
    """
    if nightly_table.empty:
        return pd.Series(dtype="float64")
    s = nightly_table.set_index(pd.DatetimeIndex(nightly_table["night"]))[kind].astype("float64")
    s = s[~s.index.duplicated()]
    full = pd.date_range(s.index.min(), s.index.max(), freq="D")
    out = s.reindex(full)
    if missing == "zero":
        out = out.where(out.index.isin(s.index), 0.0)
    out.index.name = "night"
    return out


def period_label(nights: pd.Series, by: str) -> pd.Series:
    """Period labels: week → ISO week (2025-W34), month → 2025-08, quarter → 2025Q3."""
    nights = pd.to_datetime(nights)
    if by == "week":
        iso = nights.dt.isocalendar()
        return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    if by == "month":
        return nights.dt.strftime("%Y-%m")
    if by == "quarter":
        return nights.dt.year.astype(str) + "Q" + nights.dt.quarter.astype(str)
    if by == "year":
        return nights.dt.year.astype(str)
    raise ValueError(f"unknown period {by!r}: use week, month, quarter or year")
