"""Attack waves as the unit of record (issue 9, items 1, 3, 6, 7) on the real dataset."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from strikewatch.domain import WaveKind, night_of, wave_label
from strikewatch.ledger import queries
from strikewatch.tables import UNITS, nightly_totals

runner = CliRunner()


def _t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "end", "label", "kind"),
    [
        # the 26 August 2024 attack: one wave, its own date (never the next morning)
        ("2024-08-26 03:00", "2024-08-26 18:00", "2024-08-26", WaveKind.OVERNIGHT),
        # a daytime wave keeps its own date
        ("2026-05-13 08:00", "2026-05-13 18:30", "2026-05-13", WaveKind.DAYTIME),
        # an overnight wave ending in the morning takes the morning's date
        ("2026-05-13 18:00", "2026-05-14 08:00", "2026-05-14", WaveKind.OVERNIGHT),
        # a wave that starts after midnight keeps its own date
        ("2026-05-24 01:45", "2026-05-24 05:00", "2026-05-24", WaveKind.OVERNIGHT),
        # crossing midnight and ending after 15:00: the date it mostly took place on
        ("2025-04-27 23:30", "2025-04-28 17:00", "2025-04-28", WaveKind.OVERNIGHT),
        ("2025-04-27 07:00", "2025-04-28 16:00", "2025-04-27", WaveKind.MULTI_DAY),
        # longer than 24 h, ending in the morning: the morning's date
        ("2025-12-05 05:00", "2025-12-06 08:00", "2025-12-06", WaveKind.MULTI_DAY),
    ],
)
def test_wave_label_rule(start: str, end: str, label: str, kind: WaveKind) -> None:
    assert wave_label(_t(start), _t(end)) == (dt.date.fromisoformat(label), kind)
    assert night_of(_t(end), _t(start)) == dt.date.fromisoformat(label)


def test_date_only_rows_keep_their_date() -> None:
    day = dt.datetime(2026, 6, 6)
    assert wave_label(None, day, end_timed=False) == (day.date(), WaveKind.OVERNIGHT)
    assert wave_label(None, _t("2024-08-27 09:00")) == (dt.date(2024, 8, 27), WaveKind.OVERNIGHT)


# --------------------------------------------------------------------------- real ledger


def test_night_2024_08_26_is_one_wave_of_its_own_date(real_engine) -> None:
    detail = queries.night_detail(real_engine, "2024-08-26")
    assert detail is not None
    assert detail["totals"]["missiles"]["launched"] == 127
    shaheds = [f for f in detail["figures"] if f["model"] == "Shahed-136/131"]
    assert [f["launched"] for f in shaheds] == [109]
    assert len(detail["waves"]) == 1
    wave = detail["waves"][0]
    assert (wave["start"], wave["end"]) == (
        "2024-08-26T03:00:00+03:00",
        "2024-08-26T18:00:00+03:00",
    )
    assert wave["label"] == "2024-08-26" and wave["kind"] == "overnight"
    assert all(f["waves"] == [0] for f in detail["figures"])
    nxt = queries.night_detail(real_engine, "2024-08-27")
    assert nxt is not None
    assert nxt["totals"]["missiles"]["launched"] == 10
    assert nxt["totals"]["drones"]["launched"] == 81


def test_no_unit_reports_the_invented_137(real_figures) -> None:
    for unit in UNITS:
        table = nightly_totals(real_figures, unit)
        days = table[table["night"].between("2024-08-25", "2024-08-28")]
        assert 137 not in set(days["missiles"]), unit
        # and nowhere else either: no night of the real data launched 137 missiles
        assert not (table["missiles"] == 137).any(), table[table["missiles"] == 137]


def test_daytime_wave_and_next_night_are_separate(real_figures) -> None:
    from strikewatch.analysis.records import top_nights

    waves = nightly_totals(real_figures, "wave")
    top = top_nights(waves, "drones", n=10)
    assert top[0]["night"] == "2025-09-07" and top[0]["value"] == 810
    by = {(r["night"], r["kind"]): r["value"] for r in top}
    assert by[("2026-05-13", "daytime")] == 753
    assert by[("2026-05-14", "overnight")] == 675
    assert all(r["unit"] == "wave" and r["start"] and r["end"] for r in top)
    # the invented 1,428 is neither a wave nor a night
    nights = nightly_totals(real_figures, "night")
    assert 1428 not in set(waves["drones"]) and 1428 not in set(nights["drones"])
    assert nights.set_index("night").at[pd.Timestamp("2026-05-14"), "drones"] == 675
    # a day may sum them, and says which waves it summed
    day = top_nights(nightly_totals(real_figures, "day"), "drones", n=1)[0]
    assert (day["night"], day["value"], day["n_waves"]) == ("2026-05-13", 1428, 2)
    assert day["waves"] == [
        "2026-05-13.daytime.20260513T0500Z",
        "2026-05-14.overnight.20260513T1500Z",
    ]


def test_night_of_a_daytime_only_date_answers_with_its_wave(real_engine) -> None:
    # A date whose only wave is daytime (2026-03-28: a Kinzhal launch 21:00→21:20 is
    # labelled by its own date) answers with that wave and says so.
    from sqlalchemy import func, select

    from strikewatch.ledger.schema import waves

    with real_engine.connect() as conn:
        rows = conn.execute(
            select(waves.c.night, func.count(), func.min(waves.c.kind)).group_by(waves.c.night)
        ).all()
    daytime_only = [r[0] for r in rows if r[1] == 1 and r[2] == "daytime"]
    assert daytime_only
    detail = queries.night_detail(real_engine, daytime_only[0])
    assert detail is not None and detail["waves"][0]["kind"] == "daytime"
    assert "daytime" in detail["note"]


def test_night_of_a_date_with_another_label(real_engine) -> None:
    # No wave is labelled 2024-12-30; the waves covering it carry 2024-12-31's label.
    detail = queries.night_detail(real_engine, "2024-12-30")
    assert detail is not None
    assert {w["label"] for w in detail["waves"]} == {"2024-12-31"}
    assert "2024-12-31" in detail["note"] and "sum 2 waves" in detail["summed"]


def test_existing_acceptance_figures_hold(real_engine, real_figures) -> None:
    from strikewatch.analysis.records import rank_night

    d = queries.night_detail(real_engine, "2025-08-21")
    assert d is not None
    shahed = next(f for f in d["figures"] if f["model"] == "Shahed-136/131")
    assert (shahed["launched"], shahed["destroyed"]) == (574, 546)
    assert d["totals"]["missiles"]["launched"] == 36
    d = queries.night_detail(real_engine, "2026-02-03")
    assert d is not None
    assert d["totals"]["drones"]["launched"] == 450 and d["totals"]["missiles"]["launched"] == 71
    for unit in ("wave", "night"):
        r = rank_night(nightly_totals(real_figures, unit), "2025-08-21", "drones", "year")
        assert (r.value, r.rank_at_the_time, r.rank_now) == (574, 3, 11), unit


# ------------------------------------------------------------------------------ the CLI


def _cli(args: list[str]) -> tuple[int, str]:
    from strikewatch.cli import app

    result = runner.invoke(app, args)
    return result.exit_code, result.stdout


def test_cli_contract(real_ledger_path: Path) -> None:
    db = ["--db", str(real_ledger_path)]
    code, out = _cli(["night", "2024-08-26", "--json", *db])
    assert code == 0
    detail = json.loads(out)
    assert {"start", "end", "kind", "label", "sources"} <= set(detail["waves"][0])
    assert all(isinstance(f["waves"], list) for f in detail["figures"])
    assert "137" not in out.replace("1370", "")  # not as any missile total

    code, out = _cli(["top", "--by", "drones", "--unit", "wave", "--json", *db])
    assert code == 0
    items = json.loads(out)
    assert {"unit", "start", "end"} <= set(items[0]) and items[0]["value"] == 810
    code, out = _cli(["top", "--by", "drones", "--unit", "day", "--n", "1", "--json", *db])
    day = json.loads(out)[0]
    assert day["value"] == 1428 and "sum of 2 waves" in day["summed"]
    code, out = _cli(["top", "--by", "drones", "--year", "2026", "--unit", "night", "--json", *db])
    assert 1428 not in [i["value"] for i in json.loads(out)]


@pytest.mark.parametrize(
    ("phrase", "night", "verdict", "code"),
    [
        ("banana", "2025-08-21", "not_checkable", 2),
        ("the smallest attack in weeks", "2025-08-21", "not_checkable", 2),
        ("largest ever", "2025-09-07", "supported", 0),
        ("record-breaking", "2026-02-03", "not_supported", 0),
        ("the largest drone attack of the war", "2025-09-07", "supported", 0),
    ],
)
def test_check_verdicts(real_ledger_path: Path, phrase: str, night: str, verdict: str, code: int):
    from strikewatch.commands import analyze

    result = runner.invoke(
        analyze.app, ["check", phrase, "--night", night, "--json", "--db", str(real_ledger_path)]
    )
    assert result.exit_code == code, result.output
    out = json.loads(result.stdout)
    assert out["verdict"] == verdict and out["unit"] == "wave"
    assert {"counts_judged", "reason", "explanation"} <= set(out)
    if verdict == "not_checkable":
        assert out["reason"] and out["counts_judged"] == []
    elif phrase.startswith("largest ever") or phrase == "record-breaking":
        assert out["counts_judged"] == ["total"]


def test_check_on_a_night_without_data_is_an_error(real_ledger_path: Path) -> None:
    from strikewatch.commands import analyze

    result = runner.invoke(
        analyze.app, ["check", "record", "--night", "2021-01-01", "--db", str(real_ledger_path)]
    )
    assert result.exit_code == 1 and "no data for night 2021-01-01" in result.output
    assert "unknown" not in result.stdout


# ------------------------------------------------------------- text evidence, phrases, API


REPORT = (
    "У ніч на 3 лютого 2026 року противник завдав рекордного удару: десятки ракет та 450 "
    "ударних БпЛА типу Shahed. Це наймасованіша атака з початку року."
)


@pytest.fixture
def phrase_ledger(real_ledger_path: Path, tmp_path: Path) -> Path:
    from strikewatch.ingest import Document, ingest_document
    from strikewatch.ledger import connect

    dst = tmp_path / "ledger.sqlite"
    with sqlite3.connect(real_ledger_path) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    engine = connect(dst)
    ingest_document(
        engine,
        Document(
            name="report.txt",
            text=REPORT,
            publisher="Air Force",
            night=dt.date(2026, 2, 3),
            published=dt.datetime(2026, 2, 3, 7, 0, tzinfo=dt.UTC),
        ),
    )
    return dst


def test_text_total_is_not_evidence_for_each_model(phrase_ledger: Path) -> None:
    from strikewatch.ledger import connect

    engine = connect(phrase_ledger)
    detail = queries.night_detail(engine, "2026-02-03")
    assert detail is not None
    text_ids = {c["claim_id"] for c in detail["text_claims"] if c["kind"] == "count"}
    dozens = [
        c["claim_id"]
        for c in detail["text_claims"]
        if c["kind"] == "count" and c.get("weapon_class") in (None, "unknown_missile", "mixed")
    ]
    for fig in detail["figures"]:
        if fig["weapon_class"] != "strike_drone":
            cited = {s["claim_id"] for s in fig["supporting"]}
            assert not cited & set(dozens), fig["model"]
    evidence = [e for w in detail["waves"] for e in w["evidence"]]
    assert text_ids and any(e["names"] == "missiles" for e in evidence), evidence


def test_phrase_claims_carry_verdicts_and_totals_count_filters(phrase_ledger: Path) -> None:
    from strikewatch.analysis.records import judge_phrases
    from strikewatch.ledger import connect

    engine = connect(phrase_ledger)
    detail = queries.night_detail(engine, "2026-02-03")
    assert detail is not None
    judge_phrases(detail, queries.figures(engine))
    phrases = [c for c in detail["text_claims"] if c["kind"] == "phrase"]
    assert phrases and all(c["verdict"] and c["unit"] == "wave" for c in phrases)
    assert {c["verdict"] for c in phrases} <= {"supported", "not_supported", "depends",
                                               "not_checkable"}  # fmt: skip
    items = queries.claims_table(engine, night="2026-02-03", kind="phrase")
    assert queries.claims_count(engine, night="2026-02-03", kind="phrase") == len(items) > 0
    assert queries.claims_count(engine) > len(items)


def test_api_filters_totals_and_check(phrase_ledger: Path) -> None:
    import httpx
    from tests.web.conftest import live_server

    with live_server(phrase_ledger) as base, httpx.Client(timeout=120) as http:
        page = http.get(
            f"{base}/api/claims", params={"night": "2026-02-03", "kind": "phrase"}
        ).json()
        assert page["total"] == len(page["items"]) > 0
        sources = http.get(f"{base}/api/sources", params={"kind": "report", "limit": 5}).json()
        assert sources["total"] == 1
        nights = http.get(
            f"{base}/api/nights",
            params={"class": "ballistic_missile", "since": "2026-02-03", "until": "2026-02-03"},
        ).json()
        row = nights["items"][0]
        assert row["drones"] is None and row["class_launched"] > 0  # never "drones: 0"
        assert nights["total"] == len(nights["items"])
        plain = http.get(
            f"{base}/api/nights", params={"since": "2026-02-01", "until": "2026-02-05"}
        ).json()
        assert plain["total"] == len(plain["items"]) == 5
        assert next(r for r in plain["items"] if r["night"] == "2026-02-03")["drones"] == 450
        alerts = http.get(f"{base}/api/alerts", params={"rule": "no-such-rule"}).json()
        assert alerts["total"] == 0 and alerts["items"] == []

        detail = http.get(f"{base}/api/nights/2026-02-03").json()
        assert all(
            c["verdict"] and c["unit"] == "wave"
            for c in detail["text_claims"]
            if c["kind"] == "phrase"
        )
        bad = http.get(f"{base}/api/check", params={"phrase": "banana", "night": "2025-08-21"})
        assert bad.status_code == 422 and bad.json()["verdict"] == "not_checkable"
        ok = http.get(f"{base}/api/check", params={"phrase": "largest ever", "night": "2025-09-07"})
        assert ok.status_code == 200 and ok.json()["verdict"] == "supported"
        missing = http.get(f"{base}/api/check", params={"phrase": "record", "night": "2021-01-01"})
        assert missing.status_code == 404
