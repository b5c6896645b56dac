"""The connection check against a real TLS server on 127.0.0.1 that requires client
certificates: what an administrator sees for each way a destination can fail."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from core.connection import ConnectionReport, check_connection, host_matches
from core.destination import Destination
from tests.keystore_data import NOW, PASSWORD
from tests.tls_server import TLS, openssl_server, silent_port, tls_server


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for f in TLS.glob("*.jks"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def dest(port: int, host: str = "localhost", **props: str) -> Destination:
    values = {
        "Name": "api",
        "Type": "HTTP",
        "URL": f"https://{host}:{port}/ping",
        "ProxyType": "Internet",
        "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks",
        "TrustStoreLocation": "server-trust.jks",
        **props,
    }
    return Destination.of({k: v for k, v in values.items() if v})


def check(d: Destination, folder: Path, **kw: object) -> ConnectionReport:
    return check_connection(d, folder, lambda _key: PASSWORD, NOW, **kw)  # type: ignore[arg-type]


def codes(report: ConnectionReport) -> list[str]:
    return [f.code for f in report.findings]


def test_an_accepted_certificate(folder: Path) -> None:
    with tls_server() as port:
        r = check(dest(port), folder)
    assert r.ok and r.handshake_ok, r.findings
    assert r.http_method == "HEAD" and r.http_status == 204
    assert r.tls_version in ("TLSv1.3", "TLSv1.2") and r.cipher
    assert r.client_cert_requested is True
    assert r.client_certificate == "C=DE,O=Example,CN=api-client"
    assert r.acceptable_cas == ()  # Python's ssl module sends no CA names: see below
    # the chain the server sent, and the trust store's root it leads to
    assert [n.facts.short_name for n in r.server_chain] == ["localhost", "Test Server Root CA"]
    assert r.findings == ()


def test_the_ca_names_the_server_accepts(folder: Path) -> None:
    with openssl_server() as port:
        # s_server -www answers GET only: the HEAD that follows waits out the short timeout
        r = check(dest(port), folder, timeout=2.0)
    assert r.handshake_ok and r.client_cert_requested is True
    assert r.acceptable_cas == ("C=DE,O=Example,CN=Client Root CA",)


def test_head_refused_falls_back_to_get(folder: Path) -> None:
    with tls_server(head_status=405, get_status=200) as port:
        r = check(dest(port), folder)
    assert (r.http_method, r.http_status) == ("GET", 200)


@pytest.mark.parametrize("head", ["silent", "close"])
def test_head_unanswered_falls_back_to_get(folder: Path, head: str) -> None:
    with tls_server(head=head, get_status=200) as port:
        r = check(dest(port), folder, timeout=4.0)
    assert (r.http_method, r.http_status) == ("GET", 200), r.findings
    assert r.ok and "connection.head_unanswered" in codes(r)


def test_a_certificate_from_an_untrusted_ca(folder: Path) -> None:
    with tls_server() as port:
        r = check(dest(port, KeyStoreLocation="client-untrusted.jks"), folder)
    assert not r.ok and r.alert == "unknown_ca"
    assert "connection.alert.unknown_ca" in codes(r)
    (finding,) = [f for f in r.findings if f.code == "connection.alert.unknown_ca"]
    assert finding.message.startswith("The server does not trust your certificate's issuer")


def test_no_certificate(folder: Path) -> None:
    with tls_server() as port:
        r = check(
            dest(port, Authentication="BasicAuthentication", KeyStoreLocation="", User="u"), folder
        )
    assert not r.ok and r.client_cert_requested is True and r.client_certificate is None
    assert r.alert in ("certificate_required", "handshake_failure")
    (finding,) = [f for f in r.findings if f.code.startswith("connection.alert.")]
    assert "This destination sends no client certificate." in finding.message


def test_an_expired_certificate(folder: Path) -> None:
    with tls_server() as port:
        r = check(dest(port, KeyStoreLocation="client-expired.jks"), folder)
    assert r.alert == "certificate_expired"
    assert "The server says your client certificate has expired." in [f.message for f in r.findings]
    # and the key store's own finding says so before any server does
    assert "cert.expired" in codes(r)


def test_a_server_chain_the_trust_store_does_not_cover(folder: Path) -> None:
    with tls_server() as port:
        r = check(dest(port, TrustStoreLocation="other-trust.jks"), folder)
        trusting = check(dest(port, TrustStoreLocation="other-trust.jks", TrustAll="TRUE"), folder)
    assert not r.ok and r.http_status is None
    (finding,) = [f for f in r.findings if f.code == "connection.server_untrusted"]
    assert (
        "CN=localhost" in finding.message and "issuer is not in the trust store" in finding.message
    )
    assert [n.facts.short_name for n in r.server_chain] == ["localhost"]
    assert trusting.ok and trusting.http_status == 204
    assert codes(trusting) == ["connection.trust_all"]


def test_hostname_mismatch_strict_versus_browser_compatible(folder: Path) -> None:
    # The server's certificate names *.example.test: one label under Strict, any under
    # BrowserCompatible. --resolve-style addressing reaches 127.0.0.1 under those names.
    with tls_server() as port:
        strict = check(dest(port, host="a.b.example.test"), folder, address="127.0.0.1")
        lenient = check(
            dest(port, host="a.b.example.test", HostnameVerifier="BrowserCompatible"),
            folder,
            address="127.0.0.1",
        )
        one_level = check(dest(port, host="api.example.test"), folder, address="127.0.0.1")
    assert codes(strict) == ["connection.hostname_mismatch"] and strict.http_status is None
    assert "a.b.example.test" in strict.findings[0].message
    assert lenient.ok and lenient.http_status == 204
    assert one_level.ok


def test_a_port_that_never_answers(folder: Path) -> None:
    with silent_port() as port:
        started = time.monotonic()
        r = check(dest(port), folder, timeout=1.0)
        elapsed = time.monotonic() - started
    assert codes(r) == ["connection.timeout"] and elapsed < 5
    assert "did not complete a TLS handshake within 1 s" in r.findings[0].message


def test_a_closed_port_is_refused(folder: Path) -> None:
    with silent_port() as port:
        pass  # closed again: nothing listens there now
    r = check(dest(port), folder, timeout=2.0)
    assert codes(r) == ["connection.refused"]


@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"URL": "http://plain.example.com"}, "connection.not_https"),
        ({"ProxyType": "OnPremise"}, "connection.proxy_unsupported"),
        ({"ProxyType": "PrivateLink"}, "connection.proxy_unsupported"),
    ],
)
def test_what_cannot_be_checked_from_the_desktop_says_why(
    folder: Path, props: dict[str, str], code: str
) -> None:
    r = check(dest(1, **props), folder)
    assert codes(r) == [code] and r.address is None


def test_no_password_says_so_before_connecting(folder: Path) -> None:
    r = check_connection(dest(1), folder, lambda _key: None, NOW)
    assert [f.code for f in r.findings if f.severity.value == "error"] == [
        "connection.password_needed"
    ]
    assert r.address is None


def test_host_matching_rules() -> None:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate((TLS / "server.pem").read_bytes())
    assert host_matches("localhost", cert, False) and host_matches("127.0.0.1", cert, False)
    assert host_matches("x.example.test", cert, False)
    assert not host_matches("x.y.example.test", cert, False)
    assert host_matches("x.y.example.test", cert, True)
    assert not host_matches("example.test", cert, True)
    assert not host_matches("127.0.0.2", cert, True)
