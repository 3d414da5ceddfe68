"""Recall on more kinds of phrasing (decision 117): the Russian MoD's night words, failed
interceptions in more forms ("не були збиті", "не збито", "not a single", "none was"), a
number beside a negation that is not the launch figure (no false zero), hits that are not
launches, and drones "approaching" a city. Every example is written for the test."""

from __future__ import annotations

import datetime as dt

from tests.readers.conftest import PUB, figures

from strikewatch.readers.text import read_document


def test_russian_mod_night_words_are_the_night_that_ended_that_morning() -> None:
    for text in (
        "В течение прошедшей ночи дежурными средствами ПВО уничтожены 36 украинских БПЛА.",
        "Этой ночью дежурными средствами ПВО уничтожены 17 украинских беспилотников.",
        "В течение ночи средства ПВО перехватили 58 украинских беспилотников.",
        "За прошедшую ночь средства ПВО перехватили 24 украинских беспилотника.",
        "Сегодня ночью средства ПВО перехватили 9 украинских беспилотников.",
        "Протягом ночі ворог атакував 64 ударними БпЛА.",
    ):
        assert read_document(text, published=PUB).night == dt.date(2026, 5, 22), text
    # an evening statement about the past night keeps the morning's date
    evening = dt.datetime(2026, 5, 22, 17, 0, tzinfo=dt.UTC)
    text = "В течение прошедшей ночи средства ПВО уничтожили 12 украинских беспилотников."
    assert read_document(text, published=evening).night == dt.date(2026, 5, 22)
    # without a publication time no night is guessed
    assert read_document(text).night is None


def test_a_partial_failed_interception_is_no_destroyed_figure_and_no_zero() -> None:
    for text, launched, destroyed in (
        ("Всього ворог застосував 10 крилатих ракет. Ще 3 ракети не були збиті.", 10.0, None),
        ("Ворог атакував 20 ударними БпЛА. Не збито 5 дронів, ще 15 знешкоджено.", 20.0, 15.0),
        ("Ворог випустив 5 ракет Х-101, 2 з них не вдалося перехопити.", 5.0, None),
        (
            "Russia fired 12 Iskander-M missiles. Of the 12 missiles, four could not be "
            "intercepted.",
            12.0,
            None,
        ),
        ("Russia launched 8 Kh-101 missiles; three missiles were not shot down.", 8.0, None),
        (
            "Этой ночью противник выпустил 5 ракет Х-101, 3 ракеты сбиты, еще 2 ракеты не "
            "удалось перехватить.",
            5.0,
            3.0,
        ),
    ):
        got = figures(text)
        assert [f[2] for f in got if f[0] == "launched"] == [launched], text
        # never the failed figure as destroyed, never an invented launched − failed or zero
        assert [f[2] for f in got if f[0] == "destroyed"] == ([destroyed] if destroyed else []), (
            text
        )


def test_none_of_the_one_earlier_launch_figure_is_destroyed_zero() -> None:
    for text, cls in (
        ("Вночі ворог запустив 3 ракети Х-59. Жодної ракети не вдалося збити.", "cruise_missile"),
        ("Russia launched 20 Shahed drones. Not a single drone was shot down.", "strike_drone"),
        ("Russia fired 6 Kinzhal missiles; none was intercepted.", "aeroballistic_missile"),
        (
            "Russia fired 6 Kinzhal missiles. None of them were intercepted.",
            "aeroballistic_missile",
        ),
        ("Ворог атакував 2 ракетами Х-59. Обидві не збито.", "cruise_missile"),
    ):
        got = figures(text)
        assert ("destroyed", cls, 0.0, 0.0, 0.0) in got, text
        assert len([f for f in got if f[0] == "destroyed"]) == 1, text
        assert len([f for f in got if f[0] == "launched"]) == 1, text
    # two families launched: "Жодної ракети" names the missiles, the one missile figure
    # (decision 127), and says nothing of the drones
    got = figures("Ворог випустив 3 ракети Х-59 та 20 БпЛА. Жодної ракети не вдалося збити.")
    assert [f for f in got if f[0] == "destroyed"] == [
        ("destroyed", "cruise_missile", 0.0, 0.0, 0.0)
    ]


def test_weapons_that_approached_or_flew_towards_a_place_were_launched() -> None:
    for text, cls, n, down in (
        ("Two drones approached Kyiv overnight and both were destroyed.", "strike_drone", 2, 2),
        (
            "Two drones approached the city overnight and both drones were destroyed.",
            "strike_drone",
            2,
            2,
        ),
        (
            "Three missiles flew towards Dnipro overnight; two of them were shot down.",
            "unknown_missile",
            3,
            2,
        ),
        (
            "Four Shahed drones headed towards Kharkiv overnight, and all four were downed.",
            "strike_drone",
            4,
            4,
        ),
        ("Вночі два ударні БпЛА наближалися до Києва, обидва збиті.", "strike_drone", 2, 2),
    ):
        got = figures(text)
        assert ("launched", cls, float(n), float(n), float(n)) in got, text
        assert {f[2] for f in got if f[0] == "destroyed"} == {float(down)}, text
        assert len([f for f in got if f[0] == "launched"]) == 1, text
    # a participle before "were destroyed" stays the destroyed figure, with no launch made up
    got = figures("Five drones approaching from the north were destroyed over Chernihiv region.")
    assert got == {("destroyed", "strike_drone", 5.0, 5.0, 5.0)}
