"""Shared string normalisation for catalog look-ups.

Reports spell the same thing many ways: Latin ``X-101`` (a look-alike of Cyrillic ``Х``),
``Kh-101``, Cyrillic ``Х-101``; ``C-300`` (Latin C), ``S-300``, Cyrillic ``С-300``; curly
apostrophes in Ukrainian names; stray spaces. Every catalog key goes through :func:`norm` so
that one dictionary look-up handles them all.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from typing import Any

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'", "ʹ": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-"})
_LETTER = "0-9a-zа-яіїєґёыэъ"
# Kh- codes: Latin "x", Latin "kh" or Cyrillic "х", optional hyphen/space, then digits.
_CODE_KH = re.compile(rf"(?<![{_LETTER}])(?:kh|x|х)[ -]?(?=\d)")
# S- codes (S-300, S-400): Latin "s"/"c" or Cyrillic "с", then exactly three digits.
_CODE_S = re.compile(rf"(?<![{_LETTER}])(?:s|c|с)[ -]?(?=\d{{3}}(?!\d))")
# Letters that follow a code's digits (Х-31П, Х-59МК2) are transliterated so Cyrillic and Latin
# suffixes meet.
_CODE_SUFFIX = re.compile(r"\b(kh-|s-)(\d+)([а-яіa-z0-9]*)")
_SUFFIX_TR = str.maketrans(
    {"п": "p", "д": "d", "м": "m", "к": "k", "у": "u", "в": "v", "а": "a", "і": "i", "н": "n"}
)
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"\s*/\s*")
_HYPHEN = re.compile(r"\s*-\s*(?=\d)|(?<=[a-zа-яіїєґ])-\s+|\s+-(?=[a-zа-яіїєґ])")


def clean(raw: str) -> str:
    """Lower-case, unify apostrophes/dashes/spaces; keeps letters as written."""
    s = unicodedata.normalize("NFC", raw).translate(_APOSTROPHES).translate(_DASHES)
    s = _SPACES.sub(" ", s).strip().lower()
    return s.strip(" .,;:")


def norm(raw: str) -> str:
    """The look-up key for a model or place string (see module docstring)."""
    s = clean(raw)
    s = _SLASH.sub("/", s)
    s = _HYPHEN.sub("-", s)
    s = _CODE_KH.sub("kh-", s)
    s = _CODE_S.sub("s-", s)
    return _CODE_SUFFIX.sub(lambda m: m[1] + m[2] + m[3].translate(_SUFFIX_TR), s)


def load_yaml(name: str) -> Any:
    """Read a YAML file shipped in ``strikewatch/catalog/data``.

    Through the parse cache (:mod:`strikewatch.catalog.parsed`): a start of the command line
    reads the parsed file back instead of importing and running the YAML parser.
    """
    from strikewatch.catalog.parsed import cached_parse, parse_yaml

    raw = resources.files("strikewatch.catalog").joinpath("data", name).read_bytes()
    return cached_parse(name, raw, parse_yaml)
