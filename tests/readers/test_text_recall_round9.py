"""Recall round 9 (decision 127): slang downing verbs ("мінуснули 17 повітряних цілей"), a
weapon named as the cause of something ("Через ворожі БпЛА … тривоги"), the Russian
instrumental case ending after digits ("15-ю ударными БпЛА"), and more kinds of counts,
classes and Russian-side figures. Every example is written for the test."""

from __future__ import annotations

from tests.readers.conftest import figures as all_figures


def figures(text: str) -> set[tuple[str, str, float | None]]:
    """(outcome, class, value) of every count the reader gives."""
    return {f[:3] for f in all_figures(text)}


def test_slang_downing_verbs_are_destroyed_cues() -> None:
    for text in (
        "Вночі над Полтавщиною сили ППО мінуснули 9 повітряних цілей.",
        "Наші захисники приземлили 6 шахедів над областю.",
    ):
        got = figures(text)
        assert any(o == "destroyed" and v in (9.0, 6.0) for o, _c, v in got), text
        assert not any(o == "launched" and v in (9.0, 6.0) for o, _c, v in got), text


def test_a_weapon_named_as_a_cause_is_no_launch() -> None:
    for text in (
        "Через ворожі БпЛА у Сумах тривога тривала всю ніч.",
        "Because of enemy drones, sirens sounded across Kharkiv region all night.",
        "Из-за вражеских беспилотников в Одессе всю ночь звучала тревога.",
    ):
        assert figures(text) == set(), text
    # a weapon named in an attack sentence without "через" still is one (negative control)
    got = figures("Вночі ворог атакував Сумщину ударними БпЛА.")
    assert ("launched", "strike_drone", None) in got


def test_a_russian_instrumental_ending_after_digits_is_a_cardinal() -> None:
    got = figures("Этой ночью противник атаковал Украину 12-ю ударными БпЛА типа Shahed.")
    assert ("launched", "strike_drone", 12.0) in got
    # "-ю" before a singular word is an ordinal: no figure 3
    got = figures("Этой ночью враг атаковал Днепр, 3-ю ракетой попав в склад.")
    assert not any(v == 3.0 for _o, _c, v in got)
