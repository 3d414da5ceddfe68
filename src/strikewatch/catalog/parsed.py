"""The parse cache of the catalog's data files: parsed once, read back with ``marshal``.

Parsing ``places.yaml`` (and importing the YAML parser to do it) took longer than the rest
of ``strikewatch night`` together (decision 87). The parsed value is kept in the user's
cache directory (``$STRIKEWATCH_CACHE_DIR``, else the platform's), in a file named by the
SHA-256 of the file's bytes and the Python version, so an edited or upgraded data file, or
another interpreter, can never read a stale entry: it simply misses and parses again.

The cache is an optimisation only: an unreadable, corrupt or unwritable entry is parsed
again (and rewritten when possible), never an error; a value ``marshal`` cannot hold (a
YAML date) is not cached. Entries are written to a temporary file and renamed into place,
so a concurrent reader sees a whole entry or none.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_ENV = "STRIKEWATCH_CACHE_DIR"
#: Bumped when what an entry holds changes meaning (not for data edits: those change the key).
FORMAT = 1


def cache_dir() -> Path:
    """Where entries live: ``$STRIKEWATCH_CACHE_DIR``, else the per-user cache directory."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("strikewatch")) / "catalog"


def entry_path(name: str, raw: bytes) -> Path:
    """The entry for the data file ``name`` with content ``raw``."""
    digest = hashlib.sha256(raw).hexdigest()[:32]
    version = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"{Path(name).stem}-{digest}-{version}-v{FORMAT}.marshal"


def cached_parse(name: str, raw: bytes, parse: Callable[[bytes], Any]) -> Any:
    """``parse(raw)``, read from the cache when an entry for exactly these bytes exists."""
    path = entry_path(name, raw)
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no entry yet, or a damaged one: parse and (re)write it
    value = parse(raw)
    _write(path, value)
    return value


def _write(path: Path, value: Any) -> None:
    try:
        data = marshal.dumps(value)
    except ValueError:  # e.g. a date: such a file is parsed on every use
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only or full disk: the cache is only an optimisation


def parse_yaml(raw: bytes) -> Any:
    """Parse YAML text (UTF-8) with the safe loader."""
    import yaml

    # The C loader is ~10x faster and the catalog is read on every import.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(raw.decode("utf-8"), Loader=loader)
