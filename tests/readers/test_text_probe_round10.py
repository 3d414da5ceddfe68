"""Phrasings found by probing news and posts (decisions 148, 150): EW suppression in other words,
"both" downed as a launch of two, the night's total "detected in the airspace", and the
Russian MoD's figures over the Black Sea and Crimea."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _counts(text: str) -> set[tuple[str, str, float | None, str | None]]:
    return {
        (str(c.outcome), str(c.weapon_class), c.quantity.value if c.quantity else None, c.qualifier)
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT
    }


def test_ew_suppression_in_other_words_is_destroyed() -> None:
    assert _counts("Інші 7 безпілотників були придушені засобами РЕБ.") == {
        ("destroyed", "strike_drone", 7.0, None)
    }
    assert _counts("Также 18 беспилотников были подавлены средствами РЭБ.") == {
        ("destroyed", "strike_drone", 18.0, None)
    }


def test_both_downed_says_two_were_launched_when_no_launch_figure_is_given() -> None:
    got = _counts(
        "Ukraine intercepted 21 of 22 Russian drones and both Iskander-K cruise missiles."
    )
    assert ("launched", "cruise_missile", 2.0, None) in got
    assert ("destroyed", "cruise_missile", 2.0, None) in got
    assert _counts("ППО збила обидві крилаті ракети.") == {
        ("launched", "cruise_missile", 2.0, None),
        ("destroyed", "cruise_missile", 2.0, None),
    }


def test_both_never_adds_a_second_launch_figure() -> None:
    got = _counts(
        "Russia fired two Kh-101 missiles overnight. Air defences shot down both missiles."
    )
    assert got == {
        ("launched", "cruise_missile", 2.0, None),
        ("destroyed", "cruise_missile", 2.0, None),
    }
    # a launch figure of the family exists (5 missiles): "обидві" adds no launch of 2
    got = _counts("Росія випустила 5 ракет і 30 дронів. Обидві крилаті ракети збито.")
    assert ("launched", "cruise_missile", 2.0, None) not in got


def test_the_total_detected_in_the_airspace_is_launched_not_still_airborne() -> None:
    got = _counts(
        "Загалом у повітряному просторі було зафіксовано 128 засобів повітряного нападу: "
        "4 ракети Іскандер-М, 124 ударні БпЛА. Збито 112 дронів."
    )
    assert ("launched", "mixed", 128.0, None) in got
    assert ("launched", "ballistic_missile", 4.0, None) in got
    assert not any(outcome == "still_airborne" for outcome, *_rest in got)
    # drones still in the airspace are still airborne
    assert _counts("У повітряному просторі перебуває ще 5 ударних БпЛА.") == {
        ("still_airborne", "strike_drone", 5.0, None)
    }


def test_the_russian_mod_over_the_black_sea_and_crimea_is_the_russian_side() -> None:
    got = _counts(
        "По данным Минобороны, за ночь над Черным морем и Крымом уничтожены 38 беспилотников."
    )
    assert got == {("destroyed", "strike_drone", 38.0, "over_russia")}


def test_an_inline_list_after_a_colon_takes_the_outcome_before_the_colon() -> None:
    # news pages flatten the Air Force's list lines into one paragraph with ";"
    text = (
        "За попередніми даними, станом на 09:00 протиповітряною обороною збито/подавлено 190 "
        "ворожих цілей: 178 ворожих БпЛА типу Shahed, Гербера та дронів-імітаторів різних типів "
        "на півночі, сході та півдні країни; 8 балістичних ракет Іскандер-М/KN-23; 4 крилаті "
        "ракети Х-101."
    )
    got = _counts(text)
    assert ("destroyed", "ballistic_missile", 8.0, None) in got
    assert ("destroyed", "cruise_missile", 4.0, None) in got
    assert not any(outcome == "launched" for outcome, *_rest in got)  # no invented launches
    english = _counts(
        "Air defence shot down 190 targets: 178 drones; 8 ballistic missiles; 4 cruise missiles."
    )
    assert ("destroyed", "ballistic_missile", 8.0, None) in english


def test_an_inline_launch_list_stays_launched() -> None:
    text = (
        "У ніч на 24 квітня противник атакував 215 засобами повітряного нападу: 200 ударними "
        "БпЛА з напрямків: Курськ, Орел; 11 балістичними ракетами Іскандер-М з Брянської "
        "області; 4 крилатими ракетами Х-101 з Саратовської області."
    )
    got = _counts(text)
    assert {
        ("launched", "strike_drone", 200.0, None),
        ("launched", "ballistic_missile", 11.0, None),
        ("launched", "cruise_missile", 4.0, None),
    } <= got
    assert not any(outcome == "destroyed" for outcome, *_rest in got)


def test_the_air_forces_lost_or_suppressed_by_ew_category_is_lost_ew() -> None:
    assert _counts("Локаційно втрачено/подавлено засобами РЕБ 43 дрони-імітатори.") == {
        ("lost_ew", "strike_drone", 43.0, "decoy")
    }
    # "збито/подавлено" stays destroyed (decision 34)
    assert _counts("Протиповітряною обороною збито/подавлено 40 ворожих БпЛА.") == {
        ("destroyed", "strike_drone", 40.0, None)
    }


def test_russian_approximations_are_ranges_not_exact_figures() -> None:
    claims = read_document(
        "Уничтожены более 100 дронов, около 40 сбиты над морем.", published=PUB
    ).claims
    qs = [(c.quantity.value, c.quantity.low, c.quantity.high) for c in claims if c.quantity]
    assert (None, 101.0, 200.0) in qs
    assert (100.0, 100.0, 100.0) not in qs  # "более 100" is no exact 100
    assert any(v == 40.0 and lo == 38.0 for v, lo, _hi in qs)  # "около 40": about


def test_a_launch_participle_and_its_phrase_stand_between_a_figure_and_its_weapon() -> None:
    got = _counts(
        "По словам главкома ВСУ Валерия Залужного, 15 из 18 выпущенных по территории страны "
        "ракет были сбиты средствами ПВО."
    )
    assert got == {
        ("destroyed", "unknown_missile", 15.0, None),
        ("launched", "unknown_missile", 18.0, None),
    }
    uk = _counts("15 з 18 випущених по території країни ракет було збито.")
    assert ("launched", "unknown_missile", 18.0, None) in uk
    # a preposition after the figure with no participle still ends the search
    assert _counts("Ворог випустив 18 ракет по Києву.") == {
        ("launched", "unknown_missile", 18.0, None)
    }


def test_a_singular_enemy_adjective_before_bpla_names_one() -> None:
    assert _counts('Цієї ночі підрозділ ПВК "Схід" знищив над областю ворожий БПЛА.') == {
        ("destroyed", "strike_drone", 1.0, None)
    }
    # the genitive of a hit names no launch of one
    got = _counts(
        "Сили ППО знищили 65 ударних БпЛА. Будинок загорівся внаслідок влучання ворожого "
        "безпілотника."
    )
    assert ("launched", "strike_drone", 1.0, None) not in got
