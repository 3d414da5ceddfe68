"""Opening a ledger (decision 87): a current one costs one schema query and no DDL; a missing
table is still created; the schema does not load PostgreSQL's dialect."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text

from strikewatch.ledger import connect, connection


@contextmanager
def _statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs inside the block."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def _reopen(url: str) -> list[str]:
    engine = connection._ENGINES.pop(connection._url_for(url), None)
    if engine is not None:
        engine.dispose()
    with _statements() as seen:
        connect(url)
    return seen


def test_a_current_ledger_opens_without_ddl_or_per_table_inspection(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite")
    connect(url)
    seen = _reopen(url)
    assert not [s for s in seen if s.upper().startswith(("CREATE", "ALTER", "DROP"))], seen
    schema_reads = [s for s in seen if "table_info" in s.lower()]
    assert len(schema_reads) == 1 and "pragma_table_info(m.name)" in schema_reads[0], seen


def test_a_missing_table_is_still_created(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite")
    engine = connect(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alerts"))
    seen = _reopen(url)
    assert any(s.startswith("CREATE TABLE alerts") for s in seen), seen
    with connect(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alerts")).scalar_one() == 0


def test_the_schema_does_not_load_postgresqls_dialect() -> None:
    probe = "import sys, strikewatch.ledger.schema; print('sqlalchemy.dialects.postgresql' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
