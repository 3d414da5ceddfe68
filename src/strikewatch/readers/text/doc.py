"""The analysed document shared by the reader's stages: tokens, annotations, sentences.

Sentences end at ". ! ?" (not inside numbers or after short abbreviations) and at line
breaks. Clauses also end at ";" and at markers like "of which" / "з них" so that an outcome
verb before them does not reach the figures after them. List items ("– 19 крилатих ракет")
inherit the outcome, hedge and attribution of the line that introduces the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strikewatch.readers.text.annotate import Annotations, annotate
from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import NL, NUM, PUNCT, WORD, Token, normalise, tokenize

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
    }
)
_BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "‒", "▪", "►", "○", "●"})


@dataclass(slots=True)
class Doc:
    text: str
    low: str
    tokens: list[Token]
    ann: Annotations
    lex: Lexicon
    sid: list[int] = field(default_factory=list)  # sentence id per token
    cid: list[int] = field(default_factory=list)  # clause id per token
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    list_item: list[bool] = field(default_factory=list)  # per sentence
    header_of: list[int] = field(default_factory=list)  # per sentence: header sentence or -1
    taken: bytearray = field(default_factory=bytearray)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def build_doc(text: str, lex: Lexicon) -> Doc:
    low = normalise(text)
    tokens = tokenize(low, lex.lemma)
    ann = annotate(tokens, lex)
    doc = Doc(text, low, tokens, ann, lex, taken=bytearray(len(tokens)))
    _segment(doc)
    return doc


def _segment(doc: Doc) -> None:
    tokens = doc.tokens
    n = len(tokens)
    sid = [0] * n
    cid = [0] * n
    sentences: list[tuple[int, int]] = []
    s_start = 0
    clause = 0
    cur = 0
    i = 0
    ann = doc.ann
    while i < n:
        t = tokens[i]
        sid[i] = cur
        cid[i] = clause
        end_here = False
        if t.kind == NL:
            end_here = True
        elif t.kind == PUNCT and t.text in (".", "!", "?", "…"):
            prev = tokens[i - 1] if i else None
            nxt = tokens[i + 1] if i + 1 < n else None
            if (
                t.text == "."
                and prev is not None
                and nxt is not None
                and prev.kind == NUM
                and (nxt.kind == NUM and prev.end == t.start and nxt.start == t.end)
            ):
                end_here = False  # 1.5
            elif (
                t.text == "."
                and prev is not None
                and prev.kind == WORD
                and (prev.text in _ABBREV and prev.end == t.start)
                and nxt is not None
                and nxt.kind != NL
                and not nxt.text[:1].isupper()
            ):
                end_here = False
            else:
                end_here = True
        elif t.kind == PUNCT and t.text == ";":
            clause += 1
        else:
            a = ann.get(i)
            if a is not None and "sub" in a:
                clause += 1
                cid[i] = clause
        if end_here:
            if i >= s_start:
                sentences.append((s_start, i + 1))
            cur += 1
            clause += 1
            s_start = i + 1
        i += 1
    if s_start < n:
        sentences.append((s_start, n))
    # sentence ids must index `sentences`; recompute from ranges
    for k, (a0, a1) in enumerate(sentences):
        for j in range(a0, a1):
            sid[j] = k
    doc.sid, doc.cid, doc.sentences = sid, cid, sentences
    list_item: list[bool] = []
    header_of: list[int] = []
    header = -1
    open_list = False
    blank_run = 0
    for k, (a0, a1) in enumerate(sentences):
        first = a0
        while first < a1 and tokens[first].kind == NL:
            first += 1
        if first >= a1:
            list_item.append(False)
            header_of.append(-1)
            blank_run += 1
            if (
                blank_run >= 1
                and a1 - a0 >= 1
                and tokens[a0].kind == NL
                and k
                and (sentences[k - 1][1] - 1 >= 0 and tokens[sentences[k - 1][1] - 1].kind == NL)
            ):
                open_list = False
            continue
        blank_run = 0
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
