"""One conversion of any result into plain JSON values, used by the CLI, the API and analyses.

Unknown stays unknown (NaN, NaT, NA → null, never 0), whole numbers stay integers (574, not
574.0), dates become ISO strings. pandas and numpy are handled without importing them, so the
command line does not pay for them when a command never touched them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any


def _number(value: float) -> float | int | None:
    if math.isnan(value) or math.isinf(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _pandas(value: Any) -> Any:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if value is pd.NaT or value is pd.NA:
        return None
    return value


def jsonable(value: Any) -> Any:
    """Convert results, numpy/pandas scalars, dates and NaN into plain JSON values."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.repr
        }
    if type(value).__module__.split(".")[0] == "pandas":
        return _pandas(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return jsonable(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def utc_iso(value: dt.datetime | None) -> str | None:
    """ISO time in UTC with its offset (SQLite hands back naive UTC values)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()
