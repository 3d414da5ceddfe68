"""Recall on more kinds of phrasing the reader missed (decision 115): failed interceptions of
a small number, a weapon named once in the singular, loitering munitions, losses "from the
radar", "понад 20 апаратів", day ordinals ("21-го травня") and a generic total with a lost
range. Every example is written for the test."""

from __future__ import annotations

import datetime as dt

from tests.readers.conftest import PUB, figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def test_a_failed_interception_of_both_missiles_is_destroyed_zero() -> None:
    for text in (
        "Вночі противник атакував двома крилатими ракетами Х-101. Перехопити обидві ракети "
        "не вдалося.",
        "Ворог випустив дві ракети Х-59. Не вдалося збити дві ракети.",
        "Russia fired two Kh-101 cruise missiles overnight; both missiles could not be "
        "intercepted.",
    ):
        got = figures(text)
        assert ("launched", "cruise_missile", 2.0, 2.0, 2.0) in got, text
        assert ("destroyed", "cruise_missile", 0.0, 0.0, 0.0) in got, text
        assert not any(f[0] == "destroyed" and f[2] == 2.0 for f in got), text


def test_a_failed_interception_before_its_launch_figure_makes_no_second_launch() -> None:
    got = figures(
        "Обидві ракети збити не вдалося. Вночі ворог випустив по Харківщині дві балістичні "
        "ракети Іскандер-М."
    )
    assert got == {
        ("launched", "ballistic_missile", 2.0, 2.0, 2.0),
        ("destroyed", "ballistic_missile", 0.0, 0.0, 0.0),
    }


def test_a_weapon_named_once_in_the_singular_is_one() -> None:
    assert figures("Окупанти вдарили по Одесі балістичною ракетою Іскандер-М.") == {
        ("launched", "ballistic_missile", 1.0, 1.0, 1.0)
    }
    assert figures("Росіяни атакували Запоріжжя ударним БпЛА.") == {
        ("launched", "strike_drone", 1.0, 1.0, 1.0)
    }
    assert figures("Окупанти атакували Херсон ударним дроном «Ланцет».") == {
        ("launched", "loitering_munition", 1.0, 1.0, 1.0)
    }
    # the plural stays a class named without a count
    assert figures("Росіяни атакували Запоріжжя ударними БпЛА.") == {
        ("launched", "strike_drone", None, None, None)
    }


def test_loitering_munitions_are_never_strike_drones() -> None:
    for text, value in (
        ("Росіяни атакували Херсонщину 7 барражуючими боєприпасами.", 7.0),
        ("Над Херсонщиною збито 3 баражуючі боєприпаси.", 3.0),
        ("Russian forces used 5 loitering munitions against Zaporizhzhia.", 5.0),
        ("Russian forces used 4 loitering drones against Sumy.", 4.0),
        ("Ворог атакував Херсонщину 9 дронами-камікадзе типу «Ланцет».", 9.0),
    ):
        got = figures(text)
        assert any(f[1] == "loitering_munition" and f[2] == value for f in got), text
        assert not any(f[1] == "strike_drone" for f in got), text


def test_losses_from_the_radar_with_the_article() -> None:
    got = figures("Russia launched 40 drones; 30 were shot down and 10 disappeared from the radar.")
    assert ("lost_ew", "strike_drone", 10.0, 10.0, 10.0) in got
    got = figures("Ukraine downed 30 drones, while 8 more vanished from the radar.")
    assert ("lost_ew", "strike_drone", 8.0, 8.0, 8.0) in got


def test_more_than_n_devices_is_a_lower_bounded_drone_range() -> None:
    got = figures("Противник атакував 50 ударними БпЛА. Ще понад 20 апаратів локаційно втрачено.")
    assert ("lost_ew", "strike_drone", None, 21.0, 30.0) in got
    got = figures("Russia launched more than 20 devices at Odesa.")
    assert ("launched", "strike_drone", None, 21.0, 30.0) in got


def test_a_day_with_an_ordinal_ending_is_the_date_not_the_next_number() -> None:
    for text, day in (
        ("Противник атакував 21-го травня 30 дронами.", 21),
        ("11-го мая противник атаковал 25 беспилотниками.", 11),
        ("The enemy attacked on May 21st with 30 drones.", 21),
    ):
        r = read_document(text, published=PUB)
        assert r.night == dt.date(2026, 5, day), text
        counts = [c for c in r.claims if c.kind == ClaimKind.COUNT]
        assert [c.quantity.value for c in counts if c.quantity] in ([30.0], [25.0]), text


def test_a_generic_total_and_a_lost_range() -> None:
    got = figures(
        "У ніч на 30 травня ворог застосував 40 засобів повітряного нападу. Від 21 до 30 з них "
        "локаційно втрачено."
    )
    assert got == {
        ("launched", "mixed", 40.0, 40.0, 40.0),
        ("lost_ew", "mixed", None, 21.0, 30.0),
    }
