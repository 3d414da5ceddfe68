"""The per-source count checks the import runs on every row, on claim specs and claim objects
alike: findings in claim order, a launched total that comes after the destroyed one still
counts, and the accepted date range is the one the error messages name."""

from __future__ import annotations

import datetime as dt

from strikewatch.catalog import plausibility
from strikewatch.claimrows import ClaimRows, ClaimSpec, RowBase
from strikewatch.domain import ClaimKind, Outcome, Quantity, Status, WeaponClass


def count(outcome: Outcome, value: float, qualifier: str | None = None) -> ClaimSpec:
    return ClaimSpec(
        ClaimKind.COUNT,
        weapon_class=WeaponClass.CRUISE_MISSILE,
        model="Kh-101",
        outcome=outcome,
        quantity=Quantity.exact(value),
        qualifier=qualifier,
    )


def as_objects(specs: list[ClaimSpec]):  # type: ignore[no-untyped-def]
    base = RowBase("dataset", "1", dt.date(2024, 1, 2), None, None, "x", Status.OFFICIAL, 2)
    return ClaimRows(base, specs).claims()


def test_findings_come_in_claim_order_whatever_the_check() -> None:
    specs = [
        count(Outcome.DESTROYED, 90),  # beyond the launched total that comes later
        ClaimSpec(ClaimKind.PLACE, outcome=Outcome.HIT, place="ua-46", text="Lviv oblast"),
        count(Outcome.HIT, 1001),  # above its ceiling
        count(Outcome.LAUNCHED, 40),
        count(Outcome.DESTROYED, 95, "region:west"),  # a breakdown: no excess check
    ]
    found = plausibility.implausible_counts(specs)
    assert [i for i, _ in found] == [0, 2]
    assert found[0][1].startswith("destroyed: destroyed 90 exceeds launched 40")
    assert found[1][1].startswith("hit: 1001 exceeds the ceiling")
    assert plausibility.implausible_counts(as_objects(specs)) == found


def test_a_group_total_is_the_launched_total_and_tolerance_applies() -> None:
    within = [count(Outcome.LAUNCHED, 100, "group_total"), count(Outcome.DESTROYED, 102)]
    beyond = [count(Outcome.LAUNCHED, 100, "group_total"), count(Outcome.DESTROYED, 103)]
    assert plausibility.implausible_counts(within) == []
    assert [i for i, _ in plausibility.implausible_counts(beyond)] == [1]


def test_nan_and_negative_counts_are_named() -> None:
    specs = [count(Outcome.LAUNCHED, float("nan")), count(Outcome.DESTROYED, -1)]
    found = plausibility.implausible_counts(specs)
    assert found == [(0, "launched: nan is not a finite number"), (1, "destroyed: -1 is negative")]


def test_date_range_is_what_date_problem_refuses_outside() -> None:
    for synthetic in (False, True):
        first, last = plausibility.date_range(synthetic=synthetic)
        assert plausibility.date_problem(first, synthetic=synthetic) is None
        assert plausibility.date_problem(last, synthetic=synthetic) is None
        before = plausibility.date_problem(first - dt.timedelta(days=1), synthetic=synthetic)
        after = plausibility.date_problem(last + dt.timedelta(days=1), synthetic=synthetic)
        assert before is not None and after is not None
        assert f"{first.isoformat()} .. {last.isoformat()}" in before
