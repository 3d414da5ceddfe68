"""Night words in case forms (decision 161): "внаслідок нічної атаки", "после ночной атаки",
"Минулі вечір і ніч", "До самого ранку" name the night that ended the publication morning."""

from __future__ import annotations

import datetime as dt

from strikewatch.readers.text import read_document

PUB = dt.datetime(2025, 12, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_night_attack_in_its_case_forms_is_last_night() -> None:
    for text in (
        "Внаслідок нічної атаки дронів знеструмлено споживачів у Рівненській області.",
        "После ночной атаки дронов в Харькове пожар.",
        "Минулі вечір і ніч на Дніпропетровщині принесли нові атаки дронів.",
        "До самого ранку Черкащина була на тривозі, збито 9 дронів.",
    ):
        assert read_document(text, published=PUB).night == dt.date(2025, 12, 23), text


def test_without_a_publication_time_there_is_no_night() -> None:
    assert read_document("Внаслідок нічної атаки 5 дронів пошкоджено будинок.").night is None
