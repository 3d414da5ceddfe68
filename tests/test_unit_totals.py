"""The incrementally kept totals table (``ledger.totals``) against the pandas path.

Every wave, night and day of the real file must come out of ``unit_totals`` exactly as
``tables.nightly_totals`` computes it from all figures, and ``top`` must answer as
``analysis.records.top_nights`` does, ties and ranks included. Re-resolving a few nights (an
ingest) must leave the table as a full rebuild leaves it.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import select

from strikewatch.ledger import connect
from strikewatch.ledger.schema import unit_totals
from strikewatch.ledger.totals import top_units, unit_table
from strikewatch.tables import COUNT_KINDS, TOTAL_COLUMNS, UNITS, nightly_totals


def _plain(value: Any) -> Any:
    """A pandas cell as a plain value: NaN/NaT → None, Timestamps → aware datetimes."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _pandas_rows(figures: pd.DataFrame, unit: str) -> dict[str, dict[str, Any]]:
    table = nightly_totals(figures, unit)
    out = {}
    for rec in table.to_dict("records"):
        row = {k: _plain(v) for k, v in rec.items()}
        row["night"] = rec["night"].date()
        row["waves"] = tuple(rec["waves"])
        row["synthetic"] = bool(rec["synthetic"])
        out[row["key"]] = row
    return out


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_of_the_real_file_matches_the_pandas_totals(
    real_engine: Any, real_figures: pd.DataFrame, unit: str
) -> None:
    expected = _pandas_rows(real_figures, unit)
    stored = {r["key"]: r for r in unit_table(real_engine, unit)}
    assert len(expected) > 1000
    assert stored.keys() == expected.keys()
    for key, want in expected.items():
        got = stored[key]
        for col in ("night", "synthetic", *TOTAL_COLUMNS, "kind", "start", "end", "waves"):
            assert got[col] == want[col], (unit, key, col, got[col], want[col])
        assert got["n_waves"] == want["n_waves"] == len(got["waves"])


def test_day_units_sum_waves_and_never_appear_as_nights(real_engine: Any) -> None:
    days = unit_table(real_engine, "day")
    nights = {r["key"]: r for r in unit_table(real_engine, "night")}
    summed = [d for d in days if d["n_waves"] > 1]
    assert summed, "the real file has days with more than one wave"
    for d in summed:
        assert d["kind"] is None and len(d["waves"]) == d["n_waves"]
    with real_engine.connect() as conn:
        units = {
            k: u
            for k, u in conn.execute(select(unit_totals.c.key, unit_totals.c.unit))
            if u != "day"
        }
    # a day row's key is a date; no wave row carries a date as its key
    assert not any(units.get(d["key"]) == "wave" for d in days)
    assert all(nights[k]["unit"] == "night" for k in nights)


def test_lost_ew_stays_unknown_in_the_folded_regime(real_engine: Any) -> None:
    from strikewatch.catalog.regimes import lost_ew_mode_on

    folded = [
        r for r in unit_table(real_engine, "night") if lost_ew_mode_on(r["night"]) == "folded"
    ]
    assert folded
    with_drones = [r for r in folded if r["drones"]]
    assert with_drones
    # the regime's zeros are "not given": a night that launched drones never totals 0 lost
    assert not [r["key"] for r in with_drones if r["drones_lost_ew"] == 0]
    assert sum(r["drones_lost_ew"] is None for r in with_drones) > 100
    for unit in UNITS:
        with real_engine.connect() as conn:
            zeros = conn.execute(
                select(unit_totals.c.key).where(
                    unit_totals.c.unit == unit,
                    unit_totals.c.night >= dt.date(2025, 7, 24),
                    unit_totals.c.drones > 0,
                    unit_totals.c.drones_lost_ew == 0,
                )
            ).all()
        assert zeros == [], unit


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("by", COUNT_KINDS)
def test_top_matches_the_pandas_rankings(
    real_engine: Any, real_figures: pd.DataFrame, unit: str, by: str
) -> None:
    from strikewatch.analysis.records import top_nights

    table = nightly_totals(real_figures, unit)
    for year in (None, 2023, 2024):
        want = top_nights(table, by, n=25, year=year)
        got = top_units(real_engine, by, unit, n=25, year=year)
        assert got == want, (unit, by, year)


def test_top_ranks_ties_alike(real_engine: Any) -> None:
    got = top_units(real_engine, "ballistic", "night", n=200)
    ranks = [r["rank"] for r in got]
    values = [r["value"] for r in got]
    assert values == sorted(values, reverse=True)
    # competition ranks: a tie shares a rank and the next rank skips
    tied = [i for i in range(1, len(got)) if values[i] == values[i - 1]]
    assert tied
    for i in tied:
        assert ranks[i] == ranks[i - 1]
        later = next((j for j in range(i + 1, len(got)) if values[j] != values[i]), None)
        if later is not None:
            assert ranks[later] == later + 1


def test_unknown_counts_never_rank(real_engine: Any) -> None:
    everything = top_units(real_engine, "ballistic", "wave", n=10_000)
    stored = [r for r in unit_table(real_engine, "wave") if r["ballistic"] is None]
    assert stored, "the real file has waves with unknown ballistic counts"
    ranked = {r["key"] for r in everything}
    assert not ranked & {r["key"] for r in stored}


def _table(engine: Any) -> list[tuple[Any, ...]]:
    cols = [c for c in unit_totals.columns if c.name != "id"]
    with engine.connect() as conn:
        return sorted(
            (tuple(str(v) for v in r) for r in conn.execute(select(*cols))), key=lambda r: r[:2]
        )


def test_resolving_some_nights_keeps_the_table_as_a_rebuild_does(
    real_ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strikewatch import resolve
    from strikewatch.resolve import resolve_nights

    path = tmp_path / "copy.sqlite"
    shutil.copy(real_ledger_path, path)
    engine = connect(path)
    before = _table(engine)
    days = unit_table(engine, "day")
    # nights whose days take waves from two labels, and a stretch of ordinary nights
    nights = {d["night"] for d in days if d["n_waves"] > 1}
    nights |= {d + dt.timedelta(days=1) for d in nights}
    nights |= {dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(40)}
    resolve_nights(engine, nights)
    assert _table(engine) == before
    resolve_nights(engine, None)
    assert _table(engine) == before
    # A ledger too large for one chunk reads the day rows' figures back instead.
    monkeypatch.setattr(resolve, "_RESOLVE_CHUNK", 100)
    resolve_nights(engine, None)
    assert _table(engine) == before
    resolve_nights(
        engine, {d + dt.timedelta(days=i) for d in sorted(nights)[:3] for i in range(150)}
    )
    assert _table(engine) == before


def test_the_snapshot_reads_nightly_totals_as_pandas_computes_them(
    real_engine: Any, real_nightly: pd.DataFrame
) -> None:
    from strikewatch import snapshot

    snap = snapshot.load(real_engine)
    pd.testing.assert_frame_equal(snap.nightly, real_nightly)
    assert not snap._tables, "no whole figures/places/targets table is read for nightly"


def test_briefing_and_watch_on_windows_match_the_whole_tables(real_engine: Any) -> None:
    """The briefing and the watch rules read windows of figures, places and targets; their
    answers must equal those computed from the whole tables."""
    from strikewatch import snapshot, watch
    from strikewatch.briefing import build_briefing

    nights = ["2024-12-25", "2025-08-21", "2022-10-10"]
    lazy = snapshot.load(real_engine)
    whole = snapshot.load(real_engine)
    for table in ("figures", "places", "targets"):
        getattr(whole, table)  # loaded whole: windows are slices of it
    whole_noengine = snapshot.Snapshot(
        version=whole.version,
        nightly=whole.nightly,
        events=whole.events,
        events_origin=whole.events_origin,
        _tables=dict(whole._tables),
    )
    for night in nights:
        a = build_briefing(real_engine, night, snap=lazy).as_dict()
        b = build_briefing(real_engine, night, snap=whole).as_dict()
        a.pop("generated_at"), b.pop("generated_at")
        assert a == b, night
        ts = pd.Timestamp(night)
        got = [s.payload() for s in watch.evaluate_night(lazy, ts)]
        want = [s.payload() for s in watch.evaluate_night(whole_noengine, ts)]
        assert got == want, night
    assert "figures" not in lazy._tables and "places" not in lazy._tables


def _same_instant(a: Any, b: Any) -> bool:
    """start/end as JSON: the pandas path printed a midnight Timestamp as a bare date."""
    if a is None or b is None:
        return a is b
    parse = dt.datetime.fromisoformat
    a_t = parse(a) if "T" in a else parse(a + "T00:00:00+00:00")
    b_t = parse(b) if "T" in b else parse(b + "T00:00:00+00:00")
    return a_t == b_t


def _pandas_json(nightly: pd.DataFrame) -> list[dict[str, Any]]:
    from strikewatch.serial import jsonable

    rows = jsonable(nightly.to_dict("records"))
    for r in rows:
        r["night"] = str(r["night"])[:10]
    return rows


def _assert_rows_equal(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert [r["night"] for r in got] == [r["night"] for r in want]
    for g, w in zip(got, want, strict=True):
        assert g.keys() == w.keys()
        for key in g:
            if key in ("start", "end"):
                assert _same_instant(g[key], w[key]), (g["night"], key)
            else:
                assert g[key] == w[key], (g["night"], key, g[key], w[key])


def test_api_nights_pages_match_the_pandas_path(
    real_ledger_path: Path, real_figures: pd.DataFrame
) -> None:
    from fastapi.testclient import TestClient

    from strikewatch.web import create_app

    client = TestClient(create_app(str(real_ledger_path)))
    whole = _pandas_json(nightly_totals(real_figures))
    for query, want in (
        ("limit=1000&order=asc", whole[:1000]),
        ("limit=50&offset=100", whole[::-1][100:150]),
        ("since=2024-01-01&until=2024-12-31&limit=1000", None),
    ):
        body = client.get(f"/api/nights?{query}").json()
        if want is None:
            year = real_figures[real_figures["night"].dt.year == 2024]
            want = _pandas_json(nightly_totals(year))[::-1]
            assert body["total"] == len(want) > 300
        else:
            assert body["total"] == len(whole)
        _assert_rows_equal(body["items"], want)


def test_cli_nights_and_top_match_the_pandas_path(
    real_ledger_path: Path, real_figures: pd.DataFrame
) -> None:
    import json

    from typer.testing import CliRunner

    from strikewatch.cli import app

    runner = CliRunner()
    out = runner.invoke(
        app,
        [
            "nights",
            "--since",
            "2023-01-01",
            "--until",
            "2023-06-30",
            "--json",
            "--db",
            str(real_ledger_path),
        ],
    )
    assert out.exit_code == 0, out.output
    window = real_figures[
        (real_figures["night"] >= "2023-01-01") & (real_figures["night"] <= "2023-06-30")
    ]
    _assert_rows_equal(json.loads(out.stdout), _pandas_json(nightly_totals(window)))
    top = runner.invoke(
        app,
        [
            "top",
            "--by",
            "missiles",
            "--unit",
            "day",
            "--year",
            "2024",
            "--n",
            "15",
            "--json",
            "--db",
            str(real_ledger_path),
        ],
    )
    assert top.exit_code == 0, top.output
    from strikewatch.analysis.records import top_nights
    from strikewatch.serial import jsonable

    want = jsonable(top_nights(nightly_totals(real_figures, "day"), "missiles", n=15, year=2024))
    got = json.loads(top.stdout)
    assert [{k: v for k, v in r.items() if k != "summed"} for r in got] == want
    assert any(r["summed"] for r in got) or all(r["n_waves"] == 1 for r in got)


REPORT = (
    "У ніч на 21 серпня (з 18:00 20 серпня) противник атакував 40 ударними БпЛА типу Shahed. "
    "За попередніми даними, станом на 09:00 збито/подавлено 30 ворожих БпЛА."
)


def test_totals_on_both_backends(ledger_url: str) -> None:
    """Write, incremental rewrite and every read of the totals table on SQLite and PostgreSQL
    (paging, the indexed top, the snapshot frame, the old-ledger check)."""
    from strikewatch.ingest import Document, ingest_document
    from strikewatch.ledger.totals import count_units, unit_frame
    from strikewatch.ledger.upgrade import NOT_BUILT, schema_gaps
    from strikewatch.resolve import resolve_nights

    engine = connect(ledger_url)
    ingest_document(
        engine,
        Document(
            name="r.txt", text=REPORT, published=dt.datetime(2025, 8, 21, 6, 30, tzinfo=dt.UTC)
        ),
    )
    night = dt.date(2025, 8, 21)
    rows = unit_table(engine, "night")
    assert [(r["night"], r["drones"], r["drones_destroyed"]) for r in rows] == [(night, 40, 30)]
    assert rows[0]["start"] is not None and rows[0]["start"].tzinfo is not None
    evening = night - dt.timedelta(days=1)  # the wave started at 18:00 on the 20th
    assert count_units(engine, "wave") == 1 == count_units(engine, "day", evening, evening)
    assert count_units(engine, "night", night + dt.timedelta(days=1)) == 0
    top = top_units(engine, "drones", "night", n=5, year=2025)
    assert [(t["night"], t["value"], t["rank"]) for t in top] == [("2025-08-21", 40.0, 1)]
    assert top_units(engine, "missiles", "night", n=5, year=2025)[0]["value"] == 0.0
    assert top_units(engine, "drones", "night", year=2024) == []
    frame = unit_frame(engine, "wave")
    assert list(frame["drones"]) == [40.0] and frame["start"].dt.tz is not None
    assert unit_table(engine, "night", limit=1, offset=1) == []
    resolve_nights(engine, {night})
    assert unit_table(engine, "night") == rows
    assert schema_gaps(engine) == {}
    with engine.begin() as conn:
        conn.execute(unit_totals.delete())
    assert schema_gaps(engine) == {"unit_totals": [NOT_BUILT]}
    resolve_nights(engine, None)
    assert unit_table(engine, "night") == rows
