"""Dashboard in a real browser (Playwright driving the distribution's /usr/bin/chromium)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.web.conftest import live_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PAGES = [
    "/",
    "/?days=0",
    "/interception",
    "/records",
    "/map",
    "/map?night=2025-08-21",
    "/nights",
    "/nights/2025-08-21",
    "/nights/2026-02-03",
    "/timeline",
    "/strain",
    "/alerts",
    "/ingest",
    "/docs",
    "/briefing/2025-08-21",
]
CHART_PAGES = {"/", "/?days=0", "/interception", "/timeline", "/strain"}
WIDTHS = [1400, 390]

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM) and os.environ.get("CI", "").lower() != "true":
    pytest.skip("no /usr/bin/chromium (required in CI)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(
    real_ledger_path: Path, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    from tests.seeding import seeded_copy

    db = seeded_copy(
        real_ledger_path, seeds_dir, tmp_path_factory.mktemp("browser") / "ledger.sqlite"
    )
    os.environ["STRIKEWATCH_TOKEN"] = "browser-token"
    try:
        with live_server(db) as base:
            yield base
    finally:
        os.environ.pop("STRIKEWATCH_TOKEN", None)


def _page(browser, width: int = 1280):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


def _name(path: str, width: int) -> str:
    slug = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "overview"
    return f"{slug}@{width}"


def _texts(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return list(page.locator(selector).evaluate_all("els => els.map(e => e.textContent)"))


def _overflow(page) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors(browser, site: str, path: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser, width)
    response = page.goto(site + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    if path in CHART_PAGES:
        page.wait_for_selector("[data-fig] svg.main-svg", timeout=20_000)
        assert page.locator("[data-fig] svg.main-svg").count() >= 1
    if path.startswith("/map"):
        assert page.locator("svg g[id^=map-] path").count() > 20
    scroll, inner = _overflow(page)
    ARTIFACTS.mkdir(exist_ok=True)
    name = _name(path, width)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    if path == "/" and width == 1400:
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"{name}.png", ROOT / "docs" / "img" / "dashboard.png")
    assert page.locator("#footer").inner_text().count("CC BY-NC-SA 4.0") == 1
    page.close()
    assert errors == []
    assert scroll <= inner, f"{path} at {width}px is {scroll}px wide"


def test_map_has_legend_and_coverage(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser, 1400)
    page.goto(site + "/map?days=30")
    assert "Nights hit" in page.locator("#legend").inner_text()
    assert "no data" in page.locator("#legend").inner_text()
    cover = page.locator("#coverage").inner_text()
    assert "Region data on" in cover and "nights in" in cover
    # an oblast no report named is "no data", never a 0
    titles = _texts(page, "svg g.nodata > title")
    assert titles and all(t.endswith("no data") for t in titles)
    assert not any(": 0 night" in t for t in _texts(page, "svg g > title"))
    page.goto(site + "/map?night=2025-08-21")
    hit = _texts(page, "svg g.hit > title")
    assert any(t.startswith("Zakarpattia") for t in hit)
    page.close()
    assert errors == []


def test_record_breaking_carries_its_verdict(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser, 390)
    page.goto(site + "/nights/2026-02-03")
    rows = page.locator("#phrases tr").all_inner_texts()
    assert any("record-breaking" in r and "not_supported" in r for r in rows), rows
    cite = page.locator("#cite").inner_text()
    assert "Massive Missile Attacks on Ukraine" in cite and "CC BY-NC-SA 4.0" in cite
    assert "https://www.facebook.com/kpszsu/" in cite and "retrieved" in cite
    page.screenshot(path=str(ARTIFACTS / "night_2026-02-03_full@390.png"), full_page=True)
    page.close()
    assert errors == []


@pytest.mark.parametrize("path", ["/nights/2025-13-45", "/no/such/page", "/nights/2022-01-05"])
def test_errors_are_the_sites_own_pages(browser, site: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser, 390)
    response = page.goto(site + path)
    assert response is not None and response.status in (404, 422)
    assert "text/html" in response.headers["content-type"]
    assert page.locator("#error-page").count() == 1 and page.locator("header nav").count() == 1
    scroll, inner = _overflow(page)
    assert scroll <= inner
    if path == "/nights/2022-01-05":  # before the data starts: the first night is suggested
        assert page.locator("#suggestions a").count() == 1
        page.locator("#suggestions a").click()
        page.wait_for_selector("#figures")
    page.screenshot(path=str(ARTIFACTS / f"error{path.replace('/', '_')}.png"))
    page.close()
    # the browser logs the error document's status; nothing else may fail
    assert [e for e in errors if "status of 4" not in e] == []


def test_overview_bar_opens_its_night(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser, 1400)
    page.goto(site + "/?days=30", wait_until="networkidle")
    page.wait_for_selector("[data-fig] svg.main-svg")
    assert "Data through" in page.locator("#freshness").inner_text()
    assert page.locator("#tiles .tile").count() == 5
    titles = _texts(page, "[data-fig] text[class$=title]")
    assert "strike drones per night" in titles and "missiles per night" in titles
    assert errors == []
    bar = page.locator("[data-fig] .barlayer .point path").last
    bar.click(force=True)
    page.wait_for_url("**/nights/*", timeout=10_000)
    assert page.locator("#figures").count() == 1
    page.close()


def test_night_page_shows_574_and_546(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser)
    page.goto(site + "/nights/2025-08-21")
    figures = page.locator("#figures").inner_text()
    assert "574" in figures and "546" in figures
    assert "Shahed" in figures
    page.close()
    assert errors == []


def test_ingest_flow_and_escaping(browser, site: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser)
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(site + "/ingest")
    hostile = (
        "In the night of 3 March 2026 Russia attacked Ukraine with 77 Shahed drones; "
        "air defence destroyed 70 drones. <script>alert('xss')</script>"
        "<img src=x onerror=\"alert('img')\">"
    )
    page.fill("#text", hostile)
    page.fill("#publisher", "Air Force <b>bold</b>")
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    quoted = page.locator("#quoted-text").inner_text()
    assert "<script>alert('xss')</script>" in quoted  # shown as text, not run
    assert (
        page.locator("#preview script").count() == 0 and page.locator("#preview img").count() == 0
    )
    assert "77" in page.locator("#preview").inner_text()
    page.screenshot(path=str(ARTIFACTS / "ingest_preview.png"))
    # wrong token is refused
    page.fill("#token", "wrong")
    page.click("#save-button")
    page.wait_for_selector("#error")
    assert "token" in page.locator("#error").inner_text()
    # preview again and save with the right token
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    page.fill("#token", "browser-token")
    page.click("#save-button")
    page.wait_for_selector("#saved")
    assert "new claim" in page.locator("#saved").inner_text()
    page.click("text=Night of 2026-03-03")
    page.wait_for_selector("#figures")
    assert "77" in page.locator("#figures").inner_text()
    body = page.content()
    assert "<script>alert('xss')</script>" not in body and "&lt;script&gt;" in body
    page.screenshot(path=str(ARTIFACTS / "ingest_saved_night.png"), full_page=True)
    page.close()
    # the refused save (wrong token) is a 401 document, which Chromium logs; nothing else
    unexpected = [e for e in errors if "status of 401" not in e]
    assert alerts == [] and unexpected == [], (alerts, errors)


@pytest.mark.parametrize("width", WIDTHS)
def test_per_wave_map_from_the_night_page(browser, site: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """2025-12-06 holds two waves; each has its own map, reached from the night page, with the
    legend, zero-based scale, "no data" oblasts and coverage note of every map."""
    page, errors = _page(browser, width)
    page.goto(site + "/nights/2025-12-06", wait_until="networkidle")
    links = page.locator("#waves a.wave-map")
    assert links.count() == 2
    assert _overflow(page)[0] <= _overflow(page)[1]
    links.nth(1).click()
    page.wait_for_url("**/map?night=2025-12-06&wave=*", timeout=10_000)
    heading = page.locator("h1").inner_text()
    assert "wave 1 (overnight" in heading and "2025-12-06" in heading
    legend = page.locator("#legend").inner_text()
    assert "Nights hit" in legend and "linear, from zero" in legend and "no data" in legend
    assert "Region data on 1 of 1 nights in wave 1" in page.locator("#coverage").inner_text()
    hit = _texts(page, "svg g.hit > title")
    assert len(hit) == 8 and any(t.startswith("Lviv oblast") for t in hit)
    nodata = _texts(page, "svg g.nodata > title")
    assert nodata and all(t.endswith("no data") for t in nodata)
    assert page.locator("svg g[id^=map-] path").count() > 20
    scroll, inner = _overflow(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map_wave_2025-12-06@{width}.png"), full_page=False)
    # the other wave's reports name no oblast: every oblast is "no data", nothing shaded 0
    page.locator("#wave-links a", has_text="0 · multi-day").click()
    page.wait_for_selector("#oblasts")
    assert page.locator("svg g.hit").count() == 0
    assert "No oblast named as hit by this wave" in page.locator("#oblasts").inner_text()
    page.close()
    assert errors == []
    assert scroll <= inner, f"per-wave map at {width}px is {scroll}px wide"
