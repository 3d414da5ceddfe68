"""Watch rules on the real ledger; alerts fire once; Atom parses; webhooks retry with back-off."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from tests.web.conftest import copy_ledger
from typer.testing import CliRunner

from strikewatch.outbound import Policy

LOCAL = Policy(allow_local=True)


@pytest.fixture
def ledger(real_ledger_path: Path, tmp_path: Path) -> Path:
    return copy_ledger(real_ledger_path, tmp_path / "ledger.sqlite")


def test_rules_on_known_nights(real_engine) -> None:  # type: ignore[no-untyped-def]
    from strikewatch import snapshot, watch

    snap = snapshot.current(real_engine)

    def fired(night: str) -> set[str]:
        return {s.rule for s in watch.evaluate_night(snap, night) if s.fired}

    assert "record" in fired("2025-09-07")  # 810 drones, above 728 on 2025-07-09
    assert "new_ballistic_type" in fired("2024-11-21")  # first "ICBM"
    assert "west_share" in fired("2025-08-21")
    assert fired("2025-08-20") == set() or "record" not in fired("2025-08-20")
    assert watch.model_atoms("S-300/S-400 + Iskander-M") == ["S-300", "S-400", "Iskander-M"]
    assert watch.model_atoms("Ballistic missile") == []


def test_each_alert_fires_once_and_atom_parses(ledger: Path, tmp_path: Path) -> None:
    import datetime as dt

    from strikewatch.ledger import connect, queries
    from strikewatch.watch import run_watch

    engine = connect(ledger)
    feed = tmp_path / "alerts.xml"
    first = run_watch(engine, since=dt.date(2025, 9, 1), atom_path=str(feed))
    assert first.fired, "expected alerts after 2025-09-01"
    assert {(a["night"], a["rule"]) for a in first.fired} >= {("2025-09-07", "record")}
    second = run_watch(engine, since=dt.date(2025, 9, 1), atom_path=str(feed))
    assert second.fired == []
    stored = queries.alerts_table(engine, limit=1000)
    assert len(stored) == len(first.fired)
    assert len({(a["night"], a["rule"]) for a in stored}) == len(stored)
    root = ET.parse(feed).getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(stored)
    assert all(
        e.find("a:id", ns) is not None and e.find("a:updated", ns) is not None for e in entries
    )


class _Receiver(BaseHTTPRequestHandler):
    fail_first: ClassVar[int] = 2
    received: ClassVar[list[dict]] = []  # type: ignore[type-arg]
    attempts: ClassVar[int] = 0

    def do_POST(self) -> None:
        cls = type(self)
        cls.attempts += 1
        body = self.rfile.read(int(self.headers["content-length"]))
        if cls.attempts <= cls.fail_first:
            self.send_response(503)
            self.end_headers()
            return
        cls.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    class Handler(_Receiver):
        received: ClassVar[list[dict]] = []  # type: ignore[type-arg]
        attempts: ClassVar[int] = 0

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", Handler
    server.shutdown()


def test_webhook_retries_with_backoff(receiver) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.watch import post_webhook

    url, handler = receiver
    waits: list[float] = []
    result = post_webhook(url, {"x": 1}, retries=4, backoff=0.01, sleep=waits.append, policy=LOCAL)
    assert result.ok and result.attempts == 3 and handler.received == [{"x": 1}]
    assert waits == [0.01, 0.02]  # exponential


def test_webhook_gives_up(receiver) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.watch import post_webhook

    url, handler = receiver
    handler.fail_first = 100
    waits: list[float] = []
    result = post_webhook(url, {"x": 1}, retries=3, backoff=0.01, sleep=waits.append, policy=LOCAL)
    assert not result.ok and result.attempts == 4 and result.status == 503
    assert waits == [0.01, 0.02, 0.04]
    dead = post_webhook(
        "http://127.0.0.1:9/none", {}, retries=1, backoff=0.0, sleep=waits.append, policy=LOCAL
    )
    assert not dead.ok and dead.status is None and dead.error


def test_watch_command_delivers_to_webhook(ledger: Path, tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.cli import app

    url, handler = receiver
    handler.fail_first = 1
    feed = tmp_path / "feed.xml"
    runner = CliRunner()
    # From 2025-09-05: the 810-drone record of 2025-09-07 fires (the 2026-05-14 "record"
    # that fired from 2026-05-01 was a daytime wave summed into the next night, issue 9).
    out = runner.invoke(
        app,
        [
            "watch",
            "--since",
            "2025-09-05",
            "--webhook",
            url,
            "--allow-local",
            "--atom",
            str(feed),
            "--db",
            str(ledger),
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["fired"] and len(handler.received) == len(data["fired"])
    assert all(d["ok"] for d in data["deliveries"])
    ET.parse(feed)
    again = runner.invoke(
        app,
        [
            "watch",
            "--since",
            "2025-09-05",
            "--webhook",
            url,
            "--allow-local",
            "--db",
            str(ledger),
            "--json",
        ],
    )
    assert json.loads(again.stdout)["fired"] == []
    assert runner.invoke(app, ["watch", "--webhook", "ftp://x", "--db", str(ledger)]).exit_code == 2
