"""kill -9 at random points during `strikewatch ingest` of 500 documents, five times: after
each re-run the ledger equals the ledger of an uninterrupted run (issue 16, item 5).

Every document is stored with its claims and its nights re-resolved in one transaction, so a
kill leaves each document either absent or complete, with its nights resolved; the re-run
skips the stored ones and finishes the rest. ``STRIKEWATCH_KILL_DOCS`` / ``_RUNS`` change the
size (defaults: the issue's 500 documents and five kills).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.identity.conftest import rewrite

from strikewatch.importer import import_dataset
from strikewatch.ledger import connect

DOCS = int(os.environ.get("STRIKEWATCH_KILL_DOCS", "500"))
RUNS = int(os.environ.get("STRIKEWATCH_KILL_RUNS", "5"))
MONTHS = {8: "серпня", 9: "вересня"}


def feed(path: Path, n: int) -> Path:
    """n distinct Air Force-style reports over 2025-08-01 .. 2025-09-30 (dataset nights and
    nights only the texts cover), some agreeing with the dataset and some not."""
    rng = random.Random(16)
    lines = []
    for i in range(n):
        night = dt.date(2025, 8, 1) + dt.timedelta(days=i % 61)
        launched = rng.randint(20, 700)
        text = (
            f"У ніч на {night.day} {MONTHS[night.month]} противник атакував {launched} ударними "
            f"БпЛА типу Shahed. Протиповітряною обороною збито/подавлено {launched - rng.randint(0, 19)} "
            f"ворожих БпЛА. Повідомлення № {i}."
        )
        lines.append(
            json.dumps({"text": text, "night": night.isoformat(), "publisher": "Air Force"})
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(db: Path) -> dict[str, object]:
    """The ledger's content independent of row ids: sources, claims, and every resolved figure
    with the claims behind it (by claim hash)."""
    with sqlite3.connect(db) as conn:
        hashes = dict(conn.execute("SELECT id, claim_hash FROM claims"))
        figures = sorted(
            (
                night,
                cls,
                model,
                launched,
                destroyed,
                status,
                tuple(sorted(hashes[i] for i in json.loads(ids))),
            )
            for night, cls, model, launched, destroyed, status, ids in conn.execute(
                "SELECT night, weapon_class, model, launched, destroyed, status, claim_ids FROM attacks"
            )
        )
        return {
            "sources": sorted(r[0] for r in conn.execute("SELECT content_hash FROM sources")),
            "claims": sorted(hashes.values()),
            "figures": figures,
        }


def ingest(db: Path, jsonl: Path) -> subprocess.Popen[str]:
    cli = Path(sys.executable).with_name("strikewatch")
    return subprocess.Popen(
        [str(cli), "ingest", str(jsonl), "--json", "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_documents(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(
            conn.execute("SELECT count(*) FROM sources WHERE kind != 'dataset_row'").fetchone()[0]
        )


@pytest.fixture
def base(tmp_path: Path, dataset_csv: Path) -> Path:
    """A ledger holding the real rows of August 2025, so texts meet dataset figures."""
    part = rewrite(
        dataset_csv,
        tmp_path / "august.csv",
        lambda _l, row: row if row["time_end"].startswith("2025-08") else None,
    )
    db = tmp_path / "base.sqlite"
    import_dataset(connect(db), part)
    connect(db).dispose()
    return db


def test_kill_during_ingest_then_rerun_equals_uninterrupted(tmp_path: Path, base: Path) -> None:
    jsonl = feed(tmp_path / "feed.jsonl", DOCS)
    reference = tmp_path / "reference.sqlite"
    shutil.copy(base, reference)
    started = time.monotonic()
    proc = ingest(reference, jsonl)
    out, err = proc.communicate(timeout=1200)
    duration = time.monotonic() - started
    assert proc.returncode == 0, err
    assert stored_documents(reference) == DOCS
    expected = snapshot(reference)
    assert any(f[5] == "disputed" for f in expected["figures"])  # texts met dataset figures

    rng = random.Random(9)
    partial = 0
    for run in range(RUNS):
        db = tmp_path / f"killed{run}.sqlite"
        shutil.copy(base, db)
        proc = ingest(db, jsonl)
        # a random point: once a random number of documents is stored, plus a random delay
        target, deadline = rng.randint(1, DOCS - 1), time.monotonic() + duration * 2 + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if stored_documents(db) >= target:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        done = stored_documents(db)
        partial += 0 < done < DOCS
        again = ingest(db, jsonl)
        out, err = again.communicate(timeout=1200)
        assert again.returncode == 0, err
        summary = json.loads(out)
        rewritten = [d for d in summary["documents"] if d["claims_written"]]
        assert len(rewritten) == DOCS - done  # stored documents are skipped, the rest written
        assert snapshot(db) == expected, f"run {run}: killed after {done} documents"
    assert partial >= RUNS // 2 + 1, "most kills should land mid-ingest"


def test_stored_figures_equal_a_fresh_resolve(tmp_path: Path, base: Path) -> None:
    """What one-transaction ingest leaves equals `strikewatch resolve` from the claims."""
    jsonl = feed(tmp_path / "feed.jsonl", min(DOCS, 120))
    db = tmp_path / "l.sqlite"
    shutil.copy(base, db)
    proc = ingest(db, jsonl)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    before = snapshot(db)
    cli = Path(sys.executable).with_name("strikewatch")
    subprocess.run([str(cli), "resolve", "--db", str(db)], check=True, capture_output=True)
    assert snapshot(db) == before
