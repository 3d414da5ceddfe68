"""Places named in the text, from the catalog gazetteer (oblasts, cities, macro-regions such
as "western regions"/"західні області"); countries, seas and launch areas are not places hit.

Role: "target" when the sentence aims ("targeting western regions", "основний напрямок
удару"), otherwise "hit" (affected). A place directly followed by a speech verb is the
speaker ("Kyiv alleges"), not a place hit, and only sentences about the attack count.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from strikewatch.catalog import macro_region_of, resolve_place
from strikewatch.catalog import places as catalog_places
from strikewatch.readers.text.doc import Doc
from strikewatch.readers.text.lexicon import (
    ALERT_GLUE,
    CAPITAL_OTHER,
    CASUALTY_NEGATIONS,
    COUNTED_THINGS,
    LAUNCH_FROM,
    LAUNCH_FROM_WORDS,
    LAUNCH_GLUE,
    LAUNCH_OPENERS,
    MACRO_CLOSER,
    ORIGIN_GLUE,
    OTHER_CAPITALS,
    get_lexicon,
)
from strikewatch.readers.text.tokens import NL, WORD

_SPEECH = frozenset(
    {
        "alleges",
        "alleged",
        "says",
        "said",
        "claims",
        "maintains",
        "links",
        "stated",
        "warned",
        "заявив",
        "заявляє",
        "stresses",
        "insists",
        "wants",
        "hopes",
        "urged",
        "urges",
        "believes",
        "officials",
        "government",
        "authorities",
        "'",
        "’",
        "regime",
        "did",
        "told",
        "condemns",
    }
)
#: After a possessive place ("Kyiv's military said", "Moscow's forces") the place stands for a
#: side, not a place hit: its nouns of armies, governments and allies.
_SIDE_NOUNS = frozenset(
    {
        "military", "army", "forces", "troops", "allies", "partners", "backers", "war",
        "leadership", "regime", "counteroffensive", "western",
    }
)  # fmt: skip
_AIM = frozenset(
    {
        "target",
        "targeted",
        "targeting",
        "aimed",
        "aiming",
        "напрямок",
        "напрямком",
        "centered",
        "centred",
        "concentrated",
        "focused",
        "direction",
        # heading for a place ("Они направлялись в сторону Николаевской … областей", "керовані
        # авіаційні бомби … курсом на Південне/Очаків")
        "направлялись",
        "направлялися",
        "направлялась",
        "направлявся",
        "прямували",
        "курсом",
        "heading",
        "headed",
    }
)
_ROLES = ("attack", "cue", "tverb", "head", "model", "killed", "injured")


#: "near Kyiv", "outside Kyiv", "поблизу Києва", "під Києвом": the oblast round the capital
_NEAR = frozenset({"near", "outside", "поблизу", "неподалік", "під", "под", "біля", "около"})
#: How far a list of oblast adjectives may run to its noun: Ukrenergo lists ten ("у місті Київ,
#: Київській, Донецькій, …, Полтавській та Одеській областях"), a hyphenated member is three
#: tokens. The walk stops at the first word that is neither a member nor glue, so it stays short.
_LIST_REACH = 40


def _oblast_follows(doc: Doc, i: int) -> bool:
    """An oblast adjective counts only before "області"/"обл."/"regions" in a short
    coordinated list ("Запорізьку, Харківську та Донецьку області", "Kharkiv and
    Dnipropetrovsk regions")."""
    keys = doc.keys
    s = doc.sid[i]
    stop = min(len(keys), i + _LIST_REACH)
    k = _adj_end(doc, i)  # a hyphenated adjective ("Івано-Франківська") is one member
    while k < stop:
        if doc.sid[k] != s:
            return False
        key = keys[k]
        if key.startswith("облас") or key in _OBLAST_WORDS:
            return True
        if "oblast_adj" in doc.ann.get(k, {}):
            k = max(k + 1, _adj_end(doc, k))
            continue
        if key not in _LIST_GLUE:
            return False
        k += 1
    return False


def _adj_end(doc: Doc, i: int) -> int:
    """The token after the oblast adjective that starts at ``i``."""
    a = doc.ann.get(i)
    return int(a["oblast_adj"][0]) if a is not None and "oblast_adj" in a else i + 1


def _oblast_before(doc: Doc, i: int) -> bool:
    """ "у чотирьох областях: Дніпропетровській, Донецькій та Харківській": the noun comes
    first, then a colon and the list of adjectives."""
    keys = doc.keys
    s = doc.sid[i]
    for k in range(i - 1, max(i - 9, 0) - 1, -1):
        if doc.sid[k] != s:
            return False
        key = keys[k]
        if key == ":":
            return k >= 1 and (keys[k - 1].startswith("облас") or keys[k - 1] in _OBLAST_WORDS)
        if key not in _LIST_GLUE and not _in_adj(doc, k):
            return False
    return False


def _in_adj(doc: Doc, k: int) -> bool:
    """Token ``k`` is an oblast adjective or inside one ("Івано-Франківській")."""
    for j in (k, k - 1, k - 2):
        a = doc.ann.get(j) if j >= 0 else None
        if a is not None and "oblast_adj" in a and int(a["oblast_adj"][0]) > k:
            return True
    return False


_LIST_GLUE = frozenset({",", "та", "і", "й", "and", "и"})
_OBLAST_WORDS = frozenset({"обл", "regions", "oblasts", "provinces", "region", "oblast"})


#: Prepositions of where something was shot down ("збиті над Сумщиною", "downed in Kharkiv,
#: Sumy and Kyiv regions", "shot down one of the missiles in the Kyiv region").
_WHERE = frozenset({"над", "over", "in", "across", "у", "в", "на"})
_WHERE_REACH = 10


def _where_downed(doc: Doc, i: int, a0: int) -> bool:
    """The place follows a destroyed / lost cue (the nearest cue before it, at most
    ``_WHERE_REACH`` tokens back) through a preposition of place: where they were downed."""
    for k in range(i - 1, max(a0, i - _WHERE_REACH) - 1, -1):
        b = doc.ann.get(k)
        if b is not None and "cue" in b:
            if str(b["cue"][1]) not in ("destroyed", "lost_ew"):
                return False
            if not COUNTED_THINGS.isdisjoint(doc.texts[k + 1 : i]):
                return False  # "a drone strike that destroyed an apartment block in … Odesa"
            return any(doc.keys[m] in _WHERE for m in range(k + 1, i))
    return False


def _launch_list(doc: Doc, i: int, words: _LaunchWords) -> bool:
    """The place is one of the launch areas listed after "з напрямків" / "from the directions
    of" / "с двух направлений - мыс Чауда в оккупированном Крыму" / "з території": where the
    weapons came from, never a place hit (vocabulary ``launch_openers``, ``launch_glue``)."""
    s = doc.sid[i]
    keys = doc.keys
    for k in range(i - 1, max(i - 16, 0) - 1, -1):
        if doc.sid[k] != s:
            return False
        key = keys[k]
        if key in words.openers:  # "території" needs "з" before it ("на території": no)
            return words.openers[key] == "alone" or _after_from(doc, k, words)
        a = doc.ann.get(k)
        if key in words.glue or (a and ("place" in a or "ru_place" in a)):
            continue
        if key in _IN and keys[k + 1] in words.origin:
            continue  # "мыс Чауда в оккупированном Крыму": a place inside the next
        if doc.tokens[k].kind == WORD and doc.text[doc.starts[k]].isupper():
            continue  # a launch area the gazetteer lacks ("Міллерово", "Шаталово")
        return False
    return False


_IN = frozenset({"в", "у", "in"})


def _after_from(doc: Doc, k: int, words: _LaunchWords) -> bool:
    """ "з території", "з тимчасово окупованої території", "from the area of": the opener at
    ``k`` follows "з"/"from" (only origin words between)."""
    for j in range(k - 1, max(k - 4, 0) - 1, -1):
        key = doc.keys[j]
        if key in words.prepositions:
            return True
        if key not in words.origin:
            return False
    return False


def _launched_from(doc: Doc, i: int, words: _LaunchWords) -> bool:
    """ "протикорабельною ракетою Онікс з окупованого Криму", "drones launched from Crimea",
    "запущені з Курщини": a place right after "з"/"from" that follows a weapon or a launch word
    is where the weapon came from, not a place hit."""
    k = i - 1
    while k > 0 and doc.keys[k] in words.origin:
        k -= 1
    if k <= 0 or doc.keys[k] not in words.prepositions:
        return False
    if doc.keys[k - 1] in words.verbs:
        return True
    b = doc.ann.get(k - 1)
    if b is not None and "cue" in b and str(b["cue"][1]) == "launched":
        return True
    for j in range(max(0, k - 4), k):
        a = doc.ann.get(j)
        if a is None:
            continue
        for role in ("head", "model"):
            if role in a and a[role][0] == k:
                return True
    return False


def _as_keys(words: Iterable[str]) -> frozenset[str]:
    """Vocabulary words as the document's keys (Ukrainian lemmas: "областях" is "область");
    called once per table, by the cached functions below."""
    lex = get_lexicon()
    return frozenset(k for w in words for k in lex.keys_of(w))


class _LaunchWords(NamedTuple):
    """The launch-area vocabulary as document keys (Ukrainian lemmas: "області" is "область")."""

    openers: dict[str, str]
    glue: frozenset[str]
    prepositions: frozenset[str]
    verbs: frozenset[str]
    origin: frozenset[str]


@cache
def _launch_keys() -> _LaunchWords:
    """The vocabulary's launch-area words folded to keys once."""
    lex = get_lexicon()
    openers = {k: v for w, v in LAUNCH_OPENERS.items() for k in lex.keys_of(w)}
    return _LaunchWords(
        openers,
        _as_keys(LAUNCH_GLUE),
        _as_keys(LAUNCH_FROM),
        _as_keys(LAUNCH_FROM_WORDS),
        _as_keys(ORIGIN_GLUE),
    )


def _listed_oblast(doc: Doc, i: int, end: int, pid: str) -> str | None:
    """ "the Kyiv and Dnipro regions", "Sumy, Odesa, Kyiv and Poltava oblasts": a bare name in a
    coordinated list that ends in an oblast noun shares the noun, so it names the oblast (the
    city "Kyiv" is the oblast here). Returns that oblast's id, or None (not such a list, or the
    name is no oblast's bare name: "Bucha")."""
    keys = doc.keys
    s = doc.sid[i]
    k = end
    stop = min(len(keys), end + 14)  # four or five members, a hyphenated one three tokens
    while k < stop and doc.sid[k] == s:
        key = keys[k]
        if key in _PLURAL_OBLAST_WORDS or key.startswith("облас"):
            break
        a = doc.ann.get(k)
        if a is not None and ("place" in a or "oblast_adj" in a):
            k = max(k + 1, int((a.get("place") or a["oblast_adj"])[0]))
            continue  # a member; "Kyiv and Kyiv oblast" ends in no shared noun
        if key not in _LIST_GLUE:
            return None
        k += 1
    else:
        return None
    got = resolve_place(doc.text[doc.starts[i] : doc.ends[end - 1]] + " oblast")
    return got.id if got is not None and got.id != pid and got.kind == "oblast" else None


def _and_its_oblast(doc: Doc, end: int, pid: str) -> tuple[int, str] | None:
    """ "Київ та область", "Kyiv and the surrounding region", "в Киеве и области": the city and
    the oblast around it, named by the oblast noun alone. (token of the noun, oblast id), or
    None. Only Kyiv's oblast is another place than the city's own ("Харків і область" adds
    Kharkiv oblast, which the city already counts as)."""
    keys = doc.keys
    k = end + 1
    if keys[end] not in _LIST_GLUE:
        return None
    while k < len(keys) and keys[k] in ("the", "surrounding"):
        k += 1
    if k >= len(keys) or keys[k] not in _OBLAST_NOUNS_ALONE or doc.sid[k] != doc.sid[end]:
        return None
    if k + 1 < len(keys) and (keys[k + 1] == "of" or "place" in doc.ann.get(k + 1, {})):
        return None  # "Kyiv and the region of Odesa"
    city = catalog_places()[pid]
    got = resolve_place(city.name_en + " oblast")
    return (k, got.id) if got is not None and got.kind == "oblast" else None


#: An oblast noun that, alone after a city and "and", is the city's oblast.
_OBLAST_NOUNS_ALONE = frozenset({"область", "области", "region", "oblast", "province", "регіон"})

_PLURAL_OBLAST_WORDS = frozenset({"regions", "oblasts", "provinces", "областях", "областей"})


#: What may follow a city that begins a list sharing an oblast noun ("Kyiv and Dnipro regions").
_LIST_NEXT = _LIST_GLUE | _PLURAL_OBLAST_WORDS


@cache
def _cities() -> frozenset[str]:
    """Cities and special cities (Kyiv): names that may also be an oblast's bare name."""
    return frozenset(p.id for p in catalog_places().values() if p.kind in ("city", "special_city"))


def _macro_list(doc: Doc, i: int) -> bool:
    """ "in the center, north and south of the country", "northern, central and southern
    regions": a part-of-the-country word in a coordinated list that ends in "of the country"
    / "of Ukraine" / "країни" / "regions" (vocabulary ``macro_closer``) is that macro-region;
    "from the north" or "north of Kyiv" is none. Only a list of two or more: one part alone
    ("mostly at the south of the country") is read only as the catalog's own phrases."""
    keys = doc.keys
    closers = _macro_closers()
    s = doc.sid[i]
    k = i
    stop = min(len(keys), i + 16)
    members = 0
    while k < stop and doc.sid[k] == s:
        a = doc.ann.get(k)
        if a is not None and ("macro_word" in a or "place" in a):
            if "place" in a and a["place"][1][2] != a["place"][1][0]:
                return False  # a place that is no macro-region ends the list
            members += 1
            k = int((a.get("macro_word") or a["place"])[0])
            if k < len(keys) and keys[k] == "of":
                k += 2 if k + 1 < len(keys) and keys[k + 1] == "the" else 1
            if k < len(keys) and keys[k] in closers:
                return members > 1 or _macro_member_before(doc, i)
            continue
        if keys[k] not in _MACRO_GLUE:
            return False
        k += 1
    return False


def _macro_member_before(doc: Doc, i: int) -> bool:
    """The list's last member: a part of the country stands before ``i`` through glue only."""
    for k in range(i - 1, max(i - 4, 0) - 1, -1):
        a = doc.ann.get(k)
        if a is not None and "macro_word" in a and int(a["macro_word"][0]) <= i:
            return True
        if doc.keys[k] not in _MACRO_GLUE:
            return False
    return False


#: What may stand between the parts of a list ("in the east, north, centre and south").
_MACRO_GLUE = frozenset({",", "and", "та", "і", "й", "и", "the", "in", "на", "в", "у", "во"})


@cache
def _macro_closers() -> frozenset[str]:
    """The macro_closer words as document keys ("областях" is "область")."""
    return _as_keys(MACRO_CLOSER)


def _under_alert(doc: Doc, i: int, end: int, alerts: list[int]) -> bool:
    """ "в южных областях Украины была объявлена воздушная тревога", "тривога у Києві", "an air
    raid alert in Kyiv": a place under an air-raid alert is no place hit. The alert word
    (``alerts``: where the document has one) stands after the place with only ``alert_glue``
    words between, or right before it through them."""
    glue = _alert_glue()
    keys = doc.keys
    s = doc.sid[i]
    for j in alerts:
        if doc.sid[j] != s or not i - 4 <= j < end + 8:
            continue
        between = range(end, j) if j >= end else range(j + 1, i)
        if all(keys[k] in glue for k in between):
            return True
    return False


@cache
def _alert_glue() -> frozenset[str]:
    """The alert_glue words as document keys."""
    return _as_keys(ALERT_GLUE)


def _kyiv_capital(doc: Doc, i: int) -> bool:
    """ "зокрема столицю", "the Ukrainian capital" name Kyiv, unless a word next to it makes
    it another capital: "обласну столицю", "столиця Росії", "the capital of Russia"."""
    a = doc.ann[i]
    if "place" in a:
        return False  # "the capital Kyiv": the name itself is read
    end = int(a["capital"][0])
    keys = doc.keys
    near = [keys[i - 1]] if i > 0 else []
    near += [k for k in keys[end : end + 3] if k not in ("of", "the")][:1]
    return _capital_keys()[0].isdisjoint(near)


@cache
def _capital_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys (Ukrainian lemmas) of the capital_other and other_capitals words, as the
    document's keys are: "російську" is compared as "російський"."""
    return _as_keys(CAPITAL_OTHER), _as_keys(OTHER_CAPITALS)


_STOPS = frozenset({".", "!", "?"})


#: What follows an upper-case place after the headline's full stop in a dateline
_DATELINE_NEXT = frozenset({"(", "-", "–", "—"})


def _dateline(doc: Doc, i: int, end: int) -> bool:
    """ "KYIV (Reuters) –", "KYIV -": the place a wire story was filed from, not one hit; at
    the start of a line, or after the headline's full stop when an agency in brackets follows
    ("… in Odesa region. KYIV (Reuters) - …", "… 15 Russian drones launched overnight. KYIV -
    Russia launched …")."""
    word = doc.text[doc.starts[i] : doc.ends[end - 1]]
    nxt = doc.tokens[end].text if end < len(doc.tokens) else ""
    prev = doc.tokens[i - 1] if i > 0 else None
    if prev is not None and prev.kind != NL and not (nxt in _DATELINE_NEXT and prev.text in _STOPS):
        return False
    return word.isupper() and nxt in ("(", "-", "–", "—", ",")


def is_dateline(doc: Doc, i: int, end: int) -> bool:
    """The place mention [i, end) is a wire story's dateline (see ``_dateline``): no place
    any figure of its sentence was downed over or aimed at (``parts.py``)."""
    return _dateline(doc, i, end)


_Mention = tuple[int, int, str, str, str | None, str | None]


def find_places(doc: Doc) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """(start_token, end_token, place id, role, oblast id, macro-region) per mention."""
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    tokens = doc.tokens
    n = len(tokens)
    roles = doc.roles
    places = doc.at("place")
    if capitals := roles.get("capital"):
        capitals = [i for i in capitals if _kyiv_capital(doc, i)]
        if capitals and _capital_keys()[1].isdisjoint(doc.keys):
            places = sorted(places + capitals)
    if macros := roles.get("macro_word"):
        macros = [i for i in macros if "place" not in doc.ann[i] and _macro_list(doc, i)]
        if macros:
            places = sorted(places + macros)
    adjs = [
        i
        for i in doc.at("oblast_adj")
        if "place" not in doc.ann[i] and (_oblast_follows(doc, i) or _oblast_before(doc, i))
    ]
    if adjs:
        places = sorted(places + adjs)
    if not places:
        return out
    sid, keys = doc.sid, doc.keys
    relevant = doc.sentences_with(*_ROLES)
    alerts = roles.get("alert_words")
    words, cities = _launch_keys(), _cities()
    by_sentence: dict[int, tuple[str, bool]] = {}  # sentence -> _sentence_role
    for i in places:
        s = sid[i]
        if s not in relevant:
            continue
        a = doc.ann[i]
        if "place" in a:
            end, (pid, oblast, macro) = a["place"]
        else:
            end, pid, oblast, macro = _mention(a)
        nxt = tokens[end].text if end < n else ""
        if (
            (
                nxt in _SPEECH and not pid.endswith("_oblast")
            )  # "the Mykolaiv region said": its governor
            or (nxt in _SIDE_NOUNS and doc.keys[end - 1].endswith("'s"))
            or _dateline(doc, i, end)
            or _launch_list(doc, i, words)
            or _launched_from(doc, i, words)
            or (alerts and _under_alert(doc, i, end, alerts))
            or (oblast is None and nxt == ":" and _members_follow(doc, end + 1))
        ):
            continue
        if pid == "kyiv" and i >= 1 and keys[i - 1] in _NEAR:
            pid = oblast = "kyiv_oblast"  # "a railway hub near Kyiv": the oblast round the city
        around = None
        if pid in cities and end < n and (keys[end] in _LIST_NEXT or end in doc.ann):
            if listed := _listed_oblast(doc, i, end, pid):
                pid = oblast = listed
            else:
                around = _and_its_oblast(doc, end, pid)
        got = by_sentence.get(s)
        if got is None:
            got = by_sentence[s] = _sentence_role(doc, s)
        role = _place_role(doc, i, end, s, got)
        if role is None:
            continue
        out.append((i, end, pid, role, oblast, macro))
        if around is not None:
            out.append((around[0], around[0] + 1, around[1], role, around[1], macro))
    if out and (doc.roles.get("damage") or doc.roles.get("cue")):
        _damage_next(doc, out)
    if out and (backs := roles.get("region_back")):
        out += _named_back(doc, backs, out, relevant)
    return out


def _place_role(doc: Doc, i: int, end: int, s: int, got: tuple[str, bool]) -> str | None:
    """The role of the place [i, end) in sentence ``s`` given the sentence's own answer
    (``_sentence_role``), or None when it is no place of the attack at all."""
    role, downed = got
    a0, a1 = doc.sentences[s]
    if role == "unharmed":  # where weapons were downed stays that; no place hit else
        return "interception" if downed or _where_downed(doc, i, a0) else None
    if role != "hit":
        return role
    if _under_sky(doc, i):
        return "interception"  # "в небе украинской столицы были замечены беспилотники"
    if (downed and not _thing_destroyed(doc, i, a0)) or _where_downed(doc, i, a0):
        # "збито … на півночі та сході": where, not what was hit; unless its debris did
        # damage there ("downed … over the Khmelnytskyi region, with debris damaging …")
        return "hit" if _damage_in(doc, end, a1) else "interception"
    return "hit"


def _thing_destroyed(doc: Doc, i: int, a0: int) -> bool:
    """The nearest cue before the place (within ``_WHERE_REACH``) destroyed a thing, not a
    weapon: "a drone strike that destroyed an apartment block in … Odesa"."""
    for k in range(i - 1, max(a0, i - _WHERE_REACH) - 1, -1):
        b = doc.ann.get(k)
        if b is not None and "cue" in b:
            return not COUNTED_THINGS.isdisjoint(doc.texts[k + 1 : i])
    return False


def _under_sky(doc: Doc, i: int) -> bool:
    """A "sky" phrase ends right before the place, or one word before it ("в небе
    украинской столицы", "in the skies over Kyiv")."""
    ends = (i, i - 1)
    return any(int(doc.ann[k]["sky"][0]) in ends for k in doc.within("sky", max(0, i - 5), i))


def _members_follow(doc: Doc, k: int) -> bool:
    """A place is named at token ``k`` (after "в західні області: Львівську, …"): the part of
    the country before the colon is the list's heading, and its members are the places."""
    a = doc.ann.get(k)
    return a is not None and ("oblast_adj" in a or "place" in a)


def _damage_in(doc: Doc, a0: int, a1: int) -> bool:
    """Whether damage or debris is reported in tokens [a0, a1) of one sentence: a ``damage``
    word or a debris cue with no negation within three words ("no fires", "без пошкоджень",
    "Пожеж не виникло"), and no
    count of unnamed locations ("падіння уламків на 2 локаціях": those are not the places
    named before it)."""
    if doc.has("loc", a0, a1):
        return False
    keys = doc.keys
    found = doc.within("damage", a0, a1) + [
        k for k in doc.within("cue", a0, a1) if doc.ann[k]["cue"][1] == "debris"
    ]
    return any(CASUALTY_NEGATIONS.isdisjoint(keys[max(a0, k - 3) : min(a1, k + 4)]) for k in found)


def _damage_next(doc: Doc, out: list[_Mention]) -> None:
    """Places downed over become places hit when the next sentence reports damage and names
    no place of its own ("… 14 drones over the southern region of Mykolaiv, its governor said.
    Two fires caused by the attack have since been put out"; "… in the capital Kyiv. … debris
    was reported falling in one district of the city"). Only when the sentence names one
    oblast: with several, which one was hit is not said."""
    by_sentence: dict[int, list[int]] = {}
    for k, m in enumerate(out):
        by_sentence.setdefault(doc.sid[m[0]], []).append(k)
    for s, ks in by_sentence.items():
        nxt = s + 1
        if nxt in by_sentence or nxt >= len(doc.sentences):
            continue
        if len({out[k][4] for k in ks}) != 1 or any(out[k][3] != "interception" for k in ks):
            continue
        a0, a1 = doc.sentences[nxt]
        if out[ks[0]][4] is None or doc.has("place", a0, a1) or not _damage_in(doc, a0, a1):
            continue
        for k in ks:
            i, end, pid, _role, oblast, macro = out[k]
            out[k] = (i, end, pid, "hit", oblast, macro)


def _named_back(doc: Doc, backs: list[int], out: list[_Mention], relevant: Any) -> list[_Mention]:
    """ "… збила вісім ворожих цілей на території Хмельницької області. Падіння уламків
    спричинили пожежі в регіоні": "в регіоні" in a later sentence about the attack that names
    no place of its own is the oblast of the last place named before it, a place hit (its
    debris fell, its houses burned), whatever role the first mention had. "in the region of
    Kharkiv" is a place named, not one named back."""
    got: list[_Mention] = []
    for j in backs:
        s = doc.sid[j]
        end = int(doc.ann[j]["region_back"][0])
        if s not in relevant or (end < len(doc.keys) and doc.keys[end] == "of"):
            continue
        before = [m for m in out if m[0] < j and m[4] is not None]
        if not before or doc.sid[before[-1][0]] == s:
            continue  # nothing named before, or the sentence names its own place
        _i, _e, _pid, _role, oblast, macro = before[-1]
        got.append((j, end, str(oblast), "hit", oblast, macro))
    return got


def _mention(a: dict[str, Any]) -> tuple[int, str, str | None, str | None]:
    """(end token, place id, oblast, macro-region) of a mention: a catalog place, an oblast
    adjective of a list, a part of the country in a list, or "the capital"."""
    if "place" in a:
        end, (pid, oblast, macro) = a["place"]
    elif "oblast_adj" in a:
        end, (pid, oblast, macro) = a["oblast_adj"]
    elif "macro_word" in a:
        end, pid = a["macro_word"]
        oblast, macro = None, pid
    else:
        end, pid = a["capital"]
        oblast, macro = pid, macro_region_of(str(pid))
    return end, pid, oblast, macro


def _sentence_role(doc: Doc, s: int) -> tuple[str, bool]:
    """What a place in sentence ``s`` is, as far as the sentence alone says: "target" when
    it names an aim, else "hit", and whether its only outcome cues are of weapons downed
    (and no hit verb stands in it).
    Asked once per sentence: a list of places ("Львівщина, Волинь") shares the answer."""
    a0, a1 = doc.sentences[s]
    if not _AIM.isdisjoint(doc.keys[a0:a1]):
        return "target", False
    cues = {str(doc.ann[k]["cue"][1]) for k in doc.within("cue", a0, a1)}
    # "… downed 50 drones; both missiles struck Kharkiv": a hit verb says something got
    # through, so each place is judged by what stands before it (``_where_downed``)
    hit_verb = doc.has("hitverb", a0, a1)
    downed = bool(cues) and cues <= {"destroyed", "lost_ew"} and not hit_verb
    quiet = not hit_verb and "launched" not in cues and "hit" not in cues
    unharmed = quiet and doc.has("unharmed", a0, a1) and not _damage_in(doc, a0, a1)
    if unharmed and not _hurt_outside(doc, a0, a1):
        return "unharmed", downed  # "… reported no damage or casualties": no place hit
    return "hit", downed


def _hurt_outside(doc: Doc, a0: int, a1: int) -> bool:
    """A killed or injured word in [a0, a1) outside the sentence's "no damage" phrases ("no
    damage was reported, but two people were injured": a place with casualties)."""
    spans = [(k, int(doc.ann[k]["unharmed"][0])) for k in doc.within("unharmed", a0, a1)]
    hurt = doc.within("killed", a0, a1) + doc.within("injured", a0, a1)
    return any(not any(b <= k < e for b, e in spans) for k in hurt)
