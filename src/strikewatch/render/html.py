"""Self-contained HTML briefing: inline CSS and inline SVG charts, no script, no CDN.

Why SVG rather than inlining plotly.js: the file stays ~30 KB instead of ~4 MB, opens
offline in any browser or mail client, and contains no script at all. All report text goes
through Jinja2 autoescaping; links are limited to http(s) URLs.
"""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment, select_autoescape

from strikewatch.briefing import Briefing
from strikewatch.publish import Withheld

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefing: night of {{ b.night }}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem} h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2rem}
.synthetic{background:#fff3cd;border:1px solid #e0b000;padding:.5rem;font-weight:bold}
.embargo{background:#e8f0fe;border:1px solid #3b4f6b;padding:.5rem}
.headline{font-size:1.1rem;font-weight:600} .meta{color:#667;font-size:.85rem}
li{margin:.35rem 0} .refs{color:#556;font-size:.85rem} .refs a{color:#245}
.disputed{color:#b00020;font-weight:600} .alleged{color:#8a6100} .alert{color:#7b1fa2;font-weight:600}
.unavailable{color:#889} figure{margin:1rem 0} figcaption{font-size:.85rem;color:#556}
svg text{font-family:inherit;font-size:14px;fill:#333}
figure{overflow-x:auto} figure svg{min-width:30rem}
</style></head><body>
<h1>Briefing: night of {{ b.night }}</h1>
{% if b.synthetic %}<p class="synthetic">SYNTHETIC DATA — these figures are generated, not observed.</p>{% endif %}
{% if embargo and embargo.active %}<p class="embargo" id="embargo">{{ embargo.note }} This briefing withholds them until {{ embargo.until or "the wave's end is known" }} (UTC).</p>{% endif %}
<p class="headline">{{ b.headline }}</p>
<p class="meta">Night label = the Kyiv-local morning date. Generated {{ b.generated_at }} by strikewatch.</p>
{% for s in b.sections %}
<section id="{{ s.key }}"><h2>{{ s.title }}</h2>
{% if s.note %}<p class="meta">{{ s.note }}</p>{% endif %}
{% if s.key == 'key_points' and chart %}<figure>{{ chart|safe }}
<figcaption>Strike drones (bars) and missiles (dark bars) launched per night, last 60 nights; the briefed night is outlined.</figcaption></figure>{% endif %}
{% if s.key == 'key_points' and shares %}<figure>{{ shares|safe }}
<figcaption>Share destroyed on the night (dot, 95% Wilson interval) against the trailing 30-night (▲) and 365-night (■) pooled shares.</figcaption></figure>{% endif %}
<ul>
{% for p in s.points %}<li class="{{ p.status or '' }}">{{ p.text }}{% if p.status in ('disputed','alleged','assumption') %} <em>({{ p.status }})</em>{% endif %}
{% if p.refs %}<div class="refs">Sources: {% for r in p.refs %}{% if r.url and r.url.lower().startswith(('http://','https://')) %}<a href="{{ r.url }}" rel="noopener noreferrer">{{ r.label }}</a>{% else %}{{ r.label }}{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}</div>{% endif %}</li>
{% else %}<li>(nothing to report)</li>{% endfor %}
</ul></section>
{% endfor %}
<footer class="meta" id="footer"><p>Data: “<a href="{{ dataset.url }}" rel="noopener noreferrer">{{ dataset.title }}</a>” by {{ dataset.author }} ({{ dataset.publisher }}), licensed {{ dataset.licence }}; report texts belong to their publishers.</p></footer>
</body></html>
"""

SVG_BARS = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ w }} {{ h }}" width="100%" role="img" aria-label="Launches per night">
<line x1="40" y1="{{ h - 20 }}" x2="{{ w }}" y2="{{ h - 20 }}" stroke="#999"/>
{% for t in ticks %}<text x="36" y="{{ t.y + 4 }}" text-anchor="end">{{ t.label }}</text><line x1="40" x2="{{ w }}" y1="{{ t.y }}" y2="{{ t.y }}" stroke="#eee"/>{% endfor %}
{% for bar in bars %}<g><title>{{ bar.night }}: {{ bar.drones_label }} drones, {{ bar.missiles_label }} missiles</title>
<rect x="{{ bar.x }}" y="{{ bar.yd }}" width="{{ bw }}" height="{{ bar.hd }}" fill="#e07b39"/>
<rect x="{{ bar.x }}" y="{{ bar.ym }}" width="{{ bw }}" height="{{ bar.hm }}" fill="#3b4f6b"/>
{% if bar.current %}<rect x="{{ bar.x - 1 }}" y="10" width="{{ bw + 2 }}" height="{{ h - 30 }}" fill="none" stroke="#b00020" stroke-width="1.5"/>{% endif %}</g>{% endfor %}
<text x="40" y="{{ h - 4 }}">{{ first }}</text><text x="{{ w }}" y="{{ h - 4 }}" text-anchor="end">{{ last }}</text>
</svg>"""

SVG_SHARES = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ w }} {{ h }}" width="100%" role="img" aria-label="Interception shares">
{% for t in [0, 25, 50, 75, 100] %}<line x1="{{ x0 + t / 100 * span }}" x2="{{ x0 + t / 100 * span }}" y1="5" y2="{{ h - 18 }}" stroke="#eee"/><text x="{{ x0 + t / 100 * span }}" y="{{ h - 4 }}" text-anchor="middle">{{ t }}%</text>{% endfor %}
{% for r in rows %}<g><title>{{ r.kind }}: {{ r.label }}</title>
<text x="{{ x0 - 6 }}" y="{{ r.y + 4 }}" text-anchor="end">{{ r.kind }}</text>
{% if r.lo is not none %}<line x1="{{ x0 + r.lo * span }}" x2="{{ x0 + r.hi * span }}" y1="{{ r.y }}" y2="{{ r.y }}" stroke="#e07b39" stroke-width="3"/>{% endif %}
<circle cx="{{ x0 + r.share * span }}" cy="{{ r.y }}" r="5" fill="#e07b39"/>
{% if r.b30 is not none %}<path d="M{{ x0 + r.b30 * span }} {{ r.y - 12 }} l-5 8 h10 z" fill="#3b4f6b"/>{% endif %}
{% if r.b365 is not none %}<rect x="{{ x0 + r.b365 * span - 4 }}" y="{{ r.y + 5 }}" width="8" height="8" fill="#7a8ca6"/>{% endif %}
</g>{% endfor %}
</svg>"""

_ENV = Environment(
    loader=DictLoader({"briefing.html": TEMPLATE, "bars.svg": SVG_BARS, "shares.svg": SVG_SHARES}),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _label(x: float | None) -> str:
    return "unknown" if x is None else f"{x:,.0f}"


def bars_svg(series: list[dict[str, Any]], night: str, w: int = 720, h: int = 220) -> str:
    """Stacked bars of drones and missiles per night (autoescaped SVG)."""
    if not series:
        return ""
    peak = max(((r["drones"] or 0) + (r["missiles"] or 0)) for r in series) or 1.0
    plot_h = h - 30
    step = (w - 40) / len(series)
    bw = max(1.0, step * 0.8)
    bars = []
    for i, r in enumerate(series):
        d, m = r["drones"] or 0.0, r["missiles"] or 0.0
        hd, hm = d / peak * plot_h, m / peak * plot_h
        base = h - 20
        bars.append(
            {
                "x": round(40 + i * step, 2),
                "night": r["night"],
                "current": r["night"] == night,
                "ym": round(base - hm, 2),
                "hm": round(hm, 2),
                "yd": round(base - hm - hd, 2),
                "hd": round(hd, 2),
                "drones_label": _label(r["drones"]),
                "missiles_label": _label(r["missiles"]),
            }
        )
    ticks = [
        {"y": round(h - 20 - f * plot_h, 1), "label": f"{peak * f:,.0f}"} for f in (0.0, 0.5, 1.0)
    ]
    return _ENV.get_template("bars.svg").render(
        w=w,
        h=h,
        bars=bars,
        bw=round(bw, 2),
        ticks=ticks,
        first=series[0]["night"],
        last=series[-1]["night"],
    )


def shares_svg(rows: list[dict[str, Any]], w: int = 720) -> str:
    usable = [r for r in rows if r.get("share") is not None]
    if not usable:
        return ""
    h = 30 * len(usable) + 30
    out = []
    for i, r in enumerate(usable):
        out.append(
            {
                "kind": r["kind"],
                "y": 20 + 30 * i,
                "share": r["share"],
                "lo": r.get("low"),
                "hi": r.get("high"),
                "b30": (r.get("baseline_30") or {}).get("share"),
                "b365": (r.get("baseline_365") or {}).get("share"),
                "label": f"{r['share']:.1%} destroyed",
            }
        )
    return _ENV.get_template("shares.svg").render(w=w, h=h, rows=out, x0=90, span=w - 110)


def to_html(b: Briefing, embargo: Withheld | None = None) -> str:
    """The briefing as one HTML file; ``embargo`` (a public briefing's) adds the line that
    says what it withholds."""
    from strikewatch.views import DATASET

    return _ENV.get_template("briefing.html").render(
        b=b,
        embargo=embargo,
        chart=bars_svg(b.series, b.night),
        shares=shares_svg(b.interception),
        dataset=DATASET,
    )
