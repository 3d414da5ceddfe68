"""The outbound policy: refused before any traffic, re-checked on redirects, pinned to the
checked address. Servers run on 127.0.0.1 only; names resolve through a stub resolver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from strikewatch import outbound
from strikewatch.outbound import OutboundRefused, Policy, StaticResolver, check_url, redact


class _Server(BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str]]] = []
    redirect_to: ClassVar[dict[str, str]] = {}

    def do_GET(self) -> None:
        type(self).hits.append((self.path, self.headers.get("Host", "")))
        target = self.redirect_to.get(self.path)
        if target:
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        body = b"x" * (4096 if self.path == "/big" else 2)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[int, type[_Server]]]:
    class Handler(_Server):
        hits: ClassVar[list[tuple[str, str]]] = []
        redirect_to: ClassVar[dict[str, str]] = {}

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], Handler
    httpd.shutdown()


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://10.0.0.1/hook", "private"),
        ("https://192.168.1.5/hook", "private"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[fd00::1]/hook", "private"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[::ffff:10.0.0.1]/hook", "private"),
        ("https://100.100.100.200/", "non-public"),  # CGNAT range (a cloud metadata address)
        ("https://127.0.0.1/hook", "loopback"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("http://localhost.example.com/data.csv", "plain HTTP"),
        ("http://127.0.0.1.nip.io/data.csv", "plain HTTP"),
        ("http://localhost@198.51.100.7/data.csv", "credentials"),
        ("https://user:s3cret@example.com/hook", "credentials"),
        ("ftp://example.com/x", "only https"),
        ("javascript:alert(1)", "only https"),
        ("file:///etc/passwd", "only https"),
    ],
)
def test_refused_without_asking_the_network(url: str, why: str) -> None:
    resolver = StaticResolver({"example.com": ["93.184.216.34"]})
    with pytest.raises(OutboundRefused, match=why) as err:
        check_url(url, Policy(resolver=resolver))
    assert "s3cret" not in str(err.value)


def test_names_are_checked_after_resolution() -> None:
    resolver = StaticResolver(
        {
            "hook.example.test": ["127.0.0.1"],
            "meta.example.test": ["169.254.169.254"],
            "mixed.example.test": ["93.184.216.34", "10.1.2.3"],  # one bad answer is enough
            "public.example.test": ["93.184.216.34"],
        }
    )
    policy = Policy(resolver=resolver)
    for name in ("hook", "meta", "mixed"):
        with pytest.raises(OutboundRefused, match="resolves to"):
            check_url(f"https://{name}.example.test/x", policy)
    target = check_url("https://public.example.test/x", policy)
    assert target.addresses == ("93.184.216.34",) and target.port == 443
    # allow_local admits loopback, never the LAN or metadata
    local = Policy(allow_local=True, resolver=resolver)
    assert check_url("https://hook.example.test/x", local).addresses == ("127.0.0.1",)
    assert check_url("http://localhost:8080/x", Policy(allow_local=True)).port == 8080
    with pytest.raises(OutboundRefused):
        check_url("https://meta.example.test/x", local)
    with pytest.raises(OutboundRefused, match="plain HTTP"):
        check_url("http://hook.example.test/x", local)  # http only to a loopback *name*


def test_redact_hides_secrets() -> None:
    shown = redact("https://bob:hunter2@example.com/p?token=abc123&night=2025-08-21")
    assert "hunter2" not in shown and "bob" not in shown and "abc123" not in shown
    assert shown == "https://***@example.com/p?token=***&night=2025-08-21"
    assert redact("https://example.com/p") == "https://example.com/p"


def test_client_connects_to_the_checked_address_and_keeps_host(server) -> None:  # type: ignore[no-untyped-def]
    port, handler = server
    resolver = StaticResolver({"localhost": ["127.0.0.1"]})
    with outbound.client(Policy(allow_local=True, resolver=resolver)) as client:
        assert client.get(f"http://localhost:{port}/ok").status_code == 200
    assert handler.hits == [("/ok", f"localhost:{port}")]
    assert resolver.asked == ["localhost"]


def test_every_redirect_is_checked_again(server) -> None:  # type: ignore[no-untyped-def]
    port, handler = server
    handler.redirect_to = {
        "/to-lan": "https://10.0.0.1/x",
        "/to-meta": "http://169.254.169.254/latest/meta-data/",
        "/to-name": "https://internal.example.test/x",
        "/to-ok": "/ok",
    }
    resolver = StaticResolver({"internal.example.test": ["192.168.0.10"]})
    policy = Policy(allow_local=True, resolver=resolver)
    with outbound.client(policy, follow_redirects=True) as client:
        for path in ("/to-lan", "/to-meta", "/to-name"):
            with pytest.raises(OutboundRefused):
                client.get(f"http://127.0.0.1:{port}{path}")
        assert client.get(f"http://127.0.0.1:{port}/to-ok").status_code == 200
    assert [p for p, _ in handler.hits] == ["/to-lan", "/to-meta", "/to-name", "/to-ok", "/ok"]


def test_response_size_is_capped(server) -> None:  # type: ignore[no-untyped-def]
    from strikewatch.errors import DeliveryError

    port, _ = server
    with outbound.client(Policy(allow_local=True)) as client:
        big = client.stream("GET", f"http://127.0.0.1:{port}/big")
        with big as response, pytest.raises(DeliveryError, match="larger than 1000 bytes"):
            outbound.read_capped(response, 1000)
        with client.stream("GET", f"http://127.0.0.1:{port}/ok") as response:
            assert outbound.read_capped(response, 1000) == b"xx"


def test_using_resolver_sets_the_default() -> None:
    stub = StaticResolver({"hook.example.test": ["10.0.0.7"]})
    with outbound.using_resolver(stub), pytest.raises(OutboundRefused, match=r"10\.0\.0\.7"):
        check_url("https://hook.example.test/x")
    assert outbound.current_resolver() is outbound.system_resolver
