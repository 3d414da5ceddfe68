"""`strikewatch fetch` through kagglehub against a local stand-in for Kaggle's API.

kagglehub (through kagglesdk) sends its API calls to the endpoint of
``KAGGLE_API_ENVIRONMENT`` (``LOCALHOST`` → ``http://localhost/api/v1/...``) with ``requests``,
which honours the standard ``HTTP_PROXY`` variable: pointing that at the stand-in on 127.0.0.1
routes every call there, on any free port. No test touches the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import json
import threading
import time
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.fetch import ATTRIBUTION, UNOFFICIAL, FetchError, fetch_kaggle
from strikewatch.ledger import connect, queries
from strikewatch.ledger.schema import dataset_releases

#: A signed download link as Kaggle's storage hands them out (its signature is a secret).
SIGNED = "http://localhost/storage/archive.zip?X-Goog-Signature=abc123secret&X-Goog-Expires=60"


class Kaggle:
    def __init__(self, archive: bytes, version: int) -> None:
        self.archive, self.version = archive, version
        self.calls: list[tuple[str, dict[str, object]]] = []
        self.fail_with: int | None = None
        self.stall = 0.0  # seconds to wait before answering
        self.message = "unavailable"
        self.storage_fails = False  # the download redirects to a signed storage URL that fails


@pytest.fixture
def kaggle(
    tmp_path: Path, dataset_csv: Path, weapons_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Kaggle]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(dataset_csv, "missile_attacks_daily.csv")
        z.write(weapons_csv, "missiles_and_uavs.csv")
    state = Kaggle(buffer.getvalue(), 42)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = json.loads(self.rfile.read(length) or b"{}")
            state.calls.append((self.path, request))
            if state.stall:
                time.sleep(state.stall)
            if state.fail_with:
                body = json.dumps({"code": state.fail_with, "message": state.message})
                self._send(state.fail_with, body.encode(), "application/json")
            elif self.path.endswith("/datasets.DatasetApiService/GetDataset"):
                body = {
                    "ref": "piterfm/massive-missile-attacks-on-ukraine",
                    "currentVersionNumber": state.version,
                }
                self._send(200, json.dumps(body).encode(), "application/json")
            elif self.path.endswith("/datasets.DatasetApiService/DownloadDataset"):
                if state.storage_fails:
                    self.send_response(302)
                    self.send_header("Location", SIGNED)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._send(200, state.archive, "application/zip")
            else:
                self._send(404, b'{"code": 404, "message": "no such call"}', "application/json")

        def do_GET(self) -> None:  # the signed storage URL of a redirected download
            state.calls.append((self.path, {}))
            self._send(500, b"storage unavailable", "text/plain")

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError):  # the client gave up (its timeout)
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    proxy = f"http://127.0.0.1:{httpd.server_address[1]}"
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_API_TOKEN", "STRIKEWATCH_DATASET_URL",
                 "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KAGGLE_API_ENVIRONMENT", "LOCALHOST")
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(tmp_path / "no-kaggle-config"))
    monkeypatch.setenv("KAGGLEHUB_CACHE", str(tmp_path / "kagglehub"))
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_from_kaggle_records_version_and_checksum(
    kaggle: Kaggle, tmp_path: Path, dataset_csv: Path
) -> None:
    db = tmp_path / "k.sqlite"
    result = CliRunner().invoke(app, ["fetch", "--allow-local", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # kagglehub's own logging stays off stdout
    sha = hashlib.sha256(dataset_csv.read_bytes()).hexdigest()
    assert out["official"] is True and out["label"] is None
    assert (out["version"], out["sha256"], out["handle"]) == (
        42,
        sha,
        "piterfm/massive-missile-attacks-on-ukraine",
    )
    assert out["attribution"] == ATTRIBUTION and "Petro Ivaniuk" in ATTRIBUTION
    assert out["rows_read"] == 3770 and out["claims_written"] > 0
    requested = next(c for c in kaggle.calls if c[0].endswith("GetDataset"))[1]
    assert requested == {
        "ownerSlug": "piterfm",
        "datasetSlug": "massive-missile-attacks-on-ukraine",
    }
    engine = connect(db)
    with engine.connect() as conn:
        row = conn.execute(select(dataset_releases)).one()
    assert (row.version, row.sha256, row.official, row.origin) == (
        42,
        sha,
        True,
        "kaggle:piterfm/massive-missile-attacks-on-ukraine",
    )
    detail = queries.night_detail(engine, "2025-08-21")
    assert detail is not None and detail["totals"]["drones"]["launched"] == 574
    status = json.loads(CliRunner().invoke(app, ["status", "--db", str(db), "--json"]).stdout)
    dataset = status["sources"]["dataset"]
    assert dataset["version"] == 42 and dataset["last_seen"].startswith("2026-06")
    assert dataset["last_fetch"] is not None
    # the same release again: kagglehub's cache answers, the import writes nothing new
    again = json.loads(
        CliRunner().invoke(app, ["fetch", "--allow-local", "--db", str(db), "--json"]).stdout
    )
    assert again["claims_written"] == 0 and again["version"] == 42
    assert sum(1 for c in kaggle.calls if c[0].endswith("DownloadDataset")) == 1


def test_kaggle_unreachable_is_a_plain_error(kaggle: Kaggle, tmp_path: Path) -> None:
    kaggle.fail_with = 503
    with pytest.raises(FetchError, match="Offline\\? Use --url"):
        fetch_kaggle(allow_local=True)
    result = CliRunner().invoke(app, ["fetch", "--allow-local", "--db", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 2 and "Kaggle" in result.output


def test_mirror_is_labelled_unofficial(tmp_path: Path, dataset_csv: Path) -> None:
    root = tmp_path / "www"
    root.mkdir()
    (root / "missile_attacks_daily.csv").write_bytes(dataset_csv.read_bytes())
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/missile_attacks_daily.csv"
        db = tmp_path / "m.sqlite"
        result = CliRunner().invoke(
            app, ["fetch", "--allow-local", "--url", url, "--db", str(db), "--json"]
        )
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["official"] is False and out["label"] == UNOFFICIAL and out["version"] is None
        human = CliRunner().invoke(app, ["fetch", "--allow-local", "--url", url, "--db", str(db)])
        assert "UNOFFICIAL MIRROR" in human.output
        with connect(db).connect() as conn:
            rows = conn.execute(
                select(dataset_releases.c.official, dataset_releases.c.origin)
            ).all()
        assert rows == [(False, url), (False, url)]
        status = json.loads(CliRunner().invoke(app, ["status", "--db", str(db), "--json"]).stdout)
        assert status["sources"]["dataset"]["official"] is False
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_kagglehub_goes_through_the_outbound_policy(kaggle: Kaggle, tmp_path: Path) -> None:
    """The configured endpoint (here http://localhost) is checked before anything is sent:
    without --allow-local nothing reaches the stand-in; with it, every request kagglehub
    sends passed the policy."""
    from strikewatch import outbound
    from strikewatch.fetch import kaggle_endpoint

    assert kaggle_endpoint() == "http://localhost"
    result = CliRunner().invoke(app, ["fetch", "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "refusing to download" in result.output
    assert "--allow-local" in result.output and kaggle.calls == []
    with outbound.guarded_requests(outbound.Policy(allow_local=True)) as sent:
        fetch_kaggle(allow_local=True)
    assert sent and all(u.startswith("http://localhost/api/v1/") for u in sent)
    assert any(u.endswith("/DownloadDataset") for u in sent)
    # the guard is gone after the block: requests behaves as it did
    import requests.adapters

    assert requests.adapters.HTTPAdapter.send.__name__ == "send"
    assert requests.adapters.HTTPAdapter.send.__qualname__ == "HTTPAdapter.send"


def test_kagglehub_proxy_is_checked_too(
    kaggle: Kaggle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """requests connects to the proxy, so the proxy must pass the policy as well."""
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.1:3128")
    monkeypatch.setenv("http_proxy", "http://10.0.0.1:3128")
    with pytest.raises(FetchError, match=r"10\.0\.0\.1"):
        fetch_kaggle(allow_local=True)
    assert kaggle.calls == []


def test_kagglehub_timeout_is_ours(kaggle: Kaggle) -> None:
    """kagglehub waits 15 s between bytes; our --timeout caps it (a stalled answer fails)."""
    kaggle.stall = 3.0
    with pytest.raises(FetchError, match=r"(?i)time"):
        fetch_kaggle(allow_local=True, timeout=0.5)


def test_no_credentials_in_kaggle_errors(
    kaggle: Kaggle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A failed download names its (signed) URL: the signature never reaches the output,
    nor does a Kaggle key the message might carry."""
    from strikewatch.fetch import scrub

    kaggle.storage_fails = True
    result = CliRunner().invoke(app, ["fetch", "--allow-local", "--db", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 2 and "Kaggle" in result.output
    assert any("/storage/" in c[0] for c in kaggle.calls)  # the redirect was followed
    assert "abc123secret" not in result.output
    monkeypatch.setenv("KAGGLE_KEY", "k3y-that-must-not-show")
    shown = scrub(f"denied for k3y-that-must-not-show at {SIGNED}")
    assert "k3y-that-must-not-show" not in shown and "abc123secret" not in shown
    assert "X-Goog-Signature=***" in shown and "X-Goog-Expires=60" in shown
