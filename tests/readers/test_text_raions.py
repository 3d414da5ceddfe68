"""A raion named in a report gives its oblast (decision 142)."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _oblasts(text: str) -> dict[str | None, object]:
    return {
        c.place: (c.detail or {}).get("oblast")
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.PLACE
    }


def test_a_ukrainian_raion_gives_its_oblast() -> None:
    text = (
        "Вночі над Київщиною працювала ППО. Збито 4 дрони, пошкоджено два приватні будинки "
        "в Бучанському районі."
    )
    assert _oblasts(text).get("bucha_raion") == "kyiv_oblast"


def test_an_english_raion_gives_its_oblast() -> None:
    text = "Russian drones damaged a warehouse in the Bila Tserkva district overnight."
    assert _oblasts(text) == {"bila_tserkva_raion": "kyiv_oblast"}


def test_a_russian_raion_gives_its_oblast() -> None:
    text = (
        "Ночью российские дроны атаковали Одесскую область: в Одесском районе повреждены "
        "два частных дома."
    )
    assert _oblasts(text).get("odesa_raion") == "odesa_oblast"


def test_a_kyiv_district_is_not_the_odesa_raion() -> None:
    text = "Внаслідок атаки у Подільському районі столиці пошкоджено будинок."
    assert "podilsk_raion" not in _oblasts(text)
