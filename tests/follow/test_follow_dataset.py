"""A channel post and the dataset row coded from the same report: compared, never summed.

The dataset's rows are the primary figures of a night; a post read from the channel is a text
claim checked against them (agreement: supporting evidence; disagreement beyond ranges: the
figure is ``disputed`` with both visible). The figures below are the dataset's own for the
night of 20→21 August 2025; the post text is written for this test.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.follow.conftest import PreviewServer
from tests.follow.preview import P, page
from tests.follow.test_follow import FAST
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect, queries


def _post(drones: int) -> P:
    return P(
        5001,
        "2025-08-21T06:35:00+00:00",
        f"У ніч на 21 серпня (з 18:40 20 серпня) противник атакував {drones} ударними БпЛА типу "
        "Shahed, «Гербера» та інших типів.\n"
        "За попередніми даними, станом на 09:00 протиповітряною обороною збито/подавлено 546 "
        "ворожих БпЛА.",
    )


def _ledger(real_ledger_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.sqlite"
    with sqlite3.connect(real_ledger_path) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    return db


def _follow(preview: PreviewServer, db: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["follow", "--base-url", preview.url, "--db", str(db), "--json", "--once", *FAST]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _drone_figure(detail: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in detail["figures"] if f["weapon_class"] == "strike_drone")


def test_agreeing_post_supports_the_dataset_figure(
    preview: PreviewServer, real_ledger_path: Path, tmp_path: Path
) -> None:
    db = _ledger(real_ledger_path, tmp_path)
    preview.pages["/s/kpszsu"] = page([_post(574)])
    out = _follow(preview, db)
    assert out["posts_new"] == 1 and out["claims_written"] > 0
    detail = queries.night_detail(connect(db), "2025-08-21")
    assert detail is not None
    assert detail["totals"]["drones"]["launched"] == 574  # not 1,148: never summed
    fig = _drone_figure(detail)
    assert fig["status"] == "official"
    assert "https://t.me/kpszsu/5001" in {s.get("url") for s in fig["supporting"]}
    assert "https://t.me/kpszsu/5001" not in {s.get("url") for s in fig["sources"]}


def test_disagreeing_post_marks_the_figure_disputed_with_both_visible(
    preview: PreviewServer, real_ledger_path: Path, tmp_path: Path
) -> None:
    db = _ledger(real_ledger_path, tmp_path)
    preview.pages["/s/kpszsu"] = page([_post(640)])
    _follow(preview, db)
    detail = queries.night_detail(connect(db), "2025-08-21")
    assert detail is not None
    fig = _drone_figure(detail)
    assert fig["status"] == "disputed"
    assert detail["totals"]["drones"]["launched"] == 574  # the dataset's figure stays the figure
    assert any(d["value"] == 640 for d in fig["disputes"])
