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
    "/interception",
    "/records",
    "/map",
    "/nights",
    "/nights/2025-08-21",
    "/timeline",
    "/strain",
    "/alerts",
    "/ingest",
    "/docs",
    "/briefing/2025-08-21",
]
CHART_PAGES = {"/", "/interception", "/timeline", "/strain"}

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
def site(real_ledger_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.web.conftest import copy_ledger

    db = copy_ledger(real_ledger_path, tmp_path_factory.mktemp("browser") / "ledger.sqlite")
    os.environ["STRIKEWATCH_TOKEN"] = "browser-token"
    try:
        with live_server(db) as base:
            yield base
    finally:
        os.environ.pop("STRIKEWATCH_TOKEN", None)


def _page(browser):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors(browser, site: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page, errors = _page(browser)
    response = page.goto(site + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    if path in CHART_PAGES:
        page.wait_for_selector("[data-fig] svg.main-svg", timeout=20_000)
        assert page.locator("[data-fig] svg.main-svg").count() >= 1
    if path == "/map":
        assert page.locator("svg g[id^=map-] path").count() > 20
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.strip("/").replace("/", "_") or "overview"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
    if path == "/":
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"{name}.png", ROOT / "docs" / "img" / "dashboard.png")
    page.close()
    assert errors == []


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
