"""Plotly figures for the dashboard, returned as JSON strings for a ``data-fig`` attribute.

The page never runs inline script: ``static/app.js`` reads each ``data-fig`` attribute and
calls ``Plotly.newPlot``; Jinja autoescaping makes the JSON safe inside the attribute.
"""

from __future__ import annotations

import itertools
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


def _campaign_runs(snap: Snapshot, since: pd.Timestamp | None) -> tuple[list[Any], str]:
    from strikewatch.analysis.tempo import campaigns

    runs = snap.memo(("campaigns", "drones", "p90", 3), lambda: campaigns(snap.nightly))
    rule = f"{runs.min_nights}+ nights in a row with ≥ {runs.threshold:,.0f} {runs.kind}"
    keep = [r for r in runs.runs if since is None or pd.Timestamp(r.end) >= since]
    return keep, rule


def overview(snap: Snapshot, since: pd.Timestamp | None = None) -> str:
    """Drones and missiles on separate panels (their scales differ ~20×), destroyed as dotted
    lines, campaigns shaded across both panels, context events as a labelled band on top.

    Every bar carries its night in ``customdata``: ``app.js`` opens the night on a click.
    """
    from plotly.subplots import make_subplots

    n = snap.nightly.copy()
    n["night"] = pd.to_datetime(n["night"])
    if since is not None:
        n = n[n["night"] >= since]
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.08, 0.56, 0.36],
        vertical_spacing=0.04,
    )
    nights = [d.date().isoformat() for d in n["night"]]
    for row, kind, color, noun in (
        (2, "drones", "#e07b39", "strike drones"),
        (3, "missiles", "#3b4f6b", "missiles"),
    ):
        fig.add_bar(
            x=n["night"],
            y=n[kind],
            name=f"{noun} launched",
            marker_color=color,
            customdata=nights,
            hovertemplate="%{customdata}: %{y:,.0f} " + noun + " launched<extra></extra>",
            row=row,
            col=1,
        )
        fig.add_scatter(
            x=n["night"],
            y=n[f"{kind}_destroyed"],
            name=f"{noun} destroyed",
            mode="lines",
            line={"width": 1, "color": "#111", "dash": "dot"},
            customdata=nights,
            hovertemplate="%{customdata}: %{y:,.0f} " + noun + " destroyed<extra></extra>",
            row=row,
            col=1,
        )
    runs, rule = _campaign_runs(snap, since)
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": pd.Timestamp(r.start) - pd.Timedelta(hours=12),
            "x1": pd.Timestamp(r.end) + pd.Timedelta(hours=12),
            "y0": 0,
            "y1": 0.9,
            "fillcolor": "#b00020",
            "opacity": 0.16,
            "line": {"width": 0},
            "layer": "below",
        }
        for r in runs
    ]
    if runs:  # a legend entry for the shading
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": "rgba(176,0,32,0.3)"},
            name=f"campaign ({rule})",
            row=2,
            col=1,
        )
    _event_band(fig, snap, since if since is not None else n["night"].min())
    fig.update_layout(
        **{
            **LAYOUT,
            "height": 560,
            "margin": {"l": 60, "r": 16, "t": 30, "b": 40},
            "legend": {"orientation": "h", "y": -0.12, "font": {"size": 11}},
        },
        barmode="overlay",
        bargap=0.1,
        shapes=shapes,
        hovermode="closest",
    )
    fig.update_yaxes(visible=False, fixedrange=True, row=1, col=1)
    fig.update_yaxes(title_text="strike drones per night", rangemode="tozero", row=2, col=1)
    fig.update_yaxes(title_text="missiles per night", rangemode="tozero", row=3, col=1)
    # every panel a date axis, even the event band when no event falls in the window
    fig.update_xaxes(type="date")
    fig.update_xaxes(title_text="night (Kyiv-local morning date)", row=3, col=1)
    return _json(fig)


EVENT_COLOURS = {
    "ceasefire": "#6a1b9a",
    "diplomacy": "#1565c0",
    "ukraine_deep_strike": "#2e7d32",
    "truce": "#6a1b9a",
    "aid": "#ef6c00",
    "sanctions": "#5d4037",
}


def _event_band(fig: go.Figure, snap: Snapshot, since: Any) -> None:
    """Context events as markers in their own band above the bars, labelled on hover."""
    ev = snap.events
    if not len(ev):
        return
    ev = ev[pd.to_datetime(ev["date"]) >= since]
    for kind, part in ev.groupby("kind"):
        fig.add_scatter(
            x=pd.to_datetime(part["date"]),
            y=[0] * len(part),
            mode="markers",
            name=f"event: {str(kind).replace('_', ' ')}",
            marker={"symbol": "diamond", "size": 9, "color": EVENT_COLOURS.get(str(kind), "#555")},
            text=[str(t) for t in part["title"]],
            hovertemplate="%{x|%Y-%m-%d}: %{text}<extra>" + str(kind) + "</extra>",
            row=1,
            col=1,
        )


def regime_breaks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Periods where the reporting regime changes (rows carry ``regime`` once the analysis
    gives it): the first period of each new regime, with the regimes either side."""
    out = []
    for prev, row in itertools.pairwise(rows):
        a, b = prev.get("regime"), row.get("regime")
        if a is not None and b is not None and a != b:
            out.append({"period": row["period"], "before": a, "after": b})
    return out


def interception(
    rows: list[dict[str, Any]],
    title: str,
    key: str = "share_destroyed",
    low: str = "low",
    high: str = "high",
) -> str:
    """A share per period with its 95% interval as a band; regime breaks as labelled lines,
    periods that mix regimes as hollow markers."""
    frame = pd.DataFrame(rows)
    fig = go.Figure()
    if len(frame) and key in frame:
        fig.add_scatter(
            x=frame["period"],
            y=frame[high],
            mode="lines",
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=frame["period"],
            y=frame[low],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(224,123,57,0.25)",
            name="95% interval",
        )
        mixed = (
            frame["mixed_regimes"].fillna(False).astype(bool).tolist()
            if ("mixed_regimes" in frame)
            else [False] * len(frame)
        )
        fig.add_scatter(
            x=frame["period"],
            y=frame[key],
            mode="lines+markers",
            name=key.replace("_", " "),
            line={"color": "#e07b39"},
            marker={"symbol": ["circle-open" if m else "circle" for m in mixed], "size": 7},
            hovertemplate="%{x}: %{y:.1%}<extra></extra>",
        )
    shapes, notes = [], []
    for br in regime_breaks(rows):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": br["period"],
                "x1": br["period"],
                "y0": 0,
                "y1": 1,
                "line": {"color": "#7b1fa2", "width": 2, "dash": "dash"},
            }
        )
        notes.append(
            {
                "x": br["period"],
                "y": 1,
                "yref": "paper",
                "text": f"reporting change: {br['after']}",
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 10, "color": "#7b1fa2"},
            }
        )
    fig.update_layout(
        **LAYOUT,
        title={"text": title, "font": {"size": 14}},
        shapes=shapes,
        annotations=notes,
        yaxis={"tickformat": ".0%", "range": [0, 1.02], "title": {"text": "share of launched"}},
        xaxis={"title": {"text": "period"}},
    )
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
    from strikewatch.strain.plots import fan_figure

    fan = fan_figure(result)
    fan.update_layout(template="plotly_white")
    out.append(_json(fan))
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
