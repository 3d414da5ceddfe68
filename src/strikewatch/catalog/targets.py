"""Target-category keyword lexicon for the text reader.

The data lives in ``data/targets.yaml``: lower-case stems per :class:`TargetCategory`, in
English, Ukrainian and a few Russian forms. A stem matches at the start of a word (so
"енергетичн" covers every case of "енергетична"); entries in :func:`target_whole_words` must
match a whole word, because their stem would also start ordinary words ("тес" → "тест").
"""

from __future__ import annotations

import re
from functools import cache

from strikewatch.catalog._text import clean, load_yaml
from strikewatch.domain import TargetCategory


@cache
def _load() -> tuple[list[tuple[str, TargetCategory]], frozenset[str]]:
    data = load_yaml("targets.yaml")
    owner: dict[str, TargetCategory] = {}
    whole: set[str] = set()
    sections = [(data.get("categories") or {}, False), (data.get("whole_words") or {}, True)]
    for section, is_whole in sections:
        for category_name, stems in section.items():
            category = TargetCategory(category_name)
            for stem in stems or ():
                key = clean(str(stem))
                previous = owner.get(key)
                if previous is not None and previous != category:
                    raise ValueError(f"target stem {key!r} in {previous} and {category}")
                owner[key] = category
                if is_whole:
                    whole.add(key)
    pairs = sorted(owner.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    return pairs, frozenset(whole)


def target_lexicon() -> list[tuple[str, TargetCategory]]:
    """(lower-case stem, category), longest stem first, so the most specific phrase wins."""
    return list(_load()[0])


def target_whole_words() -> frozenset[str]:
    """Lexicon entries that must match a whole word, not a word start."""
    return _load()[1]


@cache
def _pattern() -> re.Pattern[str]:
    whole = target_whole_words()
    alternatives = [
        re.escape(stem) + (r"(?![\w'])" if stem in whole else "") for stem, _ in _load()[0]
    ]
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + ")")


def categorize_target(text: str) -> TargetCategory | None:
    """The category of the first lexicon entry in ``text`` (leftmost, then longest), or None.

    Leftmost wins so that "енергетичної інфраструктури" is energy, not the generic
    infrastructure. A convenience for short descriptions; the text reader does its own
    span-aware matching with :func:`target_lexicon`.
    """
    match = _pattern().search(clean(text))
    if match is None:
        return None
    return dict(_load()[0])[match[0]]
