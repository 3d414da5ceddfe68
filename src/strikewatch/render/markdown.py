"""Markdown briefing. Report text is escaped so quotes cannot inject HTML or links."""

from __future__ import annotations

from strikewatch.briefing import Briefing, Point, Ref
from strikewatch.render import attribution

_ESCAPES = {
    "\\": "\\\\",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "[": "\\[",
    "]": "\\]",
    "`": "\\`",
    "*": "\\*",
}


def md_escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in str(text))


def _url(url: str) -> str:
    """Only http(s) links, with the characters that would end a Markdown link encoded."""
    if not url.lower().startswith(("http://", "https://")):
        return ""
    return (
        url.replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
    )


def _ref(ref: Ref) -> str:
    label = md_escape(ref.label)
    url = _url(ref.url) if ref.url else ""
    return f"[{label}]({url})" if url else label


def _point(p: Point) -> str:
    status = (
        f" *({md_escape(p.status)})*"
        if p.status in ("disputed", "alleged", "alert", "assumption")
        else ""
    )
    refs = f" — sources: {'; '.join(_ref(r) for r in p.refs)}" if p.refs else ""
    return f"- {md_escape(p.text)}{status}{refs}"


def to_markdown(b: Briefing) -> str:
    lines = [f"# Briefing: night of {b.night}", ""]
    if b.synthetic:
        lines += ["> **SYNTHETIC DATA** — these figures are generated, not observed.", ""]
    lines += [
        f"**{md_escape(b.headline)}**",
        "",
        f"_Night label = the Kyiv-local morning date. Generated {b.generated_at}._",
        "",
    ]
    for section in b.sections:
        lines += [f"## {section.title}", ""]
        if section.note:
            lines += [f"_{md_escape(section.note)}_", ""]
        lines += [_point(p) for p in section.points] or ["- (nothing to report)"]
        lines.append("")
    lines += [f"_{md_escape(attribution())}_", ""]
    return "\n".join(lines)
