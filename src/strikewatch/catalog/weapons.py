"""Weapon models: aliases → canonical model → weapon class, plus attacker cost ranges.

The data lives in ``data/weapons.yaml`` (written by the project). This module only loads it
and answers look-ups; the dataset importer calls :func:`resolve_model` once per row, so the
answer is cached per raw string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from strikewatch.catalog._text import clean, load_yaml, norm
from strikewatch.domain import WeaponClass


@dataclass(frozen=True, slots=True)
class WeaponModel:
    """One canonical weapon model and what we know about it."""

    id: str
    weapon_class: WeaponClass
    aliases: tuple[str, ...]
    cost_low_usd: float | None
    cost_high_usd: float | None
    cost_note: str
    origin: str | None
    cost_assumption: bool = False  # True when the range is our own guess, not a public estimate
    text_exclude: tuple[str, ...] = ()  # aliases too ambiguous for running text


@dataclass(frozen=True, slots=True)
class ModelMatch:
    """A dataset model string resolved to one or more canonical models.

    ``component_classes`` is aligned with ``models``; ``weapon_class`` is their common class,
    or ``mixed`` when the components differ (a combined figure whose split is not given).
    """

    raw: str
    models: tuple[str, ...]
    weapon_class: WeaponClass
    component_classes: tuple[WeaponClass, ...]

    @property
    def label(self) -> str:
        """The model label for output: the ids joined with `` + ``."""
        return " + ".join(self.models)

    @property
    def is_compound(self) -> bool:
        return len(self.models) > 1


_AND = re.compile(r"\s+(?:and|&|та|і|и|\+)\s+|\s*\+\s*", re.IGNORECASE)


@cache
def weapon_models() -> dict[str, WeaponModel]:
    """All canonical models by id (loaded once)."""
    data = load_yaml("weapons.yaml")
    out: dict[str, WeaponModel] = {}
    for entry in data["models"]:
        model = WeaponModel(
            id=entry["id"],
            weapon_class=WeaponClass(entry["class"]),
            aliases=tuple(str(a) for a in entry.get("aliases") or ()),
            cost_low_usd=_float_or_none(entry.get("cost_low")),
            cost_high_usd=_float_or_none(entry.get("cost_high")),
            cost_note=str(entry.get("cost_note") or ""),
            origin=entry.get("origin"),
            cost_assumption=bool(entry.get("assumption", False)),
            text_exclude=tuple(str(a) for a in entry.get("text_exclude") or ()),
        )
        if model.id in out:
            raise ValueError(f"duplicate weapon model id {model.id!r}")
        out[model.id] = model
    return out


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


@cache
def _alias_index() -> dict[str, str]:
    """Normalised alias → model id. Conflicting aliases are a data error, raised here."""
    index: dict[str, str] = {}
    for model in weapon_models().values():
        for alias in (model.id, *model.aliases):
            key = norm(alias)
            owner = index.get(key)
            if owner is not None and owner != model.id:
                raise ValueError(f"alias {alias!r} claimed by {owner!r} and {model.id!r}")
            index[key] = model.id
    return index


def split_models(raw: str) -> list[str]:
    """Split a compound model string on `` and `` (also ``+``, ``та``, ``і``).

    ``"X-101/X-555 and Kalibr"`` → ``["X-101/X-555", "Kalibr"]``. A slash is *not* a separator:
    ``Iskander-M/KN-23`` is one reported model (the report could not tell them apart).
    """
    parts = [p.strip() for p in _AND.split(raw.strip())]
    return [p for p in parts if p]


@lru_cache(maxsize=4096)
def resolve_model(raw: str) -> ModelMatch | None:
    """Resolve a dataset or report model string; None when any part is unknown."""
    index = _alias_index()
    models = weapon_models()
    whole = index.get(norm(raw))
    if whole is not None:
        ids: list[str] = [whole]
    else:
        parts = split_models(raw)
        if len(parts) < 2:
            return None
        ids = []
        for part in parts:
            model_id = index.get(norm(part))
            if model_id is None:
                return None
            if model_id not in ids:
                ids.append(model_id)
    classes = tuple(models[i].weapon_class for i in ids)
    common = classes[0] if len(set(classes)) == 1 else WeaponClass.MIXED
    return ModelMatch(raw=raw, models=tuple(ids), weapon_class=common, component_classes=classes)


def _spellings(alias: str) -> set[str]:
    """Spellings of one alias for running text: X-/Kh-/Х- and C-/S-/С- with and without hyphen."""
    base = clean(alias)
    out = {base}
    for pattern, latin, cyrillic in (
        (re.compile(r"(?<![a-zа-яіїє])(kh|x)-(?=\d)"), ("kh", "x"), None),
        (re.compile(r"(?<![a-zа-яіїє])х-(?=\d)"), None, ("х",)),
        (re.compile(r"(?<![a-zа-яіїє])(s|c)-(?=\d{3})"), ("s", "c"), None),
        (re.compile(r"(?<![a-zа-яіїє])с-(?=\d{3})"), None, ("с",)),
    ):
        if not pattern.search(base):
            continue
        letters = latin or cyrillic or ()
        for letter in letters:
            for sep in ("-", "", " "):
                out.add(pattern.sub(letter + sep, base))
    return out


@cache
def text_aliases() -> list[tuple[str, str]]:
    """(alias in lower case, model id) for the text reader, longest alias first.

    Includes English, Ukrainian and Russian forms and the X-/Kh-/Х- spelling variants; leaves
    out aliases a model marks as ordinary words (``text_exclude``).
    """
    pairs: dict[str, str] = {}
    for model in weapon_models().values():
        excluded = {clean(a) for a in model.text_exclude}
        for alias in (model.id, *model.aliases):
            if clean(alias) in excluded:
                continue
            for spelling in _spellings(alias):
                pairs.setdefault(spelling, model.id)
    return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))


@cache
def text_head_aliases() -> list[tuple[str, str]]:
    """(alias in lower case, model id) for the aliases ``text_aliases`` leaves out as ordinary
    words: the text reader takes them only right after a weapon word ("дронами «Молнія»",
    "дрони Куб"), where they can only name the weapon."""
    pairs: dict[str, str] = {}
    for model in weapon_models().values():
        for alias in model.text_exclude:
            for spelling in _spellings(alias):
                pairs.setdefault(spelling, model.id)
    return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))
