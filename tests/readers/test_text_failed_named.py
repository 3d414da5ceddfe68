"""A class named without a figure whose downing is denied: destroyed 0 of its one launch
figure ("Балістичні ракети збити не вдалося"), never a guess between two figures."""

from __future__ import annotations

from tests.readers.conftest import figures

DRONES = [
    ("launched", "strike_drone", 90.0, 90.0, 90.0),
    ("destroyed", "strike_drone", 70.0, 70.0, 70.0),
]


def test_named_class_not_downed_uk() -> None:
    got = figures(
        "У ніч на 15 червня ворог атакував Україну 2 балістичними ракетами Іскандер-М та 90 "
        "ударними БпЛА. Протиповітряна оборона знешкодила 70 БпЛА. Балістичні ракети збити "
        "не вдалося."
    )
    assert ("destroyed", "ballistic_missile", 0.0, 0.0, 0.0) in got
    assert set(DRONES) <= got


def test_named_class_not_intercepted_en() -> None:
    got = figures(
        "Overnight on June 15, Russia attacked with 2 Iskander-M ballistic missiles and 90 "
        "drones. Air defense downed 70 drones. The ballistic missiles could not be intercepted."
    )
    assert ("destroyed", "ballistic_missile", 0.0, 0.0, 0.0) in got
    assert ("destroyed", "strike_drone", 0.0, 0.0, 0.0) not in got


def test_family_word_with_one_launch_figure() -> None:
    got = figures(
        "У ніч на 15 червня ворог атакував 4 крилатими ракетами Х-101. Ракети збити не вдалося."
    )
    assert ("destroyed", "cruise_missile", 0.0, 0.0, 0.0) in got


def test_family_word_with_two_launch_figures_says_nothing() -> None:
    got = figures(
        "У ніч на 15 червня ворог атакував 2 балістичними ракетами та 4 крилатими ракетами. "
        "Ракети збити не вдалося."
    )
    assert not [f for f in got if f[0] == "destroyed"]


def test_no_downing_cue_or_a_figure_of_the_class() -> None:
    assert not [
        f
        for f in figures(
            "У ніч на 15 червня ворог атакував 3 ракетами. Тип ракет встановити не вдалося."
        )
        if f[0] == "destroyed"
    ]
    got = figures(
        "У ніч на 15 червня ворог атакував 4 крилатими ракетами. Збито 3 крилаті ракети. "
        "Решту крилатих ракет збити не вдалося."
    )
    assert ("destroyed", "cruise_missile", 0.0, 0.0, 0.0) not in got
    assert ("destroyed", "cruise_missile", 3.0, 3.0, 3.0) in got


def test_a_singular_not_downed_is_no_destroyed_figure() -> None:
    got = figures(
        "У ніч на 15 червня противник атакував 3 ракетами «Іскандер-М», 4 ракетами Х-101 і 112 "
        "ударними БпЛА. Збито 2 балістичні ракети, 4 крилаті ракети та 98 БпЛА. Одна "
        "балістична ракета не збита."
    )
    assert ("destroyed", "ballistic_missile", 2.0, 2.0, 2.0) in got
    assert ("destroyed", "ballistic_missile", 1.0, 1.0, 1.0) not in got
    assert ("launched", "ballistic_missile", 1.0, 1.0, 1.0) not in got
    got = figures(
        "Вночі ворог випустив по Одесі балістичну ракету. Ракета не збита, вона влучила в порт."
    )
    assert ("destroyed", "ballistic_missile", 0.0, 0.0, 0.0) in got
