"""Recall round 10b (decision 151): classes named without a number beside a launch figure,
launch words that say who fired a missile, "all the missiles launched were downed" after a
destroyed figure, ... Each rule with texts written for it and the phrasings it must leave
alone (no invented figure, no false zero)."""

from __future__ import annotations

from tests.readers.conftest import PUB, figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text.reader import read_document

_NULL = (None, None, None)


def _named(got: set[tuple[object, ...]], cls: str) -> bool:
    return ("launched", cls, *_NULL) in got


def test_a_class_in_a_launch_list_is_named_when_only_its_downing_is_counted() -> None:
    got = figures(
        "Ночью российские войска атаковали Украину 23 беспилотниками и управляемыми "
        "авиаракетами Х-59. Силы ПВО сбили 18 ударных дронов и одну ракету Х-59."
    )
    assert _named(got, "cruise_missile")
    assert ("destroyed", "cruise_missile", 1.0, 1.0, 1.0) in got
    assert ("launched", "strike_drone", 23.0, 23.0, 23.0) in got
    # never a zero, never the destroyed 1 as a launch figure
    assert not any(f[0] == "launched" and f[2] in (0.0, 1.0) for f in got)
    for text in (
        "Вночі ворог атакував 40 ударними БпЛА, а також крилатими ракетами Х-101. Збито 35 "
        "дронів і 3 крилаті ракети.",
        "Overnight Russia attacked with 40 Shahed drones as well as Kh-101 cruise missiles. "
        "Air defences shot down 35 drones and three cruise missiles.",
    ):
        got = figures(text)
        assert _named(got, "cruise_missile")
        assert ("destroyed", "cruise_missile", 3.0, 3.0, 3.0) in got
        assert not any(f[0] == "launched" and f[1] == "cruise_missile" and f[2] for f in got)


def test_a_named_class_outside_a_launch_sentence_stays_unnamed_when_counted() -> None:
    """No launch figure in its sentence: the destroyed figure says more than the name."""
    got = figures(
        "Ukraine's defence forces destroyed around 15 Russian UAVs targeting Kyiv. "
        '"Russian troops have once again launched their attack drones on Kyiv," he said.'
    )
    assert not _named(got, "strike_drone")
    # a mixed launch total covers every class of its sentence
    got = figures(
        "У ніч на 15 травня противник атакував ударними БпЛА типу Shahed та "
        "дронами-імітаторами різних типів – всього 87 засобів повітряного нападу. "
        "Збито 64 ворожих БпЛА."
    )
    assert not _named(got, "strike_drone")
    # a generic launch figure of the family covers the models it lists
    got = figures(
        "A total of 11 missiles were fired: 'Iskander-M' and 'Iskander-K' from the north. "
        "Air defences shot down 10 cruise missiles."
    )
    assert not _named(got, "ballistic_missile") and not _named(got, "cruise_missile")


def test_launch_words_before_a_missile_class_name_no_second_class() -> None:
    got = figures(
        "Ukraine's air defence systems destroyed eight Russia-launched ballistic missiles "
        "at about 4 am."
    )
    assert ("destroyed", "ballistic_missile", 8.0, 8.0, 8.0) in got
    assert not any(f[1] in ("mixed", "cruise_missile", "unknown_missile") for f in got)
    # alone, two weak words still make a guided (cruise) missile
    got = figures("Russia launched six air-launched missiles at Odesa overnight.")
    assert ("launched", "cruise_missile", 6.0, 6.0, 6.0) in got


def test_all_the_missiles_launched_were_downed_after_a_destroyed_figure() -> None:
    got = figures(
        "Ukraine shot down eight Russian missiles bound for Kyiv. Air defence systems "
        "destroyed eight Russia-launched ballistic missiles at about 4 am. All the missiles "
        "launched were downed, the air force said."
    )
    assert ("launched", "ballistic_missile", 8.0, 8.0, 8.0) in got
    assert ("destroyed", "ballistic_missile", 8.0, 8.0, 8.0) in got
    assert not any(f[0] == "launched" and f[1] != "ballistic_missile" for f in got)
    # a launch figure of the family already says how many: nothing is derived
    got = figures(
        "Russia launched 10 ballistic missiles. Air defences destroyed eight ballistic "
        "missiles. All the missiles launched were downed over Kyiv region."
    )
    assert {f for f in got if f[0] == "launched"} == {
        ("launched", "ballistic_missile", 10.0, 10.0, 10.0)
    }
    # two destroyed figures of different values: which one counted all is not known
    got = figures(
        "Air defences destroyed eight cruise missiles and three ballistic missiles. All the "
        "missiles were shot down."
    )
    assert not any(f[0] == "launched" for f in got)
    # no destroyed figure before it: no launch figure is invented
    got = figures("All the missiles launched were downed, the air force said.")
    assert not any(f[0] == "launched" and f[2] is not None for f in got)


def _counts(text: str) -> set[tuple[object, ...]]:
    """(outcome, class, value, qualifier) of every count."""
    return {
        (str(c.outcome), str(c.weapon_class), c.quantity.value if c.quantity else None, c.qualifier)
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT
    }


def test_a_makers_compound_between_a_figure_and_its_weapon() -> None:
    got = _counts(
        "Russia's Defence Ministry said it destroyed 10 U.S.-made ATACMS missiles over "
        "annexed Crimea and 17 drones over the Belgorod region."
    )
    assert ("destroyed", "ballistic_missile", 10.0, "over_russia") in got
    got = _counts("Russia launched 12 Iranian-made Shahed drones and six UK-supplied missiles.")
    assert ("launched", "strike_drone", 12.0, None) in got
    # a compound before no weapon counts nothing; the abbreviation is no figure of its own
    got = _counts("Ukraine received 10 U.S.-made tanks. Russia launched 20 drones.")
    assert got == {("launched", "strike_drone", 20.0, None)}


def test_a_weapon_only_ukraine_fires_is_the_russian_sides_figure() -> None:
    got = _counts(
        "Ukraine fired 5 ATACMS missiles at Crimea. Russia launched 40 drones at Ukraine."
    )
    assert ("launched", "ballistic_missile", 5.0, "over_russia") in got
    assert ("launched", "strike_drone", 40.0, None) in got
    # a Russian ballistic missile stays an attack on Ukraine
    got = _counts("Russia launched 5 Iskander-M missiles at Kharkiv.")
    assert got == {("launched", "ballistic_missile", 5.0, None)}


def test_the_figure_before_n_more_is_a_part_of_the_headline_too() -> None:
    got = _counts(
        "Ukrainian forces down 16 kamikaze drones overnight. 14 Iranian-made Shahed-136 "
        "drones were shot down in Mykolaiv Oblast. Two more drones were destroyed in the east."
    )
    assert got == {
        ("destroyed", "strike_drone", 16.0, None),
        ("destroyed", "strike_drone", 14.0, "subset"),
        ("destroyed", "strike_drone", 2.0, "subset"),
    }
    # the two do not fit in the headline's figure: the one before "more" stays a figure
    got = _counts(
        "Ukrainian forces down 16 kamikaze drones overnight. 15 drones were shot down by "
        "mobile fire groups. Two more drones were destroyed by aviation."
    )  # no place named: a place's smaller figure is its part anyway (decision 149)
    assert ("destroyed", "strike_drone", 15.0, None) in got


def test_the_attacks_relative_clause_lists_what_was_launched() -> None:
    got = figures(
        "Ukraine shot down 69 of 73 drones during an overnight Russian attack that included "
        "two ballistic and two cruise missiles, the air force said."
    )
    assert ("launched", "ballistic_missile", 2.0, 2.0, 2.0) in got
    assert ("launched", "cruise_missile", 2.0, 2.0, 2.0) in got
    assert ("destroyed", "strike_drone", 69.0, 69.0, 69.0) in got
    assert ("launched", "strike_drone", 73.0, 73.0, 73.0) in got
    assert not any(f[0] == "destroyed" and "missile" in str(f[1]) for f in got)
    # a figure before the relative clause keeps its verb; no number in it invents none
    got = figures(
        "Air defences shot down 12 missiles during an attack that included drones, the air "
        "force said."
    )
    assert ("destroyed", "unknown_missile", 12.0, 12.0, 12.0) in got
    assert not any(f[0] == "launched" and f[2] is not None for f in got)


def test_a_class_with_a_type_word_after_generic_missiles_classes_them() -> None:
    got = figures(
        '"The Russians have attacked Kyiv using Shahed loitering munitions and missiles, '
        'likely the ballistic type," the administration said.'
    )
    assert _named(got, "ballistic_missile")
    assert not any(f[1] in ("unknown_missile", "mixed") for f in got)
    assert not any(f[0] == "launched" and f[2] == 0.0 for f in got)
    got = figures("Вночі Росія атакувала Київ ракетами, ймовірно, балістичного типу.")
    assert got == {("launched", "ballistic_missile", *_NULL)}
    got = figures("Russia launched 10 missiles, likely the ballistic type, at Kyiv.")
    assert got == {("launched", "ballistic_missile", 10.0, 10.0, 10.0)}
    # a drone model beside a missile head: two classes, the drones named too
    got = figures("Russia attacked Kyiv with Shahed drones and missiles overnight.")
    assert _named(got, "strike_drone")
    # a missile head alone takes its model's class ("ракет «Бандероль»": loitering munition)
    got = figures("Також противник застосував 5 ракет «Бандероль» по прифронтових районах.")
    assert got == {("launched", "loitering_munition", 5.0, 5.0, 5.0)}


def test_a_type_word_in_another_sentence_classes_nothing() -> None:
    got = figures("Russia launched 10 missiles at Kyiv. The ballistic type is the hardest to stop.")
    assert ("launched", "unknown_missile", 10.0, 10.0, 10.0) in got
    assert not any(f[1] == "ballistic_missile" for f in got)


_TWO_CLASSES = (
    "Сили оборони збили над Україною вісім безпілотників. Уночі росія атакувала Україну "
    "чотирма безпілотниками Shahed. Усі їх збила протиповітряна оборона. Також збили "
    "чотири розвідувальних БпЛА."
)


def test_all_of_them_as_an_object_pronoun_refers_back() -> None:
    got = figures(_TWO_CLASSES)
    assert ("launched", "strike_drone", 4.0, 4.0, 4.0) in got
    assert ("destroyed", "strike_drone", 4.0, 4.0, 4.0) in got
    # "Усі регіони" is no pronoun: nothing is derived
    got = figures(
        "Уночі росія атакувала Україну чотирма безпілотниками Shahed. Усі регіони під тривогою."
    )
    assert got == {("launched", "strike_drone", 4.0, 4.0, 4.0)}


def test_a_generic_drone_figure_that_two_classes_sum_to_is_their_mixed_total() -> None:
    got = figures(_TWO_CLASSES)
    assert ("destroyed", "mixed", 8.0, 8.0, 8.0) in got
    assert ("destroyed", "recon_drone", 4.0, 4.0, 4.0) in got
    assert ("destroyed", "strike_drone", 8.0, 8.0, 8.0) not in got
    # the sum differs: the figure stays the drones' own
    got = figures(_TWO_CLASSES.replace("вісім", "дев'ять"))
    assert ("destroyed", "strike_drone", 9.0, 9.0, 9.0) in got
    assert not any(f[1] == "mixed" for f in got)
    # one class alone is no mixed total
    got = figures(
        "Сили оборони збили вісім безпілотників. Уночі росія атакувала Україну вісьмома "
        "безпілотниками Shahed. Усі їх збила протиповітряна оборона."
    )
    assert not any(f[1] == "mixed" for f in got)


def test_a_figure_after_comma_and_takes_the_verb_of_its_own_clause() -> None:
    got = figures(
        "Через активну протидію Сил оборони 19 ворожих безпілотників були локаційно втрачені "
        "та не досягли своїх цілей, а ще три БпЛА на момент публікації звіту перебували в "
        "повітрі."
    )
    assert ("lost_ew", "strike_drone", 19.0, 19.0, 19.0) in got
    assert ("still_airborne", "strike_drone", 3.0, 3.0, 3.0) in got
    assert not any(f[0] == "lost_ew" and f[2] == 3.0 for f in got)


def test_a_coordinated_figure_without_a_verb_of_its_own_keeps_the_one_before() -> None:
    # no verb after it: the verb before the comma still governs it
    got = figures("Збито 20 дронів, а ще 3 ракети.")
    assert ("destroyed", "unknown_missile", 3.0, 3.0, 3.0) in got
    # a verb inside a relative clause is the clause's, not the figure's
    got = figures("Збито 20 дронів, а ще 5 ракет, які летіли на Київ.")
    assert ("destroyed", "unknown_missile", 5.0, 5.0, 5.0) in got
    assert not any(f[0] == "launched" for f in got)


def test_this_night_under_a_dated_page_is_that_mornings_night() -> None:
    import datetime as dt

    for text in (
        "У цю ніч шість російських регіонів були атаковані безпілотниками.",
        "В эту ночь Россия атаковала Украину 50 дронами.",
    ):
        assert read_document(text, published=PUB).night == dt.date(2026, 5, 22)
        # no publication time: no night is guessed
        assert read_document(text).night is None
    # an explicit night still decides
    got = read_document(
        "У ніч на 5 травня ворог атакував 50 дронами. У цю ніч також збито 3 ракети.",
        published=PUB,
    )
    assert got.night == dt.date(2026, 5, 5)
