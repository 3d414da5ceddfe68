"""The reader's vocabularies, read from the data files in ``vocab/``, and the phrase index
built from them.

Phrases are written once, in base forms (Ukrainian lemmas, English base words); at build time
every Ukrainian word is expanded into all its inflected forms with pymorphy3 and folded back
to its lemma, so "крилатих ракет" matches the phrase ("крилатий", "ракета"). The index is a
dict from first key to candidate phrases, so tokens that start no phrase cost one lookup.

Weapons, places and targets come only from ``strikewatch.catalog`` (``text_aliases()``,
``text_place_aliases()``, ``target_lexicon()``): there is no second copy here, so a new
model or place is added once, in ``catalog/data``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from strikewatch.domain import Outcome, TargetCategory, WeaponClass
from strikewatch.readers.text import vocab
from strikewatch.readers.text.tokens import TOKEN_RE, normalise

WC = WeaponClass


def _pairs(role: str) -> list[tuple[Any, Any]]:
    return list(vocab.of_role(role))


def _word_lists(
    role: str, pairs: Iterable[tuple[Any, Any]] | None = None
) -> list[tuple[tuple[str, ...], Any]]:
    """(phrase, value) of a table keyed by word sequences (``pairs``, else the role's records):
    each phrase must be a YAML list of words, else a clear error (a string would be one key
    of many words, and the compiled reader refuses it where the table is typed by tuples)."""
    out = []
    for p, v in vocab.of_role(role) if pairs is None else pairs:
        if not isinstance(p, tuple):
            raise vocab.VocabError(
                f"role {role}: phrase {p!r} must be a list of words, e.g. [a, dozen]"
            )
        out.append((p, v))
    return out


def _word_set(role: str) -> frozenset[str]:
    return frozenset(_words(role))


def _words(role: str) -> tuple[str, ...]:
    return tuple(p for p, _v in vocab.of_role(role))


# Every table below is read from vocab/*.yaml (one record shape: role, value, phrases).
# Number words: [value, type]; type u=unit, t=teen/tens, h=hundreds, H=x100, K=x1000, M=x10^6.
UK_NUMBERS: dict[str, tuple[int, str]] = {p: (int(v[0]), v[1]) for p, v in _pairs("uk_numbers")}
UK_NUMBER_EXTRA: dict[str, str] = dict(_pairs("uk_number_extra"))
EN_NUMBERS: dict[str, tuple[int, str]] = {p: (int(v[0]), v[1]) for p, v in _pairs("en_numbers")}
VAGUE: dict[tuple[str, ...], tuple[float | None, float | None, float | None]] = {
    p: tuple(v) for p, v in _word_lists("vague")
}
APPROX: dict[tuple[str, ...], str] = dict(_word_lists("approx"))
HEADS: dict[tuple[str, ...], str] = dict(_word_lists("heads"))
ADJ: dict[tuple[str, ...], str] = dict(_word_lists("adj"))
WCONN: frozenset[str] = _word_set("wconn")
FAMILY_CLASS: dict[str, WeaponClass] = {p: WC(v) for p, v in _pairs("family_class")}
ADJ_CLASS: dict[str, WeaponClass] = {p: WC(v) for p, v in _pairs("adj_class")}
CUES: dict[Outcome, tuple[str, ...]] = {}
for _p, _v in _pairs("cues"):
    CUES[Outcome(_v)] = (*CUES.get(Outcome(_v), ()), _p)
LOCATION_WORDS = _words("location_words")
ATTACK_WORDS = _words("attack_words")
SUBCLAUSE = _words("subclause")
PENDING = _words("pending")
PERIODS: dict[tuple[str, ...], str] = dict(_pairs("periods"))
REFERENCE = _words("reference")
RECORD_PHRASES: dict[str, str] = dict(_pairs("record_phrases"))
ATTRIBUTIONS: dict[str, tuple[str, str]] = {p: (v[0], v[1]) for p, v in _pairs("attributions")}
#: Who-names of the attributions above that speak for one region or city.
REGIONAL_SPEAKERS: frozenset[str] = _word_set("regional_speakers")
ALLEGE_VERBS = _words("allege_verbs")
HEDGES = _words("hedges")
OPINION_MARKERS = _words("opinion_markers")
AF_REPORT_MARKERS = _words("af_report_markers")
CORRECTION_MARKERS = _words("correction_markers")
KILLED_WORDS = _words("killed_words")
INJURED_WORDS = _words("injured_words")
PEOPLE_WORDS = _words("people_words")
#: One person named without a number (surface words; also phrases of the index, whose keys
#: fold plurals, so the surface word is checked), and what says nobody was hurt.
ONE_PERSON: frozenset[str] = _word_set("one_person")
CASUALTY_NEGATIONS: frozenset[str] = _word_set("casualty_negations")
AGE_WORDS: frozenset[str] = _word_set("age_words")
COUNTED_THINGS: frozenset[str] = _word_set("counted_things")
HIT_VERBS = _words("hit_verbs")
FOREIGN = _words("foreign")
TARGET_VERBS = _words("target_verbs")
MONTHS: dict[str, int] = {p: int(v) for p, v in _pairs("months")}
WEEKDAYS: dict[str, int] = {p: int(v) for p, v in _pairs("weekdays")}
EN_FOLD: dict[str, str] = dict(_pairs("en_fold"))
UK_LEMMA_WORDS: tuple[str, ...] = _words("uk_lemma_words")
SINGULAR_FORMS: frozenset[str] = _word_set("singular_forms")
#: Negations of a destroyed figure: (surface words, may the figure stand right before it).
NEGATIONS: tuple[tuple[tuple[str, ...], bool], ...] = tuple(
    (tuple(p), v == "either") for p, v in _pairs("negations")
)
#: Negations that say none of the one earlier launch figure was destroyed (value "none").
NONE_NEGATIONS: tuple[tuple[str, ...], ...] = tuple(
    tuple(p) for p, v in _pairs("negations") if v == "none"
)
DAY_SUFFIXES: frozenset[str] = _word_set("day_suffixes")
#: Nouns a number may count that are not weapons ("over six Ukrainian regions").
OTHER_COUNTED: frozenset[str] = _word_set("other_counted")
MODIFIED_NOUNS: frozenset[str] = _word_set("modified_nouns")
#: "Позже … сообщили", "it also downed": words before a figure that open another report.
OTHER_REPORT: frozenset[str] = _word_set("other_report")
#: "Там военные сбили 14 БПЛА": a sentence opener naming the place of the sentence before.
PLACE_BACK: frozenset[str] = _word_set("place_back")
#: "з цих"/"of these": a part of a figure already given ("90 з цих безпілотників").
BACK_REFERENCES: frozenset[str] = _word_set("back_references")
#: "25 були типу Shahed": a copula and a type word after a figure name what a total held.
TYPE_COPULAS: frozenset[str] = _word_set("type_copulas")
TYPE_WORDS: frozenset[str] = _word_set("type_words")
TYPE_GLUE: frozenset[str] = _word_set("type_glue")
#: "випущених", "выпущенных": a launch participle whose phrase may part a figure from its weapon
LAUNCH_PARTICIPLES: frozenset[str] = _word_set("launch_participles")
#: "Через ворожі БпЛА …тривоги": a weapon named as the cause of something, not as launched.
CAUSE_WORDS: frozenset[str] = _word_set("cause_words")
#: Words next to "столиця"/"the capital" that make it another capital than Kyiv.
CAPITAL_OTHER: frozenset[str] = _word_set("capital_other")
#: Launch areas: openers of a list of them (word -> "alone" / "from"), the words between.
LAUNCH_OPENERS: dict[str, str] = dict(_pairs("launch_openers"))
LAUNCH_GLUE: frozenset[str] = _word_set("launch_glue")
LAUNCH_FROM: frozenset[str] = _word_set("launch_from")
LAUNCH_FROM_WORDS: frozenset[str] = _word_set("launch_from_words")
ORIGIN_GLUE: frozenset[str] = _word_set("origin_glue")
#: What ends a list of parts of the country ("… and south of the country", "… regions").
MACRO_CLOSER: frozenset[str] = _word_set("macro_closer")
#: The words between a place and its air-raid alert (the alert words are phrases of the index).
ALERT_GLUE: frozenset[str] = _word_set("alert_glue")
#: Other capitals by name: a document that names one reads no "the capital" as Kyiv.
OTHER_CAPITALS: frozenset[str] = _word_set("other_capitals")
#: "U.S.-made", "Iranian-supplied": the maker word of a compound before a weapon.
MAKER_WORDS: frozenset[str] = _word_set("maker_words")
#: Catalog origins of the weapons Ukraine fires (ATACMS: US).
DEFENDER_ORIGINS: frozenset[str] = _word_set("defender_origins")
#: Roles of the records above: tables, not phrases of the annotator's index.
TABLE_ROLES = frozenset(
    {
        "uk_numbers", "uk_number_extra", "en_numbers", "vague", "approx", "heads", "adj",
        "wconn", "family_class", "adj_class", "cues", "location_words", "attack_words",
        "subclause", "pending", "periods", "reference", "record_phrases", "attributions",
        "allege_verbs", "hedges", "opinion_markers", "af_report_markers",
        "correction_markers", "killed_words", "injured_words", "people_words", "hit_verbs",
        "foreign", "target_verbs", "months", "weekdays", "en_fold", "uk_lemma_words",
        "singular_forms", "negations", "day_suffixes", "other_counted", "modified_nouns",
        "back_references", "type_copulas", "type_words", "regional_speakers",
        "cause_words",
        "capital_other", "other_capitals", "launch_openers", "launch_glue", "launch_from",
        "launch_from_words", "origin_glue", "macro_closer", "alert_glue",
        "casualty_negations", "age_words", "counted_things", "maker_words", "defender_origins",
        "type_glue", "other_report", "place_back", "launch_participles",
    }
)  # fmt: skip


# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Lexicon:
    """Folded word forms and the phrase index (first key -> [(keys, role, payload)])."""

    lemma: dict[str, str] = field(default_factory=dict)
    index: dict[str, list[tuple[tuple[str, ...], str, Any]]] = field(default_factory=dict)
    # the same entries split for look-up: one-token phrases by key, longer ones by first two
    index1: dict[str, list[tuple[tuple[str, ...], str, Any]]] = field(default_factory=dict)
    index2: dict[tuple[str, str], list[tuple[tuple[str, ...], str, Any]]] = field(
        default_factory=dict
    )
    numbers: dict[str, tuple[int, str]] = field(default_factory=dict)
    catalog_used: dict[str, bool] = field(default_factory=dict)
    # first three letters -> [(stem, category, whole word only)], longest first
    target_stems: dict[str, list[tuple[str, TargetCategory, bool]]] = field(default_factory=dict)
    # every key that starts some phrase: the annotator looks only at tokens with one of these
    starts: set[str] = field(default_factory=set)

    def keys_of(self, phrase: str) -> tuple[str, ...]:
        low = normalise(phrase)
        return tuple(self.lemma.get(m.group(), m.group()) for m in TOKEN_RE.finditer(low))

    def add(self, phrase: str | tuple[str, ...], role: str, payload: Any) -> None:
        keys = (
            self.keys_of(phrase)
            if isinstance(phrase, str)
            else tuple(self.lemma.get(k, k) for k in phrase)
        )
        if not keys:
            return
        bucket = self.index.setdefault(keys[0], [])
        if any(k == keys and r == role for k, r, _ in bucket):
            return
        bucket.append((keys, role, payload))
        bucket.sort(key=lambda e: -len(e[0]))
        self.starts.add(keys[0])
        if len(keys) == 1:
            self.index1.setdefault(keys[0], []).append((keys, role, payload))
        else:
            b2 = self.index2.setdefault((keys[0], keys[1]), [])
            b2.append((keys, role, payload))
            b2.sort(key=lambda e: -len(e[0]))


def _uk_forms(morph: Any, word: str) -> set[str]:
    """All inflected forms of a Ukrainian lemma (every parse whose normal form is the word)."""
    forms: set[str] = {word}
    for parse in morph.parse(word):
        if parse.normal_form.replace("’", "'") != word:
            continue
        for lex in parse.lexeme:
            forms.add(lex.word.replace("’", "'"))
    return forms


_OBLAST_NOUNS = frozenset({"область", "області", "областю", "обл", "region", "oblast", "province"})


def _try_catalog() -> dict[str, Any]:
    """Whatever the catalog provides; missing functions simply fall back to local lists."""
    found: dict[str, Any] = {}
    try:
        from strikewatch import catalog
    except Exception:  # pragma: no cover - catalog package always importable
        return found
    for name in ("text_aliases", "text_head_aliases", "text_place_aliases", "target_lexicon"):
        fn = getattr(catalog, name, None)
        if fn is None:
            continue
        try:
            found[name] = fn()
        except Exception:
            continue
    return found


_SKIP_PLACE_KINDS = frozenset({"country", "sea", "launch_area", "direction"})


def _catalog_model_classes() -> dict[str, WeaponClass]:
    try:
        from strikewatch.catalog import weapon_models

        return {k: v.weapon_class for k, v in weapon_models().items()}
    except Exception:
        return {}


def _defender_models() -> frozenset[str]:
    """Model ids of the weapons Ukraine fires, by their catalog origin."""
    try:
        from strikewatch.catalog import weapon_models

        return frozenset(k for k, v in weapon_models().items() if v.origin in DEFENDER_ORIGINS)
    except Exception:
        return frozenset()


#: "10 U.S.-made ATACMS missiles … over annexed Crimea": the Russian side's figure.
DEFENDER_MODELS: frozenset[str] = _defender_models()


def _catalog_place_kinds() -> dict[str, tuple[str, str | None, str | None]]:
    """place id -> (kind, oblast id, macro-region id)."""
    try:
        from strikewatch.catalog import places

        return {
            k: (p.kind, p.oblast, p.macro_region or (k if p.kind == "macro_region" else None))
            for k, p in places().items()
        }
    except Exception:
        return {}


def _catalog_whole_words() -> frozenset[str]:
    try:
        from strikewatch.catalog import target_whole_words

        return frozenset(normalise(w) for w in target_whole_words())
    except Exception:
        return frozenset()


def _iter_alias_entries(obj: Any) -> Iterable[tuple[str, Any]]:
    """Flatten a catalog mapping/list into (alias, value) pairs, whatever its exact shape."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (list, tuple, set, frozenset)) and all(isinstance(x, str) for x in v):
                # id -> aliases
                for alias in v:
                    yield alias, k
            else:
                yield k, v
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            if isinstance(item, (list, tuple)) and len(item) >= 2:
                yield str(item[0]), item[1:] if len(item) > 2 else item[1]
            elif hasattr(item, "alias"):
                yield item.alias, item


def _weapon_payload(value: Any) -> tuple[str, WeaponClass] | None:
    model: Any = None
    cls: Any = None
    if isinstance(value, dict):
        model, cls = value.get("model"), value.get("weapon_class") or value.get("class")
    elif isinstance(value, (list, tuple)) and len(value) >= 2:
        model, cls = value[0], value[1]
    else:
        model = getattr(value, "model", None)
        cls = getattr(value, "weapon_class", None)
    if model is None or cls is None:
        return None
    try:
        return str(model), WeaponClass(str(cls.value if hasattr(cls, "value") else cls))
    except ValueError:
        return None


@functools.cache
def get_lexicon() -> Lexicon:
    """Build (once) the folded vocabulary and the phrase index."""
    import pymorphy3

    lex = Lexicon()
    _fold_forms(lex, pymorphy3.MorphAnalyzer(lang="uk"))
    _index_words(lex)
    catalog = _try_catalog()
    _index_models(lex, catalog)
    _index_phrases(lex)
    _index_places(lex, catalog)
    _index_targets(lex, catalog)
    _index_rest(lex)
    return lex


def _fold_forms(lex: Lexicon, morph: Any) -> None:
    """Word forms folded to one key: Ukrainian lemmas expanded with pymorphy3, forms it lacks,
    English inflections, Russian forms (vocab ``form`` records) and number words."""
    lemma = lex.lemma
    # Ukrainian numerals: keep only numeral forms so "сорока" (magpie) is still forty.
    for word in UK_NUMBERS:
        for form in _uk_forms(morph, word):
            lemma.setdefault(form, word)
    for form, word in UK_NUMBER_EXTRA.items():
        lemma[form] = word
    lex.numbers.update(UK_NUMBERS)
    lex.numbers.update(EN_NUMBERS)
    for word in UK_LEMMA_WORDS:
        for form in _uk_forms(morph, word):
            lemma.setdefault(form, word)
    for form, word in EN_FOLD.items():
        lemma.setdefault(form, word)
    # Number words must never fold into something else.
    for word in EN_NUMBERS:
        lemma[word] = word
    for form, word in vocab.of_role("form"):
        lemma[form] = lemma.get(word, word)
    for word, (value, typ) in vocab.of_role("number"):
        lemma[word] = word
        lex.numbers[word] = (int(value), str(typ))


def _index_words(lex: Lexicon) -> None:
    """Vague quantities, approximations, weapon head nouns and class adjectives."""
    for keys, v in VAGUE.items():
        lex.add(keys, "vague", v)
    for keys, mode in APPROX.items():
        if keys == ("майже_",):
            continue
        lex.add(keys, "approx", mode)
    for keys, fam in HEADS.items():
        lex.add(keys, "head", fam)
    for keys, hint in ADJ.items():
        lex.add(keys, "adj", hint)


def _index_models(lex: Lexicon, catalog: dict[str, Any]) -> None:
    """Weapon models: the catalog's text aliases (the only source)."""
    classes_by_id = _catalog_model_classes()
    models_done = False
    if "text_aliases" in catalog and classes_by_id:
        n = 0
        for alias, value in _iter_alias_entries(catalog["text_aliases"]):
            cls = classes_by_id.get(str(value))
            if cls is None or not isinstance(alias, str):
                continue
            lex.add(alias, "model", (str(value), cls))
            n += 1
        models_done = n > 0
        for alias, value in _iter_alias_entries(catalog.get("text_head_aliases") or []):
            cls = classes_by_id.get(str(value))
            if cls is not None and isinstance(alias, str):
                lex.add(alias, "model_after_head", (str(value), cls))
    lex.catalog_used["weapons"] = models_done


def _index_phrases(lex: Lexicon) -> None:
    """Outcome cues, context words, attribution and casualty vocabulary."""
    for outcome, phrases in CUES.items():
        for p in phrases:
            lex.add(p, "cue", outcome)
    for p in LOCATION_WORDS:
        lex.add(p, "loc", True)
    for p in ATTACK_WORDS:
        lex.add(p, "attack", True)
    for p in SUBCLAUSE:
        lex.add(p, "sub", True)
    for p in PENDING:
        lex.add(p, "pending", True)
    for keys, period in PERIODS.items():
        lex.add(keys, "period", period)
    for p in REFERENCE:
        lex.add(p, "reference", True)
    for p, q in RECORD_PHRASES.items():
        lex.add(p, "record", q)
    for p, (who, stance) in ATTRIBUTIONS.items():
        lex.add(p, "attrib", (who, stance))
    for p in ALLEGE_VERBS:
        lex.add(p, "allege", True)
    for p in HEDGES:
        lex.add(p, "hedge", True)
    for p in KILLED_WORDS:
        lex.add(p, "killed", True)
    for p in INJURED_WORDS:
        lex.add(p, "injured", True)
    for p in PEOPLE_WORDS:
        lex.add(p, "people", True)


def _index_places(lex: Lexicon, catalog: dict[str, Any]) -> None:
    """Places: the catalog's text aliases, with oblast adjectives for coordinated lists."""
    places_done = False
    kinds = _catalog_place_kinds()
    if "text_place_aliases" in catalog and kinds:
        n = 0
        for alias, value in _iter_alias_entries(catalog["text_place_aliases"]):
            pid = str(value)
            info = kinds.get(pid)
            if info is not None and info[0] == "launch_area" and isinstance(alias, str):
                lex.add(alias, "ru_place", pid)  # "over the Ryazan Region": the Russian side
            if info is None or info[0] in _SKIP_PLACE_KINDS or not isinstance(alias, str):
                continue
            lex.add(alias, "place", (pid, info[1], info[2]))
            n += 1
            if alias[-1:].isascii() and alias[-1:].isalpha():
                # "Odesa's port", "Kharkiv's governor": the English possessive is one token
                lex.add(alias + "'s", "place", (pid, info[1], info[2]))
            # "Запорізьку область" also gives "Запорізьку", for coordinated lists that share
            # the noun: "на Запорізьку та Донецьку області" (see places.find_places)
            head, _, noun = alias.rpartition(" ")
            if head and " " not in head and noun in _OBLAST_NOUNS:
                lex.add(head, "oblast_adj", (pid, info[1], info[2]))
        places_done = n > 0
    lex.catalog_used["places"] = places_done


def _index_targets(lex: Lexicon, catalog: dict[str, Any]) -> None:
    """Target stems from the catalog's target lexicon, longest first per first three letters."""
    stems: list[tuple[str, TargetCategory, bool]] = []
    if "target_lexicon" in catalog:
        whole = _catalog_whole_words()
        for alias, value in _iter_alias_entries(catalog["target_lexicon"]):
            try:
                cat = TargetCategory(str(getattr(value, "value", value)))
            except ValueError:
                continue
            if isinstance(alias, str):
                stems.append((normalise(alias), cat, normalise(alias) in whole))
    lex.catalog_used["targets"] = bool(stems)
    for stem, cat, is_whole in sorted(stems, key=lambda e: -len(e[0])):
        lex.target_stems.setdefault(stem[:3], []).append((stem, cat, is_whole))


def _index_rest(lex: Lexicon) -> None:
    """Hit and target verbs, foreign markers, the extra phrase records, months, weekdays."""
    for p in HIT_VERBS:
        lex.add(p, "hitverb", True)
    for p in FOREIGN:
        lex.add(p, "foreign", True)
    for p in TARGET_VERBS:
        lex.add(p, "tverb", True)
    for _r, phrases, value in vocab.records():
        if _r not in TABLE_ROLES and _r not in ("form", "number"):
            for phrase in phrases:
                lex.add(phrase, _r, value)
    for name, month in MONTHS.items():
        lex.add((name,), "month", month)
    for name, wd in WEEKDAYS.items():
        lex.add((name,), "weekday", wd)
