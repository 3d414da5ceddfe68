"""Shared web plumbing: the engine per app, versioned caching (ETag), auth, body limits, CSP."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime
from typing import Any

from fastapi import HTTPException, Request, Response
from sqlalchemy import Engine
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


class ResponseCache:
    """Bounded LRU of encoded responses keyed by ETag, so repeated reads cost one lookup.

    Bounded because query strings are attacker-chosen: an unbounded cache would be a memory
    leak. Entries die naturally when the ledger version (part of every key) changes.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


def version_of(request: Request) -> dict[str, Any]:
    """The ledger version, read at most once per request."""
    cached = getattr(request.state, "ledger_version", None)
    if cached is None:
        cached = queries.ledger_version(engine_of(request))
        request.state.ledger_version = cached
    return cached


def etag_for(request: Request, extra: str = "") -> str:
    key = snapshot.version_key(version_of(request))
    raw = json.dumps([key, request.url.path, sorted(request.query_params.multi_items()), extra])
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _validators(request: Request, etag: str) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    imported = version_of(request).get("imported_at")
    if imported is not None:
        # PostgreSQL returns aware times in the server's zone, SQLite naive UTC.
        utc = imported.astimezone(UTC) if imported.tzinfo else imported.replace(tzinfo=UTC)
        headers["Last-Modified"] = format_datetime(utc, usegmt=True)
    return headers


def not_modified(request: Request, etag: str) -> bool:
    """If-None-Match wins (RFC 9110); If-Modified-Since alone is not trusted for 304 because
    text ingests change content without a new import time."""
    inm = request.headers.get("if-none-match")
    if not inm:
        return False
    tags = [t.strip() for t in inm.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def cached_json(request: Request, compute: Callable[[], Any]) -> Response:
    """JSON with ETag/Last-Modified; 304 on a matching If-None-Match; bodies memoised."""
    etag = etag_for(request)
    headers = _validators(request, etag)
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    cache: ResponseCache = request.app.state.response_cache
    body = cache.get(etag)
    if body is None:
        body = json.dumps(jsonable(compute()), ensure_ascii=False).encode("utf-8")
        cache.put(etag, body)
    return Response(body, media_type="application/json", headers=headers)


def snap_of(request: Request) -> snapshot.Snapshot:
    return snapshot.current(engine_of(request))


# ---------------------------------------------------------------------------------- auth


def configured_token() -> str | None:
    token = os.environ.get(TOKEN_ENV, "")
    return token or None


def check_token(supplied: str | None) -> None:
    """Refuse writes without the operator's token (403 when writes are not configured)."""
    token = configured_token()
    if token is None:
        raise HTTPException(403, f"writes are disabled: the operator has not set {TOKEN_ENV}")
    if not supplied or not hmac.compare_digest(supplied.encode(), token.encode()):
        raise HTTPException(401, "a valid write token is required (Authorization: Bearer …)")


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-strikewatch-token")


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


class SecurityHeadersMiddleware:
    """CSP without inline scripts, no sniffing, no framing: report text can never run."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)
