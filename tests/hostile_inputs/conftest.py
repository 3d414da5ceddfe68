"""Hostile inputs: every reader and importer, on SQLite and PostgreSQL.

Each case asserts a clear error naming the file, line and field (or a safely stored and
escaped result) and, for every refusal, a ledger byte-for-byte unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.ledger import connect
from strikewatch.ledger.schema import metadata

BENIGN = (
    "In the night of 9 March 2025 Russia attacked Ukraine with 120 Shahed drones; "
    "air defence destroyed 100 drones."
)


def fingerprint(url: str) -> str:
    """A digest of every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    with connect(url).connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture
def hostile_ledger(ledger_url: str, tmp_path: Path) -> str:
    """A ledger holding one benign report, so that "unchanged" is not trivially true."""
    benign = tmp_path / "benign.txt"
    benign.write_text(BENIGN, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(benign), "--db", ledger_url])
    assert result.exit_code == 0, result.output
    return ledger_url


Run = Callable[..., tuple[int, str]]


@pytest.fixture
def cli(hostile_ledger: str) -> Run:
    """Run a command on the hostile ledger: (exit code, output with rich's wrapping undone)."""

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, [*args, "--db", hostile_ledger])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception  # a traceback is a failure of its own
        return result.exit_code, " ".join(result.output.split())

    return run


def contains(out: str, part: str) -> bool:
    """``part`` in CLI output, ignoring whitespace (rich may wrap inside a long path)."""
    return "".join(part.split()) in "".join(out.split())


def refused(cli: Run, ledger: str, args: list[str], *expected: str) -> str:
    """Assert the command fails with exit 2, names every ``expected`` part, changes nothing."""
    before = fingerprint(ledger)
    code, out = cli(*args)
    assert code == 2, out
    for part in expected:
        assert contains(out, part), (part, out)
    assert "Traceback" not in out
    assert fingerprint(ledger) == before
    return out
