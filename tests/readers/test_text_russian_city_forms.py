"""Russian case forms of cities and raions give the place and its oblast (decision 158)."""

from __future__ import annotations

import pytest
from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _oblasts(text: str) -> dict[str | None, object]:
    return {
        c.place: (c.detail or {}).get("oblast")
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.PLACE
    }


@pytest.mark.parametrize(
    ("where", "place", "oblast"),
    [
        ("в Павлограде", "pavlohrad", "dnipropetrovsk_oblast"),
        ("в Белой Церкви", "bila_tserkva", "kyiv_oblast"),
        ("в Умани", "uman", "cherkasy_oblast"),
        ("в Измаиле", "izmail", "odesa_oblast"),
        ("в Каменском", "kamianske", "dnipropetrovsk_oblast"),
        ("в Шостке", "shostka", "sumy_oblast"),
        ("в Броварах", "brovary", "kyiv_oblast"),
        ("в Кременчуге", "kremenchuk", "poltava_oblast"),
        ("в Краматорске", "kramatorsk", "donetsk_oblast"),
        ("в Энергодаре", "enerhodar", "zaporizhzhia_oblast"),
        ("в Ахтырке", "okhtyrka", "sumy_oblast"),
        ("в Коломые", "kolomyia", "ivano_frankivsk_oblast"),
        ("в Белгороде-Днестровском", "bilhorod_dnistrovskyi", "odesa_oblast"),
        ("в Кривом Рогу", "kryvyi_rih", "dnipropetrovsk_oblast"),
        ("в Желтых Водах", "zhovti_vody", "dnipropetrovsk_oblast"),
        ("в Павлоградском районе", "pavlohrad_raion", "dnipropetrovsk_oblast"),
        ("в Никопольском районе", "nikopol_raion", "dnipropetrovsk_oblast"),
        ("в Миргородском районе", "myrhorod_raion", "poltava_oblast"),
        ("в Криворожском районе", "kryvyi_rih_raion", "dnipropetrovsk_oblast"),
        ("в Синельниковском районе", "synelnykove_raion", "dnipropetrovsk_oblast"),
    ],
)
def test_a_russian_case_form_gives_the_place_and_its_oblast(
    where: str, place: str, oblast: str
) -> None:
    text = f"В результате атаки {where} повреждены дома."
    assert _oblasts(text).get(place) == oblast


def test_the_russian_genitive_after_a_preposition() -> None:
    text = "Ночью российские дроны атаковали окрестности Броваров: повреждены два дома."
    assert _oblasts(text).get("brovary") == "kyiv_oblast"


def test_a_common_word_is_not_a_place() -> None:
    # "смела" (swept away) is also the Russian name of Smila; it is left out of the catalog
    text = "В результате атаки в Павлограде взрывная волна смела крышу дома."
    assert _oblasts(text) == {"pavlohrad": "dnipropetrovsk_oblast"}


def test_kyivs_dniprovskyi_district_is_not_the_dnipro_raion() -> None:
    text = "В результате атаки в Днепровском районе столицы повреждены дома."
    assert "dnipro_raion" not in _oblasts(text)
