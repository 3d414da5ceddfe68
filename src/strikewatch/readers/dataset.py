"""Reader for the public "Massive Missile Attacks on Ukraine" CSV (see docs/dataset.md).

Each CSV row becomes one :class:`~strikewatch.domain.Source` (the post it was coded from)
and a handful of claims: counts by outcome, places hit, target areas, launch areas, border
crossings. Every quirk of the file is handled here so the resolver sees clean claims:
date-only vs timed windows, single-digit hours, trailing spaces, Python-literal dict/list
columns (parsed by a whitelist walker, never ``eval``), ``" and "`` lists whose names contain
commas, missing counts (None, not 0), decoys vs real Shaheds, and border crossings.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikewatch import catalog
from strikewatch.catalog import plausibility
from strikewatch.claimrows import ClaimRows, ClaimSpec, RowBase
from strikewatch.domain import (
    Claim,
    ClaimKind,
    Outcome,
    Quantity,
    Source,
    SourceLevel,
    Status,
    WeaponClass,
    to_utc,
    wave_label,
)
from strikewatch.identity import canonical_url
from strikewatch.readers.csvfile import BLOCK_BYTES, Chunk, DatasetError, iter_chunks, iter_csv

READER = "dataset"
READER_VERSION = "1"

COLUMNS: tuple[str, ...] = (
    "time_start",
    "time_end",
    "model",
    "launch_place",
    "target",
    "target_main",
    "launched",
    "destroyed",
    "not_reach_goal",
    "still_attacking",
    "border_crossing",
    "is_shahed",
    "num_hit_location",
    "num_fall_fragment_location",
    "carrier",
    "turbojet",
    "turbojet_destroyed",
    "affected region",
    "destroyed_details",
    "launched_details",
    "launch_place_details",
    "source",
)
WEAPON_COLUMNS: tuple[str, ...] = ("model", "category")
#: Cells holding Python literals; their content is compared parsed, not as spelled.
LITERAL_COLUMNS: frozenset[str] = frozenset(
    {"border_crossing", "affected region", "destroyed_details", "launched_details",
     "launch_place_details"}
)  # fmt: skip

# Count columns → (outcome, qualifier). ``is_shahed`` is the approximate number of real
# Shahed-type drones among those launched; the rest are decoys.
COUNT_COLUMNS: tuple[tuple[str, Outcome, str | None], ...] = (
    ("launched", Outcome.LAUNCHED, None),
    ("destroyed", Outcome.DESTROYED, None),
    ("not_reach_goal", Outcome.LOST_EW, None),
    ("still_attacking", Outcome.STILL_AIRBORNE, None),
    ("num_hit_location", Outcome.HIT, None),
    ("num_fall_fragment_location", Outcome.DEBRIS, None),
    ("is_shahed", Outcome.LAUNCHED, "real_shahed"),
    ("turbojet", Outcome.LAUNCHED, "turbojet"),
    ("turbojet_destroyed", Outcome.DESTROYED, "turbojet"),
)

_CATEGORY_CLASSES = {
    "uav": WeaponClass.UNKNOWN_DRONE,
    "cruise missile": WeaponClass.CRUISE_MISSILE,
    "ballistic missile": WeaponClass.BALLISTIC_MISSILE,
    "guided bomb": WeaponClass.GUIDED_BOMB,
    "surface-to-air missile": WeaponClass.BALLISTIC_MISSILE,
    "surface-to-air and ballistic": WeaponClass.BALLISTIC_MISSILE,
}

# Account → (publisher, level). Regional air commands report their own sector only.
_ACCOUNTS: dict[str, tuple[str, SourceLevel]] = {
    "kpszsu": ("Air Force Command of the Armed Forces of Ukraine", SourceLevel.NATIONAL_COMMAND),
    "pvkpivden": ("Air Command South", SourceLevel.REGIONAL_COMMAND),
    "pvkshid": ("Air Command East", SourceLevel.REGIONAL_COMMAND),
    "pvkzahid": ("Air Command West", SourceLevel.REGIONAL_COMMAND),
    "pvkcenter": ("Air Command Centre", SourceLevel.REGIONAL_COMMAND),
    "generalstaff.ua": (
        "General Staff of the Armed Forces of Ukraine",
        SourceLevel.NATIONAL_COMMAND,
    ),
    "cincafu": ("Commander-in-Chief of the Armed Forces of Ukraine", SourceLevel.NATIONAL_COMMAND),
    "chiefukrdiu": ("Defence Intelligence of Ukraine", SourceLevel.OFFICIAL),
    "kharkivoda.gov.ua": ("Kharkiv Regional Military Administration", SourceLevel.OFFICIAL),
    "war_monitor": ("war_monitor (Telegram monitoring channel)", SourceLevel.MEDIA),
}


@dataclass(frozen=True)
class RowWarning:
    kind: str
    row: int
    message: str


@dataclass
class ParsedRow:
    """One row read: its source and the claims it states, as rows for the bulk writer
    (``stated``); ``claims`` builds the same claims as objects."""

    line: int
    source: Source
    stated: ClaimRows
    warnings: list[RowWarning] = field(default_factory=list)
    #: True when a count failed a plausibility check (its claims carry ``implausible``).
    implausible: bool = False

    @property
    def claims(self) -> list[Claim]:
        return self.stated.claims()

    @property
    def night(self) -> dt.date | None:
        """The night every claim of the row speaks of (None when it states no claim)."""
        return self.stated.base.night if self.stated.specs else None


# --- safe literal parsing ---------------------------------------------------------------

_NAMED_CONSTANTS = {
    "NaN": None,
    "nan": None,
    "None": None,
    "inf": math.inf,
    "True": True,
    "False": False,
}


def _literal(node: ast.AST) -> Any:
    """Evaluate a whitelisted literal tree: dicts, lists, tuples, numbers, strings, NaN.

    ``ast.literal_eval`` rejects the bare ``NaN`` the dataset writes, and ``eval`` must never
    see untrusted text, so this walker accepts exactly the shapes the file uses.
    """
    if isinstance(node, ast.Expression):
        return _literal(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NAMED_CONSTANTS:
        return _NAMED_CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _literal(node.operand)
        if isinstance(inner, (int, float)):
            return -inner
    if isinstance(node, ast.Dict):
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values, strict=True) if k}
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(e) for e in node.elts]
    raise ValueError(f"unsupported literal element {type(node).__name__}")


@lru_cache(maxsize=65536)
def parse_literal(text: str) -> Any:
    """Parse a Python-literal cell (``{'west': 42, 'east': NaN}``, ``['Lviv oblast']``)."""
    text = text.strip()
    if not text:
        return None
    if len(text) > 10_000:
        raise ValueError("literal longer than 10,000 characters")
    return _literal(ast.parse(text, mode="eval"))


# --- cell parsing -------------------------------------------------------------------------


def parse_time(text: str) -> tuple[dt.datetime, bool]:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD H:MM`` (Kyiv local).

    Returns the time and whether a clock time was given (date-only windows are whole days).
    """
    text = text.strip()
    day = dt.date.fromisoformat(text[:10])
    if len(text) == 10:
        return dt.datetime(day.year, day.month, day.day), False
    if text[10] not in " T":
        raise ValueError(f"unexpected character after the date in {text!r}")
    hours, _, minutes = text[11:].partition(":")
    hour, minute = int(hours), int(minutes or 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute), True


def parse_count(text: str) -> float | None:
    """A count cell: empty → None (unknown, never 0); must be a finite, non-negative number."""
    text = text.strip()
    if not text:
        return None
    value = float(text)
    if math.isnan(value):
        return None
    if math.isinf(value) or value < 0:
        raise ValueError(f"count must be a finite non-negative number, got {text!r}")
    return value


@lru_cache(maxsize=8192)
def _utc(local: dt.datetime) -> dt.datetime:
    """:func:`to_utc` of a naive Kyiv time (as ``parse_time`` gives), once per distinct time:
    a row asks up to five times, and rows of one night share their times."""
    return to_utc(local)


def absolute_url(source: str) -> str | None:
    source = source.strip()
    if not source:
        return None
    if source.startswith(("http://", "https://")):
        return source
    if source.startswith("kharkivoda.gov.ua"):
        return f"https://{source}"
    return f"https://www.facebook.com/{source}"


def _account(url: str) -> str:
    """The posting account of a source URL (the host for other sites)."""
    path = url.split("://", 1)[-1]
    parts = path.split("/")
    host = parts[0].removeprefix("www.")
    return parts[1] if host in {"facebook.com", "t.me"} and len(parts) > 1 else host


def account_of(url: str | None) -> tuple[str, SourceLevel]:
    if not url:
        return ("unknown", SourceLevel.MEDIA)
    account = _account(url)
    return _ACCOUNTS.get(account.lower(), (account, SourceLevel.MEDIA))


# --- identity and content of a row (docs/decisions.md, "Identity of a reading") -----------


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _canonical_number(value: float | None) -> str:
    """574, "574.0" and " 574 " all read 574; unknown is the empty string."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def _canonical_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical_value(v) for k, v in value.items()} or None
    if isinstance(value, list):
        return [_canonical_value(v) for v in value] or None
    if isinstance(value, str):
        return _collapse(value)
    return value


@lru_cache(maxsize=65536)
def _canonical_literal(text: str) -> str:
    """A literal cell parsed and re-serialised (sorted keys; ``{}``, ``[]`` and empty alike)."""
    try:
        value = parse_literal(text)
    except (ValueError, SyntaxError, RecursionError):
        return _collapse(text)  # a bad cell the reader reports itself, when it reads it
    return json.dumps(_canonical_value(value), sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=65536)
def _canonical_time(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    when, timed = parse_time(text)
    return when.isoformat(timespec="minutes") if timed else when.date().isoformat()


def _list_key(text: str) -> str:
    """A model or place list, spelling-insensitive: case, spacing and order of " and " parts."""
    parts = {_collapse(p).lower() for p in text.split(" and ")}
    return " and ".join(sorted(p for p in parts if p))


class Bad:
    """A cell that failed to parse, kept in its column until the row that holds it is read,
    so the error raised is the first of the file in the row-by-row order."""

    __slots__ = ("error",)

    def __init__(self, error: Exception):
        self.error = error


def mapped(fn: Callable[[str], Any], cells: list[str]) -> list[Any]:
    """``fn`` over a column, computed once per distinct cell (a mapping table); a cell that
    raises ``ValueError`` (or a parser's error) maps to :class:`Bad` instead of raising."""
    table: dict[str, Any] = {}
    for cell in set(cells):
        try:
            table[cell] = fn(cell)
        except (ValueError, IndexError, SyntaxError, RecursionError) as err:
            table[cell] = Bad(err)
    return [table[c] for c in cells]


def canonical_times(cells: list[str]) -> list[str]:
    """A time column in canonical form; a bad cell reads as empty (its row raises anyway)."""
    return ["" if isinstance(v, Bad) else v for v in mapped(_canonical_time, cells)]


def content_column(cells: dict[str, list[str]], counts: dict[str, list[Any]]) -> list[str]:
    """What each row says, normalised: numbers as numbers, literals parsed, whitespace
    collapsed (a count that failed to parse reads as unknown; its row raises anyway)."""
    parts: list[list[str]] = []
    for column in COLUMNS:
        if column in ("time_start", "time_end"):
            parts.append(canonical_times(cells[column]))
        elif column in counts:
            parts.append(
                [_canonical_number(None if isinstance(v, Bad) else v) for v in counts[column]]
            )
        elif column in LITERAL_COLUMNS:
            parts.append(mapped(_canonical_literal, cells[column]))
        else:
            parts.append(mapped(_collapse, cells[column]))
    return list(map("\x1f".join, zip(*parts, strict=True)))


def identity_column(
    cells: dict[str, list[str]], urls: list[str | None], *, synthetic: bool
) -> list[str]:
    """The report each row is a reading of: account, window, models and cited post, then
    (after ``#``) its target and launch areas, which tell apart the salvos one post reports
    separately (18 pairs of rows in the real file share everything before the ``#``)."""
    kind = "synthetic" if synthetic else "dataset"
    posts = [
        canonical_url(url) or _collapse(source)
        for url, source in zip(urls, cells["source"], strict=True)
    ]
    accounts = [_account(url).lower() if url else "" for url in urls]
    columns = zip(
        accounts,
        canonical_times(cells["time_start"]),
        canonical_times(cells["time_end"]),
        mapped(_list_key, cells["model"]),
        posts,
        mapped(_list_key, cells["target"]),
        mapped(_list_key, cells["launch_place"]),
        strict=True,
    )
    return [f"{kind}|{a}|{s}|{e}|{m}|{p}#{t}|{lp}" for a, s, e, m, p, t, lp in columns]


def count_columns(cells: dict[str, list[str]]) -> dict[str, list[Any]]:
    """Each count column parsed (float, None for unknown, :class:`Bad` for a bad cell)."""
    return {column: mapped(parse_count, cells[column]) for column, _, _ in COUNT_COLUMNS}


def sha256_column(texts: list[str]) -> list[str]:
    return [hashlib.sha256(t.encode()).hexdigest() for t in texts]


def reidentify(text: str, *, synthetic: bool) -> tuple[str, str] | None:
    """(identity_key, content_hash) of a row stored before identities existed, rebuilt from
    the source text the reader stored (its stripped cells joined by `` | ``); None when the
    text cannot be split back into the file's columns or a count does not parse."""
    parts = text.split(" | ")
    if len(parts) != len(COLUMNS):
        return None
    cells = {column: [cell] for column, cell in zip(COLUMNS, parts, strict=True)}
    counts = count_columns(cells)
    times = [mapped(_canonical_time, cells[c])[0] for c in ("time_start", "time_end")]
    if any(isinstance(v[0], Bad) for v in counts.values()) or any(
        isinstance(t, Bad) for t in times
    ):
        return None
    content = content_column(cells, counts)[0]
    identity = identity_column(
        cells, [absolute_url(parts[COLUMNS.index("source")])], synthetic=synthetic
    )
    return identity[0], sha256_column([content])[0]


def identity_base(identity_key: str) -> str:
    """The part of a dataset identity before its disambiguator."""
    return identity_key.split("#", 1)[0]


# --- the reader ---------------------------------------------------------------------------


class WeaponReference:
    """The dataset's own weapon table, used only for model strings our catalog lacks."""

    def __init__(self, categories: dict[str, str]):
        self.categories = categories

    @classmethod
    def load(cls, path: Path) -> WeaponReference:
        categories: dict[str, str] = {}
        for line, row in iter_csv(path, WEAPON_COLUMNS, exact=False):
            model = row["model"].strip()
            if not model:
                raise DatasetError(path, line, "model", "empty model name")
            categories[model] = row["category"].strip().lower()
        return cls(categories)


@dataclass
class ReadContext:
    """What reading one file needs besides its rows: where it is (for errors), the weapon
    reference table, and whether its rows are synthetic; and the claims already built from
    the file's distinct cells (each :class:`ClaimSpec` is built once and shared)."""

    path: Path
    reference: WeaponReference | None
    synthetic: bool = False
    weapons: dict[str, _Weapon] = field(default_factory=dict, repr=False)
    specs: dict[tuple[Any, ...], ClaimSpec] = field(default_factory=dict, repr=False)
    places: dict[tuple[str, str, Outcome | None], tuple[ClaimSpec, bool]] = field(
        default_factory=dict, repr=False
    )


#: At most this many claims are kept built per file (the caches are cleared beyond it).
_MAX_SPECS = 200_000


@dataclass(frozen=True)
class _Weapon:
    """What a model cell says about the weapons of its row, and the warnings it gives."""

    weapon_class: WeaponClass
    label: str
    detail: dict[str, Any]
    warnings: tuple[tuple[str, str], ...]


def _weapon(ctx: ReadContext, raw_model: str) -> _Weapon:
    """The weapon of a model cell, once per distinct cell (a mapping table for the file)."""
    found = ctx.weapons.get(raw_model)
    if found is not None:
        return found
    warnings: list[RowWarning] = []
    match = _model(ctx, 0, raw_model, warnings) if raw_model else None
    if not raw_model:
        warnings.append(RowWarning("missing_model", 0, "empty model; kept as unknown class"))
    weapon_class = match.weapon_class if match else WeaponClass.UNKNOWN_MISSILE
    lowered = raw_model.lower()
    if match is None and raw_model and ("uav" in lowered or "drone" in lowered):
        weapon_class = WeaponClass.UNKNOWN_DRONE
    components = (
        ",".join(sorted({str(c) for c in match.component_classes})) if match else str(weapon_class)
    )
    found = _Weapon(
        weapon_class=weapon_class,
        label=match.label if match else (raw_model or "unknown"),
        detail={"components": components} if components != str(weapon_class) else {},
        warnings=tuple((w.kind, w.message) for w in warnings),
    )
    ctx.weapons[raw_model] = found
    return found


def _model(
    ctx: ReadContext, line: int, raw: str, warnings: list[RowWarning]
) -> catalog.ModelMatch | None:
    match = catalog.resolve_model(raw)
    if match is not None:
        return match
    if ctx.reference is not None and raw.strip() in ctx.reference.categories:
        category = ctx.reference.categories[raw.strip()]
        cls = _CATEGORY_CLASSES.get(category)
        if cls is not None:
            warnings.append(
                RowWarning(
                    "model_from_reference",
                    line,
                    f"model {raw!r} not in catalog; class from reference table ({category})",
                )
            )
            return catalog.ModelMatch(
                raw=raw, models=(raw.strip(),), weapon_class=cls, component_classes=(cls,)
            )
    warnings.append(
        RowWarning("unknown_model", line, f"unknown weapon model {raw!r}; kept as unknown class")
    )
    return None


def _kept(ctx: ReadContext, key: tuple[Any, ...], spec: ClaimSpec) -> ClaimSpec:
    """Keep the claim ``key`` names for the rest of the file (``key`` holds everything it
    depends on; floats by ``repr`` where ``0.0 == -0.0`` would merge two hashes)."""
    if len(ctx.specs) >= _MAX_SPECS:
        ctx.specs.clear()
    ctx.specs[key] = spec
    return spec


def _count_spec(
    ctx: ReadContext,
    weapon: _Weapon,
    outcome: Outcome,
    value: float,
    qualifier: str | None,
    *,
    is_total: bool = False,
    place: str | None = None,
) -> ClaimSpec:
    key = ("count", id(weapon), outcome, qualifier, value or repr(value), is_total, place)
    spec = ctx.specs.get(key)
    if spec is not None:
        return spec
    spec = ClaimSpec(
        ClaimKind.COUNT,
        weapon_class=weapon.weapon_class,
        model=weapon.label,
        outcome=outcome,
        quantity=Quantity.about(value) if qualifier == "real_shahed" else Quantity.exact(value),
        qualifier=qualifier,
        is_total=is_total,
        detail=weapon.detail,
        place=place,
    )
    return _kept(ctx, key, spec)


def _split_spec(ctx: ReadContext, group: str, part_model: str, part_value: float) -> ClaimSpec:
    key = ("split", group, part_model, part_value or repr(part_value))
    spec = ctx.specs.get(key)
    if spec is not None:
        return spec
    part = catalog.resolve_model(part_model)
    part_class = part.weapon_class if part else WeaponClass.UNKNOWN_MISSILE
    spec = ClaimSpec(
        ClaimKind.COUNT,
        weapon_class=part_class,
        model=part.label if part else part_model,
        outcome=Outcome.LAUNCHED,
        quantity=Quantity.exact(part_value),
        qualifier="split",
        detail={
            "components": ",".join(sorted({str(c) for c in part.component_classes}))
            if part
            else str(part_class),
            "column": "launched_details",
            "group": group,
        },
    )
    return _kept(ctx, key, spec)


def _place_claims(
    ctx: ReadContext, values: Iterable[str], qualifier: str, outcome: Outcome | None
) -> list[tuple[ClaimSpec, str | None]]:
    """The claims of one place cell, each with its name when the catalog does not know it
    (the row warns of it): built once per distinct cell, looked up by row."""
    out = []
    for raw in values:
        raw = raw.strip()
        if not raw:
            continue
        key = (raw, qualifier, outcome)
        found = ctx.places.get(key)
        if found is None:
            place = catalog.resolve_place(raw)
            spec = ClaimSpec(
                ClaimKind.PLACE,
                outcome=outcome,
                place=None if place is None else place.id,
                qualifier=qualifier,
                text=raw,
            )
            if len(ctx.places) >= _MAX_SPECS:
                ctx.places.clear()
            found = ctx.places[key] = (spec, place is None)
        out.append((found[0], raw if found[1] else None))
    return out


@dataclass
class _Columns:
    """A chunk's cells and what is derived from them column by column (docs/decisions.md,
    "Columnar dataset import"): each distinct cell is parsed once, and a bad one is kept as
    :class:`Bad` until its row is read, so errors come in the row-by-row order."""

    lines: list[int]
    cells: dict[str, list[str]]
    ends: list[Any]
    starts: list[Any]
    counts: dict[str, list[Any]]
    urls: list[str | None]
    identities: list[str]
    hashes: list[str]
    texts: list[str]
    literals: dict[str, list[Any]]
    #: Per place column (``affected region`` first), each row's claims and unknown names.
    places: dict[str, list[list[tuple[ClaimSpec, str | None]]]]
    #: Each row's source cell and title, stripped.
    sources: list[str]
    titles: list[str]
    weapons: list[_Weapon]
    #: The count columns not empty throughout the chunk, in ``COUNT_COLUMNS`` order, with
    #: each row's claim (None for an empty or bad cell), built once per distinct pair.
    count_specs: list[tuple[str, list[ClaimSpec | None]]]
    #: Whether some count cell of the chunk fails to parse / holds a fractional number:
    #: the per-row checks run only then.
    bad_counts: bool
    fractional: bool


_PLACE_COLUMNS = (("affected region", "affected_region"), ("target", "target_area"),
                  ("target_main", "target_main"), ("launch_place", "launch_place"))  # fmt: skip


def _columns(ctx: ReadContext, chunk: Chunk) -> _Columns:
    cells = chunk.cells
    starts, ends = cells["time_start"], cells["time_end"]
    counts = count_columns(cells)
    urls = [absolute_url(s) for s in cells["source"]]
    stripped = {c: [v.strip() for v in cells[c]] for c in COLUMNS}
    weapons = {m: _weapon(ctx, m.strip()) for m in set(cells["model"])}
    literals = {c: mapped(parse_literal, cells[c]) for c in sorted(LITERAL_COLUMNS)}
    distinct = {column: set(values) for column, values in counts.items()}
    return _Columns(
        lines=chunk.lines,
        cells=cells,
        ends=mapped(parse_time, [e or s for e, s in zip(ends, starts, strict=True)]),
        starts=mapped(parse_time, [s or e for e, s in zip(ends, starts, strict=True)]),
        counts=counts,
        urls=urls,
        identities=identity_column(cells, urls, synthetic=ctx.synthetic),
        hashes=sha256_column(content_column(cells, counts)),
        texts=list(map(" | ".join, zip(*stripped.values(), strict=True))),
        literals=literals,
        places={c: _place_column(ctx, cells[c], literals, c, q) for c, q in _PLACE_COLUMNS},
        sources=stripped["source"],
        titles=[
            f"{m} {s} → {e}"
            for m, s, e in zip(
                stripped["model"], stripped["time_start"], stripped["time_end"], strict=True
            )
        ],
        weapons=[weapons[m] for m in cells["model"]],
        count_specs=_count_spec_columns(ctx, cells, counts, weapons),
        bad_counts=any(isinstance(v, Bad) for values in distinct.values() for v in values),
        fractional=any(
            isinstance(v, float) and v != int(v) for values in distinct.values() for v in values
        ),
    )


def _place_column(
    ctx: ReadContext,
    cells: list[str],
    literals: dict[str, list[Any]],
    column: str,
    qualifier: str,
) -> list[list[tuple[ClaimSpec, str | None]]]:
    """A place column's claims per row, once per distinct cell: regions hit from the
    ``affected region`` list (a cell that is no list gives none: its row raises), the
    others split on " and "."""
    if column != "affected region":
        names = {cell: catalog.split_place_list(cell) for cell in set(cells)}
        table = {cell: _place_claims(ctx, found, qualifier, None) for cell, found in names.items()}
        return [table[cell] for cell in cells]
    parsed = dict(zip(cells, literals[column], strict=True))
    table = {
        cell: _place_claims(ctx, [str(a) for a in value or []], qualifier, Outcome.HIT)
        if value is None or isinstance(value, list)
        else []
        for cell, value in parsed.items()
    }
    return [table[cell] for cell in cells]


def _count_spec_columns(
    ctx: ReadContext,
    cells: dict[str, list[str]],
    counts: dict[str, list[Any]],
    weapons: dict[str, _Weapon],
) -> list[tuple[str, list[ClaimSpec | None]]]:
    """Each count column's claim per row, looked up in a table of its distinct (model cell,
    count cell) pairs; columns with no count in the chunk are left out."""
    out: list[tuple[str, list[ClaimSpec | None]]] = []
    models = cells["model"]
    for column, outcome, qualifier in COUNT_COLUMNS:
        values = counts[column]
        if values.count(None) == len(values):
            continue
        value_of = dict(zip(cells[column], values, strict=True))
        keys = list(zip(models, cells[column], strict=True))
        table: dict[tuple[str, str], ClaimSpec | None] = {}
        for model, cell in set(keys):
            value = value_of[cell]
            table[(model, cell)] = (
                None
                if value is None or isinstance(value, Bad)
                else _count_spec(ctx, weapons[model], outcome, value, qualifier)
            )
        out.append((column, [table[k] for k in keys]))
    return out


def parse_chunk(ctx: ReadContext, chunk: Chunk) -> list[ParsedRow]:
    """Turn consecutive CSV rows into sources and their claims (pure; raises DatasetError
    at the first bad row, naming its line and column)."""
    cols = _columns(ctx, chunk)
    return [_parse_one(ctx, cols, i) for i in range(len(chunk))]


def parse_row(ctx: ReadContext, line: int, row: dict[str, str]) -> ParsedRow:
    """One CSV row: the same code as a chunk, for a chunk of one."""
    return parse_chunk(ctx, Chunk(lines=[line], cells={c: [row[c]] for c in COLUMNS}))[0]


def _window(ctx: ReadContext, cols: _Columns, i: int, column: str) -> tuple[dt.datetime, bool]:
    value = (cols.ends if column == "time_end" else cols.starts)[i]
    if isinstance(value, Bad):
        raise DatasetError(
            ctx.path, cols.lines[i], column, f"not a date/time: {cols.cells[column][i]!r}"
        )
    return value  # type: ignore[no-any-return]


def _check_counts(ctx: ReadContext, cols: _Columns, i: int) -> None:
    """Raise for the row's first count cell that is not a number (if the chunk has one)."""
    if not cols.bad_counts:
        return
    for column, _, _ in COUNT_COLUMNS:
        if isinstance(cols.counts[column][i], Bad):
            raise DatasetError(
                ctx.path,
                cols.lines[i],
                column,
                f"not a number: {cols.cells[column][i].strip()!r}",
            )


def _fractional(cols: _Columns, i: int, line: int, warnings: list[RowWarning]) -> None:
    """Warn of each count of the row that is not a whole number (if the chunk has one)."""
    if not cols.fractional:
        return
    for column, _, _ in COUNT_COLUMNS:
        value = cols.counts[column][i]
        if value is not None and value != int(value):
            warnings.append(
                RowWarning("fractional_count", line, f"{column} = {value} is not a whole number")
            )


def _parse_one(ctx: ReadContext, cols: _Columns, i: int) -> ParsedRow:
    """Row ``i`` of a chunk: its source, claims and warnings, checks in the file's order."""
    line = cols.lines[i]
    warnings: list[RowWarning] = []
    end, end_timed = _window(ctx, cols, i, "time_end")
    start, start_timed = _window(ctx, cols, i, "time_start")
    night = wave_label(start if start_timed else None, end, end_timed=end_timed)[0]
    if start > end:
        warnings.append(RowWarning("window_reversed", line, "time_start is after time_end"))
    window_start = _utc(start) if start_timed else None
    window_end = _utc(end) if end_timed else None
    _check_bounds(
        ctx,
        line,
        start.date() if window_start is None else window_start,
        end.date() if window_end is None else window_end,
        night,
    )
    url = cols.urls[i]
    if ctx.synthetic:
        # Never dress an invented row up as a real post.
        level = SourceLevel.SYNTHETIC
        publisher = "strikewatch synth"
        url = f"synthetic:{cols.sources[i]}"
    else:
        publisher, level = account_of(url)
    _check_counts(ctx, cols, i)
    source = Source(
        kind="synthetic_row" if ctx.synthetic else "dataset_row",
        level=level,
        content_hash=cols.hashes[i],
        identity_key=cols.identities[i],
        publisher=publisher,
        url=url,
        published=window_end,
        language="uk",
        title=cols.titles[i],
        text=cols.texts[i],
    )
    status = (
        Status.REPORTED if level in (SourceLevel.MEDIA, SourceLevel.SYNTHETIC) else Status.OFFICIAL
    )
    base = RowBase(
        reader=READER,
        reader_version=READER_VERSION,
        night=night,
        window_start=window_start,
        window_end=window_end,
        attribution=publisher,
        status=status,
        row_number=line,
    )
    weapon = cols.weapons[i]
    if weapon.warnings:
        warnings += [RowWarning(kind, line, message) for kind, message in weapon.warnings]
    _fractional(cols, i, line, warnings)
    specs = _count_specs(ctx, cols, i, weapon, warnings)
    specs += _place_specs(ctx, cols, i, warnings)
    problems = plausibility.implausible_counts(specs)
    for index, why in problems:
        specs[index] = specs[index].with_flag(plausibility.IMPLAUSIBLE)
        warnings.append(RowWarning("implausible", line, why))
    return ParsedRow(
        line=line,
        source=source,
        stated=ClaimRows(base, specs),
        warnings=warnings,
        implausible=bool(problems),
    )


def _count_specs(
    ctx: ReadContext,
    cols: _Columns,
    i: int,
    weapon: _Weapon,
    warnings: list[RowWarning],
) -> list[ClaimSpec]:
    """The row's counts: by column, the launched split by model, shoot-downs by region and
    border crossings, in that order."""
    line = cols.lines[i]
    specs: list[ClaimSpec] = []
    launched = cols.counts["launched"][i]
    # A compound row ("X-101/X-555 and Kalibr") with launched_details is split by model;
    # the other outcomes stay on the compound label because the source gives no split.
    split = _launched_split(ctx, cols, i, launched, warnings)
    for column, column_specs in cols.count_specs:
        spec = column_specs[i]
        if spec is None:
            continue
        if split and column == "launched":
            specs.append(
                _count_spec(ctx, weapon, Outcome.LAUNCHED, launched, "group_total", is_total=True)
            )
            specs += [_split_spec(ctx, weapon.label, m, v) for m, v in split]
            continue
        specs.append(spec)
    destroyed, lost = cols.counts["destroyed"][i], cols.counts["not_reach_goal"][i]
    if launched is not None and destroyed is not None and destroyed + (lost or 0) > launched:
        warnings.append(
            RowWarning(
                "arithmetic",
                line,
                f"destroyed {destroyed:g} + lost {lost or 0:g} exceeds launched {launched:g}",
            )
        )

    # Shoot-downs by air command / region; NaN means "mentioned without a number".
    details = _literal_cell(ctx, cols, i, "destroyed_details")
    if isinstance(details, dict):
        for region, value in details.items():
            if isinstance(value, (int, float)) and not math.isnan(value):
                specs.append(
                    _count_spec(ctx, weapon, Outcome.DESTROYED, float(value), f"region:{region}")
                )
    borders = _literal_cell(ctx, cols, i, "border_crossing")
    if isinstance(borders, dict):
        for country, value in borders.items():
            if isinstance(value, (int, float)) and value:
                specs.append(
                    _count_spec(
                        ctx,
                        weapon,
                        Outcome.CROSSED_BORDER,
                        float(value),
                        f"border:{country}",
                        place=str(country),
                    )
                )
    return specs


def _place_specs(
    ctx: ReadContext, cols: _Columns, i: int, warnings: list[RowWarning]
) -> list[ClaimSpec]:
    """The row's places: regions hit, then target, main target and launch areas."""
    line = cols.lines[i]
    affected = _literal_cell(ctx, cols, i, "affected region")
    if affected is not None and not isinstance(affected, list):
        raise DatasetError(ctx.path, line, "affected region", "expected a list of region names")
    specs = []
    for column, qualifier in _PLACE_COLUMNS:
        for spec, unknown in cols.places[column][i]:
            specs.append(spec)
            if unknown is not None:
                warnings.append(
                    RowWarning("unknown_place", line, f"unknown place {unknown!r} in {qualifier}")
                )
    return specs


def _check_bounds(
    ctx: ReadContext,
    line: int,
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    night: dt.date,
) -> None:
    """Refuse a row whose window (UTC times, or days when untimed) or night lies outside the
    accepted dates (never stored); the message is :func:`plausibility.date_problem`'s."""
    first, last = plausibility.date_range(synthetic=ctx.synthetic)
    for column, value in (("time_start", start), ("time_end", end), ("time_end", night)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if first <= day <= last:
            continue
        why = plausibility.date_problem(value, synthetic=ctx.synthetic)
        if why:
            raise DatasetError(ctx.path, line, column, why)


def _literal_cell(ctx: ReadContext, cols: _Columns, i: int, column: str) -> Any:
    value = cols.literals[column][i]
    if isinstance(value, Bad):
        raise DatasetError(ctx.path, cols.lines[i], column, f"not a valid literal ({value.error})")
    return value


def _launched_split(
    ctx: ReadContext, cols: _Columns, i: int, launched: float | None, warnings: list[RowWarning]
) -> list[tuple[str, float]]:
    line = cols.lines[i]
    details = _literal_cell(ctx, cols, i, "launched_details")
    if not details:
        return []
    if not isinstance(details, dict):
        raise DatasetError(ctx.path, line, "launched_details", "expected a dict of model → count")
    split = []
    for model, value in details.items():
        if not isinstance(value, (int, float)) or value < 0:
            raise DatasetError(
                ctx.path, line, "launched_details", f"count for {model!r} is not a number"
            )
        split.append((str(model), float(value)))
    total = sum(v for _, v in split)
    if launched is not None and total != launched:
        warnings.append(
            RowWarning(
                "arithmetic", line, f"launched_details sum {total:g} != launched {launched:g}"
            )
        )
    return split


def read_dataset(
    path: Path | str,
    *,
    weapons: Path | str | None = None,
    synthetic: bool = False,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[ParsedRow]:
    """Stream parsed rows; raises :class:`DatasetError` at the first bad line."""
    path = Path(path)
    reference = WeaponReference.load(Path(weapons)) if weapons else None
    ctx = ReadContext(path=path, reference=reference, synthetic=synthetic)
    for chunk in iter_chunks(path, COLUMNS, block_bytes=block_bytes):
        yield from parse_chunk(ctx, chunk)


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
