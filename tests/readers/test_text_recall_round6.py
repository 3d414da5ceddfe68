"""Recall round 6 (decision 122): the part of a total after the total's own launch clause,
"all of which" / "which were shot down" over a list, "the attack included", reconnaissance
"розвідник", hits that are no launch figure when some of the class were downed, numbers that
count regions or carriers, weapon words that modify "units", and "по N" over several places.
Every example is written for the test."""

from __future__ import annotations

from tests.readers.conftest import figures as all_figures


def figures(text: str) -> set[tuple[str, str, float | None]]:
    """(outcome, class, value) of every count the reader gives."""
    return {f[:3] for f in all_figures(text)}


def test_a_part_of_a_total_takes_the_verb_after_the_totals_launch_clause() -> None:
    got = figures("Only two of the 30 drones Russia launched overnight reached their targets.")
    assert got == {("launched", "strike_drone", 30.0)}  # never "launched 2"
    got = figures("28 of the 31 drones Russia launched overnight were destroyed.")
    assert ("destroyed", "strike_drone", 28.0) in got
    assert ("launched", "strike_drone", 28.0) not in got
    assert ("destroyed", "strike_drone", 2.0) in figures("Два з 30 запущених дронів збито.")


def test_all_of_which_over_a_list_destroys_each_figure() -> None:
    for text in (
        "Russia launched 30 drones and 4 missiles, all of which were shot down.",
        "Ворог запустив 30 дронів і 4 ракети, усі вони збиті.",
        "Russia launched 30 drones and 4 missiles. All of them were shot down.",
    ):
        got = figures(text)
        assert ("destroyed", "strike_drone", 30.0) in got, text
        assert ("destroyed", "unknown_missile", 4.0) in got, text
    # "all missiles" is not "all of them"; a number between is not the whole list
    got = figures("Russia launched 30 drones and 4 missiles, all missiles were shot down.")
    assert ("destroyed", "strike_drone", 30.0) not in got
    got = figures(
        "Russia launched 30 drones and 4 missiles, 20 over Kyiv, all of which were shot down."
    )
    assert not any(o == "destroyed" for o, _c, _v in got)


def test_which_were_shot_down_after_an_attack_list_is_launched_and_destroyed() -> None:
    got = figures(
        "The attack included eight Shahed drones and three cruise missiles which were shot down."
    )
    assert {
        ("launched", "strike_drone", 8.0),
        ("destroyed", "strike_drone", 8.0),
        ("launched", "cruise_missile", 3.0),
        ("destroyed", "cruise_missile", 3.0),
    } <= got
    got = figures("Ворог запустив 12 дронів, які були збиті над Києвом.")
    assert {("launched", "strike_drone", 12.0), ("destroyed", "strike_drone", 12.0)} <= got
    got = figures("The attack included 8 Shahed drones which targeted Kyiv.")
    assert got == {("launched", "strike_drone", 8.0)}


def test_a_reconnaissance_drone_in_ukrainian_nouns() -> None:
    assert figures("Бійці збили над областю ворожий дрон-розвідник.") == {
        ("destroyed", "recon_drone", 1.0)
    }
    assert ("destroyed", "recon_drone", 3.0) in figures("Збито 3 дрони-розвідники.")


def test_hits_are_no_launch_figure_when_some_of_the_class_were_downed() -> None:
    got = figures(
        "Вночі над Полтавщиною підрозділи ППО знищили один дрон-камікадзе. "
        "В Черкаській області зафіксували три прильоти Шахедів."
    )
    assert not any(o == "launched" and v == 3.0 for o, _c, v in got)


def test_numbers_that_count_regions_or_carriers_are_no_weapon_figures() -> None:
    got = figures(
        "Air defences shot down all 14 Russian drones fired overnight. "
        "The Shahed drones were downed over six Ukrainian regions."
    )
    assert not any(v in (6.0, 7.0) or v is None for _o, _c, v in got)
    got = figures("Russia used three Kinzhals launched from three fighter jets.")
    assert got == {("launched", "aeroballistic_missile", 3.0)}


def test_a_weapon_word_modifying_units_is_no_weapon_count() -> None:
    got = figures("Its anti-aircraft missile unit shot down one of the 3 Kinzhal missiles.")
    assert not any(c == "cruise_missile" for _o, c, _v in got)
    got = figures("Unmanned drone and electronic warfare units neutralized 400 attack drones.")
    assert ("destroyed", "strike_drone", 1.0) not in got


def test_po_n_over_several_places_multiplies() -> None:
    got = figures("Над Полтавщиною та Сумщиною підрозділи ППО знищили по одному дрону-камікадзе.")
    assert got == {("destroyed", "strike_drone", 2.0)}
    assert figures("Над Києвом збили по 2 дрони.") == {("destroyed", "strike_drone", 2.0)}
