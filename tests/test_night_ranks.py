"""The briefing's ranks counted in the totals table equal the ranks of the nightly series."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from strikewatch.tables import COUNT_KINDS


def _fields(year, every) -> tuple:  # type: ignore[no-untyped-def]
    """The six numbers the briefing quotes of a night's (year, all) ranks."""
    return tuple(
        getattr(scope, name)
        for scope in (year, every)
        for name in ("rank_at_the_time", "rank_now", "nights_compared_now")
    )


def _series_ranks(nightly, night: dt.date, kind: str) -> tuple:  # type: ignore[no-untyped-def]
    from strikewatch.analysis.records import rank_night

    year = rank_night(nightly, night, kind, "year")
    every = rank_night(nightly, night, kind, "all")
    return _fields(year, every)


@pytest.fixture(scope="module")
def nightly(real_engine):  # type: ignore[no-untyped-def]
    from strikewatch.ledger.totals import unit_frame

    return unit_frame(real_engine, "night")


def test_ranks_by_index_equal_the_series_ranks_on_the_real_ledger(real_engine, nightly) -> None:  # type: ignore[no-untyped-def]
    """Every 9th night, the first and the last, and every night whose ballistic count is
    unknown or tied with another (ties share a rank; unknown nights are not compared)."""
    nights = [n.date() for n in nightly["night"]]
    chosen = set(nights[::9]) | {nights[0], nights[-1]}
    ballistic = nightly["ballistic"]
    unknown = nightly.loc[ballistic.isna(), "night"]
    tied = nightly.loc[ballistic.duplicated(keep=False) & ballistic.notna(), "night"]
    chosen |= {n.date() for n in unknown[:10]} | {n.date() for n in tied[:10]}
    assert len(unknown) and len(tied)  # the real file has both
    from strikewatch.ledger.ranks import night_ranks

    for night in sorted(chosen):
        found = night_ranks(real_engine, night)
        assert found is not None and list(found) == list(COUNT_KINDS)
        for kind in COUNT_KINDS:
            by_index = _fields(found[kind]["year"], found[kind]["all"])
            assert by_index == _series_ranks(nightly, night, kind), (night, kind)


def test_unknown_count_has_no_rank_but_the_compared_nights(real_engine, nightly) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.ledger.ranks import night_ranks

    row = nightly[nightly["ballistic"].isna()].iloc[0]
    found = night_ranks(real_engine, row["night"].date(), ["ballistic"])
    assert found is not None and list(found) == ["ballistic"]
    every = found["ballistic"]["all"]
    assert every.rank_now is None and every.rank_at_the_time is None
    assert every.nights_compared_now == int(np.sum(nightly["ballistic"].notna()))


def test_a_label_without_a_night_row_is_left_to_the_series(real_engine) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.ledger.ranks import night_ranks

    assert night_ranks(real_engine, dt.date(2021, 1, 1)) is None
    with pytest.raises(ValueError, match="unknown count"):
        night_ranks(real_engine, dt.date(2025, 8, 21), ["drones", "tanks"])


def test_briefing_scale_is_the_same_from_a_snapshot_without_a_ledger(real_engine) -> None:  # type: ignore[no-untyped-def]
    """The briefing ranks by index when its snapshot reads a ledger, else on the series:
    both give the same scale entries."""
    import pandas as pd

    from strikewatch import snapshot
    from strikewatch.briefing import _scale
    from strikewatch.ledger import queries

    night = pd.Timestamp("2025-08-21")
    detail = queries.night_detail(real_engine, night.date())
    with_ledger = snapshot.load(real_engine)
    series_only = snapshot.Snapshot(
        version=with_ledger.version,
        nightly=with_ledger.nightly,
        events=with_ledger.events,
        events_origin=with_ledger.events_origin,
    )
    by_index = _scale(with_ledger, night, detail)
    assert by_index == _scale(series_only, night, detail)
    assert ("night-ranks", night) in with_ledger.cache
