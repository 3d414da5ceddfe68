"""Recall on the kinds of phrasing Air Force posts and news use that the reader missed (decision
111): a figure on the line after its weapon, losses to electronic warfare in other words, a
bare "Іскандер", hyphenated oblasts in a list, launch areas after a weapon, and a denial that
refers back to an earlier launch figure. Every example is written for the test."""

from __future__ import annotations

import datetime as dt

from strikewatch.domain import Claim, ClaimKind
from strikewatch.readers.text import read_document

PUB = dt.datetime(2026, 5, 11, 7, 0, tzinfo=dt.UTC)


def figures(text: str) -> set[tuple[str, str, float | None, str | None]]:
    """(outcome, class, value, qualifier) of every count the reader gives."""
    out = set()
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.COUNT:
            value = c.quantity.value if c.quantity else None
            out.add((str(c.outcome), str(c.weapon_class), value, c.qualifier))
    return out


def places(text: str) -> set[tuple[str | None, str | None]]:
    """(oblast, or the place when it is none, and role) of every place claim."""
    claims: list[Claim] = read_document(text, published=PUB).claims
    return {
        ((c.detail or {}).get("oblast") or c.place, c.qualifier)
        for c in claims
        if c.kind == ClaimKind.PLACE
    }


def test_a_figure_on_the_next_line_counts_the_weapon_of_the_line_before() -> None:
    text = (
        "За попередніми даними, станом на 08:30 збито/подавлено 61 ворожий БпЛА.\n"
        "Ще 18 – локаційно втрачені.\n"
    )
    got = figures(text)
    assert ("lost_ew", "strike_drone", 18.0, None) in got
    # on the same line as a sentence of its own it was read before; the line break changes nothing
    assert got == figures(text.replace("\n", " "))


def test_a_breakdown_on_the_next_line_stays_a_part_of_its_total() -> None:
    text = (
        "Russia's Defence Ministry said its air defence units destroyed 64 Ukrainian drones.\n"
        "It said 31 of them were shot down over the Bryansk Region.\n"
    )
    got = figures(text)
    assert ("destroyed", "strike_drone", 31.0, "subset") in got
    assert ("destroyed", "strike_drone", 31.0, "over_russia") not in got


def test_losses_to_electronic_warfare_in_other_words() -> None:
    base = "Russia launched 97 drones overnight. Air defences downed 71 of them; "
    for tail in (
        "21 others were lost, likely due to electronic jamming.",
        '21 were "lost" thanks to electronic warfare.',
        "21 others vanished from radar.",
    ):
        assert ("lost_ew", "strike_drone", 21.0, None) in figures(base + tail), tail
    uk = "Росіяни запустили 63 дрони. 40 з них збили, а ще 19 безпілотників зникли з радарів."
    got = figures(uk)
    assert ("lost_ew", "strike_drone", 19.0, None) in got
    assert ("destroyed", "strike_drone", 19.0, "subset") not in got


def test_a_bare_iskander_is_a_ballistic_missile_of_no_known_model() -> None:
    for text in (
        "Ворог випустив по Харкову дві ракети Іскандер.",
        "Противник атакував трьома Іскандерами з Брянщини.",
        "Russia fired two Iskanders at Sumy.",
    ):
        got = [
            c
            for c in read_document(text, published=PUB).claims
            if c.kind == ClaimKind.COUNT and c.outcome == "launched"
        ]
        assert [(str(c.weapon_class), c.model) for c in got] == [("ballistic_missile", None)], text
    # the letter still decides: Іскандер-К is the cruise missile
    k = figures("Противник атакував двома ракетами Іскандер-К.")
    assert k == {("launched", "cruise_missile", 2.0, None)}


def test_a_hyphenated_oblast_does_not_end_the_list() -> None:
    text = (
        "Уночі ворог атакував 90 ударними БпЛА. Унаслідок атаки постраждали Чернігівська, "
        "Сумська, Івано-Франківська та Дніпропетровська області."
    )
    hit = {p for p, q in places(text) if q == "role:hit"}
    assert hit >= {
        "chernihiv_oblast",
        "sumy_oblast",
        "ivano_frankivsk_oblast",
        "dnipropetrovsk_oblast",
    }


def test_a_place_right_after_a_weapon_and_from_is_where_it_came_from() -> None:
    text = "Противник атакував 2 балістичними ракетами Іскандер-М з Криму та 38 ударними БпЛА."
    assert all(p != "crimea" for p, _ in places(text))
    # a place hit is still one
    assert ("odesa_oblast", "role:hit") in places(
        "Russia fired three Kalibr missiles from occupied Crimea at Odesa."
    )


def test_a_denial_refers_back_to_the_one_launch_figure_of_its_family() -> None:
    text = (
        "Противник атакував 2 балістичними ракетами Іскандер-М та 38 ударними БпЛА. "
        "Збито 30 БпЛА. Обидві ракети збити не вдалося."
    )
    got = figures(text)
    assert ("destroyed", "ballistic_missile", 0.0, None) in got
    assert not any(cls == "unknown_missile" for _, cls, _, _ in got)
    # two launch figures of the family: which was not shot down is not said, nothing is derived
    two = figures(
        "Противник атакував 5 ракетами Х-101 та 2 ракетами Калібр. 2 ракети збити не вдалося."
    )
    assert not any(o == "destroyed" for o, _, _, _ in two)
    assert not any(cls == "unknown_missile" for _, cls, _, _ in two)


def test_of_n_launched_is_the_launched_total() -> None:
    assert figures("Збито 3-ох ударних БпЛА з 4-ох запущених.") == {
        ("destroyed", "strike_drone", 3.0, None),
        ("launched", "strike_drone", 4.0, None),
    }
    # it was a second destroyed figure of 31
    assert figures("Air defence shot down 28 drones out of 31 launched.") == {
        ("destroyed", "strike_drone", 28.0, None),
        ("launched", "strike_drone", 31.0, None),
    }
    # a figure of something else after "з" is still not a total
    assert figures("Збито 65 дронів з трьох напрямків.") == {
        ("destroyed", "strike_drone", 65.0, None)
    }


def test_a_count_in_brackets_counts_the_weapon_before_it() -> None:
    text = (
        "У ніч на 2 червня ворог атакував балістичними ракетами Іскандер-М (4 шт.) з Курської "
        "області та ударними БпЛА (загалом 67 одиниць)."
    )
    got = figures(text)
    assert ("launched", "ballistic_missile", 4.0, None) in got
    assert ("launched", "strike_drone", 67.0, None) in got
    assert not any(v is None for _, _, v, _ in got)  # no "named" figure beside the counts
    # a bracketed figure that is not a count of units says nothing of the weapon
    assert figures("Противник атакував ударними БпЛА (з 18:00).") == {
        ("launched", "strike_drone", None, "named")
    }


def test_the_russian_sides_fixed_wing_drones_are_its_own_figures() -> None:
    got = figures(
        "Russian air defences destroyed and intercepted 46 Ukrainian fixed-wing drones, "
        "the Russian Defence Ministry said."
    )
    assert got == {("destroyed", "strike_drone", 46.0, "over_russia")}


def test_n_of_the_modified_drones_counts_those_drones() -> None:
    text = (
        "Russia launched 17 drones overnight. The Air Force said that 15 of the Russia-launched "
        "Iranian-made Shahed drones were shot down."
    )
    # "-launched" alone was read as an air-launched missile: 15 launched cruise missiles
    assert figures(text) == {
        ("launched", "strike_drone", 17.0, None),
        ("destroyed", "strike_drone", 15.0, None),
    }
    assert figures("Officials said 10 of the region's districts lost power.") == set()


def test_digits_ending_in_one_with_a_genitive_adjective_are_a_cardinal() -> None:
    got = figures("Станом на 09:00 підтверджено збиття 81-го ударного БпЛА типу «Shahed».")
    assert ("destroyed", "strike_drone", 81.0, None) in got
    # an ordinal stays one: no figure of 21
    assert not any(v == 21.0 for _, _, v, _ in figures("Як і 21-го числа, ворог атакував дронами."))


def test_the_russian_sides_per_region_lines_over_a_list_are_parts_of_its_total() -> None:
    text = (
        "Дежурными средствами ПВО уничтожено пять украинских беспилотных летательных "
        "аппаратов, сообщили в Минобороны России. По два БПЛА сбиты над территориями "
        "Белгородской и Курской областей."
    )
    got = figures(text)
    assert ("destroyed", "strike_drone", 5.0, "over_russia") in got
    assert ("destroyed", "strike_drone", 2.0, "subset") in got
    assert ("destroyed", "strike_drone", 2.0, None) not in got
