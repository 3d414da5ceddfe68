"""The terminal view of one night, shared by ``strikewatch night`` and the demo."""

from __future__ import annotations

from typing import Any

from strikewatch.output import console

#: Columns the night view always shows, known or not.
_ALWAYS = frozenset({"weapon_class", "model", "launched", "destroyed", "status"})


def print_night(detail: dict[str, Any], columns: list[str]) -> None:
    """A compact night view: figures with the dataset rows behind them, then the sources."""
    from rich.table import Table

    from strikewatch.output import fmt

    label = " [yellow]SYNTHETIC DATA[/]" if detail["synthetic"] else ""
    console.print(f"[bold]Night of {detail['night']}[/] (Kyiv-local morning){label}")
    for wave in detail.get("waves", []):
        console.print(
            f"  {wave['kind']} wave {wave['start'] or '(date only)'} → {wave['end'] or '?'}"
            f" (label {wave['label']}, {len(wave['sources'])} source rows)",
            highlight=False,
        )
    for key in ("note", "summed"):
        if detail.get(key):
            console.print(f"  [yellow]{detail[key]}[/]", highlight=False)
    headers = {
        "weapon_class": "class",
        "lost_ew": "lost (EW)",
        "still_airborne": "airborne",
        "hit_locations": "hit locs",
    }
    from rich import box

    # a column unknown for every figure ("—" throughout) is left out of the terminal view
    # (the JSON keeps it), so the names fit in 80 columns
    columns = [
        c for c in columns if c in _ALWAYS or any(f.get(c) is not None for f in detail["figures"])
    ]

    table = Table(header_style="bold", pad_edge=False, box=box.SIMPLE_HEAD)
    for col in [*columns, "rows"]:
        text = col in ("weapon_class", "model", "status", "rows")
        table.add_column(
            headers.get(col, col),
            justify="left" if text and col != "rows" else "right",
            overflow="fold",  # a narrow terminal wraps a name, never cuts it to "…"
            no_wrap=not text,  # numbers (and their headers) stay whole
            min_width=10 if col == "rows" else None,
        )
    publishers: dict[str, set[str]] = {}
    for fig in detail["figures"]:
        rows = sorted({s["row_number"] for s in fig["sources"] if s.get("row_number")})
        for s in fig["sources"] + fig["supporting"]:
            publishers.setdefault(s.get("publisher") or s["level"], set()).add(s.get("url") or "")
        status = fig["status"] if fig["status"] != "disputed" else "[red]disputed[/]"
        cells = [fmt(fig.get(c)) if c != "status" else status for c in columns]
        if "weapon_class" in columns and fig.get("weapon_class"):
            # "strike drone": a narrow terminal wraps the class between words
            cells[columns.index("weapon_class")] = str(fig["weapon_class"]).replace("_", " ")
        table.add_row(*cells, row_ranges(rows) or "text")
    console.print(table)
    for kind, totals in detail["totals"].items():
        if totals["launched"]:
            console.print(
                f"  {kind:<9} {fmt(totals['launched']):>5} launched · {fmt(totals['destroyed']):>5} destroyed"
                f" · {fmt(totals['lost_ew'])} lost to EW"
            )
    hit = sorted({r["name"] for r in detail["regions"] if r["role"] == "hit"})
    if hit:
        console.print(f"  regions hit: {', '.join(hit)}")
    console.print("  sources:")
    for publisher, urls in sorted(publishers.items()):
        for url in sorted(urls):
            shown = url or "(no URL given; see the claims with --json)"
            console.print(f"    {publisher}: {shown}", highlight=False, soft_wrap=True)
    for claim in detail["text_claims"]:
        verdict = f" → {claim['verdict']}" if claim.get("verdict") else ""
        console.print(
            f"  text claim ({claim['kind']}, {claim.get('status')}): {claim.get('text')!r} — {claim.get('attribution')}{verdict}",
            highlight=False,
        )
    print_revisions(detail.get("revisions") or [])


def row_ranges(rows: list[int]) -> str:
    """Dataset row numbers, runs of consecutive rows as ranges: "5360-5362, 5365"."""
    parts: list[str] = []
    start = prev = None
    for r in [*sorted(rows), None]:
        if r is not None and prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = r
    return ", ".join(parts)


def print_revisions(revisions: list[dict[str, Any]]) -> None:
    """Readings of the night's reports that were revised or withdrawn (see claims --history)."""
    from strikewatch.output import fmt

    for report in revisions:
        for r in report["readings"]:
            changed = "; ".join(
                f"{c['model']} {c['outcome']}{' ' + c['qualifier'] if c['qualifier'] else ''} "
                f"{fmt(c['before'])} → {fmt(c['after'])}"
                for c in r["changes"]
            )
            acts = "; ".join(f"{a['action']} by {a['actor']}: {a['reason']}" for a in r["actions"])
            console.print(
                f"  source {r['source_id']} revision {r['revision']} ({r['state']}, seen "
                f"{(r['seen_at'] or '?')[:16]}){': ' + changed if changed else ''}"
                f"{' [' + acts + ']' if acts else ''}",
                highlight=False,
                soft_wrap=True,
            )
