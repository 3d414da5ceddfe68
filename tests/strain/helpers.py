"""Small hand-made scenarios for the strain tests (built from the default, so they validate)."""

from __future__ import annotations

from typing import Any

from strikewatch.strain.scenario import Scenario, parse_scenario


def one_layer(
    *,
    stock: Any = {"value": 100},  # noqa: B006 - read-only default
    resupply: float = 0.0,
    shots: float = 2.0,
    pk: tuple[float, float] = (0.5, 0.8),
    counts: dict[str, float] | None = None,
    tempo: float = 1.0,
    scale: tuple[float, float] = (1.0, 1.0),
) -> Scenario:
    """One SAM layer against cruise missiles, with a constant hand-set salvo."""
    return parse_scenario(
        {
            "name": "one_layer",
            "layers": [
                {
                    "name": "sam",
                    "engagements": [
                        {
                            "weapon_class": "cruise_missile",
                            "coverage": {"low": 0.6, "high": 0.9},
                            "p_kill": {"low": pk[0], "high": pk[1]},
                            "shots_per_engagement": {"value": shots},
                        }
                    ],
                    "cost_per_shot_usd": {"low": 1e5, "high": 2e5},
                    "stock": stock,
                    "resupply_per_month": {"value": resupply},
                }
            ],
            "attacker_cost_usd": {"cruise_missile": {"low": 1e6, "high": 2e6}},
            "salvo": {
                "tempo": {"value": tempo},
                "scale": {"low": scale[0], "high": scale[1]},
                "mixes": [{"name": "constant", "counts": counts or {"cruise_missile": 10}}],
            },
        }
    )
