"""The raw archive: every page fetched, gzip-compressed and named by its SHA-256.

Files are written atomically (temporary file, then rename) *before* the page's row is added to
``raw_pages``, so a killed follower leaves at most an unindexed file, never a row without its
page. Identical pages share one file. ``strikewatch reread`` reads them back offline.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine

ARCHIVE_ENV = "STRIKEWATCH_ARCHIVE"


def default_archive_dir(engine: Engine) -> Path:
    """Beside a SQLite ledger (``ledger.sqlite`` → ``ledger.archive/``), else per user."""
    if env := os.environ.get(ARCHIVE_ENV):
        return Path(env)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        return Path(str(engine.url.database)).with_suffix(".archive")
    return Path(platformdirs.user_data_dir("strikewatch")) / "archive"


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.html.gz"

    def put(self, body: bytes) -> str:
        """Store ``body`` (once per content) and return its SHA-256."""
        sha = hashlib.sha256(body).hexdigest()
        target = self.path_of(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.part")
        with tmp.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(body)
        os.replace(tmp, target)
        return sha

    def get(self, sha256: str) -> bytes:
        """The page stored under ``sha256``; FileNotFoundError if the archive lacks it."""
        with gzip.open(self.path_of(sha256), "rb") as handle:
            body = handle.read()
        if hashlib.sha256(body).hexdigest() != sha256:
            raise ValueError(f"archive file {self.path_of(sha256)} is corrupt (hash mismatch)")
        return body
