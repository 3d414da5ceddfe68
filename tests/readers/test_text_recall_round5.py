"""Recall on more kinds of phrasing (decision 120): an example weapon is not what a later
bare figure counts, a denied figure whose weapon was named before, "All 12 … launched …
were shot down", hits that are no launches, headline totals of "повітряні обʼєкти", losses
in more words, and Russian MoD statements with a daytime and a night figure. Every example
is written for the test."""

from __future__ import annotations

from tests.readers.conftest import PUB, qualifiers
from tests.readers.conftest import figures as all_figures

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document


def figures(text: str) -> set[tuple[str, str, float | None]]:
    """(outcome, class, value) of every count the reader gives."""
    return {f[:3] for f in all_figures(text)}


def test_an_example_weapon_is_not_what_a_later_bare_figure_counts() -> None:
    got = figures("Russia launched 40 drones, including Lancets, overnight. Air defence downed 30.")
    assert ("destroyed", "strike_drone", 30.0) in got
    assert not any(cls == "loitering_munition" and o == "destroyed" for o, cls, _v in got)
    got = figures(
        "Вночі ворог випустив 31 ракету різних типів, включно з балістичними та крилатими."
    )
    assert ("launched", "unknown_missile", 31.0) in got
    assert not any(cls == "mixed" for _o, cls, _v in got)


def test_a_denied_figure_is_never_kept_as_destroyed() -> None:
    for text in (
        "Russia launched 50 drones overnight. Air defences failed to intercept three of them.",
        "Russia launched 50 drones overnight; air defences failed to intercept 3.",
        "Росія запустила 50 дронів. Не вдалося збити 3 з них.",
    ):
        got = figures(text)
        assert ("launched", "strike_drone", 50.0) in got, text
        assert not any(o == "destroyed" for o, _c, _v in got), text  # neither 3 nor a false 0


def test_all_n_launched_were_shot_down() -> None:
    got = figures("All 12 cruise missiles launched overnight were shot down.")
    assert got == {("launched", "cruise_missile", 12.0), ("destroyed", "cruise_missile", 12.0)}
    got = figures("All drones must be shot down, Russia launched 30 drones.")
    assert got == {("launched", "strike_drone", 30.0)}


def test_hits_are_no_launches() -> None:
    got = figures("Only two of the 30 drones reached their targets overnight, the Air Force said.")
    assert got == {("launched", "strike_drone", 30.0)}
    got = figures("Russia launched 20 drones and 2 missiles overnight. A missile hit a warehouse.")
    assert ("launched", "unknown_missile", 1.0) not in got
    # a named class hitting, with no figure of its family, is still one launched
    got = figures("A ballistic missile struck a residential building in Kharkiv overnight.")
    assert ("launched", "ballistic_missile", 1.0) in got


def test_air_objects_are_a_headline_total() -> None:
    got = figures("Уночі ворог випустив 44 повітряні обʼєкти: 28 ракет і 16 БпЛА.")
    assert ("launched", "mixed", 44.0) in got
    assert ("launched", "strike_drone", 44.0) not in got


def test_losses_in_more_words() -> None:
    got = figures(
        "Вночі ворог атакував 110 ударними БпЛА. Сили ППО збили 78 БпЛА, а 31 — не досяг цілей."
    )
    assert ("lost_ew", "strike_drone", 31.0) in got
    assert not any(v == 31.0 and o == "destroyed" for o, _c, v in got)
    got = figures("Вночі збито 47 з 72 безпілотників, ще 24 було втрачено з локаційного контролю.")
    assert ("lost_ew", "strike_drone", 24.0) in got


def test_a_russian_night_figure_after_a_daytime_one_is_its_own_total() -> None:
    text = (
        "В период с 9:00 до 15:00 мск средства ПВО уничтожили шесть украинских беспилотников, "
        "сообщили в Минобороны РФ. Ранее сообщалось, что за минувшую ночь силы ПВО "
        "перехватили 121 украинский дрон."
    )
    quals = qualifiers(text)
    assert quals == {6.0: "over_russia", 121.0: "over_russia"}
    # a per-region line of the same night is still a part
    text = (
        "За минувшую ночь средства ПВО уничтожили 40 украинских беспилотников. "
        "Над Брянской областью за ночь уничтожены 12 украинских беспилотников."
    )
    quals = qualifiers(text)
    assert quals[12.0] == "subset"


def test_the_ministry_named_in_the_genitive_is_the_source() -> None:
    text = (
        "Минувшей ночью средствами ПВО уничтожены восемь украинских беспилотников, об этом "
        "сообщается в телеграм-канале Министерства обороны России."
    )
    counts = [c for c in read_document(text, published=PUB).claims if c.kind == ClaimKind.COUNT]
    assert counts and all(c.attribution == "Russian Ministry of Defence" for c in counts)


def test_an_abbreviation_opening_a_name_does_not_end_the_sentence() -> None:
    doc_claims = read_document("Вночі у м. Київ збито 5 БпЛА.", published=PUB).claims
    counts = [c for c in doc_claims if c.kind == ClaimKind.COUNT]
    assert [(str(c.outcome), c.quantity.value if c.quantity else None) for c in counts] == [
        ("destroyed", 5.0)
    ]
