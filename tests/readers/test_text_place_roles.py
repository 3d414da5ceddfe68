"""The Air Force's "Напрямки пусків: …" line lists launch areas, never places hit; a hit verb
in a sentence of downed weapons makes the place after it a place hit."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _places(text: str) -> set[str | None]:
    return {c.place for c in read_document(text, published=PUB).claims if c.kind == ClaimKind.PLACE}


def test_launch_direction_lines_name_no_place_hit() -> None:
    for line in (
        "Напрямки пусків: Курськ, Орел, Міллерово, Приморсько-Ахтарськ, Гвардійське – ТОТ Криму.",
        "Напрямки пусків БпЛА – Курськ, Орел, Міллерово, Гвардійське – ТОТ Криму.",
    ):
        text = f"У ніч на 22 травня противник атакував 142 ударними БпЛА. {line}"
        assert "crimea" not in _places(text), line


def test_a_place_hit_after_the_launch_line_is_kept() -> None:
    text = (
        "У ніч на 22 травня ворог атакував Одещину: 12 ударних БпЛА. Напрямки пусків – "
        "Приморсько-Ахтарськ. Внаслідок атаки пошкоджено інфраструктуру Одеської області."
    )
    assert "odesa_oblast" in _places(text)


def _roles(text: str) -> dict[str | None, str | None]:
    return {
        c.place: c.qualifier
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.PLACE
    }


def test_a_hit_verb_in_a_downing_sentence_makes_its_place_hit() -> None:
    text = "Ukraine said it downed 50 drones; both missiles struck Kharkiv."
    assert _roles(text) == {"kharkiv": "role:hit"}
    assert _roles("Air defenses shot down 20 drones, but two hit Odesa.") == {"odesa": "role:hit"}
    # where they were downed stays an interception place, a hit verb or not
    assert _roles("Сили ППО збили 20 дронів над Києвом, а дві ракети влучили в Харків.") == {
        "kyiv": "role:interception",
        "kharkiv": "role:hit",
    }
    # unless their debris did damage there (decision 145 overturns 133 on this point)
    assert _roles("Сили ППО збили 20 дронів над Києвом, уламки влучили в будинок.") == {
        "kyiv": "role:hit"
    }
    assert _roles("Сили ППО збили 20 дронів над Києвом.") == {"kyiv": "role:interception"}


def test_a_cape_in_occupied_crimea_is_a_launch_area() -> None:
    for text in (
        "У ніч на 25 вересня військові РФ атакували Україну 176 ударними дронами із чотирьох "
        "напрямків у Росії та з мису Чауда в окупованому Криму.",
        "Окупанти атакували ударними БпЛА із трьох напрямків: миса Чауда (окупований Крим), "
        "Приморсько-Ахтарська та Курська.",
    ):
        assert "crimea" not in _places(text), text
    assert _places("Ворог атакував з напрямку Курська. Уламки впали в Харкові.") == {"kharkiv"}
