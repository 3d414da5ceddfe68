"""Publication embargo: public outputs hold back places finer than an oblast, then release them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strikewatch import embargo
from strikewatch.domain import KYIV
from strikewatch.ingest import Document, ingest_document
from strikewatch.ledger import connect, queries

_MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"]  # fmt: skip


def _post(published: dt.datetime) -> Document:
    local = published.astimezone(KYIV)
    text = (
        f"У ніч на {local.day} {_MONTHS[local.month - 1]} противник атакував 48 ударними БпЛА "
        "типу Shahed. За попередніми даними, збито/подавлено 41 ворожий БпЛА.\n"
        "Зафіксовано влучання у Білій Церкві, уражено об'єкт енергетики на Київщині."
    )
    return Document(name="t.me/kpszsu/9001", text=text, url="https://t.me/kpszsu/9001",
                    publisher="Air Force Command of the Armed Forces of Ukraine",
                    published=published, identity_key="t.me/kpszsu/9001", kind="channel_post")  # fmt: skip


def _places(data: object) -> set[str]:
    found: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if isinstance(x.get("place"), str):
                found.add(x["place"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    return found


def test_coarse_place() -> None:
    assert embargo.coarse_place("bila_tserkva") == ("kyiv_oblast", True)
    assert embargo.coarse_place("kyiv_oblast") == ("kyiv_oblast", False)
    assert embargo.coarse_place("no_such_place") == (None, True)


def test_redact_holds_back_then_releases(tmp_path: Path) -> None:
    published = dt.datetime(2026, 7, 20, 6, 0, tzinfo=dt.UTC)
    engine = connect(tmp_path / "e.sqlite")
    result = ingest_document(engine, _post(published))
    night = result.night
    assert night == dt.date(2026, 7, 20)
    detail = queries.night_detail(engine, night)
    assert detail is not None and "bila_tserkva" in _places(detail)  # local use: everything
    held = embargo.redact(detail, now=published + dt.timedelta(hours=2))
    assert "bila_tserkva" not in _places(held) and "kyiv_oblast" in _places(held)
    assert "Білій Церкві" not in json.dumps(held, ensure_ascii=False, default=str)
    assert held["embargo"]["held_back"] > 0 and "12 h" in held["embargo"]["note"]
    assert held["totals"] == detail["totals"]  # figures are never touched
    # a night label alone counts as ending at noon Kyiv time (09:00 UTC in summer): the
    # night-wide lists are held until 21:00 UTC, later than the post's own 18:00 UTC
    assert "bila_tserkva" not in _places(
        embargo.redact(detail, now=published + dt.timedelta(hours=13))
    )
    later = embargo.redact(detail, now=published + dt.timedelta(hours=15, minutes=1))
    assert "bila_tserkva" in _places(later) and later["embargo"]["held_back"] == 0
    longer = embargo.redact(detail, now=published + dt.timedelta(hours=15, minutes=1), hours=24)
    assert "bila_tserkva" not in _places(longer)


def test_unknown_time_is_held_back() -> None:
    out = embargo.redact({"items": [{"place": "bila_tserkva", "text": "..."}]})
    assert out["items"][0] == {"place": "kyiv_oblast", "text": embargo.WITHHELD}


def test_public_api_holds_back_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strikewatch.web import create_app

    published = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    db = tmp_path / "p.sqlite"
    night = ingest_document(connect(db), _post(published)).night
    assert night is not None
    with TestClient(create_app(str(db))) as client:
        local = client.get(f"/api/nights/{night}").json()
        assert "bila_tserkva" in _places(local) and "embargo" not in local
    monkeypatch.setenv(embargo.PUBLIC_ENV, "1")
    with TestClient(create_app(str(db))) as client:
        public = client.get(f"/api/nights/{night}").json()
        assert "bila_tserkva" not in _places(public) and public["embargo"]["held_back"] > 0
        for path in ("/api/claims", "/api/sources", "/api/sources/1"):
            body = client.get(path).json()
            assert "bila_tserkva" not in _places(body), path
            assert "Білій Церкві" not in json.dumps(body, ensure_ascii=False), path
