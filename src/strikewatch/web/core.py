"""Shared web plumbing: the engine per app, versioned caching (ETag), auth, body limits, CSP."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strikewatch import snapshot
from strikewatch.ledger import queries
from strikewatch.output import jsonable

TOKEN_ENV = "STRIKEWATCH_TOKEN"
DEFAULT_BODY_LIMIT = 256 * 1024  # a pasted report is a few KB; 256 KiB is generous
IMPORT_BODY_LIMIT = 32 * 1024 * 1024  # the whole public dataset CSV is ~3 MB
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


VERSION_TTL = 1.0  # seconds a ledger version read is trusted (writes here expire it at once)


class LedgerVersion:
    """The ledger version, re-read at most once per ``ttl`` seconds.

    Why: every GET needs the version (it keys the caches and the ETag), and reading it is a
    SQL round trip through the connection pool and a worker thread (``ledger_version`` also
    counts the attacks table, which is not free on a cold page cache). Trusting a read for a
    second turns that into one query per second under any load, and lets a cached answer be
    served from the event loop without a thread hop. Writes that go through this app call :meth:`expire` as soon as they have
    committed, so a client never reads its own write stale; writes by another process (the
    CLI, another worker) show up within ``ttl``.
    """

    def __init__(self, engine: Engine, ttl: float = VERSION_TTL) -> None:
        self.engine = engine
        self.ttl = ttl
        self._value: tuple[dict[str, Any], tuple[Any, ...]] | None = None
        self._read_at = -math.inf
        self._generation = 0
        self._lock = threading.Lock()

    def fresh(self) -> tuple[dict[str, Any], tuple[Any, ...]] | None:
        """The cached (version, key) when it is still trusted, else None (no I/O)."""
        value = self._value
        if value is not None and time.monotonic() - self._read_at < self.ttl:
            return value
        return None

    def get(self) -> tuple[dict[str, Any], tuple[Any, ...]]:
        """(version, version key), reading the ledger when the cached read has expired."""
        value = self.fresh()
        if value is not None:
            return value
        with self._lock:  # one reader refreshes; the others wait and reuse its read
            value = self.fresh()
            if value is not None:
                return value
            generation, started = self._generation, time.monotonic()
            version = queries.ledger_version(self.engine)
            value = (version, snapshot.version_key(version))
            self._value = value
            # a write that committed while we read may be missing from it: do not trust it
            self._read_at = started if generation == self._generation else -math.inf
            return value

    def expire(self) -> None:
        self._generation += 1
        self._read_at = -math.inf


@dataclass(frozen=True)
class Cached:
    etag: bytes
    headers: list[tuple[bytes, bytes]]  # as the endpoint sent them (content-type, ETag, ...)
    body: bytes


class ResponseCache:
    """Bounded LRU of finished GET responses keyed by (path, sorted query, ledger version).

    Bounded (entries and bytes) because query strings are attacker-chosen: an unbounded cache
    would be a memory leak. Entries of an old ledger version are never served again (the
    version is part of the key) and age out of the LRU. Only the event loop touches it.
    """

    def __init__(
        self, size: int = 512, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 8 * 1024 * 1024
    ) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.bytes = 0
        self._data: OrderedDict[Hashable, Cached] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: Hashable) -> Cached | None:
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Cached) -> None:
        if len(value.body) > self.max_entry:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._data[key] = value
        self.bytes += len(value.body)
        while len(self._data) > self.size or self.bytes > self.max_bytes:
            _, dropped = self._data.popitem(last=False)
            self.bytes -= len(dropped.body)


def now_of(request: Request) -> datetime:
    """The app's clock for the publication embargo: ``app.state.clock`` when set (a test
    injects a time), else now (UTC)."""
    clock = getattr(request.app.state, "clock", None)
    return clock() if clock is not None else datetime.now(UTC)


def public_hours() -> float | None:
    """Embargo hours when the app serves the public (``serve --public``), else None."""
    from strikewatch import embargo

    public, hours = embargo.public_settings()
    return hours if public else None


def version_of(request: Request) -> dict[str, Any]:
    """The ledger version of this request (set by :class:`CacheMiddleware`, else read)."""
    cached = getattr(request.state, "ledger_version", None)
    if cached is None:
        cached = request.app.state.ledger_version.get()[0]
        request.state.ledger_version = cached
    return cached


def canonical_query(query_string: bytes | str) -> tuple[tuple[str, str], ...]:
    """The query as the endpoint sees it, in a canonical form: every pair decoded, ordered by
    name, and — because FastAPI takes the *last* of repeated scalars and all of a list — the
    values of one name kept in the order sent. ``?limit=1&limit=2`` and ``?limit=2&limit=1``
    mean different things and so get different keys; ``?a=1&b=2`` and ``?b=2&a=1`` do not."""
    text = query_string.decode("latin-1") if isinstance(query_string, bytes) else query_string
    pairs = parse_qsl(text, keep_blank_values=True)
    return tuple(sorted(pairs, key=lambda kv: kv[0]))  # stable: repeated values keep order


def etag_for(request: Request, extra: str = "") -> str:
    key = snapshot.version_key(version_of(request))
    query = canonical_query(request.scope.get("query_string", b""))
    raw = json.dumps([key, request.url.path, query, extra], default=str)
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _validators(request: Request, etag: str) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    imported = version_of(request).get("imported_at")
    if imported is not None:
        # PostgreSQL returns aware times in the server's zone, SQLite naive UTC.
        utc = imported.astimezone(UTC) if imported.tzinfo else imported.replace(tzinfo=UTC)
        headers["Last-Modified"] = format_datetime(utc, usegmt=True)
    return headers


def _etag_matches(inm: str, etag: str) -> bool:
    tags = [t.strip() for t in inm.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def not_modified(request: Request, etag: str) -> bool:
    """If-None-Match wins (RFC 9110); If-Modified-Since alone is not trusted for 304 because
    text ingests change content without a new import time."""
    inm = request.headers.get("if-none-match")
    return inm is not None and _etag_matches(inm, etag)


def dumps(data: Any) -> bytes:
    """The one JSON encoding of API bodies (compact; UTF-8, not \\u-escaped)."""
    return json.dumps(jsonable(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cached_json(request: Request, compute: Callable[[], Any]) -> Response:
    """JSON with ETag/Last-Modified; 304 on a matching If-None-Match.

    The body is computed and encoded once per URL and ledger version: :class:`CacheMiddleware`
    keeps the finished response and answers repeats without reaching the endpoint.
    """
    etag = etag_for(request)
    headers = _validators(request, etag)
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(dumps(compute()), media_type="application/json", headers=headers)


def snap_of(request: Request) -> snapshot.Snapshot:
    return snapshot.current(engine_of(request), version_of(request))


class CacheMiddleware:
    """Answer repeated GETs under ``/api`` from :class:`ResponseCache`, before routing.

    Why here and not in the endpoints: a hit then costs a dict lookup on the event loop — no
    routing, parameter validation, thread-pool hop, SQL or JSON encoding. Only responses the
    endpoint marked cacheable (status 200 with an ``ETag``, i.e. :func:`cached_json`) are kept,
    so anything the endpoint refuses (4xx) or computes per request is never replayed. Any
    non-GET request (a write) expires the version as soon as it answers, so the writer's next
    read sees its write.
    """

    def __init__(
        self,
        app: ASGIApp,
        version: LedgerVersion,
        cache: ResponseCache,
        prefix: str = "/api/",
        uncached: tuple[str, ...] = ("/api/health",),
    ) -> None:
        self.app = app
        self.version = version
        self.cache = cache
        self.prefix = prefix
        self.uncached = uncached

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "HEAD", "OPTIONS"):
            await self._write(scope, receive, send)
            return
        path: str = scope["path"]
        if method != "GET" or not path.startswith(self.prefix) or path in self.uncached:
            await self.app(scope, receive, send)
            return
        current = self.version.fresh()
        if current is None:
            current = await run_in_threadpool(self.version.get)
        version, vkey = current
        scope.setdefault("state", {})["ledger_version"] = version
        key = (path, canonical_query(scope.get("query_string", b"")), vkey)
        hit = self.cache.get(key)
        if hit is not None:
            await self._replay(scope, send, hit)
            return
        await self._fill(scope, receive, send, key)

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.version.expire()  # the endpoint has committed by the time it answers
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            self.version.expire()

    async def _replay(self, scope: Scope, send: Send, hit: Cached) -> None:
        inm = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        if inm is not None and _etag_matches(inm.decode("latin-1"), hit.etag.decode("latin-1")):
            headers = [(k, v) for k, v in hit.headers if k in _VALIDATORS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": hit.headers})
        await send({"type": "http.response.body", "body": hit.body})

    async def _fill(self, scope: Scope, receive: Receive, send: Send, key: Hashable) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            nonlocal start, complete
            if message["type"] == "http.response.start":
                # a copy: outer middlewares add their headers to the message they are sent,
                # and those must not be stored here and added a second time on replay
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        if start is None or start["status"] != 200 or not complete:
            return
        headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", [])]
        etag = next((v for k, v in headers if k == b"etag"), None)
        if etag is None:
            return
        self.cache.put(key, Cached(etag, headers, b"".join(chunks)))


_VALIDATORS = (b"etag", b"cache-control", b"last-modified")


# ---------------------------------------------------------------------------------- auth


def configured_token() -> str | None:
    """The operator's token; surrounding whitespace (a newline from ``$(cat file)``) dropped."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def check_token(supplied: str | None) -> None:
    """Refuse writes without the operator's token (403 when writes are not configured)."""
    token = configured_token()
    if token is None:
        raise HTTPException(403, f"writes are disabled: the operator has not set {TOKEN_ENV}")
    if not supplied or not hmac.compare_digest(supplied.encode(), token.encode()):
        raise HTTPException(401, "a valid write token is required (Authorization: Bearer …)")


def bearer(request: Request) -> str | None:
    """The token a request carries (``Authorization: Bearer T`` or ``X-Strikewatch-Token``).

    Decided (docs/security.md): the scheme name is case-insensitive (RFC 9110 §11.1, so
    ``bearer`` is accepted) and whitespace around the token is dropped (HTTP strips it from
    field values anyway); the token itself is compared exactly, so ``Bearer T extra`` fails.
    """
    auth = request.headers.get("authorization", "")
    scheme, _, credentials = auth.strip().partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip()
    token = request.headers.get("x-strikewatch-token")
    return token.strip() if token is not None else None


# ------------------------------------------------------------------------------ middleware


class BodyLimitMiddleware:
    """Reject request bodies above a per-path limit with 413 before the app reads them.

    The body is buffered up to the limit and replayed, so a lying or absent Content-Length
    (chunked uploads) cannot get past the check.
    """

    def __init__(
        self, app: ASGIApp, default: int = DEFAULT_BODY_LIMIT, limits: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.default = default
        self.limits = limits or {}

    def limit_for(self, path: str) -> int:
        return self.limits.get(path, self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > limit:
                        await self._reject(send, limit)
                        return
                except ValueError:
                    await self._reject(send, limit, 400, "invalid Content-Length")
                    return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._reject(send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _reject(send: Send, limit: int, status: int = 413, detail: str | None = None) -> None:
        payload = json.dumps({"detail": detail or f"request body too large (limit {limit} bytes)"})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": payload.encode()})


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeadersMiddleware:
    """CSP without inline scripts, no sniffing, no framing: report text can never run.

    The one place these headers are set: any copy of them already in the response (from an
    endpoint, a replayed cache entry) is replaced, so each appears exactly once.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {name for name, _ in SECURITY_HEADERS}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in names
                ]
                message = {**message, "headers": kept + list(SECURITY_HEADERS)}
            await send(message)

        await self.app(scope, receive, wrapped)


# ------------------------------------------------------------------------------ throttling


@dataclass(frozen=True)
class Limit:
    """Costly requests (``method`` on a path starting with ``prefix``): a token bucket per
    client of ``burst`` requests refilled at ``per_second``."""

    method: str
    prefix: str
    burst: float
    per_second: float


#: Every endpoint that runs the text reader or a Monte Carlo simulation. Cached API answers
#: never get here (the cache answers them first); the dashboard pages always do.
COSTLY: tuple[Limit, ...] = (
    Limit("POST", "/api/ingest/preview", 10, 0.5),
    Limit("POST", "/ingest/preview", 10, 0.5),
    Limit("GET", "/api/strain", 20, 1.0),
    Limit("GET", "/api/briefing", 20, 1.0),
    Limit("GET", "/strain", 20, 1.0),
    Limit("GET", "/briefing/", 20, 1.0),
)
MAX_CLIENTS = 10_000  # buckets kept (LRU): attacker-chosen source addresses cannot grow it


class TokenBuckets:
    """Per-key token buckets, bounded in size; only the event loop touches them."""

    def __init__(
        self, max_keys: int = MAX_CLIENTS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()

    def take(self, key: Hashable, burst: float, per_second: float) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is available."""
        now = self.clock()
        tokens, at = self._buckets.pop(key, (burst, now))
        tokens = min(burst, tokens + (now - at) * per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / per_second
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


class ThrottleMiddleware:
    """A per-client rate limit and a concurrency cap on the costly endpoints (:data:`COSTLY`).

    Why: the preview endpoint runs the reader (about a second for a large text) for anyone;
    a flood from 16 clients pushed ``/api/health`` from 4 ms to 2.7 s and memory from 165 to
    708 MB. Each client (by socket address: behind a reverse proxy, limit there too) gets a
    token bucket per endpoint, and at most ``concurrency`` costly requests run at once
    whoever sends them; beyond either, 429 with ``Retry-After`` and no work done.
    """

    def __init__(
        self,
        app: ASGIApp,
        limits: tuple[Limit, ...] = COSTLY,
        concurrency: int | None = None,
        buckets: TokenBuckets | None = None,
    ) -> None:
        self.app = app
        self.limits = limits
        self.concurrency = concurrency or max(2, os.cpu_count() or 2)
        self.buckets = buckets or TokenBuckets()
        self.running = 0

    def limit_for(self, method: str, path: str) -> Limit | None:
        for limit in self.limits:
            if method == limit.method and path.startswith(limit.prefix):
                return limit
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope.get("method", ""), scope.get("path", ""))
        if scope["type"] != "http" or limit is None:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.buckets.take((client, limit.prefix), limit.burst, limit.per_second)
        if wait > 0:
            await _too_many(send, wait, "too many requests to this endpoint from your address")
            return
        if self.running >= self.concurrency:
            await _too_many(send, 1.0, "the server is busy with other costly requests")
            return
        self.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running -= 1


async def _too_many(send: Send, wait: float, why: str) -> None:
    seconds = max(1, math.ceil(wait))
    body = json.dumps({"detail": f"{why}; retry after {seconds} s"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(seconds).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
