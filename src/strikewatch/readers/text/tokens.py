"""Length-preserving normalisation and a single-pass tokenizer.

Every later stage works on tokens whose ``start``/``end`` are offsets into the text the
reader was given, so a claim's span can always be cut back out of that text. That is why
normalisation here never changes the length of the string: lower-casing is done per
character and apostrophe variants are mapped one-to-one.

Speed: tokens are named tuples built by C-level ``map`` calls, not per-token Python code. The
text is cut with a cheap pattern (``\\w`` runs, single symbols, line breaks) by ``findall``,
so no match object is built per token; each distinct
piece's kind and lemma key are computed once and cached across documents, and the rare
pieces that mix digits and letters ("10th", "x101") or contain ``_`` are re-cut with the
precise pattern ``TOKEN_RE``, so the result is identical to ``TOKEN_RE.finditer``.

Both patterns have no nested unbounded quantifiers that can overlap (the inner repeat is
always introduced by an apostrophe that the outer class cannot match), so they run in linear
time on any input.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Sequence
from itertools import accumulate
from operator import itemgetter, sub
from typing import NamedTuple, cast

_APOS_CHARS = ("’", "ʼ", "`", "‘", "´", "\u02bb")
_APOS = str.maketrans(dict.fromkeys(_APOS_CHARS, "'"))

# Latin look-alikes used inside Cyrillic model names ("X-101" typed with a Latin X) are left
# alone here; the lexicons list both spellings.
TOKEN_RE = re.compile(r"(\d+)|([^\W\d_]+(?:'[^\W\d_]+)*)|(\n)|([^\w\s])")
#: The cheap first cut (``\w+(?:'\w+)*|\S|\n``: every TOKEN_RE token lies inside exactly one
#: of these pieces), each piece with the blanks (white space but a line break) before it.
#: Possessive repeats (nothing after them can make them give back, so the pieces are the same
#: as with greedy ones): about an eighth faster on reports, no backtracking state kept.
_LEAD_RE = re.compile(r"[^\S\n]*+(?:\w++(?:'\w+)*+|\S|\n)")
#: Exactly the characters ``[^\S\n]`` matches (``re`` and ``str.isspace`` agree on them).
_BLANKS = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != "\n")

NUM, WORD, NL, PUNCT = 1, 2, 3, 4


class Token(NamedTuple):
    """One token's text, kind and key. Offsets live apart (``Spans``), so that every distinct
    token is one shared, cached object and tokenizing builds no per-token objects."""

    text: str  # normalised (lower-case, apostrophes unified)
    kind: int  # NUM, WORD, NL or PUNCT
    key: str  # lemma key (Ukrainian word forms and English inflections folded)


#: Character offsets of the tokens (an ``array("q")``; tests may pass plain lists).
Offsets = Sequence[int]


class Spans(NamedTuple):
    """The normalised text and each token's character offsets into it."""

    low: str
    starts: Offsets
    ends: Offsets


class Tokenized(NamedTuple):
    tokens: list[Token]
    starts: Offsets
    ends: Offsets
    texts: list[str]
    kinds: list[int]
    keys: list[str]


_text = itemgetter(0)
_kind = itemgetter(1)
_key = itemgetter(2)
_SPLIT = Token("", 0, "")  # cache marker: the piece must be re-cut with TOKEN_RE
_CACHE_MAX = 200_000
#: piece -> Token (or _SPLIT), per lemma table (the lexicon is built once per process)
_caches: dict[int, dict[str, Token]] = {}


def normalise(text: str) -> str:
    """Lower-case and unify apostrophes without changing the string's length. (Letters of the
    other script inside a word are read as their look-alikes by ``classify``, once per distinct
    piece: a search of every text cost about 5% of reading it.)"""
    low = text.lower()
    if len(low) != len(text):
        # A handful of characters (e.g. 'İ') lower-case to two code points; fall back to a
        # per-character mapping so offsets stay valid.
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for c in _APOS_CHARS:  # translate() is slow on non-ASCII text; most text needs none
        if c in low:
            return low.translate(_APOS)
    return low


#: A Latin letter next to a Cyrillic one inside a word ("ракетa" typed with a Latin "a", as
#: some pages do to foil copying, decision 163)
_SCRIPT_EDGE = re.compile(r"[a-z][а-яёіїєґ]|[а-яёіїєґ][a-z]")
#: Lower-case look-alikes, pair by pair (upper-case ones lower-case to these: "B" is "в")
_TO_CYRILLIC = str.maketrans("acehikmoptxyb", "асенікмортхув")
_TO_LATIN = str.maketrans("асенікмортхув", "acehikmoptxyb")


def _unmix(low: str) -> str:
    """Each word that mixes scripts, in the script most of its letters are in: "ракетa" with
    a Latin "a" is "ракета", "Shаhed" with a Cyrillic "а" is "shahed" (one code point for one,
    so offsets stay valid); a word with as many letters of each takes its first letter's. Linear: each
    word is rewritten once, from the first script edge found in it."""
    parts: list[str] = []
    last = 0
    n = len(low)
    for m in _SCRIPT_EDGE.finditer(low):
        a = m.start()
        if a < last:
            continue  # inside a word already rewritten
        while a > last and low[a - 1].isalpha():
            a -= 1
        b = m.end()
        while b < n and low[b].isalpha():
            b += 1
        word = low[a:b]
        cyr = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        lat = sum(1 for ch in word if "a" <= ch <= "z")
        if cyr == lat:  # "нa": the script of its first letter
            cyr += "\u0400" <= word[0] <= "\u04ff"
        word = word.translate(_TO_CYRILLIC if cyr > lat else _TO_LATIN)
        parts.append(low[last:a])
        parts.append(word)
        last = b
    parts.append(low[last:])
    return "".join(parts)


def classify(piece: str, lemma: dict[str, str]) -> Token:
    """The token of one piece cut by the cheap pattern (``_SPLIT`` when it must be re-cut)."""
    if piece == "\n":
        return Token(piece, NL, piece)
    m = TOKEN_RE.fullmatch(piece)
    if m is None:
        return _SPLIT
    kind = m.lastindex or PUNCT
    if kind == WORD:
        piece = word_text(piece)  # asked once per distinct piece (the cache)
    return Token(piece, kind, lemma.get(piece, piece) if kind == WORD else piece)


def word_text(word: str) -> str:
    """A word token's text: a word that mixes scripts in the script of most of its letters
    ("рaкети" with a Latin "a" is "ракети", ``_unmix``), else the word itself."""
    return _unmix(word) if _SCRIPT_EDGE.search(word) is not None else word


def tokenize(low: str, lemma: dict[str, str]) -> list[Token]:
    """Split normalised text into tokens and attach their lemma keys."""
    return tokenize_columns(low, lemma).tokens


def tokenize_columns(low: str, lemma: dict[str, str]) -> Tokenized:
    """Tokens, their offsets, and their texts, kinds and keys as plain lists (later stages
    scan those columns with C-level ``map`` instead of touching every token in Python).

    The pieces come from ``findall`` with the blanks before each piece kept, so no match
    object is built per token: a piece's end is the running sum of the piece lengths and its
    start is that end minus the length of the piece without its blanks. Offsets are kept in
    arrays of machine integers (8 bytes a token instead of a list slot plus an int object).
    """
    cache = _caches.get(id(lemma))
    if cache is None or len(cache) > _CACHE_MAX:
        cache = _caches[id(lemma)] = {}
    pieces = _LEAD_RE.findall(low)
    # Up to _SHORT pieces the offsets are plain lists (about twice as fast to build as an
    # array from an iterator); longer texts keep machine integers (memory, issue 15).
    short = len(pieces) <= _SHORT
    lens = map(len, pieces)
    ends: Offsets = list(accumulate(lens)) if short else array("q", accumulate(lens))
    # the cache is keyed by the piece with its blanks (" ракет" and "ракет" are two keys of
    # one token), so the blanks need not be stripped from every piece; a piece never seen
    # raises KeyError, which is cheaper than looking for None in every read's result
    try:
        found = list(map(cache.__getitem__, pieces))
    except KeyError:
        found = _classify_all(pieces, cache, lemma)
    del pieces
    tokens = cast(list[Token], found)
    if not tokens:
        return Tokenized(tokens, array("q"), array("q"), [], [], [])
    # the cached tokens' own strings, so the pieces cut from this text can be freed; the
    # three columns in one C-level transposition
    t_texts, t_kinds, t_keys = zip(*tokens, strict=True)
    texts: list[str] = list(t_texts)
    lens = map(len, texts)
    starts: Offsets = list(map(sub, ends, lens)) if short else array("q", map(sub, ends, lens))
    if 0 in t_kinds:  # a piece to re-cut (``_SPLIT`` has kind 0)
        tokens, starts, ends = _split(low, tokens, starts, ends, lemma)
        texts = list(map(_text, tokens))
        return Tokenized(
            tokens, starts, ends, texts, list(map(_kind, tokens)), list(map(_key, tokens))
        )
    return Tokenized(tokens, starts, ends, texts, list(t_kinds), list(t_keys))


#: Texts of up to this many pieces keep their offsets in lists (see ``tokenize_columns``).
_SHORT = 4096


def _classify_all(pieces: list[str], cache: dict[str, Token], lemma: dict[str, str]) -> list[Token]:
    """The token of every piece, classifying (and caching) the pieces not seen before."""
    found = list(map(cache.get, pieces))
    for k, got in enumerate(found):
        if got is None:
            piece = pieces[k]
            got = cache.get(piece)  # seen earlier in this same document
            if got is None:
                bare = piece.lstrip(_BLANKS)
                got = cache.get(bare) or classify(bare, lemma)
                cache[piece] = got
            found[k] = got
    return cast(list[Token], found)


def _split(
    low: str,
    tokens: list[Token],
    starts: Offsets,
    ends: Offsets,
    lemma: dict[str, str],
) -> tuple[list[Token], Offsets, Offsets]:
    """Pieces mixing digits and letters ("10th", "x101") are re-cut with the precise pattern;
    the pieces between them are copied by slices. (A piece to re-cut has no start of its
    own: ``_SPLIT`` has no text.)"""
    out: list[Token] = []
    o_starts: array[int] = array("q")
    o_ends: array[int] = array("q")
    get = lemma.get
    prev = 0
    for k in [k for k, got in enumerate(tokens) if got is _SPLIT]:
        out.extend(tokens[prev:k])
        o_starts.extend(starts[prev:k])
        o_ends.extend(ends[prev:k])
        prev = k + 1
        # from the end of the piece before: the blanks between match no token
        for m in TOKEN_RE.finditer(low, ends[k - 1] if k else 0, ends[k]):
            kind = m.lastindex or PUNCT
            t = word_text(m.group()) if kind == WORD else m.group()
            out.append(Token(t, kind, get(t, t) if kind == WORD else t))
            o_starts.append(m.start())
            o_ends.append(m.end())
    out.extend(tokens[prev:])
    o_starts.extend(starts[prev:])
    o_ends.extend(ends[prev:])
    return out, o_starts, o_ends
