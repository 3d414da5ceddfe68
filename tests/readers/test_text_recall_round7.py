"""Recall round 7 (decision 124): a part of a total named by a word pointing back ("з цих",
"of these") or by its type ("Близько 25 були типу Shahed"), a total with no verb before a
downed breakdown ("120 drones, of which 98 were shot down"), a regional speaker's part of a
figure before ("за словами голови військової адміністрації, «три БпЛА збили»"), the Air
Force's English "air defence neutralised", "Ukraine's defence forces" as a source, a verb
after "and" that is the next clause's ("launched 40 drones and air defences shot down 30"),
and no night for a document about no attack or whose figures are all a period's. Every
example is written for the test."""

from __future__ import annotations

from tests.readers.conftest import PUB, qualifiers
from tests.readers.conftest import figures as all_figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def figures(text: str) -> set[tuple[str, str, float | None]]:
    """(outcome, class, value) of every count the reader gives."""
    return {f[:3] for f in all_figures(text)}


def test_a_part_named_by_a_word_pointing_back_is_no_figure_of_its_own() -> None:
    for text in (
        "Вночі ворог атакував 60 безпілотниками. Близько 40 з цих безпілотників були ударними "
        "дронами типу «Шахед».",
        "Overnight Russia launched 60 drones. About 40 of these drones were Shahed-type attack "
        "drones.",
    ):
        assert qualifiers(text) == {60.0: None, 40.0: "subset"}, text
    # with a verb of its own the part is a figure: 40 of these were downed
    got = figures("Overnight Russia launched 60 drones. 40 of these drones were shot down.")
    assert got == {("launched", "strike_drone", 60.0), ("destroyed", "strike_drone", 40.0)}
    got = figures("Вночі ворог атакував 60 безпілотниками. 40 з цих безпілотників збито.")
    assert ("destroyed", "strike_drone", 40.0) in got


def test_a_type_share_after_a_total_is_a_part_of_it() -> None:
    text = (
        "Вночі ворог атакував 60 безпілотниками. Запуски здійснювались з Курська. Близько 40 "
        "були типу «Шахед»."
    )
    assert qualifiers(text) == {60.0: None, 40.0: "subset"}
    # a copula before an outcome verb is no type share; no total before: nothing to be part of
    got = figures("Вночі ворог атакував 60 безпілотниками. Близько 40 були збиті.")
    assert ("destroyed", "strike_drone", 40.0) in got
    assert qualifiers("Вночі ворог атакував 40 дронами типу «Шахед».") == {40.0: None}


def test_a_figure_with_no_verb_before_a_downed_breakdown_is_the_launched_total() -> None:
    both = {("launched", "strike_drone", 120.0), ("destroyed", "strike_drone", 98.0)}
    got = figures(
        "The correct figure, officials said, is 120 drones and 2 missiles, of which 98 drones "
        "were shot down."
    )
    assert both | {("launched", "unknown_missile", 2.0)} <= got
    assert both <= figures("The total was 120 drones, 98 of which were shot down.")
    got = figures("Вночі було 120 дронів і 3 ракети, з них 98 дронів збито.")
    assert both | {("launched", "unknown_missile", 3.0)} <= got
    # no downing verb in the breakdown: nothing says the drones were launched
    text = "Ukraine received 120 drones from partners, of which 98 were delivered in May."
    assert figures(text) == set()


def test_a_regional_speakers_part_of_a_figure_before_is_no_figure_of_its_own() -> None:
    text = (
        "Вночі ворог атакував 40 ударними БпЛА, сили ППО знищили 30 з них. За словами голови "
        "обласної військової адміністрації, над областю збили три БпЛА."
    )
    assert qualifiers(text)[3.0] == "subset"
    text = (
        "Russia launched 40 drones overnight. Air defences shot down 30 of them, the Air Force "
        "said. Two drones were shot down over the Poltava region, the regional governor said."
    )
    assert qualifiers(text) == {40.0: None, 30.0: None, 2.0: "subset"}
    # a regional post with no figure before keeps its own; another class is no part
    text = "Вранці очільник ОВА повідомив: над областю сили ППО збили три ворожі БпЛА."
    assert figures(text) == {("destroyed", "strike_drone", 3.0)}
    text = (
        "Russia launched 40 drones overnight. Air defences shot down 30 of them, the Air Force "
        "said. The regional governor said two missiles were shot down over the Poltava region."
    )
    assert ("destroyed", "unknown_missile", 2.0) in figures(text)


def _speakers(text: str) -> set[str | None]:
    return {
        c.attribution
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT
    }


def test_air_defence_neutralised_marks_the_air_forces_english_post() -> None:
    text = (
        "In the night of 12 May, Russia attacked Ukraine with 90 drones. Ukrainian air defences "
        "neutralised 80 targets, including 75 drones."
    )
    assert _speakers(text) == {"Ukrainian Air Force"}
    # a speaker named in the sentence still speaks for it
    text = (
        "Air defences neutralised 12 drones over the region overnight, the regional governor said."
    )
    assert _speakers(text) == {"regional governor"}


def _night(text: str) -> str | None:
    night = read_document(text, published=PUB).night
    return None if night is None else night.isoformat()


def test_a_document_about_no_attack_names_no_night() -> None:
    # PUB is Friday 22 May 2026 (07:00 UTC)
    assert (
        _night("Heavy rain is expected in Kyiv on Tuesday, with temperatures of 15 degrees.")
        is None
    )
    assert _night("У вівторок у Києві очікується сильний дощ.") is None
    assert _night("Russia attacked Kharkiv on Tuesday.") == "2026-05-19"
    assert _night("Two people were injured in Kharkiv on Tuesday.") == "2026-05-19"


def test_a_weekday_beside_period_figures_only_is_no_night() -> None:
    text = (
        "Russia has launched more than 1,200 drones and 40 missiles against Ukraine this week, "
        "Zelensky said on Tuesday."
    )
    assert _night(text) is None
    assert (
        _night(
            "За тиждень росія застосувала понад 1 300 ударних дронів, заявив Зеленський у вівторок."
        )
        is None
    )
    # a figure of the night beside the week's keeps the night
    text = (
        "Russia launched 50 drones overnight, the Air Force said on Tuesday. This week it "
        "launched more than 1,200 drones."
    )
    assert _night(text) == "2026-05-19"


def test_a_verb_after_and_belongs_to_the_next_clause() -> None:
    for text in (
        "Russia launched 40 drones overnight and air defences shot down 30 of them.",
        "Вночі ворог атакував 40 дронами та сили ППО збили 30 з них.",
        "Ворог запустив 40 дронів і ППО знищила 30.",
    ):
        got = figures(text)
        assert got == {("launched", "strike_drone", 40.0), ("destroyed", "strike_drone", 30.0)}, (
            text
        )
    # with no verb before the figure the verb after it still governs the list
    got = figures("Overnight 40 drones and 2 missiles were shot down.")
    assert got == {("destroyed", "strike_drone", 40.0), ("destroyed", "unknown_missile", 2.0)}


def test_ukraines_forces_as_the_actor_are_the_source_when_no_speaker_is_named() -> None:
    text = "Ukraine's defence forces have destroyed around 20 Russian drones targeting Kyiv."
    assert _speakers(text) == {"Kyiv"}
    # a speaker named in the sentence goes first
    text = (
        "Ukraine's defence forces destroyed 20 Russian attack drones overnight, the Air Force said."
    )
    assert _speakers(text) == {"Ukrainian Air Force"}
