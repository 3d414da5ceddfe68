"""Weapon mentions: runs of weapon words ("574 ударними БпЛА типу Shahed, Гербера та інших
типів", "Iskander-M/KN-23 ballistic missiles") resolved to a class and model.

A run starts at a model, a head noun ("ракета", "drone", "air targets") or a class adjective
("крилатих", "ballistic") and extends over connectors ("типу", "and other types", "/", ",").
It is a weapon mention only if it contains a model or a head, so "Air Force" (adjective
"air" without a head) is not one. The class comes from the models when named, else from the
head and its adjectives; a run naming models of several classes is ``mixed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from strikewatch.domain import WeaponClass
from strikewatch.readers.text.annotate import Annotations
from strikewatch.readers.text.lexicon import ADJ_CLASS, TYPE_GLUE, TYPE_WORDS, WCONN
from strikewatch.readers.text.tokens import NUM, Offsets, Token

WC = WeaponClass
MISSILE_FAMILY = frozenset(
    {
        WC.CRUISE_MISSILE,
        WC.BALLISTIC_MISSILE,
        WC.AEROBALLISTIC_MISSILE,
        WC.ANTI_SHIP_MISSILE,
        WC.ANTI_RADAR_MISSILE,
        WC.UNKNOWN_MISSILE,
    }
)
DRONE_FAMILY = frozenset({WC.STRIKE_DRONE, WC.RECON_DRONE, WC.LOITERING_MUNITION, WC.UNKNOWN_DRONE})


def family(cls: WeaponClass | None) -> str:
    """ "missile", "drone", or the class itself: what a generic figure of a class covers."""
    if cls in MISSILE_FAMILY:
        return "missile"
    if cls in DRONE_FAMILY:
        return "drone"
    return str(cls)


@dataclass(slots=True)
class WeaponRef:
    i0: int
    i1: int  # exclusive
    start: int
    end: int
    weapon_class: WeaponClass
    model: str | None
    scope: str  # "all", "missile", "drone" for generic totals; "" for specific mentions
    components: tuple[str, ...] = ()
    qualifier: str | None = None
    various: bool = False  # "of various types", "різних типів": a total by wording
    models: list[str] = field(default_factory=list)


#: Catalog "models" that only restate a class; dropped when a run also names a real model.
GENERIC_MODELS = frozenset(
    {
        "Ballistic missile",
        "Unknown missile",
        "Decoy drone",
        "Reconnaissance UAV",
        "Unknown UAV",
        "Guided bomb",
    }
)
_DECOYS = ("Gerbera", "Parodia", "Decoy drone")
#: After a head noun, these introduce examples of what the figure includes, not its class.
#: Words that give examples of the class just named ("40 ракетами, зокрема «Кинджалами»").
EXAMPLE_WORDS = frozenset({"зокрема", "including", "incl", "серед", "включно", "включая"})
#: "а також", "as well as", "also": what follows is another weapon, never part of this run.
_ADDING = frozenset({"також", "well", "also"})


def _model_name(models: list[str]) -> str:
    specific = [m for m in models if m not in GENERIC_MODELS]
    if specific and len(specific) < len(models):
        models = specific + [
            m for m in models if m == "Decoy drone" and "Shahed-136/131" in specific
        ]
    if "Iskander-M" in models and "KN-23" in models:
        rest = [m for m in models if m not in ("Iskander-M", "KN-23")]
        models = ["Iskander-M/KN-23", *rest]
    if "Shahed-136/131" in models:
        # The Air Force counts Shaheds with decoys (Gerbera, Parodiya) as one figure.
        models = ["Shahed-136/131"] + [
            m for m in models if m != "Shahed-136/131" and m not in _DECOYS
        ]
    return " and ".join(models)


def _run_starts(ann: Annotations) -> list[int]:
    return [k for k, a in ann.items() if "model" in a or "head" in a or "adj" in a]


def find_weapons(
    tokens: list[Token],
    ann: Annotations,
    taken: bytearray,
    starts: Offsets,
    ends: Offsets,
    starts_at: list[int] | None = None,
) -> list[WeaponRef]:
    """All weapon runs, left to right; marks their tokens (model numbers) as taken."""
    out: list[WeaponRef] = []
    i = 0
    # only a model, head or class adjective can start a run
    for c in starts_at if starts_at is not None else _run_starts(ann):
        if c < i:
            continue
        i = c
        run = _scan_run(tokens, ann, i)
        if run is None:
            i += 1
            continue
        end_i, sig = run
        for k in range(i, end_i):
            if tokens[k].kind == NUM:
                taken[k] = 1
        tpl = _RESOLVED.get(sig, _MISSING)
        if tpl is _MISSING:
            if len(_RESOLVED) > 20_000:
                _RESOLVED.clear()
            tpl = _RESOLVED[sig] = _resolve(*sig)
        if tpl is not None:
            # the class and model depend only on the run's words: resolved once per wording
            out.append(
                WeaponRef(
                    i,
                    end_i,
                    starts[i],
                    ends[end_i - 1],
                    tpl.weapon_class,
                    tpl.model,
                    tpl.scope,
                    tpl.components,
                    tpl.qualifier,
                    tpl.various,
                    tpl.models,
                )
            )
        i = max(end_i, i + 1)
    return out


#: What a run says, independent of where it is: (models, families, adjectives, various).
RunWords = tuple[tuple[tuple[str, WeaponClass], ...], tuple[str, ...], tuple[str, ...], bool]


def _scan_run(tokens: list[Token], ann: Annotations, i: int) -> tuple[int, RunWords] | None:
    """The weapon run starting at token ``i``: its end (trailing connectors trimmed) and its
    words, or None when it names no model and no weapon family."""
    n = len(tokens)
    j = last_real = i
    models: list[tuple[str, WeaponClass]] = []
    families: list[str] = []
    adjs: list[str] = []
    various = False
    ann_get = ann.get  # bound once: this loop runs per token of every weapon run
    while j < n:
        b = ann_get(j)
        if b is not None:  # one test for the many unannotated connectors of a run
            if "model" in b:
                j, payload = b["model"]
                models.append(payload)
                last_real = j
                continue
            if "head" in b:
                j, fam = b["head"]
                families.append(fam)
                last_real = j
                continue
            if "model_after_head" in b and families and not models and tokens[j - 1].text != ",":
                j, payload = b["model_after_head"]  # "дронами «Молнія»": only after a weapon
                models.append(payload)
                last_real = j
                continue
            if "adj" in b:
                j, hint = b["adj"]  # adjectives alone do not end a run, but do not extend it
                adjs.append(hint)
                continue
        t = tokens[j]
        if t.kind != NUM and (t.key in WCONN or t.text in WCONN):
            if t.key in EXAMPLE_WORDS and families and not models:
                break  # "40 ракетами, зокрема «Кинджалами»": examples, not the class
            if t.key in _ADDING and (families or models):
                break  # "50 ударними БпЛА, а також ракетами Х-59": a second weapon
            if t.key in ("різний", "various", "different"):
                various = True
            j += 1
            continue
        # "/69" inside "X-59/69": a bare number after a slash inside a model run
        if t.kind == NUM and models and j >= 1 and tokens[j - 1].text == "/":
            j += 1
            last_real = j
            continue
        break
    guided = adjs.count("guided")  # weak words ("air", "-", "launched") never stand alone:
    adjs = _weigh_guided(adjs, models)  # "15 of the Russia-launched … drones" is no missile
    if not models and not families and (_STRONG & set(adjs) or guided >= 2):
        # elliptical list items: "2 балістичні, 41 крилата, 2 керовані авіаційні"
        families.append("missile")
        last_real = j
        while last_real > i and tokens[last_real - 1].key in WCONN:
            last_real -= 1
    if not models and not families:
        return None
    return last_real, (tuple(models), tuple(families), tuple(adjs), various)


_DRONE_HEADS = frozenset({"drone", "loitering", "decoy"})
_STRONG = frozenset({"cruise", "ballistic", "aeroballistic", "anti_ship", "anti_radar", "iskander"})
#: Name hints that cover models of different classes (the ballistic Iskander-M and the cruise
#: Iskander-K), with the model that, named in the same document, makes the bare name no
#: single class.
_AMBIGUOUS_NAMES = {"iskander": "Iskander-K"}


def ambiguous_names(refs: list[WeaponRef], ann: Annotations) -> None:
    """ "11 Iskander missiles … 'Iskander-M' and 'Iskander-K'": a bare family name read as
    one class by default is no single class when the document also names its model of
    another class; such runs (no model of their own) become unknown missiles, in place."""
    hints: list[str] = []
    for r in refs:
        m = r.model
        if m is None:
            continue  # the usual run: a family word, no model
        for h, other in _AMBIGUOUS_NAMES.items():
            # a list of models keeps each one ("Iskander-M and Iskander-K")
            if (m == other or other in r.models) and h not in hints:
                hints.append(h)
    if not hints:
        return
    for r in refs:
        if r.model is not None or r.weapon_class != WC.BALLISTIC_MISSILE:
            continue
        # the name may follow the head it classes ("6 ракет Іскандер"), right after the run
        if any(
            (a := ann.get(k)) is not None and "adj" in a and a["adj"][1] in hints
            for k in range(r.i0, r.i1 + 1)
        ):
            r.weapon_class = WC.UNKNOWN_MISSILE
            r.scope = "missile"
            r.components = ("unknown_missile",)


def typed_after(refs: list[WeaponRef], ann: Annotations, keys: list[str]) -> None:
    """ "attacked Kyiv using Shahed loitering munitions and missiles, likely the ballistic
    type", "ракетами, ймовірно, балістичного типу": a class adjective with a type word
    right after generic missiles (only ``type_glue`` words between) says their class. The
    run's unknown missiles become that class, in place; the adjective names no weapon of
    its own (it has no head, so no figure or name claim counts it)."""
    n = len(keys)
    for idx in range(1, len(refs)):
        a, b = refs[idx - 1], refs[idx]
        if "unknown_missile" not in a.components or b.model is not None:
            continue
        cls = b.weapon_class
        if cls not in MISSILE_FAMILY or cls == WC.UNKNOWN_MISSILE or b.i0 - a.i1 > 4:
            continue
        if b.i1 >= n or keys[b.i1] not in TYPE_WORDS:
            continue
        if any((x := ann.get(k)) is not None and "head" in x for k in range(b.i0, b.i1)):
            continue
        if not all(keys[k] in TYPE_GLUE for k in range(a.i1, b.i0)):
            continue
        a.components = tuple(
            dict.fromkeys(cls.value if c == "unknown_missile" else c for c in a.components)
        )
        if a.weapon_class == WC.UNKNOWN_MISSILE:
            a.weapon_class, a.scope = cls, ""


def _weigh_guided(
    adjs: list[str], models: list[tuple[str, WeaponClass]] | None = None
) -> list[str]:
    """A weak "guided" word counts only twice over or beside a strong one, and never beside
    another missile class (an adjective, or a model of one among ``models``): "Russia-launched
    ballistic missiles" are ballistic, the launch words say who fired them, not a second
    (cruise) class."""
    weak = adjs.count("guided_weak")
    if not weak:
        return adjs
    adjs = [h for h in adjs if h != "guided_weak"]
    if _STRONG.intersection(adjs) or any(
        c in MISSILE_FAMILY and c != WC.UNKNOWN_MISSILE for _m, c in models or ()
    ):
        return adjs
    if weak >= 2 or "guided" in adjs:
        adjs += ["guided"] * weak
    return adjs


_MISSING = WeaponRef(0, 0, 0, 0, WC.MIXED, None, "")
_RESOLVED: dict[RunWords, WeaponRef | None] = {}


def _tpl(
    cls: WeaponClass,
    model: str | None,
    scope: str,
    components: tuple[str, ...],
    qualifier: str | None = None,
    various: bool = False,
    models: list[str] | None = None,
) -> WeaponRef:
    """A resolved run not yet placed in a text (``find_weapons`` adds the positions)."""
    return WeaponRef(0, 0, 0, 0, cls, model, scope, components, qualifier, various, models or [])


def _resolve(
    models: tuple[tuple[str, WeaponClass], ...],
    families: tuple[str, ...],
    adjs: tuple[str, ...],
    various: bool,
) -> WeaponRef | None:
    """Class, model and scope of a run's words."""
    qualifier = None
    if "jet" in adjs:
        qualifier = "turbojet"
    if "decoy" in families and not models:
        qualifier = "decoy"
    if models:
        return _resolve_models(models, families, adjs, qualifier, various)
    fams = list(dict.fromkeys(families))
    drones = "drone" in fams or "decoy" in fams or "loitering" in fams
    if "all" in fams or ("missile" in fams and drones):
        return _tpl(WC.MIXED, None, "all", _named_classes(fams, adjs), qualifier, True)
    if "bomb" in fams:
        return _tpl(WC.GUIDED_BOMB, None, "", ("guided_bomb",))
    if "missile" in fams:
        kinds = [ADJ_CLASS[a] for a in adjs if a in ADJ_CLASS and ADJ_CLASS[a] in MISSILE_FAMILY]
        kinds = list(dict.fromkeys(kinds))
        if len(kinds) == 1:
            return _tpl(kinds[0], None, "", (kinds[0].value,), qualifier, various)
        if len(kinds) > 1:
            return _tpl(WC.MIXED, None, "missile", tuple(k.value for k in kinds), qualifier, True)
        return _tpl(WC.UNKNOWN_MISSILE, None, "missile", ("unknown_missile",), qualifier, various)
    # drones / decoys / loitering munitions
    cls = _drone_class(fams, adjs)
    scope = "drone" if cls == WC.STRIKE_DRONE else ""
    return _tpl(cls, None, scope, (cls.value,), qualifier, various)


def _drone_class(fams: list[str], adjs: tuple[str, ...]) -> WeaponClass:
    """ "барражуючі боєприпаси", "loitering drones": loitering munitions; "розвідувальні
    БпЛА": recon drones; any other drone word: strike drones."""
    if "loitering" in fams or "loitering" in adjs:
        return WC.LOITERING_MUNITION
    return WC.RECON_DRONE if "recon" in adjs else WC.STRIKE_DRONE


def _named_classes(fams: list[str], adjs: tuple[str, ...]) -> tuple[str, ...]:
    """The specific classes a generic run names ("drones, cruise and ballistic missiles"):
    its drones and its missile adjectives; none for "targets" / "air attack assets"."""
    if "all" in fams:
        return ()
    out = []
    if "drone" in fams or "loitering" in fams:
        out.append(_drone_class(fams, adjs).value)
    out.extend(
        ADJ_CLASS[a].value for a in adjs if a in ADJ_CLASS and ADJ_CLASS[a] in MISSILE_FAMILY
    )
    return tuple(dict.fromkeys(out))


def _resolve_models(
    models: tuple[tuple[str, WeaponClass], ...],
    families: tuple[str, ...],
    adjs: tuple[str, ...],
    qualifier: str | None,
    various: bool,
) -> WeaponRef:
    """A run naming models: their class (mixed when they differ) and canonical names."""
    names = list(dict.fromkeys(m for m, _c in models))
    specific = [(m, c) for m, c in models if m not in GENERIC_MODELS] or list(models)
    classes = list(dict.fromkeys(c for _m, c in specific))
    if all(m in GENERIC_MODELS for m, _c in models):
        # "cruise and ballistic missiles": the generic model and the other adjectives
        classes = list(
            dict.fromkeys(
                [*classes, *(ADJ_CLASS[a] for a in adjs if ADJ_CLASS.get(a) in MISSILE_FAMILY)]
            )
        )
    missiles = any(c in MISSILE_FAMILY for c in classes)
    if (
        any(m in _DECOYS for m, _ in models)
        and len(classes) == 1
        and not any(m == "Shahed-136/131" for m, _ in models)
    ):
        qualifier = "decoy"
    if "drone" in families and ("missile" in families or missiles):
        classes = list(dict.fromkeys([*classes, WC.STRIKE_DRONE]))
    if "missile" in families and not missiles and not _DRONE_HEADS.isdisjoint(families):
        # "Shahed loitering munitions and missiles": the missiles are a class of their own
        # (a missile head alone names the model's class: "5 ракет «Бандероль»")
        kinds = [ADJ_CLASS[a] for a in adjs if ADJ_CLASS.get(a) in MISSILE_FAMILY]
        classes = list(dict.fromkeys([*classes, *(kinds or [WC.UNKNOWN_MISSILE])]))
    if len(classes) == 1:
        return _tpl(
            classes[0], _model_name(names), "", (classes[0].value,), qualifier, various, names
        )
    comps = tuple(c.value for c in classes)
    if all(m in GENERIC_MODELS for m, _c in models):
        # "20 cruise and ballistic missiles", "drones, cruise and ballistic missiles": classes
        # without a model, read like the same words without the catalog's generic entry
        scope = "all" if WC.STRIKE_DRONE in classes else "missile"
        return _tpl(WC.MIXED, None, scope, comps, qualifier, True)
    return _tpl(WC.MIXED, _model_name(names), "", comps, qualifier, various, names)


def classify_model_string(text: str) -> tuple[WeaponClass | None, str | None, tuple[str, ...]]:
    """Class, canonical model and component classes of a free-text model string.

    Used to read the dataset's ``model`` column ("X-101/X-555 and Iskander-K") with the same
    lexicon as report text.
    """
    from strikewatch.readers.text.annotate import annotate
    from strikewatch.readers.text.lexicon import get_lexicon
    from strikewatch.readers.text.tokens import normalise, tokenize_columns

    lex = get_lexicon()
    low = normalise(text)
    tk = tokenize_columns(low, lex.lemma)
    ann = annotate(tk.tokens, lex)
    refs = find_weapons(tk.tokens, ann, bytearray(len(tk.tokens)), tk.starts, tk.ends)
    if not refs:
        return None, None, ()
    comps: list[str] = []
    models: list[str] = []
    for r in refs:
        comps.extend(r.components or (r.weapon_class.value,))
        models.extend(r.models)
    comps = list(dict.fromkeys(comps))
    cls = WeaponClass(comps[0]) if len(comps) == 1 else WC.MIXED
    return cls, _model_name(list(dict.fromkeys(models))) or None, tuple(comps)
