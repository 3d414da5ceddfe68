"""Ingesting texts: the one use case behind ``strikewatch ingest``, the API and the follower.

Each document is read by the text reader and stored with its claims, and the nights (waves)
its claims touch are re-resolved, **in one transaction**: a killed process leaves either
nothing or everything of a document, and a re-run finds nothing to do.

A document is a reading of a report (``identity.text_identity``: a channel post, a canonical
URL, else its content); a new text under a known identity is the report's next revision and
the nights of the reading it supersedes are re-resolved in the same transaction. Nights and
times outside the accepted dates are refused (InputError naming document, line and field)
before anything is written; implausible counts are stored flagged and never resolved.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strikewatch.catalog import plausibility
from strikewatch.domain import KYIV, Claim, Source, SourceLevel, content_hash
from strikewatch.errors import InputError
from strikewatch.identity import text_identity
from strikewatch.readers.text.limits import check_document_size

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")


@dataclass
class Document:
    """One text to ingest, with what is known about it besides its text."""

    name: str
    text: str
    url: str | None = None
    publisher: str | None = None
    published: dt.datetime | None = None
    night: dt.date | None = None
    identity_key: str | None = None
    kind: str | None = None
    #: The publisher's level when the caller knows it better than the text reader does (a
    #: regional air command's channel); None lets the reader decide from the text.
    level: SourceLevel | None = None

    def __post_init__(self) -> None:
        # Every way a text enters (files, JSON Lines, the API, the follower, batches) builds
        # a Document, so the size limit is checked here, once, before anything is read.
        check_document_size(self.text, self.name)


@dataclass
class DocumentResult:
    document: str
    claims: int
    claims_written: int
    night: dt.date | None
    level: str
    language: str | None
    flags: list[str] = field(default_factory=list)
    nights: list[dt.date] = field(default_factory=list)
    nights_resolved: int = 0
    #: For a text stored without a night: the reader's best-match night (``suggest``).
    suggestion: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "document": self.document,
            "claims": self.claims,
            "claims_written": self.claims_written,
            "night": self.night,
            "level": self.level,
            "language": self.language,
            "flags": self.flags,
            "nights": self.nights,
            "nights_resolved": self.nights_resolved,
        }
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        return out


def decode_document(data: bytes, name: str) -> str:
    """UTF-8 text of a document, or InputError for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise InputError("the file is empty", where=name)
    nul = data.find(b"\x00")  # the whole file: PostgreSQL cannot store a NUL in text
    if nul >= 0:
        raise InputError(
            "contains a NUL byte: a binary file, not a text report",
            where=name,
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"not valid UTF-8 (byte {err.start}: {data[err.start : err.start + 1]!r}); "
            "convert it to UTF-8 first",
            where=name,
        ) from err


def parse_published(
    value: str | dt.datetime | None, where: str = "--published"
) -> dt.datetime | None:
    """An ISO 8601 time in UTC; a bare local time is Kyiv time."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise InputError(f"{value!r} is not an ISO 8601 date-time", where=where) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=KYIV)
    return _in_bounds(when.astimezone(dt.UTC), where)


def parse_night(value: str | dt.date | None, where: str = "--night") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return _in_bounds(value, where)
    try:
        night = dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{value!r} is not a date (YYYY-MM-DD)", where=where) from None
    return _in_bounds(night, where)


def _in_bounds(value: Any, where: str) -> Any:
    why = plausibility.date_problem(value)
    if why:
        raise InputError(why, where=where)
    return value


def check_claim_dates(doc: Document, claims: list[Claim]) -> None:
    """Refuse a document whose claims fall on a night or time outside the accepted dates."""
    for c in claims:
        for name, value in (("night", c.night), ("window_start", c.window_start),
                            ("window_end", c.window_end)):  # fmt: skip
            why = plausibility.date_problem(value)
            if why:
                line = doc.text.count("\n", 0, c.span[0]) + 1 if c.span else None
                raise InputError(
                    f"{why} (nothing was written)", where=doc.name, line=line, field=name
                )


def _read_bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", where=path)
    if p.is_dir():
        raise InputError("is a directory", where=path)
    return p.read_bytes()


def read_input(path: str) -> tuple[str, str]:
    """(text, name) of a file, or of standard input for ``-``."""
    if path == "-":
        return decode_document(sys.stdin.buffer.read(), "<stdin>"), "<stdin>"
    return decode_document(_read_bytes(path), path), path


#: Bounds on one ``.jsonl`` line: its length in characters (a document plus its fields) and
#: how deeply its JSON may nest (a document object needs depth 1; the rest is headroom).
JSONL_MAX_LINE = 8_000_000
JSONL_MAX_DEPTH = 16
_JSONL_FIELDS = ("url", "published", "publisher", "night")


def _json_depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (a hostile line may nest deeply)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _jsonl_object(line: str, name: str, n: int) -> dict[str, Any]:
    """One line's object, or InputError naming the file, the line and the field at fault."""
    if len(line) > JSONL_MAX_LINE:
        raise InputError(
            f"line longer than {JSONL_MAX_LINE:,} characters ({len(line):,})", where=name, line=n
        )
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON ({err.msg}, column {err.colno})", where=name, line=n) from err
    except RecursionError:
        raise InputError(f"JSON nested deeper than {JSONL_MAX_DEPTH}", where=name, line=n) from None
    if not isinstance(obj, dict):
        raise InputError(f"not a JSON object ({type(obj).__name__})", where=name, line=n)
    for key, value in obj.items():
        if _json_depth(value) + 1 > JSONL_MAX_DEPTH:
            raise InputError(
                f"JSON nested deeper than {JSONL_MAX_DEPTH}", where=name, line=n, field=str(key)
            )
    if not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise InputError('needs a non-empty "text" field', where=name, line=n, field="text")
    for key in ("text", *_JSONL_FIELDS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(
                f"must be a string, not {type(value).__name__}", where=name, line=n, field=key
            )
        if isinstance(value, str) and "\x00" in value:
            raise InputError("contains a NUL character", where=name, line=n, field=key)
    return obj


def _jsonl_documents(body: str, name: str, defaults: dict[str, Any]) -> list[Document]:
    out = []
    for n, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        obj = _jsonl_object(line, name, n)
        opts = dict(defaults)
        for k in _JSONL_FIELDS:
            if obj.get(k) is not None:
                opts[k] = obj[k]
        out.append(_document(f"{name}:{n}", obj["text"], opts, where=f"{name}, line {n}"))
    return out


def _document(name: str, text: str, opts: dict[str, Any], where: str | None = None) -> Document:
    return Document(
        name=name,
        text=text,
        url=opts.get("url"),
        publisher=opts.get("publisher"),
        published=parse_published(
            opts.get("published"), where=f"{where or name}, field 'published'"
        ),
        night=parse_night(opts.get("night"), where=f"{where or name}, field 'night'"),
    )


def documents(target: str, defaults: dict[str, Any]) -> list[Document]:
    """The documents of a file, every .txt/.html/.md of a directory, or JSON Lines
    (one object per line with ``text`` and optional url/published/publisher/night)."""
    if target == "-" or target.endswith(".jsonl"):
        raw = sys.stdin.buffer.read() if target == "-" else _read_bytes(target)
        name = "<stdin>" if target == "-" else target
        return _jsonl_documents(decode_document(raw, name), name, defaults)
    p = Path(target)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix in TEXT_SUFFIXES)
        if not files:
            raise InputError("no .txt/.html/.md files in the directory", where=target)
        return [_document(str(f), decode_document(f.read_bytes(), str(f)), defaults) for f in files]
    return [_document(target, decode_document(_read_bytes(target), target), defaults)]


def source_for(
    text: str,
    result: Any,
    *,
    url: str | None,
    publisher: str | None,
    published: dt.datetime | None,
    identity_key: str | None = None,
    kind: str | None = None,
) -> Source:
    """The ledger Source for a read document; its content hash makes re-ingesting a no-op."""
    title = next((ln.strip() for ln in result.text.splitlines() if ln.strip()), None)
    # A keyed document (a channel post) is its post: two posts with the same words are two
    # readings of two reports, so the key is part of the content hash.
    key = content_hash("text", identity_key, text) if identity_key else content_hash("text", text)
    return Source(
        kind=kind or ("report" if result.level.value == "national_command" else "article"),
        level=result.level,
        content_hash=key,
        publisher=publisher,
        url=url,
        published=published,
        language=result.language,
        title=title[:200] if title else None,
        text=text,
        identity_key=text_identity(url, key, identity_key),
    )


@dataclass(frozen=True)
class ReadText:
    """A document read and checked, not yet stored: what a batch writes in one transaction."""

    doc: Document
    result: Any  # readers.text.ReadResult
    source: Source
    implausible: list[str]
    #: The reader's best-match night for an undated text (``suggest.best_match``), found
    #: before the writer lock is taken; kept with the source when it is stored.
    suggestion: Any = None


def read_for_ingest(doc: Document) -> ReadText:
    """Read one document and refuse bad input, without touching the ledger.

    Reading is the slow, pure part of ingesting; keeping it out of the write transaction
    keeps the writer lock short and lets a batch read every document before writing any.
    """
    from strikewatch.readers.text import read_document

    parse_night(doc.night, where=f"{doc.name}, field 'night'")
    parse_published(doc.published, where=f"{doc.name}, field 'published'")
    result = read_document(
        doc.text, published=doc.published, url=doc.url, publisher=doc.publisher, night=doc.night
    )
    check_claim_dates(doc, result.claims)
    implausible = plausibility.flag_implausible(result.claims)
    source = source_for(
        doc.text,
        result,
        url=doc.url,
        publisher=doc.publisher,
        published=doc.published,
        identity_key=doc.identity_key,
        kind=doc.kind,
    )
    if doc.level is not None and doc.level is not source.level:
        source = replace(source, level=doc.level)
    return ReadText(doc, result, source, implausible)


def _runs(items: list[ReadText]) -> list[list[ReadText]]:
    """Consecutive runs in which no identity repeats.

    ``write_batch`` numbers revisions from the readings current before the batch, so two
    readings of one report must not share a batch; cutting runs in input order keeps the
    ids and revisions exactly those of storing the documents one by one.
    """
    runs: list[list[ReadText]] = []
    keys: set[str | None] = set()
    for item in items:
        key = item.source.identity_key
        if not runs or key in keys:
            runs.append([])
            keys = set()
        runs[-1].append(item)
        keys.add(key)
    return runs


def _store_run(conn: Connection, run: list[ReadText]) -> list[DocumentResult]:
    """Write one run of documents in bulk; what each document wrote and touched."""
    from strikewatch import suggest
    from strikewatch.ledger.writes import (
        current_readings,
        existing_source_hashes,
        nights_of_sources,
        write_batch,
    )

    stored = existing_source_hashes(conn, [r.source.content_hash for r in run])
    current = current_readings(conn, [r.source.identity_key for r in run if r.source.identity_key])
    before = dict(current)
    fresh: list[bool] = []
    present = set(stored)
    for item in run:  # the rule of write_batch: a hash stored or earlier in the batch is skipped
        fresh.append(item.source.content_hash not in present)
        present.add(item.source.content_hash)
    batch = [(r.source, r.result.claims) for r in run]
    write_batch(conn, batch, known_hashes=stored, current=current)
    out = []
    for item, written in zip(run, fresh, strict=True):
        claims = item.result.claims
        touched = {c.night for c in claims if c.night is not None} if written else set()
        previous = before.get(item.source.identity_key or "") if written else None
        if previous is not None:
            touched |= nights_of_sources(conn, [previous[0]])
        n_claims = len({c.identity(item.source.content_hash) for c in claims}) if written else 0
        suggestion = None
        if item.suggestion is not None and n_claims:
            suggestion = suggest.record(conn, item.source.content_hash, item.suggestion)
        out.append(_result(item, n_claims, touched, suggestion))
    return out


def _result(
    item: ReadText, claims_written: int, touched: set[dt.date], suggestion: Any
) -> DocumentResult:
    result = item.result
    return DocumentResult(
        document=item.doc.name,
        claims=len(result.claims),
        claims_written=claims_written,
        night=result.night,
        level=result.level.value,
        language=result.language,
        flags=list(result.flags) + [f"implausible {why}" for why in item.implausible],
        nights=sorted(touched),
        nights_resolved=len(touched),
        suggestion=None if suggestion is None else suggestion.as_dict(),
    )


def store_read_texts(conn: Connection, items: list[ReadText]) -> list[DocumentResult]:
    """Store read documents inside the caller's transaction, then re-resolve every night they
    touched once: the same ledger as storing them one by one, at a fraction of the cost."""
    from strikewatch.resolve import resolve_in

    results = [r for run in _runs(items) for r in _store_run(conn, run)]
    touched = {n for r in results for n in r.nights}
    if touched:
        resolve_in(conn, touched)
    return results


def ingest_documents_batch(engine: Engine, docs: list[Document]) -> list[DocumentResult]:
    """Read every document, then store them all and re-resolve their nights in one transaction.

    A bad document stops the batch before anything is written (all or nothing, so a page of
    posts is stored whole or not at all). Callers bound the batch (the follower: one page).
    """
    from strikewatch.ledger.connection import write_transaction

    items = with_suggestions(engine, [read_for_ingest(doc) for doc in docs])
    if not items:
        return []
    with write_transaction(engine) as conn:
        return store_read_texts(conn, items)


def with_suggestions(engine: Engine, items: list[ReadText]) -> list[ReadText]:
    """The items with the best-match night of each undated one (read before the lock)."""
    from strikewatch import suggest

    return [replace(item, suggestion=suggest.best_match(engine, item.result)) for item in items]


def ingest_document(engine: Engine, doc: Document) -> DocumentResult:
    """Read one document, store it and re-resolve the nights it touches, in one transaction."""
    return ingest_documents_batch(engine, [doc])[0]


#: Documents per transaction of ``ingest_documents``: large enough that storing and resolving
#: are paid per batch, small enough that the writer lock is short and memory stays flat.
INGEST_BATCH = 50


def ingest_documents(
    engine: Engine, docs: list[Document], batch: int = INGEST_BATCH
) -> dict[str, Any]:
    """Ingest documents in batches of ``batch``, one transaction each; a summary for the CLI.

    Each batch is read whole, then stored and its nights resolved once (the same ledger as
    one document at a time). A bad document stops its batch before anything of that batch is
    written; the batches before it stay stored, and the error says how many documents they
    hold, so a re-run (a no-op for stored texts) picks up where it stopped (decision 86).
    """
    results: list[DocumentResult] = []
    for start in range(0, len(docs), batch):
        chunk = docs[start : start + batch]
        try:
            results += ingest_documents_batch(engine, chunk)
        except InputError as err:
            if len(chunk) > 1 or results:
                err.args = (
                    f"{err}; nothing of its batch of {len(chunk)} document(s) was stored"
                    + (
                        f", the {len(results)} document(s) before that batch were"
                        if results
                        else ""
                    ),
                )
            raise
    nights = sorted({n for r in results for n in r.nights})
    return {
        "documents": [r.as_dict() for r in results],
        "claims_written": sum(r.claims_written for r in results),
        "nights": nights,
        "nights_resolved": len(nights),
    }
