"""``strikewatch read`` and ``strikewatch ingest``: report text in, claims out / into the ledger.

Exit codes follow the CLI: 0 success, 2 bad input (unreadable, empty, binary or non-UTF-8
file; bad option value) with a message naming the file.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from strikewatch.commands.common import (
    CsvOption,
    DbOption,
    JsonOption,
    engine_for,
    output_format,
    show_rows,
)
from strikewatch.commands.common import fail as _fail
from strikewatch.errors import InputError, StrikewatchError
from strikewatch.output import console, print_json


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
    as_csv: CsvOption = False,
) -> None:
    """Read a report or article and print the claims it makes."""
    from strikewatch.ingest import parse_night, parse_published, read_input
    from strikewatch.readers.text import read_document, to_json_obj
    from strikewatch.readers.text.limits import check_document_size

    output_format(as_json, as_csv)
    try:
        text, name = read_input(file)
        check_document_size(text, name)
        pub = parse_published(published)
        nt = parse_night(night)
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
    if as_csv:  # the claims, with the keys of --json's claims
        rows = [to_json_obj(c) for c in result.claims]
        show_rows(rows, [], as_json=False, as_csv=True, empty="the document makes no claims")
        return
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
    from strikewatch.ingest import documents, ingest_documents

    defaults = {"url": url, "published": published, "publisher": publisher, "night": night}
    try:
        docs = documents(target, defaults)
    except InputError as err:
        raise _fail(str(err)) from None
    from strikewatch.attach import rerun_note

    engine = engine_for(db)
    try:
        summary = ingest_documents(engine, docs)
    except StrikewatchError as err:
        raise _fail(str(err), err.exit_code) from None
    for doc, r in zip(docs, summary["documents"], strict=True):
        if not r["claims_written"]:
            r.update(rerun_note(engine, doc.text, doc.night))
    if as_json:
        print_json(summary)
        return
    for r in summary["documents"]:
        state = "new" if r["claims_written"] else r["note"]
        console.print(
            f"{r['document']}: {r['claims']} claims ({r['claims_written']} written, {state}), "
            f"night {r['night'] or 'unresolved'}"
        )
        if r.get("suggestion"):  # undated: the reader's best match, not counted until attached
            from rich.markup import escape

            s = r["suggestion"]
            console.print(escape(f"  suggested night {s['night']} ({s['reason']}); to file it "
                                 f"there: {s['attach']}"), highlight=False)  # fmt: skip
    console.print(f"Re-resolved {summary['nights_resolved']} night(s).")


def register(app: typer.Typer) -> None:
    """Add ``read`` and ``ingest`` to the top-level app."""
    app.command("read")(read_command)
    app.command("ingest")(ingest_command)
