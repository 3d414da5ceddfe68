"""``strikewatch read`` and ``strikewatch ingest``: report text in, claims out / into the ledger.

Exit codes follow the CLI: 0 success, 2 bad input (unreadable, empty, binary or non-UTF-8
file; bad option value) with a message naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from strikewatch.commands.common import DbOption, JsonOption
from strikewatch.commands.common import fail as _fail
from strikewatch.output import console, print_json


class InputError(Exception):
    """A document that cannot be read; the message names the file."""


def decode_document(data: bytes, name: str) -> str:
    """UTF-8 text of a document, or InputError for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not valid UTF-8 (byte {err.start}: {data[err.start : err.start + 1]!r}); "
            "convert it to UTF-8 first"
        ) from err
    return text


def _read_input(path: str) -> tuple[str, str]:
    if path == "-":
        return decode_document(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory")
    return decode_document(p.read_bytes(), path), path


def _parse_published(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as err:
        raise InputError(f"--published: {value!r} is not an ISO date-time") from err
    if t.tzinfo is None:
        from strikewatch.domain import KYIV

        t = t.replace(tzinfo=KYIV)  # a bare local time is Kyiv time
    return t.astimezone(dt.UTC)


def _parse_night(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise InputError(f"--night: {value!r} is not a date (YYYY-MM-DD)") from err


def source_for(
    text: str, result: Any, *, url: str | None, publisher: str | None, published: dt.datetime | None
) -> Any:
    """The ledger Source for a read document; its content hash makes re-ingesting a no-op."""
    from strikewatch.domain import Source, content_hash

    title = next((ln.strip() for ln in result.text.splitlines() if ln.strip()), None)
    return Source(
        kind="report" if result.level.value == "national_command" else "article",
        level=result.level,
        content_hash=content_hash("text", text),
        publisher=publisher,
        url=url,
        published=published,
        language=result.language,
        title=title[:200] if title else None,
        text=text,
    )


def _claims_table(result: Any) -> None:
    from rich.table import Table

    from strikewatch.readers.text import to_json_obj

    table = Table(
        title=f"{len(result.claims)} claims · {result.language} · "
        f"night {result.night or 'unresolved'} · {result.level.value}"
    )
    for col in (
        "kind",
        "class / what",
        "outcome",
        "value",
        "range",
        "status",
        "attribution",
        "text",
    ):
        table.add_column(col)
    for c in result.claims:
        o = to_json_obj(c)
        what = o["weapon_class"] or o["place"] or o["target_category"] or o["qualifier"] or ""
        if o["model"]:
            what += f" ({o['model']})"
        if o["kind"] == "casualties":
            k, i = o["killed"], o["injured"]
            what = f"killed {_rng(k)} injured {_rng(i)}"
        rng = (
            ""
            if o["value"] is None and o["low"] is None and o["high"] is None
            else (f"{_n(o['low'])}..{_n(o['high'])}")
        )
        table.add_row(
            o["kind"] + (" (total)" if o["is_total"] else ""),
            what,
            o["outcome"] or "",
            _n(o["value"]),
            rng,
            o["status"],
            o["attribution"] or "",
            (o["text"] or "")[:60],
        )
    console.print(table)
    for f in result.flags:
        console.print(f"[yellow]flag:[/] {f}")


def _n(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def _rng(q: dict[str, Any] | None) -> str:
    if q is None:
        return "-"
    if q["value"] is not None:
        return _n(q["value"])
    return f"{_n(q['low'])}..{_n(q['high'])}"


def read_command(
    file: Annotated[str, typer.Argument(help="Report file (text or HTML), or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option("--published", help="Publication time, ISO 8601 (bare = Kyiv time)."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the document came from.")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher", help="Who published it.")] = None,
    night: Annotated[
        str | None, typer.Option("--night", help="Attach to this night (YYYY-MM-DD).")
    ] = None,
    match: Annotated[
        bool, typer.Option("--match", help="Rank ledger nights that fit the figures.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read a report or article and print the claims it makes."""
    from strikewatch.readers.text import read_document, to_json_obj

    try:
        text, _name = _read_input(file)
        pub = _parse_published(published)
        nt = _parse_night(night)
    except InputError as err:
        raise _fail(str(err)) from None
    result = read_document(text, published=pub, url=url, publisher=publisher, night=nt)
    matches: list[dict[str, Any]] = []
    if match:
        from strikewatch.ledger import connect, queries
        from strikewatch.readers.text.matching import match_nights
        from strikewatch.tables import nightly_totals

        nightly = nightly_totals(queries.figures(connect(db)))
        matches = [
            {"night": n.isoformat(), "score": round(s, 4), "explanation": e}
            for n, s, e in match_nights(result.claims, nightly)
        ]
    if as_json:
        objs = [to_json_obj(c) for c in result.claims]
        if match:
            print_json(
                {
                    "claims": objs,
                    "matches": matches,
                    "night": result.night,
                    "language": result.language,
                    "flags": result.flags,
                }
            )
        else:
            print_json(objs)
        return
    _claims_table(result)
    if match:
        if not matches:
            console.print(
                "No night fits: the document states no launched figure, or the ledger is empty."
            )
        for m in matches:
            console.print(f"{m['night']}  score {m['score']:.3f}  {m['explanation']}")


def _documents(target: str, defaults: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, options) for a file, every .txt/.html/.md in a directory, or JSON Lines
    (one object per line with ``text`` and optional url/published/publisher/night)."""
    if target == "-" or target.endswith(".jsonl"):
        raw = sys.stdin.buffer.read() if target == "-" else _bytes(target)
        name = "<stdin>" if target == "-" else target
        body = decode_document(raw, name)
        out = []
        for n, line in enumerate(body.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{name}, line {n}: not JSON ({err.msg})") from err
            if (
                not isinstance(obj, dict)
                or not isinstance(obj.get("text"), str)
                or not obj["text"].strip()
            ):
                raise InputError(f'{name}, line {n}: needs a non-empty "text" field')
            opts = dict(defaults)
            for k in ("url", "published", "publisher", "night"):
                if obj.get(k) is not None:
                    opts[k] = str(obj[k])
            out.append((f"{name}:{n}", obj["text"], opts))
        return out
    p = Path(target)
    if p.is_dir():
        files = sorted(
            f for f in p.iterdir() if f.is_file() and f.suffix in (".txt", ".html", ".htm", ".md")
        )
        if not files:
            raise InputError(f"{target}: no .txt/.html/.md files in the directory")
        return [(str(f), decode_document(f.read_bytes(), str(f)), dict(defaults)) for f in files]
    if not p.exists():
        raise InputError(f"{target}: no such file")
    return [(target, decode_document(p.read_bytes(), target), dict(defaults))]


def _bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    return p.read_bytes()


def ingest_command(
    target: Annotated[
        str,
        typer.Argument(
            help="A file, a directory of files, a .jsonl file, or - (JSON Lines on stdin)."
        ),
    ],
    url: Annotated[str | None, typer.Option("--url")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="ISO 8601 (bare = Kyiv time).")
    ] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    night: Annotated[
        str | None, typer.Option("--night", help="Attach the claims to this night.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Read documents and store their claims in the ledger, then re-resolve their nights."""
    from strikewatch.ledger import connect
    from strikewatch.ledger.writes import store_claims
    from strikewatch.readers.text import read_document
    from strikewatch.resolve import resolve_nights

    defaults = {"url": url, "published": published, "publisher": publisher, "night": night}
    try:
        docs = _documents(target, defaults)
        parsed = [
            (name, text, _parse_published(o["published"]), _parse_night(o["night"]), o)
            for name, text, o in docs
        ]
    except InputError as err:
        raise _fail(str(err)) from None
    engine = connect(db)
    report: list[dict[str, Any]] = []
    nights: set[dt.date] = set()
    for name, text, pub, nt, o in parsed:
        result = read_document(
            text, published=pub, url=o["url"], publisher=o["publisher"], night=nt
        )
        source = source_for(text, result, url=o["url"], publisher=o["publisher"], published=pub)
        written = store_claims(engine, source, result.claims)
        if written:
            nights.update(c.night for c in result.claims if c.night is not None)
        report.append(
            {
                "document": name,
                "claims": len(result.claims),
                "claims_written": written,
                "night": result.night,
                "level": result.level.value,
                "language": result.language,
                "flags": result.flags,
            }
        )
    resolved = resolve_nights(engine, nights) if nights else 0
    summary = {
        "documents": report,
        "claims_written": sum(r["claims_written"] for r in report),
        "nights": sorted(nights),
        "nights_resolved": resolved,
    }
    if as_json:
        print_json(summary)
        return
    for r in report:
        state = "new" if r["claims_written"] else "already in the ledger"
        console.print(
            f"{r['document']}: {r['claims']} claims ({r['claims_written']} written, {state}), "
            f"night {r['night'] or 'unresolved'}"
        )
    console.print(f"Re-resolved {len(nights)} night(s).")


def register(app: typer.Typer) -> None:
    """Add ``read`` and ``ingest`` to the top-level app."""
    app.command("read")(read_command)
    app.command("ingest")(ingest_command)
