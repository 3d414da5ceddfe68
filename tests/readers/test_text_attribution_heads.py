"""The head of a regional military administration speaks for it (decision 147): "очільник
Сумської ОВА Олег Григоров" is the administration, not a governor of its own."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _speakers(text: str) -> set[str | None]:
    claims = read_document(text, published=PUB).claims
    return {c.attribution for c in claims if c.kind == ClaimKind.COUNT}


def test_the_head_of_an_administration_is_the_administration() -> None:
    for text in (
        "Уночі ворог атакував Сумщину двома ударними БпЛА, один збили, повідомив очільник "
        "Сумської ОВА Олег Григоров.",
        "Сили ППО збили 7 дронів над Дніпропетровщиною, розповів очільник ОВА Сергій Лисак.",
    ):
        assert _speakers(text) == {"regional military administration"}, text


def test_a_governor_named_alone_is_still_the_governor() -> None:
    text = "Air defences shot down 12 drones over the Kharkiv region overnight, its governor said."
    assert _speakers(text) == {"regional governor"}
