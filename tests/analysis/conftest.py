"""Fixtures for the analysis tests: the real nightly table in the analyses' own form."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def nightly_real(real_figures: pd.DataFrame) -> pd.DataFrame:
    from strikewatch.tables import nightly_totals

    return nightly_totals(real_figures)
