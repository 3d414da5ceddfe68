"""Recall round 9 (decision 129): slang downing verbs ("мінуснули 17 повітряних цілей"), a
weapon named as the cause of something ("Через ворожі БпЛА … тривоги"), the Russian
instrumental case ending after digits ("15-ю ударными БпЛА"), and more kinds of counts,
classes and Russian-side figures. Every example is written for the test."""

from __future__ import annotations

import datetime as dt

from tests.readers.conftest import PUB, qualifiers
from tests.readers.conftest import figures as all_figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


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


def test_atacms_and_operational_tactical_missiles_are_ballistic() -> None:
    got = figures(
        "Ночью над Белгородом были ликвидированы три ракеты ATACMS, сообщили в Минобороны."
    )
    assert got == {("destroyed", "ballistic_missile", 3.0)}
    got = figures("Вночі ворог атакував Харків двома оперативно-тактичними ракетами.")
    assert ("launched", "ballistic_missile", 2.0) in got
    # "тактической авиации" is no missile class: the missiles stay generic
    got = figures("Ворог випустив 5 ракет з літаків тактичної авіації.")
    assert ("launched", "unknown_missile", 5.0) in got


def test_the_russian_side_is_told_by_its_targets_and_forces() -> None:
    for text, value in (
        ("Силы ПВО уничтожили к утру 12 беспилотников, летевших на Москву, сообщил мэр.", 12.0),
        ("За ночь силы ПВО ликвидировали 40 беспилотников ВСУ над российскими регионами.", 40.0),
        ("Российские силы противовоздушной обороны сбили над Крымом 6 ракет.", 6.0),
        ("Air defences shot down 9 drones heading for Moscow overnight, the mayor said.", 9.0),
    ):
        quals = {
            (c.quantity.value if c.quantity else None): c.qualifier
            for c in read_document(text, published=PUB).claims
            if c.kind == ClaimKind.COUNT
        }
        assert quals.get(value) == "over_russia", (text, quals)
    # Ukraine's own air defence over Ukraine: no Russian-side figure
    text = "Вночі сили ППО збили 20 шахедів над Київщиною."
    quals = [c.qualifier for c in read_document(text, published=PUB).claims]
    assert "over_russia" not in quals


def test_the_first_of_two_subjects_of_a_hit_verb_hit_too() -> None:
    for text in (
        "Overnight Russia launched 80 drones and 12 missiles. Air defences shot down 70 drones, "
        "but four missiles and 10 drones struck 9 locations.",
        "Вночі ворог атакував 80 дронами та 12 ракетами. Сили ППО збили 70 дронів, проте 4 "
        "ракети та 10 дронів влучили в 9 локацій.",
    ):
        got = figures(text)
        assert ("launched", "unknown_missile", 4.0) not in got, text
        assert ("launched", "unknown_missile", 12.0) in got, text
    # a verb before the figure governs it: the first figure keeps it (negative control)
    got = figures("Overnight Russia launched 12 missiles and two drones struck Kyiv.")
    assert ("launched", "unknown_missile", 12.0) in got


def test_missiles_unaccounted_for_are_no_launch_figure() -> None:
    text = (
        "Russia launched 40 drones and 10 missiles overnight. Air defences shot down 35 drones "
        "and 6 missiles, while two missiles were unaccounted for."
    )
    assert qualifiers(text).get(2.0, "pending") == "pending"
    assert qualifiers("Russia launched 10 missiles; three missiles were unaccounted for.") == {
        10.0: None,
        3.0: "pending",
    }
    # a figure with its own verb after "while" still is one
    text = "Air defences shot down 35 drones, while two missiles were launched from Kursk."
    assert ("launched", "unknown_missile", 2.0) in figures(text)


def test_a_bare_iskander_beside_a_named_iskander_k_is_no_single_class() -> None:
    got = figures(
        "Air defences shot down 8 Iskander missiles on Tuesday. The missiles were Iskander-M "
        "and Iskander-K launched from Bryansk."
    )
    assert ("destroyed", "unknown_missile", 8.0) in got
    assert ("destroyed", "ballistic_missile", 8.0) not in got
    got = figures(
        "Вночі сили ППО збили 6 ракет Іскандер. Ворог застосував ракети Іскандер-М та "
        "Іскандер-К з Курщини."
    )
    assert ("destroyed", "unknown_missile", 6.0) in got
    # without Iskander-K in the document the bare name stays ballistic (negative control)
    for text in (
        "Вночі ворог атакував Харків 4 ракетами Іскандер.",
        "Air defences shot down 8 Iskander missiles; two were Iskander-M.",
    ):
        assert "ballistic_missile" in {c for _o, c, v in figures(text) if v in (4.0, 8.0)}, text


def test_a_headline_present_tense_down_is_destroyed() -> None:
    for text in (
        "Ukrainian forces down 25 Shahed drones overnight.",
        "Ukraine downs 25 Russian drones overnight.",
        "Air defences down 25 drones over Kyiv region.",
    ):
        assert ("destroyed", "strike_drone", 25.0) in figures(text), text
        assert ("launched", "strike_drone", 25.0) not in figures(text), text


def test_one_more_part_below_a_headline_total_is_a_part_of_it() -> None:
    text = (
        "Ukrainian forces down 20 drones overnight. The Air Force said 17 drones were shot down "
        "over the south. Three more drones were destroyed in the east."
    )
    assert qualifiers(text).get(3.0) == "subset"
    text = (
        "Вночі сили ППО збили 20 дронів. Над півднем збито 17 дронів. Ще 3 дрони знищено на сході."
    )
    assert qualifiers(text).get(3.0) == "subset"
    # a first sentence that names a region is that region's figure: one more is its own
    text = (
        "Air defences in Mykolaiv Oblast shot down 10 drones overnight. One more drone was "
        "downed in Kirovohrad Oblast."
    )
    assert ("destroyed", "strike_drone", 1.0) in figures(text)
    assert qualifiers(text).get(1.0) is None


def test_one_hundred_in_the_singular_is_about_100() -> None:
    got = all_figures("Вночі ворог випустив по Україні близько сотні ракет.")
    assert ("launched", "unknown_missile", 100.0, 90.0, 110.0) in got
    got = all_figures("Вночі ворог випустив сотню дронів по Україні.")
    assert ("launched", "strike_drone", 100.0, 90.0, 110.0) in got
    # the plural "сотні дронів" stays hundreds (negative control)
    got = all_figures("Вночі ворог випустив сотні дронів по Україні.")
    assert ("launched", "strike_drone", None, 200.0, 999.0) in got


def test_a_figure_in_a_date_when_clause_of_a_comparison_is_a_reference() -> None:
    text = (
        "Сьогодні ворог випустив по Україні 90 ракет, перевищивши масований удар 10 жовтня, "
        "коли окупанти спрямували на Україну 84 ракети."
    )
    assert qualifiers(text) == {90.0: None, 84.0: "reference"}
    # without a comparison word the "when" clause is the attack itself (negative control)
    text = "У ніч на 24 лютого, коли окупанти спрямували на Україну 84 ракети, працювала ППО."
    assert qualifiers(text) == {84.0: None}


def test_a_running_count_still_flying_is_launched() -> None:
    got = all_figures("По Україні уже випущено 60 ракет і летить ще приблизно 15.")
    assert ("launched", "unknown_missile", 60.0, 60.0, 60.0) in got
    assert any(c[:3] == ("launched", "unknown_missile", 15.0) for c in got)
    assert qualifiers("По Україні уже випущено 60 ракет і летить ще приблизно 15.")[15.0] is None


def _attributions(text: str, published: dt.datetime = PUB) -> set[str | None]:
    return {
        c.attribution
        for c in read_document(text, published=published).claims
        if c.kind == ClaimKind.COUNT
    }


def test_a_ministry_without_its_side_is_russian_only_beside_the_russian_side() -> None:
    text = (
        "MOSCOW, May 3. /TASS/. Russian air defenses intercepted and destroyed 41 Ukrainian "
        "drones over Russian regions overnight, the Defense Ministry reported."
    )
    assert _attributions(text) == {"Russian Ministry of Defence"}
    # a Ukrainian report's ministry is no Russian MoD (negative control)
    text = "Air defences shot down 12 Shahed drones over Kyiv overnight, the Defense Ministry said."
    assert "Russian Ministry of Defence" not in _attributions(text)


def test_a_sentence_pointing_back_names_the_speaker_of_the_one_before() -> None:
    for text in (
        "Система ПВО Минобороны уничтожила ночью 9 беспилотников, летевших на Москву. Об этом "
        "сообщил мэр Москвы.",
        "Сили ППО знищили вночі 9 шахедів над Києвом. Про це повідомив мер міста.",
    ):
        assert _attributions(text) == {"city mayor"}, text
    # no pointing back: the ministry named in the sentence stays its speaker
    text = (
        "Система ПВО Минобороны уничтожила ночью 9 беспилотников. Мэр Москвы призвал к спокойствию."
    )
    assert _attributions(text) == {"Russian Ministry of Defence"}


def test_a_russian_weekday_gives_the_night() -> None:
    sat = dt.datetime(2026, 3, 21, 6, 0, tzinfo=dt.UTC)  # a Saturday morning
    for text in (
        "Силы ПВО уничтожили к утру субботы 12 беспилотников, летевших на Москву.",
        "В ночь на субботу силы ПВО уничтожили 12 беспилотников над Брянской областью.",
    ):
        nights = {c.night for c in read_document(text, published=sat).claims}
        assert nights == {dt.date(2026, 3, 21)}, text


def test_models_named_beside_only_generic_figures_tell_the_class() -> None:
    text = (
        "Сьогодні по Україні випущено близько 60 ракет. Речник додав, що росіяни запускали "
        "ракети Х-101 та Х-555 з літаків Ту-95."
    )
    assert ("launched", "cruise_missile", None) in figures(text)
    # models named as examples of a figure stay examples (negative control)
    text = "Вночі ворог атакував Україну понад 40 ракетами, зокрема «Калібрами»."
    assert {c for _o, c, _v in figures(text)} == {"unknown_missile"}
    # a specific figure of the family already tells the class
    text = "Вночі ворог випустив 30 крилатих ракет. Росіяни запускали ракети Х-101 з літаків."
    assert ("launched", "cruise_missile", None) not in figures(text)
