"""Outbound HTTP for webhooks and connectors, refusing internal addresses.

A target must be http(s). Its host is resolved at send time and every address it resolves to must
be public: loopback, private, link-local (which holds cloud metadata services), carrier-grade
NAT, multicast, reserved and unspecified ranges are refused, unless
`WEBHOOK_ALLOW_PRIVATE_TARGETS` is on for local development. The connection then goes to the
vetted address itself (with the original Host header and TLS server name), so a name cannot
resolve to a public address for the check and a private one for the request. Timeouts are short
and redirects are not followed, so a slow or devious receiver cannot hold a worker.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

USER_AGENT = "SimplyCRM-Webhooks/1.0"
_CARRIER_GRADE_NAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeTarget(Exception):
    """The URL is not one the server may call."""


@dataclass(frozen=True)
class HttpResult:
    status: int | None
    excerpt: str
    duration_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv4Address) and address in _CARRIER_GRADE_NAT)
    )


def check_url_shape(url: str) -> None:
    """Checks that need no DNS: scheme, host, no credentials, no internal IP literal."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeTarget("Only http and https URLs are allowed.")
    if not parts.hostname:
        raise UnsafeTarget("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeTarget("Credentials in the URL are not allowed.")
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith((".localhost", ".internal", ".local")):
        raise UnsafeTarget("Internal host names are not allowed.")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return
    if not _is_public(literal):
        raise UnsafeTarget("Addresses on loopback, private or link-local ranges are not allowed.")


def resolve_public_address(host: str, port: int) -> str:
    """The first address `host` resolves to, after checking that every one of them is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UnsafeTarget(f"The host {host!r} does not resolve.") from exc
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for address in addresses:
            if not _is_public(ipaddress.ip_address(address.split("%", 1)[0])):
                raise UnsafeTarget(f"The host {host!r} resolves to a non-public address.")
    return addresses[0]


def post_json(url: str, body: bytes, headers: dict[str, str]) -> HttpResult:
    """POST a JSON `body` to `url` through the checks above."""
    return send("POST", url, body=body, headers=headers)


def send(method: str, url: str, *, body: bytes | None, headers: dict[str, str]) -> HttpResult:
    """Call `url` through the checks above; never raises for network failures."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        check_url_shape(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve_public_address(parts.hostname, port)
    except UnsafeTarget as exc:
        return HttpResult(None, "", elapsed(), f"refused: {exc}")

    timeout = urllib3.Timeout(
        connect=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS,
        read=settings.WEBHOOK_READ_TIMEOUT_SECONDS,
        total=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS + settings.WEBHOOK_READ_TIMEOUT_SECONDS,
    )
    pool_kwargs = {"timeout": timeout, "retries": False, "maxsize": 1}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            **pool_kwargs,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **pool_kwargs)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    all_headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **headers,
        "Host": host_header,
    }

    try:
        response = pool.urlopen(
            method, path, body=body, headers=all_headers, redirect=False, preload_content=False
        )
        try:
            raw = response.read(settings.INTEGRATION_LOG_EXCERPT_BYTES, decode_content=True)
        finally:
            response.release_conn()
        excerpt = raw.decode("utf-8", errors="replace")
        return HttpResult(response.status, excerpt, elapsed())
    except urllib3.exceptions.HTTPError as exc:
        return HttpResult(None, "", elapsed(), f"{type(exc).__name__}: {exc}"[:500])
    finally:
        pool.close()
