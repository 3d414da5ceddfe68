"""A bare figure after launch figures of several classes, larger than the last one, is their
mixed total: "479 drones and 20 missiles …; 460 of them were shot down" is never 460 of the
20 missiles."""

from __future__ import annotations

from tests.readers.conftest import figures, qualifiers

MIXED_460 = ("destroyed", "mixed", 460.0, 460.0, 460.0)
MISSILES_460 = ("destroyed", "unknown_missile", 460.0, 460.0, 460.0)


def test_of_them_after_two_classes_is_their_total() -> None:
    for text in (
        "Russia launched 479 drones and 20 missiles at Ukraine overnight; 460 of them were "
        "shot down or jammed.",
        "Russia launched 479 drones and 20 missiles at Ukraine overnight, 460 of which were "
        "intercepted.",
        "Russian forces launched 479 drones and 20 missiles overnight. Air defenses shot down "
        "or jammed 460 of them.",
        "Росія атакувала 479 дронами та 20 ракетами. З них 460 збито або подавлено.",
        "Росія атакувала 479 дронами та 20 ракетами. Сили ППО знешкодили 460 з них.",
    ):
        got = figures(text)
        assert MIXED_460 in got, text
        assert MISSILES_460 not in got, text
        assert ("launched", "strike_drone", 479.0, 479.0, 479.0) in got, text


def test_a_figure_the_last_class_can_hold_stays_with_it() -> None:
    got = figures("Russia launched 479 drones and 20 missiles; 15 of them were shot down.")
    assert ("destroyed", "unknown_missile", 15.0, 15.0, 15.0) in got
    assert not [f for f in got if f[1] == "mixed"]


def test_one_class_before_is_that_class() -> None:
    got = figures(
        "Russia launched 95 drones overnight; air defenses shot down or jammed 60 of them."
    )
    assert ("destroyed", "strike_drone", 60.0, 60.0, 60.0) in got


def test_more_than_all_launched_is_no_total() -> None:
    got = figures("Russia launched 40 drones and 2 missiles; 60 of them were shot down.")
    assert not [f for f in got if f[1] == "mixed"]


def test_a_breakdown_after_of_which_takes_the_total_outcome() -> None:
    for text in (
        "Сили протиповітряної оборони знешкодили 16 повітряних цілей, з них 14 дронів і 2 ракети.",
        "Air defenses shot down 16 air targets, of which 14 drones and 2 missiles.",
    ):
        got = figures(text)
        assert ("destroyed", "strike_drone", 14.0, 14.0, 14.0) in got, text
        assert ("destroyed", "unknown_missile", 2.0, 2.0, 2.0) in got, text
        assert not [f for f in got if f[0] == "launched"], text


def test_a_same_class_part_after_of_which_is_no_figure_of_its_own() -> None:
    text = "Ворог атакував 50 дронами, з них 14 дронів – Shahed."
    assert qualifiers(text) == {50.0: None, 14.0: "subset"}


def test_figures_over_the_regions_of_russia_are_the_russian_sides() -> None:
    for text in (
        "Всего за ночь над регионами России были уничтожены 41 БПЛА.",
        "Air defenses destroyed 41 drones over the regions of Russia overnight.",
    ):
        assert qualifiers(text) == {41.0: "over_russia"}, text
