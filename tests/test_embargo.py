"""Publication embargo: public outputs hold back places finer than an oblast, then release them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.test_watch_delivery import hook  # noqa: F401  (the local webhook receiver)

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


# ----------------------------------------------- every public output, one setting, one clock

PUBLISHED = dt.datetime(2026, 7, 20, 6, 0, tzinfo=dt.UTC)
FRESH = PUBLISHED + dt.timedelta(hours=2)  # the wave ended < 12 h ago: only the oblast
OLD = PUBLISHED + dt.timedelta(days=2)  # long after: the city may be published
#: Every way the city of our own report could show: its id, English and Ukrainian names.
FINE = ("bila_tserkva", "Bila Tserkva", "Біла Церква", "Білій Церкві", "Білої Церкви")
#: The real dataset's one night with a city named as hit: Kryvyi Rih on 2025-02-12, whose
#: night (known by its label) is taken to end at noon Kyiv time, 10:00 UTC.
REAL_NIGHT = dt.date(2025, 2, 12)
REAL_END = dt.datetime(2025, 2, 12, 10, 0, tzinfo=dt.UTC)
REAL_FINE = ("kryvyi_rih", "Kryvyi Rih", "Кривий Ріг", "Кривому Розі", "Кривого Рогу")


def _leaks(text: str, names: tuple[str, ...] = FINE) -> list[str]:
    return [name for name in names if name in text]


@pytest.fixture
def fresh_ledger(tmp_path: Path) -> tuple[Path, dt.date]:
    """A ledger holding our own report naming Bila Tserkva (Kyiv oblast), and an alert of
    its night whose wording names the city (as a rule's title might)."""
    db = tmp_path / "fresh.sqlite"
    engine = connect(db)
    night = ingest_document(engine, _post(PUBLISHED)).night
    assert night is not None
    queries.insert_alert(
        engine, night, "test_rule", "Strikes reported on Bila Tserkva",
        {"summary": "Hits in Bila Tserkva and Kyiv oblast", "detail": {"place": "bila_tserkva"}},
        fired_at=PUBLISHED,
    )  # fmt: skip
    return db, night


def test_html_briefing_withholds_then_releases(real_ledger_path: Path) -> None:
    from strikewatch.publish import html_briefing

    engine = connect(real_ledger_path)
    held, _ = html_briefing(engine, REAL_NIGHT, now=REAL_END + dt.timedelta(hours=2))
    assert _leaks(held, REAL_FINE) == [] and "Regions hit: " in held
    assert "Dnipropetrovsk oblast" in held  # Kryvyi Rih's oblast stands in for it
    assert 'id="embargo"' in held and "12 h after each wave ends" in held
    later, _ = html_briefing(engine, REAL_NIGHT, now=REAL_END + dt.timedelta(hours=12, minutes=1))
    assert "Kryvyi Rih" in later and 'id="embargo"' not in later
    private, _ = html_briefing(engine, REAL_NIGHT, now=REAL_END, private=True)  # local use
    assert "Kryvyi Rih" in private and 'id="embargo"' not in private
    longer, _ = html_briefing(engine, REAL_NIGHT, now=REAL_END + dt.timedelta(hours=13), hours=24)
    assert _leaks(longer, REAL_FINE) == [] and 'id="embargo"' in longer


def test_brief_command_html_is_public_unless_private(
    real_ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from strikewatch.cli import app

    # an embargo long enough to cover a 2025 night today: the configured hours are used
    monkeypatch.setenv(embargo.HOURS_ENV, str(24 * 365 * 20))
    out, private = tmp_path / "b.html", tmp_path / "p.html"
    args = ["brief", str(REAL_NIGHT), "--db", str(real_ledger_path), "--format", "html"]
    runner = CliRunner()
    assert runner.invoke(app, [*args, "-o", str(out)]).exit_code == 0
    assert runner.invoke(app, [*args, "--private", "-o", str(private)]).exit_code == 0
    public = out.read_text("utf-8")
    assert _leaks(public, REAL_FINE) == [] and 'id="embargo"' in public
    assert "Kryvyi Rih" in private.read_text("utf-8")


def test_atom_feed_withholds_and_says_so(fresh_ledger: tuple[Path, dt.date]) -> None:
    import xml.etree.ElementTree as ET

    from strikewatch.watch import ATOM_NS, Publication, atom_feed

    db, _ = fresh_ledger
    alerts = queries.alerts_table(connect(db))
    held = atom_feed(alerts, now=FRESH)
    root = ET.fromstring(held)  # still well-formed
    texts = " ".join(t for t in root.itertext())
    assert _leaks(held) == [] and "Kyiv oblast" in texts
    assert "12 h after each wave ends" in root.findtext(f"{{{ATOM_NS}}}subtitle", "")
    assert "withheld until" in root.findtext(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}summary", "")
    later = atom_feed(alerts, now=OLD)
    assert "Bila Tserkva" in later and "withheld" not in later and "subtitle" not in later
    assert "Bila Tserkva" in atom_feed(alerts, now=FRESH, publication=Publication(private=True))


def test_webhook_body_withholds_and_says_so(
    fresh_ledger: tuple[Path, dt.date],
    hook: tuple[str, int, type],  # noqa: F811  (the fixture imported above)
) -> None:
    from strikewatch.outbound import Policy
    from strikewatch.watch import resend

    db, _ = fresh_ledger
    url, _, handler = hook
    engine = connect(db)
    alert_id = int(queries.alerts_table(engine)[0]["id"])
    local = Policy(allow_local=True)
    assert resend(engine, alert_id, [url], policy=local, now=FRESH)[0].ok
    assert resend(engine, alert_id, [url], policy=local, now=OLD)[0].ok
    fresh, old = (json.dumps(b, ensure_ascii=False) for b in handler.accepted)
    assert _leaks(fresh) == [] and "Kyiv oblast" in fresh and "kyiv_oblast" in fresh
    assert handler.accepted[0]["alert"]["embargo"]["active"] is True
    assert "Bila Tserkva" in old and handler.accepted[1]["alert"]["embargo"]["active"] is False


def _client(db: Path, now: dt.datetime) -> TestClient:
    from strikewatch.web import create_app

    app = create_app(str(db))
    app.state.clock = lambda: now  # the embargo's clock, injected
    return TestClient(app)


def test_one_setting_governs_pages_and_api(
    fresh_ledger: tuple[Path, dt.date], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, night = fresh_ledger
    paths = [f"/nights/{night}", f"/briefing/{night}", "/alerts", f"/api/nights/{night}",
             f"/api/briefing/{night}", "/api/alerts", "/api/sources/1", "/api/claims"]  # fmt: skip
    with _client(db, FRESH) as local:  # not public: local use shows everything
        assert "Bila Tserkva" in local.get(f"/nights/{night}").text
        assert 'id="embargo-banner"' not in local.get("/").text
    monkeypatch.setenv(embargo.PUBLIC_ENV, "1")
    with _client(db, FRESH) as client:
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200 and _leaks(r.text) == [], (path, _leaks(r.text))
        page = client.get(f"/nights/{night}").text
        assert 'id="embargo-banner"' in page and "Kyiv oblast" in page
        assert "12 h after each wave ends" in page
        assert 'id="embargo"' in client.get(f"/briefing/{night}").text
        assert client.get(f"/api/briefing/{night}").json()["embargo"]["active"] is True
        assert 'id="embargo-banner"' in client.get("/map").text  # every page says so
    with _client(db, OLD) as client:
        page = client.get(f"/nights/{night}").text
        assert "Bila Tserkva" in page and 'id="embargo-banner"' in page
        assert client.get(f"/api/briefing/{night}").json()["embargo"]["active"] is False
        assert "bila_tserkva" in json.dumps(client.get(f"/api/nights/{night}").json())
        assert "Bila Tserkva" in client.get("/alerts").text


def test_public_pages_on_real_data(real_ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embargo.PUBLIC_ENV, "1")
    paths = [f"/nights/{REAL_NIGHT}", f"/briefing/{REAL_NIGHT}", f"/api/nights/{REAL_NIGHT}",
             f"/api/briefing/{REAL_NIGHT}"]  # fmt: skip
    with _client(real_ledger_path, REAL_END + dt.timedelta(hours=2)) as client:
        for path in paths:
            text = client.get(path).text
            assert _leaks(text, REAL_FINE) == [] and "Dnipropetrovsk" in text, path
    with _client(real_ledger_path, REAL_END + dt.timedelta(hours=13)) as client:
        for path in paths:
            assert "Kryvyi Rih" in client.get(path).text or "kryvyi_rih" in client.get(path).text


def test_a_city_filter_holds_back_fresh_nights(
    real_ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Nights that hit Kryvyi Rih" answers where strikes landed: held while fresh."""
    night = REAL_NIGHT.isoformat()
    params = {"since": "2025-02-01", "until": "2025-02-28"}

    def nights(client: TestClient, region: str) -> list[str]:
        body = client.get("/api/nights", params=params | {"region": region}).json()
        return [r["night"] for r in body["items"]]

    with _client(real_ledger_path, REAL_END + dt.timedelta(hours=2)) as local:
        assert night in nights(local, "kryvyi_rih")  # local use: everything
    monkeypatch.setenv(embargo.PUBLIC_ENV, "1")
    with _client(real_ledger_path, REAL_END + dt.timedelta(hours=2)) as client:
        assert night not in nights(client, "kryvyi_rih")
        assert night not in nights(client, "Kryvyi Rih")
        held = client.get("/api/nights", params=params | {"region": "kryvyi_rih"}).json()
        assert held["embargo"]["held_back"] >= 1
        oblast = client.get("/api/nights", params=params | {"region": "dnipropetrovsk_oblast"})
        assert "embargo" not in oblast.json() and oblast.json()["items"]  # an oblast is shown
    with _client(real_ledger_path, REAL_END + dt.timedelta(hours=13)) as client:
        assert night in nights(client, "kryvyi_rih")
