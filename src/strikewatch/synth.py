"""A seeded SYNTHETIC dataset in the public CSV format, for demos and scale benchmarks.

Distributions are shaped like the real record (heavy-tailed salvo sizes that grow over
time, a mix of drone and missile classes, interception shares near the observed ones) but
the numbers are invented: every row's source names ``strikewatch-synth`` and imports are
flagged synthetic so no output can pass them off as real.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from strikewatch.readers.dataset import COLUMNS

# model, share of rows, median salvo, destroyed share (mean), EW-lost share (mean)
_MODELS: tuple[tuple[str, float, float, float, float], ...] = (
    ("Shahed-136/131", 0.45, 45.0, 0.84, 0.06),
    ("X-101/X-555", 0.07, 20.0, 0.88, 0.0),
    ("Kalibr", 0.05, 10.0, 0.85, 0.0),
    ("Iskander-M/KN-23", 0.08, 3.0, 0.35, 0.0),
    ("X-59/X-69", 0.05, 4.0, 0.55, 0.1),
    ("X-47 Kinzhal", 0.03, 3.0, 0.4, 0.0),
    ("C-300", 0.04, 4.0, 0.1, 0.0),
    ("Orlan-10", 0.08, 2.0, 0.95, 0.0),
    ("Unknown UAV", 0.10, 8.0, 0.97, 0.0),
    ("Lancet", 0.05, 2.0, 0.9, 0.0),
)
_REGIONS = (
    "Kyiv oblast",
    "Kharkiv oblast",
    "Lviv oblast",
    "Odesa oblast",
    "Dnipropetrovsk oblast",
    "Zaporizhzhia oblast",
    "Sumy oblast",
    "Volyn oblast",
)
ROWS_PER_NIGHT = 6
MAX_NIGHTS = 20_000  # keeps every night label before 2080, inside pandas' and the API's range


def rows_per_night(rows: int) -> int:
    """Six rows a night (several report windows and commands), more for huge files so that
    a million rows span decades, not centuries."""
    return max(ROWS_PER_NIGHT, -(-rows // MAX_NIGHTS))


def write_synthetic(
    path: Path | str, *, rows: int, seed: int = 1, start: dt.date = dt.date(2022, 9, 28)
) -> int:
    """Write ``rows`` synthetic rows and return the count."""
    rng = np.random.default_rng(seed)
    shares = np.array([m[1] for m in _MODELS])
    model_idx = rng.choice(len(_MODELS), size=rows, p=shares / shares.sum())
    per_night = rows_per_night(rows)
    night_idx = np.arange(rows) // per_night
    growth = 1.0 + np.minimum(night_idx / 1000.0, 2.0)
    medians = np.array([m[2] for m in _MODELS])[model_idx] * growth
    launched = np.maximum(1, np.round(rng.lognormal(np.log(medians), 0.8))).astype(np.int64)
    kill = np.clip(rng.normal(np.array([m[3] for m in _MODELS])[model_idx], 0.08), 0, 1)
    ew = np.clip(rng.normal(np.array([m[4] for m in _MODELS])[model_idx], 0.03), 0, 1)
    destroyed = rng.binomial(launched, kill)
    lost = rng.binomial(launched - destroyed, np.minimum(ew / np.maximum(1e-9, 1 - kill), 1.0))
    unknown = rng.random(rows) < 0.02  # some reports omit the outcome: unknown, not 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in range(rows):
            night = start + dt.timedelta(days=int(night_idx[i]))
            evening = night - dt.timedelta(days=1)
            model = _MODELS[model_idx[i]][0]
            regions = rng.choice(len(_REGIONS), size=int(rng.integers(0, 4)), replace=False)
            affected = (
                "[" + ", ".join(f"'{_REGIONS[r]}'" for r in sorted(regions)) + "]"
                if len(regions)
                else ""
            )
            writer.writerow(
                [
                    f"{evening.isoformat()} 18:00",
                    f"{night.isoformat()} {8 + (i % per_night) // 60:02d}:{i % per_night % 60:02d}",
                    model,
                    "Kursk oblast",
                    "Ukraine",
                    "",
                    f"{launched[i]}.0",
                    "" if unknown[i] else f"{destroyed[i]}.0",
                    "" if unknown[i] else f"{lost[i]}.0",
                    "",
                    "{}",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    affected,
                    "",
                    "",
                    "",
                    f"strikewatch-synth/posts/{seed}-{i}",
                ]
            )
    return rows
