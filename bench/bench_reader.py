"""Text reader throughput on 10,000 report-sized documents generated from templates, as a
ratio to a baseline pass that only lower-cases each document and scans it for digits with one
regex (same run, same machine, one core), plus the time for a 1 MB adversarial input.

Goals (issues 11 and 15): >= 4,000 reports/s and within 20x of the baseline (the two are
run in alternation, so load on the machine affects both); 1 MB adversarial input < 1 s;
peak memory of one read < 50 bytes per input character.
"""

from __future__ import annotations

import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from strikewatch.readers.text import read_document
from strikewatch.readers.text._compiled import is_compiled
from strikewatch.readers.text.lexicon import get_lexicon

MONTHS_UK = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
UK = (
    "У ніч на {d} {mu} (з 18:00 {d0} {mu}) противник атакував {t} засобами повітряного нападу: "
    "{dr} ударними БпЛА типу Shahed, Гербера та інших типів, а також {m} ракетами різних типів:\n"
    "– {c} крилатих ракет Х-101 з району Саратов (РФ);\n– {b} балістичних ракет Іскандер-М/KN-23 "
    "з Курської обл.\nОсновний напрямок удару – Львівщина, Волинь.\nЗа попередніми даними, "
    "станом на 09:00, протиповітряною обороною збито/подавлено {k} повітряних цілей:\n– {kd} "
    "ворожих БпЛА типу Shahed, Гербера та інших типів;\n– {km} крилатих ракет Х-101.\n"
    "Ще {l} ворожих БпЛА локаційно втрачено.\nЗафіксовано влучання {hm} ракет та {hd} ударних "
    "БпЛА на {hl} локаціях, падіння уламків на {fl} локаціях.\n"
)
EN = (
    "On the night of {mn} {d} (from 18:00 on {mn} {d0}), the enemy attacked with {t} air attack "
    "assets: {dr} Shahed-type attack UAVs and {m} missiles of various types, including {c} Kh-101 "
    "cruise missiles and {b} Iskander-M ballistic missiles. As of 09:00, air defense shot "
    "down/suppressed {k} air targets: {kd} UAVs and {km} missiles. {l} drones were lost in "
    "location. Hits were recorded at {hl} locations, and debris fell at {fl} locations. The main "
    "direction of the strike was Kyiv oblast and Kharkiv. At least {x} people were killed.\n"
)
NEWS = (
    "KYIV (Reuters) - Russia launched about {dr} drones and more than {m} missiles at Ukraine "
    "overnight, targeting energy facilities in the west of the country, Ukraine's air force "
    "said. Air defences shot down {kd} drones and {km} missiles. At least {x} people were "
    "killed and {y} injured in Lviv, the regional governor said. It was one of the largest "
    "attacks of the year, officials said, and the heaviest since July. Kyiv alleges that a "
    "factory linked to a US company was hit. Analysts said the strike was aimed at the power "
    "grid ahead of winter, when demand for electricity peaks and repair crews are stretched.\n"
)


def corpus(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        dr = rng.randint(20, 800)
        m = rng.randint(0, 80)
        c = rng.randint(0, m)
        b = m - c
        d = rng.randint(2, 28)
        mi = rng.randint(0, 11)
        vals = dict(
            d=d,
            d0=d - 1,
            mu=MONTHS_UK[mi],
            mn=MONTHS_EN[mi],
            t=dr + m,
            dr=dr,
            m=m,
            c=c,
            b=b,
            k=dr - 10 + max(m - 5, 0),
            kd=max(dr - 10, 0),
            km=max(m - 5, 0),
            l=5,
            hm=rng.randint(0, 9),
            hd=rng.randint(0, 20),
            hl=rng.randint(1, 30),
            fl=rng.randint(0, 15),
            x=rng.randint(1, 9),
            y=rng.randint(2, 40),
        )
        docs.append((UK, EN, NEWS)[i % 3].format(**vals))
    return docs


def adversarial() -> str:
    parts = [
        "1" * 200_000,
        " 1,2,3,4,5,6,7,8,9" * 10_000,
        "ааааа" * 40_000,
        " 1 000 000 000" * 10_000,
        "Х-Х-Х-101/" * 10_000,
        "<p" * 20_000,
    ]
    return "".join(parts)[:1_000_000]


def _timed(fn: Callable[[], object]) -> float:
    """CPU time of the process (one core): on a machine shared with other jobs, wall time
    measures the queue for the CPU as much as the work."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _interleaved(
    a: Callable[[], object], b: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Best wall time of each of two workloads, run in alternation (a, b, a, b, ...), so that
    a change in the machine's load during the run affects both alike (a loaded machine)."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(_timed(a))
        tb.append(_timed(b))
    return min(ta), min(tb)


def _peak_bytes_per_char(text: str) -> float:
    """Peak memory of one read (tracemalloc, deterministic) per input character."""
    tracemalloc.start()
    try:
        read_document(text)
        return tracemalloc.get_traced_memory()[1] / len(text)
    finally:
        tracemalloc.stop()


def main() -> None:
    get_lexicon()  # build once, outside the timing
    docs = corpus(10_000)
    mean_len = sum(map(len, docs)) / len(docs)
    digits = re.compile(r"\d+")

    def baseline() -> None:
        for d in docs:
            digits.findall(d.lower())

    def reader() -> None:
        for d in docs:
            read_document(d)

    # First pass on cold caches (the reader caches token and phrase look-ups per process),
    # then baseline and reader alternate, best of 3 each, in this run.
    t0 = time.perf_counter()
    claims = sum(len(read_document(d).claims) for d in docs)
    cold = time.perf_counter() - t0
    base, took = _interleaved(baseline, reader, 3)
    adv = adversarial()
    mb = len(adv.encode("utf-8")) / 1e6
    adv_cold = _timed(lambda: read_document(adv))
    adv_took = min(_timed(lambda: read_document(adv)) for _ in range(3))
    rate = len(docs) / took
    how = "compiled with mypyc" if is_compiled() else "from source (not compiled)"
    print(f"reader modules: {how}")
    print(f"documents: {len(docs)} (mean {mean_len:.0f} chars), claims read: {claims}")
    print(f"baseline (lower + digit regex): {len(docs) / base:,.0f} docs/s (best of 3)")
    print(f"reader: {rate:,.0f} reports/s on one core (best of 3; goal >= 4,000)")
    print(f"reader, first pass (cold caches): {len(docs) / cold:,.0f} reports/s")
    print(f"ratio reader/baseline time: {took / base:.1f}x (goal <= 20x; runs interleaved)")
    print(
        f"adversarial input, {len(adv):,} characters ({mb:.2f} MB UTF-8): {adv_took:.3f} s "
        f"(best of 3; first {adv_cold:.3f} s; goal < 1 s), {adv_took / mb:.3f} s per MB"
    )
    print(
        f"peak memory of one read: {_peak_bytes_per_char(adv):.1f} bytes per character "
        f"(adversarial; goal < 50), {_peak_bytes_per_char(docs[0] * 200):.1f} on a report "
        "repeated 200 times"
    )


if __name__ == "__main__":
    main()
