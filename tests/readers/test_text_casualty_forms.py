"""Casualty figures (decision 146): things counted are no people, a part of a figure is no
figure of its own, a toll that "rose to" its figure is that figure, and a person named with
an age is one."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document

Bounds = tuple[float | None, float | None, float | None]


def _casualties(text: str) -> dict[str, set[Bounds]]:
    out: dict[str, set[Bounds]] = {"killed": set(), "injured": set()}
    for c in read_document(text, published=PUB).claims:
        if c.kind != ClaimKind.CASUALTIES:
            continue
        for kind in ("killed", "injured"):
            q = getattr(c, kind)
            if q is not None:
                out[kind].add((q.value, q.low, q.high))
    return out


def test_houses_counted_after_a_casualty_word_are_no_casualties() -> None:
    got = _casualties(
        "In the third overnight attack on the Kyiv region one person was injured and 22 "
        "residential houses and an outbuilding were damaged, regional authorities said."
    )
    assert got["injured"] == {(1.0, 1.0, 1.0)}
    uk = _casualties("Внаслідок атаки поранено двох людей, пошкоджено 18 житлових будинків.")
    assert uk["injured"] == {(2.0, 2.0, 2.0)}


def test_a_part_of_a_casualty_figure_is_not_the_figure() -> None:
    got = _casualties(
        "After the drone attack at least 10 people were injured, two of them children."
    )
    assert got["injured"] == {(None, 10.0, None)}
    assert (2.0, 2.0, 2.0) not in got["injured"]
    uk = _casualties("Внаслідок удару постраждали 12 людей, з них четверо діти.")
    assert uk["injured"] == {(12.0, 12.0, 12.0)}


def test_a_toll_that_rose_to_a_figure_is_that_figure() -> None:
    got = _casualties(
        "The death toll from the strike on Ternopil rose to 25, including three children."
    )
    assert got["killed"] == {(25.0, 25.0, 25.0)}
    uk = _casualties("Кількість загиблих внаслідок удару зросла до 14 осіб, серед них двоє дітей.")
    assert uk["killed"] == {(14.0, 14.0, 14.0)}  # not "up to 14"
    # "до" alone is still an upper bound
    bound = _casualties("Внаслідок атаки поранено до 14 людей.")
    assert bound["injured"] == {(None, None, 14.0)}


def test_a_person_named_with_an_age_is_one() -> None:
    assert _casualties("A 45-year-old man was killed in the Russian strike on Kharkiv.")[
        "killed"
    ] == {(1.0, 1.0, 1.0)}
    got = _casualties("Внаслідок удару загинула 47-річна жінка, ще троє людей дістали поранення.")
    assert got == {"killed": {(1.0, 1.0, 1.0)}, "injured": {(3.0, 3.0, 3.0)}}
    assert _casualties("Debris from the attack injured a 17-year-old boy in Brovary.")[
        "injured"
    ] == {(1.0, 1.0, 1.0)}


def test_an_age_is_never_a_count_of_people() -> None:
    got = _casualties("A 45-year-old man was killed in the Russian strike on Kharkiv.")
    assert (45.0, 45.0, 45.0) not in got["killed"] | got["injured"]


def test_hours_and_regions_counted_near_a_casualty_word_are_no_casualties() -> None:
    got = _casualties(
        "Під час тривоги, яка тривала понад шість годин, постраждали об'єкти енергетики після "
        "атаки дронів."
    )
    assert got == {"killed": set(), "injured": set()}


def test_russian_collective_numerals_count_people() -> None:
    got = _casualties("В результате атаки погибли двое, еще трое ранены.")
    assert got == {"killed": {(2.0, 2.0, 2.0)}, "injured": {(3.0, 3.0, 3.0)}}
    assert _casualties("В результате атаки пострадали пятеро мирных жителей.")["injured"] == {
        (5.0, 5.0, 5.0)
    }


def test_russian_bounds_are_bounds() -> None:
    assert _casualties("В результате атаки пострадали как минимум четыре человека.")["injured"] == {
        (None, 4.0, None)
    }
    assert _casualties("В результате удара погибли не менее 25 человек.")["killed"] == {
        (None, 25.0, None)
    }


def test_people_named_one_after_another_share_their_casualty_word() -> None:
    got = _casualties(
        "На Сумщині внаслідок ракетного удару постраждали — 7-річна дівчинка та 27-річний чоловік."
    )
    assert got["injured"] == {(2.0, 2.0, 2.0)}
    assert _casualties("Внаслідок атаки поранено чоловіка, жінку та дитину.")["injured"] == {
        (3.0, 3.0, 3.0)
    }


def test_power_plants_counted_are_no_people() -> None:
    got = _casualties(
        "Сьогодні вночі внаслідок атаки постраждало чотири теплоелектростанції ДТЕК. Пошкоджені "
        "чотири ТЕС, є постраждалі."
    )
    assert (4.0, 4.0, 4.0) not in got["injured"]


def test_the_dead_after_a_subset_word_are_no_weapon_figure() -> None:
    text = (
        "Смертельний удар окупантів вночі: серед чотирьох загиблих — 6-річна дитина. Російські "
        "війська завдали удару БпЛА по житловому сектору. Жертвами атаки стали четверо людей."
    )
    claims = read_document(text, published=PUB).claims
    counts = [c for c in claims if c.kind == ClaimKind.COUNT and c.quantity and c.quantity.value]
    assert counts == []  # no "4 drones" from the dead
    assert _casualties(text)["killed"] == {(4.0, 4.0, 4.0)}


def test_parts_of_the_dead_are_no_figures_of_their_own() -> None:
    text = "Russia attacked Odesa. Ten people were killed. Three children among the dead, officials said."
    assert _casualties(text)["killed"] == {(10.0, 10.0, 10.0)}
    text = "Russia attacked Kharkiv. Four people were killed; the mayor said one of the dead was a boy."
    assert _casualties(text)["killed"] == {(4.0, 4.0, 4.0)}


def test_a_toll_named_far_before_its_figure() -> None:
    text = (
        "The death toll from a Russian missile strike in the central Ukrainian city of Kryvyi Rih "
        "has risen to 18, including nine children."
    )
    assert _casualties(text)["killed"] == {(18.0, 18.0, 18.0)}
    assert _casualties("After the Russian attack the toll rose to 12.")["killed"] == {
        (12.0, 12.0, 12.0)
    }
