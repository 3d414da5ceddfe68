"""Terminal briefing with Rich: sections as panels, statuses coloured, sources listed."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from strikewatch.briefing import Briefing
from strikewatch.render import attribution

_STYLE = {
    "disputed": "bold red",
    "alleged": "yellow",
    "alert": "bold magenta",
    "unavailable": "dim",
}


def renderables(b: Briefing) -> list[Panel]:
    panels = []
    for section in b.sections:
        lines = []
        for p in section.points:
            t = Text("• ")
            t.append(p.text, style=_STYLE.get(p.status or "", ""))
            if p.refs:
                t.append(
                    "\n   sources: "
                    + "; ".join(r.label + (f" {r.url}" if r.url else "") for r in p.refs),
                    style="dim",
                )
            lines.append(t)
        if section.note:
            lines.append(Text(section.note, style="dim italic"))
        panels.append(
            Panel(Group(*lines), title=f"[bold]{escape(section.title)}[/]", title_align="left")
        )
    return panels


def print_briefing(b: Briefing, console: Console) -> None:
    head = (
        "[bold yellow]SYNTHETIC DATA[/] " if b.synthetic else ""
    ) + f"[bold]{escape(b.headline)}[/]"
    console.print(head)
    for panel in renderables(b):
        console.print(panel)
    console.print(Text(attribution(), style="dim"))


def to_text(b: Briefing, width: int = 100) -> str:
    buffer = io.StringIO()
    print_briefing(b, Console(file=buffer, width=width, force_terminal=False, color_system=None))
    return buffer.getvalue()
