"""Structure and memory of the text reader (issue 11 and issue 15), checked on the source and
on a deterministic measurement.

* No function in ``readers/text`` is longer than 80 lines: long passes are split into named
  helpers, each with one job.
* Peak memory of one read, measured with ``tracemalloc`` (deterministic for the same input
  and interpreter, unlike wall-clock time), stays under 50 bytes per input character on the
  1 MB adversarial input of ``bench/bench_reader.py``, and the claims of an ordinary report
  are not lost while doing so.
"""

from __future__ import annotations

import ast
import sys
import tracemalloc
from pathlib import Path

from strikewatch.readers.text import read_document
from strikewatch.readers.text.lexicon import get_lexicon

ROOT = Path(__file__).resolve().parents[2]
TEXT_READER = ROOT / "src" / "strikewatch" / "readers" / "text"
MAX_LINES = 80
MAX_BYTES_PER_CHAR = 50


def _long_functions(limit: int) -> list[str]:
    out = []
    for path in sorted(TEXT_READER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit:
                    out.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_no_function_in_the_text_reader_is_over_80_lines() -> None:
    assert _long_functions(MAX_LINES) == []


def test_the_length_check_finds_a_long_function(tmp_path: Path) -> None:
    """The check above can fail: a 90-line function is reported by the same walk."""
    body = "\n".join(f"    x{k} = {k}" for k in range(88))
    src = f"def long_one() -> None:\n{body}\n    return None\n"
    tree = ast.parse(src)
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef)
    assert (node.end_lineno or 0) - node.lineno + 1 == 90 > MAX_LINES


def _adversarial() -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_reader import adversarial
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return adversarial()


def test_peak_memory_per_character_is_bounded_on_the_adversarial_input() -> None:
    get_lexicon()  # the lexicon is built once per process, not per read
    read_document("У ніч на 21 серпня противник атакував 5 ударними БпЛА.")
    text = _adversarial()
    assert len(text.encode("utf-8")) >= 1_000_000  # 1 MB as UTF-8 (860,000 characters)
    tracemalloc.start()
    try:
        result = read_document(text)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result.claims, list)
    assert peak / len(text) < MAX_BYTES_PER_CHAR, f"{peak / len(text):.1f} bytes per character"
