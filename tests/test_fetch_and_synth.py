"""`strikewatch fetch` against a real HTTP server on 127.0.0.1, and the synthetic generator."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.fetch import FetchError, fetch_dataset
from strikewatch.ledger import connect, queries
from strikewatch.synth import write_synthetic


@pytest.fixture
def server(tmp_path: Path, dataset_csv: Path) -> Iterator[str]:
    """Serve a directory holding the real dataset (and a broken file) on a free local port."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "missile_attacks_daily.csv").write_bytes(dataset_csv.read_bytes())
    (root / "not_a_dataset.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_verifies_and_imports(server: str, tmp_path: Path, dataset_csv: Path) -> None:
    sha = hashlib.sha256(dataset_csv.read_bytes()).hexdigest()
    db = tmp_path / "f.sqlite"
    out = tmp_path / "download.csv"
    result = CliRunner().invoke(
        app,
        [
            "fetch",
            "--allow-local",
            "--url",
            f"{server}/missile_attacks_daily.csv",
            "--sha256",
            sha,
            "-o",
            str(out),
            "--db",
            str(db),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows_read"] == 3770 and report["claims_written"] > 0
    assert out.read_bytes() == dataset_csv.read_bytes()
    detail = queries.night_detail(connect(db), "2025-08-21")
    assert detail is not None and detail["totals"]["drones"]["launched"] == 574


def test_fetch_rejects_bad_hash_bad_file_and_missing(server: str, tmp_path: Path) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("previous good copy", encoding="utf-8")
    with pytest.raises(FetchError, match="does not match"):
        fetch_dataset(
            url=f"{server}/missile_attacks_daily.csv",
            expected_sha256="0" * 64,
            output=out,
            allow_local=True,
        )
    with pytest.raises(FetchError, match="not the dataset"):
        fetch_dataset(url=f"{server}/not_a_dataset.csv", output=out, allow_local=True)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_dataset(url=f"{server}/nothing.csv", output=out, allow_local=True)
    assert (
        out.read_text(encoding="utf-8") == "previous good copy"
    )  # never replaced by a bad download
    with pytest.raises(FetchError, match="plain HTTP"):
        fetch_dataset(url="http://example.org/data.csv", output=out)
    result = CliRunner().invoke(
        app,
        [
            "fetch",
            "--allow-local",
            "--url",
            f"{server}/nothing.csv",
            "-o",
            str(out),
            "--db",
            str(tmp_path / "x.sqlite"),
        ],
    )
    assert result.exit_code == 2 and "404" in result.output


def test_synthetic_is_seeded_and_labelled(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    write_synthetic(a, rows=3000, seed=5)
    write_synthetic(b, rows=3000, seed=5)
    write_synthetic(c, rows=3000, seed=6)
    assert a.read_bytes() == b.read_bytes() and a.read_bytes() != c.read_bytes()
    db = tmp_path / "s.sqlite"
    runner = CliRunner()
    imported = runner.invoke(
        app, ["import", "dataset", str(a), "--synthetic", "--json", "--db", str(db)]
    )
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["synthetic"] is True
    top = runner.invoke(app, ["top", "--by", "drones", "--db", str(db)])
    assert "SYNTHETIC" in top.output
    rows = json.loads(
        runner.invoke(app, ["top", "--by", "drones", "--json", "--db", str(db)]).stdout
    )
    assert rows and all(r["synthetic"] for r in rows)
    night = json.loads(
        runner.invoke(app, ["night", rows[0]["night"], "--json", "--db", str(db)]).stdout
    )
    urls = {s["url"] for f in night["figures"] for s in f["sources"]}
    assert urls and all(u.startswith("synthetic:") for u in urls)  # never a real-looking post URL
    assert night["synthetic"] is True
    nightly = queries.nightly(connect(db))
    shares = nightly["drones_destroyed"] / nightly["drones"]
    assert 0.6 < shares.median() < 0.97  # interception shares shaped like the real record
    assert nightly["drones"].max() > 5 * nightly["drones"].median()  # heavy-tailed salvos


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost.example.com/missile_attacks_daily.csv",
        "http://127.0.0.1.nip.io/missile_attacks_daily.csv",
        "http://localhost@198.51.100.7/missile_attacks_daily.csv",
        "https://10.0.0.1/missile_attacks_daily.csv",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_fetch_refuses_lookalike_and_internal_hosts(url: str, tmp_path: Path) -> None:
    """The old prefix check let these through as "local"; now they are refused unsent."""
    out = tmp_path / "keep.csv"
    for flags in ([], ["--allow-local"]):  # --allow-local admits loopback only
        result = CliRunner().invoke(
            app, ["fetch", *flags, "--url", url, "-o", str(out), "--db", str(tmp_path / "x")]
        )
        assert result.exit_code == 2 and "refusing to download" in result.output, result.output
    assert not out.exists()


def test_fetch_refuses_a_redirect_to_an_internal_address(tmp_path: Path) -> None:
    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "https://10.0.0.1/missile_attacks_daily.csv")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchError, match=r"10\.0\.0\.1"):
            fetch_dataset(
                url=f"http://127.0.0.1:{httpd.server_address[1]}/data.csv",
                output=tmp_path / "d.csv",
                allow_local=True,
                retries=0,
            )
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert not (tmp_path / "d.csv").exists()
