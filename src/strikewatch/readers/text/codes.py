"""One flag byte per token, so passes that pick tokens by a property of their text find
them with C-level byte operations instead of a Python-level test per token.

Several passes used to scan every token with a ``map`` of a membership test (sentence marks,
number candidates, phrase starts, target heads, negators, the script of each word). On a
report of ~130 tokens each such scan costs about as much as the whole one-regex baseline.
A token's flags depend only on its text (its kind and lemma key follow from the text) and
on the lexicon, so they are computed once per distinct text and cached per lexicon; a
document's flags are then one ``bytes(map(...))`` over its texts, and each pass selects
with ``bytes.translate`` and ``compress``, which run in C without a call per token.
"""

from __future__ import annotations

from itertools import compress, count

from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import NUM, WORD, classify

#: TARGET: a word at which some target stem can match (see ``stem_fits``), so the target
#: pass visits only tokens with a candidate stem.
CYR, LAT, BREAK, NUMBER, PHRASE, TARGET, NEGATOR = 1, 2, 4, 8, 16, 32, 64

#: Texts of the marks that can end a sentence or a clause (see ``doc.py``).
BREAKS = frozenset({"\n", ".", "!", "?", "…", ";"})
#: Words that make a target mention negated or hypothetical (see ``targets.py``).
NEGATORS = frozenset(
    {
        "not", "no", "never", "without", "none", "nor", "neither", "if", "unless", "would",
        "could", "only", "purely", "routinely", "не", "ні", "без", "жодних", "жодного",
        "жодної", "якщо", "лише", "тільки", "нет", "никаких",
    }
)  # fmt: skip
_CACHE_MAX = 200_000


class _Codes(dict[str, int]):
    """text -> flag byte for one lexicon; a text seen for the first time is classified."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__()
        self.lex = lex
        self.numkeys = number_keys(lex)

    def __missing__(self, text: str) -> int:
        tok = classify(text, self.lex.lemma)
        code = 0
        if tok.kind == WORD:
            c = text[0]
            code |= CYR if "\u0400" <= c <= "\u04ff" else (LAT if "a" <= c <= "z" else 0)
        if text in BREAKS:
            code |= BREAK
        if tok.kind == NUM or tok.key in self.numkeys:
            code |= NUMBER
        if tok.key in self.lex.starts:
            code |= PHRASE
        if tok.kind == WORD and any(
            stem_fits(c[0], text) for c in self.lex.target_stems.get(text[:3], ())
        ):
            code |= TARGET
        if text in NEGATORS:
            code |= NEGATOR
        self[text] = code
        return code


def stem_fits(stem: str, text: str) -> bool:
    """Whether a target stem can match at a word with this text: the text starts with it,
    or it is longer and starts with the text (it may go on past the token)."""
    return text.startswith(stem) if len(stem) <= len(text) else stem.startswith(text)


_tables: dict[int, _Codes] = {}
_NUMKEYS: dict[int, frozenset[str]] = {}


def number_keys(lex: Lexicon) -> frozenset[str]:
    """Keys that can start a number written in words (and "a", as in "a thousand")."""
    got = _NUMKEYS.get(id(lex))
    if got is None:
        got = _NUMKEYS[id(lex)] = frozenset({*lex.numbers, "a", lex.lemma.get("a", "a")})
    return got


def token_codes(texts: list[str], lex: Lexicon) -> bytes:
    """The flag byte of every token (texts as the tokenizer returned them)."""
    table = _tables.get(id(lex))
    if table is None or table.lex is not lex or len(table) > _CACHE_MAX:
        table = _tables[id(lex)] = _Codes(lex)
    return bytes(map(table.__getitem__, texts))


_MASKS: dict[int, bytes] = {}


def mask(codes: bytes, flag: int) -> bytes:
    """1 where a token has ``flag``, else 0 (one byte per token)."""
    table = _MASKS.get(flag)
    if table is None:
        table = _MASKS[flag] = bytes(1 if b & flag else 0 for b in range(256))
    return codes.translate(table)


def where(codes: bytes, flag: int) -> list[int]:
    """Sorted token indices with ``flag``."""
    return list(compress(count(), mask(codes, flag)))


def how_many(codes: bytes, flag: int) -> int:
    """How many tokens have ``flag``."""
    return mask(codes, flag).count(1)
