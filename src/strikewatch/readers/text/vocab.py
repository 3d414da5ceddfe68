"""Vocabulary as data: the YAML records under ``readers/text/vocab/``, loaded once.

Every file is a list of records of one shape: ``role``, ``phrases`` (or one ``phrase``) and
``value``. Role ``form`` folds word forms (Russian forms, spellings pymorphy3 lacks) into
the key of the word given as ``value``; role ``number`` adds number words; every other role
is a phrase of the annotator's index (``cue`` with an outcome, ``attrib`` with [who,
stance], flags with ``true``). Files are parsed with the catalog's safe loader (no tags, no
code) through its parse cache, so a process start reads them back with ``marshal`` instead
of running the YAML parser (decision 126).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikewatch.catalog.parsed import cached_parse, parse_yaml
from strikewatch.domain import Outcome

VOCAB_DIR = Path(__file__).with_name("vocab")


class VocabError(ValueError):
    """A vocabulary file with a record of the wrong shape (names the file and record)."""


@lru_cache(maxsize=1)
def records() -> tuple[tuple[str, tuple[Any, ...], Any], ...]:
    """All records of all vocabulary files as (role, phrases, value), file order kept."""
    out: list[tuple[str, tuple[Any, ...], Any]] = []
    for path in sorted(VOCAB_DIR.glob("*.yaml")):
        data = cached_parse(f"vocab-{path.name}", path.read_bytes(), parse_yaml) or []
        if not isinstance(data, list):
            raise VocabError(f"{path.name}: expected a list of records")
        for k, rec in enumerate(data):
            out.append(_record(path.name, k, rec))
    return tuple(out)


def _record(name: str, k: int, rec: Any) -> tuple[str, tuple[Any, ...], Any]:
    if not isinstance(rec, dict) or "role" not in rec or "value" not in rec:
        raise VocabError(f"{name}: record {k + 1} needs role and value")
    phrases = rec.get("phrases", [rec["phrase"]] if "phrase" in rec else [])
    ok = [p for p in phrases if isinstance(p, str) or (isinstance(p, list) and p)]
    if not phrases or len(ok) != len(phrases):
        raise VocabError(f"{name}: record {k + 1} needs phrase or phrases (strings or key lists)")
    value = rec["value"]
    if rec["role"] == "cue":
        value = Outcome(value)
    elif isinstance(value, list):
        value = tuple(value)
    keyed = tuple(tuple(p) if isinstance(p, list) else p for p in phrases)
    return str(rec["role"]), keyed, value


def of_role(role: str) -> Iterator[tuple[Any, Any]]:
    """(phrase, value) for every phrase of the records with this role."""
    for r, phrases, value in records():
        if r == role:
            for p in phrases:
                yield p, value
