"""Weapon figures a story gives as "Ukraine says" are the Air Force's when the story names the
Air Force as a speaker too (decision 154)."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def _who(text: str, kind: ClaimKind = ClaimKind.COUNT) -> set[str | None]:
    return {c.attribution for c in read_document(text, published=PUB).claims if c.kind == kind}


def test_ukraine_says_is_the_air_force_when_the_air_force_is_named() -> None:
    text = (
        "Ukraine says it downed 69 drones, 2 missiles in overnight Russian attack. KYIV (Reuters) "
        "- Ukraine shot down 69 of 73 drones during an overnight Russian attack, the Ukrainian "
        "air force said on Saturday."
    )
    assert _who(text) == {"Ukrainian Air Force"}


def test_ukraine_says_stays_kyiv_when_no_air_force_is_named() -> None:
    text = (
        "Ukraine's military said it had downed 711 of the 728 drones launched by Russia overnight."
    )
    assert _who(text) == {"Kyiv"}


def test_what_kyiv_alleges_and_its_casualty_figures_are_not_moved() -> None:
    text = (
        "Russia launched 40 drones overnight, Ukraine's air force said. Ukrainian officials said "
        "31 people were killed. Kyiv alleges that 5 missiles hit a factory."
    )
    assert _who(text, ClaimKind.CASUALTIES) == {"Kyiv"}
    alleged = [
        c
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT and c.quantity is not None and c.quantity.value == 5.0
    ]
    assert [(c.attribution, str(c.status)) for c in alleged] == [("Kyiv", "alleged")]
