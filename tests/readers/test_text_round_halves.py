"""Halves of round numbers and bounds on vague round numbers: "півсотні" is about 50,
"півтора десятка" about 15, "півтори сотні" about 150; "more than a dozen" is 13..22, and
"about a dozen" is no narrower than "a dozen"."""

from __future__ import annotations

import pytest
from tests.readers.conftest import figures


def test_halves_of_round_numbers() -> None:
    assert figures("Вночі ворог атакував півтори сотні дронів.") == {
        ("launched", "strike_drone", 150.0, 140.0, 160.0)
    }
    got = figures("Росіяни запустили майже 100 безпілотників і півтора десятка ракет.")
    assert ("launched", "unknown_missile", 15.0, 13.0, 17.0) in got
    got = figures("Ночью над регионами России сбиты полсотни беспилотников.")
    assert {f[2:] for f in got} == {(50.0, 45.0, 55.0)}


def test_a_bound_before_a_vague_round_number_applies_to_it() -> None:
    assert figures("Ворог атакував понад півсотні шахедів.") == {
        ("launched", "strike_drone", None, 51.0, 60.0)
    }
    assert figures("Overnight, Russia launched more than a dozen missiles.") == {
        ("launched", "unknown_missile", None, 13.0, 22.0)
    }
    assert figures("Overnight, Russia launched about a dozen missiles.") == {
        ("launched", "unknown_missile", 12.0, 10.0, 14.0)
    }
    # "сотні дронів" (plural) stays hundreds
    assert figures("Вночі ворог атакував сотні дронів.") == {
        ("launched", "strike_drone", None, 200.0, 999.0)
    }


def test_a_word_sequence_table_refuses_a_string_phrase() -> None:
    """A string where a list of words is needed is a clear vocabulary error (the compiled
    reader would refuse it at run time, the source one would read it as one odd key)."""
    from strikewatch.readers.text import lexicon, vocab

    with pytest.raises(vocab.VocabError, match=r"role vague: phrase 'пів сотні' must be a list"):
        lexicon._word_lists("vague", [("пів сотні", [50, 45, 55])])
    assert lexicon._word_lists("vague", [(("пів", "сотні"), [50, 45, 55])]) == [
        (("пів", "сотні"), [50, 45, 55])
    ]
