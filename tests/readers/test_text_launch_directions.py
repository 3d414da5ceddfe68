"""The Air Force's "Напрямки пусків: …" line lists launch areas, never places hit."""

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
