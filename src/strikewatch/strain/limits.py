"""Bounds on the work one strain request may ask for, shared by the API and the CLI.

Why: a projection's memory and time grow with runs × days (2,000,000 runs reached 3.7 GB
before being stopped). The API refuses more than these; the CLI applies the same bounds
unless the operator passes ``--unbounded`` for a deliberate local run.
"""

from __future__ import annotations

MAX_RUNS = 5000
MAX_DAYS = 730
