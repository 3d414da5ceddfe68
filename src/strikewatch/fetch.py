"""Downloading the public dataset: the only code that touches the network, and only on request."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import httpx
import platformdirs

from strikewatch import outbound
from strikewatch.readers.dataset import COLUMNS

URL_ENV = "STRIKEWATCH_DATASET_URL"
# A public mirror of the Kaggle dataset (Kaggle itself needs an account to download).
DEFAULT_URL = "https://raw.githubusercontent.com/vovaara-droid/graphrag-learning/main/data/missile_attacks_daily.csv"
MAX_BYTES = 200 * 1024 * 1024


class FetchError(Exception):
    """The download failed or did not look like the dataset; nothing was imported."""


def default_download_path() -> Path:
    return Path(platformdirs.user_data_dir("strikewatch")) / "missile_attacks_daily.csv"


def _guard(url: str, allow_local: bool, timeout: float) -> outbound.Policy:
    """The one URL check of a download: :mod:`strikewatch.outbound`'s policy (https only,
    http to loopback only with ``allow_local``, public addresses only, checked again on every
    redirect by the client it configures); a refusal is a :class:`FetchError`."""
    policy = outbound.Policy(allow_local=allow_local, timeout=timeout)
    try:
        outbound.check_url(url, policy)
    except outbound.OutboundRefused as err:
        raise FetchError(f"refusing to download: {err}") from None
    return policy


def fetch_dataset(
    *,
    url: str | None = None,
    expected_sha256: str | None = None,
    output: Path | None = None,
    timeout: float = 30.0,
    retries: int = 2,
    allow_local: bool = False,
) -> Path:
    """Download to a temporary file, verify (size, hash, header) and move into place.

    The file is only moved into place after verification, so a failed download never
    replaces a good copy.
    """
    url = url or os.environ.get(URL_ENV) or DEFAULT_URL
    policy = _guard(url, allow_local, timeout)
    output = output or default_download_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    last_error: Exception | None = None
    for _attempt in range(retries + 1):
        digest = hashlib.sha256()
        size = 0
        with tempfile.NamedTemporaryFile(
            "wb", delete=False, dir=output.parent, suffix=".part"
        ) as tmp:
            tmp_path = Path(tmp.name)
            try:
                with (
                    outbound.client(policy, follow_redirects=True) as client,
                    client.stream("GET", url) as response,
                ):
                    if response.status_code != 200:
                        raise FetchError(f"{url}: HTTP {response.status_code}")
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > MAX_BYTES:
                            raise FetchError(
                                f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing"
                            )
                        digest.update(chunk)
                        tmp.write(chunk)
                last_error = None
                break
            except httpx.HTTPError as err:
                last_error = err
                tmp_path.unlink(missing_ok=True)
            except outbound.OutboundRefused as err:  # a redirect to where we may not go
                tmp_path.unlink(missing_ok=True)
                raise FetchError(f"refusing to download: {err}") from None
            except FetchError:
                tmp_path.unlink(missing_ok=True)
                raise
    if last_error is not None:
        raise FetchError(f"{url}: download failed ({last_error})")
    try:
        if expected_sha256 and digest.hexdigest() != expected_sha256.lower():
            raise FetchError(
                f"{url}: SHA-256 {digest.hexdigest()} does not match the expected {expected_sha256}"
            )
        with tmp_path.open(encoding="utf-8", errors="replace") as handle:
            header = [
                h.strip().lstrip("\ufeff") for h in handle.readline().rstrip("\r\n").split(",")
            ]
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise FetchError(f"{url}: not the dataset (header lacks {', '.join(missing[:5])})")
        tmp_path.replace(output)
    finally:
        tmp_path.unlink(missing_ok=True)
    return output
