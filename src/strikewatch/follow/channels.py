"""Who publishes a channel and at which level it speaks (vocabulary in ``channels.yaml``)."""

from __future__ import annotations

import os
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
#: An operator's own channels file, in the format of ``channels.yaml``, read after it (its
#: entries win): how a deployment adds channels it has verified without editing the package.
CHANNELS_ENV = "STRIKEWATCH_CHANNELS"


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


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, dict[str, str]]:
    """One channels file, checked: every entry a valid name with a publisher and a level."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read the channels file ({err.strerror})", where=where) from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as err:
        raise InputError(f"not YAML ({err})", where=where) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise InputError("must map channel names to entries", where=where, line=1)
    out: dict[str, dict[str, str]] = {}
    for key_node, value_node in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        entry = yaml.safe_load(yaml.serialize(value_node))
        if not _NAME.match(name) or not isinstance(entry, dict):
            raise InputError(f"{name!r}: not a channel name with an entry", where=where, line=line)
        for field, ok in (("publisher", isinstance(entry.get("publisher"), str)),
                          ("level", entry.get("level") in _LEVELS)):  # fmt: skip
            if not ok:
                raise InputError(
                    f"channel {name!r} needs a {field}"
                    + (f" (one of {', '.join(sorted(_LEVELS))})" if field == "level" else ""),
                    where=where, line=line, field=field,
                )  # fmt: skip
        out[name.lower()] = {"publisher": entry["publisher"], "level": entry["level"]}
    return out


_LEVELS = frozenset(level.value for level in SourceLevel if level is not SourceLevel.SYNTHETIC)


def _catalog() -> dict[str, dict[str, str]]:
    """The package's channels, then the operator's (``$STRIKEWATCH_CHANNELS``) over them."""
    out = dict(_load(Path(__file__).parent / "channels.yaml"))
    extra = os.environ.get(CHANNELS_ENV)
    if extra:
        out |= _load(Path(extra))
    return out


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
