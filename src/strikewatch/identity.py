"""What report a document is a reading of (docs/decisions.md, "Identity of a reading").

Two readings with the same identity key and different content are revisions of one report,
never two reports. This module holds the keys for texts (channel posts, articles); the
dataset reader builds its rows' keys from what a row reports (``readers.dataset``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TELEGRAM_HOSTS = {"t.me", "telegram.me", "www.t.me", "telegram.dog"}
_POST_PATH = re.compile(r"^/(?:s/)?([A-Za-z0-9_]{3,64})/(\d{1,12})/?$")


@lru_cache(maxsize=65536)
def canonical_url(url: str | None) -> str | None:
    """The URL with a lower-case scheme and host, no fragment, no ``utm_*`` parameters and
    no trailing slash; None for a missing or non-HTTP(S) URL. Remembered per distinct URL:
    a dataset file cites one post on several rows (1,915 posts for 3,770 rows)."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        return None
    query = parts.query and urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_")
        ]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, parts.netloc.lower(), path, query, ""))


def channel_post_key(url: str | None) -> str | None:
    """``t.me/CHANNEL/ID`` for a Telegram post URL (channel names are case-insensitive)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.netloc.lower() not in _TELEGRAM_HOSTS:
        return None
    match = _POST_PATH.match(parts.path)
    if match is None:
        return None
    return f"t.me/{match.group(1).lower()}/{int(match.group(2))}"


def text_identity(url: str | None, content_hash: str, given: str | None = None) -> str:
    """The identity of an ingested text: the caller's key (the follower sets
    ``t.me/CHANNEL/ID``), else the post or canonical URL, else the content hash."""
    if given:
        return given
    post = channel_post_key(url)
    if post:
        return post
    canonical = canonical_url(url)
    if canonical:
        return f"url:{canonical}"
    return f"sha256:{content_hash}"
