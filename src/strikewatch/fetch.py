"""Getting the public dataset: from Kaggle through ``kagglehub``, or from an explicit mirror.

The canonical source is the Kaggle dataset ``piterfm/massive-missile-attacks-on-ukraine`` by
Petro Ivaniuk (CC BY-NC-SA 4.0). ``kagglehub`` downloads public datasets without credentials
and uses a token from the environment when one is set; the ``kaggle`` package is never
imported (it demands credentials on import). A ``--url`` mirror is allowed but every output
labels it unofficial. Each release fetched is recorded in the ledger (``dataset_releases``:
Kaggle version, SHA-256, size, origin) so a later reader can tell which copy a figure came
from. This is the only module besides the follower that touches the network, on request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import platformdirs

from strikewatch import outbound
from strikewatch.errors import DeliveryError
from strikewatch.readers.dataset import COLUMNS

URL_ENV = "STRIKEWATCH_DATASET_URL"
KAGGLE_HANDLE = "piterfm/massive-missile-attacks-on-ukraine"
DATASET_PAGE = f"https://www.kaggle.com/datasets/{KAGGLE_HANDLE}"
LICENCE = "CC BY-NC-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
#: The attribution every output that shows the dataset's figures carries (README, info, API
#: metadata, dashboard footer).
ATTRIBUTION = (
    "Data: “Massive Missile Attacks on Ukraine” by Petro Ivaniuk (Kaggle, "
    f"{KAGGLE_HANDLE}), licensed {LICENCE}"
)
UNOFFICIAL = "UNOFFICIAL MIRROR (not the Kaggle release; figures may differ)"
DATA_FILE = "missile_attacks_daily.csv"
WEAPONS_FILE = "missiles_and_uavs.csv"
MAX_BYTES = 200 * 1024 * 1024


class FetchError(DeliveryError):
    """The download failed or did not look like the dataset; nothing was imported."""


def guard(url: str, allow_local: bool = False, timeout: float = 30.0) -> outbound.Policy:
    """The one URL check of fetch and follow: :mod:`strikewatch.outbound`'s policy (https
    only, http to loopback only with ``allow_local``, public addresses only, checked again on
    every redirect by the client it configures); a refusal is a :class:`FetchError`."""
    policy = outbound.Policy(allow_local=allow_local, timeout=timeout)
    try:
        outbound.check_url(url, policy)
    except outbound.OutboundRefused as err:
        raise FetchError(f"refusing to download: {err}") from None
    return policy


def data_credit() -> dict[str, str]:
    """Attribution and licence of the dataset, for ``info``, the API and the dashboard."""
    return {"attribution": ATTRIBUTION, "licence": LICENCE, "licence_url": LICENCE_URL,
            "dataset_page": DATASET_PAGE}  # fmt: skip


@dataclass(frozen=True)
class Release:
    """One copy of the dataset on disk and where it came from."""

    path: Path
    weapons: Path | None
    handle: str
    version: int | None
    sha256: str
    size: int
    official: bool
    origin: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "downloaded_to": str(self.path),
            "handle": self.handle,
            "version": self.version,
            "sha256": self.sha256,
            "size": self.size,
            "official": self.official,
            "origin": self.origin,
            "label": None if self.official else UNOFFICIAL,
            "attribution": ATTRIBUTION,
            "licence": LICENCE,
        }


def default_download_path() -> Path:
    return Path(platformdirs.user_data_dir("strikewatch")) / DATA_FILE


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _check_dataset(path: Path, where: str, expected_sha256: str | None) -> tuple[str, int]:
    sha, size = _sha256(path)
    if expected_sha256 and sha != expected_sha256.lower():
        raise FetchError(f"{where}: SHA-256 {sha} does not match the expected {expected_sha256}")
    with path.open(encoding="utf-8", errors="replace") as handle:
        header = [h.strip().lstrip("\ufeff") for h in handle.readline().rstrip("\r\n").split(",")]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise FetchError(f"{where}: not the dataset (header lacks {', '.join(missing[:5])})")
    return sha, size


def _download(url: str, tmp: Any, policy: outbound.Policy) -> None:
    size = 0
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
                tmp.write(chunk)
    except outbound.OutboundRefused as err:  # a redirect to where we may not go
        raise FetchError(f"refusing to download: {err}") from None


def fetch_mirror(
    url: str,
    *,
    expected_sha256: str | None = None,
    output: Path | None = None,
    timeout: float = 30.0,
    retries: int = 2,
    allow_local: bool = False,
) -> Release:
    """Download a mirror's CSV to a temporary file, verify it and move it into place.

    The file is moved only after verification, so a failed download never replaces a good copy.
    """
    policy = guard(url, allow_local, timeout)
    output = output or default_download_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    last_error: Exception | None = None
    with tempfile.NamedTemporaryFile("wb", delete=False, dir=output.parent, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
    try:
        for _attempt in range(retries + 1):
            try:
                with tmp_path.open("wb") as handle:
                    _download(url, handle, policy)
                last_error = None
                break
            except httpx.HTTPError as err:
                last_error = err
        if last_error is not None:
            raise FetchError(f"{url}: download failed ({last_error})")
        sha, size = _check_dataset(tmp_path, url, expected_sha256)
        tmp_path.replace(output)
    finally:
        tmp_path.unlink(missing_ok=True)
    return Release(output, None, url, None, sha, size, official=False, origin=url)


def _version_of(path: Path) -> int | None:
    """kagglehub caches a release under ``.../versions/N``: N is the Kaggle version."""
    match = re.search(r"[/\\]versions[/\\](\d+)(?:[/\\]|$)", str(path))
    return int(match.group(1)) if match else None


def kaggle_endpoint() -> str:
    """The Kaggle API endpoint kagglehub (through kagglesdk) will call: ``api.kaggle.com``
    unless ``$KAGGLE_API_ENVIRONMENT`` names another (kagglehub 1.0 has no endpoint
    variable of its own; ``$KAGGLE_API_ENDPOINT`` is no longer read)."""
    from kagglesdk.kaggle_env import get_endpoint, get_env

    try:
        return str(get_endpoint(get_env()))
    except Exception as err:  # kagglesdk raises a bare Exception for an unknown name
        raise FetchError(f"$KAGGLE_API_ENVIRONMENT: {err}") from None


#: Environment variables whose values are secrets kagglehub may use (never shown).
_SECRET_ENV = ("KAGGLE_KEY", "KAGGLE_API_TOKEN", "KAGGLE_PASSWORD")
_URL = re.compile(r"https?://[^\s'\"<>)]+")


def scrub(message: str) -> str:
    """An error message fit to show: URLs redacted (signed download links carry their
    signature in the query) and the values of Kaggle's secret variables replaced."""
    out = _URL.sub(lambda m: outbound.redact(m.group(0)), message)
    for name in _SECRET_ENV:
        value = os.environ.get(name)
        if value and len(value) >= 4:
            out = out.replace(value, "***")
    return out


def fetch_kaggle(
    *,
    handle: str = KAGGLE_HANDLE,
    expected_sha256: str | None = None,
    output: Path | None = None,
    timeout: float = 30.0,
    allow_local: bool = False,
) -> Release:
    """The current Kaggle release through kagglehub (cached per version by kagglehub).

    kagglehub brings its own HTTP stack (``requests``); it runs inside
    :func:`outbound.guarded_requests`, so the configured endpoint is checked before anything
    is sent and every request it makes (redirects to the storage host included) passes the
    same policy as our own downloads, with our timeout as the cap.
    """
    import kagglehub

    policy = guard(kaggle_endpoint() + "/", allow_local, timeout)
    logging.getLogger("kagglehub").setLevel(logging.WARNING)  # it logs to stdout
    try:
        with contextlib.redirect_stdout(sys.stderr), outbound.guarded_requests(policy):
            folder = Path(kagglehub.dataset_download(handle))
    except outbound.OutboundRefused as err:
        raise FetchError(f"Kaggle ({handle}): refusing to download: {scrub(str(err))}") from None
    except Exception as err:  # kagglehub raises requests' and its own errors
        raise FetchError(
            f"Kaggle ({handle}): {type(err).__name__}: {scrub(str(err))}. Offline? Use --url "
            "for a mirror or import a local copy with `strikewatch import dataset FILE`"
        ) from None
    csv = folder / DATA_FILE if folder.is_dir() else folder
    if not csv.is_file():
        raise FetchError(f"Kaggle ({handle}): the release has no {DATA_FILE}")
    sha, size = _check_dataset(csv, f"Kaggle ({handle})", expected_sha256)
    weapons = csv.parent / WEAPONS_FILE
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(csv, output)
        csv = output
    return Release(
        csv,
        weapons if weapons.is_file() else None,
        handle,
        _version_of(folder),
        sha,
        size,
        official=True,
        origin=f"kaggle:{handle}",
    )


def fetch_release(
    *,
    url: str | None = None,
    expected_sha256: str | None = None,
    output: Path | None = None,
    timeout: float = 30.0,
    allow_local: bool = False,
) -> Release:
    """Kaggle by default; an explicit mirror (``url`` or ``$STRIKEWATCH_DATASET_URL``) if given."""
    mirror = url or os.environ.get(URL_ENV)
    if mirror:
        return fetch_mirror(
            mirror, expected_sha256=expected_sha256, output=output, timeout=timeout,
            allow_local=allow_local,
        )  # fmt: skip
    return fetch_kaggle(
        expected_sha256=expected_sha256, output=output, timeout=timeout, allow_local=allow_local
    )


def fetch_dataset(
    *,
    url: str | None = None,
    expected_sha256: str | None = None,
    output: Path | None = None,
    timeout: float = 30.0,
    retries: int = 2,
    allow_local: bool = False,
) -> Path:
    """The path of a verified copy (mirror when ``url`` is given, else Kaggle)."""
    if url:
        return fetch_mirror(
            url, expected_sha256=expected_sha256, output=output, timeout=timeout,
            retries=retries, allow_local=allow_local,
        ).path  # fmt: skip
    return fetch_release(
        expected_sha256=expected_sha256, output=output, timeout=timeout, allow_local=allow_local
    ).path


def record_release(engine: Any, release: Release, report: dict[str, Any] | None) -> int:
    """Store one fetched release in ``dataset_releases``; returns its id."""
    from sqlalchemy import insert

    from strikewatch.ledger.connection import write_transaction
    from strikewatch.ledger.schema import dataset_releases

    report = report or {}
    with write_transaction(engine) as conn:
        result = conn.execute(
            insert(dataset_releases).returning(dataset_releases.c.id),
            {
                "handle": release.handle,
                "version": release.version,
                "sha256": release.sha256,
                "size": release.size,
                "official": release.official,
                "origin": release.origin,
                "fetched_at": dt.datetime.now(dt.UTC),
                "rows_read": report.get("rows_read"),
                "claims_written": report.get("claims_written"),
            },
        )
        return int(result.scalar_one())
