"""Text claims merged with dataset claims on the real ledger (issue 3's worked example).

The first seed ("hundreds of drones and dozens of missiles") ingested for 2025-08-21 agrees
with the dataset's 574 drones and 36 missiles; a third source saying 40 missiles makes the
missile figures disputed, with both sides visible. The undated second seed is not attached
to any night unless told, and `read --match` ranks 2026-02-03 first.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from strikewatch.cli import app


def seed(seeds_dir: Path, index: int) -> Path:
    return sorted(seeds_dir.glob("*.txt"))[index]


def test_seed_ingest_consistent_then_disputed(
    tmp_path: Path, real_ledger_path: Path, seeds_dir: Path
) -> None:
    db = tmp_path / "ledger.sqlite"
    shutil.copy(real_ledger_path, db)
    runner = CliRunner()
    ingested = runner.invoke(
        app,
        [
            "ingest",
            str(seed(seeds_dir, 0)),
            "--night",
            "2025-08-21",
            "--publisher",
            "news site",
            "--db",
            str(db),
            "--json",
        ],
    )
    assert ingested.exit_code == 0, ingested.output
    detail = json.loads(
        runner.invoke(app, ["night", "2025-08-21", "--json", "--db", str(db)]).stdout
    )
    statuses = {f["model"]: f["status"] for f in detail["figures"]}
    assert statuses["Shahed-136/131"] == "official" and statuses["Kalibr"] == "official"
    texts = " ".join(str(c.get("text")) for c in detail["text_claims"]).lower()
    assert "hundreds" in texts and "dozens" in texts  # both sources visible
    # a second ingest of the same text is a no-op
    again = runner.invoke(
        app, ["ingest", str(seed(seeds_dir, 0)), "--night", "2025-08-21", "--db", str(db), "--json"]
    )
    assert again.exit_code == 0 and json.loads(again.stdout)["claims_written"] == 0

    third = tmp_path / "third.txt"
    third.write_text(
        "Overnight Russia fired 40 missiles and 560 drones at Ukraine, officials said.",
        encoding="utf-8",
    )
    runner.invoke(app, ["ingest", str(third), "--night", "2025-08-21", "--db", str(db)])
    detail = json.loads(
        runner.invoke(app, ["night", "2025-08-21", "--json", "--db", str(db)]).stdout
    )
    missile_statuses = {
        f["model"]: f["status"] for f in detail["figures"] if "missile" in f["weapon_class"]
    }
    assert set(missile_statuses.values()) == {"disputed"}
    kalibr = next(f for f in detail["figures"] if f["model"] == "Kalibr")
    assert any(d["value"] == 40 for d in kalibr["disputes"])
    shahed = next(f for f in detail["figures"] if f["model"] == "Shahed-136/131")
    assert shahed["status"] == "disputed"  # 560 is outside 574..574
    assert shahed["launched"] == 574  # the official figure stays; the dispute is shown beside it


def test_undated_seed_is_matched_not_attached(
    tmp_path: Path, real_ledger_path: Path, seeds_dir: Path
) -> None:
    runner = CliRunner()
    read = runner.invoke(app, ["read", str(seed(seeds_dir, 1)), "--json"])
    assert read.exit_code == 0, read.output
    claims = json.loads(read.stdout)
    assert claims and all(c["night"] is None for c in claims)
    matched = runner.invoke(
        app, ["read", str(seed(seeds_dir, 1)), "--match", "--json", "--db", str(real_ledger_path)]
    )
    assert matched.exit_code == 0, matched.output
    payload = json.loads(matched.stdout)
    ranking = payload["matches"] if isinstance(payload, dict) else payload
    assert ranking[0]["night"] == "2026-02-03"
