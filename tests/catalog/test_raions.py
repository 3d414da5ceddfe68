"""The 136 raions of the 2020 reform (decision 142): counts per oblast, parents, case forms,
and that a raion never takes a city's bare name or a phrase that names another place."""

from __future__ import annotations

from collections import Counter

import pytest

from strikewatch.catalog import places, resolve_place, text_place_aliases

#: Raions per oblast under Verkhovna Rada resolution 807-IX (17 July 2020): 136 in all.
RAIONS_PER_OBLAST = {
    "crimea": 10,
    "vinnytsia_oblast": 6,
    "volyn_oblast": 4,
    "dnipropetrovsk_oblast": 7,
    "donetsk_oblast": 8,
    "zhytomyr_oblast": 4,
    "zakarpattia_oblast": 6,
    "zaporizhzhia_oblast": 5,
    "ivano_frankivsk_oblast": 6,
    "kyiv_oblast": 7,
    "kirovohrad_oblast": 4,
    "luhansk_oblast": 8,
    "lviv_oblast": 7,
    "mykolaiv_oblast": 4,
    "odesa_oblast": 7,
    "poltava_oblast": 4,
    "rivne_oblast": 4,
    "sumy_oblast": 5,
    "ternopil_oblast": 3,
    "kharkiv_oblast": 7,
    "kherson_oblast": 5,
    "khmelnytskyi_oblast": 3,
    "cherkasy_oblast": 4,
    "chernivtsi_oblast": 3,
    "chernihiv_oblast": 5,
}


def _raions() -> list:
    return [p for p in places().values() if p.kind == "raion"]


def test_raion_counts_per_oblast_match_the_2020_reform() -> None:
    assert sum(RAIONS_PER_OBLAST.values()) == 136
    assert dict(Counter(p.oblast for p in _raions())) == RAIONS_PER_OBLAST


def test_every_raion_resolves_to_itself_in_its_oblast() -> None:
    for raion in _raions():
        for name in (raion.name_en, raion.name_uk, raion.id):
            hit = resolve_place(str(name))
            assert hit is not None and hit.id == raion.id, (name, hit)
        assert raion.oblast in RAIONS_PER_OBLAST
        assert places()[raion.oblast].kind == "oblast"


def test_raion_aliases_are_raion_phrases_only() -> None:
    # never a bare city name: every alias says район/district/raion
    for raion in _raions():
        for alias in raion.aliases:
            low = alias.lower()
            assert "район" in low or "district" in low or "raion" in low, (raion.id, alias)


@pytest.mark.parametrize(
    ("raw", "raion", "oblast"),
    [
        ("Бучанському районі", "bucha_raion", "kyiv_oblast"),
        ("в Обухівському районі", "obukhiv_raion", "kyiv_oblast"),
        ("Бучанського району", "bucha_raion", "kyiv_oblast"),
        ("Bila Tserkva district", "bila_tserkva_raion", "kyiv_oblast"),
        ("Bucha Raion", "bucha_raion", "kyiv_oblast"),
        ("в Одесском районе", "odesa_raion", "odesa_oblast"),
        ("Бучанский район", "bucha_raion", "kyiv_oblast"),
        ("Харьковского района", "kharkiv_raion", "kharkiv_oblast"),
        ("Хмельницькому районі", "khmelnytskyi_raion", "khmelnytskyi_oblast"),
        ("Кам'янець-Подільському районі", "kamianets_podilskyi_raion", "khmelnytskyi_oblast"),
        ("Білгород-Дністровського району", "bilhorod_dnistrovskyi_raion", "odesa_oblast"),
        ("Сімферопольському районі", "simferopol_raion", "crimea"),
        # older names stay aliases
        ("Червоноградському районі", "sheptytskyi_raion", "lviv_oblast"),
        ("Красноградського району", "berestyn_raion", "kharkiv_oblast"),
        ("Новоград-Волинський район", "zviahel_raion", "zhytomyr_oblast"),
        ("Volodymyr-Volynskyi district", "volodymyr_raion", "volyn_oblast"),
    ],
)
def test_raion_case_forms(raw: str, raion: str, oblast: str) -> None:
    hit = resolve_place(raw)
    assert hit is not None and (hit.id, hit.oblast) == (raion, oblast)


@pytest.mark.parametrize(
    ("raw", "city"),
    [
        ("Буча", None),  # no bare raion name is added
        ("Bila Tserkva", "bila_tserkva"),
        ("Білій Церкві", "bila_tserkva"),
        ("Одеса", "odesa"),
        ("Харкова", "kharkiv"),
        ("Хмельницький", "khmelnytskyi"),
        ("Кропивницького", "kropyvnytskyi"),
        ("Uman", "uman"),
    ],
)
def test_a_bare_city_name_stays_the_city(raw: str, city: str | None) -> None:
    hit = resolve_place(raw)
    if city is None:
        assert hit is None or hit.kind != "raion"
    else:
        assert hit is not None and hit.id == city


def test_ambiguous_raion_phrases_are_not_read_in_text() -> None:
    # Подільський район is also a district of Kyiv; Покровський of Kryvyi Rih;
    # Красногвардейский of Belgorod oblast: dataset cells only
    text = dict(text_place_aliases())
    for phrase in (
        "подільському районі",
        "покровському районі",
        "красногвардейском районе",
        "первомайском районе",
    ):
        assert phrase not in text, phrase
    assert resolve_place("Подільському районі").id == "podilsk_raion"  # type: ignore[union-attr]
    assert text["бучанському районі"] == "bucha_raion"
