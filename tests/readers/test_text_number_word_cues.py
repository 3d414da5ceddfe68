"""A cue after a figure belongs to a later number word between them: "три ракети — одну
збили" is three launched and one destroyed, never three destroyed."""

from __future__ import annotations

from tests.readers.conftest import figures


def test_a_number_word_between_figure_and_cue_takes_the_cue() -> None:
    for text, n, k in (
        ("Також ворог випустив три ракети — одну збили.", 3.0, 1.0),
        ("Росія також випустила 5 ракет — дві збили.", 5.0, 2.0),
        ("Russia also fired three missiles — one was shot down.", 3.0, 1.0),
    ):
        got = figures(text)
        assert ("launched", "unknown_missile", n, n, n) in got, text
        assert ("destroyed", "unknown_missile", k, k, k) in got, text
        assert ("destroyed", "unknown_missile", n, n, n) not in got, text


def test_a_cue_right_after_its_figure_is_kept() -> None:
    assert ("destroyed", "strike_drone", 20.0, 20.0, 20.0) in figures("Вночі 20 дронів збито.")
    got = figures("Overnight 12 drones were shot down over the region.")
    assert ("destroyed", "strike_drone", 12.0, 12.0, 12.0) in got
