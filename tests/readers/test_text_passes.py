"""The reader's newer passes, each on the phrasing it exists for: digits with case endings,
weapons named without a figure, relations between figures, the Russian side's figures,
Russian-language text, negated target words and the vocabulary files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from strikewatch.domain import Claim, ClaimKind, Outcome
from strikewatch.readers.text import read_document, vocab
from strikewatch.readers.text.reader import to_json_obj

PUB = dt.datetime(2025, 8, 21, 7, tzinfo=dt.UTC)


def counts(text: str) -> set[tuple[str, str, float | None, str | None]]:
    claims = read_document(text, published=PUB).claims
    return {
        (str(c.outcome), str(c.weapon_class), c.quantity.value if c.quantity else None, c.qualifier)
        for c in claims
        if c.kind == ClaimKind.COUNT
    }


def test_case_endings_after_digits() -> None:
    got = counts("Противник атакував 152-ма ударними БпЛА та 5-ма ракетами; ще 42-х дронів.")
    assert ("launched", "strike_drone", 152.0, None) in got
    assert ("launched", "unknown_missile", 5.0, None) in got
    assert ("launched", "strike_drone", 42.0, None) in got


def test_ordinal_endings_stay_excluded() -> None:
    assert counts("Як і 24-го числа, противник атакував 30 ударними БпЛА.") == {
        ("launched", "strike_drone", 30.0, None)
    }


def test_singular_weapon_is_one() -> None:
    got = counts(
        "У ніч на 21 серпня противник атакував крилатою ракетою Х-101 та 40 ударними БпЛА."
    )
    assert ("launched", "cruise_missile", 1.0, None) in got
    assert ("launched", "ballistic_missile", 1.0, None) in counts(
        "A Russian ballistic missile struck Dnipro on Tuesday."
    )


def test_the_missile_refers_back_and_is_not_a_second_launch() -> None:
    got = counts("Russia launched a cruise missile and 12 drones; the missile was shot down.")
    launched = [g for g in got if g[0] == "launched" and g[1] == "cruise_missile"]
    assert launched == [("launched", "cruise_missile", 1.0, None)]
    assert ("destroyed", "cruise_missile", 1.0, None) in got


def test_a_missile_strike_is_not_a_missile_count() -> None:
    got = counts("A Russian missile strike on Dnipro killed 4 people.")
    assert not [g for g in got if g[1] == "unknown_missile"]


def test_class_named_without_a_number_is_null_never_zero() -> None:
    r = read_document("Ворог атакував ракетами: Циркон, Онікс, Іскандер-М.")
    named = [c for c in r.claims if c.kind == ClaimKind.COUNT and c.qualifier == "named"]
    assert {str(c.weapon_class) for c in named} == {"anti_ship_missile", "ballistic_missile"}
    for c in named:
        obj = to_json_obj(c)
        assert obj["kind"] == "count" and obj["value"] is None
        assert obj["low"] is None and obj["high"] is None


def test_relations_all_but_all_and_none() -> None:
    got = counts("Russia fired 40 missiles; all but four of them were intercepted.")
    assert ("destroyed", "unknown_missile", 36.0, None) in got
    assert ("destroyed", "unknown_missile", 4.0, None) not in got
    assert ("destroyed", "strike_drone", 25.0, None) in counts(
        "Russia launched 25 drones at Ukraine overnight, all of which were shot down."
    )
    assert ("destroyed", "ballistic_missile", 0.0, None) in counts(
        "None of the three ballistic missiles was intercepted."
    )
    assert ("destroyed", "cruise_missile", 11.0, None) in counts("Збито 11 зі 14 ракет Калібр.")


def test_headline_total_is_mixed_and_a_total() -> None:
    r = read_document("ЗБИТО/ПОДАВЛЕНО 120 ЦІЛЕЙ\nПротивник атакував 130 ударними БпЛА.")
    total = [c for c in r.claims if c.kind == ClaimKind.COUNT and c.outcome == Outcome.DESTROYED]
    assert [(str(c.weapon_class), c.is_total) for c in total] == [("mixed", True)]


def test_russian_side_figures_over_russia_are_kept_apart() -> None:
    r = read_document(
        "Дежурными средствами ПВО за ночь перехвачены и уничтожены 42 беспилотных "
        "летательных аппарата самолетного типа, сообщило Минобороны России."
    )
    c = next(c for c in r.claims if c.kind == ClaimKind.COUNT)
    assert c.qualifier == "over_russia" and c.quantity is not None and c.quantity.value == 42
    assert c.attribution == "Russian Ministry of Defence" and str(c.status) == "alleged"


def test_russian_language_report_about_ukraine() -> None:
    got = counts(
        "Россия ночью запустила по Украине 75 ударных беспилотников. "
        "Силы ПВО сбили 60 дронов, еще 9 локационно потеряны, сообщили Воздушные силы."
    )
    assert {
        ("launched", "strike_drone", 75.0, None),
        ("destroyed", "strike_drone", 60.0, None),
    } <= got
    assert ("lost_ew", "strike_drone", 9.0, None) in got


def _targets(text: str) -> list[Claim]:
    return [c for c in read_document(text).claims if c.kind == ClaimKind.TARGET]


@pytest.mark.parametrize(
    "text",
    [
        "Russia's strikes are rarely aimed at purely military targets, analysts say.",
        "Officials said the drones did not hit any energy facilities overnight.",
        "If Russia hits the power grid again, outages could last for days.",
        "Енергетичні об'єкти не пошкоджено внаслідок атаки.",
    ],
)
def test_negated_or_generic_target_words_give_no_target(text: str) -> None:
    assert _targets(text) == []


def test_a_plain_target_still_counts() -> None:
    assert [
        str(c.target_category) for c in _targets("A drone hit an energy facility in Kharkiv.")
    ] == ["energy"]


def test_vocabulary_files_have_one_record_shape() -> None:
    roles = {r for r, _p, _v in vocab.records()}
    assert {"form", "cue", "attrib", "number"} <= roles


def test_a_bad_vocabulary_record_names_file_and_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.yaml").write_text("- {role: cue}\n", encoding="utf-8")
    monkeypatch.setattr(vocab, "VOCAB_DIR", tmp_path)
    vocab.records.cache_clear()
    try:
        with pytest.raises(vocab.VocabError, match=r"x\.yaml: record 1"):
            vocab.records()
    finally:
        monkeypatch.undo()
        vocab.records.cache_clear()


def test_all_n_destroyed_also_says_n_launched_but_never_beside_a_launch_figure() -> None:
    got = counts("Ukraine's air defenses shot down all 14 Russian drones fired overnight.")
    assert ("launched", "strike_drone", 14.0, None) in got
    got = counts("Russia launched 13 missiles; air defence destroyed all 7 Kh-101 cruise missiles.")
    assert ("launched", "cruise_missile", 7.0, None) not in got


def test_bare_total_after_of() -> None:
    got = counts("Сили ППО збили 34 ударні дрони з 41.")
    assert ("launched", "strike_drone", 41.0, None) in got
    got = counts("Росія запустила 65 дронів з трьох напрямків.")
    assert ("launched", "strike_drone", 3.0, None) not in got


def test_generic_hits_after_a_specific_launch_are_not_a_second_launch() -> None:
    got = counts(
        "Противник атакував двома балістичними ракетами Іскандер-М та 93 ударними БпЛА. "
        "Зафіксовано влучання 2 ракет та 19 ударних БпЛА на 8 локаціях."
    )
    assert ("launched", "unknown_missile", 2.0, None) not in got
    assert ("launched", "ballistic_missile", 2.0, None) in got


def test_endings_of_one_after_digits_only_where_a_cardinal_reads_so() -> None:
    got = counts("Противник атакував 21-им ударним БпЛА та 40-ка дронами.")
    assert ("launched", "strike_drone", 21.0, None) in got
    assert ("launched", "strike_drone", 40.0, None) in got
    # "3-им разом" is "the third time": no figure of 3, and nothing unnumbered invented
    assert counts("Вже 3-им разом противник атакував 5 шахедами.") == {
        ("launched", "strike_drone", 5.0, None)
    }


def test_plural_participles_are_outcome_cues() -> None:
    got = counts("Противник застосував дві крилаті ракети Х-101, обидві ракети збиті.")
    assert got == {
        ("launched", "cruise_missile", 2.0, None),
        ("destroyed", "cruise_missile", 2.0, None),
    }
    got = counts("Ворог атакував трьома ударними БпЛА, всі три збиті.")
    assert ("destroyed", "strike_drone", 3.0, None) in got
    assert ("launched", "strike_drone", 3.0, None) in got


def test_failed_to_intercept_turns_the_figure_into_a_launch_with_zero_destroyed() -> None:
    got = counts("Air defence failed to intercept the 2 Iskander-M missiles fired at Kharkiv.")
    assert got == {
        ("launched", "ballistic_missile", 2.0, None),
        ("destroyed", "ballistic_missile", 0.0, None),
    }
    # the drones shot down before the negation stay destroyed, and are never a launch
    got = counts("Air defence shot down 20 drones but failed to intercept the 3 missiles.")
    assert ("destroyed", "strike_drone", 20.0, None) in got
    assert ("launched", "strike_drone", 20.0, None) not in got
    assert ("destroyed", "unknown_missile", 0.0, None) in got
    # a denied figure beside a launch figure is dropped, never kept as destroyed
    got = counts(
        "Russia launched 10 missiles; air defence failed to intercept 2 of the 10 missiles."
    )
    assert not any(o == "destroyed" and v == 2.0 for o, _c, v, _q in got)
    assert ("launched", "ballistic_missile", 2.0, None) in counts(
        "Дві ракети Іскандер-М збити не вдалося."
    )


def test_all_but_needs_its_figure_and_reads_a_bare_number() -> None:
    got = counts(
        "Russia launched 35 drones overnight, and air defence downed all but three of them."
    )
    assert ("destroyed", "strike_drone", 32.0, None) in got
    assert ("destroyed", "strike_drone", 35.0, None) not in got
    # "all but a few": no figure, so neither 35 nor any other number is destroyed
    got = counts("Russia launched 35 drones, all but a few were downed.")
    assert not any(o == "destroyed" for o, _c, _v, _q in got)


def test_a_figureless_sentence_opening_with_all_refers_back() -> None:
    got = counts(
        "Противник атакував 12 ударними БпЛА. Усі вони збиті мобільними вогневими групами."
    )
    assert ("destroyed", "strike_drone", 12.0, None) in got
    got = counts("Противник атакував 20 ударними БпЛА. Знищено всі, крім чотирьох.")
    assert ("destroyed", "strike_drone", 16.0, None) in got
    got = counts("Противник випустив дві ракети Х-59. Обидві знищені силами ППО.")
    assert ("destroyed", "cruise_missile", 2.0, None) in got
    # "All regions …" is not a pronoun; "both" never fits a launch figure other than 2
    got = counts(
        "Russia launched 20 drones. All regions were on alert and air defence destroyed drones."
    )
    assert not any(o == "destroyed" and v == 20.0 for o, _c, v, _q in got)
    got = counts("Russia launched 5 missiles. Both were intercepted.")
    assert not any(o == "destroyed" for o, _c, _v, _q in got)


def test_n_of_which_with_digits_and_number_words() -> None:
    got = counts("Russia attacked with thirty-four drones, twenty-nine of which were shot down.")
    assert got == {
        ("launched", "strike_drone", 34.0, None),
        ("destroyed", "strike_drone", 29.0, None),
    }
    got = counts("Противник атакував 20 БпЛА, 18 з яких збиті.")
    assert ("destroyed", "strike_drone", 18.0, None) in got


def test_ambiguous_model_names_only_right_after_a_weapon_word() -> None:
    got = counts("Противник атакував 3 ударними дронами Молнія та 15 Шахедами.")
    assert got == {
        ("launched", "loitering_munition", 3.0, None),
        ("launched", "strike_drone", 15.0, None),
    }
    assert ("launched", "loitering_munition", 2.0, None) in counts(
        "Ворог атакував 2 дронами типу «Куб»."
    )
    # the word on its own, or after a comma, is not the weapon
    assert counts("Молнія вдарила в будинок, противник атакував 5 дронами.") == {
        ("launched", "strike_drone", 5.0, None)
    }
    assert counts("Противник атакував 5 дронами, Молнія.") == {
        ("launched", "strike_drone", 5.0, None)
    }


def test_generic_runs_name_their_classes_when_no_figure_counts_them() -> None:
    got = counts("Russia attacked with drones, cruise and ballistic missiles overnight.")
    assert got == {
        ("launched", "strike_drone", None, "named"),
        ("launched", "cruise_missile", None, "named"),
        ("launched", "ballistic_missile", None, "named"),
    }
    got = counts("Вночі противник атакував ударними БпЛА та ракетами: Калібр, Іскандер-М.")
    assert ("launched", "strike_drone", None, "named") in got
    # a counted generic run stays one mixed total; a headline total names no class
    assert counts("Russia launched 400 drones and missiles overnight.") == {
        ("launched", "mixed", 400.0, None)
    }
    assert counts("Сили оборони знешкодили повітряні цілі.") == set()


def test_as_well_as_starts_another_weapon() -> None:
    got = counts("Противник атакував 50 ударними БпЛА, а також ракетами Х-59/Х-69 та Х-31П.")
    assert got == {
        ("launched", "strike_drone", 50.0, None),
        ("launched", "cruise_missile", None, "named"),
        ("launched", "anti_radar_missile", None, "named"),
    }


def _places(text: str) -> dict[str, str]:
    claims = read_document(text, published=PUB).claims
    return {str(c.place): str(c.qualifier) for c in claims if c.kind == ClaimKind.PLACE}


def test_where_drones_were_downed_is_an_interception_place_not_a_place_hit() -> None:
    got = _places("Противник атакував двома ракетами Х-59, обидві збиті над Миколаївщиною.")
    assert got == {"mykolaiv_oblast": "role:interception"}
    got = _places("Russia launched 13 drones, 10 of which were downed in Kharkiv and Sumy regions.")
    assert set(got.values()) == {"role:interception"}
    # debris after the interception: the place it fell on is hit
    got = _places("Drones were shot down over Kyiv region, but debris damaged houses in Bucha.")
    assert got["bucha"] == "role:hit"


def test_a_wire_dateline_is_not_a_place_hit() -> None:
    got = _places("KYIV (Reuters) – The air force said it shot down 29 drones. Russia hit Odesa.")
    assert "kyiv" not in got and got["odesa"] == "role:hit"


def test_of_them_after_a_figure_is_a_breakdown_even_in_the_next_sentence() -> None:
    got = counts("Противник атакував Україну 101 ударним БпЛА. Близько 60 з них - «Шахеди».")
    assert ("launched", "strike_drone", 101.0, None) in got
    assert ("launched", "strike_drone", 60.0, "subset") in got
    assert ("launched", "strike_drone", 60.0, None) not in got
    # a breakdown goes on after "а": never a second destroyed figure (nor an EW loss)
    got = counts(
        "Протиповітряна оборона знешкодила 112 ворожих БпЛА, з яких 74 були збиті вогневими "
        "засобами, а 38 - подавлені засобами радіоелектронної боротьби."
    )
    assert {q for o, _c, v, q in got if v == 38.0} == {"subset"}
    # "25 of them were shot down" is another outcome: not a breakdown
    got = counts("Russia launched 30 drones; 25 of them were shot down.")
    assert ("destroyed", "strike_drone", 25.0, None) in got


def test_a_number_of_types_is_not_a_count() -> None:
    assert counts("The air force said the attack also included several types of missiles.") == set()


def test_russian_side_breakdown_by_region_is_a_subset_of_its_total() -> None:
    got = counts(
        '"This past night, air defense systems on duty intercepted and destroyed 116 Ukrainian '
        'aircraft-type unmanned aerial vehicles," the Russian Defense Ministry said. It said 29 '
        "drones were shot down over the Ryazan Region and 27 over the Voronezh Region."
    )
    assert got == {
        ("destroyed", "strike_drone", 116.0, "over_russia"),
        ("destroyed", "strike_drone", 29.0, "subset"),
    }
    # launched from a Russian region is still a Ukrainian figure
    got = counts("Russia launched 40 drones from the Bryansk region; 30 drones were shot down.")
    assert ("launched", "strike_drone", 40.0, None) in got


def test_singular_class_inside_a_mixed_unnumbered_run_is_one() -> None:
    got = counts("Війська РФ атакували Україну безпілотниками та балістичною ракетою «Іскандер-М».")
    assert ("launched", "ballistic_missile", 1.0, None) in got
    assert ("launched", "strike_drone", None, "named") in got


def test_this_past_night_and_za_nich_are_the_night_before_publication() -> None:
    pub = dt.datetime(2025, 12, 6, 6, tzinfo=dt.UTC)
    r = read_document(
        "This past night, air defense systems on duty destroyed 116 drones.", published=pub
    )
    assert r.night == dt.date(2025, 12, 6)
    r = read_document("За ніч ППО знешкодила 72 зі 128 ворожих безпілотників.", published=pub)
    assert r.night == dt.date(2025, 12, 6)


def test_downing_and_russian_recon_words() -> None:
    got = counts("Russia launched 127 missiles, with air defense downing 102 missiles.")
    assert ("destroyed", "unknown_missile", 102.0, None) in got
    got = counts("Украинские ПВО сбили 23 беспилотника-камикадзе и два разведывательных БПЛА.")
    assert ("destroyed", "recon_drone", 2.0, None) in got


def test_oblast_list_after_the_noun_and_a_colon() -> None:
    got = _places(
        "Противник атакував 20 БпЛА. Атака призвела до пошкоджень у трьох областях: "
        "Дніпропетровській, Донецькій та Харківській."
    )
    assert got == {
        "dnipropetrovsk_oblast": "role:hit",
        "donetsk_oblast": "role:hit",
        "kharkiv_oblast": "role:hit",
    }


def test_launch_areas_listed_after_directions_are_no_place_hit() -> None:
    got = _places("Ворог запустив 24 «шахеди» з двох напрямків – Приморсько-Ахтарська та ТО Криму.")
    assert "crimea" not in got
    got = _places("Противник атакував 20 БпЛА з напрямку Курська по Харкову.")
    assert got == {"kharkiv": "role:hit"}


def test_all_of_a_family_destroyed_takes_its_one_launch_figure() -> None:
    got = counts("Противник атакував 3 ракетами «Іскандер-К» та 50 «шахедами». Усі ракети збиті.")
    assert ("destroyed", "cruise_missile", 3.0, None) in got
    got = counts(
        "Russia attacked with four Kalibr missiles and 70 drones. All the missiles were shot down."
    )
    assert ("destroyed", "cruise_missile", 4.0, None) in got
    # two launch figures of the family: no sum is invented
    got = counts("Противник атакував 3 ракетами Калібр та 2 ракетами Х-101. Усі ракети збиті.")
    assert not any(o == "destroyed" for o, _c, _v, _q in got)
    # the figure must come first
    assert counts("All drones must be shot down, Russia launched 30 drones.") == {
        ("launched", "strike_drone", 30.0, None)
    }
