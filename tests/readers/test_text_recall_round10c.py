"""Recall round 10c (decision 156): the Russian side told by Russia named as the place ("в
России сбили 44 БПЛА"), by the Ministry of Defence speaking in the figure's own sentence
("сообщили об уничтожении ещё трех беспилотников") or by a Russian region before the figure
("над Белгородской … областями сбили по 11 дронов"); a window's or another report's figure
after the Russian side's total is no region's part of it; "all of the 24 drones … were shot
down"; "destroys 28 out of 31" in a headline; "drone hunter groups" name no drone; a vague
word of two families ("hundreds of drones and cruise missiles") beside figures by class.
Each rule with the phrasings it must leave alone. Every example is written for the test."""

from __future__ import annotations

from tests.readers.conftest import Figure, counts


def _d(v: float, cls: str = "strike_drone") -> Figure:
    return ("destroyed", cls, v, v, v)


def _l(v: float, cls: str = "strike_drone") -> Figure:
    return ("launched", cls, v, v, v)


# --- the Russian side ---------------------------------------------------------------------


def test_russia_named_as_the_place_of_downing_is_the_russian_side() -> None:
    got = counts("Всего ночью в России сбили 27 БПЛА.")
    assert got == {"over_russia": {_d(27)}}
    assert counts("За ночь над Россией сбиты 12 беспилотников.") == {"over_russia": {_d(12)}}
    assert counts("Russia said 15 drones were shot down over Russia.") == {"over_russia": {_d(15)}}


def test_russia_named_otherwise_leaves_the_figure_ukrainian() -> None:
    # Russia as the attacker, not the place of downing
    got = counts("Ночью Россия атаковала Украину, ПВО сбили 27 БПЛА.")
    assert got == {None: {_d(27)}}
    got = counts("В России заявили о новой атаке. Воздушные силы: сбито 30 дронов.")
    assert "over_russia" not in got


def test_the_russian_mod_speaking_in_the_sentence_gives_the_russian_side() -> None:
    text = "Позже в Минобороны РФ сообщили об уничтожении еще пяти беспилотников."
    assert counts(text) == {"over_russia": {_d(5)}}


def test_a_speaker_inherited_from_an_earlier_sentence_is_not_enough() -> None:
    text = (
        "Минобороны РФ заявило о 40 украинских беспилотниках над российскими регионами. "
        "Украинская ПВО ночью сбила 25 дронов."
    )
    got = counts(text)
    assert _d(25) in got[None]
    assert _d(25) not in got.get("over_russia", set())


def test_the_russian_mod_launch_report_is_untouched() -> None:
    # the ministry's own strike: launched, not the Russian side's downing
    text = "Минобороны РФ сообщило, что по объектам в Украине были выпущены 8 ракет Кинжал."
    got = counts(text)
    assert "over_russia" not in got


def test_a_russian_region_before_the_figure_is_the_russian_side() -> None:
    text = (
        "За ночь средства ПВО уничтожили 30 украинских беспилотников самолетного типа. Так, над "
        "Белгородской и Курской областями сбили по 10 дронов."
    )
    got = counts(text)
    assert got["over_russia"] == {_d(30)}
    assert None not in got  # the region's 10 is a part, never a Ukrainian-side figure
    assert got["subset"] == {_d(10)}


def test_a_ukrainian_region_before_the_figure_stays_ukrainian() -> None:
    got = counts("Над Київщиною сили ППО збили 10 дронів.")
    assert got == {None: {_d(10)}}


# --- the Russian side's figure after its total: part or its own ---------------------------


def test_a_clock_window_after_the_night_total_is_its_own_figure() -> None:
    text = (
        "Всего ночью в России сбили 50 БПЛА. В период с 20:00 до 23:00 дежурными средствами "
        "ПВО перехвачен и уничтожен 31 украинский беспилотный летательный аппарат самолетного "
        "типа."
    )
    assert counts(text) == {"over_russia": {_d(50), _d(31)}}


def test_a_clock_window_restating_the_same_figure_stays_a_part() -> None:
    text = (
        "Российские системы ПВО за два часа сбили 20 украинских беспилотников. С 13:00 до 15:00 "
        "дежурными средствами ПВО уничтожены 20 украинских беспилотных летательных аппаратов "
        "самолетного типа."
    )
    got = counts(text)
    assert got["over_russia"] == {_d(20)}
    assert got["subset"] == {_d(20)}


def test_another_report_after_the_total_is_its_own_figure() -> None:
    text = (
        "Russia said it destroyed 19 Ukrainian drones over the annexed Crimean Peninsula. The "
        "Russian defense ministry said it also downed four Ukrainian drones over the Kursk and "
        "Belgorod regions of Russia."
    )
    assert counts(text)["over_russia"] == {_d(19), _d(4)}
    text = (
        "За ночь дежурные средства ПВО уничтожили 30 украинских беспилотников. Позже в "
        "Минобороны РФ сообщили об уничтожении ещё трех беспилотников."
    )
    assert counts(text) == {"over_russia": {_d(30), _d(3)}}


def test_a_per_region_line_after_the_total_stays_a_part() -> None:
    text = (
        "Russia's Defence Ministry said its air defence units destroyed 60 Ukrainian drones "
        "over Russian regions overnight. It said 30 of them were shot down over the Bryansk "
        "Region and 18 over the Kursk Region."
    )
    got = counts(text)
    assert got["over_russia"] == {_d(60)}
    assert _d(30) in got["subset"]


def test_a_report_listed_after_the_ministry_is_read_as_parts() -> None:
    text = (
        "В период с 20:00 до 23:00 дежурными средствами ПВО были перехвачены 20 украинских "
        "беспилотников. В Минобороны России сообщили об уничтожении: десяти БПЛА над "
        "территорией Белгородской области; семи БПЛА над территорией Брянской области."
    )
    got = counts(text)
    assert got["over_russia"] == {_d(20)}
    assert got["subset"] == {_d(10), _d(7)}


# --- "all of the N" -----------------------------------------------------------------------


def test_all_of_the_n_shot_down_is_all_n() -> None:
    text = (
        "Officials said all of the 20 drones that Russia sent overnight were shot down. "
        "30 of the 40 missiles were intercepted."
    )
    got = counts(text)[None]
    assert {_l(20), _d(20)} <= got
    # with no launch verb, "all of the" also says how many were launched
    got = counts("Ukraine said all of the 18 drones were shot down.")[None]
    assert got == {_l(18), _d(18)}
    got = counts("ППО збила всі з 12 ракет.")[None]
    assert got == {_l(12, "unknown_missile"), _d(12, "unknown_missile")}


def test_all_of_the_n_without_a_downing_or_far_from_its_figure_is_nothing() -> None:
    got = counts("All of the 12 missiles hit their targets.")
    assert not any(c[0] == "destroyed" for c in got.get(None, set()))
    got = counts("Ukraine said the 24 drones were shot down.")[None]
    assert got == {_d(24)}  # no "all": no launch figure is implied
    # "all of" some other noun before the figure counts nothing
    got = counts("All of the regions reported that 20 drones were shot down overnight.")[None]
    assert got == {_d(20)}


# --- headline verbs, modifiers ------------------------------------------------------------


def test_a_headline_destroys_n_out_of_m_is_destroyed() -> None:
    got = counts("Ukraine's air defence destroys 28 out of 31 Russia-launched drones.")[None]
    assert got == {_d(28), _l(31)}
    assert counts("Ukraine intercepts 40 Russian drones overnight.")[None] == {_d(40)}


def test_drone_hunter_groups_count_no_drone() -> None:
    text = "Mobile drone hunter groups and air defence units shot down 20 of the 25 drones."
    assert counts(text)[None] == {_d(20), _l(25)}
    # a drone named by itself still counts one
    assert _d(1) in counts("The air force said it shot down a drone over Kyiv.")[None]


# --- a vague word of two families beside figures by class ---------------------------------


def test_a_vague_mixed_lead_beside_figures_by_class_is_dropped() -> None:
    text = (
        "Russia pounded Ukraine with hundreds of drones and cruise missiles overnight. Russia "
        "fired 500 drones, along with 20 cruise missiles, into Ukraine, the air force said."
    )
    got = counts(text)[None]
    assert got == {_l(500), _l(20, "cruise_missile")}
    text = (
        "Russia battered Ukraine, firing scores of missiles and drones. The barrage of over 100 "
        "missiles began around midnight."
    )
    got = counts(text)[None]
    assert not any(c[1] == "mixed" for c in got)
    assert ("launched", "unknown_missile", None, 101.0, 200.0) in got


def test_a_vague_mixed_figure_alone_or_of_another_outcome_stays() -> None:
    got = counts("Russia attacked Ukraine with hundreds of drones and missiles overnight.")[None]
    assert got == {("launched", "mixed", None, 200.0, 999.0)}
    text = (
        "Russia fired dozens of missiles and drones at Ukraine overnight. Air defences shot down "
        "30 drones."
    )
    got = counts(text)[None]
    assert ("launched", "mixed", None, 24.0, 99.0) in got
    # a vague word of one class is kept beside exact figures (decision 149)
    text = (
        "Russia launched hundreds of drones overnight. The air force said 20 missiles were fired."
    )
    assert ("launched", "strike_drone", None, 200.0, 999.0) in counts(text)[None]


# --- a place's figure before the total it is part of --------------------------------------


def test_a_place_figure_before_the_national_total_is_a_part() -> None:
    text = (
        "Two people died when Russian forces overnight attacked the Chernivtsi region with "
        "three drones and a missile, regional Gov. Ruslan Zaparaniuk said. Russia fired 400 "
        "drones, along with 20 cruise missiles, into Ukraine overnight, the air force said."
    )
    got = counts(text)
    assert got[None] == {_l(400), _l(20, "cruise_missile")}
    assert got["subset"] == {_l(3), _l(1, "unknown_missile")}


def test_a_place_figure_alone_or_above_a_later_figure_stays() -> None:
    text = "Над Одещиною сили ППО збили 10 дронів, повідомив Кіпер."
    assert counts(text) == {None: {_d(10)}}
    text = (
        "Russian forces attacked the Odesa region with 30 drones, the governor said. Air "
        "defences shot down 20 drones across the country."
    )
    got = counts(text)[None]
    assert _l(30) in got  # a later figure of another outcome is no total of it


def test_the_russian_side_figure_before_a_later_window_stays() -> None:
    text = (
        "В период с 15:00 до 20:00 дежурными средствами ПВО уничтожены семь украинских "
        "беспилотников над территорией Белгородской области. Ранее сообщалось, что за ночь "
        "российские силы ПВО сбили 55 украинских беспилотников."
    )
    assert counts(text)["over_russia"] == {_d(7), _d(55)}


def test_there_after_a_russian_region_is_that_region_part() -> None:
    text = (
        "Всего ночью в России сбили 40 БПЛА. Больше всего беспилотников уничтожено в Курской "
        "области. Там военные сбили 12 БПЛА."
    )
    got = counts(text)
    assert got["over_russia"] == {_d(40)}
    assert got["subset"] == {_d(12)}
    assert None not in got


def test_there_after_a_ukrainian_place_stays_ukrainian() -> None:
    text = "Вночі ворог атакував Одещину. Там сили ППО збили 12 дронів."
    got = counts(text)
    assert got[None] == {_d(12)}
    assert "over_russia" not in got
