"""Air-defence scenarios: the explicit, adjustable assumptions behind every strain figure.

Nothing about Ukraine's interceptor stocks, kill probabilities or costs is public with any
precision, so every number here is a *range* that carries either a ``source`` note or
``assumption: true``. The Monte Carlo in :mod:`strikewatch.strain.expenditure` and
:mod:`strikewatch.strain.projection` draws from these ranges; narrowing a range is how a
user with better information overrides us.

A user scenario may say ``extends: default`` and give only what it changes: layers are
merged by ``name``, engagements by ``weapon_class``, everything else key by key.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from strikewatch.domain import WeaponClass

DEFAULT_SCENARIO = "default_scenario.yaml"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names every offending field."""

    def __init__(self, problems: list[str], origin: str = "scenario") -> None:
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


class Range(BaseModel):
    """A number known only as a range. ``value`` is shorthand for ``low == high``.

    The Monte Carlo draws uniformly between ``low`` and ``high``: we have no basis for a
    peaked distribution, and a uniform draw keeps the analyst's range honest.
    """

    model_config = ConfigDict(extra="forbid")

    low: float
    high: float
    source: str | None = None
    assumption: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"low": data, "high": data}
        if isinstance(data, dict) and "value" in data:
            data = dict(data)
            value = data.pop("value")
            if "low" in data or "high" in data:
                raise ValueError("give either value or low/high, not both")
            data["low"] = data["high"] = value
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if math.isnan(self.low) or math.isnan(self.high):
            raise ValueError("low/high must be numbers, not NaN")
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self

    @property
    def sourced(self) -> bool:
        return bool(self.source) or self.assumption


def _bounded(lo: float, hi: float) -> Callable[[Range], Range]:
    """A validator that states the allowed range in its message, so errors are actionable."""

    def check(value: Range) -> Range:
        if value.low < lo or value.high > hi:
            shown_hi = "∞" if math.isinf(hi) else f"{hi:g}"
            raise ValueError(
                f"must lie within [{lo:g}, {shown_hi}], got low={value.low:g}, high={value.high:g}"
            )
        return value

    return check


Probability = Annotated[Range, AfterValidator(_bounded(0.0, 1.0))]
NonNegative = Annotated[Range, AfterValidator(_bounded(0.0, math.inf))]
Shots = Annotated[Range, AfterValidator(_bounded(0.0, 100.0))]
Scale = Annotated[Range, AfterValidator(_bounded(0.0, 100.0))]


class Stock(BaseModel):
    """Starting stock of a layer's interceptors; ``unlimited`` for guns, EW and the like."""

    model_config = ConfigDict(extra="forbid")

    unlimited: bool = False
    low: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    source: str | None = None
    assumption: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if data is None:
            return {"unlimited": True}
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"low": data, "high": data}
        if isinstance(data, dict) and "value" in data:
            data = dict(data)
            value = data.pop("value")
            if value is None:
                data["unlimited"] = True
            else:
                data["low"] = data["high"] = value
        return data

    @model_validator(mode="after")
    def _complete(self) -> Stock:
        if self.unlimited:
            self.low = self.high = None
            return self
        if self.low is None or self.high is None:
            raise ValueError("give low and high (or value), or unlimited: true")
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self

    @property
    def sourced(self) -> bool:
        return bool(self.source) or self.assumption


class Engagement(BaseModel):
    """How one layer engages one weapon class.

        ``coverage``: share of the threats of this class still flying when they reach this layer
        that the layer gets a chance to engage (geography, detection, being in the right place).
        ``p_kill``: probability that one shot kills. ``shots_per_engagement``: average shots fired
        per engagement (doctrine often fires two interceptors at a ballistic missile); a
    fractional average such as 1.5 means a second shot half the time.
    """

    model_config = ConfigDict(extra="forbid")

    weapon_class: WeaponClass
    coverage: Probability
    p_kill: Probability
    shots_per_engagement: Shots


class Layer(BaseModel):
    """One defensive layer: what it engages, at what cost, from what stock."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str | None = None
    #: Which observed column this layer's kills appear under when calibrating to reports:
    #: ``destroyed`` (shot down) or ``lost_ew`` ("locationally lost", mainly EW).
    counts_as: Literal["destroyed", "lost_ew"] = "destroyed"
    #: False for layers (EW) whose engagements use no interceptors: they never run dry.
    expends_munitions: bool = True
    engagements: list[Engagement]
    cost_per_shot_usd: NonNegative
    stock: Stock
    resupply_per_month: NonNegative = Field(default_factory=lambda: Range(low=0.0, high=0.0))

    @field_validator("engagements")
    @classmethod
    def _unique_classes(cls, value: list[Engagement]) -> list[Engagement]:
        seen: set[str] = set()
        for eng in value:
            if eng.weapon_class in seen:
                raise ValueError(f"weapon_class {eng.weapon_class} is listed twice")
            seen.add(eng.weapon_class)
        return value


class SalvoMix(BaseModel):
    """One kind of attack night set by hand: counts per weapon class and a relative weight."""

    model_config = ConfigDict(extra="forbid")

    name: str
    weight: float = Field(default=1.0, gt=0)
    counts: dict[WeaponClass, Annotated[float, Field(ge=0)]]
    source: str | None = None
    assumption: bool = False

    @property
    def sourced(self) -> bool:
        return bool(self.source) or self.assumption


class Salvo(BaseModel):
    """The attack the projection faces when no observed period is resampled."""

    model_config = ConfigDict(extra="forbid")

    tempo: Probability
    scale: Scale = Field(default_factory=lambda: Range(low=1.0, high=1.0))
    mixes: list[SalvoMix] = Field(min_length=1)


class Scenario(BaseModel):
    """A complete air-defence scenario; see ``default_scenario.yaml`` for every field."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str | None = None
    #: Layers in engagement order: a threat meets the first layer first.
    layers: list[Layer] = Field(min_length=1)
    #: Attacker cost per weapon, used when the catalog has no cost for the model.
    attacker_cost_usd: dict[WeaponClass, NonNegative]
    #: Value at risk when one weapon gets through (CSIS-style caveat); always an assumption.
    value_at_risk_per_leaker_usd: dict[WeaponClass, NonNegative] = Field(default_factory=dict)
    salvo: Salvo
    resupply_interval_days: int = Field(default=30, ge=1, le=366)
    #: A layer is "dry" when fewer than this many interceptors remain.
    dry_below: float = Field(default=1.0, gt=0)

    @field_validator("layers")
    @classmethod
    def _unique_layers(cls, value: list[Layer]) -> list[Layer]:
        names = [layer.name for layer in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"layer names must be unique; repeated: {', '.join(dupes)}")
        return value

    def layer(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)

    def unsourced(self) -> list[str]:
        """Paths of numbers with neither a source note nor ``assumption: true``."""
        return [path for path, item in _numbered(self) if not item.sourced]

    def assumptions(self) -> list[str]:
        """Paths of numbers marked ``assumption: true`` (reported alongside every result)."""
        return [path for path, item in _numbered(self) if getattr(item, "assumption", False)]


def _numbered(scenario: Scenario) -> Iterator[tuple[str, Range | Stock | SalvoMix]]:
    for layer in scenario.layers:
        base = f"layers.{layer.name}"
        for eng in layer.engagements:
            for field_name in ("coverage", "p_kill", "shots_per_engagement"):
                yield f"{base}.{eng.weapon_class}.{field_name}", getattr(eng, field_name)
        yield f"{base}.cost_per_shot_usd", layer.cost_per_shot_usd
        yield f"{base}.stock", layer.stock
        if not layer.stock.unlimited:
            yield f"{base}.resupply_per_month", layer.resupply_per_month
    for cls, rng in scenario.attacker_cost_usd.items():
        yield f"attacker_cost_usd.{cls}", rng
    for cls, rng in scenario.value_at_risk_per_leaker_usd.items():
        yield f"value_at_risk_per_leaker_usd.{cls}", rng
    yield "salvo.tempo", scenario.salvo.tempo
    yield "salvo.scale", scenario.salvo.scale
    for mix in scenario.salvo.mixes:
        yield f"salvo.mixes.{mix.name}", mix


# ---------------------------------------------------------------- loading


def _merge_named(base: list[Any], override: list[Any], key: str) -> list[Any]:
    out = [dict(item) for item in base]
    index = {item.get(key): i for i, item in enumerate(out) if isinstance(item, dict)}
    for item in override:
        if isinstance(item, dict) and item.get(key) in index:
            i = index[item[key]]
            out[i] = _deep_merge(out[i], item)
        else:
            out.append(item)
    return out


_LIST_KEYS = {"layers": "name", "engagements": "weapon_class", "mixes": "name"}


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge a user override onto a base scenario. A range given in full replaces the base."""
    out = dict(base)
    for key, value in override.items():
        old = out.get(key)
        if key in _LIST_KEYS and isinstance(old, list) and isinstance(value, list):
            out[key] = _merge_named(old, value, _LIST_KEYS[key])
        elif isinstance(old, dict) and isinstance(value, dict) and not _is_number_node(value):
            out[key] = _deep_merge(old, value)
        else:
            out[key] = value
    return out


def _is_number_node(node: dict[str, Any]) -> bool:
    """A dict that states a number (low/high/value/unlimited) replaces rather than merges."""
    return bool({"low", "high", "value", "unlimited"} & node.keys())


def _format_loc(loc: tuple[Any, ...], raw: dict[str, Any]) -> str:
    """``('layers', 2, 'engagements', 0, 'p_kill')`` → ``layers[2] (long_range_sam)...``."""
    parts: list[str] = []
    node: Any = raw
    for item in loc:
        if isinstance(item, int):
            label = ""
            if isinstance(node, list) and 0 <= item < len(node) and isinstance(node[item], dict):
                inner = node[item]
                named = inner.get("name") or inner.get("weapon_class")
                label = f" ({named})" if named else ""
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]{label}"]
            node = node[item] if isinstance(node, list) and 0 <= item < len(node) else None
        else:
            # pydantic adds the validator's name for function-before validators; skip it.
            if isinstance(item, str) and item.startswith("function-"):
                continue
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def parse_scenario(raw: dict[str, Any], origin: str = "scenario") -> Scenario:
    """Validate a scenario mapping, resolving ``extends: default``.

    Raises :class:`ScenarioError` whose message names each failing field and, for numbers,
    the allowed range.
    """
    if not isinstance(raw, dict):
        raise ScenarioError(["the file must hold a mapping at the top level"], origin)
    raw = dict(raw)
    extends = raw.pop("extends", None)
    if extends is not None:
        if extends != "default":
            raise ScenarioError([f"extends: only 'default' is supported, got {extends!r}"], origin)
        raw = _deep_merge(_default_raw(), raw)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = _format_loc(tuple(err["loc"]), raw) or "(top level)"
            message = err["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}")
        raise ScenarioError(problems, origin) from None


def _default_raw() -> dict[str, Any]:
    text = resources.files("strikewatch.strain").joinpath(DEFAULT_SCENARIO).read_text("utf-8")
    # libyaml's parser builds the same safe objects ~10x faster (the pure-Python one was
    # 0.1 s of a first briefing); user files keep the pure-Python parser and its messages.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(data, dict)
    return data


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a scenario file, or the shipped default when ``path`` is None."""
    if path is None:
        return parse_scenario(_default_raw(), DEFAULT_SCENARIO)
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError([f"not valid YAML: {exc}"], str(path)) from None
    return parse_scenario(raw, str(path))


def default_scenario() -> Scenario:
    return load_scenario(None)
