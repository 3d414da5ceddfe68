"""Recall round 8 (decision 131): places and casualties. Names in a list that shares an
oblast noun are oblasts, "the capital"/"столицю" is Kyiv, launch areas are no places hit,
Russian "-щина" oblast nouns, macro-regions named together ("in the centre, north and south
of the country"), a region named back ("в регіоні") after an interception place, and
concussions and one unnumbered person as casualties. Every example is written for the test."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.catalog import places as catalog_places
from strikewatch.catalog import resolve_place
from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def places(text: str) -> dict[str, str]:
    """Place id -> role of every place claim."""
    claims = read_document(text, published=PUB).claims
    return {str(c.place): str(c.qualifier)[5:] for c in claims if c.kind == ClaimKind.PLACE}


def hit(text: str) -> set[str]:
    """The places the evaluator scores: every place but where weapons were downed."""
    return {p for p, role in places(text).items() if role != "interception"}


def test_names_in_a_list_that_shares_an_oblast_noun_are_oblasts() -> None:
    assert hit("Russia attacked the Kyiv and Dnipro regions with 40 drones.") == {
        "kyiv_oblast",
        "dnipropetrovsk_oblast",
    }
    got = hit("Russia launched 60 drones; Sumy, Odesa, Kyiv and Poltava oblasts were hit.")
    assert got == {"sumy_oblast", "odesa_oblast", "kyiv_oblast", "poltava_oblast"}
    got = hit("Drones hit energy facilities in Kyiv, Kharkiv and Chernihiv provinces.")
    assert "kyiv_oblast" in got and "kyiv" not in got


def test_kyiv_without_a_shared_oblast_noun_stays_the_city() -> None:
    assert hit("A Kyiv court said 40 drones hit Odesa.") == {"kyiv", "odesa"}
    got = hit("Russia launched 40 drones at Kyiv, and the Sumy region was also hit.")
    assert got == {"kyiv", "sumy_oblast"}
    assert hit("Russia launched 40 drones; Kyiv and Kyiv oblast were hit.") == {
        "kyiv",
        "kyiv_oblast",
    }


def test_the_capital_is_kyiv() -> None:
    assert hit("Росія атакувала Україну 30 дронами, зокрема столицю.") == {"kyiv"}
    assert hit("Russia attacked the Ukrainian capital with 30 drones overnight.") == {"kyiv"}
    assert hit("Россия атаковала столицу Украины 30 беспилотниками.") == {"kyiv"}


def test_another_capital_is_not_kyiv() -> None:
    assert "kyiv" not in hit("ЗСУ атакували 30 дронами російську столицю.")
    assert "kyiv" not in hit("Russia launched 30 drones at the regional capital of Kharkiv.")
    assert "kyiv" not in hit("Ukraine launched 30 drones at the capital of Russia.")
    assert "kyiv" not in hit(
        "Собянин: 30 беспилотников, летевших на Москву, уничтожены на подлёте к столице."
    )


def test_russian_region_nouns_are_oblasts() -> None:
    got = hit("Этой ночью враг атаковал 15 беспилотниками Днепропетровщину и Харьковщину.")
    assert got == {"dnipropetrovsk_oblast", "kharkiv_oblast"}
    got = places("Ночью над Киевщиной и Одесщиной сбиты 20 из 25 беспилотников.")
    assert set(got) == {"kyiv_oblast", "odesa_oblast"}
    assert hit("Вночі ворог атакував 30 дронами Слобожанщину.") == {"kharkiv_oblast"}


def test_every_oblast_with_a_region_noun_has_its_russian_forms() -> None:
    for text, oblast in (
        ("на Винничине", "vinnytsia_oblast"),
        ("Черниговщины", "chernihiv_oblast"),
        ("Хмельнитчину", "khmelnytskyi_oblast"),
        ("Ивано-Франковщиной", "ivano_frankivsk_oblast"),
        ("на Волыни", "volyn_oblast"),
        ("Закарпатье", "zakarpattia_oblast"),
    ):
        got = resolve_place(text)
        assert got is not None and got.id == oblast, text
    russian = {
        p.id
        for p in catalog_places().values()
        if p.kind == "oblast" and any(a.endswith(("щиной", "чиной")) for a in p.aliases)
    }
    assert len(russian) >= 20  # every oblast with a "-щина" noun but Volyn, Zakarpattia


def test_launch_areas_are_no_places_hit() -> None:
    got = hit(
        "Ночью враг атаковал 48 беспилотниками с двух направлений - мыс Чауда в оккупированном "
        "Крыму и Курская область России."
    )
    assert "crimea" not in got
    got = hit("Росія атакувала 30 дронами з території Курської області та з окупованого Криму.")
    assert "crimea" not in got
    assert hit("Drones launched from occupied Crimea hit Mykolaiv overnight.") == {"mykolaiv"}
    got = hit("Росіяни атакували з тимчасово окупованої території Херсонщини 10 дронами Миколаїв.")
    assert got == {"mykolaiv"}


def test_a_place_on_whose_territory_drones_were_downed_is_no_launch_area() -> None:
    got = places(
        "Ворог атакував 20 шахедами з напрямку Брянська; на території Хмельницької "
        "області уламки пошкодили будинки."
    )
    assert got == {"khmelnytskyi_oblast": "hit"}
    got = places("Russia launched 30 drones from the Kursk direction at Kharkiv and Crimea.")
    assert "kharkiv" in got


def test_parts_of_the_country_named_together_are_macro_regions() -> None:
    got = places(
        "The attack targeted nine Ukrainian regions in the center, north and south of the country."
    )
    assert got == {"centre": "target", "north": "target", "south": "target"}
    got = hit("Russia launched 50 drones at northern, central and southern regions.")
    assert got == {"north", "centre", "south"}
    assert hit("Ворог атакував 50 дронами північ, центр та південь країни.") == {
        "north",
        "centre",
        "south",
    }
    got = hit("Россия атаковала 50 беспилотниками северные и восточные регионы Украины.")
    assert got == {"north", "east"}


def test_a_direction_alone_is_no_macro_region() -> None:
    assert hit("Russia fired 24 drones overnight, mostly at the south of the country.") == set()
    assert hit("Russian drones flew in from the north; 40 drones hit Kharkiv.") == {"kharkiv"}
    assert hit("Russia launched 40 drones at the north of Kyiv.") == {"kyiv"}
    # where they were downed stays an interception place
    got = places(
        "Russia launched 97 drones; 57 were shot down in the east, north and south of the country."
    )
    assert set(got.values()) == {"interception"}


def test_a_place_under_an_air_raid_alert_is_no_place_hit() -> None:
    got = hit(
        "Ночью враг запустил 15 беспилотников. В южных областях Украины была объявлена воздушная "
        "тревога, во время которой в Одесской области ракеты попали в зону отдыха."
    )
    assert got == {"odesa_oblast"}
    assert hit("Russia launched 40 drones; an air raid alert was declared in Kyiv.") == set()
    assert hit("Drones hit Kharkiv while air raid alerts sounded across Ukraine.") == {"kharkiv"}


def casualties(text: str) -> set[tuple[str, float | None]]:
    """(kind, value) of every casualty figure."""
    out = set()
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.CASUALTIES:
            for kind in ("killed", "injured"):
                q = getattr(c, kind)
                if q is not None:
                    out.add((kind, q.value))
    return out


def test_concussions_are_injuries() -> None:
    assert casualties("Росія атакувала Київ 30 дронами. Двоє людей отримали контузії.") == {
        ("injured", 2.0)
    }
    assert casualties("Russia launched 30 drones at Kyiv. Two people suffered concussions.") == {
        ("injured", 2.0)
    }
    got = casualties("Россия атаковала Харьков 30 дронами. Три человека получили контузию.")
    assert got == {("injured", 3.0)}
    got = casualties("Россия атаковала Харьков 30 дронами. Пострадали 3 человека, 2 погибли.")
    assert got == {("injured", 3.0), ("killed", 2.0)}


def test_one_person_named_without_a_number_is_one_casualty() -> None:
    got = casualties(
        "Вночі ворог атакував Хмельниччину дронами. Виникло загоряння будинку, а чоловік, "
        "який проживає в будинку, отримав контузію."
    )
    assert got == {("injured", 1.0)}
    assert casualties("Russia launched 30 drones at Kyiv overnight. A man was injured.") == {
        ("injured", 1.0)
    }
    got = casualties("Russia launched 30 drones at Kyiv. A man and a woman were injured.")
    assert got == {("injured", 2.0)}
    assert casualties("Россия атаковала Одессу дронами. Погибла женщина.") == {("killed", 1.0)}


def test_no_one_person_casualty_when_nobody_was_hurt_or_a_figure_counts_them() -> None:
    assert casualties("Росія атакувала Київ 30 дронами. Чоловік не постраждав.") == set()
    assert casualties("Russia launched 30 drones at Kyiv. A man said nobody was injured.") == set()
    got = casualties(
        "Russia launched 30 drones at Kyiv, injuring 3 people. A woman was hospitalized."
    )
    assert got == {("injured", 3.0)}
    # a person noun after a number is that figure ("5 чоловік"), never one more
    assert casualties("Росія атакувала Київ дронами. Поранено 5 чоловік.") == {("injured", 5.0)}


def test_the_region_named_back_after_an_interception_place_is_a_place_hit() -> None:
    got = places(
        "Вночі ППО збила 8 ворожих дронів над Хмельниччиною. Падіння уламків спричинили пожежі "
        "в регіоні."
    )
    assert got == {"khmelnytskyi_oblast": "hit"}
    got = places(
        "Air defences shot down 20 drones over Kharkiv overnight. Debris damaged houses across "
        "the region."
    )
    assert got["kharkiv_oblast"] == "hit"
    got = places(
        "ПВО сбила 10 беспилотников над Сумщиной. Обломки беспилотника повредили дома в области."
    )
    assert got == {"sumy_oblast": "hit"}


def test_a_region_named_back_with_no_attack_or_its_own_name_adds_nothing() -> None:
    got = places(
        "Air defences shot down 20 drones over Kharkiv overnight. Officials in the region said "
        "the sky was calm."
    )
    assert got == {"kharkiv": "interception"}
    got = places(
        "Air defences shot down 20 drones over Kharkiv overnight. Debris damaged houses in the "
        "region of Poltava."
    )
    assert "kharkiv_oblast" not in got and got["poltava"] == "hit"


def test_a_place_both_downed_over_and_hit_is_a_place_hit() -> None:
    got = places(
        "Над Львівщиною збито 5 дронів. Уламки влучили в будинок на Львівщині, пошкоджено дах."
    )
    assert got == {"lviv_oblast": "hit"}


def test_russian_case_forms_of_cities() -> None:
    got = hit("Россия запустила 30 дронов по Киеву и Харькову; обломки упали в Черкассах.")
    assert got == {"kyiv", "kharkiv", "cherkasy"}
    assert hit("Ночью враг атаковал беспилотниками Одессу.") == {"odesa"}
    for text, city in (("по Днепру", "dnipro"), ("в Чернигове", "chernihiv"), ("Сумам", "sumy")):
        got_place = resolve_place(text)
        assert got_place is not None and got_place.id == city, text


def test_russian_oblast_adjectives_share_the_noun_after_i() -> None:
    got = hit("Россия атаковала беспилотниками Житомирскую, Винницкую и Хмельницкую области.")
    assert got == {"zhytomyr_oblast", "vinnytsia_oblast", "khmelnytskyi_oblast"}
    assert hit("Ночью враг атаковал дронами Киевскую и Черкасскую области.") == {
        "kyiv_oblast",
        "cherkasy_oblast",
    }


def test_a_person_right_after_the_casualty_word_takes_that_kind() -> None:
    got = casualties(
        "Russia attacked Kharkiv with drones, killing a woman and injuring four people."
    )
    assert got == {("killed", 1.0), ("injured", 4.0)}
    assert casualties("Росія атакувала Київ 30 дронами. Поранено чоловіка та жінку.") == {
        ("injured", 2.0)
    }


def test_kyiv_and_the_oblast_named_by_its_noun_alone() -> None:
    assert hit("Ворог атакував дронами Київ та область.") == {"kyiv", "kyiv_oblast"}
    assert hit("Russia launched 30 drones at Kyiv and the surrounding region.") == {
        "kyiv",
        "kyiv_oblast",
    }
    assert hit("Ночью враг атаковал 30 беспилотниками Киев и область.") == {"kyiv", "kyiv_oblast"}
    # another oblast named after the noun is that one
    got = hit("Russia launched 30 drones at Kyiv and the region of Odesa.")
    assert "kyiv_oblast" not in got
