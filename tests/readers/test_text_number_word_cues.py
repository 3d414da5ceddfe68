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


def test_a_perfect_passive_after_a_bare_figure_is_its_cue() -> None:
    got = figures(
        "Russia launched 273 Shahed attack drones overnight, the air force said, adding that 88 "
        "had been shot down and 128 were lost from radars."
    )
    assert ("destroyed", "strike_drone", 88.0, 88.0, 88.0) in got
    assert ("lost_ew", "strike_drone", 128.0, 128.0, 128.0) in got
    assert ("destroyed", "strike_drone", 45.0, 45.0, 45.0) in figures(
        "Of the 60 drones, 45 have been destroyed."
    )
