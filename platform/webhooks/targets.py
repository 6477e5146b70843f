"""Where a webhook may be delivered, and the one connection a delivery makes.

A subscription names a URL; a delivery POSTs a person's record to it. Left unchecked that is a
way into the platform's own network (Redis, PostgreSQL, the cloud's metadata service) from
outside, with the delivery's error text as a port scanner. So:

- **Only HTTPS**, to a host name with a dot or a public IP address. Plain HTTP is allowed only to
  a loopback address, and only where `KRUCARE_WEBHOOKS_ALLOW_LOOPBACK` is on (`make run` and the
  tests, never production).
- **The resolved addresses are checked at delivery time**, every time (a name can be pointed at
  an internal address after the subscription was made): each address the name resolves to must
  be public (`address_allowed`); one that is not refuses the delivery. Checked after
  unwrapping IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, 6to4, Teredo,
  NAT64 `64:ff9b::/96`).
- **The connection is pinned to the checked address**: the name is resolved once, and the TCP
  connection goes to that address, with the name as TLS server name (SNI and certificate check)
  and as `Host`. A resolver answering differently the second time (DNS rebinding) has no second
  time.
- **Redirects are not followed**: an answer of 3xx is a failed attempt like any non-2xx.
- **What the client sees is generic**: a refused target, a name that does not resolve, a
  refused connection, a timeout or a TLS failure all store the same `last_error`
  (`UNREACHABLE`); only an HTTP answer from an allowed target shows its status code. The
  reason goes to the log, for the operators.

`resolver` is the hook tests replace (a name → the addresses a test wants it to resolve to).
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import os
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
UNREACHABLE = "ส่งไม่ถึงผู้รับ (no answer from the receiver)"
MAX_URL_LENGTH = 500
LOOPBACK_NAMES = ("localhost",)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class TargetRefused(Exception):
    """The URL or one of its addresses may not be delivered to (the reason is for the log)."""


def loopback_allowed() -> bool:
    return bool(getattr(settings, "KRUCARE_WEBHOOKS_ALLOW_LOOPBACK", False))


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_allowed(address: IPAddress, *, allow_loopback: bool) -> bool:
    """Whether a delivery may connect to `address`: a public unicast address (not private,
    shared/CGNAT, link-local and so the metadata service, multicast, reserved, unspecified,
    documentation), or loopback when `allow_loopback`. An IPv6 address carrying an IPv4 one must
    pass as that IPv4 address too."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and not address_allowed(embedded, allow_loopback=allow_loopback):
        return False
    if address.is_loopback:
        return allow_loopback
    if embedded is not None and embedded.is_loopback and allow_loopback:
        return True
    return bool(
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_link_local
        and not address.is_private
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (A and AAAA), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# The hook tests replace: (host, port) -> addresses.
resolver: Callable[[str, int], list[str]] = _resolve


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # lower case, without brackets
    port: int
    path: str  # path and query, at least "/"


def target_of(url: str) -> Target:
    """The parts of a webhook URL, or TargetRefused for a malformed one."""
    if len(url) > MAX_URL_LENGTH or any(c.isspace() or ord(c) < 32 for c in url):
        raise TargetRefused("malformed URL")
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError as error:
        raise TargetRefused(f"malformed URL: {error}") from None
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise TargetRefused("not an http(s) URL with a host")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def _is_loopback_name(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.endswith(".localhost")


def early_refusal(target: Target, *, allow_loopback: bool) -> str | None:
    """Why a subscription to `target` is refused without resolving anything (None: it may be
    subscribed; its addresses are checked at each delivery). A code of `url_check`."""
    literal = _literal(target.host)
    loopback = (literal is not None and literal.is_loopback) or _is_loopback_name(target.host)
    if loopback:
        return None if allow_loopback else "webhooks.target_not_allowed"
    if target.scheme != "https":
        return "webhooks.https_required"
    if literal is not None:
        allowed = address_allowed(literal, allow_loopback=False)
        return None if allowed else "webhooks.target_not_allowed"
    if "." not in target.host.strip("."):  # "redis", "db": names of the internal network
        return "webhooks.target_not_allowed"
    return None


def checked_address(target: Target, *, allow_loopback: bool) -> str:
    """The address to connect to: `target`'s host resolved once, every address checked."""
    literal = _literal(target.host)
    if literal is None and _is_loopback_name(target.host) and not allow_loopback:
        raise TargetRefused("a loopback name")
    try:
        addresses = [str(literal)] if literal is not None else resolver(target.host, target.port)
    except (OSError, UnicodeError) as error:
        raise TargetRefused(f"does not resolve: {error}") from None
    if not addresses:
        raise TargetRefused("resolves to nothing")
    parsed = [ipaddress.ip_address(address) for address in addresses]
    refused = [str(a) for a in parsed if not address_allowed(a, allow_loopback=allow_loopback)]
    if refused:
        raise TargetRefused(f"resolves to addresses not allowed: {', '.join(refused)}")
    if target.scheme == "http" and not all(
        a.is_loopback or (_embedded_ipv4(a) or a).is_loopback for a in parsed
    ):
        raise TargetRefused("plain HTTP to an address that is not loopback")
    return addresses[0]


@lru_cache(maxsize=4)
def _tls_context(_ca_file: str | None) -> ssl.SSLContext:
    # The system's trust store (SSL_CERT_FILE, if set, names another bundle: the key keeps one
    # context per bundle).
    return ssl.create_default_context()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Sends `Host: <name>` but connects to the address checked for it."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        super().connect()
        context = _tls_context(os.environ.get("SSL_CERT_FILE"))
        # The certificate is checked against the name, not the address.
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post(
    url: str, body: bytes, headers: dict[str, str], *, timeout: float
) -> tuple[int | None, str]:
    """POST `body` to `url` once, by the rules of the module: (status code, error text); the
    code is None when no answer came, with the generic `UNREACHABLE` as the error."""
    allow_loopback = loopback_allowed()
    try:
        target = target_of(url)
        refusal = early_refusal(target, allow_loopback=allow_loopback)
        if refusal is not None:
            raise TargetRefused(refusal)
        address = checked_address(target, allow_loopback=allow_loopback)
    except TargetRefused as refused:
        logger.warning("Webhook target refused (%s): %s", url[:200], refused)
        return None, UNREACHABLE
    pinned = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = pinned(target.host, target.port, address=address, timeout=timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
    except (OSError, http.client.HTTPException, ValueError) as error:
        logger.info("Webhook delivery to %s (%s) failed: %r", url[:200], address, error)
        return None, UNREACHABLE
    finally:
        connection.close()
    return status, "" if 200 <= status < 300 else f"HTTP {status}"
