"""Numbers and quantities: digits, separators, number words, approximations, ranges, vague words.

Every figure becomes a :class:`strikewatch.domain.Quantity` with honest bounds; the table of
what each wording means lives in ``docs/quantities.md`` and in :func:`apply_mode` below, so
the two can be checked against each other. Works on the token list, never on raw regexes,
so there is nothing here that can backtrack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import compress, count
from operator import and_, itemgetter, or_
from typing import Any

from strikewatch.domain import Quantity
from strikewatch.readers.text.codes import NUMBER, number_keys
from strikewatch.readers.text.codes import mask as flag_mask
from strikewatch.readers.text.lexicon import Lexicon
from strikewatch.readers.text.tokens import NUM, PUNCT, WORD, Spans, Token

#: Figures above this are not attack counts (years, phone numbers, money); they are ignored.
MAX_COUNT = 100_000
_DASHES = frozenset({"-", "–", "—", "‒"})
_RANGE_JOINERS = frozenset({*_DASHES, "to", "до", "or", "чи", "або", "and"})
_THOUSANDS_GAP = frozenset({" ", "\u00a0", "\u202f", "\u2009", ","})
_NOT_A_COUNT_AFTER = frozenset({"%", "°", "$", "€", "₴", "£"})
_UNIT_WORDS = frozenset(
    {
        "km",
        "км",
        "m",
        "м",
        "kg",
        "кг",
        "year",
        "years",
        "року",
        "рік",
        "років",
        "роки",
        "р",
        "percent",
        "per",
        "відсотків",
        "%",
        "hours",
        "hour",
        "годин",
        "години",
        "хв",
        "minutes",
        "хвилин",
        "million",
        "billion",
        "мільярд",
        "млрд",
        "dollars",
        "гривень",
        "грн",
        "км/год",
        "mw",
        "мвт",
        "kv",
        "кв",
        "st",
        "nd",
        "rd",
        "th",
        "го",
        "ї",
        "й",
        "euro",
        "usd",
        "секунд",
        "seconds",
        "day",
        "days",
        "днів",
        "дні",
        "доби",
        "km/h",
        "year-old",
    }
)


@dataclass(slots=True)
class QMention:
    """A quantity found in the text: token range (incl. modifiers) and its meaning."""

    i0: int
    i1: int  # exclusive
    start: int
    end: int
    quantity: Quantity
    mode: str  # exact, about, nearly, more, atleast, upto, less, range, vague


def round_unit(n: float) -> float:
    return 10.0 if n >= 100 else 1.0


def tolerance(n: float) -> float:
    """Half-width for "about N": 5 % of N, rounded to tens from 100 up, at least 1."""
    unit = round_unit(n)
    tol = math.floor(0.05 * n / unit + 0.5) * unit
    return max(tol, 1.0)


def next_round_bound(n: float) -> float:
    """Upper bound for "more than N": N plus one unit of its leading digit (500 → 600)."""
    if n < 1:
        return n + 1
    return n + 10.0 ** math.floor(math.log10(n))


def apply_mode(mode: str, n: float, hi: float | None = None) -> Quantity:
    """Turn a number and its wording into a Quantity (see docs/quantities.md).

    Quantities are immutable, so each (mode, number, upper) is built once and shared."""
    key = (mode, n, hi, type(n))
    got = _QCACHE.get(key)
    if got is None:
        if len(_QCACHE) > 50_000:
            _QCACHE.clear()
        got = _QCACHE[key] = _apply_mode(mode, n, hi)
    return got


_QCACHE: dict[tuple[str, float, float | None, type], Quantity] = {}


def _apply_mode(mode: str, n: float, hi: float | None = None) -> Quantity:
    if mode == "exact":
        return Quantity.exact(n)
    if mode == "about":
        t = tolerance(n)
        return Quantity(n, max(n - t, 0), n + t, True)
    if mode == "nearly":
        return Quantity(None, max(n - 2 * tolerance(n), 0), n, True)
    if mode == "more":
        return Quantity(None, n + 1, next_round_bound(n), True)
    if mode == "atleast":
        return Quantity(None, n, None, True)
    if mode == "upto":
        return Quantity(None, None, n, True)
    if mode == "less":
        return Quantity(None, None, max(n - 1, 0), True)
    if mode == "range" and hi is not None:
        lo, up = min(n, hi), max(n, hi)
        return Quantity(None, lo, up, True)
    return Quantity.exact(n)


def _digits_at(tokens: list[Token], i: int, sp: Spans) -> tuple[float, int] | None:
    """A digit number starting at token i, with thousands separators; (value, next index).
    (Tokens are unpacked once each: this runs for every digit token of every document.)"""
    low, starts, ends = sp
    digits, kind, _key = tokens[i]
    if kind != NUM:
        return None
    j = i + 1
    n = len(tokens)
    # "1,200" / "1 200" / "12 000": groups of exactly three digits after a short head.
    if len(digits) <= 3:
        while j < n:
            text, kind, _key = tokens[j]
            if (
                kind == NUM
                and len(text) == 3
                and starts[j] == ends[j - 1] + 1
                and (low[ends[j - 1]] in _THOUSANDS_GAP)
            ):
                if j + 1 < n and tokens[j + 1][1] == NUM and starts[j + 1] == ends[j]:
                    break
                digits += text
                j += 1
                continue
            if kind == PUNCT and text == "," and j + 1 < n:
                nn_text, nn_kind, _key = tokens[j + 1]
                if (
                    nn_kind == NUM
                    and len(nn_text) == 3
                    and starts[j + 1] == ends[j]
                    and (starts[j] == ends[j - 1])
                ):
                    digits += nn_text
                    j += 2
                    continue
            break
    if len(digits) > 9:
        return None
    value = float(int(digits))
    # Decimal with a multiplier: "1.5 thousand", "1,2 тис."
    if (
        j + 2 < n
        and tokens[j].text in {".", ","}
        and tokens[j + 1].kind == NUM
        and (starts[j] == ends[i] and starts[j + 1] == ends[j])
    ):
        mult = _multiplier(tokens, j + 2)
        if mult:
            frac = float("0." + tokens[j + 1].text[:6])
            return (value + frac) * mult[0], mult[1]
    mult = _multiplier(tokens, j)
    if mult:
        return value * mult[0], mult[1]
    return value, _case_ending(tokens, j, sp)


#: Case endings written after digits ("152-ма ударними БпЛА", "97-м", "42-х", "5-ти", "81-н",
#: Russian "2-х"): the figure is a cardinal in that case. Ordinal endings ("24-го", "3-й",
#: "5-ї") are not here, so dates and ranks stay excluded.
CASE_ENDINGS = frozenset(
    {"ма", "ьма", "ми", "м", "х", "ох", "ьох", "ти", "ть", "н", "на", "мя", "ка"}
)
#: Endings of "один" ("21-им ударним БпЛА" = двадцять одним, "1-ою ракетою" = однією): taken
#: only after digits ending in 1 but not 11, where a cardinal reads so; "3-им разом" stays an
#: ordinal.
ONE_ENDINGS = frozenset({"им", "ім", "ою", "ну", "ного", "ній"})


def _one_form(digits: str, ending: str, after: Token | None = None) -> bool:
    """ "21-им", and "81-го ударного БпЛА" (вісімдесят одного) only before an adjective of
    that case: "21-го травня", "21-го століття" stay ordinals."""
    if not digits.endswith("1") or digits.endswith("11"):
        return False
    if ending == "го":
        return after is not None and after.kind == WORD and after.text.endswith(_GEN_ADJ)
    return ending in ONE_ENDINGS


_GEN_ADJ = ("ого", "ього")
#: Russian instrumental cardinals ("15-ю ударными БпЛА" = пятнадцатью): "-ю" is a cardinal only
#: before a plural instrumental word; "15-ю годовщину", "3-ю ракетой" stay ordinals.
_INSTR_PL = ("ми",)


def _instrumental_form(ending: str, after: Token | None) -> bool:
    """ "15-ю ударными БпЛА": the ending "ю" before a word ending in "-ми"."""
    return (
        ending == "ю"
        and after is not None
        and after.kind == WORD
        and after.text.endswith(_INSTR_PL)
    )


def _case_ending(tokens: list[Token], j: int, sp: Spans) -> int:
    """The index after a case ending glued to the digits that end at token j - 1, else j."""
    _low, starts, ends = sp
    if (
        j + 1 < len(tokens)
        and tokens[j].text in _DASHES
        and starts[j] == ends[j - 1]
        and tokens[j + 1].kind == WORD
        and starts[j + 1] == ends[j]
        and (
            tokens[j + 1].text in CASE_ENDINGS
            or _one_form(
                tokens[j - 1].text,
                tokens[j + 1].text,
                tokens[j + 2] if j + 2 < len(tokens) else None,
            )
            or _instrumental_form(
                tokens[j + 1].text, tokens[j + 2] if j + 2 < len(tokens) else None
            )
        )
    ):
        return j + 2
    return j


_MULT = {"thousand": 1000.0, "тисяча": 1000.0, "тис": 1000.0, "k": 1000.0, "тисяч": 1000.0}


def _multiplier(tokens: list[Token], j: int) -> tuple[float, int] | None:
    if j < len(tokens) and tokens[j].kind == WORD and tokens[j].key in _MULT:
        k = j + 1
        if k < len(tokens) and tokens[k].text == "." and tokens[j].key == "тис":
            k += 1
        return _MULT[tokens[j].key], k
    return None


def _words_at(tokens: list[Token], i: int, lex: Lexicon) -> tuple[float, int] | None:
    """Number words ("two hundred and fifty", "двадцять одна", "сорока") from token i."""
    nums = lex.numbers
    n = len(tokens)
    j = i
    total = 0.0
    current = 0.0
    seen = False
    if tokens[j].text == "a" and j + 1 < n and tokens[j + 1].key in ("hundred", "thousand"):
        current = 1.0
        j += 1
    while j < n:
        t = tokens[j]
        entry = nums.get(t.key) if t.kind == WORD else None
        if entry is None:
            # joiners inside a number: "twenty-one", "two hundred and fifty"
            if seen and j + 1 < n and t.text in ("-", "and") and tokens[j + 1].key in nums:
                j += 1
                continue
            break
        value, typ = entry
        if typ in ("u", "t", "h"):
            current += value
        elif typ == "H":
            current = (current or 1.0) * value
        else:  # K, M
            total += (current or 1.0) * value
            current = 0.0
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def parse_number(tokens: list[Token], i: int, sp: Spans, lex: Lexicon) -> tuple[float, int] | None:
    """A number of any spelling at token i → (value, next token index) or None."""
    t = tokens[i]
    if t.kind == NUM:
        return _digits_at(tokens, i, sp)
    if t.kind == WORD and (t.key in lex.numbers or t.text == "a"):
        return _words_at(tokens, i, lex)
    return None


def _is_excluded(tokens: list[Token], i: int, j: int, sp: Spans) -> bool:
    """Digits that are times, dates, model numbers, percentages, years or unit values.
    (Each neighbour is unpacked once and each adjacency tested once: this runs for every
    digit token of every document; every test but the last answers True, so their order
    does not matter.)"""
    _low, starts, ends = sp
    text, kind, _key = tokens[i]
    if kind != NUM:
        return False
    n = len(tokens)
    if i >= 1:
        p_text, p_kind, _key = tokens[i - 1]
        glued = ends[i - 1] == starts[i]
        if p_kind == WORD and glued:
            return True  # "x101", "kh22"
        if p_text in ("№", "#", "$", "€", "£", "₴"):
            return True
        if i >= 2 and glued and starts[i - 1] == ends[i - 2]:
            pp_kind = tokens[i - 2][1]
            if p_text in _DASHES and pp_kind == WORD:
                return True  # "KN-23", "Х-101" not in the lexicon
            if p_text in (":", ".", "/") and pp_kind == NUM:
                return True
    if j < n:
        n_text, n_kind, n_key = tokens[j]
        if n_text in _NOT_A_COUNT_AFTER or n_key in _UNIT_WORDS:
            return True
        if starts[j] == ends[j - 1]:  # glued to the digits
            if n_kind == WORD:
                return True  # "3rd", "10th", "136/131"
            if j + 1 < n and starts[j + 1] == ends[j]:
                _text, a_kind, a_key = tokens[j + 1]
                if n_text in (":", ".", "/") and a_kind == NUM:
                    return True  # 09:00, 21.08.2025, 20/21
                if n_text in _DASHES and a_kind == WORD and a_key not in ("strong",):
                    return True  # "40-year-old", "3-storey"
    return len(text) == 4 and text[:2] in ("19", "20") and j == i + 1  # a year


_kind = itemgetter(1)
_key = itemgetter(2)


def _candidates(
    tokens: list[Token],
    lex: Lexicon,
    ann: dict[int, Any],
    kinds: list[int] | None = None,
    keys: list[str] | None = None,
    relevant: bytearray | None = None,
    codes: bytes | None = None,
    phrases: list[int] | None = None,
) -> list[int]:
    """Token indices where a quantity can start: digits, number words, "a", and phrases
    (approximations, vague words), within ``relevant`` when given. Everything else is
    skipped without Python-level work, and without an index object per skipped token: the
    tests are combined into one byte mask first (memory stays small on number-heavy junk),
    taken from the document's flag bytes when given (``codes.py``)."""
    if codes is not None:
        mask = flag_mask(codes, NUMBER)
    else:
        numkeys = number_keys(lex)
        mask = bytes(
            map(
                or_,
                map(numkeys.__contains__, keys if keys else map(_key, tokens)),
                map(NUM.__eq__, kinds if kinds else map(_kind, tokens)),
            )
        )
    if relevant is not None:
        mask = bytes(map(and_, mask, relevant))
    got = list(compress(count(), mask))
    del mask
    if phrases is None:  # else given: where approximations and vague words start
        phrases = [k for k, a in ann.items() if "approx" in a or "vague" in a]
    if relevant is not None:
        phrases = [k for k in phrases if relevant[k]]
    if not phrases:
        return got
    got.extend(phrases)
    got.sort()
    return got


def _range_end(
    tokens: list[Token],
    k: int,
    start_i: int,
    value: float,
    sp: Spans,
    lex: Lexicon,
    taken: bytearray,
) -> tuple[float, int] | None:
    """The upper figure and end of a range after the figure ending at ``k``: "40-50",
    "40–50", "40 to 50", "від 40 до 50", "between 40 and 50" (only after "between")."""
    n = len(tokens)
    if not (k + 1 < n and tokens[k].text in _RANGE_JOINERS and not taken[k + 1]):
        return None
    if tokens[k].text == "and" and not (
        start_i >= 1 and tokens[start_i - 1].text in ("between", "між")
    ):
        return None
    second = parse_number(tokens, k + 1, sp, lex)
    if (
        second is not None
        and not _is_excluded(tokens, k + 1, second[1], sp)
        and value < second[0] <= MAX_COUNT
    ):
        return second
    return None


#: Singular forms of "сотня" (a hundred): "сотню ракет", "сотнею дронів", Russian "сотню";
#: "сотні" / "сотни" is singular (genitive) only after a word that governs it ("близько сотні
#: ракет", "около сотни"), else the plural "hundreds" ("сотні дронів" stays 200-999).
_HUNDRED_ONE = frozenset({"сотня", "сотню", "сотнею", "сотней"})
_HUNDRED_GEN = frozenset({"сотні", "сотни"})
_GOVERNS_GEN = frozenset(
    {"близько", "біля", "майже", "понад", "до", "около", "почти", "более", "свыше", "порядка"}
)


def _one_hundred(
    tokens: list[Token], ann: dict[int, dict[str, tuple[int, object]]], i: int, end_i: int
) -> tuple[int, str] | None:
    """(first token, mode) when the vague word at ``i`` is one "сотня" (about 100), with the
    approximation before it ("близько сотні" is about 100); else None (hundreds)."""
    if end_i != i + 1:
        return None  # "кілька сотень": a phrase of its own
    text = tokens[i].text
    prev = ann.get(i - 1) if i >= 1 else None
    approx = prev is not None and "approx" in prev and prev["approx"][0] == i
    if text in _HUNDRED_ONE or (
        text in _HUNDRED_GEN and i >= 1 and tokens[i - 1].text in _GOVERNS_GEN
    ):
        if approx and prev is not None:
            return i - 1, str(prev["approx"][1])
        return i, "about"  # "сотня ракет": a round figure
    return None


def _vague_mention(
    tokens: list[Token], sp: Spans, ann: dict[int, dict[str, tuple[int, object]]], i: int
) -> QMention:
    """The quantity of the vague word at ``i``: one "сотня" is about 100; a bound before a
    round value applies to it ("more than a dozen", "понад півсотні"); else its range."""
    _low, starts, ends = sp
    end_i, payload = ann[i]["vague"]
    hundred = _one_hundred(tokens, ann, i, end_i)
    if hundred is not None:
        h0, hmode = hundred
        return QMention(h0, end_i, starts[h0], ends[end_i - 1], apply_mode(hmode, 100.0), hmode)
    vague: tuple[float | None, float | None, float | None] = payload  # type: ignore[assignment]
    bound = _bound_before(ann, i) if vague[0] is not None else None
    if bound is not None and vague[0] is not None:
        b0, bmode = bound
        q = apply_mode(bmode, float(vague[0]))
        return QMention(b0, end_i, starts[b0], ends[end_i - 1], q, bmode)
    q = Quantity(vague[0], vague[1], vague[2], True)
    return QMention(i, end_i, starts[i], ends[end_i - 1], q, "vague")


def _bound_before(ann: dict[int, dict[str, tuple[int, object]]], i: int) -> tuple[int, str] | None:
    """(first token, mode) of a bound ending right before token ``i`` ("more than" before "a
    dozen", "понад" before "півсотні"), else None."""
    for k in range(i - 1, max(i - 4, -1), -1):
        a = ann.get(k)
        if a is not None and "approx" in a and a["approx"][0] == i:
            mode = str(a["approx"][1])
            # "about a dozen" is no narrower than "a dozen": only bounds change the range
            return (k, mode) if mode != "about" else None
    return None


def find_quantities(
    tokens: list[Token],
    sp: Spans,
    lex: Lexicon,
    taken: bytearray,
    ann: dict[int, dict[str, tuple[int, object]]],
    relevant: bytearray | None = None,
    kinds: list[int] | None = None,
    keys: list[str] | None = None,
    codes: bytes | None = None,
    phrases: list[int] | None = None,
) -> list[QMention]:
    """All quantities, left to right. ``taken`` marks tokens owned by models/dates already.

    ``relevant`` (optional) marks the tokens near a weapon, location, casualty or outcome
    word: a figure anywhere else can never become a claim, so it is not even parsed. This is
    the pre-filter that keeps long prose and number-heavy junk cheap."""
    out: list[QMention] = []
    n = len(tokens)
    _low, starts, ends = sp
    i = 0
    for c in _candidates(tokens, lex, ann, kinds, keys, relevant, codes, phrases):
        if c < i:
            continue
        i = c
        if taken[i] or (relevant is not None and not relevant[i]):
            continue
        a = ann.get(i)
        mode = "exact"
        start_i = i
        j = i
        if a is not None and "vague" in a:
            end_i = int(a["vague"][0])
            out.append(_vague_mention(tokens, sp, ann, i))
            i = end_i
            continue
        if a is not None and "approx" in a:
            end_i, m = a["approx"]
            if end_i < n and not taken[end_i]:
                parsed = parse_number(tokens, end_i, sp, lex)
                if parsed is not None and not _is_excluded(tokens, end_i, parsed[1], sp):
                    mode = str(m)
                    j = end_i
        # digits (most figures) straight to their parser, without ``parse_number``'s frame
        tj = tokens[j]
        parsed = _digits_at(tokens, j, sp) if tj.kind == NUM else parse_number(tokens, j, sp, lex)
        if parsed is None or (tj.text == "a" and parsed[0] == 0):
            i += 1
            continue
        value, k = parsed
        if _is_excluded(tokens, j, k, sp) or value > MAX_COUNT:
            i = max(k, i + 1)
            continue
        hi: float | None = None
        second = _range_end(tokens, k, start_i, value, sp, lex, taken)
        if second is not None:
            hi, k = second
            mode = "range"
            if start_i >= 1 and tokens[start_i - 1].text in ("between", "між", "від"):
                start_i -= 1
        # "500+" → at least
        if mode == "exact" and k < n and tokens[k].text == "+" and starts[k] == ends[k - 1]:
            mode = "atleast"
            k += 1
        if value == 0 and mode == "exact" and tj.kind == WORD:
            i = k
            continue
        q = apply_mode(mode, value, hi)
        out.append(QMention(start_i, k, starts[start_i], ends[k - 1], q, mode))
        i = k
    return out
