"""Printing results as a Rich table, JSON or CSV: one place so every command behaves alike."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from strikewatch.serial import jsonable

console = Console()
err_console = Console(stderr=True)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n")


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    rows = [jsonable(r) for r in rows]
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    sys.stdout.write(buffer.getvalue())


def fmt(value: Any) -> str:
    value = jsonable(value)
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    table = Table(title=title, caption=caption, header_style="bold")
    for col in columns:
        table.add_column(
            col,
            justify="right"
            if rows and isinstance(jsonable(rows[0].get(col)), (int, float))
            else "left",
        )
    for row in rows:
        table.add_row(*[fmt(row.get(c)) for c in columns])
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
    if as_json:
        print_json(list(rows))
    elif as_csv:
        print_csv(rows, columns)
    else:
        print_table(rows, columns, title=title, caption=caption)
