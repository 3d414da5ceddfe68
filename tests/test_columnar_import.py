"""The columnar import reads exactly what the row-by-row reading does (issue 14).

The reference is the ``csv`` module read one row at a time through ``parse_row`` (a chunk
of one row); the columnar path is pyarrow's chunks through ``parse_chunk``. Both must give
the same sources (content hashes and identities), claims, warnings and line numbers, and
the ledger must hold the claims those readings hash to, on SQLite and PostgreSQL alike.
Variants of the real file are built at run time (never committed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from strikewatch.importer import import_dataset
from strikewatch.ledger import connect
from strikewatch.ledger.schema import claims, sources
from strikewatch.readers.csvfile import DatasetError, is_plain, iter_chunks, iter_csv
from strikewatch.readers.dataset import COLUMNS, ParsedRow, ReadContext, parse_chunk, parse_row

SMALL_BLOCKS = 64 << 10  # several pyarrow chunks for the 0.8 MB real file


def row_by_row(path: Path, *, synthetic: bool = False) -> list[ParsedRow]:
    ctx = ReadContext(path=path, reference=None, synthetic=synthetic)
    return [parse_row(ctx, line, row) for line, row in iter_csv(path, COLUMNS)]


def columnar(
    path: Path, *, synthetic: bool = False, block_bytes: int = SMALL_BLOCKS
) -> list[ParsedRow]:
    ctx = ReadContext(path=path, reference=None, synthetic=synthetic)
    chunks = list(iter_chunks(path, COLUMNS, block_bytes=block_bytes))
    return [p for chunk in chunks for p in parse_chunk(ctx, chunk)]


def readings(rows: list[ParsedRow]) -> list[tuple[Any, ...]]:
    return [(p.line, p.source, p.claims, p.warnings, p.implausible) for p in rows]


def rewritten(src: Path, dst: Path, *, terminator: str = "\n", change: Any = None) -> Path:
    with src.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=terminator)
    for number, row in enumerate(rows):
        writer.writerow(change(number, row) if change else row)
    dst.write_text(out.getvalue(), encoding="utf-8", newline="")
    return dst


def test_real_file_columnar_equals_row_by_row(dataset_csv: Path) -> None:
    assert is_plain(dataset_csv), "the real file should take the pyarrow path"
    chunks = list(iter_chunks(dataset_csv, COLUMNS, block_bytes=SMALL_BLOCKS))
    assert len(chunks) > 5  # pyarrow's blocks, not the csv module's 5,000-row chunks
    reference = row_by_row(dataset_csv)
    assert len(reference) == 3770 and sum(len(p.claims) for p in reference) == 20240
    assert readings(columnar(dataset_csv)) == readings(reference)
    assert len({p.source.content_hash for p in reference}) == 3770


def test_newlines_in_cells_and_crlf_keep_line_numbers(tmp_path: Path, dataset_csv: Path) -> None:
    """A quoted cell spanning lines shifts the lines of every later row, in every chunk."""
    target = COLUMNS.index("target_main")

    def change(number: int, row: list[str]) -> list[str]:
        if number in (10, 1500, 3000):
            row[target] = row[target] + "\nsecond line"
        return row

    path = rewritten(dataset_csv, tmp_path / "newlines.csv", terminator="\r\n", change=change)
    assert is_plain(path)
    reference = row_by_row(path)
    assert [p.line for p in reference[8:11]] == [10, 11, 13]  # record 10 spans lines 11-12
    assert reference[-1].line == 3770 + 1 + 3
    assert readings(columnar(path)) == readings(reference)


@pytest.mark.parametrize("block_bytes", [SMALL_BLOCKS, 16 << 20])
def test_blank_and_space_only_lines_are_skipped_alike(
    tmp_path: Path, dataset_csv: Path, block_bytes: int
) -> None:
    lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2500, "   \n")  # pyarrow refuses it mid-file: the csv module takes over
    path = tmp_path / "spaces.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert is_plain(path)
    reference = row_by_row(path)
    assert len(reference) == 3770 and reference[-1].line == 3772
    assert readings(columnar(path, block_bytes=block_bytes)) == readings(reference)
    lines.insert(100, "\n")
    path.write_text("".join(lines), encoding="utf-8")
    assert not is_plain(path)
    assert readings(columnar(path)) == readings(row_by_row(path))


def test_strict_quoting_fails_alike(tmp_path: Path, dataset_csv: Path) -> None:
    """``"x"y`` is refused by the csv module's strict mode; pyarrow alone would accept it."""
    lines = dataset_csv.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2999] = lines[2999].replace(",", ',"x"y,', 1)
    path = tmp_path / "quote.csv"
    path.write_text("".join(lines), encoding="utf-8")
    assert not is_plain(path)
    with pytest.raises(DatasetError) as reference:
        row_by_row(path)
    with pytest.raises(DatasetError) as info:
        columnar(path)
    assert (info.value.line, info.value.column, str(info.value)) == (
        reference.value.line,
        reference.value.column,
        str(reference.value),
    )
    assert info.value.line == 3000


def test_first_error_in_row_order_across_columns(tmp_path: Path, dataset_csv: Path) -> None:
    """Cells are parsed column by column, but the error raised is the first row's."""
    launched, start = COLUMNS.index("launched"), COLUMNS.index("time_start")

    def change(number: int, row: list[str]) -> list[str]:
        if number == 2000:
            row[launched] = "many"
        if number == 2500:
            row[start] = "yesterday"
        return row

    path = rewritten(dataset_csv, tmp_path / "two.csv", change=change)
    with pytest.raises(DatasetError) as info:
        columnar(path, block_bytes=16 << 20)
    assert (info.value.line, info.value.column) == (2001, "launched")
    assert "'many'" in str(info.value)


def stored(engine: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        source_rows = conn.execute(
            select(sources.c.content_hash, sources.c.identity_key, sources.c.revision)
        ).all()
        claim_rows = conn.execute(
            select(
                claims.c.claim_hash,
                sources.c.content_hash,
                claims.c.value,
                claims.c.low,
                claims.c.high,
                claims.c.approx,
                claims.c.night,
                claims.c.window_start,
                claims.c.place,
                claims.c.qualifier,
                claims.c.is_total,
                claims.c.row_number,
                claims.c.flags,
                claims.c.detail,
                claims.c.synthetic,
            ).join(sources, sources.c.id == claims.c.source_id)
        ).all()
    return sorted(tuple(r) for r in source_rows), sorted(
        tuple(map(naive_utc, r)) for r in claim_rows
    )


def naive_utc(value: Any) -> Any:
    """PostgreSQL returns aware UTC times, SQLite naive ones: compare them as naive UTC."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


@pytest.mark.postgres
def test_ledger_holds_the_reference_claims(ledger_url: str, dataset_csv: Path) -> None:
    """Same hashes as the row-by-row reading, written by executemany (SQLite) or COPY."""
    engine = connect(ledger_url)
    report = import_dataset(engine, dataset_csv)
    assert report.claims_written == 20240 and report.nights_resolved > 1000
    source_rows, claim_rows = stored(engine)
    reference = row_by_row(dataset_csv)
    assert [r[0] for r in source_rows] == sorted(p.source.content_hash for p in reference)
    expected = sorted(
        (c.identity(p.source.content_hash), c.row_number, c.night)
        for p in reference
        for c in p.claims
    )
    assert sorted((r[0], r[11], r[6]) for r in claim_rows) == expected
    # a place claim has no value (unknown, never 0); every count kept its value
    places = {"target_area", "target_main", "launch_place", "affected_region"}
    assert all((r[2] is None) == (r[9] in places) for r in claim_rows)
    assert not any(r[12] for r in claim_rows)  # the real file has no implausible counts
    again = import_dataset(engine, dataset_csv)
    assert again.claims_written == 0 and again.sources_written == 0
    assert stored(engine) == (source_rows, claim_rows)


@pytest.mark.postgres
def test_postgres_copy_stores_what_sqlite_stores(
    ledger_url: str, tmp_path: Path, dataset_csv: Path
) -> None:
    sqlite = connect(tmp_path / "reference.sqlite")
    import_dataset(sqlite, dataset_csv)
    engine = connect(ledger_url)
    import_dataset(engine, dataset_csv)
    assert stored(engine) == stored(sqlite)
