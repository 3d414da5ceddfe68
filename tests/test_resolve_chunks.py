"""Resolution reads claims in chunks of labels and at driver speed (decisions 99–101).

The chunk size, the read-back of figures for the day totals and the driver-level read of
claims must change nothing a reader sees: the same figures, waves, places and totals, with
texts attached to other nights by hand included, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from strikewatch import resolve
from strikewatch.importer import import_dataset
from strikewatch.ledger import connect
from strikewatch.ledger.actions import ATTACH
from strikewatch.ledger.connection import write_transaction
from strikewatch.ledger.plain import plain_rows
from strikewatch.ledger.queries import claim_nights
from strikewatch.ledger.schema import claims
from strikewatch.ledger.writes import record_source_action

DERIVED = ("attacks", "waves", "night_places", "unit_totals")


def _dump(engine: Engine) -> dict[str, list[str]]:
    """Every derived row without its surrogate id, sorted (JSON cells parsed)."""
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in DERIVED:
            rows = []
            for row in conn.execute(text(f"SELECT * FROM {table}")).mappings():
                cells = {}
                for key, value in row.items():
                    if key == "id":
                        continue
                    if isinstance(value, str) and value[:1] in "[{":
                        value = json.loads(value)
                    cells[key] = value
                rows.append(json.dumps(cells, sort_keys=True, default=str))
            out[table] = sorted(rows)
    return out


def _attach_some(engine: Engine) -> dict[int, dt.date]:
    """Attach a few dataset sources to the night after their own (as an editor would)."""
    with engine.connect() as conn:
        picked = conn.execute(
            select(claims.c.source_id, claims.c.night)
            .where(claims.c.kind == "count", claims.c.night.is_not(None))
            .group_by(claims.c.source_id, claims.c.night)
            .order_by(claims.c.source_id)
            .offset(300)
            .limit(12)
        ).all()
    moved = {int(s): n + dt.timedelta(days=1) for s, n in picked}
    with write_transaction(engine) as conn:
        for source_id, night in moved.items():
            record_source_action(conn, source_id, ATTACH, reason="test", actor="t", night=night)
    return moved


def test_chunk_size_and_read_back_change_nothing(
    real_ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, path)
    engine = connect(path)
    moved = _attach_some(engine)
    nights = claim_nights(engine)
    resolve.resolve_nights(engine, nights)
    whole = _dump(engine)
    # The attached sources' claims are filed under their new nights, not their own.
    with engine.connect() as conn:
        source_of = dict(conn.execute(select(claims.c.id, claims.c.source_id)).all())
        filed = conn.execute(text("SELECT night, claim_ids FROM attacks")).all()
    hits = {
        source_of[i]
        for night, ids in filed
        for i in json.loads(ids)
        if source_of[i] in moved and str(moved[source_of[i]]) == str(night)
    }
    assert hits, "no attached source's figure was filed under its new night"
    # Seven labels a chunk and no figures kept in hand: many reads, day totals read back.
    monkeypatch.setattr(resolve, "_RESOLVE_CHUNK", 7)
    monkeypatch.setattr(resolve, "_FRESH_LABELS", 10)
    resolve.resolve_nights(engine, nights)
    small = _dump(engine)
    assert all(whole[t] for t in DERIVED)
    for table in DERIVED:
        assert small[table] == whole[table], table


def _as_utc(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value


def test_plain_rows_read_what_sqlalchemy_reads(
    ledger_url: str, dataset_csv: Path, weapons_csv: Path
) -> None:
    engine = connect(ledger_url)
    import_dataset(engine, dataset_csv, weapons=weapons_csv)
    query = resolve._claims_query(resolve._COUNT_COLUMNS, "count")
    with engine.connect() as conn:
        expected = [tuple(_as_utc(v) for v in row) for row in conn.execute(query)]
        got = [row for batch in plain_rows(conn, query) for row in batch]
    assert len(expected) > 5_000
    assert got == expected
    # Types, not only equal values: bools stay bools, times are aware UTC, nights dates.
    sample = next(r for r in got if r[16] is not None)
    assert isinstance(sample[15], bool) and sample[16].tzinfo is dt.UTC
    assert type(sample[-1]) is dt.date
    # (night, id) order: the order SQLite's (kind, night) index gives, on every dialect.
    assert [(r[-1], r[0]) for r in got] == sorted((r[-1], r[0]) for r in got)


def test_places_follow_attach_decisions_in_claim_order(
    real_ledger_path: Path, tmp_path: Path
) -> None:
    """Place rows are grouped by SQL for own nights and in Python for attached sources: every
    current place claim is counted once, under its source's attached night when there is one,
    and a night's rows keep the order of their first claims by (own night, id)."""
    path = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, path)
    engine = connect(path)
    moved = _attach_some(engine)
    resolve.resolve_nights(engine, claim_nights(engine))
    with engine.connect() as conn:
        places = conn.execute(
            text(
                "SELECT c.id, c.night, c.source_id FROM claims c JOIN sources s ON s.id = "
                "c.source_id WHERE c.kind = 'place' AND c.place IS NOT NULL "
                "AND s.superseded_by IS NULL AND NOT s.withdrawn"
            )
        ).all()
        rows = conn.execute(
            text("SELECT night, n_claims, claim_ids FROM night_places ORDER BY id")
        ).all()
    own = {int(i): (str(n), int(s)) for i, n, s in places}
    filed: dict[int, str] = {}
    firsts: dict[str, list[tuple[str, int]]] = {}
    for night, n_claims, claim_ids in rows:
        ids = json.loads(claim_ids)
        assert n_claims == len(ids) and ids == sorted(ids)
        for i in ids:
            assert i not in filed, "a place claim counted twice"
            filed[i] = str(night)
        firsts.setdefault(str(night), []).append(min((own[i][0], i) for i in ids))
    assert set(filed) == set(own)
    shifted = [i for i, (_n, s) in own.items() if s in moved]
    assert shifted, "no attached source has a place claim"
    for i, (night, source_id) in own.items():
        assert filed[i] == str(moved.get(source_id, night))
    assert any(filed[i] != own[i][0] for i in shifted)
    for night, keys in firsts.items():
        assert keys == sorted(keys), night
