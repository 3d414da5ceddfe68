"""Scenario files: the default is fully sourced; bad values are named with their range."""

from __future__ import annotations

import pytest
import yaml

from strikewatch.strain.scenario import ScenarioError, default_scenario, load_scenario


def test_default_scenario_every_number_sourced_or_assumption() -> None:
    sc = default_scenario()
    assert sc.unsourced() == []
    assert len(sc.layers) == 7
    assert sc.layers[0].counts_as == "lost_ew"
    assert sc.assumptions()  # and it says which numbers are judgement calls


def write(tmp_path, data) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    return str(path)


def test_p_kill_out_of_range_names_field_and_range(tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "extends": "default",
            "layers": [
                {
                    "name": "long_range_sam",
                    "engagements": [
                        {"weapon_class": "ballistic_missile", "p_kill": {"low": 0.5, "high": 1.5}}
                    ],
                }
            ],
        },
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "layers[5] (long_range_sam).engagements[0] (ballistic_missile).p_kill" in message
    assert "[0, 1]" in message and "high=1.5" in message


def test_low_above_high_and_negative_cost_are_named(tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "extends": "default",
            "layers": [
                {"name": "medium_range_sam", "cost_per_shot_usd": {"low": -5, "high": 10}},
                {"name": "interceptor_drones", "stock": {"low": 10, "high": 5}},
            ],
            "salvo": {"tempo": {"value": 2}},
        },
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    problems = err.value.problems
    assert any(
        "medium_range_sam" in p and "cost_per_shot_usd" in p and "[0, ∞]" in p for p in problems
    )
    assert any(
        "interceptor_drones" in p and "stock" in p and "must not exceed" in p for p in problems
    )
    assert any(p.startswith("salvo.tempo") and "[0, 1]" in p for p in problems)


def test_unknown_field_and_weapon_class_are_named(tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "extends": "default",
            "layers": [{"name": "fighter_aircraft", "pkill": 0.5}],
            "attacker_cost_usd": {"hypersonic_kite": {"value": 1}},
        },
    )
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "fighter_aircraft" in message and "pkill" in message
    assert "attacker_cost_usd.hypersonic_kite" in message


def test_override_changes_only_what_it_names(tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "extends": "default",
            "name": "more_patriots",
            "layers": [{"name": "long_range_sam", "stock": {"value": 1000, "source": "what-if"}}],
        },
    )
    sc = load_scenario(path)
    base = default_scenario()
    assert sc.name == "more_patriots"
    lr = sc.layer("long_range_sam")
    assert (lr.stock.low, lr.stock.high) == (1000, 1000)
    assert lr.engagements == base.layer("long_range_sam").engagements
    assert sc.layer("medium_range_sam") == base.layer("medium_range_sam")


def test_unsourced_numbers_are_reported(tmp_path) -> None:
    path = write(
        tmp_path,
        {"extends": "default", "layers": [{"name": "long_range_sam", "stock": {"value": 10}}]},
    )
    assert load_scenario(path).unsourced() == ["layers.long_range_sam.stock"]


def test_default_scenario_reads_the_same_with_the_pure_python_parser() -> None:
    """The shipped file is parsed with libyaml for speed: it must build the very same scenario
    (and the same raw mapping) as PyYAML's pure-Python safe loader."""
    from importlib import resources

    from strikewatch.strain import parse_scenario
    from strikewatch.strain.scenario import DEFAULT_SCENARIO

    text = resources.files("strikewatch.strain").joinpath(DEFAULT_SCENARIO).read_text("utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    fast = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert fast == pure
    assert default_scenario() == parse_scenario(pure, DEFAULT_SCENARIO)
    assert default_scenario().model_dump() == parse_scenario(pure, DEFAULT_SCENARIO).model_dump()
