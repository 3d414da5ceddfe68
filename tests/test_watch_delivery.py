"""Webhook delivery: the outbound policy refuses internal targets before any traffic, and the
outbox delivers each alert to each webhook exactly once across failing and working runs."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from tests.hostile import ledger_with_rows
from tests.web.conftest import copy_ledger
from typer.testing import CliRunner

from strikewatch import outbound
from strikewatch.outbound import Policy, StaticResolver

LOCAL = Policy(allow_local=True)
T0 = dt.datetime(2026, 6, 10, 6, 0, tzinfo=dt.UTC)


class _Hook(BaseHTTPRequestHandler):
    failing: ClassVar[bool] = False
    accepted: ClassVar[list[dict]] = []  # type: ignore[type-arg]
    requests: ClassVar[int] = 0
    keys: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        cls = type(self)
        cls.requests += 1
        body = self.rfile.read(int(self.headers["content-length"]))
        if cls.failing:
            self.send_response(503)
            self.end_headers()
            return
        cls.accepted.append(json.loads(body))
        cls.keys.append(self.headers.get("Idempotency-Key", ""))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[str, int, type[_Hook]]]:
    class Handler(_Hook):
        failing: ClassVar[bool] = False
        accepted: ClassVar[list[dict]] = []  # type: ignore[type-arg]
        requests: ClassVar[int] = 0
        keys: ClassVar[list[str]] = []

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    yield f"http://127.0.0.1:{port}/hook", port, Handler
    server.shutdown()


@pytest.fixture
def ledger(real_ledger_path: Path, tmp_path: Path) -> Path:
    return copy_ledger(real_ledger_path, tmp_path / "ledger.sqlite")


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "http://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/",
        "https://[fd00::1]/hook",
    ],
)
def test_watch_refuses_internal_webhooks(url: str, tmp_path: Path) -> None:
    from strikewatch.cli import app

    out = CliRunner().invoke(app, ["watch", "--webhook", url, "--db", str(tmp_path / "l.sqlite")])
    assert out.exit_code == 2, out.output
    assert "refused" in out.output or "only" in out.output
    # the ledger was not even opened: the refusal comes before any work
    assert not (tmp_path / "l.sqlite").exists()


def test_a_name_resolving_to_loopback_gets_no_traffic(hook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.cli import app
    from strikewatch.watch import post_webhook

    _, port, handler = hook
    url = f"https://hook.example.test:{port}/hook"
    stub = StaticResolver({"hook.example.test": ["127.0.0.1"]})
    with outbound.using_resolver(stub):
        out = CliRunner().invoke(app, ["watch", "--webhook", url, "--db", str(tmp_path / "l")])
        result = post_webhook(url, {"x": 1}, retries=2, backoff=0.0, sleep=lambda _: None)
    assert out.exit_code == 2 and "resolves to 127.0.0.1" in out.output, out.output
    assert not result.ok and result.attempts == 0 and "loopback" in str(result.error)
    assert stub.asked and handler.requests == 0  # checked, and never connected


def test_webhook_credentials_never_shown(tmp_path: Path) -> None:
    from strikewatch.cli import app

    url = "https://alice:pa55word@hooks.example.test/x?token=t0ken"
    out = CliRunner().invoke(app, ["watch", "--webhook", url, "--db", str(tmp_path / "l")])
    assert out.exit_code == 2
    assert "pa55word" not in out.output and "t0ken" not in out.output
    assert "***@hooks.example.test" in out.output


def test_failed_then_working_webhook_delivers_exactly_once(ledger: Path, hook) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.ledger import connect, outbox
    from strikewatch.watch import run_watch

    url, _, handler = hook
    engine = connect(ledger)
    since = dt.date(2025, 9, 5)

    def run(now: dt.datetime):  # type: ignore[no-untyped-def]
        return run_watch(
            engine,
            since=since,
            webhooks=[url],
            policy=LOCAL,
            now=now,
            retries=1,
            backoff=0.0,
            sleep=lambda _: None,
        )

    handler.failing = True
    first = run(T0)
    assert first.fired and all(not d.ok for d in first.deliveries)
    fired_ids = sorted(a["id"] for a in first.fired)
    assert sorted(d.alert_id for d in first.deliveries) == fired_ids
    assert handler.accepted == [] and handler.requests == 2 * len(fired_ids)
    waiting = outbox.pending(engine)
    assert sorted(r["alert_id"] for r in waiting) == fired_ids
    assert all(r["last_status"] == 503 and r["attempts"] == 1 for r in waiting)

    handler.failing = False
    too_soon = run(T0 + dt.timedelta(seconds=20))  # within the run back-off: not retried
    assert too_soon.fired == [] and too_soon.deliveries == [] and handler.accepted == []

    second = run(T0 + dt.timedelta(minutes=2))
    assert second.fired == [] and all(d.ok for d in second.deliveries)
    assert sorted(a["alert"]["id"] for a in handler.accepted) == fired_ids
    assert handler.keys == [f"strikewatch-alert-{a['alert']['id']}" for a in handler.accepted]
    assert outbox.pending(engine) == []

    third = run(T0 + dt.timedelta(hours=1))
    assert third.deliveries == []
    assert len(handler.accepted) == len(fired_ids)  # exactly once each


def test_pending_and_resend_commands(ledger: Path, hook) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.cli import app

    url, _, handler = hook
    runner = CliRunner()
    base = ["--db", str(ledger), "--allow-local"]
    handler.failing = True
    out = runner.invoke(
        app, ["watch", "--since", "2025-09-05", "--webhook", url, "--retries", "0", *base]
    )
    assert out.exit_code == 3, out.output
    listed = runner.invoke(app, ["watch", "--pending", "--json", *base])
    rows = json.loads(listed.stdout)
    assert rows and {r["url_shown"] for r in rows} == {url}
    alert_id = rows[0]["alert_id"]

    handler.failing = False
    sent = runner.invoke(app, ["watch", "--resend", str(alert_id), "--webhook", url, *base])
    assert sent.exit_code == 0, sent.output
    assert alert_id in [a["alert"]["id"] for a in handler.accepted]
    again = runner.invoke(
        app, ["watch", "--resend", str(alert_id), "--webhook", url, "--json", *base]
    )
    assert [d["ok"] for d in json.loads(again.stdout)["deliveries"]] == [True]
    ids = [a["alert"]["id"] for a in handler.accepted]
    assert ids.count(alert_id) == 2  # an explicit resend sends again; nothing else repeats
    missing = runner.invoke(app, ["watch", "--resend", "999999", "--webhook", url, *base])
    assert missing.exit_code == 1 and "no alert" in missing.output


def test_atom_feed_of_a_model_with_control_characters_parses(
    real_ledger_path: Path, dataset_csv: Path, weapons_csv: Path, tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    from strikewatch.ledger import connect
    from strikewatch.watch import run_watch

    row = (
        '2026-06-09 18:00,2026-06-10 08:00,"Iskander-M\x1b[31m",Kursk oblast,Ukraine,,'
        "3.0,1.0,,,,,,,,,,,,,,kpszsu/posts/hostile-model"
    )
    weapons = '"Iskander-M\x1b[31m",ballistic missile,russia,,,,,,,,,'
    hostile = ledger_with_rows(
        real_ledger_path, dataset_csv, tmp_path, [row], weapons=weapons, weapons_csv=weapons_csv
    )
    engine = connect(hostile)
    feed = tmp_path / "alerts.xml"
    report = run_watch(engine, since=dt.date(2026, 6, 9), atom_path=str(feed))
    assert any("\x1b" in a["title"] for a in report.fired), "the hostile model fired no alert"
    text = feed.read_text(encoding="utf-8")
    assert "\x1b" not in text and "Iskander-M\\x1b[31m" in text
    root = ET.fromstring(text.encode("utf-8"))
    titles = [e.text or "" for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Iskander-M\\x1b[31m" in t for t in titles)


def test_outbox_on_both_databases(ledger_url: str) -> None:
    """Queue, claim once, fail with back-off, deliver once: SQLite and PostgreSQL alike."""
    from strikewatch.ledger import connect, outbox, queries

    engine = connect(ledger_url)
    alert_id = queries.insert_alert(engine, dt.date(2025, 8, 21), "record", "Record", {"x": 1})
    assert alert_id is not None
    hooks = [("k" * 64, "https://hooks.example.test/a")]
    outbox.enqueue(engine, alert_id, hooks, T0)
    outbox.enqueue(engine, alert_id, hooks, T0)  # idempotent: still one delivery
    due = outbox.due(engine, ["k" * 64], T0)
    assert [r["alert_id"] for r in due] == [alert_id] and due[0]["payload"] == {"x": 1}
    lease = dt.timedelta(minutes=10)
    assert outbox.claim(engine, due[0]["id"], T0, lease) is True
    assert outbox.claim(engine, due[0]["id"], T0, lease) is False  # a racing run loses
    later = T0 + dt.timedelta(minutes=1)
    outbox.record(
        engine, due[0]["id"], ok=False, attempts=1, status=503, error="HTTP 503",
        now=T0, next_attempt_at=later,
    )  # fmt: skip
    assert outbox.due(engine, ["k" * 64], T0 + dt.timedelta(seconds=30)) == []
    (row,) = outbox.pending(engine)
    assert row["attempts"] == 1 and row["last_status"] == 503 and row["next_attempt_at"] == later
    assert outbox.claim(engine, due[0]["id"], later, lease) is True
    outbox.record(
        engine, due[0]["id"], ok=True, attempts=1, status=204, error=None,
        now=later, next_attempt_at=later,
    )  # fmt: skip
    assert outbox.pending(engine) == [] and outbox.due(engine, ["k" * 64], later) == []
    outbox.enqueue(engine, alert_id, hooks, later, reset=True)  # --resend
    assert [r["alert_id"] for r in outbox.due(engine, ["k" * 64], later)] == [alert_id]
