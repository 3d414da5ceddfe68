"""A polite HTTP client for one base URL: one request at a time, spaced, retried with backoff.

Politeness rules (issue 10): at least ``delay`` seconds between requests to the host (1 s by
default; less only for a loopback test server or mirror), a User-Agent that says who we are,
exponential backoff with jitter on 429, 5xx, timeouts and dropped connections (``Retry-After``
honoured, capped), conditional requests (``If-None-Match`` / ``If-Modified-Since``) where the
server sends validators. Redirects are never followed: the preview answers 200 or it is not
public (a redirect to a login or consent page), and following one would leave the base URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from strikewatch import __version__, outbound
from strikewatch.errors import InputError
from strikewatch.fetch import guard
from strikewatch.follow.parse import PageError

USER_AGENT = (
    f"strikewatch/{__version__} (follows public channel previews for air-attack analysis; "
    "one request at a time, 1 s apart)"
)
MIN_DELAY = 1.0
MAX_PAGE_BYTES = 8 * 1024 * 1024
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int  # 200, or 304 when the server confirmed our copy is current
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime
    attempts: int = 1


def _is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds()), cap)


class PoliteClient:
    """GET pages under one base URL; nothing else is ever requested."""

    def __init__(
        self,
        base_url: str,
        *,
        delay: float = MIN_DELAY,
        timeout: float = 20.0,
        retries: int = 4,
        backoff: float = 2.0,
        max_backoff: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
        allow_local: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        if delay < MIN_DELAY and not _is_loopback(self.base_url):
            raise InputError(
                f"at least {MIN_DELAY:g} s between requests to a remote host (got {delay:g})",
                where="--delay",
            )
        policy = guard(self.base_url, allow_local, timeout)
        self.delay, self.retries, self.backoff, self.max_backoff = (
            delay,
            retries,
            backoff,
            max_backoff,
        )
        self._sleep = sleep
        self._last: float | None = None
        self.requests = 0
        # the outbound policy checks every request's address (no redirects are followed)
        self._http = outbound.client(
            policy,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _space(self) -> None:
        if self._last is not None and self.delay > 0:
            wait = self._last + self.delay - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last = time.monotonic()

    def pause(self, attempt: int, hint: float | None) -> None:
        """Wait before retry ``attempt``: ``hint`` (Retry-After) or exponential, jittered."""
        base = self.backoff * (2**attempt)
        wait = hint if hint is not None else min(base, self.max_backoff)
        if wait > 0:
            self._sleep(wait * (1 + random.uniform(0, 0.25)))

    def get(
        self, path: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET ``base_url + path`` with retries; PageError when it cannot be had."""
        url = f"{self.base_url}{path}"
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        problem = "no attempt"
        for attempt in range(self.retries + 1):
            self._space()
            self.requests += 1
            try:
                response = self._http.get(url, headers=headers)
                body = response.content
            except outbound.OutboundRefused as err:
                raise PageError(str(err)) from None
            except httpx.TimeoutException:
                problem = "timed out"
                self.pause(attempt, None)
                continue
            except httpx.TransportError as err:
                problem = f"connection failed ({type(err).__name__})"
                self.pause(attempt, None)
                continue
            status = response.status_code
            if status in _RETRY_STATUS:
                problem = f"HTTP {status}"
                self.pause(
                    attempt, retry_after(response.headers.get("Retry-After"), self.max_backoff)
                )
                continue
            return self._accept(url, response, body, attempt + 1)
        raise PageError(f"{url}: {problem} after {self.retries + 1} attempts")

    def _accept(self, url: str, response: httpx.Response, body: bytes, attempts: int) -> Fetched:
        status = response.status_code
        if 300 <= status < 400 and status != 304:
            where = response.headers.get("Location", "?")
            raise PageError(
                f"{url}: HTTP {status} redirect to {where} (not followed): the channel has no "
                "public preview, or the site wants a login"
            )
        if status == 404:
            raise PageError(f"{url}: HTTP 404: no such channel, or its preview is not public")
        if status not in (200, 304):
            raise PageError(f"{url}: HTTP {status}")
        if len(body) > MAX_PAGE_BYTES:
            raise PageError(f"{url}: page larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB")
        return Fetched(
            url=url,
            status=status,
            body=body,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            fetched_at=dt.datetime.now(dt.UTC),
            attempts=attempts,
        )
