"""Briefings on the real ledger: sections, sourced figures, verdicts, escaping, renderers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def briefing(real_engine):  # type: ignore[no-untyped-def]
    from strikewatch.briefing import build_briefing

    return build_briefing(real_engine, "2025-08-21")


def test_sections_and_key_figures(briefing) -> None:  # type: ignore[no-untyped-def]
    assert [s.title for s in briefing.sections] == [
        "Key points",
        "Key details at a glance",
        "Context",
        "What this means now",
        "What to watch next",
    ]
    drones = next(s for s in briefing.scale if s["kind"] == "drones")
    assert drones["launched"] == 574 and drones["destroyed"] == 546
    assert (drones["rank_year_now"] >= 1 and "rank" in drones["verdict"]) or "#" in drones[
        "verdict"
    ]
    # every key point with a number cites at least one claim with a URL
    for point in briefing.section("key_points").points:
        if re.search(r"\d", point.text) and "Regions" not in point.text:
            assert point.refs and all(r.claim_id for r in point.refs), point.text
    assert any(
        r.url and r.url.startswith("https://") for p in briefing.sections for r in p.points[0].refs
    )


def test_interception_baselines_and_geography(briefing) -> None:  # type: ignore[no-untyped-def]
    drones = next(i for i in briefing.interception if i["kind"] == "drones")
    assert drones["share"] == pytest.approx(546 / 574)
    assert drones["baseline_30"]["nights"] > 0 and drones["baseline_365"]["share"] is not None
    assert drones["baseline_30"]["verdict"] in (
        "above the usual range of",
        "below the usual range of",
        "within the usual range of",
    )
    # issue 9: the baseline is of the night's own reporting regime (lost to EW folded into
    # "shot down/suppressed" from 2025-07-24), never the year of the old regime (56.0%)
    for b in (drones["baseline_30"], drones["baseline_365"]):
        assert b["regime"] == drones["regime"] == "ew_folded"
        assert b["nights"] <= 29 and b["share"] > 0.75
    assert drones["baseline_365"]["nights_other_regimes_left_out"] > 300
    point = next(p.text for p in briefing.section("key_points").points if "546 of 574" in p.text)
    assert "reporting regime" in point and "56.0%" not in point
    # 2025-08-21 hit Zakarpattia, Lviv, Volyn, Rivne: half the reports were western
    assert briefing.geography["far_from_front"] is True
    assert "Zakarpattia oblast" in briefing.geography["regions_hit"]


def test_context_strain_and_watch(briefing) -> None:  # type: ignore[no-untyped-def]
    assert briefing.context["available"]
    assert briefing.context["last_diplomacy"]["days_since"] >= 0
    assert "campaign_rule" in briefing.context
    assert briefing.strain["available"], briefing.strain
    assert briefing.strain["night"]["period"]["nights"] == 1
    rules = {w["rule"]: w for w in briefing.watch}
    assert set(rules) == {
        "follow_on",
        "record",
        "interception_low",
        "west_share",
        "energy_surge",
        "new_ballistic_type",
    }
    assert rules["west_share"]["fired"] is True and rules["record"]["fired"] is False
    json.dumps(briefing.as_dict())


def test_markdown_and_html(briefing) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.render import render

    md = render(briefing, "md")
    assert "## Key points" in md and "## What to watch next" in md
    html = render(briefing, "html")
    assert "<svg" in html and "<script" not in html  # self-contained, no script, no CDN
    assert not re.search(r"""(src|href)=["']//""", html)
    assert "Key points" in render(briefing, "term")


def test_report_text_is_escaped(real_engine) -> None:  # type: ignore[no-untyped-def]
    """A hostile quote in a claim cannot become markup in any renderer."""
    from strikewatch.briefing import Point, Ref, build_briefing
    from strikewatch.render import render

    b = build_briefing(real_engine, "2025-08-21")
    b.section("key_points").points.append(
        Point(
            "<script>alert(1)</script> [x](javascript:alert(1))",
            [Ref("<img src=x onerror=alert(1)>", "javascript:alert(1)")],
            "alleged",
        )
    )
    html = render(b, "html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html  # the text may mention it; no link may use it
    md = render(b, "md")
    assert "<script>" not in md
    assert "[x](javascript:" not in md and "\\[x\\]" in md  # brackets escaped: no link


def test_brief_command(real_ledger_path: Path, tmp_path: Path) -> None:
    from strikewatch.cli import app

    runner = CliRunner()
    out = runner.invoke(
        app, ["brief", "2025-08-21", "--format", "md", "--db", str(real_ledger_path)]
    )
    assert out.exit_code == 0, out.output
    assert "Key points" in out.stdout and "What to watch" in out.stdout
    target = tmp_path / "b.html"
    out = runner.invoke(
        app,
        [
            "brief",
            "2025-08-21",
            "--format",
            "html",
            "-o",
            str(target),
            "--db",
            str(real_ledger_path),
        ],
    )
    assert out.exit_code == 0 and target.read_text().startswith("<!doctype html>")
    assert runner.invoke(app, ["brief", "2031-01-01", "--db", str(real_ledger_path)]).exit_code == 1
    assert runner.invoke(app, ["brief", "nope", "--db", str(real_ledger_path)]).exit_code == 2
    assert (
        runner.invoke(app, ["brief", "--format", "pdf", "--db", str(real_ledger_path)]).exit_code
        == 2
    )
    latest = runner.invoke(app, ["brief", "--json", "--db", str(real_ledger_path)])
    assert json.loads(latest.stdout)["night"]
