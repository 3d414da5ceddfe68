"""Catalog tests: every weapon and place string in the real dataset resolves, plus the
mappings other layers rely on (classes, compound models, Cyrillic case forms, directions)."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from strikewatch.catalog import (
    MACRO_REGIONS,
    categorize_target,
    macro_region_of,
    places,
    resolve_model,
    resolve_place,
    resolve_places,
    split_models,
    split_place_list,
    target_lexicon,
    text_aliases,
    text_place_aliases,
    weapon_models,
)
from strikewatch.domain import TargetCategory, WeaponClass

W = WeaponClass


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _dict_cell(cell: str) -> dict[str, object]:
    if not cell.strip():
        return {}
    # The cells are Python dict reprs with bare NaN values; only the keys matter here.
    parsed = ast.literal_eval(re.sub(r"\b(?:NaN|nan)\b", "None", cell))
    assert isinstance(parsed, dict)
    return parsed


def _dataset_place_values(path: Path) -> set[tuple[str, str]]:
    """(column, place string) for every place-bearing column, split as the importer will."""
    out: set[tuple[str, str]] = set()
    for row in _rows(path):
        for col in ("launch_place", "target", "target_main"):
            out.update((col, p) for p in split_place_list(row[col]))
        if row["affected region"].strip():
            out.update(("affected region", p) for p in ast.literal_eval(row["affected region"]))
        for key in _dict_cell(row["destroyed_details"]):
            out.update(("destroyed_details", p) for p in split_place_list(str(key)))
        for value in _dict_cell(row["launch_place_details"]).values():
            out.update(("launch_place_details", p) for p in split_place_list(str(value)))
    return out


# ---------------------------------------------------------------- weapons


def test_every_dataset_model_string_resolves(dataset_csv: Path) -> None:
    raw_models = {row["model"] for row in _rows(dataset_csv)}
    assert len(raw_models) >= 70
    unresolved = sorted(m for m in raw_models if resolve_model(m) is None)
    assert unresolved == []


def test_every_weapon_reference_model_resolves(weapons_csv: Path) -> None:
    unresolved = sorted(r["model"] for r in _rows(weapons_csv) if resolve_model(r["model"]) is None)
    assert unresolved == []


def test_compound_models_resolve_to_their_components(dataset_csv: Path) -> None:
    for raw in {row["model"] for row in _rows(dataset_csv)}:
        match = resolve_model(raw)
        assert match is not None
        if " and " in raw:
            assert len(match.models) == len(split_models(raw)), raw
            assert len(match.component_classes) == len(match.models)
            expected = (
                match.component_classes[0]
                if len(set(match.component_classes)) == 1
                else WeaponClass.MIXED
            )
            assert match.weapon_class == expected


@pytest.mark.parametrize(
    ("raw", "models", "weapon_class"),
    [
        ("X-101/X-555", ("Kh-101/Kh-555",), W.CRUISE_MISSILE),
        ("Х-101", ("Kh-101/Kh-555",), W.CRUISE_MISSILE),
        ("Kh-101", ("Kh-101/Kh-555",), W.CRUISE_MISSILE),
        ("C-300 and Iskander-M", ("S-300", "Iskander-M"), W.BALLISTIC_MISSILE),
        ("X-47 Kinzhal and Iskander-M", ("Kh-47M2 Kinzhal", "Iskander-M"), W.MIXED),
        ("Молнія", ("Molniya",), W.LOITERING_MUNITION),
        ("Молнія and Lancet", ("Molniya", "Lancet"), W.LOITERING_MUNITION),
        ("Shahed-136/131 and Lancet", ("Shahed-136/131", "Lancet"), W.MIXED),
        ("C-300/C-400", ("S-300/S-400",), W.BALLISTIC_MISSILE),
        ("С-400", ("S-400",), W.BALLISTIC_MISSILE),
        ("Iskander-M/KN-23", ("Iskander-M/KN-23",), W.BALLISTIC_MISSILE),
        ("X-22 and X-32", ("Kh-22", "Kh-32"), W.CRUISE_MISSILE),
        ("X-31P", ("Kh-31P",), W.ANTI_RADAR_MISSILE),
        ("Х-31П", ("Kh-31P",), W.ANTI_RADAR_MISSILE),
        ("X-35", ("Kh-35",), W.ANTI_SHIP_MISSILE),
        ("P-800 Oniks", ("P-800 Oniks",), W.ANTI_SHIP_MISSILE),
        ("3M22 Zircon", ("3M22 Zircon",), W.ANTI_SHIP_MISSILE),
        ("Kub", ("Kub",), W.LOITERING_MUNITION),
        ("Unknown UAV", ("Unknown UAV",), W.UNKNOWN_DRONE),
        ("Reconnaissance UAV", ("Reconnaissance UAV",), W.RECON_DRONE),
        ("Unknown Missile", ("Unknown missile",), W.UNKNOWN_MISSILE),
        ("Ballistic Missile", ("Ballistic missile",), W.BALLISTIC_MISSILE),
        ("INTERCONTINENTAL BALLISTIC MISSILE", ("ICBM",), W.BALLISTIC_MISSILE),
        ("Aerial Bomb", ("Guided bomb",), W.GUIDED_BOMB),
        ("GBU", ("Guided bomb",), W.GUIDED_BOMB),
        ("Orlan-10 and ZALA and Supercam", ("Orlan-10", "ZALA", "Supercam"), W.RECON_DRONE),
        ("  shahed-136/131 ", ("Shahed-136/131",), W.STRIKE_DRONE),
        ("Шахед", ("Shahed-136/131",), W.STRIKE_DRONE),
        ("Шахєд", ("Shahed-136/131",), W.STRIKE_DRONE),
        ("Герань-2", ("Shahed-136/131",), W.STRIKE_DRONE),
        ("Гербера", ("Gerbera",), W.STRIKE_DRONE),
        ("Калібр", ("Kalibr",), W.CRUISE_MISSILE),
        ("Іскандер-М", ("Iskander-M",), W.BALLISTIC_MISSILE),
        ("Кинджал", ("Kh-47M2 Kinzhal",), W.AEROBALLISTIC_MISSILE),
        ("X-59/X-69", ("Kh-59/Kh-69",), W.CRUISE_MISSILE),
    ],
)
def test_specific_model_mappings(
    raw: str, models: tuple[str, ...], weapon_class: WeaponClass
) -> None:
    match = resolve_model(raw)
    assert match is not None, raw
    assert match.models == models
    assert match.weapon_class == weapon_class


def test_mixed_keeps_component_classes_and_label() -> None:
    match = resolve_model("X-47 Kinzhal and Iskander-M")
    assert match is not None
    assert match.component_classes == (W.AEROBALLISTIC_MISSILE, W.BALLISTIC_MISSILE)
    assert match.label == "Kh-47M2 Kinzhal + Iskander-M"
    single = resolve_model("Kalibr")
    assert single is not None and single.label == "Kalibr"


@pytest.mark.parametrize("raw", ["", "Tomahawk", "Kalibr and Tomahawk", "X-999", "south"])
def test_unknown_model_is_none(raw: str) -> None:
    assert resolve_model(raw) is None


def test_split_models_keeps_slashes() -> None:
    assert split_models("X-101/X-555 and Kalibr and Iskander-K") == [
        "X-101/X-555",
        "Kalibr",
        "Iskander-K",
    ]
    assert split_models("Iskander-M/KN-23") == ["Iskander-M/KN-23"]


def test_weapon_costs_are_ordered_and_noted() -> None:
    models = weapon_models()
    for model in models.values():
        assert model.cost_note, model.id
        if model.cost_low_usd is not None and model.cost_high_usd is not None:
            assert 0 < model.cost_low_usd <= model.cost_high_usd, model.id
    assert models["Shahed-136/131"].cost_high_usd is not None
    assert models["Unknown UAV"].cost_low_usd is None  # unknown is None, never 0


def test_text_aliases_cover_spellings_and_skip_ambiguous_words() -> None:
    aliases = text_aliases()
    lengths = [len(a) for a, _ in aliases]
    assert lengths == sorted(lengths, reverse=True)
    table = dict(aliases)
    assert table["x-101"] == "Kh-101/Kh-555"
    assert table["х-101"] == "Kh-101/Kh-555"
    assert table["калібр"] == "Kalibr"
    assert table["шахед"] == "Shahed-136/131"
    assert table["кинджал"] == "Kh-47M2 Kinzhal"
    assert "куб" not in table  # "cube"
    assert all(a == a.lower() for a in table)


# ---------------------------------------------------------------- places


def test_every_dataset_place_value_resolves(dataset_csv: Path) -> None:
    values = _dataset_place_values(dataset_csv)
    assert len(values) > 100
    unresolved = sorted(v for v in values if resolve_place(v[1]) is None)
    assert unresolved == []


def test_affected_regions_are_ukrainian_oblast_level(dataset_csv: Path) -> None:
    for col, value in _dataset_place_values(dataset_csv):
        if col != "affected region" or value == "Ukraine":
            continue
        place = resolve_place(value)
        assert place is not None and place.country == "UA", value
        assert place.macro_region in MACRO_REGIONS, value


def test_all_oblasts_and_special_cities_present() -> None:
    all_places = places()
    oblasts = [p for p in all_places.values() if p.kind == "oblast"]
    assert len(oblasts) == 25  # 24 oblasts + the Autonomous Republic of Crimea
    assert {"kyiv", "sevastopol"} <= {p.id for p in all_places.values() if p.kind == "special_city"}
    for place in oblasts:
        assert place.oblast == place.id
        assert place.macro_region in MACRO_REGIONS
    for place in all_places.values():
        if place.kind in ("city", "raion") and place.country == "UA":
            assert place.oblast in all_places, place.id
            assert place.macro_region in MACRO_REGIONS, place.id


def test_every_oblast_centre_is_a_city_in_its_oblast() -> None:
    for oblast in (p for p in places().values() if p.kind == "oblast"):
        cities = [p for p in places().values() if p.kind == "city" and p.oblast == oblast.id]
        assert cities, oblast.id


def test_chauda_crimea_is_not_split() -> None:
    raw = "Primorsko-Akhtarsk and Chauda, Crimea and Kursk oblast"
    assert split_place_list(raw) == ["Primorsko-Akhtarsk", "Chauda, Crimea", "Kursk oblast"]
    chauda = resolve_place("Chauda, Crimea")
    assert chauda is not None and chauda.id == "chauda" and chauda.kind == "launch_area"
    assert chauda.country == "UA" and chauda.oblast == "crimea"
    assert [p.id for p in resolve_places(raw)] == ["primorsko_akhtarsk", "chauda", "kursk_oblast"]


def test_comma_pairs_of_separate_places_give_both() -> None:
    assert [p.id for p in resolve_places("Caspian Sea, Saratov oblast")] == [
        "caspian_sea",
        "saratov_oblast",
    ]
    assert [p.id for p in resolve_places("Kryvyi Rih, Kharkiv, Vinnytsia")] == [
        "kryvyi_rih",
        "kharkiv",
        "vinnytsia",
    ]
    raion = resolve_place("Dnipropetrovsk oblast, Kryvyi Rih Raion")
    assert raion is not None and raion.kind == "raion" and raion.oblast == "dnipropetrovsk_oblast"


@pytest.mark.parametrize(
    ("raw", "place_id"),
    [
        ("Lutsk oblast", "volyn_oblast"),
        ("Dnipro oblast", "dnipropetrovsk_oblast"),
        ("Kyiv oblast (south)", "kyiv_oblast"),
        ("Dnipropetrovsk oblas", "dnipropetrovsk_oblast"),
        ("kharkiv region", "kharkiv_oblast"),
        ("Odesa obl.", "odesa_oblast"),
        ("Kyiv", "kyiv"),
        ("Kiev", "kyiv"),
        ("Odessa", "odesa"),
        ("Kharkov", "kharkiv"),
        ("Zaporozhye", "zaporizhzhia"),
        ("Nikolaev", "mykolaiv"),
        ("Lvov", "lviv"),
        ("Chernigov", "chernihiv"),
        ("Dnepr", "dnipro"),
        ("Dnipro", "dnipro"),
        ("Львівська область", "lviv_oblast"),
        ("Львівської області", "lviv_oblast"),
        ("Львівщина", "lviv_oblast"),
        ("на Львівщині", "lviv_oblast"),
        ("Львові", "lviv"),
        ("Києві", "kyiv"),
        ("Київщині", "kyiv_oblast"),
        ("Харкова", "kharkiv"),
        ("Кривому Розі", "kryvyi_rih"),
        ("Волині", "volyn_oblast"),
        ("Одещину", "odesa_oblast"),
        ("Курської області", "kursk_oblast"),
        ("Sevastopol, Crimea", "sevastopol"),
        ("and Shatalovo", "shatalovo"),
        ("Mariupol direction", "mariupol"),
        ("  Kherson oblast ", "kherson_oblast"),
    ],
)
def test_place_variants(raw: str, place_id: str) -> None:
    place = resolve_place(raw)
    assert place is not None, raw
    assert place.id == place_id


@pytest.mark.parametrize(
    "raw", ["south", "east", "north", "west", "center", "centre", "north-east", "south-east"]
)
def test_directions_stay_directions(raw: str) -> None:
    place = resolve_place(raw)
    assert place is not None and place.kind == "direction"
    assert place.oblast is None and place.macro_region is None


def test_ukraine_is_the_country() -> None:
    place = resolve_place("Ukraine")
    assert place is not None and place.kind == "country" and place.country == "UA"


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("Kursk oblast", "RU"),
        ("Primorsko-Akhtarsk", "RU"),
        ("Millerovo", "RU"),
        ("Shatalovo", "RU"),
        ("Engels-2", "RU"),
        ("Olenya", "RU"),
        ("Hvardiiske", "UA"),
        ("Belarus", "BY"),
    ],
)
def test_launch_areas(raw: str, country: str) -> None:
    place = resolve_place(raw)
    assert place is not None and place.country == country
    assert place.kind in ("launch_area", "country")


def test_macro_regions() -> None:
    assert macro_region_of("lviv") == "west"
    assert macro_region_of("lviv_oblast") == "west"
    assert macro_region_of("kyiv") == "north"
    assert macro_region_of("dnipro") == "centre"
    assert macro_region_of("kharkiv_oblast") == "east"
    assert macro_region_of("sevastopol") == "south"
    assert macro_region_of("kursk_oblast") is None
    assert macro_region_of("no_such_place") is None
    phrase = resolve_place("західні області")
    assert phrase is not None and phrase.kind == "macro_region" and phrase.id == "west"
    assert resolve_place("заході") == phrase


@pytest.mark.parametrize("raw", ["", "Atlantis", "Narnia oblast", "Springfield, Illinois"])
def test_unknown_place_is_none(raw: str) -> None:
    assert resolve_place(raw) is None


def test_text_place_aliases() -> None:
    aliases = text_place_aliases()
    lengths = [len(a) for a, _ in aliases]
    assert lengths == sorted(lengths, reverse=True)
    table = dict(aliases)
    assert table["львівщині"] == "lviv_oblast"
    assert table["львові"] == "lviv"
    assert table["харкова"] == "kharkiv"
    assert table["західні області"] == "west"
    assert "south" not in table  # directions are not text places
    assert "рівне" not in table  # also an ordinary adjective
    assert all(a == a.lower() for a in table)


# ---------------------------------------------------------------- targets


def test_target_lexicon_longest_first_and_complete() -> None:
    lexicon = target_lexicon()
    lengths = [len(stem) for stem, _ in lexicon]
    assert lengths == sorted(lengths, reverse=True)
    assert {c for _, c in lexicon} == set(TargetCategory)
    assert all(stem == stem.lower() for stem, _ in lexicon)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("удар по ТЕС", TargetCategory.ENERGY),
        ("power plant", TargetCategory.ENERGY),
        ("пошкоджено підстанцію", TargetCategory.ENERGY),
        ("енергетичної інфраструктури", TargetCategory.ENERGY),
        ("gas production facilities", TargetCategory.GAS),
        ("газовидобувна інфраструктура", TargetCategory.GAS),
        ("industrial enterprise", TargetCategory.INDUSTRY),
        ("railway infrastructure", TargetCategory.RAIL_LOGISTICS),
        ("залізничну інфраструктуру", TargetCategory.RAIL_LOGISTICS),
        ("багатоповерховий будинок", TargetCategory.RESIDENTIAL),
        ("US electronics manufacturer", TargetCategory.COMPANY),
        ("military airfield", TargetCategory.MILITARY),
        ("тест системи", None),
        ("Львівська обласна військова адміністрація", None),
    ],
)
def test_categorize_target(text: str, category: TargetCategory | None) -> None:
    assert categorize_target(text) == category
