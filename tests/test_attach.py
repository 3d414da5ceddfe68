"""Attaching a stored text to a night (and relabelling it): logged, resolved, claims untouched."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from strikewatch.attach import attach_source
from strikewatch.cli import app
from strikewatch.errors import InputError, NotFound
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import attacks, claims, source_actions, sources

UNDATED = "Air defence destroyed 40 of 52 Shahed drones over Kharkiv region, the Air Force said."
D1, D2 = dt.date(2025, 3, 9), dt.date(2025, 3, 10)


def _source_id(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(sources.c.id)).scalar_one())


def _claims(engine: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(claims).order_by(claims.c.id))]


def _figures(engine: Any, night: dt.date) -> list[tuple[Any, ...]]:
    cols = (attacks.c.weapon_class, attacks.c.launched, attacks.c.destroyed, attacks.c.claim_ids)
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*cols).where(attacks.c.night == night))]


def test_attach_then_relabel(ledger_url: str) -> None:
    engine = connect(ledger_url)
    done = ingest_document(engine, Document(name="undated", text=UNDATED))
    assert done.claims_written == 3 and done.nights == []  # orphaned: no night, no figure
    source_id = _source_id(engine)
    stored = _claims(engine)
    assert not _figures(engine, D1)

    first = attach_source(engine, source_id, D1, reason="the 9 March report", actor="analyst")
    assert first.attached and first.previous_nights == [] and first.nights_resolved == 1
    (fig,) = _figures(engine, D1)
    assert fig[:3] == ("strike_drone", 52.0, 40.0)
    assert set(fig[3]) <= {c[0] for c in stored}  # the figure cites the source's own claims
    detail = queries.night_detail(engine, D1)
    assert detail is not None and detail["figures"][0]["sources"][0]["source_id"] == source_id

    second = attach_source(engine, source_id, D2, reason="relabel")
    assert second.attached and second.previous_nights == [D1]
    assert not _figures(engine, D1)  # it left D1 entirely: no stale figure, no false zero
    assert queries.night_detail(engine, D1) is None
    assert _figures(engine, D2)[0][:3] == ("strike_drone", 52.0, 40.0)

    again = attach_source(engine, source_id, D2)
    assert not again.attached and again.action_id is None
    with engine.connect() as conn:
        log = conn.execute(
            select(
                source_actions.c.action, source_actions.c.night, source_actions.c.reason
            ).order_by(source_actions.c.id)
        ).all()
    assert [tuple(r) for r in log] == [
        ("attach", D1, "the 9 March report"),
        ("attach", D2, "relabel"),
    ]
    assert _claims(engine) == stored  # claims are never edited

    from strikewatch.resolve import resolve_nights

    resolve_nights(engine)  # a full rebuild from claims + decisions gives the same figures
    assert _figures(engine, D2)[0][:3] == ("strike_drone", 52.0, 40.0) and not _figures(engine, D1)


def test_attach_errors(ledger_url: str) -> None:
    engine = connect(ledger_url)
    with pytest.raises(NotFound, match="no source 99"):
        attach_source(engine, 99, D1)
    ingest_document(engine, Document(name="empty", text="A quiet night, nothing to report."))
    with pytest.raises(InputError, match="nothing to attach"):
        attach_source(engine, _source_id(engine), D1)
    with engine.connect() as conn:
        assert not conn.execute(select(source_actions)).all()


def test_cli_attach_and_rerun_message(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.sqlite")
    report = tmp_path / "report.txt"
    report.write_text(UNDATED, encoding="utf-8")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())  # rich wraps long lines

    run("ingest", str(report))
    source_id = _source_id(connect(db))
    rerun = json.loads(run("ingest", str(report), "--night", D1.isoformat(), "--json"))
    doc = rerun["documents"][0]
    assert doc["claims_written"] == 0 and doc["attached"] is False
    assert f"nothing attached to {D1}" in doc["note"]
    assert f"strikewatch attach {source_id} --night {D1}" in doc["note"]
    out = run("attach", str(source_id), "--night", D1.isoformat(), "--reason", "dated by hand")
    assert f"Attached source {source_id}" in out and D1.isoformat() in out
    assert "already filed under" in run("attach", str(source_id), "--night", D1.isoformat())
    plain = run("ingest", str(report), "--night", D1.isoformat())
    assert f"filed under {D1}; nothing new attached" in plain
    assert "no source 12345" in run("attach", "12345", "--night", "2025-03-09", code=1)
    assert "--night" in run("attach", str(source_id), "--night", "9 March", code=2)


def test_api_attach(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    token = "attach-token"
    monkeypatch.setenv("STRIKEWATCH_TOKEN", token)
    engine = connect(ledger_url)
    ingest_document(engine, Document(name="undated", text=UNDATED))
    source_id = _source_id(engine)
    from strikewatch.web import create_app

    client = TestClient(create_app(ledger_url))
    path = f"/api/sources/{source_id}/attach"
    assert client.post(path, json={"night": "2025-03-09"}).status_code == 401
    auth = {"Authorization": f"Bearer {token}"}
    done = client.post(path, json={"night": "2025-03-09", "reason": "api"}, headers=auth)
    assert done.status_code == 201, done.text
    assert done.json()["attached"] is True and done.json()["previous_nights"] == []
    night = client.get("/api/nights/2025-03-09").json()
    assert night["figures"][0]["sources"][0]["source_id"] == source_id
    same = client.post(path, json={"night": "2025-03-09"}, headers=auth)
    assert same.status_code == 200 and same.json()["attached"] is False
    missing = client.post("/api/sources/999/attach", json={"night": "2025-03-09"}, headers=auth)
    assert missing.status_code == 404 and "no source 999" in missing.json()["detail"]
    bad = client.post(path, json={"night": "soon"}, headers=auth)
    assert bad.status_code == 422


# ------------------------------------------------ suggestions for texts the reader cannot date

#: Our own undated text whose figures are those of the real night 2025-08-21 (574 drones,
#: 36 missiles); 2025-11-29 (596 drones, 36 missiles) is the runner-up.
UNDATED_REAL = "Противник атакував 574 ударними БпЛА типу Shahed та 36 ракетами. Збито 546 БпЛА."
NO_YEAR = "У ніч на 21 серпня противник атакував 574 ударними БпЛА типу Shahed та 36 ракетами."
MATCH = dt.date(2025, 8, 21)


@pytest.fixture
def real_copy(real_ledger_path: Path, tmp_path: Path) -> Path:
    from tests.web.conftest import copy_ledger

    return copy_ledger(real_ledger_path, tmp_path / "real.sqlite")


def _cites(engine: Any, night: dt.date, source_id: int) -> bool:
    """Whether anything the night shows (a figure's claims, a text claim) is the source's."""
    detail = queries.night_detail(engine, night)
    assert detail is not None
    used = [s for f in detail["figures"] for s in f["sources"] + f["supporting"]]
    return any(x["source_id"] == source_id for x in used + detail["text_claims"])


def _totals(engine: Any, night: dt.date) -> dict[str, Any]:
    detail = queries.night_detail(engine, night)
    assert detail is not None
    return {"totals": detail["totals"], "figures": _figures(engine, night)}


def test_undated_text_keeps_a_suggestion_never_counted(real_copy: Path) -> None:
    from strikewatch.ledger.actions import attached_nights
    from strikewatch.resolve import resolve_nights
    from strikewatch.suggest import standing

    engine = connect(real_copy)
    before = _totals(engine, MATCH)
    done = ingest_document(engine, Document(name="undated", text=UNDATED_REAL))
    assert done.night is None and done.nights == [] and done.claims_written > 0
    s = done.suggestion
    assert s is not None and s["night"] == MATCH and s["counted"] is False
    assert s["attach"] == f"strikewatch attach {s['source_id']} --night {MATCH}"
    assert "574" in s["reason"] and "next best 2025-11-29" in s["reason"]
    with engine.connect() as conn:
        log = conn.execute(select(source_actions.c.action, source_actions.c.night)).all()
        assert [tuple(r) for r in log] == [("suggest", MATCH)]
        assert s["source_id"] not in attached_nights(conn)  # not a decision
    assert _totals(engine, MATCH) == before and not _cites(engine, MATCH, s["source_id"])
    resolve_nights(engine)  # in no figure, nor after a full rebuild from claims and decisions
    assert _totals(engine, MATCH) == before and not _cites(engine, MATCH, s["source_id"])
    assert standing(engine, s["source_id"])["night"] == MATCH  # type: ignore[index]
    attach_source(engine, s["source_id"], MATCH, reason="took the suggestion")
    assert _cites(engine, MATCH, s["source_id"])  # the decision files it
    assert standing(engine, s["source_id"]) is None  # an attach supersedes the suggestion


def test_a_date_without_year_narrows_the_match(real_copy: Path) -> None:
    engine = connect(real_copy)
    done = ingest_document(engine, Document(name="no-year", text=NO_YEAR))
    assert done.night is None and "night_year_unknown:08-21" in done.flags
    assert done.suggestion is not None and done.suggestion["night"] == MATCH
    assert "only nights of 21-08" in done.suggestion["reason"]
    assert "2025-11-29" not in done.suggestion["reason"]  # not a 21 August


def test_no_suggestion_without_a_fit(ledger_url: str, real_copy: Path) -> None:
    empty = connect(ledger_url)  # no nights to match
    assert ingest_document(empty, Document(name="u", text=UNDATED)).suggestion is None
    engine = connect(real_copy)
    quiet = ingest_document(engine, Document(name="q", text="A quiet night, nothing to report."))
    dated = ingest_document(
        engine, Document(name="d", text=UNDATED_REAL, night=dt.date(2025, 8, 20))
    )
    assert quiet.suggestion is None and dated.suggestion is None and dated.night is not None
    with engine.connect() as conn:
        assert not conn.execute(select(source_actions)).all()


def test_cli_and_api_show_the_suggestion(
    real_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(real_copy)
    report = tmp_path / "undated.txt"
    report.write_text(UNDATED_REAL, encoding="utf-8")
    runner = CliRunner()
    out = " ".join(runner.invoke(app, ["ingest", str(report), "--db", db]).output.split())
    source_id = _source_id_of(connect(db))
    command = f"strikewatch attach {source_id} --night {MATCH}"
    assert f"suggested night {MATCH}" in out and command in out
    rerun = runner.invoke(app, ["ingest", str(report), "--db", db, "--json"])
    doc = json.loads(rerun.stdout)["documents"][0]
    assert doc["claims_written"] == 0 and command in doc["note"]
    assert doc["suggestion"]["night"] == MATCH.isoformat()
    from strikewatch.web import create_app

    monkeypatch.setenv("STRIKEWATCH_TOKEN", "t")
    with TestClient(create_app(db)) as client:
        view = client.get(f"/api/sources/{source_id}").json()
        assert view["suggestion"]["attach"] == command and view["suggestion"]["counted"] is False
        saved = client.post(
            "/api/ingest", json={"text": NO_YEAR}, headers={"Authorization": "Bearer t"}
        )
        assert saved.status_code == 201 and saved.json()["suggestion"]["night"] == str(MATCH)
        assert runner.invoke(app, [*command.split()[1:], "--db", db]).exit_code == 0
        assert client.get(f"/api/sources/{source_id}?after=attach").json()["suggestion"] is None


def _source_id_of(engine: Any) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(sources.c.id).where(sources.c.text == UNDATED_REAL)).scalar_one()
        )
