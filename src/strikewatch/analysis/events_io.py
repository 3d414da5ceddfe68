"""Read context-event CSV files (the format of ``../shared/data/context_events.csv``).

Columns: ``date, end_date, kind, title, actors, source_url, note``. ``date``/``end_date`` are
YYYY-MM-DD (end_date optional, not before date); ``kind`` is an ``EventKind`` value;
``actors`` are ``;``-separated codes; a ``source_url`` of ``unverified`` (or empty) means the
date was not checked against a page: the event is kept with ``verified=False``.
Every error names the file, the line and the field, and nothing is returned for a file
with any error, so an import is all or nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from pathlib import Path

import pandas as pd

from strikewatch.domain import ContextEvent, EventKind
from strikewatch.tables import EVENT_COLUMNS

COLUMNS: tuple[str, ...] = ("date", "end_date", "kind", "title", "actors", "source_url", "note")
DEFAULT_RESOURCE = "context_events_default.csv"
FRAME_COLUMNS = EVENT_COLUMNS


class EventsFileError(ValueError):
    """A context-events file that cannot be read; says where and why."""

    def __init__(self, path: str, line: int | None, field: str | None, message: str) -> None:
        self.path, self.line, self.field, self.message = path, line, field, message
        where = path + (f":{line}" if line is not None else "")
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


def _date(text: str, path: str, line: int, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise EventsFileError(path, line, field, f"{text!r} is not a date (YYYY-MM-DD)") from None


def parse_events(text: str, name: str, origin: str | None = None) -> list[ContextEvent]:
    """Parse CSV text into events; ``name`` is used in error messages and as the origin."""
    nul = text.find("\x00")  # refused on every database: PostgreSQL cannot store it
    if nul >= 0:
        raise EventsFileError(name, text.count("\n", 0, nul) + 1, None, "contains a NUL character")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise EventsFileError(name, 1, None, "empty file (no header)") from None
    except csv.Error as exc:
        raise EventsFileError(name, 1, None, f"malformed CSV: {exc}") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise EventsFileError(name, 1, missing[0], f"missing column(s): {', '.join(missing)}")
    pos = {c: header.index(c) for c in COLUMNS}
    events: list[ContextEvent] = []
    line = 1
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise EventsFileError(name, line, None, f"malformed CSV: {exc}") from None
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise EventsFileError(
                name, line, None, f"expected {len(header)} fields, found {len(row)} (truncated?)"
            )

        def get(col: str, row: list[str] = row) -> str:
            return row[pos[col]].strip()

        date = _date(get("date"), name, line, "date")
        end = _date(get("end_date"), name, line, "end_date") if get("end_date") else None
        if end is not None and end < date:
            raise EventsFileError(name, line, "end_date", f"{end} is before date {date}")
        try:
            kind = EventKind(get("kind"))
        except ValueError:
            allowed = ", ".join(k.value for k in EventKind)
            raise EventsFileError(
                name, line, "kind", f"{get('kind')!r} is not one of {allowed}"
            ) from None
        title = get("title")
        if not title:
            raise EventsFileError(name, line, "title", "empty title")
        url = get("source_url")
        verified = bool(url) and url.lower() != "unverified"
        if url and verified and not url.startswith(("http://", "https://")):
            raise EventsFileError(name, line, "source_url", f"{url!r} is not an http(s) URL")
        events.append(
            ContextEvent(
                date=date,
                kind=kind,
                title=title,
                end_date=end,
                actors=tuple(a.strip() for a in get("actors").split(";") if a.strip()),
                source_url=url if verified else None,
                note=get("note") or None,
                origin=origin if origin is not None else Path(name).name,
                verified=verified,
            )
        )
    return events


def read_events_csv(path: str | Path, origin: str | None = None) -> list[ContextEvent]:
    """Read a context-events CSV file (UTF-8); raises :class:`EventsFileError`."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise EventsFileError(str(p), None, None, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EventsFileError(str(p), line, None, "not UTF-8 text") from None
    return parse_events(text, str(p), origin)


def default_events() -> list[ContextEvent]:
    """The curated list shipped with the package (origin ``package``)."""
    text = (resources.files("strikewatch") / "data" / DEFAULT_RESOURCE).read_text("utf-8")
    return parse_events(text, f"strikewatch/data/{DEFAULT_RESOURCE}", origin="package")


def events_frame(events: list[ContextEvent]) -> pd.DataFrame:
    """Events as the ledger's ``context_events`` table (dates as datetime64, actors joined)."""
    frame = pd.DataFrame(
        [
            {
                "date": e.date,
                "end_date": e.end_date,
                "kind": str(e.kind),
                "title": e.title,
                "actors": ";".join(e.actors),
                "source_url": e.source_url,
                "note": e.note,
                "origin": e.origin,
                "verified": e.verified,
            }
            for e in events
        ],
        columns=list(FRAME_COLUMNS),
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    return frame
