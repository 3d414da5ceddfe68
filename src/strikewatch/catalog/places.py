"""Places: oblasts, cities, raions, macro-regions, directions and launch areas.

The data lives in ``data/places.yaml`` (written by the project; its header documents the
macro-region assignment). This module loads it, generates the regular Ukrainian case forms of
oblast names (Львівська область → Львівської області …, Львівщина → на Львівщині …) and of
the Russian region nouns (Днепропетровщина → Днепропетровщины …) and
answers look-ups from dataset cells and report text.

Directions ("south", "north-east") are what a report names when it does not name an oblast.
They resolve to places of kind ``direction``, never to an oblast or macro-region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from strikewatch.catalog._text import clean, load_yaml, norm

MACRO_REGIONS: tuple[str, ...] = ("west", "north", "centre", "east", "south")

PLACE_KINDS: tuple[str, ...] = (
    "oblast",
    "special_city",
    "city",
    "raion",
    "locality",
    "macro_region",
    "direction",
    "country",
    "launch_area",
    "sea",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One named place.

    ``oblast`` is the parent oblast id for cities, raions and launch sites, the place itself
    for oblasts and the two special cities (Kyiv, Sevastopol are oblast-level units), and the
    Russian region for Russian places. ``macro_region`` is set for Ukrainian places only.
    ``country`` is an ISO code ("UA", "RU", "BY"); seas have "".
    """

    id: str
    name_en: str
    name_uk: str | None
    kind: str
    oblast: str | None
    macro_region: str | None
    country: str
    aliases: tuple[str, ...]

    @property
    def is_ukrainian(self) -> bool:
        return self.country == "UA"


@dataclass(frozen=True, slots=True)
class _Catalog:
    places: dict[str, Place]
    exact: dict[str, str]  # normalised alias → place id
    bare_oblast: dict[str, str]  # normalised bare name ("lutsk", "dnipro") → oblast-level id
    within: dict[str, frozenset[str]]  # place id → ids of every place that contains it
    text_exclude: frozenset[str]  # cleaned aliases not offered to the text reader


# Sections of places.yaml and the kind their entries get.
_SECTIONS: tuple[tuple[str, str], ...] = (
    ("macro_regions", "macro_region"),
    ("directions", "direction"),
    ("countries", "country"),
    ("seas", "sea"),
    ("oblasts", "oblast"),
    ("special_cities", "special_city"),
    ("cities", "city"),
    ("raions", "raion"),
    ("localities", "locality"),
    ("launch_areas", "launch_area"),
)
_REGION_SUFFIXES: tuple[str, ...] = (" oblast", " region", " province", " obl")
_OBLAST_ADJ = re.compile(r"^(.+[сцз]ьк)а область$")
_OBLAST_ADJ_RU = re.compile(r"^(.+[сцжз]к)ая область$")
_FALLBACK_SUFFIX = re.compile(
    r"\s+(?:oblast'?|oblas|obl\.?|region|province|область|обл\.?|oblast region)$"
)
_DIRECTION_SUFFIX = re.compile(r"\s+(?:direction|напрямок|напрямку)$")
_PAREN = re.compile(r"\s*\([^)]*\)")
_PREPOSITION = re.compile(r"^(?:на|у|в|з|із|зі|над|по|до|під|біля|in|over|near|at|to|from)\s+")
_LIST_AND = re.compile(r"(?:^|\s+)and\s+|\s+and$", re.IGNORECASE)


def _oblast_forms(uk: str | None, ru: str | None) -> list[str]:
    """Case forms of "Xська область" (Ukrainian) and "Xская область" (Russian)."""
    out: list[str] = []
    if uk and (m := _OBLAST_ADJ.match(uk)):
        stem = m[1]
        out += [
            f"{stem}а область",
            f"{stem}ої області",
            f"{stem}ій області",
            f"{stem}у область",
            f"{stem}ою областю",
            f"{stem}а обл.",
            f"{stem}ої обл.",
            f"{stem}ій обл.",
        ]
    if ru and (m := _OBLAST_ADJ_RU.match(ru)):
        stem = m[1]
        out += [f"{stem}ая область", f"{stem}ой области", f"{stem}ую область", f"{stem}ой обл."]
    return out


def _region_noun_forms(noun: str) -> list[str]:
    """Case forms of a feminine region noun in -а: Львівщина → -и, -і, -у, -ою."""
    if not noun.endswith("а"):
        return [noun]
    stem = noun[:-1]
    return [noun, stem + "и", stem + "і", stem + "у", stem + "ою"]


def _ru_region_noun_forms(noun: str) -> list[str]:
    """Case forms of a Russian feminine region noun in -а: Днепропетровщина → -ы, -е, -у, -ой
    (every such stem ends in "н", so the genitive is always -ы)."""
    if not noun.endswith("а"):
        return [noun]
    stem = noun[:-1]
    return [noun, stem + "ы", stem + "е", stem + "у", stem + "ой"]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value or ()]


@cache
def _catalog() -> _Catalog:
    data = load_yaml("places.yaml")
    raw_entries: list[tuple[str, dict[str, Any]]] = [
        (kind, entry) for section, kind in _SECTIONS for entry in data.get(section) or ()
    ]
    macro_of: dict[str, str | None] = {}
    for kind, entry in raw_entries:
        if kind in ("oblast", "special_city"):
            macro_of[entry["id"]] = entry.get("macro")

    places: dict[str, Place] = {}
    exact: dict[str, str] = {}
    bare_oblast: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    text_exclude: set[str] = set()

    def add_key(alias: str, place_id: str) -> None:
        key = norm(alias)
        owner = exact.get(key)
        if owner is not None and owner != place_id:
            raise ValueError(f"place alias {alias!r} claimed by {owner!r} and {place_id!r}")
        exact[key] = place_id

    for kind, entry in raw_entries:
        pid: str = entry["id"]
        if pid in places:
            raise ValueError(f"duplicate place id {pid!r}")
        name_en = str(entry["en"])
        name_uk = entry.get("uk")
        country = str(entry.get("country", "UA"))
        if kind in ("oblast", "special_city") or (kind == "launch_area" and "bare" in entry):
            oblast: str | None = pid
        else:
            oblast = entry.get("oblast")
        if kind == "macro_region":
            macro: str | None = pid
        elif country == "UA" and oblast is not None:
            macro = macro_of.get(oblast)
        else:
            macro = None

        bare = _as_list(entry.get("bare"))
        if name_en.lower().endswith(" oblast"):
            bare.insert(0, name_en[: -len(" oblast")])
        aliases: list[str] = [name_en]
        if name_uk:
            aliases.append(str(name_uk))
        if entry.get("ru"):
            aliases.append(str(entry["ru"]))
        aliases += _oblast_forms(name_uk, entry.get("ru"))
        for noun in _as_list(entry.get("uk_region")):
            aliases += _region_noun_forms(noun)
        for noun in _as_list(entry.get("ru_region")):
            aliases += _ru_region_noun_forms(noun)
        aliases += _as_list(entry.get("aliases")) + _as_list(entry.get("uk_forms"))
        for name in bare:
            aliases += [name + suffix for suffix in _REGION_SUFFIXES]
            bare_oblast.setdefault(norm(name), pid)

        unique = tuple(dict.fromkeys(aliases))
        for alias in unique:
            add_key(alias, pid)
        text_exclude.update(clean(a) for a in _as_list(entry.get("text_exclude")))
        places[pid] = Place(
            id=pid,
            name_en=name_en,
            name_uk=str(name_uk) if name_uk else None,
            kind=kind,
            oblast=oblast,
            macro_region=macro,
            country=country,
            aliases=unique,
        )
        parents[pid] = {p for p in (oblast, *_as_list(entry.get("within"))) if p and p != pid}

    for place in places.values():
        if place.oblast is not None and place.oblast not in places:
            raise ValueError(f"place {place.id!r} names unknown oblast {place.oblast!r}")

    within = {pid: frozenset(_ancestors(pid, parents)) for pid in places}
    return _Catalog(places, exact, bare_oblast, within, frozenset(text_exclude))


def _ancestors(pid: str, parents: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(parents.get(pid, ()))
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.add(p)
            todo.extend(parents.get(p, ()))
    return seen


def places() -> dict[str, Place]:
    """Every place by id (loaded once)."""
    return _catalog().places


@cache
def place_names() -> dict[str, str]:
    """Every place's English name by id, read without compiling the look-up keys.

    The same names as ``places()[id].name_en``; a night's view needs only these, and
    ``places()`` normalises thousands of aliases first (decision 87).
    """
    data = load_yaml("places.yaml")
    return {
        str(entry["id"]): str(entry["en"])
        for section, _kind in _SECTIONS
        for entry in data.get(section) or ()
    }


def macro_region_of(place_id: str) -> str | None:
    """The macro-region (west/north/centre/east/south) of a Ukrainian place id, else None."""
    place = _catalog().places.get(place_id)
    return None if place is None else place.macro_region


def split_place_list(raw: str) -> list[str]:
    """Split a dataset place list on `` and `` only.

    Commas belong to names ("Chauda, Crimea", "Dnipropetrovsk oblast, Dnipro Raion"), so they
    are left alone; a stray leading "and " ("and Shatalovo") is dropped.
    """
    return [p.strip() for p in _LIST_AND.split(raw.strip()) if p and p.strip()]


def _lookup(key: str) -> str | None:
    """One comma-free normalised key → place id, trying the tolerant fallbacks in order."""
    cat = _catalog()
    hit = cat.exact.get(key)
    if hit is not None:
        return hit
    stripped = _FALLBACK_SUFFIX.sub("", key)
    if stripped != key:
        hit = cat.bare_oblast.get(stripped) or cat.exact.get(stripped + " oblast")
        if hit is not None:
            return hit
    stripped = _DIRECTION_SUFFIX.sub("", key)
    if stripped != key and (hit := cat.exact.get(stripped)) is not None:
        return hit
    # Place ids round-trip last, so that "south" stays a direction, not the macro-region id.
    return key if key in cat.places else None


def _contains(container: str, pid: str) -> bool:
    return container in _catalog().within.get(pid, frozenset())


def _resolve_ids(raw: str) -> list[str]:
    key = norm(_PAREN.sub("", raw))
    key = re.sub(r"^and\s+", "", key)
    if not key:
        return []
    hit = _lookup(key)
    if hit is None and (bare := _PREPOSITION.sub("", key)) != key:
        hit = _lookup(bare)  # "на Львівщині", "over Kyiv oblast"
    if hit is not None:
        return [hit]
    if "," not in key:
        return []
    found = [pid for part in key.split(",") if (pid := _lookup(part.strip())) is not None]
    # "Chauda, Crimea" names one place inside another: keep the most specific one.
    return [p for p in dict.fromkeys(found) if not any(_contains(p, o) for o in found if o != p)]


@lru_cache(maxsize=8192)
def resolve_place(raw: str) -> Place | None:
    """Resolve one place name from a dataset cell or report text; None when unknown.

    Tolerates case, spacing, "oblast"/"region"/"obl." suffixes (and the dataset's truncated
    "oblas"), bare city names used for oblasts ("Lutsk oblast" → Volyn), parenthetical
    qualifiers ("Kyiv oblast (south)"), Ukrainian and Russian case forms, transliterations,
    and "A, B" names: when one part lies inside the other the inner one wins ("Chauda, Crimea"
    → Chauda); otherwise the first known part ("Black Sea, Anapa" → Black Sea; use
    :func:`resolve_places` to get both).
    """
    ids = _resolve_ids(raw)
    return _catalog().places[ids[0]] if ids else None


def resolve_places(raw: str) -> list[Place]:
    """Every place in a dataset list cell: split on " and ", then comma pairs that are not
    one-inside-the-other give each part ("Caspian Sea, Saratov oblast" → both).

    Parts that do not resolve are skipped; call :func:`resolve_place` per part to see them.
    """
    cat = _catalog()
    out: list[Place] = []
    for part in split_place_list(raw):
        for pid in _resolve_ids(part):
            place = cat.places[pid]
            if place not in out:
                out.append(place)
    return out


def unresolved_parts(raw: str) -> list[str]:
    """The parts of a place list that do not resolve (for import warnings)."""
    return [part for part in split_place_list(raw) if resolve_place(part) is None]


@cache
def text_place_aliases() -> list[tuple[str, str]]:
    """(alias in lower case, place id) for the text reader, longest first.

    English names, transliterations, Ukrainian case forms (Львівщині, Києві, Харкова) and
    macro-region phrases ("західні області" → west). Directions and ids are left out (a bare
    "south" in running text is not a place), as are aliases marked ``text_exclude`` because
    they are ordinary words. Match them on word boundaries.
    """
    cat = _catalog()
    pairs: dict[str, str] = {}
    for place in cat.places.values():
        if place.kind == "direction":
            continue
        for alias in place.aliases:
            key = clean(alias)
            if key and key not in cat.text_exclude:
                pairs.setdefault(key, place.id)
    return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def places_of_kind(*kinds: str) -> Iterable[Place]:
    """Places of the given kinds, in catalog order."""
    return (p for p in places().values() if p.kind in kinds)
