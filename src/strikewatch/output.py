"""Printing results as a Rich table, JSON or CSV: one place so every command behaves alike."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from strikewatch.serial import jsonable

if TYPE_CHECKING:
    from rich.console import Console


class _Setting:
    """A console setting (``width``) read and written on the real console: a data descriptor,
    so ``monkeypatch.setattr(console, "width", 400)`` is undone on the console too."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, proxy: Any, owner: type | None = None) -> Any:
        return getattr(proxy._real(), self.name)

    def __set__(self, proxy: Any, value: Any) -> None:
        setattr(proxy._real(), self.name, value)


class _LazyConsole:
    """A Rich console made on first use.

    Importing rich.console costs about as much as Typer itself; ``--version``, JSON and CSV
    output never need it, so the command line only pays for it when it prints a table.
    """

    width = _Setting()
    height = _Setting()

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        """Settings (``console.width = 400``) reach the real console, not this proxy."""
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._real(), name, value)


#: Standard output and standard error, as Rich consoles (the only two the CLI prints to).
console = cast("Console", _LazyConsole())
err_console = cast("Console", _LazyConsole(stderr=True))


#: Characters that must never reach a terminal, an XML feed or a log as they are: C0
#: controls but tab and newline, DEL, C1 controls, lone surrogates, the XML non-characters
#: U+FFFE/U+FFFF and the bidirectional overrides (text that reads differently than it is).
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)


def escape_controls(text: str) -> str:
    r"""``text`` with every control character shown as its escape (``\x1b``, ``\u202e``).

    The one home for it: the terminal renderer (so data cannot move the cursor, recolour or
    clear the screen), the Atom feed (so it stays valid XML) and log lines use it.
    """
    if not _CONTROLS.search(text):
        return text

    def show(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _CONTROLS.sub(show, text)


#: A CSV cell a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A value made safe for a CSV cell (the rule every CSV strikewatch writes follows).

    A text that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed
    with a single quote (``'``), which spreadsheets show but never evaluate (OWASP's
    advice against CSV injection). Numbers are left alone, and so is a text that is
    a plain number such as ``-3`` or ``+1.5e3``: no spreadsheet runs those.
    """
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")


def row_keys(rows: Sequence[dict[str, Any]], first: Sequence[str] = ()) -> list[str]:
    """Every key of ``rows``: the columns of ``--csv``, which are the keys of the ``--json``
    rows (a row missing a key has an empty cell). The table's columns (``first``) lead, in
    the table's order, so the CSV reads like the table; the other keys follow as first seen."""
    keys = list(dict.fromkeys(key for row in rows for key in row))
    lead = [c for c in first if c in keys]
    return lead + [k for k in keys if k not in lead]


def _csv_value(value: Any) -> Any:
    """A JSON-able value as one CSV cell: unknown is empty, lists and objects are JSON text."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return csv_cell(json.dumps(value, ensure_ascii=False))
    return csv_cell(value)


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """``rows`` as CSV on stdout; the columns are every key of the rows unless given."""
    rows = [jsonable(r) for r in rows]
    columns = list(columns or row_keys(rows))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    sys.stdout.write(buffer.getvalue())


def fmt(value: Any) -> str:
    """One value as a table cell: numbers grouped, unknown as "—", controls escaped."""
    value = jsonable(value)
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return escape_controls(str(value))


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, header_style="bold")
    for col in columns:
        table.add_column(
            col,
            justify="right"
            if rows and isinstance(jsonable(rows[0].get(col)), (int, float))
            else "left",
        )
    for row in rows:
        # Text, not markup: a "[red]" in report text is data, not a style.
        table.add_row(*[Text(fmt(row.get(c))) for c in columns])
    console.print(table)


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    as_json: bool,
    as_csv: bool,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """The one decision between JSON, CSV and a table for a list of rows.

    JSON prints the rows as they are and CSV prints every key of them (the same columns), so
    a spreadsheet never holds less than the JSON; the table shows ``columns``, for reading.
    """
    if as_json:
        print_json(list(rows))
    elif as_csv:
        print_csv(rows, row_keys(rows, columns))
    else:
        print_table(rows, columns, title=title, caption=caption)
