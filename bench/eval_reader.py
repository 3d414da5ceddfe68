"""`make eval`: precision / recall / F1 of the text reader per field, with every miss.

Reads the labelled development set in tests/data/reports/ and the two seed articles from
../shared/seeds (their expectations are defined here, never their text).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from strikewatch.readers.text.evaluate import Labelled, evaluate, load_dir, report  # noqa: E402

SHARED = Path(os.environ.get("STRIKEWATCH_SHARED", ROOT / ".." / "shared")).resolve()

#: Expectations for the seed articles (file name -> expected), in the dev-set format.
SEED_EXPECTED = {
    "000_a557475e611951ab.txt": {
        "night": None,
        "counts": [
            {
                "outcome": "launched",
                "weapon_class": "strike_drone",
                "value": None,
                "low": 200,
                "high": 999,
            },
            {
                "outcome": "launched",
                "weapon_class": "unknown_missile",
                "value": None,
                "low": 24,
                "high": 99,
            },
        ],
        "regions": ["west"],
        "casualties": {"killed": [1, None], "injured": [2, None]},
        "attribution": "Ukrainian Air Force",  # its figures: "Ukraine's Air Force reported"
    },
    "001_61e8aa68209b3a45.txt": {
        "night": None,
        "counts": [
            {
                "outcome": "launched",
                "weapon_class": "strike_drone",
                "value": 450,
                "low": 430,
                "high": 470,
            },
            {
                "outcome": "launched",
                "weapon_class": "unknown_missile",
                "value": 70,
                "low": 66,
                "high": 74,
            },
        ],
        "regions": [],
        "casualties": {"killed": None, "injured": None},
        "attribution": "author",
    },
}


def seed_docs() -> list[Labelled]:
    seeds = SHARED / "seeds"
    out = []
    for name, exp in SEED_EXPECTED.items():
        path = seeds / name
        if path.exists():
            out.append(Labelled(f"seed:{name}", path.read_text(encoding="utf-8"), exp))
    return out


def main() -> int:
    """Scores on the development set (tuned on) and on the set kept aside (never tuned on)."""
    reports = ROOT / "tests" / "data" / "reports"
    docs = load_dir(reports)
    seeds = seed_docs()
    print(f"== development set: {len(docs)} labelled + {len(seeds)} seeds")
    print(report(evaluate(docs + seeds)))
    heldout = load_dir(reports / "heldout")
    if heldout and "--dev-only" not in sys.argv:
        print(f"\n== kept aside (not tuned on): {len(heldout)} labelled")
        print(report(evaluate(heldout)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
