"""Who publishes a channel and at which level it speaks (vocabulary in ``channels.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from strikewatch.domain import SourceLevel
from strikewatch.errors import InputError

#: Telegram public usernames: letters, digits and underscores, 4–32 characters (5+ for new
#: ones); anything else could smuggle a path or a query into the request URL.
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
DEFAULT_CHANNEL = "kpszsu"


@dataclass(frozen=True)
class Channel:
    name: str
    publisher: str
    level: SourceLevel

    def post_key(self, post_id: int) -> str:
        """The identity key of one post, ``t.me/CHANNEL/ID`` (docs/decisions.md)."""
        return f"t.me/{self.name}/{post_id}"

    def post_url(self, post_id: int) -> str:
        """The canonical post URL, always on t.me whatever mirror the page came from."""
        return f"https://t.me/{self.name}/{post_id}"


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, str]]:
    with (Path(__file__).parent / "channels.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {str(k).lower(): v for k, v in data.items()}


def channel(name: str) -> Channel:
    """The channel called ``name`` (case-insensitive), or InputError for an invalid name."""
    clean = name.strip().lstrip("@")
    if not _NAME.match(clean):
        raise InputError(
            f"{name!r} is not a public channel name (letters, digits, _; 4-32 characters)",
            where="CHANNEL",
        )
    key = clean.lower()
    entry = _catalog().get(key)
    if entry is None:
        return Channel(key, f"t.me/{key}", SourceLevel.MEDIA)
    return Channel(key, entry["publisher"], SourceLevel(entry["level"]))
