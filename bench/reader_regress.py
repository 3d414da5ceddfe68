"""Regression harness for text reader optimisations: the reader's full output on a fixed set
of inputs, written as JSON lines, so a speed-up can be checked to change nothing.

Inputs: every labelled dev and kept-aside text (read with and without their reading
context), the seed articles in ../shared/seeds (read at run time, never copied), documents
from ``bench_reader.corpus``, each adversarial chunk alone and the whole 1 MB input, and a few
hundred deterministic mutations of the dev texts (digits changed, words dropped, cases
flipped, line breaks, apostrophe variants, HTML wrapping).

    python bench/reader_regress.py --write /tmp/reader2-ref     # reference (on main's code)
    python bench/reader_regress.py --check /tmp/reader2-ref     # after a change: identical?

Not a test: it compares whole outputs, which is what an optimisation must preserve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_reader import adversarial, corpus  # noqa: E402
from eval_reader import SHARED  # noqa: E402
from strikewatch.readers.text import read_document, to_json_obj  # noqa: E402
from strikewatch.readers.text.reader import ReadResult  # noqa: E402

_APOS = "’ʼ`‘´\u02bb"


def _mutate(text: str, rng: random.Random) -> str:
    """One random, deterministic edit of a text (the kinds of noise real posts carry)."""
    how = rng.randrange(8)
    words = text.split(" ")
    if how == 0:  # change every digit run's value
        return "".join(str(rng.randrange(10)) if c.isdigit() else c for c in text)
    if how == 1 and len(words) > 3:  # drop some words
        return " ".join(w for w in words if rng.random() > 0.15)
    if how == 2:
        return text.upper()
    if how == 3:
        return text.replace(". ", ".\n").replace(", ", ",\n\n")
    if how == 4:
        return text.replace("'", rng.choice(_APOS)).replace("’", rng.choice(_APOS))
    if how == 5:
        return "<html><body><p>" + text.replace("\n", "</p>\n<p>") + "</p></body></html>"
    if how == 6 and len(words) > 3:  # swap neighbouring words
        k = rng.randrange(len(words) - 1)
        words[k], words[k + 1] = words[k + 1], words[k]
        return " ".join(words)
    return text.replace(" ", "  ", rng.randrange(1, 20)).replace("-", " - ")


def _labelled() -> Iterator[tuple[str, str, dict[str, object]]]:
    reports = ROOT / "tests" / "data" / "reports"
    for d in (reports, reports / "heldout"):
        for txt in sorted(d.glob("*.txt")):
            exp_path = txt.with_name(txt.stem + ".expected.json")
            exp = json.loads(exp_path.read_text(encoding="utf-8")) if exp_path.exists() else {}
            yield f"{d.name}/{txt.name}", txt.read_text(encoding="utf-8"), exp


def inputs() -> Iterator[tuple[str, str, dict[str, object]]]:
    """(name, text, reading context) for every input, in a fixed order."""
    labelled = list(_labelled())
    for name, text, exp in labelled:
        yield name, text, {}
        if exp.get("published") or exp.get("publisher"):
            yield name + "@ctx", text, exp
    seeds = SHARED / "seeds"
    for p in sorted(seeds.glob("*.txt")) if seeds.exists() else []:
        yield f"seed/{p.name}", p.read_text(encoding="utf-8"), {}
    for k, doc in enumerate(corpus(600, seed=11)):
        yield f"corpus/{k}", doc, {}
    adv = adversarial()
    step = len(adv) // 6
    for k in range(6):
        yield f"adversarial/{k}", adv[k * step : (k + 1) * step][:20_000], {}
    yield "adversarial/all", adv, {}
    rng = random.Random(2026)
    for k in range(400):
        name, text, _ = labelled[rng.randrange(len(labelled))]
        yield f"mutated/{k}/{name}", _mutate(text, rng), {}


def _result_obj(r: ReadResult) -> dict[str, object]:
    return {
        "claims": [{**to_json_obj(c), "detail": c.detail} for c in r.claims],
        "flags": r.flags,
        "language": r.language,
        "night": r.night,
        "level": r.level,
        "attribution": r.attribution,
        "is_html": r.is_html,
        "window": [r.window_start, r.window_end],
        "detail": r.detail,
        "text_len": len(r.text),
    }


def run() -> Iterator[str]:
    for name, text, ctx in inputs():
        pub = ctx.get("published")
        res = read_document(
            text,
            published=dt.datetime.fromisoformat(str(pub)) if pub else None,
            publisher=str(ctx["publisher"]) if ctx.get("publisher") else None,
        )
        yield json.dumps(
            {"name": name, **_result_obj(res)}, ensure_ascii=False, sort_keys=True, default=str
        )


def main() -> int:
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path)
    g.add_argument("--check", type=Path)
    args = ap.parse_args()
    lines = list(run())
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        (args.write / "outputs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} outputs to {args.write / 'outputs.jsonl'}")
        return 0
    ref = (args.check / "outputs.jsonl").read_text(encoding="utf-8").splitlines()
    bad = [a.split('"name": ', 1)[1][:80] for a, b in zip(lines, ref, strict=False) if a != b]
    if len(ref) != len(lines):
        print(f"DIFFERENT: {len(lines)} outputs, reference has {len(ref)}")
        return 1
    if bad:
        print(f"DIFFERENT: {len(bad)} of {len(lines)} outputs differ, e.g.:")
        for b in bad[:10]:
            print("  ", b)
        return 1
    print(f"identical: {len(lines)} outputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
