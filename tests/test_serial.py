"""One JSON conversion for every face: integers stay integers, unknown stays null."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pandas as pd
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.serial import jsonable


def test_whole_numbers_stay_integers_and_unknown_is_null() -> None:
    assert jsonable(574.0) == 574 and isinstance(jsonable(574.0), int)
    assert jsonable(np.float64(546.0)) == 546 and isinstance(jsonable(np.float64(546.0)), int)
    assert jsonable(0.951) == 0.951
    for unknown in (float("nan"), np.nan, pd.NaT, pd.NA, float("inf")):
        assert jsonable(unknown) is None
    assert jsonable(np.bool_(True)) is True
    assert jsonable(None) is None


def test_dates_frames_and_dataclasses() -> None:
    @dataclasses.dataclass
    class R:
        night: dt.date
        value: float

    assert jsonable(R(dt.date(2025, 8, 21), 574.0)) == {"night": "2025-08-21", "value": 574}
    frame = pd.DataFrame({"night": pd.to_datetime(["2025-08-21"]), "drones": [574.0]})
    assert jsonable(frame) == [{"night": "2025-08-21", "drones": 574}]
    assert jsonable(pd.Timestamp("2025-08-21 06:30", tz="UTC")) == "2025-08-21T06:30:00+00:00"


def test_rank_json_prints_574_not_574_point_0(real_ledger_path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            "rank",
            "2025-08-21",
            "--by",
            "drones",
            "--db",
            str(real_ledger_path),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"value": 574,' in result.stdout
    assert "574.0" not in result.stdout
    assert json.loads(result.stdout)["value"] == 574


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("strikewatch ")
