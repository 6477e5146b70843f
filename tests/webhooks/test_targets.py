"""Webhook URLs cannot reach internal services (issue 11, point 2).

Every vector of the issue is refused when subscribing (a clear code), and again at delivery
time for a subscription already stored (one made before these rules, or a name pointed at an
internal address later): nothing connects, and `last_error` is the same generic text whatever
the target, so deliveries are no port scanner. Names are resolved by `webhooks.targets.resolver`,
replaced here by a table; the connection goes to the address checked (a resolver answering
differently the second time is never asked again), with the name as TLS server name and Host.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tests.webhooks.support import SCHEMA, make_client, receiver, subscribe, write_events
from webhooks import services, targets
from webhooks.models import Delivery, DeliveryStatus, Subscription
from webhooks.services import delivery_attempt, subscription_dispatch, url_check

ISSUE_VECTORS = [
    "http://127.0.0.1:6379/",
    "http://localhost:5432/",
    "http://[::1]:8000/",
    "https://169.254.169.254/",
    "https://10.0.0.1:6379/",
]
MORE_VECTORS = [
    "https://127.0.0.1/",
    "https://localhost/",
    "https://db.localhost/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:a9fe:a9fe]/",  # the metadata service, IPv4-mapped
    "https://[64:ff9b::a9fe:a9fe]/",  # ... through NAT64
    "https://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
    "https://[fd00:ec2::254]/",  # AWS's IPv6 metadata (unique local)
    "https://[fe80::1]/",
    "https://[ff02::1]/",
    "https://[::]/",
    "https://0.0.0.0/",
    "https://100.64.0.1/",  # CGNAT
    "https://100.100.100.200/",  # a cloud's metadata in CGNAT space
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://224.0.0.1/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://192.0.2.1/",  # documentation
    "https://redis:6379/",  # a single-label name of the internal network
    "https://2130706433/",  # 127.0.0.1 as a number
    "http://hr.example.org/hook",  # plain HTTP to a public host
]


@pytest.fixture
def production(settings: Any) -> None:
    settings.KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = False


@pytest.fixture
def resolving(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[str]]], list[str]]:
    """Make `targets.resolver` answer from a table; returns the list of names asked."""
    asked: list[str] = []

    def install(table: dict[str, list[str]]) -> list[str]:
        def resolve(host: str, port: int) -> list[str]:
            asked.append(host)
            if host not in table:
                raise OSError(f"unknown host {host}")
            return table[host]

        monkeypatch.setattr(targets, "resolver", resolve)
        return asked

    return install


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The (address, port) of every connection a delivery opens (then opened for real)."""
    opened: list[tuple[str, int]] = []
    real = targets.socket.create_connection

    def spy(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(targets.socket, "create_connection", spy)
    return opened


# --- the address rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "allowed", "with_loopback"),
    [
        ("93.184.215.14", True, True),
        ("2606:4700:4700::1111", True, True),
        ("127.0.0.1", False, True),
        ("127.8.9.10", False, True),
        ("::1", False, True),
        ("::ffff:127.0.0.1", False, True),
        ("169.254.169.254", False, False),
        ("::ffff:169.254.169.254", False, False),
        ("64:ff9b::169.254.169.254", False, False),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False, False),  # Teredo of 10.0.0.1
        ("10.0.0.1", False, False),
        ("172.31.255.255", False, False),
        ("192.168.0.1", False, False),
        ("100.64.0.1", False, False),
        ("0.0.0.0", False, False),  # noqa: S104 (an address to refuse, not to bind)
        ("224.0.0.251", False, False),
        ("ff0e::1", False, False),
        ("240.0.0.1", False, False),
        ("fc00::1", False, False),
        ("fe80::1", False, False),
        ("::", False, False),
        ("198.18.0.1", False, False),  # benchmarking
    ],
)
def test_only_public_addresses_are_allowed_and_loopback_by_the_setting(
    address: str, allowed: bool, with_loopback: bool
) -> None:
    parsed = ipaddress.ip_address(address)
    assert targets.address_allowed(parsed, allow_loopback=False) is allowed
    assert targets.address_allowed(parsed, allow_loopback=True) is (allowed or with_loopback)


# --- subscribing ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ISSUE_VECTORS + MORE_VECTORS)
def test_subscribing_to_an_internal_target_is_refused_with_a_clear_code(
    production: None, url: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        url_check(url)
    assert refused.value.code in {"webhooks.target_not_allowed", "webhooks.https_required"}
    assert refused.value.field == "url"


def test_loopback_is_allowed_only_by_the_development_setting(settings: Any) -> None:
    settings.KRUCARE_WEBHOOKS_ALLOW_LOOPBACK = True
    for url in ("http://127.0.0.1:6379/", "http://localhost:5432/", "http://[::1]:8000/"):
        assert url_check(url) == url
    for url in ("https://169.254.169.254/", "https://10.0.0.1:6379/", "http://10.0.0.1/"):
        with pytest.raises(ApplicationError):
            url_check(url)
    assert url_check("https://hr.example.org/hook") == "https://hr.example.org/hook"


@pytest.mark.parametrize("url", ISSUE_VECTORS)
def test_the_api_refuses_the_issues_targets_and_creates_nothing(
    committed: list[int], production: None, url: str
) -> None:
    client, secret = make_client()
    api = Client(HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.post(
        "/api/v1/webhooks/subscriptions/",
        {"url": url, "event_types": ["idcards.card"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] in {"webhooks.target_not_allowed", "webhooks.https_required"}
    with schema_context(SCHEMA):
        assert not Subscription.objects.filter(client=client).exists()


def test_the_admin_form_refuses_an_internal_target(office_a: Any, production: None) -> None:
    from webhooks.admin import SubscriptionForm

    form = SubscriptionForm(
        data={"url": "https://169.254.169.254/", "event_types": '["idcards.card"]'}
    )
    assert not form.is_valid() and "url" in form.errors


# --- delivering -----------------------------------------------------------------------------


def _stored(client: Any, url: str) -> Subscription:
    """A subscription as one made before these rules: written without `url_check`."""
    with schema_context(SCHEMA):
        after = services._current_position()  # as subscribe does: only the events to come
        return Subscription.objects.create(
            client=client,
            url=url,
            event_types=["idcards.card"],
            secret="whsec_x",
            position_txid=after.txid,
            position_id=after.id,
        )


def _deliver(subscription: Subscription) -> Delivery:
    with schema_context(SCHEMA):
        subscription_dispatch(subscription_id=subscription.pk)
        delivery = Delivery.objects.get(subscription=subscription)
        delivery_attempt(delivery_id=delivery.pk)
        return Delivery.objects.get(pk=delivery.pk)


def test_a_stored_subscription_to_a_loopback_listener_sends_nothing_in_production(
    committed: list[int],
    production: None,
    resolving: Callable[..., list[str]],
    connections: list[tuple[str, int]],
) -> None:
    client, _ = make_client()
    resolving({"localhost": ["127.0.0.1"], "hooks.example.org": ["127.0.0.1"]})
    with receiver() as hook:
        port = hook.port
        urls = [
            hook.url,
            f"http://localhost:{port}/",
            f"https://hooks.example.org:{port}/",  # a public name pointed at loopback
            f"https://127.1:{port}/",  # inet_aton's short form of 127.0.0.1
            *ISSUE_VECTORS,
        ]
        subscriptions = [_stored(client, url) for url in urls]
        write_events(1)
        deliveries = [_deliver(subscription) for subscription in subscriptions]
    assert hook.received == [] and connections == []  # nothing reached the listener
    assert {(d.status, d.attempts, d.last_status_code) for d in deliveries} == {
        (DeliveryStatus.PENDING, 1, None)
    }
    assert {d.last_error for d in deliveries} == {targets.UNREACHABLE}


def test_names_resolving_to_internal_addresses_are_refused_at_delivery(
    committed: list[int],
    production: None,
    resolving: Callable[..., list[str]],
    connections: list[tuple[str, int]],
) -> None:
    client, _ = make_client()
    asked = resolving(
        {
            "internal.example.org": ["10.0.0.7"],
            "metadata.example.org": ["169.254.169.254"],
            "mixed.example.org": ["93.184.215.14", "192.168.1.10"],  # one bad address is enough
            "mapped.example.org": ["::ffff:10.0.0.1"],
            "ula.example.org": ["fd12:3456::1"],
        }
    )
    subscriptions = [
        subscribe(client, f"https://{name}/hook")[0]  # accepted: a name is checked at delivery
        for name in ("internal", "metadata", "mixed", "mapped", "ula")
        for name in [f"{name}.example.org"]
    ]
    write_events(1)
    deliveries = [_deliver(subscription) for subscription in subscriptions]
    assert {d.last_error for d in deliveries} == {targets.UNREACHABLE}
    assert {d.last_status_code for d in deliveries} == {None}
    assert connections == []
    assert sorted(set(asked)) == sorted(
        f"{name}.example.org" for name in ("internal", "metadata", "mixed", "mapped", "ula")
    )


def test_last_error_is_the_same_whatever_went_wrong(
    committed: list[int], resolving: Callable[..., list[str]]
) -> None:
    """Refused address, unknown name, closed port, no TLS: one text (loopback allowed here, so
    that a closed port and a plain-HTTP server are actually tried)."""
    client, _ = make_client()
    with receiver() as closed:
        closed_url = closed.url
    with receiver() as plain:
        resolving({"plain.example.org": ["127.0.0.1"]})
        subscriptions = [
            _stored(client, "https://10.0.0.1:6379/"),
            _stored(client, "https://nowhere.example.org/"),
            _stored(client, closed_url),
            _stored(client, f"https://plain.example.org:{plain.port}/"),
        ]
        write_events(1)
        deliveries = [_deliver(subscription) for subscription in subscriptions]
    assert [d.last_error for d in deliveries] == [targets.UNREACHABLE] * 4
    assert plain.received == []  # the TLS handshake failed: nothing was sent in clear


def test_a_redirect_is_not_followed(committed: list[int]) -> None:
    client, _ = make_client()
    with receiver() as inside, receiver(status=307, location=inside.url) as hook:
        subscription, _ = subscribe(client, hook.url)
        write_events(1)
        delivery = _deliver(subscription)
    assert len(hook.received) == 1 and inside.received == []
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 307
    assert delivery.last_error == "HTTP 307"


# --- pinning --------------------------------------------------------------------------------


def _certificate(tmp_path: Path, name: str) -> tuple[Path, ssl.SSLContext]:
    """A CA (written to a file, for SSL_CERT_FILE) and a server context for `name` signed by
    it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)

    def build(subject: str, key: Any, issuer: Any, issuer_key: Any, ca: bool) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
            )
        else:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False
            ).add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
            )
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "KruCare test CA")])
    ca = build("KruCare test CA", ca_key, ca_name, ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = build(name, key, ca_name, ca_key, False)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "server.pem").write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    (tmp_path / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    return tmp_path / "ca.pem", context


def test_the_connection_goes_to_the_address_checked_with_the_name_for_tls_and_host(
    committed: list[int],
    resolving: Callable[..., list[str]],
    connections: list[tuple[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rebinding resolver says loopback (allowed here) first, an internal address after: the
    delivery reaches the loopback receiver over verified TLS, the name asked once."""
    ca_file, server_context = _certificate(tmp_path, "hooks.example.org")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    answers = iter([["127.0.0.1"]])
    asked: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers, ["10.0.0.9"])

    monkeypatch.setattr(targets, "resolver", rebinding)
    client, _ = make_client()
    with receiver(tls=server_context) as hook:
        subscription, _ = subscribe(client, f"https://hooks.example.org:{hook.port}/in?x=1")
        write_events(1)
        delivery = _deliver(subscription)
        # Another name on the same address: the certificate does not name it.
        resolving({"other.example.org": ["127.0.0.1"]})
        other, _ = subscribe(client, f"https://other.example.org:{hook.port}/in")
        write_events(1)
        refused = _deliver(other)
    assert delivery.status == DeliveryStatus.DELIVERED, delivery.last_error
    assert asked == ["hooks.example.org"]
    assert connections == [("127.0.0.1", hook.port)] * 2
    [item] = hook.received
    assert item.headers["Host"] == f"hooks.example.org:{hook.port}"
    assert refused.status == DeliveryStatus.PENDING and refused.last_error == targets.UNREACHABLE
