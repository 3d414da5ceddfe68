"""Fan charts of interceptor stock per layer (offline: plotly.js is inlined, no CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd


def fan_table(result: dict[str, Any]) -> pd.DataFrame:
    """Long table of the stock fan: layer, day (1-based), p5…p95, p_dry_by_day.

    The web layer can plot this without plotly; the HTML chart below is built from it.
    """
    rows: list[dict[str, Any]] = []
    for layer in result["layers"]:
        fan = layer.get("stock_fan")
        if not fan:
            continue
        for d, p_dry in enumerate(layer["p_dry_by_day"]):
            row: dict[str, Any] = {"layer": layer["name"], "day": d + 1, "p_dry": p_dry}
            for key, values in fan.items():
                row[key] = values[d]
            rows.append(row)
    return pd.DataFrame(rows)


def fan_figure(result: dict[str, Any]) -> Any:
    """A plotly figure: one panel per finite-stock layer, 5–95% and 25–75% bands and median."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    table = fan_table(result)
    layers = list(dict.fromkeys(table["layer"])) if not table.empty else []
    fig = make_subplots(
        rows=max(len(layers), 1),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[f"{name}: interceptors in stock" for name in layers] or ["no finite stock"],
        vertical_spacing=0.06,
    )
    for i, name in enumerate(layers, start=1):
        part = table[table["layer"] == name]
        x = part["day"].tolist()
        for lo, hi, alpha in (("p5", "p95", 0.18), ("p25", "p75", 0.35)):
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=part[hi].tolist() + part[lo].tolist()[::-1],
                    fill="toself",
                    fillcolor=f"rgba(31,119,180,{alpha})",
                    line={"width": 0},
                    name=f"{lo}–{hi}",
                    showlegend=i == 1,
                    hoverinfo="skip",
                ),
                row=i,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=part["p50"],
                line={"color": "rgb(31,119,180)"},
                name="median",
                showlegend=i == 1,
            ),
            row=i,
            col=1,
        )
    inputs = result.get("inputs", {})
    fig.update_layout(
        title=(
            f"Interceptor stock, scenario {result.get('scenario')!s}: "
            f"{inputs.get('runs')} runs, seed {inputs.get('seed')}, "
            f"salvo {inputs.get('salvo_source')} (fan from {result.get('fan_runs')} runs)"
        ),
        height=260 * max(len(layers), 1) + 120,
        template="plotly_white",
    )
    fig.update_xaxes(title_text="day", row=max(len(layers), 1), col=1)
    return fig


def write_fan_html(result: dict[str, Any], path: str | Path) -> Path:
    """Write a self-contained HTML file (plotly.js inlined) and return its path."""
    path = Path(path)
    fan_figure(result).write_html(str(path), include_plotlyjs=True, full_html=True)
    return path
