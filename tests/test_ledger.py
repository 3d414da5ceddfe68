"""Ledger behaviour that must hold on SQLite and on PostgreSQL alike (CI runs both)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from strikewatch.domain import (
    Claim,
    ClaimKind,
    ContextEvent,
    EventKind,
    Outcome,
    Quantity,
    Source,
    SourceLevel,
    Status,
    WeaponClass,
    content_hash,
)
from strikewatch.importer import import_dataset
from strikewatch.ledger import connect, queries, writes
from strikewatch.ledger.schema import attacks, claims, sources
from strikewatch.readers.dataset import DatasetError
from strikewatch.resolve import resolve_nights

pytestmark = pytest.mark.postgres


def _slice(dataset_csv: Path, tmp_path: Path, start: int, stop: int) -> Path:
    lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / f"slice_{start}_{stop}.csv"
    path.write_text(lines[0] + "".join(lines[start:stop]), encoding="utf-8")
    return path


def test_import_is_idempotent_and_resolves(
    ledger_url: str, dataset_csv: Path, tmp_path: Path
) -> None:
    engine = connect(ledger_url)
    first = import_dataset(engine, dataset_csv)  # the whole real file, every quirk in it
    assert first.rows_read == 3770 and first.claims_written > 20_000
    second = import_dataset(engine, dataset_csv)
    assert (second.claims_written, second.sources_written, second.duplicates_skipped) == (
        0,
        0,
        3770,
    )
    assert queries.night_detail(engine, "2026-02-03")["totals"]["missiles"]["launched"] == 71  # type: ignore[index]
    detail = queries.night_detail(engine, "2025-08-21")
    assert detail is not None
    shahed = next(f for f in detail["figures"] if f["model"] == "Shahed-136/131")
    assert (shahed["launched"], shahed["destroyed"]) == (574, 546)


def test_failed_import_leaves_ledger_unchanged(
    ledger_url: str, dataset_csv: Path, tmp_path: Path
) -> None:
    engine = connect(ledger_url)
    import_dataset(engine, _slice(dataset_csv, tmp_path, 1, 200))
    with engine.connect() as conn:
        before = [
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (sources, claims, attacks)
        ]
    lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        lines[0]
        + "".join(lines[200:400])
        + "2025-01-01,2025-01-01,Kalibr,,,,ten,,,,{},,,,,,,,,,,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DatasetError) as info:
        import_dataset(engine, bad)
    assert info.value.line == 202 and info.value.column == "launched"
    with engine.connect() as conn:
        after = [
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (sources, claims, attacks)
        ]
    assert after == before


def _text_source(text: str) -> Source:
    return Source(
        kind="article",
        level=SourceLevel.MEDIA,
        content_hash=content_hash(text),
        publisher="Example News",
        text=text,
    )


def _count(value: float | None, low: float, high: float, cls: WeaponClass, night: dt.date) -> Claim:
    return Claim(
        kind=ClaimKind.COUNT,
        reader="text",
        reader_version="test",
        weapon_class=cls,
        outcome=Outcome.LAUNCHED,
        quantity=Quantity(value, low, high, value is None),
        night=night,
        status=Status.REPORTED,
        span=(0, 10),
        text="dozens of missiles",
    )


def test_text_claims_store_once_and_dispute(
    ledger_url: str, dataset_csv: Path, tmp_path: Path
) -> None:
    engine = connect(ledger_url)
    import_dataset(engine, _slice(dataset_csv, tmp_path, 900, 1000))
    night = dt.date(2025, 8, 21)
    consistent = _count(None, 24, 99, WeaponClass.MIXED, night)  # "dozens of missiles" vs 36
    source = _text_source("Russia fired dozens of missiles overnight.")
    assert writes.store_claims(engine, source, [consistent]) == 1
    assert writes.store_claims(engine, source, [consistent]) == 0  # re-ingest is a no-op
    resolve_nights(engine, {night})
    detail = queries.night_detail(engine, night)
    assert detail is not None
    missiles = [f for f in detail["figures"] if "missile" in f["weapon_class"]]
    assert all(f["status"] == "official" for f in missiles)
    third = _count(40, 40, 40, WeaponClass.MIXED, night)  # "40 missiles" vs 36: disputed
    writes.store_claims(engine, _text_source("Russia fired 40 missiles."), [third])
    resolve_nights(engine, {night})
    detail = queries.night_detail(engine, night)
    assert detail is not None
    statuses = {f["model"]: f["status"] for f in detail["figures"]}
    assert statuses["Kalibr"] == "disputed" and statuses["Shahed-136/131"] == "official"
    disputed = next(f for f in detail["figures"] if f["model"] == "Kalibr")
    assert disputed["disputes"][0]["value"] == 40


def test_context_events_idempotent(ledger_url: str) -> None:
    engine = connect(ledger_url)
    events = [
        ContextEvent(
            date=dt.date(2025, 8, 15), kind=EventKind.DIPLOMACY, title="Summit", actors=("US", "RU")
        ),
        ContextEvent(
            date=dt.date(2025, 6, 1), kind=EventKind.UKRAINE_DEEP_STRIKE, title="Airbase strikes"
        ),
    ]
    assert writes.store_context_events(engine, events) == 2
    assert writes.store_context_events(engine, events) == 0
    frame = queries.context_events(engine)
    assert list(frame["kind"]) == ["ukraine_deep_strike", "diplomacy"]
    assert frame.iloc[1]["actors"] == "US;RU"


def test_resolution_can_be_rebuilt_from_claims(
    ledger_url: str, dataset_csv: Path, tmp_path: Path
) -> None:
    engine = connect(ledger_url)
    import_dataset(engine, _slice(dataset_csv, tmp_path, 1, 300))
    before = queries.figures(engine)
    with engine.begin() as conn:
        conn.execute(attacks.delete())
    assert queries.figures(engine).empty
    resolve_nights(engine)
    after = queries.figures(engine)
    assert before.reset_index(drop=True).equals(after.reset_index(drop=True))
