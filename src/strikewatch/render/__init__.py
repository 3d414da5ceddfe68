"""Renderers for a :class:`strikewatch.briefing.Briefing`: terminal (Rich), Markdown, HTML.

All three render the same sections in the same order; only the markup differs. The HTML
renderer produces one self-contained file (inline SVG charts, inline CSS, no script, no
CDN) so a briefing opens offline and can be mailed as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strikewatch.briefing import Briefing

FORMATS = ("md", "html", "term")


def attribution() -> str:
    """The dataset credit every briefing ends with, whatever its format."""
    from strikewatch.views import DATASET as d

    return (
        f"Data: “{d['title']}” by {d['author']} ({d['publisher']}, {d['url']}), licensed "
        f"{d['licence']}; report texts belong to their publishers."
    )


def render(briefing: Briefing, fmt: str) -> str:
    """The briefing as text in ``fmt`` (``term`` gives plain text with Rich layout)."""
    if fmt == "md":
        from strikewatch.render.markdown import to_markdown

        return to_markdown(briefing)
    if fmt == "html":
        from strikewatch.render.html import to_html

        return to_html(briefing)
    if fmt == "term":
        from strikewatch.render.terminal import to_text

        return to_text(briefing)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
