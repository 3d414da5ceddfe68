"""Reference knowledge shipped as data files the project writes: weapons, places, targets.

The data files live in ``catalog/data`` (YAML written by the project, never copied from a
dataset); these modules load them once and answer look-ups for the dataset importer and the
text reader.
"""

from strikewatch.catalog.places import (
    MACRO_REGIONS,
    Place,
    macro_region_of,
    place_names,
    places,
    resolve_place,
    resolve_places,
    split_place_list,
    text_place_aliases,
    unresolved_parts,
)
from strikewatch.catalog.targets import categorize_target, target_lexicon, target_whole_words
from strikewatch.catalog.weapons import (
    ModelMatch,
    WeaponModel,
    resolve_model,
    split_models,
    text_aliases,
    text_head_aliases,
    weapon_models,
)

__all__ = [
    "MACRO_REGIONS",
    "ModelMatch",
    "Place",
    "WeaponModel",
    "categorize_target",
    "macro_region_of",
    "place_names",
    "places",
    "resolve_model",
    "resolve_place",
    "resolve_places",
    "split_models",
    "split_place_list",
    "target_lexicon",
    "target_whole_words",
    "text_aliases",
    "text_head_aliases",
    "text_place_aliases",
    "unresolved_parts",
    "weapon_models",
]
