"""The dataset importer and resolver on the real file: the acceptance figures of issue 2."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from strikewatch.domain import night_of
from strikewatch.importer import import_dataset
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import attacks, claims, sources
from strikewatch.readers.dataset import parse_literal
from strikewatch.tables import top_nights


def figure(detail: dict, model: str) -> dict:
    matches = [f for f in detail["figures"] if f["model"] == model]
    assert len(matches) == 1, [f["model"] for f in detail["figures"]]
    return matches[0]


def test_night_2025_08_21_matches_the_air_force_report(real_engine) -> None:
    detail = queries.night_detail(real_engine, "2025-08-21")
    assert detail is not None
    shahed = figure(detail, "Shahed-136/131")
    assert (shahed["launched"], shahed["destroyed"]) == (574, 546)
    assert shahed["weapon_class"] == "strike_drone"
    assert shahed["status"] == "official"
    missiles = {
        f["model"]: f["launched"] for f in detail["figures"] if "missile" in f["weapon_class"]
    }
    assert missiles == {
        "Kh-101/Kh-555": 19,
        "Kalibr": 14,
        "Iskander-M/KN-23": 2,
        "Unknown missile": 1,
    } or (sum(missiles.values()) == 36 and len(missiles) == 4)
    assert detail["totals"]["missiles"]["launched"] == 36
    assert detail["totals"]["drones"]["launched"] == 574
    hit = {r["name"] for r in detail["regions"] if r["role"] == "hit"}
    assert {"Lviv oblast", "Volyn oblast", "Zakarpattia oblast"} <= hit
    # every figure names its source post and row
    assert all(s["url"].startswith("https://") and s["row_number"] for s in shahed["sources"])


def test_regional_rows_do_not_double_count(real_engine) -> None:
    """Air Command South's rows for 2025-08-20 (Iskander-M, 2) repeat the national report."""
    detail = queries.night_detail(real_engine, "2025-08-20")
    assert detail is not None
    iskander = [f for f in detail["figures"] if f["weapon_class"] == "ballistic_missile"]
    assert sum(f["launched"] for f in iskander) == 2
    assert iskander[0]["supporting"], "the regional report is kept as supporting evidence"
    # classes the national command did not report stay visible, as 'reported'
    unknown = [f for f in detail["figures"] if f["weapon_class"] == "unknown_drone"]
    assert unknown and unknown[0]["status"] == "reported"


def test_night_2026_02_03_drones_and_missiles(real_engine) -> None:
    detail = queries.night_detail(real_engine, "2026-02-03")
    assert detail is not None
    assert detail["totals"]["drones"]["launched"] == 450
    assert detail["totals"]["missiles"]["launched"] == 71


def _direct_drone_nights(csv_path: Path, year: int) -> pd.Series:
    """Independent computation: national-command Shahed rows, summed per night label."""
    totals: dict[dt.date, float] = {}
    with csv_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["model"].strip() != "Shahed-136/131" or not row["launched"].strip():
                continue
            if not row["source"].startswith(
                ("kpszsu", "GeneralStaff", "CinCAFU", "https://t.me/kpszsu")
            ):
                continue
            end_s, start_s = row["time_end"].strip(), row["time_start"].strip()
            if len(end_s) == 10:
                night = dt.date.fromisoformat(end_s)
            else:
                end = dt.datetime.strptime(end_s, "%Y-%m-%d %H:%M")
                start = (
                    dt.datetime.strptime(start_s, "%Y-%m-%d %H:%M") if len(start_s) > 10 else None
                )
                night = night_of(end, start)
            totals[night] = totals.get(night, 0.0) + float(row["launched"])
    series = pd.Series(totals)
    return series[[n.year == year for n in series.index]].sort_values(ascending=False)


def test_top_2025_by_drones_agrees_with_direct_computation(real_engine, dataset_csv: Path) -> None:
    expected = _direct_drone_nights(dataset_csv, 2025).head(10)
    top = top_nights(queries.nightly(real_engine), "drones", year=2025, n=10)
    assert [v for v in top["value"]] == list(expected.to_numpy())
    assert top["value"].is_monotonic_decreasing
    assert top["rank"].iloc[0] == 1
    assert set(top["night"].dt.date) == set(expected.index) or list(top["value"]) == list(
        expected.to_numpy()
    )


def test_missing_counts_are_unknown_not_zero(real_engine, dataset_csv: Path) -> None:
    with dataset_csv.open(encoding="utf-8") as handle:
        blank = [r for r in csv.DictReader(handle) if not r["destroyed"].strip()]
    assert blank, "the real file has rows without a destroyed count"
    with real_engine.connect() as conn:
        nulls = conn.execute(
            select(func.count()).select_from(attacks).where(attacks.c.destroyed.is_(None))
        ).scalar_one()
    assert nulls >= 1


def test_reimport_writes_nothing(tmp_path: Path, dataset_csv: Path) -> None:
    engine = connect(tmp_path / "l.sqlite")
    first = import_dataset(engine, dataset_csv)
    assert first.rows_read == 3770
    assert first.claims_written > 3770
    second = import_dataset(engine, dataset_csv)
    assert second.claims_written == 0
    assert second.sources_written == 0
    assert second.duplicates_skipped == 3770


def test_every_model_string_resolves_without_warnings(real_engine, dataset_csv: Path) -> None:
    report = import_dataset(connect("sqlite://"), dataset_csv)
    kinds = report.warnings_by_kind()
    assert "unknown_model" not in kinds, kinds.get("unknown_model")
    assert "unknown_place" not in kinds, [
        w.message for w in report.warnings if w.kind == "unknown_place"
    ][:10]


def test_literal_parser_never_evaluates_code() -> None:
    assert parse_literal("{'south': 61, 'east': NaN}") == {"south": 61, "east": None}
    assert parse_literal("['Lviv oblast', 'Volyn oblast']") == ["Lviv oblast", "Volyn oblast"]
    for hostile in (
        "__import__('os').system('true')",
        "{'a': open('/etc/passwd')}",
        "[x for x in ()]",
        "(lambda: 1)()",
    ):
        with pytest.raises(ValueError):
            parse_literal(hostile)


def test_real_shahed_and_border_claims_are_kept(real_engine) -> None:
    with real_engine.connect() as conn:
        real = conn.execute(
            select(func.count()).select_from(claims).where(claims.c.qualifier == "real_shahed")
        ).scalar_one()
        border = conn.execute(
            select(func.count()).select_from(claims).where(claims.c.outcome == "crossed_border")
        ).scalar_one()
        urls = conn.execute(select(sources.c.url).limit(50)).scalars().all()
    assert real > 100
    assert border >= 50
    assert all(u.startswith("https://") for u in urls)


def test_night_json_contract_via_cli(real_ledger_path: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    result = CliRunner().invoke(
        app, ["night", "2025-08-21", "--json", "--db", str(real_ledger_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["night"] == "2025-08-21"
    for fig in data["figures"]:
        assert {
            "weapon_class",
            "model",
            "launched",
            "destroyed",
            "lost_ew",
            "status",
            "sources",
        } <= set(fig)
    shahed = next(f for f in data["figures"] if f["model"] == "Shahed-136/131")
    assert shahed["launched"] == 574 and shahed["destroyed"] == 546
    assert shahed["lost_ew"] is None  # folded regime: not given apart, so unknown (issue 9.2)


def test_top_json_and_csv_via_cli(real_ledger_path: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "top",
            "--year",
            "2025",
            "--by",
            "drones",
            "--n",
            "5",
            "--json",
            "--db",
            str(real_ledger_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 5 and rows[0]["rank"] == 1
    assert all({"night", "value", "rank"} <= set(r) for r in rows)
    assert rows[0]["value"] >= rows[-1]["value"]
    csv_out = runner.invoke(
        app, ["top", "--year", "2025", "--by", "missiles", "--csv", "--db", str(real_ledger_path)]
    )
    assert csv_out.exit_code == 0
    header = csv_out.stdout.splitlines()[0].split(",")
    assert header[:3] == ["rank", "night", "value"]
    assert {"unit", "start", "end"} <= set(header)  # the unit ranked is named (issue 9)
    bad = runner.invoke(app, ["top", "--by", "shahed-ish", "--db", str(real_ledger_path)])
    assert bad.exit_code == 2


def test_import_json_contract_via_cli(tmp_path: Path, dataset_csv: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    db = str(tmp_path / "c.sqlite")
    result = CliRunner().invoke(app, ["import", "dataset", str(dataset_csv), "--json", "--db", db])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows_read"] == 3770
    assert report["claims_written"] > 0 and report["duplicates_skipped"] == 0
    assert isinstance(report["warnings"], list)


def test_nights_filters(real_ledger_path: Path) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    runner = CliRunner()
    args = [
        "nights",
        "--since",
        "2025-08-01",
        "--until",
        "2025-08-31",
        "--region",
        "west",
        "--json",
        "--db",
        str(real_ledger_path),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    nights = {r["night"] for r in json.loads(result.stdout)}
    assert "2025-08-21" in nights
    assert all("2025-08-01" <= n <= "2025-08-31" for n in nights)
    by_class = runner.invoke(
        app,
        [
            "nights",
            "--since",
            "2025-08-21",
            "--until",
            "2025-08-21",
            "--class",
            "cruise_missile",
            "--json",
            "--db",
            str(real_ledger_path),
        ],
    )
    assert json.loads(by_class.stdout) == [
        {"night": "2025-08-21", "launched": 33, "destroyed": 30, "synthetic": False}
    ]
    assert (
        runner.invoke(
            app, ["nights", "--class", "rockets", "--db", str(real_ledger_path)]
        ).exit_code
        == 2
    )
    assert (
        runner.invoke(
            app, ["nights", "--since", "yesterday", "--db", str(real_ledger_path)]
        ).exit_code
        == 2
    )


def test_claims_and_resolve_commands(real_ledger_path: Path, tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from strikewatch.cli import app

    db = tmp_path / "copy.sqlite"
    shutil.copy(real_ledger_path, db)
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["claims", "2025-08-21", "--kind", "count", "--limit", "500", "--json", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    shahed = [
        r
        for r in rows
        if r["model"] == "Shahed-136/131" and r["outcome"] == "launched" and r["qualifier"] is None
    ]
    assert [r["value"] for r in shahed] == [574]
    assert shahed[0]["row_number"] == 958 and shahed[0]["url"].startswith(
        "https://www.facebook.com/kpszsu/"
    )
    with connect(db).begin() as conn:
        conn.execute(attacks.delete())
    rebuilt = runner.invoke(app, ["resolve", "--json", "--db", str(db)])
    assert rebuilt.exit_code == 0 and json.loads(rebuilt.stdout)["nights_resolved"] > 1000
    detail = json.loads(
        runner.invoke(app, ["night", "2025-08-21", "--json", "--db", str(db)]).stdout
    )
    assert detail["totals"]["drones"]["launched"] == 574
