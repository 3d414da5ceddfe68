"""A/B throughput of two checkouts of the text reader in one process, batch by batch.

    python bench/reader_ab.py /work/main/src /work/h-reader2/src --rounds 8

Both checkouts' readers are loaded side by side (each keeps its own modules and caches), then
batches of 250 bench documents are read by A, by B and by the regex baseline in turn, in CPU
time. On a machine shared with other jobs the load changes from second to second; a batch
of A and the next batch of B see nearly the same load, so the median of the per-batch time
ratios is the robust figure (best-batch rates are printed too).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load(src: str) -> Callable[..., Any]:
    """``read_document`` of the checkout whose ``src`` directory is given."""
    for k in [k for k in sys.modules if k == "strikewatch" or k.startswith("strikewatch.")]:
        del sys.modules[k]
    sys.path.insert(0, src)
    try:
        import strikewatch.readers.text as text
        from strikewatch.readers.text.lexicon import get_lexicon

        get_lexicon()
    finally:
        sys.path.remove(src)
    if not str(Path(text.__file__).resolve()).startswith(str(Path(src).resolve())):
        raise SystemExit(f"{src}: imported {text.__file__} instead")
    return text.read_document  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("a", help="src directory of checkout A (e.g. main)")
    ap.add_argument("b", help="src directory of checkout B")
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args()
    read_a, read_b = load(args.a), load(args.b)
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_reader import corpus

    docs = corpus(3000)
    for d in docs:  # warm both readers' caches
        read_a(d)
        read_b(d)
    digits = re.compile(r"\d+")
    ta: list[float] = []
    tb: list[float] = []
    tbase: list[float] = []
    size = 250
    for _ in range(args.rounds):
        for k in range(0, len(docs), size):
            batch = docs[k : k + size]
            for fn, out in ((read_a, ta), (read_b, tb)):
                t0 = time.process_time()
                for d in batch:
                    fn(d)
                out.append(time.process_time() - t0)
            t0 = time.process_time()
            for d in batch:
                digits.findall(d.lower())
            tbase.append(time.process_time() - t0)
    ratios = [b / a for a, b in zip(ta, tb, strict=True)]
    q1, med, q3 = statistics.quantiles(ratios, n=4)
    print(f"{len(ratios)} batches of {size} documents, CPU time, loaded machine")
    print(f"B/A time per batch: median {med:.3f} (quartiles {q1:.3f}, {q3:.3f})")
    print(f"  -> B is {1 / med:.2f}x A's throughput")
    for label, t in (("A " + args.a, ta), ("B " + args.b, tb)):
        print(
            f"{label}: best batch {size / min(t):,.0f} reports/s, "
            f"{min(t) / min(tbase):.1f}x the baseline's best batch"
        )
    print(f"baseline (lower + digit regex): best batch {size / min(tbase):,.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
