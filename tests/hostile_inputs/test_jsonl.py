"""Hostile .jsonl ingests: deep nesting, huge lines, wrong types, NUL; nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.hostile_inputs.conftest import BENIGN, Run, refused

from strikewatch.ingest import JSONL_MAX_DEPTH, JSONL_MAX_LINE


def _write(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


GOOD = json.dumps({"text": BENIGN.replace("120", "121")})
CASES = {
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, "line 2", "nested"),
    "nested in a field": (
        json.dumps({"text": "x", "meta": json.loads("[" * 40 + "]" * 40)}),
        "line 2",
        "field 'meta'",
        f"deeper than {JSONL_MAX_DEPTH}",
    ),
    "not an object": ("[1, 2]", "line 2", "not a JSON object"),
    "broken JSON": ('{"text": "a', "line 2", "not JSON"),
    "number as night": (
        json.dumps({"text": "x", "night": 20250309}),
        "line 2",
        "field 'night'",
        "must be a string",
    ),
    "NUL in text": (json.dumps({"text": "a\u0000b"}), "line 2", "field 'text'", "NUL"),
    "NUL in publisher": (
        json.dumps({"text": "a", "publisher": "x\u0000"}),
        "line 2",
        "field 'publisher'",
    ),
    "bad night": (
        json.dumps({"text": "a", "night": "<script>"}),
        "line 2",
        "night",
        "is not a date",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_line_refused_with_file_and_line(
    case: str, cli: Run, hostile_ledger: str, tmp_path: Path
) -> None:
    line, *expected = CASES[case]
    path = _write(tmp_path, GOOD, line)  # the good first line is not stored either
    refused(cli, hostile_ledger, ["ingest", path], path, *expected)


def test_huge_line_refused(cli: Run, hostile_ledger: str, tmp_path: Path) -> None:
    huge = json.dumps({"text": "drones " * (JSONL_MAX_LINE // 7 + 1)})
    path = _write(tmp_path, huge)
    refused(cli, hostile_ledger, ["ingest", path], path, "line 1", "longer than")
