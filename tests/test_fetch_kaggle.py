"""`strikewatch fetch` through kagglehub against a local stand-in for Kaggle's API.

kagglehub (through kagglesdk) sends its API calls to the endpoint of
``KAGGLE_API_ENVIRONMENT`` (``LOCALHOST`` → ``http://localhost/api/v1/...``) with ``requests``,
which honours the standard ``HTTP_PROXY`` variable: pointing that at the stand-in on 127.0.0.1
routes every call there, on any free port. No test touches the network.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import threading
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


class Kaggle:
    def __init__(self, archive: bytes, version: int) -> None:
        self.archive, self.version = archive, version
        self.calls: list[tuple[str, dict[str, object]]] = []
        self.fail_with: int | None = None


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
            if state.fail_with:
                self._send(
                    state.fail_with, b'{"code": 503, "message": "unavailable"}', "application/json"
                )
            elif self.path.endswith("/datasets.DatasetApiService/GetDataset"):
                body = {
                    "ref": "piterfm/massive-missile-attacks-on-ukraine",
                    "currentVersionNumber": state.version,
                }
                self._send(200, json.dumps(body).encode(), "application/json")
            elif self.path.endswith("/datasets.DatasetApiService/DownloadDataset"):
                self._send(200, state.archive, "application/zip")
            else:
                self._send(404, b'{"code": 404, "message": "no such call"}', "application/json")

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
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
    result = CliRunner().invoke(app, ["fetch", "--db", str(db), "--json"])
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
    again = json.loads(CliRunner().invoke(app, ["fetch", "--db", str(db), "--json"]).stdout)
    assert again["claims_written"] == 0 and again["version"] == 42
    assert sum(1 for c in kaggle.calls if c[0].endswith("DownloadDataset")) == 1


def test_kaggle_unreachable_is_a_plain_error(kaggle: Kaggle, tmp_path: Path) -> None:
    kaggle.fail_with = 503
    with pytest.raises(FetchError, match="Offline\\? Use --url"):
        fetch_kaggle()
    result = CliRunner().invoke(app, ["fetch", "--db", str(tmp_path / "x.sqlite")])
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
