"""Russian hit and debris words are no downings ("Зафиксировано попадание 26 ударных БПЛА"),
and a wire dateline after the headline ("… region. KYIV (Reuters) - …") is no place hit."""

from __future__ import annotations

from tests.readers.conftest import PUB, figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def test_russian_hit_words_are_hits_not_destroyed() -> None:
    text = (
        "По состоянию на 8:30 противовоздушной обороной сбито/подавлено 112 вражеских БПЛА. "
        "Зафиксировано попадание 26 ударных БПЛА на 7 локациях, падение сбитых (обломки) на "
        "одной локации."
    )
    got = figures(text)
    assert ("destroyed", "strike_drone", 112.0, 112.0, 112.0) in got
    assert ("destroyed", "strike_drone", 26.0, 26.0, 26.0) not in got


def test_a_dateline_after_the_headline_is_no_place() -> None:
    text = (
        "Russian overnight drone attack damages energy infrastructure in Odesa region. KYIV "
        "(Reuters) - A Russian drone attack overnight damaged equipment at energy facilities "
        "in Ukraine's southern Odesa region."
    )
    places = {
        c.place for c in read_document(text, published=PUB).claims if c.kind == ClaimKind.PLACE
    }
    assert "kyiv" not in places
    assert "odesa_oblast" in places
    # a capital word after a full stop without an agency is still a place
    text = "Russia attacked overnight. KYIV was hit by drones."
    places = {
        c.place for c in read_document(text, published=PUB).claims if c.kind == ClaimKind.PLACE
    }
    assert "kyiv" in places
