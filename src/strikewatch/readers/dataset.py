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
import csv
import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from strikewatch import catalog
from strikewatch.catalog import plausibility
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


class DatasetError(Exception):
    """A problem in the input file that stops the import; the ledger is left unchanged."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        where = self.path if line is None else f"{self.path}, line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class RowWarning:
    kind: str
    row: int
    message: str


@dataclass
class ParsedRow:
    line: int
    source: Source
    claims: list[Claim]
    warnings: list[RowWarning] = field(default_factory=list)
    #: True when a count failed a plausibility check (its claims carry ``implausible``).
    implausible: bool = False


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


def row_content(row: dict[str, str], counts: dict[str, float | None]) -> str:
    """What a row says, normalised: numbers as numbers, literals parsed, whitespace collapsed."""
    parts = []
    for column in COLUMNS:
        cell = row[column]
        if column in ("time_start", "time_end"):
            parts.append(_canonical_time(cell))
        elif column in counts:
            parts.append(_canonical_number(counts[column]))
        elif column in LITERAL_COLUMNS:
            parts.append(_canonical_literal(cell))
        else:
            parts.append(_collapse(cell))
    return "\x1f".join(parts)


def row_identity(row: dict[str, str], url: str | None, *, synthetic: bool) -> str:
    """The report a row is a reading of: account, window, models and cited post, then (after
    ``#``) its target and launch areas, which tell apart the salvos one post reports
    separately (18 pairs of rows in the real file share everything before the ``#``)."""
    post = canonical_url(url) or _collapse(row["source"])
    account = _account(url).lower() if url else ""
    base = "|".join(
        (
            "synthetic" if synthetic else "dataset",
            account,
            _canonical_time(row["time_start"]),
            _canonical_time(row["time_end"]),
            _list_key(row["model"]),
            post,
        )
    )
    return f"{base}#{_list_key(row['target'])}|{_list_key(row['launch_place'])}"


def reidentify(text: str, *, synthetic: bool) -> tuple[str, str] | None:
    """(identity_key, content_hash) of a row stored before identities existed, rebuilt from
    the source text the reader stored (its stripped cells joined by `` | ``); None when the
    text cannot be split back into the file's columns or a count does not parse."""
    cells = text.split(" | ")
    if len(cells) != len(COLUMNS):
        return None
    row = dict(zip(COLUMNS, cells, strict=True))
    try:
        counts = {column: parse_count(row[column]) for column, _, _ in COUNT_COLUMNS}
        content = row_content(row, counts)
    except ValueError:
        return None
    identity = row_identity(row, absolute_url(row["source"]), synthetic=synthetic)
    return identity, hashlib.sha256(content.encode()).hexdigest()


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
        for line, row in _iter_csv(path, WEAPON_COLUMNS, exact=False):
            model = row["model"].strip()
            if not model:
                raise DatasetError(path, line, "model", "empty model name")
            categories[model] = row["category"].strip().lower()
        return cls(categories)


def _iter_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if b"\x00" in raw:  # refused on every database: PostgreSQL cannot store it
                raise DatasetError(path, number, None, "contains a NUL byte")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise DatasetError(
                    path, number, None, f"not valid UTF-8 (byte {err.start + 1} of the line)"
                ) from None


def _iter_csv(
    path: Path, expected: tuple[str, ...], *, exact: bool = True
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with the header checked and every row's width checked."""
    if not path.exists():
        raise DatasetError(path, None, None, "file not found")
    if path.is_dir():
        raise DatasetError(path, None, None, "is a directory, expected a CSV file")
    reader = csv.reader(_iter_lines(path), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DatasetError(path, 1, None, "empty file: no header row") from None
    except csv.Error as err:
        raise DatasetError(path, 1, None, f"malformed header: {err}") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected] if exact else []
    if missing or unexpected:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(repr(c) for c in missing))
        if unexpected:
            parts.append("unexpected " + ", ".join(repr(c) for c in unexpected))
        raise DatasetError(path, 1, None, "wrong columns: " + "; ".join(parts))
    width = len(header)
    previous_end = reader.line_num
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise DatasetError(
                path, previous_end + 1, None, f"malformed CSV ({err}); truncated file?"
            ) from None
        line = previous_end + 1
        previous_end = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != width:
            raise DatasetError(
                path,
                line,
                None,
                f"expected {width} fields, found {len(fields)} (truncated or malformed line)",
            )
        yield line, dict(zip(header, fields, strict=True))


@dataclass
class _Context:
    path: Path
    reference: WeaponReference | None
    synthetic: bool = False


def _count(ctx: _Context, line: int, row: dict[str, str], column: str) -> float | None:
    try:
        return parse_count(row[column])
    except ValueError:
        raise DatasetError(
            ctx.path, line, column, f"not a number: {row[column].strip()!r}"
        ) from None


def _model(
    ctx: _Context, line: int, raw: str, warnings: list[RowWarning]
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


def _place_claims(
    base: dict[str, Any],
    values: Iterable[str],
    qualifier: str,
    outcome: Outcome | None,
    line: int,
    warnings: list[RowWarning],
) -> list[Claim]:
    out = []
    for raw in values:
        raw = raw.strip()
        if not raw:
            continue
        place = catalog.resolve_place(raw)
        if place is None:
            warnings.append(
                RowWarning("unknown_place", line, f"unknown place {raw!r} in {qualifier}")
            )
        out.append(
            Claim(
                kind=ClaimKind.PLACE,
                outcome=outcome,
                place=None if place is None else place.id,
                qualifier=qualifier,
                text=raw,
                **base,
            )
        )
    return out


def parse_row(ctx: _Context, line: int, row: dict[str, str]) -> ParsedRow:
    """Turn one CSV row into a source and its claims (pure; raises DatasetError)."""
    warnings: list[RowWarning] = []
    try:
        end, end_timed = parse_time(row["time_end"] or row["time_start"])
    except (ValueError, IndexError):
        raise DatasetError(
            ctx.path, line, "time_end", f"not a date/time: {row['time_end']!r}"
        ) from None
    try:
        start, start_timed = parse_time(row["time_start"] or row["time_end"])
    except (ValueError, IndexError):
        raise DatasetError(
            ctx.path, line, "time_start", f"not a date/time: {row['time_start']!r}"
        ) from None
    night = wave_label(start if start_timed else None, end, end_timed=end_timed)[0]
    if start > end:
        warnings.append(RowWarning("window_reversed", line, "time_start is after time_end"))

    _check_bounds(ctx, line, start, end, start_timed, end_timed, night)
    url = absolute_url(row["source"])
    publisher, level = account_of(url)
    identity_key = row_identity(row, url, synthetic=ctx.synthetic)
    if ctx.synthetic:
        # Never dress an invented row up as a real post.
        level = SourceLevel.SYNTHETIC
        publisher = "strikewatch synth"
        url = f"synthetic:{row['source'].strip()}"
    counts = {column: _count(ctx, line, row, column) for column, _, _ in COUNT_COLUMNS}
    normalized = "\x1f".join(row[c].strip() for c in COLUMNS)
    content = row_content(row, counts)
    source = Source(
        kind="synthetic_row" if ctx.synthetic else "dataset_row",
        level=level,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        identity_key=identity_key,
        publisher=publisher,
        url=url,
        published=to_utc(end) if end_timed else None,
        language="uk",
        title=f"{row['model'].strip()} {row['time_start'].strip()} → {row['time_end'].strip()}",
        text=normalized.replace("\x1f", " | "),
    )
    status = (
        Status.REPORTED if level in (SourceLevel.MEDIA, SourceLevel.SYNTHETIC) else Status.OFFICIAL
    )
    base: dict[str, Any] = {
        "reader": READER,
        "reader_version": READER_VERSION,
        "night": night,
        "window_start": to_utc(start) if start_timed else None,
        "window_end": to_utc(end) if end_timed else None,
        "attribution": publisher,
        "status": status,
        "row_number": line,
    }

    raw_model = row["model"].strip()
    match = _model(ctx, line, raw_model, warnings) if raw_model else None
    if not raw_model:
        warnings.append(RowWarning("missing_model", line, "empty model; kept as unknown class"))
    for column, value in counts.items():
        if value is not None and value != int(value):
            warnings.append(
                RowWarning("fractional_count", line, f"{column} = {value} is not a whole number")
            )

    weapon_class = match.weapon_class if match else WeaponClass.UNKNOWN_MISSILE
    if match is None and raw_model and ("uav" in raw_model.lower() or "drone" in raw_model.lower()):
        weapon_class = WeaponClass.UNKNOWN_DRONE
    model_label = match.label if match else (raw_model or "unknown")
    components = (
        ",".join(sorted({str(c) for c in match.component_classes})) if match else str(weapon_class)
    )
    claims: list[Claim] = []
    component_detail = {"components": components} if components != str(weapon_class) else {}

    def count_claim(outcome: Outcome, value: float, qualifier: str | None, **extra: Any) -> Claim:
        fields: dict[str, Any] = {
            "kind": ClaimKind.COUNT,
            "weapon_class": weapon_class,
            "model": model_label,
            "outcome": outcome,
            "quantity": Quantity.about(value)
            if qualifier == "real_shahed"
            else Quantity.exact(value),
            "qualifier": qualifier,
            "detail": component_detail,
        }
        fields.update(base)
        extra.pop("column", None)
        fields.update(extra)
        return Claim(**fields)

    # A compound row ("X-101/X-555 and Kalibr") with launched_details is split by model;
    # the other outcomes stay on the compound label because the source gives no split.
    split = _launched_split(ctx, line, row, warnings)
    for column, outcome, qualifier in COUNT_COLUMNS:
        value = counts[column]
        if value is None:
            continue
        if column == "launched" and split:
            claims.append(count_claim(outcome, value, "group_total", column=column, is_total=True))
            for part_model, part_value in split:
                part = catalog.resolve_model(part_model)
                part_class = part.weapon_class if part else WeaponClass.UNKNOWN_MISSILE
                claims.append(
                    Claim(
                        kind=ClaimKind.COUNT,
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
                            "group": model_label,
                        },
                        **base,
                    )
                )
            continue
        claims.append(count_claim(outcome, value, qualifier, column=column))
    launched, destroyed, lost = counts["launched"], counts["destroyed"], counts["not_reach_goal"]
    if launched is not None and destroyed is not None and destroyed + (lost or 0) > launched:
        warnings.append(
            RowWarning(
                "arithmetic",
                line,
                f"destroyed {destroyed:g} + lost {lost or 0:g} exceeds launched {launched:g}",
            )
        )

    # Shoot-downs by air command / region; NaN means "mentioned without a number".
    details = _literal_cell(ctx, line, row, "destroyed_details")
    if isinstance(details, dict):
        for region, value in details.items():
            if isinstance(value, (int, float)) and not math.isnan(value):
                claims.append(
                    count_claim(
                        Outcome.DESTROYED,
                        float(value),
                        f"region:{region}",
                        column="destroyed_details",
                    )
                )
    borders = _literal_cell(ctx, line, row, "border_crossing")
    if isinstance(borders, dict):
        for country, value in borders.items():
            if isinstance(value, (int, float)) and value:
                claims.append(
                    count_claim(
                        Outcome.CROSSED_BORDER,
                        float(value),
                        f"border:{country}",
                        column="border_crossing",
                        place=str(country),
                    )
                )
    affected = _literal_cell(ctx, line, row, "affected region")
    if affected is not None and not isinstance(affected, list):
        raise DatasetError(ctx.path, line, "affected region", "expected a list of region names")
    claims += _place_claims(
        base, [str(a) for a in affected or []], "affected_region", Outcome.HIT, line, warnings
    )
    claims += _place_claims(
        base, catalog.split_place_list(row["target"]), "target_area", None, line, warnings
    )
    claims += _place_claims(
        base, catalog.split_place_list(row["target_main"]), "target_main", None, line, warnings
    )
    claims += _place_claims(
        base, catalog.split_place_list(row["launch_place"]), "launch_place", None, line, warnings
    )
    problems = plausibility.flag_implausible(claims)
    for why in problems:
        warnings.append(RowWarning("implausible", line, why))
    return ParsedRow(
        line=line, source=source, claims=claims, warnings=warnings, implausible=bool(problems)
    )


def _check_bounds(
    ctx: _Context,
    line: int,
    start: dt.datetime,
    end: dt.datetime,
    start_timed: bool,
    end_timed: bool,
    night: dt.date,
) -> None:
    """Refuse a row whose window or night lies outside the accepted dates (never stored)."""
    for column, value in (
        ("time_start", to_utc(start) if start_timed else start.date()),
        ("time_end", to_utc(end) if end_timed else end.date()),
        ("time_end", night),
    ):
        why = plausibility.date_problem(value, synthetic=ctx.synthetic)
        if why:
            raise DatasetError(ctx.path, line, column, why)


def _literal_cell(ctx: _Context, line: int, row: dict[str, str], column: str) -> Any:
    try:
        return parse_literal(row[column])
    except (ValueError, SyntaxError, RecursionError) as err:
        raise DatasetError(ctx.path, line, column, f"not a valid literal ({err})") from None


def _launched_split(
    ctx: _Context, line: int, row: dict[str, str], warnings: list[RowWarning]
) -> list[tuple[str, float]]:
    details = _literal_cell(ctx, line, row, "launched_details")
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
    launched = parse_count(row["launched"])
    total = sum(v for _, v in split)
    if launched is not None and total != launched:
        warnings.append(
            RowWarning(
                "arithmetic", line, f"launched_details sum {total:g} != launched {launched:g}"
            )
        )
    return split


def read_dataset(
    path: Path | str, *, weapons: Path | str | None = None, synthetic: bool = False
) -> Iterator[ParsedRow]:
    """Stream parsed rows; raises :class:`DatasetError` at the first bad line."""
    path = Path(path)
    reference = WeaponReference.load(Path(weapons)) if weapons else None
    ctx = _Context(path=path, reference=reference, synthetic=synthetic)
    for line, row in _iter_csv(path, COLUMNS):
        yield parse_row(ctx, line, row)


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
