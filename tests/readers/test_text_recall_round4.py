"""Recall on more kinds of phrasing (decision 117): the Russian MoD's night words, failed
interceptions in more forms ("не були збиті", "не збито", "not a single", "none was"), a
number beside a negation that is not the launch figure (no false zero), hits that are not
launches, and drones "approaching" a city. Every example is written for the test."""

from __future__ import annotations

import datetime as dt

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document

PUB = dt.datetime(2026, 5, 22, 7, 0, tzinfo=dt.UTC)

Figure = tuple[str, str, float | None, float | None, float | None]


def figures(text: str) -> set[Figure]:
    """(outcome, class, value, low, high) of every count the reader gives."""
    out = set()
    for c in read_document(text, published=PUB).claims:
        if c.kind == ClaimKind.COUNT:
            q = c.quantity
            vals = (q.value, q.low, q.high) if q else (None, None, None)
            out.add((str(c.outcome), str(c.weapon_class), *vals))
    return out


def test_russian_mod_night_words_are_the_night_that_ended_that_morning() -> None:
    for text in (
        "В течение прошедшей ночи дежурными средствами ПВО уничтожены 36 украинских БПЛА.",
        "Этой ночью дежурными средствами ПВО уничтожены 17 украинских беспилотников.",
        "В течение ночи средства ПВО перехватили 58 украинских беспилотников.",
        "За прошедшую ночь средства ПВО перехватили 24 украинских беспилотника.",
        "Сегодня ночью средства ПВО перехватили 9 украинских беспилотников.",
        "Протягом ночі ворог атакував 64 ударними БпЛА.",
    ):
        assert read_document(text, published=PUB).night == dt.date(2026, 5, 22), text
    # an evening statement about the past night keeps the morning's date
    evening = dt.datetime(2026, 5, 22, 17, 0, tzinfo=dt.UTC)
    text = "В течение прошедшей ночи средства ПВО уничтожили 12 украинских беспилотников."
    assert read_document(text, published=evening).night == dt.date(2026, 5, 22)
    # without a publication time no night is guessed
    assert read_document(text).night is None
