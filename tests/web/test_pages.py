"""Dashboard pages over HTTP (in-process): error pages, CSV downloads, banners, the map."""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

TABLE_PAGES = ["/nights", "/records", "/map", "/interception", "/timeline", "/alerts"]


@pytest.fixture(scope="module")
def client(real_ledger_path: Path) -> Iterator[TestClient]:
    from strikewatch.web import create_app

    with TestClient(create_app(str(real_ledger_path))) as c:
        yield c


@pytest.mark.parametrize("path", [*TABLE_PAGES, "/nights/2025-08-21"])
def test_every_table_page_offers_csv(client: TestClient, path: str) -> None:
    html = client.get(path)
    assert html.status_code == 200 and "format=csv" in html.text
    got = client.get(path, params={"format": "csv"})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows and rows[0]  # a header row, always
    if path == "/nights/2025-08-21":
        header = rows[0]
        drones = next(r for r in rows[1:] if r[header.index("weapon_class")] == "strike_drone")
        assert drones[header.index("launched")] == "574"
        assert drones[header.index("lost_ew")] in ("0", "0.0", "")
        assert "https://" in drones[header.index("source_urls")]


def test_unknown_is_empty_in_csv_not_zero() -> None:
    from strikewatch.web.pages import _csv_cell

    assert _csv_cell(None) == "" and _csv_cell(float("nan")) == ""
    assert _csv_cell(0) == 0
    assert _csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"  # no formula runs in a spreadsheet


@pytest.mark.parametrize(
    ("path", "status"),
    [("/nights/2025-13-45", 422), ("/no/such/page", 404), ("/nights/2031-01-01", 404)],
)
def test_errors_are_html_pages(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="error-page"' in r.text and "<nav>" in r.text and 'id="footer"' in r.text
    assert '"detail"' not in r.text  # not the API's JSON


def test_api_errors_stay_json(client: TestClient) -> None:
    r = client.get("/api/nights/2025-13-45")
    assert r.status_code == 422 and r.json()["detail"]
    assert client.get("/api/no-such").headers["content-type"].startswith("application/json")


def test_nearest_nights_suggested(client: TestClient, real_nightly) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    nights = pd.DatetimeIndex(pd.to_datetime(real_nightly["night"])).sort_values()
    gaps = [(a, b) for a, b in itertools.pairwise(nights) if (b - a).days > 2]
    before, after = gaps[0]
    missing = (before + pd.Timedelta(days=1)).date().isoformat()
    r = client.get(f"/nights/{missing}")
    assert r.status_code == 404
    assert f'href="/nights/{before.date().isoformat()}"' in r.text
    assert f'href="/nights/{after.date().isoformat()}"' in r.text
    assert "nearest night before" in r.text and "nearest night after" in r.text


def test_map_legend_coverage_and_no_false_zero(client: TestClient) -> None:
    r = client.get("/map", params={"days": 30})
    text = r.text
    assert 'id="legend"' in text and "Nights hit" in text and "linear, from zero" in text
    assert 'id="coverage"' in text and "Region data on" in text
    assert ": 0 nights" not in text and "no data</title>" in text
    one = client.get("/map", params={"night": "2025-08-21"}).text
    assert "Oblasts hit on the night of 2025-08-21" in one
    assert "Zakarpattia oblast: 1 night named as hit" in one


def test_overview_tiles_and_range_labels(client: TestClient) -> None:
    r = client.get("/", params={"days": 0})
    assert r.status_code == 200
    assert "all nights since 2022-09-28" in r.text and "5000 days" not in r.text
    assert 'id="tiles"' in r.text and "Year to date" in r.text and "Data through" in r.text


def test_banners(real_ledger_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strikewatch.web import create_app

    with TestClient(create_app(str(real_ledger_path))) as c:
        assert 'id="embargo-banner"' not in c.get("/").text
        assert 'id="synthetic-banner"' not in c.get("/").text  # real data: no banner
        assert "Source documents" in c.get("/nights/2025-08-21").text
        # one setting (serve --public) governs every page; a night long past is released
        monkeypatch.setenv("STRIKEWATCH_PUBLIC", "1")
        night = c.get("/nights/2025-08-21?public=1").text
        assert 'id="embargo-banner"' in night and "12 h after each wave ends" in night
        assert "Source documents" in night
        monkeypatch.setenv("STRIKEWATCH_PUBLIC_EMBARGO", "1")  # the old flag means nothing
        monkeypatch.delenv("STRIKEWATCH_PUBLIC")
        assert 'id="embargo-banner"' not in c.get("/nights/2025-08-21?old=1").text


def test_synthetic_banner(tmp_path: Path) -> None:
    from strikewatch.importer import import_dataset
    from strikewatch.ledger import connect
    from strikewatch.synth import write_synthetic
    from strikewatch.web import create_app

    data = tmp_path / "synth.csv"
    write_synthetic(data, rows=300)
    import_dataset(connect(tmp_path / "s.sqlite"), data, synthetic=True)
    with TestClient(create_app(str(tmp_path / "s.sqlite"))) as c:
        for path in ("/", "/map", "/interception"):
            assert 'id="synthetic-banner"' in c.get(path).text, path


def test_per_wave_map(client: TestClient) -> None:
    """2025-12-06 holds two waves: the multi-day one's reports name no oblast as hit, the
    overnight one's name eight; each wave's map shows only its own, with the same legend,
    zero-based scale, "no data" oblasts and coverage note as the night's map."""
    night = client.get("/nights/2025-12-06").text
    links = re.findall(r'class="wave-map" href="([^"]+)"', night)
    assert len(links) == 2
    pages = [client.get(html.unescape(link)) for link in links]
    assert all(p.status_code == 200 for p in pages)
    multi, overnight = (p.text for p in pages)
    assert "wave 0 (multi-day" in multi and "wave 1 (overnight" in overnight
    assert 'class="hit"' not in multi and "No oblast named as hit by this wave" in multi
    assert overnight.count('class="hit"') == 8 and 'id="map-lviv_oblast"' in overnight
    hit = re.search(r'<g id="map-lviv_oblast" fill="[^"]+" class="hit"', overnight)
    assert hit is not None
    for text in (multi, overnight):
        assert 'id="legend"' in text and 'id="coverage"' in text and "no data</title>" in text
        assert ": 0 nights" not in text and 'id="wave-links"' in text
    assert "linear, from zero" in overnight and "0 → 1 night " in overnight
    whole = client.get("/map", params={"night": "2025-12-06"}).text
    assert whole.count('class="hit"') >= overnight.count('class="hit"')
    csv_rows = client.get(html.unescape(links[1]) + "&format=csv").text.splitlines()
    assert len(csv_rows) == 9 and csv_rows[0].startswith("name,")


@pytest.mark.parametrize(
    ("params", "status"),
    [({"night": "2025-12-06", "wave": "no-such-wave"}, 404), ({"wave": "x"}, 422)],
)
def test_per_wave_map_refuses_unknown_waves(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    r = client.get("/map", params=params)
    assert r.status_code == status and 'id="error-page"' in r.text
