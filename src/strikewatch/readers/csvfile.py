"""Reading a CSV file as columns, with every fault named by file, line and column.

The columns come from pyarrow's CSV parser (C++, ~50x faster than the ``csv`` module) when
the file is *plain*; otherwise, and whenever pyarrow refuses the file, from the ``csv``
module, which is also what names the line of a fault. Both yield the same chunks, so the
reader above sees one kind of input (docs/decisions.md, "Columnar dataset import").

A file is plain when it holds no NUL byte, no blank line, no lone carriage return, no quote
that the ``csv`` module's strict mode would refuse and no cell longer than the ``csv``
module's field limit: then both parsers read the same cells and the line of a row is its
row number plus the newlines inside the cells before it.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Rows per chunk on the ``csv`` module's path (pyarrow's chunks are blocks of bytes).
CHUNK_ROWS = 5_000
#: Bytes pyarrow parses at a time (a chunk); smaller blocks bound memory, larger ones cost less.
BLOCK_BYTES = 1 << 20
#: A quote followed by a cell's text: fine after a delimiter (it opens the cell), refused
#: by the csv module's strict mode after anything else. (A literal prefix keeps it fast.)
_QUOTE_THEN_TEXT = re.compile(rb'"[^,\r\n"]')


class DatasetError(Exception):
    """A problem in the input file that stops the import; the ledger is left unchanged."""

    def __init__(self, path: Path | str, line: int | None, column: str | None, message: str):
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        where = self.path if line is None else f"{self.path}, line {line}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass
class Chunk:
    """Consecutive rows: the line each starts on and, per expected column, its cells."""

    lines: list[int]
    cells: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.lines)


def _check_path(path: Path) -> None:
    if not path.exists():
        raise DatasetError(path, None, None, "file not found")
    if path.is_dir():
        raise DatasetError(path, None, None, "is a directory, expected a CSV file")


def check_header(path: Path, header: list[str], expected: tuple[str, ...], *, exact: bool) -> None:
    """Refuse a header that lacks an expected column (or, if ``exact``, has another)."""
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected] if exact else []
    if missing or unexpected:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(repr(c) for c in missing))
        if unexpected:
            parts.append("unexpected " + ", ".join(repr(c) for c in unexpected))
        raise DatasetError(path, 1, None, "wrong columns: " + "; ".join(parts))


def _iter_lines(path: Path) -> Iterator[str]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if b"\x00" in raw:  # refused on every database: PostgreSQL cannot store it
                raise DatasetError(path, number, None, "contains a NUL byte")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise DatasetError(
                    path, number, None, f"not valid UTF-8 (byte {err.start + 1} of the line)"
                ) from None


def iter_csv(
    path: Path, expected: tuple[str, ...], *, exact: bool = True
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with the header checked and every row's width checked."""
    _check_path(path)
    reader = csv.reader(_iter_lines(path), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DatasetError(path, 1, None, "empty file: no header row") from None
    except csv.Error as err:
        raise DatasetError(path, 1, None, f"malformed header: {err}") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    check_header(path, header, expected, exact=exact)
    width = len(header)
    previous_end = reader.line_num
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise DatasetError(
                path, previous_end + 1, None, f"malformed CSV ({err}); truncated file?"
            ) from None
        line = previous_end + 1
        previous_end = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != width:
            raise DatasetError(
                path,
                line,
                None,
                f"expected {width} fields, found {len(fields)} (truncated or malformed line)",
            )
        yield line, dict(zip(header, fields, strict=True))


def _chunked(
    rows: Iterator[tuple[int, dict[str, str]]], expected: tuple[str, ...]
) -> Iterator[Chunk]:
    while True:
        block = list(itertools.islice(rows, CHUNK_ROWS))
        if not block:
            return
        yield Chunk(
            lines=[line for line, _ in block],
            cells={c: [row[c] for _, row in block] for c in expected},
        )


def is_plain(path: Path) -> bool:
    """True when pyarrow and the ``csv`` module read this file alike (see the module doc)."""
    with path.open("rb") as handle:
        tail = b""
        first = True
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            if first and block.startswith((b"\n", b"\r")):
                return False
            first = False
            buffer = tail + block
            if not _plain_block(buffer):
                return False
            tail = buffer[-2:]
    return not first


def _plain_block(data: bytes) -> bool:
    """No NUL, no blank line, no lone CR, no quote the csv module's strict mode refuses."""
    if b"\x00" in data or b"\n\n" in data or b"\n\r\n" in data:
        return False
    if data.count(b"\r") != data.count(b"\r\n"):
        return False
    return all(
        m.start() == 0 or data[m.start() - 1] in b',\n"' for m in _QUOTE_THEN_TEXT.finditer(data)
    )


def _plain_header(path: Path) -> list[str] | None:
    with path.open("rb") as handle:
        first = handle.readline()
    try:
        return next(csv.reader([first.decode("utf-8")], strict=True))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None


class _Refused(Exception):
    """pyarrow cannot read this file like the ``csv`` module does; use the latter."""


def _open_arrow(path: Path, names: list[str], block_bytes: int) -> Any:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    return pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=names, skip_rows=1, block_size=block_bytes, use_threads=False
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _arrow_chunks(
    path: Path, raw_header: list[str], expected: tuple[str, ...], block_bytes: int
) -> Iterator[Chunk]:
    import pyarrow as pa

    header = [h.strip().lstrip("\ufeff") for h in raw_header]
    names = [f"c{i}" for i in range(len(header))]
    try:
        reader = _open_arrow(path, names, block_bytes)
    except pa.ArrowInvalid as err:  # the first block is parsed on opening
        raise _Refused(str(err)) from None
    next_line = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid as err:
            raise _Refused(str(err)) from None
        cells = {c: batch.column(header.index(c)).to_pylist() for c in expected}
        lines = _row_lines(cells, next_line)
        next_line = lines[-1] + _newlines(cells, -1) + 1 if lines else next_line
        yield Chunk(lines=lines, cells=cells)


def _newlines(cells: dict[str, list[str]], row: int) -> int:
    return sum(column[row].count("\n") for column in cells.values())


def _row_lines(cells: dict[str, list[str]], first: int) -> list[int]:
    """The line each row starts on: rows are one line each, plus the newlines inside cells
    (quoted) of the rows before. Refuses cells the csv module's field limit would."""
    columns = list(cells.values())
    n = len(columns[0]) if columns else 0
    limit = csv.field_size_limit()
    if any(max(map(len, column), default=0) > limit for column in columns):
        raise _Refused("a cell longer than the csv module's field limit")
    spanning = [column for column in columns if "\n" in "".join(column)]
    if not spanning:
        return list(range(first, first + n))
    lines, line = [], first
    for row in range(n):
        lines.append(line)
        line += 1 + sum(column[row].count("\n") for column in spanning)
    return lines


def iter_chunks(
    path: Path, expected: tuple[str, ...], *, block_bytes: int = BLOCK_BYTES
) -> Iterator[Chunk]:
    """The file's rows in chunks of columns, header and widths checked (exact columns)."""
    _check_path(path)
    raw_header = _plain_header(path) if is_plain(path) else None
    header: list[str] = []
    if raw_header is not None:
        header = [h.strip().lstrip("\ufeff") for h in raw_header]
        check_header(path, header, expected, exact=True)
    done = 0
    if raw_header is not None and len(set(header)) == len(header):
        try:
            for chunk in _arrow_chunks(path, raw_header, expected, block_bytes):
                done += len(chunk)
                yield chunk
            return
        except _Refused:
            pass  # the csv module names the fault (or reads what pyarrow would not)
    yield from _chunked(itertools.islice(iter_csv(path, expected), done, None), expected)
