"""Unit tests per reader module: numbers, weapons, dates, casualties, outcomes, attribution."""

from __future__ import annotations

import datetime as dt

import pytest

from strikewatch.domain import ClaimKind, Outcome, Quantity, Status, WeaponClass
from strikewatch.readers.text import read_document
from strikewatch.readers.text.html import strip_html
from strikewatch.readers.text.numbers import apply_mode, next_round_bound, tolerance
from strikewatch.readers.text.weapons import classify_model_string

PUB = dt.datetime(2025, 8, 21, 7, 0, tzinfo=dt.UTC)


def counts(text: str, **kw):  # type: ignore[no-untyped-def]
    r = read_document(text, **kw)
    return [
        (str(c.outcome), str(c.weapon_class), c.quantity)
        for c in r.claims
        if c.kind == ClaimKind.COUNT and c.qualifier is None
    ]


def test_quantity_table() -> None:
    assert apply_mode("about", 450) == Quantity(450, 430, 470, True)
    assert apply_mode("more", 500) == Quantity(None, 501, 600, True)
    assert apply_mode("atleast", 1) == Quantity(None, 1, None, True)
    assert apply_mode("range", 40, 50) == Quantity(None, 40, 50, True)
    assert tolerance(70) == 4 and next_round_bound(40) == 50


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("Russia launched 1,200 drones overnight.", 1200, 1200, 1200),
        ("Russia launched 1 200 drones overnight.", 1200, 1200, 1200),
        ("Russia launched twenty-one drones overnight.", 21, 21, 21),
        ("Росія вночі атакувала сорока дронами.", 40, 40, 40),
        ("Росія атакувала двомастами п'ятдесятьма дронами.", 250, 250, 250),
        ("Russia launched hundreds of drones overnight.", None, 200, 999),
        ("Russia launched dozens of drones overnight.", None, 24, 99),
        ("Russia launched 40-50 drones overnight.", None, 40, 50),
        ("Russia launched 40–50 drones overnight.", None, 40, 50),
        ("Russia launched more than 500 drones overnight.", None, 501, 600),
        ("Russia launched about 450 drones overnight.", 450, 430, 470),
        ("Росія запустила понад 400 дронів.", None, 401, 500),
        ("Росія запустила близько 300 дронів.", 300, 280, 320),
        ("Russia launched at least 80 drones.", None, 80, None),
    ],
)
def test_numbers(text: str, value: float | None, low: float | None, high: float | None) -> None:
    got = counts(text)
    assert got[0][0] == "launched" and got[0][1] == "strike_drone"
    q = got[0][2]
    assert (q.value, q.low, q.high) == (value, low, high)


def test_barrage_has_no_number_and_non_counts_are_ignored() -> None:
    assert counts("Russia fired a barrage of missiles at Kyiv.") == []
    assert (
        counts("Temperatures reach 30 degrees; 2.9 percent growth; at 09:00 on 21.08.2025.") == []
    )
    assert counts("Kh-101 and KN-23 and Shahed-136 were named in the report.") == []


@pytest.mark.parametrize(
    ("text", "cls", "model"),
    [
        (
            "574 ударними БпЛА типу Shahed, Гербера та інших типів",
            WeaponClass.STRIKE_DRONE,
            "Shahed-136/131",
        ),
        ("19 крилатих ракет Х-101", WeaponClass.CRUISE_MISSILE, "Kh-101/Kh-555"),
        ("2 балістичних ракет Іскандер-М/KN-23", WeaponClass.BALLISTIC_MISSILE, "Iskander-M/KN-23"),
        ("5 керованих авіаційних ракет Х-59/69", WeaponClass.CRUISE_MISSILE, "Kh-59/Kh-69"),
        ("3 Kinzhal aeroballistic missiles", WeaponClass.AEROBALLISTIC_MISSILE, "Kh-47M2 Kinzhal"),
    ],
)
def test_weapons(text: str, cls: WeaponClass, model: str) -> None:
    r = read_document("Противник атакував: " + text + ".")
    c = next(c for c in r.claims if c.kind == ClaimKind.COUNT)
    assert c.weapon_class == cls and c.model == model


def test_dataset_model_strings_classify() -> None:
    assert classify_model_string("X-101/X-555 and Iskander-K")[0] == WeaponClass.CRUISE_MISSILE
    cls, _, comps = classify_model_string("C-300 and Iskander-M")
    assert cls == WeaponClass.BALLISTIC_MISSILE and comps == ("ballistic_missile",)


@pytest.mark.parametrize(
    ("text", "published", "night"),
    [
        (
            "У ніч на 3 лютого противник атакував 450 БпЛА.",
            dt.datetime(2026, 2, 3, 8, tzinfo=dt.UTC),
            dt.date(2026, 2, 3),
        ),
        ("В ніч з 20 на 21 серпня противник атакував 574 БпЛА.", PUB, dt.date(2025, 8, 21)),
        ("On the night of 21 August Russia launched 574 drones.", PUB, dt.date(2025, 8, 21)),
        ("Russia launched 574 drones overnight.", PUB, dt.date(2025, 8, 21)),
        (
            "Russia launched 574 drones last night.",
            dt.datetime(2025, 8, 21, 17, tzinfo=dt.UTC),
            dt.date(2025, 8, 21),
        ),
        ("Russia launched 574 drones overnight.", None, None),
        ("У ніч на 3 лютого противник атакував 450 БпЛА.", None, None),
    ],
)
def test_nights(text: str, published: dt.datetime | None, night: dt.date | None) -> None:
    r = read_document(text, published=published)
    assert r.night == night
    assert all(c.night == night for c in r.claims if c.kind == ClaimKind.COUNT)


def test_outcomes_in_air_force_report() -> None:
    text = (
        "У ніч на 21 серпня противник атакував 100 ударними БпЛА.\n"
        "За попередніми даними, збито/подавлено 80 ворожих БпЛА.\n"
        "Ще 15 ворожих БпЛА локаційно втрачено.\n"
        "Зафіксовано влучання 5 БпЛА на 4 локаціях, падіння уламків на 2 локаціях.\n"
        "В повітряному просторі перебувають ще 3 ворожих БпЛА."
    )
    got = {(o, q.value) for o, _, q in counts(text, published=PUB)}
    assert got == {
        ("launched", 100),
        ("destroyed", 80),
        ("lost_ew", 15),
        ("hit", 4),
        ("debris", 2),
        ("still_airborne", 3),
    }


def test_totals_and_arithmetic_flags() -> None:
    text = (
        "Противник атакував 50 засобами повітряного нападу: 30 ударними БпЛА та 20 ракетами "
        "різних типів: 12 Х-101, 6 Калібр."
    )
    r = read_document(text)
    totals = {c.quantity.value for c in r.claims if c.is_total}
    assert totals == {50, 20}
    assert any(f.startswith("total_mismatch") for f in r.flags)  # 12 + 6 != 20


def test_casualties_and_hedges_and_attribution() -> None:
    r = read_document(
        "Initial reports indicated at least one death as well as multiple injuries following "
        "the strike, Ukraine's Air Force reported."
    )
    cas = next(c for c in r.claims if c.kind == ClaimKind.CASUALTIES)
    assert cas.killed == Quantity(None, 1, None, True)
    assert cas.injured == Quantity(None, 2, None, True)
    assert cas.hedged and cas.status == Status.ALLEGED
    r2 = read_document("According to the Russian Ministry of Defence, Russia launched 40 missiles.")
    c2 = next(c for c in r2.claims if c.kind == ClaimKind.COUNT)
    assert c2.attribution == "Russian Ministry of Defence" and c2.status == Status.ALLEGED


def test_phrase_claims() -> None:
    r = read_document(
        "It was the largest attack since July, a record-breaking barrage of 700 drones."
    )
    quals = {c.qualifier for c in r.claims if c.kind == ClaimKind.PHRASE}
    assert {"largest_since", "record"} <= quals
    r2 = read_document("Це була наймасованіша атака: противник атакував 700 БпЛА.")
    assert any(c.kind == ClaimKind.PHRASE for c in r2.claims)


def test_html_keeps_offsets() -> None:
    html = "<p>Russia launched <b>96</b> drones &amp; 2 missiles overnight.</p>"
    stripped = strip_html(html)
    assert len(stripped) == len(html)
    r = read_document(html)
    c = next(c for c in r.claims if c.kind == ClaimKind.COUNT)
    assert r.is_html and c.span is not None
    assert r.text[c.span[0] : c.span[1]] == c.text and "96" in c.text


def test_spans_cut_back_out() -> None:
    text = "У ніч на 21 серпня противник атакував 574 ударними БпЛА та 40 ракетами."
    for c in read_document(text).claims:
        assert c.span is not None and text[c.span[0] : c.span[1]] == c.text
        assert c.reader == "text" and c.reader_version


def test_no_figures_no_counts() -> None:
    r = read_document("Peace talks resumed in Geneva; diplomats expressed cautious optimism.")
    assert [c for c in r.claims if c.kind == ClaimKind.COUNT] == []
    assert r.language == "en"


def test_outcome_enum_values() -> None:
    assert Outcome.LOST_EW.value == "lost_ew"
