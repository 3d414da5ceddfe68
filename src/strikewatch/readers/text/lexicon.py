"""The reader's vocabularies, written as data, and the phrase index built from them.

Phrases are written once, in base forms (Ukrainian lemmas, English base words); at build time
every Ukrainian word is expanded into all its inflected forms with pymorphy3 and folded back
to its lemma, so "крилатих ракет" matches the phrase ("крилатий", "ракета"). The index is a
dict from first key to candidate phrases, so tokens that start no phrase cost one lookup.

Weapons, places and targets come from ``strikewatch.catalog`` when it provides
``text_aliases()``, ``text_place_aliases()`` and ``target_lexicon()``; the small local lists
below are the fallback so the reader works before the catalog lands and in isolation.
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

# --------------------------------------------------------------------------------------------
# Number words.  type: u=unit, t=teen/tens (additive), h=hundreds (additive), H=x100, K=x1000,
# M=x1e6
UK_NUMBERS: dict[str, tuple[int, str]] = {
    "один": (1, "u"),
    "два": (2, "u"),
    "три": (3, "u"),
    "чотири": (4, "u"),
    "п'ять": (5, "u"),
    "шість": (6, "u"),
    "сім": (7, "u"),
    "вісім": (8, "u"),
    "дев'ять": (9, "u"),
    "десять": (10, "t"),
    "одинадцять": (11, "t"),
    "дванадцять": (12, "t"),
    "тринадцять": (13, "t"),
    "чотирнадцять": (14, "t"),
    "п'ятнадцять": (15, "t"),
    "шістнадцять": (16, "t"),
    "сімнадцять": (17, "t"),
    "вісімнадцять": (18, "t"),
    "дев'ятнадцять": (19, "t"),
    "двадцять": (20, "t"),
    "тридцять": (30, "t"),
    "сорок": (40, "t"),
    "п'ятдесят": (50, "t"),
    "шістдесят": (60, "t"),
    "сімдесят": (70, "t"),
    "вісімдесят": (80, "t"),
    "дев'яносто": (90, "t"),
    "сто": (100, "h"),
    "двісті": (200, "h"),
    "триста": (300, "h"),
    "чотириста": (400, "h"),
    "п'ятсот": (500, "h"),
    "шістсот": (600, "h"),
    "сімсот": (700, "h"),
    "вісімсот": (800, "h"),
    "дев'ятсот": (900, "h"),
    "тисяча": (1000, "K"),
    "мільйон": (1_000_000, "M"),
}
# Forms pymorphy3's dictionary lacks or gives only under another lemma.
UK_NUMBER_EXTRA: dict[str, str] = {
    "ста": "сто",
    "сорока": "сорок",
    "дев'яноста": "дев'яносто",
    "тис": "тисяча",
    "одна": "один",
    "одне": "один",
    "одну": "один",
    "одного": "один",
    "одній": "один",
    "одним": "один",
    "одною": "один",
    "дві": "два",
    "двох": "два",
    "двома": "два",
    "трьох": "три",
    "трьома": "три",
    "чотирьох": "чотири",
    "чотирма": "чотири",
    "п'яти": "п'ять",
    "п'ятьма": "п'ять",
    "п'ятьох": "п'ять",
    "шести": "шість",
    "семи": "сім",
    "восьми": "вісім",
    "дев'яти": "дев'ять",
    "десяти": "десять",
    "двадцяти": "двадцять",
    "тридцяти": "тридцять",
    "п'ятдесяти": "п'ятдесят",
    "шістдесяти": "шістдесят",
    "сімдесяти": "сімдесят",
    "вісімдесяти": "вісімдесят",
    "двохсот": "двісті",
    "трьохсот": "триста",
    "чотирьохсот": "чотириста",
    "п'ятисот": "п'ятсот",
    "шестисот": "шістсот",
    "семисот": "сімсот",
    "восьмисот": "вісімсот",
    "дев'ятисот": "дев'ятсот",
    "тисяч": "тисяча",
    "тисячі": "тисяча",
    "тисячу": "тисяча",
    "тисячею": "тисяча",
    "тисячами": "тисяча",
    # collective numerals ("двоє людей")
    "двоє": "два",
    "троє": "три",
    "четверо": "чотири",
    "четверох": "чотири",
    "п'ятеро": "п'ять",
    "шестеро": "шість",
    "семеро": "сім",
    "восьмеро": "вісім",
    "дев'ятеро": "дев'ять",
    "десятеро": "десять",
}
EN_NUMBERS: dict[str, tuple[int, str]] = {
    "one": (1, "u"),
    "two": (2, "u"),
    "three": (3, "u"),
    "four": (4, "u"),
    "five": (5, "u"),
    "six": (6, "u"),
    "seven": (7, "u"),
    "eight": (8, "u"),
    "nine": (9, "u"),
    "ten": (10, "t"),
    "eleven": (11, "t"),
    "twelve": (12, "t"),
    "thirteen": (13, "t"),
    "fourteen": (14, "t"),
    "fifteen": (15, "t"),
    "sixteen": (16, "t"),
    "seventeen": (17, "t"),
    "eighteen": (18, "t"),
    "nineteen": (19, "t"),
    "twenty": (20, "t"),
    "thirty": (30, "t"),
    "forty": (40, "t"),
    "fourty": (40, "t"),
    "fifty": (50, "t"),
    "sixty": (60, "t"),
    "seventy": (70, "t"),
    "eighty": (80, "t"),
    "ninety": (90, "t"),
    "hundred": (100, "H"),
    "thousand": (1000, "K"),
    "million": (1_000_000, "M"),
}

# Vague quantifiers: key phrase -> (value, low, high). Documented in docs/quantities.md.
VAGUE: dict[tuple[str, ...], tuple[float | None, float | None, float | None]] = {
    ("hundreds",): (None, 200, 999),
    ("several", "hundred"): (None, 200, 999),
    ("a", "few", "hundred"): (None, 200, 500),
    ("dozens",): (None, 24, 99),
    ("several", "dozen"): (None, 24, 99),
    ("a", "few", "dozen"): (None, 24, 60),
    ("scores",): (None, 40, 99),
    ("tens",): (None, 20, 99),
    ("thousands",): (None, 2000, 9999),
    ("several", "thousand"): (None, 2000, 9999),
    ("a", "dozen"): (12, 10, 14),
    ("a", "couple", "of"): (2, 2, 3),
    ("several",): (None, 3, 9),
    ("a", "few"): (None, 2, 5),
    ("a", "handful", "of"): (None, 2, 6),
    ("multiple",): (None, 2, None),
    ("numerous",): (None, 2, None),
    ("сотня",): (None, 200, 999),
    ("кількасот",): (None, 200, 999),
    ("десяток",): (None, 20, 99),
    ("кількадесят",): (None, 20, 99),
    ("кілька",): (None, 2, 9),
    ("декілька",): (None, 2, 9),
    ("кілька", "десятків"): (None, 20, 99),
    ("кілька", "сотень"): (None, 200, 999),
    ("кілька", "тисяч"): (None, 2000, 9999),
    ("тисячі",): (None, 2000, 9999),
}

# Approximation words in front of a number: mode.
APPROX: dict[tuple[str, ...], str] = {
    **{
        (w,): "about"
        for w in (
            "about",
            "approximately",
            "around",
            "roughly",
            "some",
            "approx",
            "circa",
            "близько",
            "приблизно",
            "орієнтовно",
            "майже_",
            "ca",
        )
    },
    ("an", "estimated"): "about",
    ("estimated",): "about",
    ("as", "many", "as"): "upto",
    ("nearly",): "nearly",
    ("almost",): "nearly",
    ("close", "to"): "nearly",
    ("just", "under"): "nearly",
    ("майже",): "nearly",
    ("ледь", "не"): "nearly",
    ("more", "than"): "more",
    ("over",): "more",
    ("above",): "more",
    ("upwards", "of"): "more",
    ("in", "excess", "of"): "more",
    ("just", "over"): "more",
    ("понад",): "more",
    ("більше",): "more",
    ("більш", "ніж"): "more",
    ("більше", "ніж"): "more",
    ("більше", "за"): "more",
    ("at", "least"): "atleast",
    ("no", "fewer", "than"): "atleast",
    ("no", "less", "than"): "atleast",
    ("not", "less", "than"): "atleast",
    ("a", "minimum", "of"): "atleast",
    ("щонайменше",): "atleast",
    ("принаймні",): "atleast",
    ("не", "менше"): "atleast",
    ("не", "менше", "ніж"): "atleast",
    ("не", "менш", "ніж"): "atleast",
    ("up", "to"): "upto",
    ("до",): "upto",
    ("less", "than"): "less",
    ("fewer", "than"): "less",
    ("under",): "less",
    ("менше",): "less",
    ("менше", "ніж"): "less",
}

# --------------------------------------------------------------------------------------------
# Weapons. Heads: the noun that makes a run a weapon mention.  family -> default class
HEADS: dict[tuple[str, ...], str] = {
    **{
        (w,): "drone"
        for w in (
            "drone",
            "uav",
            "бпла",
            "дрон",
            "безпілотник",
            "бпла-імітатор",
            "unmanned",
            "kamikaze",
            "шахед",
            "герань",
            "мопед",
        )
    },
    ("unmanned", "aerial", "vehicle"): "drone",
    ("attack", "uav"): "drone",
    **{(w,): "decoy" for w in ("decoy", "імітатор", "imitator", "dummy")},
    **{(w,): "missile" for w in ("missile", "ракета", "rocket")},
    **{(w,): "bomb" for w in ("каб", "авіабомба", "bomb", "kab")},
    ("air", "target"): "all",
    ("aerial", "target"): "all",
    ("air", "attack", "asset"): "all",
    ("air", "attack", "weapon"): "all",
    ("air", "attack", "vehicle"): "all",
    ("means", "of", "air", "attack"): "all",
    ("air", "attack", "mean"): "all",
    ("aerial", "attack", "weapon"): "all",
    ("aerial", "weapon"): "all",
    ("повітряний", "ціль"): "all",
    ("засіб", "повітряний", "напад"): "all",
    ("засіб", "повітряного", "нападу"): "all",
    ("projectile",): "all",
    ("airborne", "target"): "all",
    ("ціль",): "all",
    ("target",): "all",
}
ADJ: dict[tuple[str, ...], str] = {
    **{(w,): "cruise" for w in ("cruise", "крилатий")},
    **{(w,): "ballistic" for w in ("ballistic", "балістичний")},
    **{
        (w,): "aeroballistic"
        for w in ("aeroballistic", "аеробалістичний", "hypersonic", "гіперзвуковий")
    },
    **{(w,): "anti_ship" for w in ("протикорабельний",)},
    ("anti", "-", "ship"): "anti_ship",
    ("anti", "ship"): "anti_ship",
    ("anti", "-", "radar"): "anti_radar",
    ("протирадіолокаційний",): "anti_radar",
    **{(w,): "guided" for w in ("guided", "керований", "авіаційний")},
    # parts of "air-launched" / "aircraft-launched": "guided" only together (weapons.py), so
    # "13 missiles launched by Russia" or "missiles, the air force said" stay generic
    **{(w,): "guided_weak" for w in ("air", "-", "launched", "aircraft")},
    **{
        (w,): "strike"
        for w in ("ударний", "attack", "strike", "kamikaze", "бойовий", "combat", "long", "range")
    },
    **{(w,): "recon" for w in ("reconnaissance", "розвідувальний", "recon", "surveillance")},
    **{(w,): "jet" for w in ("jet", "реактивний", "jet-powered", "turbojet")},
}
# Words that may sit inside a weapon run without changing it.
WCONN: frozenset[str] = frozenset(
    (
        "тип",
        "типу",
        "type",
        "types",
        "інший",
        "other",
        "різний",
        "various",
        "different",
        "and",
        "та",
        "і",
        "й",
        "or",
        "чи",
        "або",
        ",",
        "/",
        "-",
        "–",
        # quoted names in Air Force reports: «Калібр», «Шахед», "Kinzhal"
        "«",
        "»",
        "„",
        "“",
        "”",
        '"',
        "ворожий",
        "enemy",
        "russian",
        "російський",
        "shahed-type",
        "of",
        "the",
        "kinds",
        "kind",
        "model",
        "models",
        "including",
        "зокрема",
        "у",
        "тому",
        "числі",
        "включно",
        "з",
        "(",
        ")",
        "ракетний",
        "hostile",
        "unidentified",
        "невстановлений",
        "mostly",
        "mainly",
        "переважно",
        "decoys",
        "also",
        "as",
        "well",
        "а",
        "також",
        "типів",
        "iranian",
        "designed",
        "іранського",
        "виробництва",
        "production",
    )
)

# canonical model -> (class, aliases). Aliases are written naturally; build() tokenises them.
MODELS: dict[str, tuple[WeaponClass, tuple[str, ...]]] = {
    "Shahed-136/131": (
        WC.STRIKE_DRONE,
        (
            "shahed",
            "shahed-136",
            "shahed-131",
            "shaheds",
            "шахед",
            "герань",
            "герань-2",
            "geran",
            "geran-2",
            "shahed-136/131",
            "shahed-131/136",
            "шахед-136",
            "шахед-131",
        ),
    ),
    "Gerbera": (WC.STRIKE_DRONE, ("gerbera", "гербера", "gerberas")),
    "Parodia": (WC.STRIKE_DRONE, ("пародія", "parodiya", "parodia")),
    "Shahed-238": (WC.STRIKE_DRONE, ("shahed-238", "шахед-238", "geran-3", "герань-3")),
    "Lancet": (WC.LOITERING_MUNITION, ("lancet", "ланцет")),
    "Orlan-10": (
        WC.RECON_DRONE,
        (
            "orlan",
            "orlan-10",
            "орлан",
            "орлан-10",
            "supercam",
            "суперкам",
            "zala",
            "зала",
            "merlin",
            "мерлін",
        ),
    ),
    "X-101/X-555": (WC.CRUISE_MISSILE, ("x-101", "x-555", "x-101/x-555", "x-101/555")),
    "Kalibr": (WC.CRUISE_MISSILE, ("kalibr", "калібр", "3m-14", "3м-14", "kalibrs")),
    "X-59/X-69": (WC.CRUISE_MISSILE, ("x-59", "x-69", "x-59/69", "x-59/x-69", "x-69/59")),
    "Iskander-K": (WC.CRUISE_MISSILE, ("iskander-k", "іскандер-к")),
    "X-22/X-32": (WC.CRUISE_MISSILE, ("x-22", "x-32", "x-22/32", "x-22/x-32")),
    "Iskander-M": (WC.BALLISTIC_MISSILE, ("iskander-m", "іскандер-м", "iskander", "іскандер")),
    "KN-23": (WC.BALLISTIC_MISSILE, ("kn-23", "кн-23")),
    "S-300/S-400": (WC.BALLISTIC_MISSILE, ("s-300", "s-400", "s-300/400", "s-300/s-400")),
    "Kinzhal": (WC.AEROBALLISTIC_MISSILE, ("kinzhal", "кинджал", "x-47m2", "x-47м2", "kinzhals")),
    "Oniks": (WC.ANTI_SHIP_MISSILE, ("oniks", "онікс", "onyx", "p-800")),
    "3M22 Zircon": (WC.ANTI_SHIP_MISSILE, ("zircon", "циркон", "tsirkon", "3m22", "3м22")),
    "X-31P": (WC.ANTI_RADAR_MISSILE, ("x-31p", "x-31п", "x-31")),
    "X-35": (WC.ANTI_SHIP_MISSILE, ("x-35",)),
    "KAB": (WC.GUIDED_BOMB, ("каб", "kab", "kabs", "fab", "фаб")),
}

FAMILY_CLASS: dict[str, WeaponClass] = {
    "drone": WC.STRIKE_DRONE,
    "decoy": WC.STRIKE_DRONE,
    "missile": WC.UNKNOWN_MISSILE,
    "bomb": WC.GUIDED_BOMB,
    "all": WC.MIXED,
}
ADJ_CLASS: dict[str, WeaponClass] = {
    "cruise": WC.CRUISE_MISSILE,
    "ballistic": WC.BALLISTIC_MISSILE,
    "aeroballistic": WC.AEROBALLISTIC_MISSILE,
    "anti_ship": WC.ANTI_SHIP_MISSILE,
    "anti_radar": WC.ANTI_RADAR_MISSILE,
    "guided": WC.CRUISE_MISSILE,
    "recon": WC.RECON_DRONE,
    "strike": WC.STRIKE_DRONE,
    "jet": WC.STRIKE_DRONE,
}

# --------------------------------------------------------------------------------------------
# Outcome cues.
CUES: dict[Outcome, tuple[str, ...]] = {
    Outcome.LAUNCHED: (
        "launched",
        "launch",
        "launches",
        "launching",
        "fired",
        "firing",
        "attacked with",
        "attacked",
        "attacking",
        "used",
        "using",
        "deployed",
        "deploying",
        "sent",
        "sending",
        "unleashed",
        "unleashing",
        "hurled",
        "struck with",
        "targeted with",
        "employed",
        "barrage of",
        "salvo of",
        "wave of",
        "involving",
        "involved",
        "comprising",
        "атакувати",
        "атакував",
        "атакувала",
        "атакували",
        "запустити",
        "запустив",
        "запустили",
        "випустити",
        "випустив",
        "випустили",
        "застосувати",
        "застосував",
        "застосувала",
        "застосували",
        "використати",
        "використав",
        "використали",
        "атака",
        "удар",
        "запуск",
        "пуск",
        "застосування",
        "задіяти",
        "задіяв",
        "спрямувати",
        "спрямував",
        "атакувано",
        # guided bombs are dropped, not launched: "скинув 54 КАБ", "dropped 40 guided bombs"
        "скинув",
        "скинула",
        "скинули",
        "скинуто",
        "скинувши",
        "dropped",
        "dropping",
    ),
    Outcome.DESTROYED: (
        "shot down",
        "shoot down",
        "shooting down",
        "downed",
        "destroyed",
        "destroy",
        "intercepted",
        "intercept",
        "intercepting",
        "neutralized",
        "neutralised",
        "neutralize",
        "neutralise",
        "suppressed",
        "eliminated",
        "taken down",
        "brought down",
        "knocked out",
        "shot-down",
        "збито",
        "збили",
        "збив",
        "збити",
        "подавлено",
        "знищено",
        "знищили",
        "знищити",
        "знешкоджено",
        "знешкодили",
        "знешкодити",
        "перехоплено",
        "перехопили",
        "перехопити",
        "нейтралізовано",
        "нейтралізували",
        "приземлено",
        "збиття",
        "знищення",
        "перехоплення",
    ),
    Outcome.LOST_EW: (
        "lost in location",
        "locationally lost",
        "location-lost",
        "lost from radar",
        "lost on radar",
        "lost to electronic warfare",
        "lost due to electronic warfare",
        "lost as a result of electronic warfare",
        "lost locationally",
        "location lost",
        "were lost",
        "failed to reach",
        "did not reach",
        "didn't reach",
        "never reached",
        "локаційно втрачено",
        "локаційно втрачені",
        "локаційно втрачених",
        "локаційно втрачений",
        "втрачено локаційно",
        "не досягли",
        "не долетіли",
        "не досягнули",
        "локаційно загублено",
    ),
    Outcome.HIT: (
        "hits",
        "impacts",
        "strikes were recorded",
        "влучання",
        "влучань",
        "влучення",
        "прильот",
        "прильоти",
    ),
    Outcome.DEBRIS: (
        "debris",
        "wreckage",
        "fragments",
        "falling debris",
        "уламки",
        "уламків",
        "уламок",
        "падіння",
        "падіння збитих",
        "падіння уламків",
    ),
    Outcome.STILL_AIRBORNE: (
        "remain in the air",
        "remained in the air",
        "still in the air",
        "still airborne",
        "still in the airspace",
        "remain in the airspace",
        "remained in the airspace",
        "remaining in the airspace",
        "in the airspace",
        "in the air",
        "airborne",
        "в повітряному просторі",
        "у повітряному просторі",
        "в повітрі",
        "у повітрі",
        "атака триває",
        "attack continues",
        "attack is ongoing",
        "перебувають",
        "перебуває",
    ),
    Outcome.CROSSED_BORDER: (
        "flew into belarus",
        "flew towards belarus",
        "у бік білорусі",
        "в бік білорусі",
        "flew into russia",
        "у бік росії",
        "в бік росії",
        "crossed into",
    ),
}
LOCATION_WORDS = (
    "location",
    "locations",
    "site",
    "sites",
    "places",
    "spots",
    "локація",
    "місце",
    "точка",
    "points",
)

# Words that make a sentence about an attack (for counts with no explicit outcome cue).
ATTACK_WORDS = (
    "attack",
    "attacks",
    "attacked",
    "assault",
    "strike",
    "strikes",
    "barrage",
    "raid",
    "bombardment",
    "onslaught",
    "salvo",
    "wave",
    "launched",
    "fired",
    "targeting",
    "targeted",
    "атака",
    "атакувати",
    "удар",
    "обстріл",
    "напад",
    "масований",
    "комбінований",
    "assaults",
    "hitting",
    "struck",
    "hit",
    "aimed",
    "combined",
    "massive",
    "overnight",
)

# Clause-boundary markers: a cue before them does not reach the quantities after them.
SUBCLAUSE = (
    "of which",
    "of them",
    "of these",
    "of those",
    "з них",
    "з яких",
    "із них",
    "із яких",
    "while",
    "whereas",
    "but",
    "але",
    "проте",
    "тоді як",
    "and a further",
    "another",
    "a further",
    "additionally",
    "окрім того",
    "крім того",
    # reported speech that adds a second statement: "…, the air force said, adding that 747
    # drones … were shot down" - the launch verb before it does not govern the figures after
    "adding that",
    "adding",
    "додавши, що",
    "додали, що",
    "додав, що",
)
#: A figure still "being clarified" is not yet a count ("Інформація щодо ще кількох ракет
#: уточнюється", "information on several more missiles is being clarified").
PENDING = (
    "уточнюється",
    "уточнюються",
    "з'ясовується",
    "з'ясовуються",
    "being clarified",
    "being verified",
    "being specified",
    "being established",
    "to be clarified",
)
# Period words: the figure is a multi-night total, not one night's.
PERIODS: dict[tuple[str, ...], str] = {
    ("this", "week"): "week",
    ("past", "week"): "week",
    ("last", "week"): "week",
    ("in", "a", "week"): "week",
    ("per", "week"): "week",
    ("over", "the", "week"): "week",
    ("this", "month"): "month",
    ("past", "month"): "month",
    ("last", "month"): "month",
    ("in", "a", "month"): "month",
    ("since", "the", "start", "of"): "long",
    ("since", "the", "beginning", "of"): "long",
    ("so", "far", "this", "year"): "year",
    ("this", "year"): "year",
    ("in", "2024"): "year",
    ("in", "2025"): "year",
    ("за", "тиждень"): "week",
    ("протягом", "тижня"): "week",
    ("цього", "тижня"): "week",
    ("минулого", "тижня"): "week",
    ("за", "місяць"): "month",
    ("протягом", "місяця"): "month",
    ("з", "початку"): "long",
    ("за", "рік"): "year",
    ("since", "february"): "long",
    ("since", "the", "full", "-", "scale"): "long",
    ("per", "night"): "average",
    ("on", "average"): "average",
    ("в", "середньому"): "average",
    ("a", "day"): "average",
    ("per", "day"): "average",
    ("щодоби",): "average",
    ("щоночі",): "average",
    ("every", "night"): "average",
    ("each", "night"): "average",
    ("over", "the", "past"): "long",
    ("in", "the", "past"): "long",
    ("протягом", "останніх"): "long",
    ("за", "останні"): "long",
    ("during", "the", "week"): "week",
    ("throughout",): "long",
    ("in", "total", "since"): "long",
}
# Reference markers: the figure describes another attack (a previous record).
REFERENCE = (
    "previous record",
    "previous largest",
    "the record of",
    "record of",
    "earlier record",
    "попередній рекорд",
    "попереднього рекорду",
    "попередня рекордна",
    "surpassing",
    "surpassed",
    "exceeding",
    "exceeded",
    "beating",
    "перевершивши",
    "compared with",
    "compared to",
    "than the",
    "ніж під час",
    "last year",
    "минулого року",
    "previously",
    "in july",
    "in june",
    "the previous",
    "попередня",
    "попередньої",
    "попередній",
)

# --------------------------------------------------------------------------------------------
# Previous-record comparisons -> PHRASE claims. key phrase -> qualifier
RECORD_PHRASES: dict[str, str] = {
    "record-breaking": "record",
    "record breaking": "record",
    "record number": "record",
    "record attack": "record",
    "record barrage": "record",
    "new record": "record",
    "record-setting": "record",
    "record": "record",
    "largest ever": "record",
    "biggest ever": "record",
    "the largest attack": "largest",
    "the biggest attack": "largest",
    "largest since": "largest_since",
    "biggest since": "largest_since",
    "most massive since": "largest_since",
    "heaviest since": "largest_since",
    "one of the year's largest": "year_top",
    "one of the largest": "top",
    "one of the biggest": "top",
    "among the biggest": "top",
    "among the largest": "top",
    "one of the most massive": "top",
    "one of the heaviest": "top",
    "the largest": "largest",
    "the biggest": "largest",
    "the heaviest": "largest",
    "the most massive": "largest",
    "largest-ever": "record",
    "наймасованіший": "largest",
    "наймасованіша": "largest",
    "наймасованішу": "largest",
    "наймасованішої": "largest",
    "наймасштабніший": "largest",
    "наймасштабніша": "largest",
    "наймасштабнішу": "largest",
    "найбільший": "largest",
    "найбільша": "largest",
    "найбільшу": "largest",
    "рекордний": "record",
    "рекордна": "record",
    "рекордну": "record",
    "рекордної": "record",
    "рекордну кількість": "record",
    "рекорд": "record",
    "одна з наймасованіших": "top",
    "одну з наймасованіших": "top",
    "одна з найбільших": "top",
    "одну з найбільших": "top",
    "однієї з наймасованіших": "top",
}

# --------------------------------------------------------------------------------------------
# Attribution. phrase -> (canonical attribution, stance) ; stance: official|alleged|media
ATTRIBUTIONS: dict[str, tuple[str, str]] = {
    "air force": ("Ukrainian Air Force", "official"),
    "air forces": ("Ukrainian Air Force", "official"),
    "повітряні сили": ("Ukrainian Air Force", "official"),
    "повітряних сил": ("Ukrainian Air Force", "official"),
    "повітряними силами": ("Ukrainian Air Force", "official"),
    "пс зсу": ("Ukrainian Air Force", "official"),
    "командування повітряних сил": ("Ukrainian Air Force", "official"),
    "ihnat": ("Ukrainian Air Force", "official"),
    "ігнат": ("Ukrainian Air Force", "official"),
    "air defense forces": ("Ukrainian Air Force", "official"),
    "general staff": ("General Staff of Ukraine", "official"),
    "генштаб": ("General Staff of Ukraine", "official"),
    "генеральний штаб": ("General Staff of Ukraine", "official"),
    "zelensky": ("President of Ukraine", "official"),
    "zelenskyy": ("President of Ukraine", "official"),
    "зеленський": ("President of Ukraine", "official"),
    "president": ("President of Ukraine", "official"),
    "ministry of energy": ("Ministry of Energy of Ukraine", "official"),
    "міненерго": ("Ministry of Energy of Ukraine", "official"),
    "ukrenergo": ("Ukrenergo", "official"),
    "укренерго": ("Ukrenergo", "official"),
    "governor": ("regional governor", "official"),
    "очільник": ("regional governor", "official"),
    "oblast military administration": ("regional military administration", "official"),
    "ова": ("regional military administration", "official"),
    "mayor": ("city mayor", "official"),
    "мер": ("city mayor", "official"),
    "russian ministry of defence": ("Russian Ministry of Defence", "alleged"),
    "russian ministry of defense": ("Russian Ministry of Defence", "alleged"),
    "russian defence ministry": ("Russian Ministry of Defence", "alleged"),
    "russian defense ministry": ("Russian Ministry of Defence", "alleged"),
    "russia's defence ministry": ("Russian Ministry of Defence", "alleged"),
    "russia's defense ministry": ("Russian Ministry of Defence", "alleged"),
    "russia's ministry of defence": ("Russian Ministry of Defence", "alleged"),
    "russia's ministry of defense": ("Russian Ministry of Defence", "alleged"),
    "moscow claims": ("Russian Ministry of Defence", "alleged"),
    "moscow said": ("Russian Ministry of Defence", "alleged"),
    "kremlin": ("Kremlin", "alleged"),
    "міноборони рф": ("Russian Ministry of Defence", "alleged"),
    "міноборони росії": ("Russian Ministry of Defence", "alleged"),
    "kyiv alleges": ("Kyiv", "alleged"),
    "kyiv alleged": ("Kyiv", "alleged"),
    "ukrainian officials alleged": ("Kyiv", "alleged"),
    "kyiv claims": ("Kyiv", "alleged"),
    "kyiv says": ("Kyiv", "official"),
    "ukraine says": ("Kyiv", "official"),
    "ukraine said": ("Kyiv", "official"),
    "kyiv said": ("Kyiv", "official"),
    "ukrainian officials": ("Kyiv", "official"),
    "ukraine's military": ("Kyiv", "official"),
    "ukrainian military": ("Kyiv", "official"),
    "ukrainian authorities": ("Kyiv", "official"),
}
ALLEGE_VERBS = (
    "alleges",
    "alleged",
    "claims",
    "claimed",
    "asserts",
    "asserted",
    "стверджує",
    "стверджують",
    "заявляє",
    "allegedly",
)
HEDGES = (
    "reportedly",
    "initial accounts",
    "initial reports",
    "preliminary",
    "preliminarily",
    "unconfirmed",
    "allegedly",
    "it appears",
    "appears to",
    "seemingly",
    "according to initial",
    "за попередніми даними",
    "за попередньою інформацією",
    "попередньо",
    "імовірно",
    "ймовірно",
    "нібито",
    "could not be independently verified",
    "not independently verified",
    "reports suggest",
    "believed to",
    "is thought to",
    "may have",
    "might have",
    "estimated",
)
# Commentary markers (first person, rhetorical questions, opinion vocabulary).
OPINION_MARKERS = (
    "i think",
    "i believe",
    "in my view",
    "in my opinion",
    "isn't it",
    "we've seen",
    "we have seen",
    "frankly",
    "opinion",
    "op-ed",
    "commentary",
    "it's quite",
    "i would",
    "let us",
    "let's",
    "one wonders",
    "it feels",
    "it seems to me",
    "на мою думку",
    "я вважаю",
    "колонка",
    "we must",
    "we should",
    "it begs the question",
    "laughable",
)
AF_REPORT_MARKERS = (
    "противник",
    "ворог атакував",
    "the enemy",
    "локаційно втрачено",
    "lost in location",
    "locationally lost",
    "противник атакував",
    # the Air Force spokesman's own posts ("Увага! … росіяни здійснили … Сили ППО знешкодили")
    "сили ппо знешкодили",
    "росіяни здійснили",
    "противник завдав",
    "протиповітряною обороною",
    "збито/подавлено",
    "the enemy attacked",
    "air defense shot down",
    "shot down/suppressed",
    "air defence shot down",
    "shot down / suppressed",
    "the enemy launched",
    "повітряний напад відбивали",
    "the air attack was repelled",
    "по стану на",
    "станом на",
    "as of 0",
)
CORRECTION_MARKERS = (
    "уточнена інформація",
    "уточнено",
    "оновлено",
    "оновлена інформація",
    "update:",
    "updated:",
    "correction:",
    "corrected",
    "clarified information",
    "updated information",
    "уточнення",
    "updated figures",
)

# --------------------------------------------------------------------------------------------
# Casualties.
KILLED_WORDS = (
    "killed",
    "dead",
    "death",
    "deaths",
    "died",
    "fatalities",
    "fatality",
    "lives",
    "загинути",
    "загиблий",
    "загибель",
    "вбитий",
    "вбити",
    "смерть",
    "killing",
    "life",
    "загинули",
    "загинув",
    "загинула",
    "загиблих",
)
INJURED_WORDS = (
    "injured",
    "wounded",
    "injuries",
    "injuring",
    "wounding",
    "hurt",
    "hospitalized",
    "hospitalised",
    "injury",
    "поранити",
    "поранений",
    "постраждати",
    "постраждалий",
    "травмувати",
    "травмований",
    "поранення",
    "травмовано",
    "поранено",
    "постраждали",
    "постраждав",
    "постраждала",
    "поранених",
    "постраждалих",
)
PEOPLE_WORDS = (
    "people",
    "person",
    "persons",
    "civilians",
    "civilian",
    "residents",
    "людина",
    "особа",
    "мешканець",
    "цивільний",
    "others",
    "including",
    "child",
    "children",
    "дитина",
    "ще",
)

# --------------------------------------------------------------------------------------------
# Targets: phrase -> category
TARGETS: dict[str, TargetCategory] = {
    **{
        w: TargetCategory.ENERGY
        for w in (
            "energy",
            "power grid",
            "power plant",
            "power plants",
            "thermal power",
            "substation",
            "substations",
            "electricity",
            "power infrastructure",
            "power station",
            "power stations",
            "hydroelectric",
            "енергетика",
            "енергетичний",
            "енергооб'єкт",
            "тес",
            "тец",
            "гес",
            "підстанція",
            "електропостачання",
            "енергосистема",
            "energy infrastructure",
            "energy facilities",
            "energy facility",
            "energy sector",
            "blackout",
            "blackouts",
            "power outages",
            "знеструмлення",
            "енергетичної",
        )
    },
    **{
        w: TargetCategory.GAS
        for w in (
            "gas",
            "gas production",
            "gas infrastructure",
            "naftogaz",
            "нафтогаз",
            "газовий",
            "газовидобування",
            "gas facilities",
            "газ",
        )
    },
    **{
        w: TargetCategory.INDUSTRY
        for w in (
            "industrial",
            "industry",
            "factory",
            "factories",
            "plant",
            "enterprise",
            "manufacturing",
            "промисловий",
            "підприємство",
            "завод",
            "виробництво",
            "промисловість",
            "defense industry",
            "defence industry",
        )
    },
    **{
        w: TargetCategory.RAIL_LOGISTICS
        for w in (
            "railway",
            "rail",
            "railways",
            "logistics",
            "ukrzaliznytsia",
            "залізниця",
            "залізничний",
            "укрзалізниця",
            "логістичний",
            "port",
            "ports",
            "порт",
            "depot",
            "warehouse",
            "склад",
            "логістика",
        )
    },
    **{
        w: TargetCategory.RESIDENTIAL
        for w in (
            "residential",
            "apartment",
            "apartment block",
            "apartment building",
            "homes",
            "houses",
            "housing",
            "high-rise",
            "житловий",
            "багатоповерхівка",
            "будинок",
            "будинки",
            "приватний будинок",
            "dormitory",
        )
    },
    **{
        w: TargetCategory.CIVILIAN_INFRASTRUCTURE
        for w in (
            "civilian infrastructure",
            "hospital",
            "school",
            "kindergarten",
            "цивільна інфраструктура",
            "цивільний",
            "інфраструктура",
            "лікарня",
            "школа",
            "садочок",
            "critical infrastructure",
            "критична інфраструктура",
            "infrastructure",
        )
    },
    **{
        w: TargetCategory.MILITARY
        for w in (
            "military",
            "airfield",
            "air base",
            "airbase",
            "військовий",
            "аеродром",
            "military facilities",
            "military-industrial",
        )
    },
    **{
        w: TargetCategory.COMPANY
        for w in (
            "us electronics",
            "american company",
            "us company",
            "us-owned",
            "american-owned",
            "foreign-owned",
            "foreign company",
            "us electronics firm",
            "electronics manufacturer",
            "американська компанія",
            "американської компанії",
            "іноземна компанія",
            "flex",
            "us firm",
            "american firm",
            "western company",
            "european company",
            "us electronics manufacturer",
        )
    },
}
HIT_VERBS = ("hit", "struck", "hitting", "влучили", "влучив", "влучила", "impacted")
FOREIGN = ("ukrainian", "український", "українських", "українського")
TARGET_VERBS = (
    "outages",
    "blackout",
    "знеструмлення",
    "debris",
    "explosions",
    "вибухи",
    "пошкоджено",
    "wreckage",
    "уламки",
    "target",
    "targeted",
    "targeting",
    "targets",
    "hit",
    "struck",
    "damage",
    "damaged",
    "strike",
    "strikes",
    "attack",
    "attacked",
    "aimed",
    "aiming",
    "unit",
    "facility",
    "facilities",
    "site",
    "destroyed",
    "fire",
    "пошкоджено",
    "пошкодження",
    "удар",
    "атака",
    "влучання",
    "ціль",
    "об'єкт",
    "зруйновано",
    "пожежа",
    "постраждати",
    "пошкоджений",
    "ураження",
    "уражено",
    "під ударом",
    "infrastructure",
)

# --------------------------------------------------------------------------------------------
# Places: id -> aliases. Macro-region ids are plain ("west"); oblasts end in "_oblast".
PLACES: dict[str, tuple[str, ...]] = {
    "vinnytsia_oblast": (
        "vinnytsia",
        "vinnytsia oblast",
        "vinnytsia region",
        "вінниця",
        "вінниччина",
        "вінницька область",
        "vinnitsa",
    ),
    "volyn_oblast": (
        "volyn",
        "volyn oblast",
        "volyn region",
        "lutsk",
        "волинь",
        "волинська область",
        "луцьк",
    ),
    "dnipropetrovsk_oblast": (
        "dnipropetrovsk",
        "dnipropetrovsk oblast",
        "dnipro",
        "dnipro oblast",
        "дніпропетровщина",
        "дніпропетровська область",
        "дніпро",
        "kryvyi rih",
        "кривий ріг",
        "pavlohrad",
        "павлоград",
    ),
    "donetsk_oblast": (
        "donetsk oblast",
        "donetsk region",
        "донеччина",
        "донецька область",
        "kramatorsk",
        "краматорськ",
        "sloviansk",
        "слов'янськ",
    ),
    "zhytomyr_oblast": (
        "zhytomyr",
        "zhytomyr oblast",
        "житомир",
        "житомирщина",
        "житомирська область",
    ),
    "zakarpattia_oblast": (
        "zakarpattia",
        "transcarpathia",
        "zakarpattia oblast",
        "uzhhorod",
        "mukachevo",
        "закарпаття",
        "закарпатська область",
        "ужгород",
        "мукачево",
    ),
    "zaporizhzhia_oblast": (
        "zaporizhzhia",
        "zaporizhia",
        "zaporizhzhia oblast",
        "запоріжжя",
        "запорізька область",
        "запоріжжі",
    ),
    "ivano_frankivsk_oblast": (
        "ivano-frankivsk",
        "ivano-frankivsk oblast",
        "івано-франківськ",
        "прикарпаття",
        "івано-франківська область",
        "burshtyn",
        "бурштин",
    ),
    "kyiv_oblast": (
        "kyiv oblast",
        "kyiv region",
        "київщина",
        "київська область",
        "bila tserkva",
        "біла церква",
        "brovary",
        "бровари",
        "бориспіль",
    ),
    "kyiv": ("kyiv", "kiev", "київ"),
    "kirovohrad_oblast": (
        "kirovohrad",
        "kirovohrad oblast",
        "kropyvnytskyi",
        "кропивницький",
        "кіровоградщина",
        "кіровоградська область",
    ),
    "luhansk_oblast": ("luhansk", "луганщина", "луганська область"),
    "lviv_oblast": (
        "lviv",
        "lviv oblast",
        "lviv region",
        "львів",
        "львівщина",
        "львівська область",
        "stryi",
        "стрий",
        "drohobych",
        "дрогобич",
    ),
    "mykolaiv_oblast": (
        "mykolaiv",
        "mykolaiv oblast",
        "миколаїв",
        "миколаївщина",
        "миколаївська область",
    ),
    "odesa_oblast": (
        "odesa",
        "odessa",
        "odesa oblast",
        "одеса",
        "одещина",
        "одеська область",
        "izmail",
        "ізмаїл",
    ),
    "poltava_oblast": (
        "poltava",
        "poltava oblast",
        "полтава",
        "полтавщина",
        "полтавська область",
        "kremenchuk",
        "кременчук",
    ),
    "rivne_oblast": ("rivne", "rivne oblast", "рівне", "рівненщина", "рівненська область"),
    "sumy_oblast": ("sumy", "sumy oblast", "суми", "сумщина", "сумська область"),
    "ternopil_oblast": (
        "ternopil",
        "ternopil oblast",
        "тернопіль",
        "тернопільщина",
        "тернопільська область",
    ),
    "kharkiv_oblast": ("kharkiv", "kharkiv oblast", "харків", "харківщина", "харківська область"),
    "kherson_oblast": ("kherson", "kherson oblast", "херсон", "херсонщина", "херсонська область"),
    "khmelnytskyi_oblast": (
        "khmelnytskyi",
        "khmelnytskyi oblast",
        "khmelnytsky",
        "хмельницький",
        "хмельниччина",
        "хмельницька область",
        "starokostiantyniv",
        "старокостянтинів",
    ),
    "cherkasy_oblast": ("cherkasy", "cherkasy oblast", "черкаси", "черкащина", "черкаська область"),
    "chernivtsi_oblast": (
        "chernivtsi",
        "chernivtsi oblast",
        "чернівці",
        "буковина",
        "чернівецька область",
    ),
    "chernihiv_oblast": (
        "chernihiv",
        "chernihiv oblast",
        "чернігів",
        "чернігівщина",
        "чернігівська область",
    ),
    "crimea": ("crimea", "крим"),
    "west": (
        "western regions",
        "western ukraine",
        "west of ukraine",
        "western oblasts",
        "західні регіони",
        "західні області",
        "захід україни",
        "західна україна",
        "western parts",
    ),
    "east": (
        "eastern regions",
        "eastern ukraine",
        "східні регіони",
        "схід україни",
        "східні області",
    ),
    "south": (
        "southern regions",
        "southern ukraine",
        "південні регіони",
        "південь україни",
        "південні області",
    ),
    "north": (
        "northern regions",
        "northern ukraine",
        "північні регіони",
        "північ україни",
        "північні області",
    ),
    "centre": (
        "central regions",
        "central ukraine",
        "центральні регіони",
        "центр україни",
        "центральні області",
    ),
}
MACRO_REGIONS = frozenset({"west", "east", "south", "north", "centre"})

# --------------------------------------------------------------------------------------------
MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("january", "jan", "січень", "січня"),
        ("february", "feb", "лютий", "лютого"),
        ("march", "mar", "березень", "березня"),
        ("april", "apr", "квітень", "квітня"),
        ("may", "травень", "травня"),
        ("june", "jun", "червень", "червня"),
        ("july", "jul", "липень", "липня"),
        ("august", "aug", "серпень", "серпня"),
        ("september", "sep", "sept", "вересень", "вересня"),
        ("october", "oct", "жовтень", "жовтня"),
        ("november", "nov", "листопад", "листопада"),
        ("december", "dec", "грудень", "грудня"),
    ),
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i
WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("monday", "понеділок", "понеділка"),
        ("tuesday", "вівторок", "вівторка"),
        ("wednesday", "середа", "середу", "середи"),
        ("thursday", "четвер", "четверга"),
        ("friday", "п'ятниця", "п'ятницю", "п'ятниці"),
        ("saturday", "субота", "суботу", "суботи"),
        ("sunday", "неділя", "неділю", "неділі"),
    )
):
    for _n in _names:
        WEEKDAYS[_n] = _i

# English inflections folded to one key (Ukrainian ones come from pymorphy3).
EN_FOLD: dict[str, str] = {
    "drones": "drone",
    "uavs": "uav",
    "missiles": "missile",
    "rockets": "rocket",
    "targets": "target",
    "assets": "asset",
    "weapons": "weapon",
    "vehicles": "vehicle",
    "decoys": "decoy",
    "bombs": "bomb",
    "projectiles": "projectile",
    "means": "means",
    "imitators": "imitator",
    "dummies": "dummy",
    "shaheds": "shahed",
    "gerans": "geran",
    "kalibrs": "kalibr",
    "iskanders": "iskander",
    "kinzhals": "kinzhal",
    "kabs": "kab",
    "mean": "mean",
}
UK_LEMMA_WORDS: tuple[str, ...] = (
    "ракета",
    "дрон",
    "безпілотник",
    "бпла",
    "шахед",
    "герань",
    "імітатор",
    "ціль",
    "засіб",
    "повітряний",
    "напад",
    "крилатий",
    "балістичний",
    "аеробалістичний",
    "протикорабельний",
    "протирадіолокаційний",
    "керований",
    "авіаційний",
    "ударний",
    "розвідувальний",
    "реактивний",
    "ворожий",
    "інший",
    "різний",
    "російський",
    "локація",
    "місце",
    "точка",
    "атака",
    "удар",
    "обстріл",
    "масований",
    "комбінований",
    "сотня",
    "десяток",
    "авіабомба",
    "гіперзвуковий",
    "бойовий",
    "ракетний",
    "невстановлений",
    "атакувати",
    "застосувати",
    "запустити",
    "випустити",
    "використати",
    "спрямувати",
    "задіяти",
    "запуск",
    "пуск",
    "застосування",
    "загиблий",
    "загибель",
    "поранений",
    "постраждати",
    "постраждалий",
    "травмувати",
    "травмований",
    "загинути",
    "людина",
    "особа",
    "мешканець",
    "цивільний",
    "дитина",
    "енергетичний",
    "енергетика",
    "підстанція",
    "газовий",
    "промисловий",
    "підприємство",
    "завод",
    "залізниця",
    "залізничний",
    "житловий",
    "будинок",
    "багатоповерхівка",
    "інфраструктура",
    "лікарня",
    "школа",
    "військовий",
    "аеродром",
    "порт",
    "склад",
    "пошкодження",
    "пошкоджений",
    "вбитий",
    "смерть",
    "поранення",
    "збиття",
    "знищення",
    "перехоплення",
    "уламок",
    "рекордний",
    "кинджал",
    "калібр",
    "іскандер",
    "гербера",
    "ланцет",
    "орлан",
    "циркон",
    "онікс",
    "область",
    "регіон",
    "логістичний",
    "промисловість",
    "виробництво",
    "пожежа",
    "об'єкт",
    "мопед",
    "сила",
)


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


def _model_variants(alias: str) -> Iterable[str]:
    """Spelling variants of a model alias: X/Х/Kh, S/С/C, with and without the hyphen."""
    a = normalise(alias)
    bases = {a}
    if a.startswith("x-"):
        for p in ("х-", "kh-", "х", "kh"):
            bases.add(a.replace("x-", p))
        bases.add(a.replace("x-", "x"))
    if a.startswith("s-"):
        for p in ("с-", "c-"):
            bases.add(a.replace("s-", p))
    out = set(bases)
    for b in bases:
        if "-" in b:
            out.add(b.replace("-", " "))
    return out


_OBLAST_NOUNS = frozenset({"область", "області", "областю", "обл", "region", "oblast", "province"})


def _try_catalog() -> dict[str, Any]:
    """Whatever the catalog provides; missing functions simply fall back to local lists."""
    found: dict[str, Any] = {}
    try:
        from strikewatch import catalog
    except Exception:  # pragma: no cover - catalog package always importable
        return found
    for name in ("text_aliases", "text_place_aliases", "target_lexicon"):
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


def _catalog_model_id(name: str) -> str | None:
    try:
        from strikewatch.catalog import resolve_model

        m = resolve_model(name)
    except Exception:
        return None
    if m is None or len(m.models) != 1:
        return None
    return str(m.models[0])


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

    morph = pymorphy3.MorphAnalyzer(lang="uk")
    lex = Lexicon()
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

    catalog = _try_catalog()
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
    lex.catalog_used["weapons"] = models_done
    for model, (cls, aliases) in MODELS.items():
        # Local aliases load too (after the catalog, so catalog entries win): they only add
        # spellings. Model names are mapped to the catalog's ids when it knows them.
        mid = _catalog_model_id(model) or model
        mcls = classes_by_id.get(mid, cls)
        for alias in aliases:
            for variant in _model_variants(alias):
                lex.add(variant, "model", (mid, mcls))

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

    places_done = False
    kinds = _catalog_place_kinds()
    if "text_place_aliases" in catalog and kinds:
        n = 0
        for alias, value in _iter_alias_entries(catalog["text_place_aliases"]):
            pid = str(value)
            info = kinds.get(pid)
            if info is None or info[0] in _SKIP_PLACE_KINDS or not isinstance(alias, str):
                continue
            lex.add(alias, "place", (pid, info[1], info[2]))
            n += 1
            # "Запорізьку область" also gives "Запорізьку", for coordinated lists that share
            # the noun: "на Запорізьку та Донецьку області" (see places.find_places)
            head, _, noun = alias.rpartition(" ")
            if head and " " not in head and noun in _OBLAST_NOUNS:
                lex.add(head, "oblast_adj", (pid, info[1], info[2]))
        places_done = n > 0
    lex.catalog_used["places"] = places_done
    if not places_done:
        for pid, aliases in PLACES.items():
            macro = pid if pid in MACRO_REGIONS else None
            for alias in aliases:
                lex.add(alias, "place", (pid, None, macro))
                low = normalise(alias)
                if " " not in low and any("а" <= c <= "я" or c in "іїєґ" for c in low):
                    for form in _uk_forms(morph, low):
                        lex.add((form,), "place", (pid, None, macro))

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
    if not stems:
        stems = [(normalise(p), cat, True) for p, cat in TARGETS.items()]
    for stem, cat, is_whole in sorted(stems, key=lambda e: -len(e[0])):
        lex.target_stems.setdefault(stem[:3], []).append((stem, cat, is_whole))
    for p in HIT_VERBS:
        lex.add(p, "hitverb", True)
    for p in FOREIGN:
        lex.add(p, "foreign", True)
    for p in TARGET_VERBS:
        lex.add(p, "tverb", True)
    for _r, phrases, value in vocab.records():
        if _r not in ("form", "number"):
            for p in phrases:
                lex.add(p, _r, value)
    for name, month in MONTHS.items():
        lex.add((name,), "month", month)
    for name, wd in WEEKDAYS.items():
        lex.add((name,), "weekday", wd)
    return lex
