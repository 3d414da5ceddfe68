"""The analysed document shared by the reader's stages: tokens, annotations, sentences.

Sentences end at ". ! ?" (not inside numbers or after short abbreviations) and at line
breaks. Clauses also end at ";" and at markers like "of which" / "з них" so that an outcome
verb before them does not reach the figures after them. List items ("– 19 крилатих ракет")
inherit the outcome, hedge and attribution of the line that introduces the list.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

from strikewatch.readers.text.annotate import Annotations, RoleIndex, annotate_index
from strikewatch.readers.text.codes import BREAK, BREAKS, token_codes, where
from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import (
    NL,
    NUM,
    PUNCT,
    WORD,
    Offsets,
    Spans,
    Token,
    normalise,
    tokenize_columns,
)

_ABBREV = frozenset(
    {
        "обл",
        "р",
        "м",
        "ст",
        "тис",
        "млн",
        "с",
        "смт",
        "вул",
        "ін",
        "напр",
        "прибл",
        "approx",
        "e",
        "g",
        "etc",
        "vs",
        "u",
        "s",
        "no",
        "mr",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "ім",
        "рф",
        "км",
        "kh",
        "х",
        "бл",
        "т",
        "д",
        "шт",  # "ракетами Іскандер-М (4 шт.) та …"
        "од",
    }
)
#: Abbreviations that close a phrase ("Минобороны РФ.", "Київській обл.", "etc."), unlike
#: those that open a name ("м. Київ", "вул. Шевченка"): before a capital they end a sentence.
_FINAL_ABBREV = frozenset({"рф", "обл", "etc", "шт"})
_NONE: list[int] = []
_NO_S: frozenset[int] = frozenset()
_ID_CODE = "i"  # 4-byte ids: enough below 2**31 tokens
_BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "‒", "▪", "►", "○", "●"})


@dataclass(slots=True)
class Doc:
    text: str
    low: str
    tokens: list[Token]
    ann: Annotations
    lex: Lexicon
    sid: Sequence[int] = field(default_factory=list)  # sentence id per token
    cid: Sequence[int] = field(default_factory=list)  # clause id per token
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    list_item: list[bool] = field(default_factory=list)  # per sentence
    header_of: list[int] = field(default_factory=list)  # per sentence: header sentence or -1
    taken: bytearray = field(default_factory=bytearray)
    roles: RoleIndex = field(default_factory=dict)  # role -> sorted token indices
    # the tokens' texts, kinds and keys as plain lists, for C-level scans
    texts: list[str] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    starts: Offsets = field(default_factory=list)  # character offsets per token
    ends: Offsets = field(default_factory=list)
    spans: Spans = field(default_factory=lambda: Spans("", [], []))
    codes: bytes = b""  # one flag byte per token (see codes.py)
    _swith: dict[tuple[str, ...], set[int] | frozenset[int]] = field(default_factory=dict)

    def at(self, role: str) -> list[int]:
        """Sorted token indices where a phrase of ``role`` starts."""
        return self.roles.get(role, _NONE)

    def at_any(self, *roles: str) -> list[int]:
        """Sorted token indices where a phrase of any of ``roles`` starts (from the role
        index: a few short lists merged, instead of a pass over every annotation)."""
        found = [got for r in roles if (got := self.roles.get(r))]
        if len(found) == 1:
            return found[0]
        return sorted({i for got in found for i in got})

    def within(self, role: str, a0: int, a1: int) -> list[int]:
        """Token indices in [a0, a1) where a phrase of ``role`` starts (by bisection)."""
        pos = self.roles.get(role)
        if not pos:
            return _NONE
        return pos[bisect_left(pos, a0) : bisect_left(pos, a1)]

    def has(self, role: str, a0: int, a1: int) -> bool:
        """Whether a phrase of ``role`` starts in [a0, a1)."""
        pos = self.roles.get(role)
        if not pos:
            return False
        k = bisect_left(pos, a0)
        return k < len(pos) and pos[k] < a1

    def sentences_with(self, *roles: str) -> set[int] | frozenset[int]:
        """The sentences in which a phrase of any of ``roles`` starts: "does sentence s
        have a hedge / an attack word / a pending marker" is then one set test instead of a
        bisection per figure. Built once per document and role set, in C (``map`` over the
        role index), so its size follows the annotations."""
        got = self._swith.get(roles)
        if got is None:
            pos = [p for r in roles if (p := self.roles.get(r))]
            get = self.sid.__getitem__
            got = self._swith[roles] = set(map(get, chain.from_iterable(pos))) if pos else _NO_S
        return got

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def build_doc(text: str, lex: Lexicon) -> Doc:
    low = normalise(text)
    tokens, starts, ends, texts, kinds, keys = tokenize_columns(low, lex.lemma)
    codes = token_codes(texts, lex)
    ann, roles = annotate_index(tokens, lex, keys, codes)
    doc = Doc(
        text,
        low,
        tokens,
        ann,
        lex,
        taken=bytearray(len(tokens)),
        roles=roles,
        texts=texts,
        kinds=kinds,
        keys=keys,
        starts=starts,
        ends=ends,
        spans=Spans(low, starts, ends),
        codes=codes,
    )
    _segment(doc)
    return doc


def _segment(doc: Doc) -> None:
    """Sentences, clauses, then list items (see the module docstring)."""
    _sentences_and_clauses(doc)
    _list_items(doc)


def _sentence_ends_at(doc: Doc, i: int) -> bool:
    """Whether the line break or sentence mark at token ``i`` ends a sentence."""
    tokens, starts, ends = doc.tokens, doc.starts, doc.ends
    n = len(tokens)
    t = tokens[i]
    if t.kind == NL:
        # inside a run of blank lines only the run's first and last line break end a
        # sentence: the run is one blank "sentence", not one per line (linear and small
        # on a text of nothing but line breaks)
        return not (0 < i < n - 1 and tokens[i - 1].kind == NL and tokens[i + 1].kind == NL)
    if t.text != "." or i == 0 or i + 1 >= n:
        return True
    prev, nxt = tokens[i - 1], tokens[i + 1]
    if (
        prev.kind == NUM
        and nxt.kind == NUM
        and ends[i - 1] == starts[i]
        and starts[i + 1] == ends[i]
    ):
        return False  # "1.5"
    if prev.kind != WORD or prev.text not in _ABBREV or ends[i - 1] != starts[i]:
        return True
    if nxt.kind == NL:
        return True
    # "… рассказали в Минобороны РФ. Ранее сообщалось …": an abbreviation that closes a
    # phrase ends the sentence before a capital; one that opens a name ("м. Київ") never
    return prev.text in _FINAL_ABBREV and doc.text[starts[i + 1] : starts[i + 1] + 1].isupper()


def _sentences_and_clauses(doc: Doc) -> None:
    tokens = doc.tokens
    n = len(tokens)
    # Clauses and sentences are contiguous runs of tokens numbered 0, 1, 2, ...: the loop
    # records each clause's length, and the ids per token are written at the end in one
    # C-level pass (machine integers; no Python call per run).
    c_lens: list[int] = []
    sentences: list[tuple[int, int]] = []
    s_start = 0
    # Only line breaks, sentence punctuation, ";" and clause markers can change anything, so
    # the loop visits just those tokens (found from the flag bytes, see codes.py).
    marks = where(doc.codes, BREAK)
    subs = doc.roles.get("sub")
    if subs:
        marks = sorted(set(marks).union(subs))
    c_from = 0  # tokens [c_from, i) belong to the current clause
    for i in marks:
        t = tokens[i]
        if t.kind == NL or (t.kind == PUNCT and t.text in (".", "!", "?", "…")):
            if _sentence_ends_at(doc, i):
                c_lens.append(i + 1 - c_from)
                c_from = i + 1
                if i >= s_start:
                    sentences.append((s_start, i + 1))
                s_start = i + 1
        elif t.kind == PUNCT and t.text == ";":
            c_lens.append(i + 1 - c_from)
            c_from = i + 1
        elif t.text not in BREAKS:  # a clause marker ("of which", "з них") opens a clause
            c_lens.append(i - c_from)
            c_from = i
    c_lens.append(n - c_from)
    if s_start < n:
        sentences.append((s_start, n))
    doc.cid = _runs(c_lens, n)
    doc.sid = _runs([a1 - a0 for a0, a1 in sentences], n)
    doc.sentences = sentences


def _runs(lengths: list[int], n: int) -> Sequence[int]:
    """Ids 0, 1, 2, ... repeated by run length: a list for short texts (fastest to build),
    machine integers for long ones (memory)."""
    if n <= _SHORT_IDS:
        out: list[int] = []
        for k, m in enumerate(lengths):
            out += [k] * m
        return out
    ids = array(_ID_CODE if n < 2**31 else "q")
    for k, m in enumerate(lengths):
        ids.extend(repeat(k, m))
    return ids


_SHORT_IDS = 4096


def _list_items(doc: Doc) -> None:
    """Which sentences are list items ("– 19 крилатих ракет") and the header line each one
    belongs to: items follow a line ending in ":" or a bullet, until a blank line."""
    tokens, sentences = doc.tokens, doc.sentences
    list_item: list[bool] = []
    header_of: list[int] = []
    header = -1
    open_list = False
    for k, (a0, a1) in enumerate(sentences):
        first = a0
        while first < a1 and tokens[first].kind == NL:
            first += 1
        if first >= a1:
            list_item.append(False)
            header_of.append(-1)
            if tokens[a0].kind == NL and k and tokens[sentences[k - 1][1] - 1].kind == NL:
                open_list = False  # a blank line closes the list
            continue
        ft = tokens[first]
        is_item = (
            ft.text in _BULLETS
            or (ft.kind == NUM and first + 1 < a1 and tokens[first + 1].text in (")",))
            or (
                open_list
                and (ft.kind == NUM or (doc.ann.get(first) or {}).get("approx") is not None)
            )
        )
        if is_item and header >= 0:
            list_item.append(True)
            header_of.append(header)
        else:
            list_item.append(False)
            header_of.append(-1)
            header = k
            last = a1 - 1
            while last > a0 and tokens[last].kind == NL:
                last -= 1
            open_list = tokens[last].text == ":"
    doc.list_item, doc.header_of = list_item, header_of
