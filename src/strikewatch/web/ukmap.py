"""Ukraine's oblasts as inline SVG, shaded by hits; boundaries from the pygal_maps_ua package.

The SVG (geoBoundaries ADM1, simplified) ships inside the installed ``pygal_maps_ua``
package, which is LGPL-3.0-or-later: we read it at run time and never copy it into the
repository. No tile server, no network.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Any

import pandas as pd

#: pygal_maps_ua region keys → our catalog's oblast-level place ids.
MAP_TO_PLACE = {
    "cherkasy": "cherkasy_oblast",
    "chernihiv": "chernihiv_oblast",
    "chernivtsi": "chernivtsi_oblast",
    "crimea": "crimea",
    "dnipropetrovsk": "dnipropetrovsk_oblast",
    "donetsk": "donetsk_oblast",
    "kharkiv": "kharkiv_oblast",
    "kherson": "kherson_oblast",
    "khmelnitskyi": "khmelnytskyi_oblast",
    "kyiv": "kyiv_oblast",
    "kyivcity": "kyiv",
    "kirovohrad": "kirovohrad_oblast",
    "lviv": "lviv_oblast",
    "luhansk": "luhansk_oblast",
    "mykolaiv": "mykolaiv_oblast",
    "odesa": "odesa_oblast",
    "poltava": "poltava_oblast",
    "rivne": "rivne_oblast",
    "sevastopolcity": "sevastopol",
    "sumy": "sumy_oblast",
    "ivano-frankivsk": "ivano_frankivsk_oblast",
    "ternopil": "ternopil_oblast",
    "zakarpattia": "zakarpattia_oblast",
    "vinnytsia": "vinnytsia_oblast",
    "volyn": "volyn_oblast",
    "zaporizhzhia": "zaporizhzhia_oblast",
    "zhytomir": "zhytomyr_oblast",
}

_GROUP = re.compile(r'<g\s+class="ua_([a-z-]+) region map-element"[^>]*>(.*?)</g>', re.S)
_PATH_D = re.compile(r'\sd="([^"]+)"')
_SAFE_D = re.compile(r"^[0-9eEmMlLhHvVcCsSqQtTaAzZ.,\s+-]+$")


@functools.cache
def regions() -> dict[str, list[str]]:
    """Oblast place id → SVG path data (validated to contain only path syntax)."""
    # pygal_maps_ua is a declared dependency: a missing map is a broken install, not "no map".
    svg = (resources.files("pygal_maps_ua") / "UKR-ADM1_simplified.Svg").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for key, body in _GROUP.findall(svg):
        place = MAP_TO_PLACE.get(key)
        if place is None:
            continue
        out.setdefault(place, []).extend(d for d in _PATH_D.findall(body) if _SAFE_D.match(d))
    return out


def oblast_counts(
    places: pd.DataFrame,
    since: dt.date | None = None,
    until: dt.date | None = None,
    role: str = "hit",
) -> list[dict[str, Any]]:
    """Claims and nights per oblast-level unit (cities roll up into their oblast)."""
    from strikewatch import catalog

    p = places[places["role"] == role]
    if since is not None:
        p = p[p["night"] >= pd.Timestamp(since)]
    if until is not None:
        p = p[p["night"] <= pd.Timestamp(until)]
    cat = catalog.places()

    def oblast_of(pid: str) -> str | None:
        place = cat.get(pid)
        if place is None or not place.is_ukrainian:
            return None
        if place.kind in ("oblast", "special_city"):
            return place.id
        return place.oblast

    p = p.assign(oblast=p["place"].map(oblast_of)).dropna(subset=["oblast"])
    g = p.groupby("oblast").agg(n_claims=("n_claims", "sum"), nights=("night", "nunique"))
    rows = []
    for pid, r in g.sort_values("n_claims", ascending=False).iterrows():
        place = cat.get(str(pid))
        rows.append(
            {
                "place": pid,
                "name": place.name_en if place else pid,
                "macro_region": place.macro_region if place else None,
                "n_claims": int(r["n_claims"]),
                "nights": int(r["nights"]),
            }
        )
    return rows


NO_DATA = "#e6e8eb"
LOW, HIGH = (255, 245, 235), (166, 54, 3)


def shade(value: float, peak: float) -> str:
    """A linear sequential scale that starts at zero: ``value / peak`` of the way from the
    palest orange to the darkest, so one night out of a hundred stays pale."""
    t = 0.0 if peak <= 0 else min(1.0, max(0.0, value / peak))
    r, g, b = (round(LOW[i] + (HIGH[i] - LOW[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{b:02x}"


def legend(peak: int, steps: int = 5) -> list[dict[str, Any]]:
    """Swatches from 0 to ``peak`` (whole nights), for the legend beside the map."""
    if peak <= 0:
        return []
    values = sorted({round(peak * i / (steps - 1)) for i in range(steps)})
    return [{"value": v, "fill": shade(v, peak)} for v in values]


def map_shapes(counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One shape per oblast; oblasts no report named carry ``no_data`` (never a 0)."""
    from strikewatch import catalog

    by = {c["place"]: c for c in counts}
    peak = max((c["nights"] for c in counts), default=0)
    cat = catalog.places()
    shapes = []
    for pid, paths in regions().items():
        c = by.get(pid)
        place = cat.get(pid)
        shapes.append(
            {
                "place": pid,
                "name": place.name_en if place else pid,
                "paths": paths,
                "nights": c["nights"] if c else None,
                "n_claims": c["n_claims"] if c else None,
                "no_data": c is None,
                "fill": NO_DATA if c is None else shade(c["nights"], peak),
            }
        )
    return shapes


def wave_places(
    named: dict[tuple[str, str], list[dict[str, Any]]], wave: dict[str, Any], night: dt.date
) -> pd.DataFrame:
    """The night's place claims made by one wave's own sources, as the places table that
    :func:`oblast_counts` reads (``named`` is ``views.region_sources`` of the night).

    A night's places table does not say which wave named a place; the wave's sources do
    (the claims behind each place carry their source id).
    """
    ids = {s["source_id"] for s in wave.get("sources") or []}
    ids |= set(wave.get("supporting_source_ids") or [])
    rows = []
    for (place, role), claims in named.items():
        mine = [c for c in claims if c.get("source_id") in ids]
        if mine:
            rows.append((pd.Timestamp(night), place, role, len(mine)))
    return pd.DataFrame(rows, columns=["night", "place", "role", "n_claims"])
