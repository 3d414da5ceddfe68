"""Recall round 10a (decision 149): a place's part of a total given before it ("знищено 19
дронів-камікадзе: 13 - на Миколаївщині …" after "34 БпЛА"; "About 15 … drones were destroyed
… in the capital Kyiv"; "Out of 15 Shahed … fired at … Odesa, air defences destroyed 12";
the Russian side's "По одному БПЛА сбито над территориями Курской, Калужской и Тульской
областями"), a type share after "становили" ("Серед 98 апаратів приблизно 60 становили
ударні «Shahed»") and a headline's rounded figure beside the exact one ("Понад 130 дронів …"
and "132 безпілотники"). Each rule with the phrasings it must leave alone. Every example is
written for the test."""

from __future__ import annotations

from tests.readers.conftest import Figure, counts


def own(text: str) -> set[Figure]:
    """The counts that are the night's own figures (no qualifier)."""
    return counts(text).get(None, set())


def _d(v: float, cls: str = "strike_drone") -> Figure:
    return ("destroyed", cls, v, v, v)


def _l(v: float, cls: str = "strike_drone") -> Figure:
    return ("launched", cls, v, v, v)


def test_a_regional_breakdown_after_the_national_figure_is_a_part() -> None:
    text = (
        "Вночі на різних напрямках вдалося збити 34 БпЛА противника. Силами ППО знищено 19 "
        "дронів-камікадзе: 13 - на Миколаївщині, 3 - на Херсонщині, 2 - на Вінниччині, 1 - на "
        "Дніпропетровщині."
    )
    got = counts(text)
    assert got[None] == {_d(34)}  # no second destroyed figure, and the parts are not summed
    assert got["subset"] == {_d(19)}


def test_a_figure_in_the_capital_after_the_national_figure_is_a_part() -> None:
    text = (
        "Ukraine shot down 69 of 73 drones during an overnight Russian attack, the air force "
        "said. About 15 Russian attack drones were destroyed by air defence forces in the "
        "capital Kyiv, the city administration said."
    )
    got = counts(text)
    assert got[None] == {_d(69), _l(73)}
    assert got["subset"] == {("destroyed", "strike_drone", 15.0, 14.0, 16.0)}


def test_out_of_n_aimed_at_a_city_is_a_part_of_both_figures() -> None:
    text = (
        "Ukrainian air defences said they downed 18 out of 24 kamikaze drones that Russia "
        "launched overnight. Out of 15 Shahed drones fired at the city of Odesa, air defences "
        "destroyed 12, while three struck a university compound."
    )
    got = counts(text)
    assert got[None] == {_d(18), _l(24)}
    assert got["subset"] == {_d(12), _l(15)}


def test_the_russian_sides_per_region_line_after_its_total_is_a_part() -> None:
    text = (
        "Дежурными средствами ПВО были перехвачены 29 украинских беспилотников. По одному БПЛА "
        "сбито над территориями Курской, Калужской и Тульской областями."
    )
    got = counts(text)
    assert None not in got  # no Ukrainian-side figure, and no "1 destroyed" of its own
    assert got["over_russia"] == {_d(29)}
    assert got["subset"] == {_d(1)}


def test_a_places_figure_that_is_no_part_of_a_total_before_stays_a_figure() -> None:
    # a regional post's own figure: nothing before it
    assert own("Над Одещиною збито 10 дронів, повідомив голова ОВА.") == {_d(10)}
    # the whole total told by where it was downed (equal): not a part, stays
    text = (
        "Сили оборони вночі знищили 28 із 29 шахедів. В результаті бою збито 28 шахедів у "
        "Одеській, Миколаївській та Херсонській областях."
    )
    assert counts(text) == {None: {_d(28), _l(29)}}
    # above the figure before: no part of it
    assert own("Сили ППО знищили 20 дронів. Над Київщиною збито 25 дронів.") == {_d(20), _d(25)}
    # another outcome: the first destroyed figure of the document
    text = "Russia launched 40 drones overnight. Twelve drones were shot down over the Kyiv region."
    assert own(text) == {_l(40), _d(12)}
    # parts of the country are no region ("на півночі та сході"), nor is a dateline
    assert own("Збито 50 дронів. На півночі та сході збито 20 дронів.") == {_d(50), _d(20)}
    text = (
        "Ukraine says it downed 30 drones. KYIV (Reuters) - Ukrainian air defences shot down 25 "
        "drones overnight, the air force said."
    )
    assert own(text) == {_d(30), _d(25)}


def test_a_type_share_after_made_up_is_a_part_of_the_total() -> None:
    for text in (
        "У ніч проти неділі противник запустив по Україні 98 безпілотних апаратів. Серед 98 "
        "апаратів приблизно 60 становили ударні «Shahed».",
        "У ніч проти неділі противник запустив по Україні 98 безпілотників. Близько 60 "
        "становили ударні «Shahed», решту - імітатори.",
    ):
        got = counts(text)
        assert got[None] == {_l(98)}, text  # no second launch figure
        assert got["subset"] == {("launched", "strike_drone", 60.0, 57.0, 63.0)}, text
    # the copula of a clause after the figure's own verb makes no share: 60 were downed
    text = (
        "У ніч проти неділі противник запустив по Україні 98 безпілотників. Станом на 09:00 "
        "збито 60, що становили основну частину атаки."
    )
    assert counts(text) == {None: {_l(98), _d(60)}}


def test_the_headlines_rounded_figure_beside_the_exact_one_is_dropped() -> None:
    text = (
        "Понад 130 дронів знову атакували Україну. У ніч проти 14 грудня російські війська "
        "запустили по Україні 132 безпілотники."
    )
    assert counts(text) == {None: {_l(132)}}
    text = "Russia launches about 100 drones at Ukraine. Russia launched 98 drones overnight."
    assert counts(text) == {None: {_l(98)}}


def test_rounded_figures_that_restate_nothing_stay() -> None:
    # a lead naming a place (a story's first sentence, no headline) keeps its own figure
    text = (
        "Russia launched a sweeping overnight assault with nearly 300 drones, killing one "
        "person in the Kyiv region. According to the Air Force, the barrage consisted of 297 "
        "drones."
    )
    assert own(text) == {("launched", "strike_drone", None, 260.0, 300.0), _l(297)}
    # the exact figure outside the headline's range
    text = (
        "Понад 100 дронів атакували Україну. У ніч проти 14 грудня російські війська запустили "
        "по Україні 250 безпілотників."
    )
    assert own(text) == {("launched", "strike_drone", None, 101.0, 200.0), _l(250)}
    # a vague word rounds no number
    text = (
        "Сотні дронів атакували Україну. У ніч проти 14 грудня російські війська запустили по "
        "Україні 479 безпілотників."
    )
    assert own(text) == {("launched", "strike_drone", None, 200.0, 999.0), _l(479)}
    # an exact figure of another outcome restates nothing
    text = (
        "Понад 130 дронів знову атакували Україну. Протиповітряна оборона збила 132 безпілотники."
    )
    assert own(text) == {("launched", "strike_drone", None, 131.0, 230.0), _d(132)}
