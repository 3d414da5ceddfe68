"""HTML to text with the same length, so spans index both the stripped text and the HTML.

Tags and the bodies of <script>/<style> become spaces (block-level tags become a newline
plus spaces, so sentences and list items still break); entities become their character
followed by spaces. Nothing is inserted or removed, hence a claim's ``span`` can be cut out of
the original HTML too (it then may contain markup). Implemented with ``str.find`` loops and
one tag pattern without nested quantifiers, so it is linear in the input.
"""

from __future__ import annotations

import html as _html
import re

_LOOKS = re.compile(
    r"<(?:html|body|p|div|br|span|a|li|ul|h[1-6]|article|section|table)\b", re.IGNORECASE
)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")
_BLOCK = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|article|section|header|footer|"
    r"blockquote|table|title)\b",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return _LOOKS.search(text[:20000]) is not None


def _blank(buf: list[str], a: int, b: int, newline: bool) -> None:
    for k in range(a, b):
        buf[k] = " "
    if newline and b > a:
        buf[a] = "\n"


def strip_html(text: str) -> str:
    """Same-length plain text (see the module docstring)."""
    buf = list(text)
    low = text.lower()
    for name in ("script", "style", "noscript"):
        pos = 0
        while True:
            s = low.find("<" + name, pos)
            if s < 0:
                break
            e = low.find("</" + name, s)
            if e < 0:
                e = len(text)
            else:
                close = low.find(">", e)
                e = len(text) if close < 0 else close + 1
            _blank(buf, s, e, False)
            pos = e
    for m in _TAG.finditer(text):
        _blank(buf, m.start(), m.end(), _BLOCK.match(m.group()) is not None)
    out = "".join(buf)
    parts: list[str] = []
    last = 0
    for m in _ENTITY.finditer(out):
        ch = _html.unescape(m.group())
        if len(ch) != 1:
            continue
        if ch == "\u00a0":
            ch = " "
        parts.append(out[last : m.start()])
        parts.append(ch + " " * (m.end() - m.start() - 1))
        last = m.end()
    parts.append(out[last:])
    return "".join(parts)
