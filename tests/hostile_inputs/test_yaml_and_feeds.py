"""Hostile scenario YAML (object tags, alias bombs) and hostile fields in Atom/webhook output."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.hostile_inputs.conftest import Run, contains, fingerprint

from strikewatch.outbound import Policy

LOCAL = Policy(allow_local=True)  # the receiver below is on 127.0.0.1

TAGS = {
    "object/apply": "!!python/object/apply:os.system ['touch {marker}']\n",
    "object/new": "runs: !!python/object/new:os.system ['touch {marker}']\n",
    "name": "extends: !!python/name:os.system\n",
    "module": "x: !!python/module:os\n",
}


@pytest.mark.parametrize("tag", TAGS)
def test_scenario_object_tags_refused(
    tag: str, cli: Run, hostile_ledger: str, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "scenario.yaml"
    path.write_text(TAGS[tag].format(marker=marker), encoding="utf-8")
    before = fingerprint(hostile_ledger)
    code, out = cli("strain", "project", "--scenario", str(path), "--runs", "10")
    assert code == 2, out
    assert contains(out, str(path)) and "not valid YAML" in out
    assert not marker.exists()  # nothing was constructed, let alone run
    assert fingerprint(hostile_ledger) == before


def test_scenario_alias_bomb_refused(cli: Run, tmp_path: Path) -> None:
    """Nested aliases (a "billion laughs") are refused by field, not expanded."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = cli("strain", "project", "--scenario", str(path), "--runs", "10")
    assert code == 2, out
    assert contains(out, str(path)) and "a0" in out


HOSTILE = "Geran <b>&amp;</b> ]]> \x07\x1b[31m\x0b \ud7ff\ufffe end"


def test_atom_and_webhook_carry_hostile_fields_safely(hostile_ledger: str) -> None:
    from strikewatch.ledger import connect, queries
    from strikewatch.watch import atom_feed, post_webhook

    engine = connect(hostile_ledger)
    import datetime as dt

    payload = {"summary": f"first {HOSTILE}", "model": HOSTILE}
    queries.insert_alert(engine, dt.date(2025, 3, 9), "new_model", f"New {HOSTILE}", payload)
    feed = atom_feed(queries.alerts_table(engine, limit=10), base_url="http://127.0.0.1/x")
    root = ET.fromstring(feed.encode("utf-8"))  # well-formed XML 1.0, whatever the fields held
    ns = {"a": "http://www.w3.org/2005/Atom"}
    title = root.find("a:entry/a:title", ns)
    assert title is not None and title.text is not None
    assert "Geran <b>&amp;</b> ]]>" in title.text and title.text.endswith("end")
    assert "<b>" not in feed  # escaped as text, not markup

    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        sent = post_webhook(url, {"alert": {"title": HOSTILE}}, retries=0, policy=LOCAL)
        assert sent.ok, sent
    finally:
        server.shutdown()
    assert json.loads(received[0])["alert"]["title"] == HOSTILE  # exact, as JSON escapes
