"""A/B throughput of two checkouts of the text reader, alternated process by process so the
load of a shared machine falls on both alike (CPU time, best of each process's rounds).

    python bench/reader_ab.py /work/main/src src --rounds 4

Each line also gives the reader/baseline ratio measured inside that process (the baseline is
bench_reader's lower-case + digit-regex scan)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, re, sys, time
sys.path.insert(0, sys.argv[2])
# the checkout under test is imported first: bench_reader puts this checkout's src on the
# path, and an imported package finds its submodules through its own __path__
import strikewatch
assert strikewatch.__file__.startswith(sys.argv[2]), strikewatch.__file__
from strikewatch.readers.text import read_document
from strikewatch.readers.text.lexicon import get_lexicon
sys.path.insert(0, sys.argv[1])
from bench_reader import corpus
get_lexicon()
docs = corpus(int(sys.argv[3]))
digits = re.compile(r"\\d+")
for d in docs: read_document(d)
best_r = best_b = 1e9
for _ in range(3):
    t = time.process_time()
    for d in docs: digits.findall(d.lower())
    best_b = min(best_b, time.process_time() - t)
    t = time.process_time()
    for d in docs: read_document(d)
    best_r = min(best_r, time.process_time() - t)
print(json.dumps({"rate": len(docs) / best_r, "ratio": best_r / best_b}))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("a", help="src directory of checkout A (e.g. main)")
    ap.add_argument("b", help="src directory of checkout B")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=2000)
    args = ap.parse_args()
    res: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    for _ in range(args.rounds):
        for label, src in (("A", args.a), ("B", args.b)):
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(ROOT / "bench"), src, str(args.docs)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            res[label].append(json.loads(out))
    for label, src in (("A", args.a), ("B", args.b)):
        rates = [r["rate"] for r in res[label]]
        ratios = [r["ratio"] for r in res[label]]
        print(
            f"{label} {src}: best {max(rates):,.0f} reports/s, "
            f"ratio to baseline {min(ratios):.1f}x (runs: {', '.join(f'{x:,.0f}' for x in rates)})"
        )
    best_a = max(r["rate"] for r in res["A"])
    best_b = max(r["rate"] for r in res["B"])
    print(f"B/A throughput: {best_b / best_a:.2f}x (loaded machine; CPU time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
