"""The identity rules on SQLite and PostgreSQL alike: revisions, retraction, real/synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.identity.conftest import NIGHT, integers, rewrite

from strikewatch import retraction
from strikewatch.errors import Conflict, InputError
from strikewatch.importer import import_dataset
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import sources
from strikewatch.synth import write_synthetic

REPORT = "Overnight Russia launched 560 Shahed drones at Ukraine; 500 were shot down."


def drones(engine) -> float | None:  # type: ignore[no-untyped-def]
    nightly = queries.nightly(engine, NIGHT, NIGHT)
    return None if nightly.empty else float(nightly.iloc[0]["drones"])


def test_identity_rules_on_both_databases(
    ledger_url: str, tmp_path: Path, dataset_csv: Path, corrected_csv: Path
) -> None:
    engine = connect(ledger_url)
    import_dataset(engine, dataset_csv)
    assert drones(engine) == 574
    plain = import_dataset(engine, rewrite(dataset_csv, tmp_path / "i.csv", integers))
    assert plain.sources_written == 0
    corrected = import_dataset(engine, corrected_csv)
    assert corrected.revisions_written == 1 and drones(engine) == 580
    (report,) = queries.night_detail(engine, NIGHT)["revisions"]  # type: ignore[index]
    assert [r["state"] for r in report["readings"]] == ["superseded", "current"]

    current = report["readings"][-1]["source_id"]
    done = retraction.retract(engine, current, "check", actor="t")
    assert NIGHT in [n.isoformat() for n in done["nights"]] and drones(engine) != 580
    with pytest.raises(Conflict):
        retraction.retract(engine, current, "again", actor="t")
    retraction.restore(engine, current, "ok", actor="t")
    assert drones(engine) == 580

    # a text document: its revision replaces it; a 2300 night never lands
    url = "https://example.org/news/attack?utm_source=x#top"
    first = ingest_document(engine, Document(name="a", text=REPORT, url=url, night=_date(NIGHT)))
    assert first.claims_written > 0
    edited = REPORT.replace("560", "570")
    second = ingest_document(
        engine,
        Document(name="b", text=edited, url="https://EXAMPLE.org/news/attack/", night=_date(NIGHT)),
    )
    assert second.claims_written > 0 and NIGHT in [n.isoformat() for n in second.nights]
    with engine.connect() as conn:
        texts = conn.execute(
            select(sources.c.revision, sources.c.superseded_by, sources.c.identity_key)
            .where(sources.c.identity_key == "url:https://example.org/news/attack")
            .order_by(sources.c.id)
        ).all()
    assert [t.revision for t in texts] == [1, 2] and texts[0].superseded_by is not None
    with pytest.raises(InputError):
        ingest_document(engine, Document(name="c", text=REPORT + " x", night=_date("2300-01-01")))

    synthetic = tmp_path / "s.csv"
    write_synthetic(synthetic, rows=50, seed=1)
    with pytest.raises(Conflict):
        import_dataset(engine, synthetic, synthetic=True)
    assert drones(engine) == 580


def _date(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.fromisoformat(text)
