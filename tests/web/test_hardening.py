"""The public edges of the server: headers once, a complete cache key, throttled costly
endpoints (429 + Retry-After), errors that reveal no server paths, http(s)-only links, and
the documented token parsing. Live uvicorn servers on 127.0.0.1 over the real ledger."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest
from tests.web.conftest import live_server

from strikewatch.web import core

REPORT = "У ніч на 21 серпня противник атакував 120 ударними БпЛА типу Shahed."


def _get(url: str, **kw: object) -> httpx.Response:
    return httpx.get(url, timeout=120, **kw)  # type: ignore[arg-type]


def _post(url: str, **kw: object) -> httpx.Response:
    return httpx.post(url, timeout=120, **kw)  # type: ignore[arg-type]


SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")


def _count(response: httpx.Response, name: str) -> int:
    return sum(1 for k, _ in response.headers.multi_items() if k.lower() == name)


def test_security_headers_once_on_fresh_and_cached_answers(real_server: str) -> None:
    for path in ("/api/summary", "/api/nights?limit=3", "/", "/api/health"):
        first = _get(real_server + path)
        second = _get(real_server + path)  # the API answers this one from its cache
        for response in (first, second):
            assert response.status_code == 200
            assert {h: _count(response, h) for h in SECURITY} == dict.fromkeys(SECURITY, 1), path
        assert second.content == first.content
    missing = _get(real_server + "/api/nights/2025-13-45")
    assert missing.status_code in (404, 422) and _count(missing, "x-frame-options") == 1


def test_repeated_query_parameters_do_not_share_a_cache_entry(real_server: str) -> None:
    one = _get(real_server + "/api/nights?limit=1&limit=3")
    three = _get(real_server + "/api/nights?limit=3&limit=1")
    assert one.status_code == three.status_code == 200
    # FastAPI takes the last value: these are different questions with different answers
    assert len(one.json()["items"]) == 3 and len(three.json()["items"]) == 1
    assert one.headers["etag"] != three.headers["etag"]
    # ...while the order of *different* parameters is still canonical
    a = _get(real_server + "/api/nights?limit=2&offset=1")
    b = _get(real_server + "/api/nights?offset=1&limit=2")
    assert a.headers["etag"] == b.headers["etag"] and a.content == b.content


def test_canonical_query() -> None:
    assert core.canonical_query(b"b=2&a=1&a=0") == (("a", "1"), ("a", "0"), ("b", "2"))
    assert core.canonical_query(b"a=%41") == core.canonical_query("a=A")


def test_preview_answers_429_under_a_burst(real_server: str) -> None:
    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=real_server, timeout=60) as client:
            return list(
                await asyncio.gather(
                    *(client.post("/api/ingest/preview", json={"text": REPORT}) for _ in range(30))
                )
            )

    answers = asyncio.run(burst())
    codes = [r.status_code for r in answers]
    assert set(codes) <= {200, 429} and codes.count(429) >= 20 - 10, codes
    limited = next(r for r in answers if r.status_code == 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert "retry after" in limited.json()["detail"]
    assert _count(limited, "x-content-type-options") == 1
    assert codes.count(200) <= 10  # the burst allowance, no more reader runs than that
    # cheap endpoints are not affected
    assert _get(real_server + "/api/health").status_code == 200


def test_token_buckets_refill_and_stay_bounded() -> None:
    now = [0.0]
    buckets = core.TokenBuckets(max_keys=3, clock=lambda: now[0])
    assert [buckets.take("a", 2, 0.5) for _ in range(3)] == [0.0, 0.0, 2.0]
    now[0] = 2.0  # one token back after 2 s at 0.5/s
    assert buckets.take("a", 2, 0.5) == 0.0 and buckets.take("a", 2, 0.5) > 0
    for key in "bcdef":
        buckets.take(key, 2, 0.5)
    assert len(buckets._buckets) == 3


def test_concurrency_cap_refuses_beyond_the_cap() -> None:
    """Two costly requests may run at once; the third gets 429 while they do."""
    release = asyncio.Event()
    started: list[str] = []

    async def endpoint(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        started.append(scope["client"][0])
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = core.ThrottleMiddleware(endpoint, concurrency=2)

    async def call(client: str) -> int:
        transport = httpx.ASGITransport(app=app, client=(client, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return (await c.post("/api/ingest/preview", json={})).status_code

    async def scenario() -> list[int]:
        first = [asyncio.create_task(call(f"10.0.0.{i}")) for i in (1, 2)]
        while len(started) < 2:
            await asyncio.sleep(0)
        third = await call("10.0.0.3")  # a different client: refused by the cap, not its bucket
        release.set()
        return [*(await asyncio.gather(*first)), third]

    assert asyncio.run(scenario()) == [200, 200, 429]
    assert app.running == 0


def test_import_error_reveals_no_server_path(writable_ledger: Path, token: str) -> None:
    with live_server(writable_ledger) as base:
        auth = {"Authorization": f"Bearer {token}"}
        bad = _post(f"{base}/api/import", content=b"a,b\n1,2\n", headers=auth)
        assert bad.status_code == 422
        detail = bad.json()["detail"]
        assert detail.startswith("request body") and "nothing was written" in detail
        assert "/tmp" not in bad.text and "upload.csv" not in bad.text and "tmp" not in detail


def test_events_api_refuses_non_http_links(writable_ledger: Path, token: str) -> None:
    with live_server(writable_ledger) as base:
        auth = {"Authorization": f"Bearer {token}"}
        event = {"date": "2025-08-20", "kind": "diplomacy", "title": "talks"}
        for url in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://x"):
            r = _post(f"{base}/api/events", json=[event | {"source_url": url}], headers=auth)
            assert r.status_code == 422 and "http(s)" in r.text, (url, r.text)
        ok = _post(
            f"{base}/api/events",
            json=[event | {"source_url": "https://example.org/talks"}],
            headers=auth,
        )
        assert ok.status_code == 201, ok.text
        stored = _get(f"{base}/api/events").json()
        assert not any("javascript" in json.dumps(e).lower() for e in stored.get("items", []))


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("Authorization", "Bearer s3cret-token", 201),
        ("Authorization", "bearer s3cret-token", 201),  # scheme is case-insensitive (RFC 9110)
        # whitespace between scheme and token is dropped (around a field value HTTP itself
        # strips it: h11 will not even send a value with trailing spaces)
        ("Authorization", "Bearer   s3cret-token", 201),
        ("X-Strikewatch-Token", "s3cret-token", 201),
        ("Authorization", "Bearer s3cret-token extra", 401),
        ("Authorization", "Basic s3cret-token", 401),
        ("Authorization", "Bearer S3CRET-TOKEN", 401),  # the token itself is exact
        ("Authorization", "Bearers3cret-token", 401),
    ],
)
def test_token_parsing_as_documented(
    real_server: str, token: str, header: str, value: str, status: int
) -> None:
    r = _post(f"{real_server}/api/events", json=[], headers={header: value})
    assert r.status_code == status, r.text
