"""The outbound-request policy: the one place that decides where strikewatch may connect.

Webhooks, ``fetch`` and the channel follower send requests to URLs an operator (or a config
file, or a redirect) chose. Without a policy such a URL can reach the cloud metadata service
(169.254.169.254), the operator's LAN (10.x, 192.168.x, ``fd00::``) or a service on the
machine itself, and a URL with ``user:password@`` leaks its secret into logs. The rules:

* **Schemes**: ``https`` only. ``http`` only to the loopback host (``localhost``, 127.0.0.0/8,
  ``::1``) and only when the caller asked for it explicitly (``allow_local``, the CLI's
  ``--allow-local``), for tests and a receiver on the same machine.
* **Addresses**: the host is resolved (by a pluggable :data:`Resolver`, so tests use a stub)
  and *every* address it resolves to must be globally routable: private, loopback,
  link-local (incl. metadata), unique-local, CGNAT, multicast, reserved and documentation
  ranges are refused; ``allow_local`` admits loopback and nothing else.
* **Checked before connecting, and again on every redirect**: :class:`GuardedTransport`
  checks each request httpx sends (a redirect is a new request) and connects to the very
  address it checked (the URL is rewritten to the IP, with the ``Host`` header and the TLS
  server name kept), so a DNS answer that changes between check and connect (rebinding)
  cannot slip through. Proxies from the environment are ignored for the same reason.
* **No credentials in URLs**: a URL with user-info is refused; :func:`redact` is what every
  message shows (user-info and secret-looking query values replaced by ``***``).
* **Bounded**: a timeout on every phase, at most :data:`MAX_REDIRECTS` redirects, and
  :func:`read_capped` stops reading a body past its size cap.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from strikewatch.errors import DeliveryError

#: ``resolve(host, port)`` → the IP addresses (as strings) a connection would go to.
Resolver = Callable[[str, int], Sequence[str]]

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 1024 * 1024
LOOPBACK_NAMES = frozenset({"localhost", "localhost."})
_SECRET_KEYS = ("token", "key", "secret", "sig", "signature", "password", "passwd", "auth")


class OutboundRefused(DeliveryError):
    """The policy refused a URL before any traffic was sent (its message shows it redacted)."""


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (``getaddrinfo``), de-duplicated, in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise OutboundRefused(f"cannot resolve {host!r} ({err})") from None
    out: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        if address not in out:
            out.append(address)
    return out


class StaticResolver:
    """A resolver from a fixed table (for tests, like an ``/etc/hosts`` of their own).

    A name missing from the table does not resolve; IP literals never reach a resolver.
    """

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self.table = {k.lower().rstrip("."): list(v) for k, v in table.items()}
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        try:
            return list(self.table[host.lower().rstrip(".")])
        except KeyError:
            raise OutboundRefused(f"cannot resolve {host!r} (not in the resolver table)") from None


_resolver: list[Resolver] = [system_resolver]


def current_resolver() -> Resolver:
    return _resolver[-1]


@contextlib.contextmanager
def using_resolver(resolver: Resolver) -> Iterator[Resolver]:
    """Make ``resolver`` the default of every :class:`Policy` built inside the block."""
    _resolver.append(resolver)
    try:
        yield resolver
    finally:
        _resolver.remove(resolver)


@dataclass(frozen=True)
class Policy:
    """Where a request may go and how much it may cost; see the module docstring."""

    allow_local: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    resolver: Resolver = field(default_factory=current_resolver)


@dataclass(frozen=True)
class Target:
    """A URL that passed the policy: its host, port and the checked addresses."""

    url: str
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def redact(url: str) -> str:
    """``url`` fit to show: user-info and secret-looking query values become ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(k, "***" if any(s in k.lower() for s in _SECRET_KEYS) else v) for k, v in pairs],
            safe="*",
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _address_problem(address: str, allow_local: bool) -> str | None:
    """Why connecting to ``address`` is refused, or None when it is allowed."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"not an IP address ({address!r})"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_local else "a loopback address (use --allow-local for this machine)"
    if ip.is_link_local:
        return "a link-local address (this range holds cloud metadata services)"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "a multicast, unspecified or reserved address"
    if ip.is_private or not ip.is_global:
        return "a private or non-public address"
    return None


def check_url(url: str, policy: Policy | None = None) -> Target:
    """Refuse (:class:`OutboundRefused`) or return the checked :class:`Target` of ``url``.

    Nothing is sent: only the resolver is asked, and only for a name (not an IP literal).
    """
    policy = policy or Policy()
    shown = redact(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise OutboundRefused(f"{shown}: not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https"):
        raise OutboundRefused(f"{shown}: only https URLs are allowed")
    if not host:
        raise OutboundRefused(f"{shown}: the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused(f"{shown}: credentials in a URL are not allowed")
    literal = _ip_literal(host)
    if scheme == "http":
        loopback = host in LOOPBACK_NAMES or (literal is not None and literal.is_loopback)
        if not (policy.allow_local and loopback):
            raise OutboundRefused(
                f"{shown}: plain HTTP is allowed only to this machine (localhost, 127.0.0.1, "
                "[::1]) with --allow-local; use https"
            )
    port = port or (443 if scheme == "https" else 80)
    addresses = [str(literal)] if literal is not None else list(policy.resolver(host, port))
    if not addresses:
        raise OutboundRefused(f"{shown}: {host!r} resolves to no address")
    for address in addresses:
        problem = _address_problem(address, policy.allow_local)
        if problem:
            where = (
                f"{address} is"
                if literal is not None
                else f"{host} resolves to {address}, which is"
            )
            raise OutboundRefused(f"{shown}: {where} {problem}; refused")
    return Target(url, scheme, host, port, tuple(addresses))


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that applies the policy to every request it sends (redirects too)
    and connects to the address it checked, keeping ``Host`` and the TLS server name."""

    def __init__(self, policy: Policy, inner: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.HTTPTransport(retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = check_url(str(request.url), self.policy)
        pinned = request.url.copy_with(host=target.addresses[0])
        extensions = dict(request.extensions)
        if target.scheme == "https":
            extensions["sni_hostname"] = target.host
        forwarded = httpx.Request(
            request.method,
            pinned,
            headers=request.headers,  # keeps Host: the name, not the address
            stream=request.stream,
            extensions=extensions,
        )
        return self.inner.handle_request(forwarded)

    def close(self) -> None:
        self.inner.close()


def client(policy: Policy | None = None, **kwargs: object) -> httpx.Client:
    """An httpx client bound by ``policy`` (environment proxies ignored, redirects capped)."""
    policy = policy or Policy()
    return httpx.Client(
        transport=GuardedTransport(policy),
        timeout=policy.timeout,
        max_redirects=policy.max_redirects,
        trust_env=False,
        **kwargs,  # type: ignore[arg-type]
    )


def iter_capped(response: httpx.Response, max_bytes: int) -> Iterator[bytes]:
    """The chunks of a streamed body, refusing (:class:`DeliveryError`) past ``max_bytes``
    before the chunk that crosses it is handed on (for a download written to a file)."""
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise DeliveryError(
                f"{redact(str(response.request.url))}: response larger than {max_bytes} bytes"
            )
        yield chunk


def read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """A streamed body read whole, refusing (:class:`DeliveryError`) past ``max_bytes``."""
    return b"".join(iter_capped(response, max_bytes))


@contextlib.contextmanager
def guarded_requests(policy: Policy) -> Iterator[list[str]]:
    """Within the block, every request the ``requests`` library sends passes ``policy``.

    For third-party code that brings its own HTTP stack (kagglehub and kagglesdk use
    ``requests``): each request a transport adapter sends (the first, every redirect, a
    resumed download) is checked by :func:`check_url`, and so is the proxy it would go
    through (``$HTTPS_PROXY``/``$HTTP_PROXY`` are honoured by ``requests``, so the proxy is
    where the connection really goes); its connect and read timeouts are capped at
    ``policy.timeout``. Yields the URLs sent, redacted, in order. Unlike :func:`client` the
    connection is not pinned to the checked address: ``requests`` offers no hook for that.
    Patches ``HTTPAdapter.send`` for the duration, so not for concurrent use in one process.
    """
    from requests.adapters import HTTPAdapter
    from requests.utils import select_proxy

    original = HTTPAdapter.send
    sent: list[str] = []

    def send(self: HTTPAdapter, request: object, *args: object, **kwargs: object) -> object:
        url = str(getattr(request, "url", ""))
        check_url(url, policy)
        proxy = select_proxy(url, kwargs.get("proxies") or {})  # type: ignore[arg-type]
        if proxy:
            check_url(proxy, policy)
        kwargs["timeout"] = _capped(kwargs.get("timeout"), policy.timeout)
        sent.append(redact(url))
        return original(self, request, *args, **kwargs)  # type: ignore[arg-type]

    HTTPAdapter.send = send  # type: ignore[method-assign,assignment]
    try:
        yield sent
    finally:
        HTTPAdapter.send = original  # type: ignore[method-assign]


def _capped(timeout: object, cap: float) -> tuple[float, float]:
    """A ``requests`` timeout (None, a number or (connect, read)) capped at ``cap`` seconds."""
    if isinstance(timeout, tuple) and len(timeout) == 2:
        connect, read = timeout
    else:
        connect = read = timeout
    as_float = [
        cap if not isinstance(t, (int, float)) else min(float(t), cap) for t in (connect, read)
    ]
    return as_float[0], as_float[1]
