"""The two seed articles (read from ../shared at run time), the evaluation thresholds, the
night matching on the real data, and a property test that the reader never raises."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strikewatch.domain import ClaimKind, SourceLevel, Status, TargetCategory, WeaponClass
from strikewatch.readers.text import read_document
from strikewatch.readers.text.evaluate import evaluate, load_dir
from strikewatch.readers.text.matching import match_nights

ROOT = Path(__file__).resolve().parents[2]


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(prefix + "*.txt")).read_text(encoding="utf-8")


def test_first_seed(seeds_dir: Path) -> None:
    r = read_document(_seed(seeds_dir, "000_"))
    assert r.night is None
    counts = {
        (c.weapon_class, c.quantity.low, c.quantity.high)
        for c in r.claims
        if c.kind == ClaimKind.COUNT and c.quantity is not None
    }
    assert (WeaponClass.STRIKE_DRONE, 200, 999) in counts
    assert (WeaponClass.UNKNOWN_MISSILE, 24, 99) in counts
    company = [c for c in r.claims if c.target_category == TargetCategory.COMPANY]
    assert company and company[0].status == Status.ALLEGED
    cas = next(c for c in r.claims if c.kind == ClaimKind.CASUALTIES)
    assert cas.killed is not None and cas.killed.low == 1 and cas.killed.high is None
    assert cas.injured is not None and cas.injured.low == 2
    assert any(c.place == "west" for c in r.claims if c.kind == ClaimKind.PLACE)


def test_second_seed(seeds_dir: Path) -> None:
    r = read_document(_seed(seeds_dir, "001_"))
    assert r.night is None and r.level == SourceLevel.COMMENTARY
    counts = {
        (c.weapon_class, c.quantity.value, c.quantity.low, c.quantity.high)
        for c in r.claims
        if c.kind == ClaimKind.COUNT and c.quantity is not None
    }
    assert (WeaponClass.STRIKE_DRONE, 450, 430, 470) in counts
    assert (WeaponClass.UNKNOWN_MISSILE, 70, 66, 74) in counts
    assert any(c.kind == ClaimKind.PHRASE and c.qualifier == "record" for c in r.claims)
    assert any(c.target_category == TargetCategory.ENERGY for c in r.claims)
    assert all(c.attribution == "author" for c in r.claims)


def test_second_seed_matches_2026_02_03(seeds_dir: Path, real_nightly) -> None:  # type: ignore[no-untyped-def]
    r = read_document(_seed(seeds_dir, "001_"))
    ranked = match_nights(r.claims, real_nightly)
    assert ranked and ranked[0][0].isoformat() == "2026-02-03"


def test_eval_thresholds(seeds_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_reader import seed_docs

    docs = load_dir(ROOT / "tests" / "data" / "reports")
    assert len(docs) >= 80
    scores = evaluate(docs + seed_docs())
    for field in ("launched", "destroyed", "lost", "night"):
        assert scores[field].f1 >= 0.95, (field, scores[field].misses)
    for field in ("weapon_class", "region", "casualties", "attribution"):
        assert scores[field].f1 >= 0.85, (field, scores[field].misses)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text()
    | st.from_regex(r"[0-9 ,.\-–]{0,60}(drones|ракет|БпЛА)?", fullmatch=True)
    | st.integers(min_value=-(10**40), max_value=10**40).map(
        lambda n: f"Russia launched {n} drones"
    )
)
def test_never_raises(text: str) -> None:
    r = read_document(text)
    assert isinstance(r.claims, list)
