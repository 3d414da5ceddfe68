"""Plotly figures for the dashboard, returned as JSON strings for a ``data-fig`` attribute.

The page never runs inline script: ``static/app.js`` reads each ``data-fig`` attribute and
calls ``Plotly.newPlot``; Jinja autoescaping makes the JSON safe inside the attribute.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from strikewatch.snapshot import Snapshot

LAYOUT: dict[str, Any] = {
    "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    "height": 420,
    "legend": {"orientation": "h", "y": -0.15},
    "template": "plotly_white",
}


def _json(fig: go.Figure) -> str:
    out: str = pio.to_json(fig, validate=False, pretty=False)
    return out


def overview(snap: Snapshot, since: pd.Timestamp | None = None) -> str:
    """Nightly launched/destroyed by kind, context events as lines, campaigns shaded."""
    n = snap.nightly.copy()
    n["night"] = pd.to_datetime(n["night"])
    if since is not None:
        n = n[n["night"] >= since]
    fig = go.Figure()
    for kind, color in (("drones", "#e07b39"), ("missiles", "#3b4f6b")):
        fig.add_bar(
            x=n["night"], y=n[kind], name=f"{kind} launched", marker_color=color, opacity=0.85
        )
        fig.add_scatter(
            x=n["night"],
            y=n[f"{kind}_destroyed"],
            name=f"{kind} destroyed",
            mode="lines",
            line={"width": 1, "color": color, "dash": "dot"},
        )
    shapes: list[dict[str, Any]] = []
    try:
        from strikewatch.analysis.tempo import campaigns

        runs = snap.memo(("campaigns", "drones", "p90", 3), lambda: campaigns(snap.nightly))
        for r in runs.runs:
            if since is not None and pd.Timestamp(r.end) < since:
                continue
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": r.start,
                    "x1": r.end,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": "#b00020",
                    "opacity": 0.08,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
    except ImportError:
        pass
    ev = snap.events
    if len(ev):
        ev = ev[pd.to_datetime(ev["date"]) >= (since if since is not None else n["night"].min())]
        fig.add_scatter(
            x=pd.to_datetime(ev["date"]),
            y=[0] * len(ev),
            mode="markers",
            name="context events",
            marker={"symbol": "triangle-up", "size": 9, "color": "#7b1fa2"},
            text=[f"{k}: {t}" for k, t in zip(ev["kind"], ev["title"], strict=True)],
            hoverinfo="text+x",
        )
    fig.update_layout(
        **LAYOUT,
        barmode="overlay",
        shapes=shapes,
        title="Launched (bars) and destroyed (dotted) per night; campaigns shaded",
    )
    return _json(fig)


def interception(rows: list[dict[str, Any]], title: str) -> str:
    """Monthly share destroyed with its 95% interval as a band."""
    frame = pd.DataFrame(rows)
    fig = go.Figure()
    if len(frame):
        fig.add_scatter(
            x=frame["period"],
            y=frame["high"],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=frame["period"],
            y=frame["low"],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(224,123,57,0.25)",
            name="95% interval",
        )
        fig.add_scatter(
            x=frame["period"],
            y=frame["share_destroyed"],
            mode="lines+markers",
            name="share destroyed",
            line={"color": "#e07b39"},
        )
    fig.update_layout(**LAYOUT, title=title, yaxis={"tickformat": ".0%", "range": [0, 1.02]})
    return _json(fig)


def timeline(snap: Snapshot) -> str:
    ev = snap.events
    fig = go.Figure()
    if len(ev):
        for kind, part in ev.groupby("kind"):
            fig.add_scatter(
                x=pd.to_datetime(part["date"]),
                y=[str(kind)] * len(part),
                mode="markers",
                name=str(kind),
                text=list(part["title"]),
                hoverinfo="text+x",
                marker={"size": 10},
            )
    fig.update_layout(**{**LAYOUT, "height": 360}, title="Context events")
    return _json(fig)


def strain_charts(result: dict[str, Any]) -> list[str]:
    """The strain helper's stock fan chart (if present) and P(run dry) by day per layer."""
    out: list[str] = []
    try:
        from strikewatch.strain.plots import fan_figure

        fan = fan_figure(result)
        fan.update_layout(template="plotly_white")
        out.append(_json(fan))
    except ImportError:
        pass
    fig = go.Figure()
    for layer in result.get("layers") or []:
        series = layer.get("p_dry_by_day")
        if series and not layer.get("unlimited"):
            fig.add_scatter(
                y=series, x=list(range(1, len(series) + 1)), mode="lines", name=layer.get("name")
            )
    fig.update_layout(
        **LAYOUT,
        title="Probability a layer has run dry, by day",
        xaxis={"title": "day"},
        yaxis={"tickformat": ".0%", "range": [0, 1.02]},
    )
    out.append(_json(fig))
    return out
