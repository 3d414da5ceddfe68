"""Places hit by what followed the attack (decision 145): power cuts, damage or debris after
weapons downed over a place, districts of Kyiv, English possessives ("Odesa's port")."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _roles(text: str) -> dict[str, set[str]]:
    """Oblast → the roles the reader gave its mentions ("hit", "interception", "target")."""
    out: dict[str, set[str]] = {}
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.PLACE:
            oblast = str((c.detail or {}).get("oblast") or c.place)
            out.setdefault(oblast, set()).add(str(c.qualifier).removeprefix("role:"))
    return out


def _hit(text: str) -> set[str]:
    return {k for k, roles in _roles(text).items() if "hit" in roles}


def test_power_cuts_after_an_attack_make_the_places_hit() -> None:
    for text, places in (
        (
            "Нагадаємо, в ніч на 8 січня росіяни атакували енергетичні об'єкти. Внаслідок "
            "цього в Дніпропетровській та Запорізькій областях більшість людей залишились "
            "без електроенергії.",
            {"dnipropetrovsk_oblast", "zaporizhzhia_oblast"},
        ),
        (
            "Ранее сообщалось, что в части Киева и Киевской области после налета «шахедов» "
            "произошли перебои с электроснабжением.",
            {"kyiv", "kyiv_oblast"},
        ),
        (
            "After the Russian attack, thousands of homes in the Odesa region were left without "
            "power.",
            {"odesa_oblast"},
        ),
    ):
        assert places <= _hit(text), text


def test_a_sentence_without_attack_or_outage_words_names_no_place_hit() -> None:
    assert _hit("Більшість людей у Дніпропетровській області повернулися додому.") == set()


def test_debris_damage_after_a_downing_place_in_the_same_sentence_makes_it_hit() -> None:
    text = (
        "The military downed four more drones over the Khmelnytskyi region, with debris "
        "damaging storage facilities and a workshop, the region's governor said."
    )
    assert _hit(text) == {"khmelnytskyi_oblast"}


def test_no_damage_or_unnamed_locations_leave_the_downing_place_alone() -> None:
    for text in (
        "Над Черкащиною збито 5 дронів, без пошкоджень.",
        "Air defences shot down 12 drones over the Poltava region, with no fires reported.",
        # the debris of an Air Force post falls at unnamed locations, not where drones were downed
        "Збито/подавлено 70 ворожих БпЛА на Сумщині, зафіксовано падіння уламків на 2 локаціях.",
    ):
        assert _hit(text) == set(), text
        assert _roles(text), text  # the place is still read, as where weapons were downed


def test_damage_in_the_next_sentence_makes_the_one_downing_oblast_hit() -> None:
    for text, oblast in (
        (
            "The air force shot down 14 drones over the southern region of Mykolaiv, its "
            "governor said. Two fires caused by the attack have since been put out.",
            "mykolaiv_oblast",
        ),
        (
            "About 15 Russian attack drones were destroyed by air defence forces in the capital "
            "Kyiv, the military administration said. It said debris was reported falling in one "
            "district of the city.",
            "kyiv",
        ),
    ):
        assert oblast in _hit(text), text


def test_damage_in_the_next_sentence_names_no_place_when_several_were_named() -> None:
    text = (
        "Air defences shot down 40 drones over the Kyiv, Odesa and Lviv regions. Debris "
        "damaged a house."
    )
    assert _hit(text) == set()
    negated = "Над Черкащиною збито 5 дронів. Пожеж не виникло, без пошкоджень."
    assert _hit(negated) == set()


def test_districts_of_kyiv_are_kyiv() -> None:
    for text in (
        "У Києві ППО знищила близько 10 дронів. Уламки одного з них упали в Дарницькому районі.",
        "Обломки упали в Оболонском районе.",
        "Debris fell in the Solomianskyi district, the mayor said.",
    ):
        assert "kyiv" in _hit(text), text


def test_a_district_name_kyiv_shares_with_a_raion_is_not_kyiv() -> None:
    # Дніпровський район is also a raion of Dnipropetrovsk oblast: no guess that it is Kyiv's
    hit = _hit("Уламки впали в Дніпровському районі.")
    assert "kyiv" not in hit
    assert hit == {"dnipropetrovsk_oblast"}


def test_english_possessives_of_places_are_places() -> None:
    assert _hit("A Russian drone hit Odesa's port infrastructure overnight.") == {"odesa_oblast"}
    assert _hit("Russian drones struck Kharkiv’s energy facilities overnight.") == {
        "kharkiv_oblast"
    }


def test_a_possessive_capital_that_stands_for_a_side_is_no_place() -> None:
    text = (
        "Ukrainian forces shot down 26 out of 28 attack drones launched overnight by Russia, "
        "Kyiv's military said on Thursday."
    )
    assert "kyiv" not in _roles(text)


def test_the_spelling_kyrovohrad_is_kirovohrad_oblast() -> None:
    text = "Ukrenergo said the attack damaged energy facilities in the central Kyrovohrad region."
    assert "kirovohrad_oblast" in _hit(text)


def test_a_long_list_of_oblasts_without_power_is_read_to_its_end() -> None:
    text = (
        "Цієї ночі Росія здійснила масовану атаку на об'єкти енергетики. Знеструмлена значна "
        "кількість споживачів у місті Київ, Київській, Донецькій, Дніпропетровській, Черкаській, "
        "Чернігівській, Харківській, Сумській, Полтавській та Одеській областях."
    )
    assert _hit(text) == {
        "kyiv", "kyiv_oblast", "donetsk_oblast", "dnipropetrovsk_oblast", "cherkasy_oblast",
        "chernihiv_oblast", "kharkiv_oblast", "sumy_oblast", "poltava_oblast", "odesa_oblast",
    }  # fmt: skip


def test_a_part_of_the_country_heading_a_list_of_its_oblasts_is_no_place_of_its_own() -> None:
    text = (
        "Цієї ночі Росія атакувала Україну дронами. Росія цілилася, зокрема, в західні області: "
        "Львівську, Івано-Франківську, Волинську."
    )
    roles = _roles(text)
    assert {"lviv_oblast", "ivano_frankivsk_oblast", "volyn_oblast"} <= _hit(text)
    assert "west" not in roles
    # without a list after it, the part of the country is what the text names
    assert "west" in _roles("Цієї ночі Росія атакувала дронами західні області.")


def test_near_kyiv_is_the_oblast_round_the_capital() -> None:
    text = "Among the sites hit overnight was a railway hub near Kyiv, where the depot was damaged."
    assert _hit(text) == {"kyiv_oblast"}
    assert _hit("Уламки дрона впали під Києвом.") == {"kyiv_oblast"}
    assert _hit("Під час атаки на Київ уламки впали на будинок.") == {"kyiv"}


def test_russian_reports_of_explosions_and_outages_name_places_hit() -> None:
    text = (
        "Минувшей ночью российские войска нанесли удар по объектам энергетики. Ранее украинские "
        "СМИ сообщали о взрывах, прогремевших в Киеве и Харькове."
    )
    assert _hit(text) == {"kyiv", "kharkiv_oblast"}


def test_an_upper_case_dateline_after_the_headline_is_no_place() -> None:
    text = (
        "Ukraine says it shot down 14 out of 15 Russian drones launched overnight. KYIV - Russia "
        "launched 15 drones at Ukraine, mostly in the south of the country, overnight."
    )
    assert "kyiv" not in _roles(text)


def test_a_place_that_reported_no_damage_is_no_place_hit() -> None:
    text = (
        "Ukraine shot down all five Russia-launched drones during an overnight attack, the air "
        "force said. The governors of Kyiv and Kirovohrad regions reported no damage or "
        "casualties following the attack."
    )
    assert _hit(text) == set()
    # an attack on a place with no damage: the place was aimed at
    assert _hit("Russian drones attacked Kyiv; no damage was reported.") == {"kyiv"}
    # no casualties alone says nothing of damage
    assert _hit("Удар по Одесі: без постраждалих.") == {"odesa_oblast"}
    # where drones were downed stays where they were downed
    assert _roles("Над Черкащиною збито 5 дронів, обійшлося без наслідків.") == {
        "cherkasy_oblast": {"interception"}
    }


def test_the_sky_over_a_place_is_where_weapons_flew() -> None:
    text = (
        "Ночью Россия атаковала Украину дронами. Глава КГВА отметил, что в небе украинской "
        "столицы были замечены беспилотники."
    )
    assert _roles(text).get("kyiv") == {"interception"}


def test_a_region_before_said_is_the_governors_region() -> None:
    text = (
        "The governor of the Mykolaiv region said six of the drones were shot down there, with "
        "the debris from one downed drone damaging an agricultural building."
    )
    assert _hit(text) == {"mykolaiv_oblast"}
    # a capital before "said" stands for the country
    assert "kyiv" not in _roles("Russia launched 40 drones overnight, Kyiv said.")


def test_no_damage_but_casualties_is_a_place_hit() -> None:
    text = "Russia attacked overnight. In Kharkiv, no damage was reported, but two people were injured."
    assert _hit(text) == {"kharkiv_oblast"}


def test_a_strike_that_destroyed_a_building_names_a_place_hit() -> None:
    text = "A Russian drone strike destroyed an apartment block in Ukraine's southern port city of Odesa."
    assert _hit(text) == {"odesa_oblast"}
    assert _roles("Air defences destroyed 20 drones over the Kyiv region.") == {
        "kyiv_oblast": {"interception"}
    }


def test_launches_carried_out_from_a_list_of_areas_name_no_place_hit() -> None:
    text = (
        "У ніч на 25 вересня ворог атакував 142 ударними БпЛА. Пуски здійснювалися з Брянська, "
        "Орла, Приморсько-Ахтарська, а також мису Чауда в окупованому Криму."
    )
    assert "crimea" not in _roles(text)


def test_weapons_heading_for_places_aim_at_them() -> None:
    text = (
        "Ночью ПВО сбили 17 из 22 беспилотников. Они направлялись в сторону Николаевской, "
        "Запорожской, Днепропетровской и Сумской областей."
    )
    roles = _roles(text)
    assert {k for k, v in roles.items() if "target" in v} == {
        "mykolaiv_oblast", "zaporizhzhia_oblast", "dnipropetrovsk_oblast", "sumy_oblast"
    }  # fmt: skip
