"""Will this destination connect? One TLS handshake with its client certificate, as the BTP
runtime would make it, and one HTTP request; every step reported in plain words.

pyOpenSSL, not the ssl module: Python 3.11's ssl gives neither the server's whole chain nor the
CA names a server accepts for client certificates, and both are what an administrator needs.
"""

from __future__ import annotations

import ipaddress
import re
import select
import socket
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from OpenSSL import SSL, crypto

from core.certinfo import facts
from core.destination import Destination
from core.findings import EXPIRING_DAYS, Finding, Severity, has_errors
from core.keystores import KeyStoreError, open_keystore, read_keystore_file
from core.keystores.inspection import Node, inspect
from core.keystores.key_check import fully_validated
from core.keystores.model import EntryKind, Format, Integrity, KeyStore, StoreEntry
from core.rules import CCA
from core.schema import PROXY_TYPES, match, same

TIMEOUT = 10.0
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# What the server's TLS alert means for the administrator (RFC 8446 names).
ALERTS = {
    "unknown_ca": "The server does not trust your certificate's issuer: the CA that signed the "
    "client certificate is not among those it accepts.",
    "bad_certificate": "The server rejected your client certificate as bad: it could not verify "
    "it, often because the chain sent with it is incomplete.",
    "certificate_expired": "The server says your client certificate has expired.",
    "certificate_revoked": "The server says your client certificate was revoked.",
    "certificate_unknown": "The server could not accept your client certificate.",
    "unsupported_certificate": "The server does not support your client certificate's type.",
    "certificate_required": "The server requires a client certificate, and none was sent.",
    "handshake_failure": "The server ended the handshake: it found no protocol or cipher in "
    "common, or it required a client certificate that was not sent.",
    "access_denied": "The server verified your certificate but denies access to it.",
    "decrypt_error": "The server could not verify the handshake signature: the private key may "
    "not belong to the certificate.",
    "protocol_version": "The server does not speak a TLS version this check offers (1.2 or 1.3).",
    "internal_error": "The server failed internally during the handshake.",
}

PROXY_REASONS = {
    "OnPremise": "ProxyType=OnPremise goes through the Cloud Connector, which only applications "
    "on BTP reach: it cannot be checked from the desktop.",
    "PrivateLink": "ProxyType=PrivateLink reaches the system over a private link inside the cloud "
    "provider: it cannot be checked from the desktop.",
}

# OpenSSL's certificate verification errors an administrator meets (X509_V_ERR_*).
VERIFY_ERRORS = {
    2: "its issuer is not known",
    9: "it is not yet valid",
    10: "it has expired",
    18: "it is self-signed and not in the trust store",
    19: "the chain ends in a self-signed root that is not in the trust store",
    20: "its issuer is not in the trust store",
    21: "the server sent no chain that leads to a trusted certificate",
    7: "its signature does not verify",
    24: "its issuer is not a CA",
}


class ConnectionReport(NamedTuple):
    url: str
    address: str | None = None  # "host:port" actually connected to
    tls_version: str | None = None
    cipher: str | None = None
    server_chain: tuple[Node, ...] = ()
    client_cert_requested: bool | None = None
    acceptable_cas: tuple[str, ...] = ()
    client_certificate: str | None = None  # the subject sent, if one was
    handshake_ok: bool = False
    alert: str | None = None
    http_method: str | None = None
    http_status: int | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return self.handshake_ok and not has_errors(self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "address": self.address,
            "ok": self.ok,
            "tls_version": self.tls_version,
            "cipher": self.cipher,
            "handshake_ok": self.handshake_ok,
            "alert": self.alert,
            "client_certificate_requested": self.client_cert_requested,
            "acceptable_client_cas": list(self.acceptable_cas),
            "client_certificate": self.client_certificate,
            "server_chain": [
                {
                    "subject": n.facts.subject,
                    "issuer": n.facts.issuer,
                    "not_after": n.facts.not_after.isoformat(),
                    "days_left": n.days_left,
                    "status": n.status,
                }
                for n in self.server_chain
            ],
            "http_method": self.http_method,
            "http_status": self.http_status,
            "findings": [f.as_json() for f in self.findings],
        }


class _Credentials(NamedTuple):
    key: PrivateKeyTypes
    chain: tuple[x509.Certificate, ...]


class _Stop(Exception):
    """The check cannot go on; the findings so far say why."""


def host_matches(host: str, cert: x509.Certificate, lenient: bool) -> bool:
    """SAP's HostnameVerifier: Strict lets a wildcard stand for one label only (*.example.com
    matches a.example.com, not a.b.example.com); BrowserCompatible lets it stand for several."""
    host = host.lower().rstrip(".")
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [n.lower() for n in san.get_values_for_type(x509.DNSName)]
        ips = san.get_values_for_type(x509.IPAddress)
    except x509.ExtensionNotFound:
        names, ips = [], []
    try:
        return ipaddress.ip_address(host) in ips
    except ValueError:
        pass
    if not names:  # no SAN: the old rule, the common name
        names = [
            str(a.value).lower()
            for a in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        ]
    for name in names:
        if name == host:
            return True
        if name.startswith("*.") and host.endswith(name[1:]):
            prefix = host[: -len(name) + 1]
            if prefix and ("." not in prefix or lenient):
                return True
    return False


class _Check:
    def __init__(
        self,
        destination: Destination,
        folder: Path,
        password_for: Callable[[str], str | None],
        now: datetime,
        days: int,
    ) -> None:
        self.destination = destination
        self.folder = folder
        self.password_for = password_for
        self.now = now
        self.days = days
        self.findings: list[Finding] = []
        self.fields: dict[str, Any] = {}
        # What the destination says, read once by run(): the client certificate and key, the
        # trust anchors (None: the system's), and the host name rule.
        self.credentials: _Credentials | None = None
        self.anchors: list[x509.Certificate] | None = None
        self.trust_all = destination.flag("TrustAll")
        self.lenient = same(destination.get("HostnameVerifier"), "BrowserCompatible")

    def add(self, severity: Severity, code: str, message: str, key: str | None = None) -> None:
        self.findings.append(Finding(severity, code, message, key))

    def stop(self, code: str, message: str, key: str | None = None) -> _Stop:
        self.add(ERR, code, message, key)
        return _Stop()

    # ----- what the destination says ----------------------------------------------------------
    def target(self) -> tuple[str, int]:
        url = (self.destination.get("URL") or "").strip()
        parts = urlsplit(url)
        if parts.scheme.lower() != "https" or not parts.hostname:
            raise self.stop(
                "connection.not_https",
                f"Only HTTPS URLs can be checked; this destination's URL is {url or 'empty'}.",
                "URL",
            )
        given = (self.destination.get("ProxyType") or "Internet").strip()
        proxy = match(given, PROXY_TYPES) or given
        if proxy != "Internet":
            reason = PROXY_REASONS.get(
                proxy, f"ProxyType={proxy} cannot be checked from the desktop."
            )
            raise self.stop("connection.proxy_unsupported", reason, "ProxyType")
        return parts.hostname, parts.port or 443

    def open_store(self, key: str, password: str | None) -> KeyStore | None:
        name = (self.destination.get(key) or "").strip()
        if not name:
            return None
        path = self.folder / name
        try:
            return open_keystore(read_keystore_file(path), password)
        except KeyStoreError as exc:
            raise self.stop(exc.code, f"{key} ({name}) cannot be opened: {exc}.", key) from None
        except OSError as exc:
            raise self.stop(
                "keystore.unreadable", f"{key} ({name}) cannot be read: {exc.strerror}.", key
            ) from None

    def read_credentials(self) -> _Credentials | None:
        if not same(self.destination.get("Authentication"), CCA):
            return None
        if (
            same(self.destination.get("KeyStore.Source"), "ClientProvided")
            and not (self.destination.get("KeyStoreLocation") or "").strip()
        ):
            self.add(
                INFO,
                "connection.client_provided",
                "The application provides the key store at run time; checked without a client "
                "certificate.",
                "KeyStore.Source",
            )
            return None
        # Asked once: in the editor it may come from the keyring.
        password = self.password_for("KeyStorePassword")
        store = self.open_store("KeyStoreLocation", password)
        if store is None:
            raise self.stop(
                "connection.no_keystore", "No KeyStoreLocation: there is no client certificate."
            )
        name = self.destination.get("KeyStoreLocation", "")
        report = inspect(store, password, self.now, self.days)
        self.findings.extend(
            Finding(
                f.severity,
                f.code,
                f"KeyStoreLocation ({name}): {f.message}",
                "KeyStoreLocation",
                f.alias,
            )
            for f in report.findings
            if f.severity is not INFO
        )
        entry = next((e for e in store.entries if e.kind is EntryKind.PRIVATE_KEY), None)
        if entry is None or entry.open_key is None or not entry.chain:
            raise self.stop(
                "connection.no_client_key",
                f"KeyStoreLocation ({name}) holds no private key: there is no client certificate.",
                "KeyStoreLocation",
            )
        if password is None:
            raise self.stop(
                "connection.password_needed",
                "No KeyStorePassword is given or stored: the client key cannot be opened.",
                "KeyStorePassword",
            )
        try:
            # The store password, as the Java SDK uses it for the key too.
            key = fully_validated(entry.open_key(password))
        except KeyStoreError as exc:
            raise self.stop(
                exc.code, f"The client key cannot be opened: {exc}.", "KeyStoreLocation"
            ) from None
        return _Credentials(key, entry.chain)

    def read_anchors(self) -> list[x509.Certificate] | None:
        """The trust store's certificates, or None for the system's default trust."""
        store = self.open_store("TrustStoreLocation", self.password_for("TrustStorePassword"))
        return None if store is None else store.all_certificates()

    # ----- the connection ----------------------------------------------------------------------
    def run(self, address: str | None, timeout: float) -> ConnectionReport:
        url = (self.destination.get("URL") or "").strip()
        try:
            host, port = self.target()
            self.credentials = self.read_credentials()
            if not self.trust_all:
                self.anchors = self.read_anchors()
            else:
                self.add(
                    WARN,
                    "connection.trust_all",
                    "TrustAll is TRUE: the server's certificate and host name were not checked.",
                    "TrustAll",
                )
            self.connect(host, port, address, timeout)
        except _Stop:
            pass
        return ConnectionReport(url=url, findings=tuple(self.findings), **self.fields)

    def connect(self, host: str, port: int, address: str | None, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        where = f"{address or host}:{port}"
        try:
            sock = socket.create_connection((address or host, port), timeout=timeout)
        except TimeoutError:
            raise self.stop(
                "connection.timeout", f"{where} did not answer within {timeout:g} s."
            ) from None
        except socket.gaierror:
            raise self.stop(
                "connection.unknown_host", f"The host name {host} is not known.", "URL"
            ) from None
        except OSError as exc:
            raise self.stop(
                "connection.refused", f"{where} refused the connection ({exc.strerror or exc})."
            ) from None
        self.fields["address"] = where  # only now: "connected to" must be true
        with sock:
            sock.setblocking(False)
            conn, seen = self.tls(sock, host)
            try:
                _wait(sock, conn.do_handshake, deadline)
            except TimeoutError:
                raise self.stop(
                    "connection.timeout",
                    f"{where} accepted the connection but did not complete a TLS handshake within "
                    f"{timeout:g} s.",
                ) from None
            except SSL.Error as exc:
                self.record_session(conn, seen)
                if not seen["verify"] or self.trust_all:
                    self.alert(exc)
                return  # else the server was refused by us: the finding says why
            self.record_session(conn, seen)
            self.fields["handshake_ok"] = True
            leaf = seen["chain"][0] if seen["chain"] else None
            if not self.trust_all and leaf and not host_matches(host, leaf, self.lenient):
                verifier = "BrowserCompatible" if self.lenient else "Strict"
                raise self.stop(
                    "connection.hostname_mismatch",
                    f"The server's certificate does not name {host} (HostnameVerifier={verifier}); "
                    "the runtime would refuse this server.",
                    "HostnameVerifier",
                )
            # Some servers never answer HEAD: it gets half the time left, GET the rest.
            head_deadline = time.monotonic() + (deadline - time.monotonic()) / 2
            answered = self.request(conn, sock, host, head_deadline, "HEAD")
        if not answered:
            self.add(
                INFO,
                "connection.head_unanswered",
                "The server did not answer a HEAD request; the check asked again with GET.",
            )
            self.connect_get(host, port, address, deadline)
        elif self.fields.get("http_status") in (405, 501):  # HEAD not allowed: ask with GET
            self.connect_get(host, port, address, deadline)

    def connect_get(self, host: str, port: int, address: str | None, deadline: float) -> None:
        timeout = max(deadline - time.monotonic(), 0.1)
        where = f"{address or host}:{port}"
        try:
            sock = socket.create_connection((address or host, port), timeout=timeout)
        except OSError as exc:  # TimeoutError included
            raise self.stop(
                "connection.timeout" if isinstance(exc, TimeoutError) else "connection.refused",
                f"{where} did not take a second connection for GET ({_reason(exc)}).",
            ) from None
        with sock:
            sock.setblocking(False)
            conn, _ = self.tls(sock, host)
            try:
                _wait(sock, conn.do_handshake, deadline)
            except TimeoutError:
                raise self.stop(
                    "connection.timeout", f"{where} did not complete a second TLS handshake."
                ) from None
            except SSL.Error as exc:
                self.alert(exc)
                return
            self.request(conn, sock, host, deadline, "GET")

    def tls(self, sock: socket.socket, host: str) -> tuple[SSL.Connection, dict[str, Any]]:
        seen: dict[str, Any] = {"chain": [], "verify": [], "requested": False}
        credentials, anchors, trust_all = self.credentials, self.anchors, self.trust_all
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_min_proto_version(SSL.TLS1_2_VERSION)
        if credentials is not None:
            ctx.use_certificate(credentials.chain[0])
            ctx.use_privatekey(credentials.key)  # type: ignore[arg-type]
            for cert in credentials.chain[1:]:
                ctx.add_extra_chain_cert(cert)
        if anchors is None:
            ctx.set_default_verify_paths()
        else:
            store = ctx.get_cert_store()
            assert store is not None
            for cert in anchors:
                store.add_cert(crypto.X509.from_cryptography(cert))

        def verify(_: SSL.Connection, cert: crypto.X509, errno: int, depth: int, ok: int) -> bool:
            chain: list[x509.Certificate] = seen["chain"]
            c = cert.to_cryptography()
            if c not in chain:
                chain.append(c)
            if not ok:
                seen["verify"].append((depth, errno, c))
            return bool(ok) or trust_all  # the runtime stops at an untrusted server

        def info(conn: SSL.Connection, where: int, _ret: int) -> None:
            # OpenSSL names each handshake step; this one is the server's CertificateRequest.
            if b"certificate request" in (conn.get_state_string() or b""):
                seen["requested"] = True

        ctx.set_verify(SSL.VERIFY_PEER, verify)
        ctx.set_info_callback(info)
        conn = SSL.Connection(ctx, sock)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            conn.set_tlsext_host_name(host.encode("idna"))
        conn.set_connect_state()
        return conn, seen

    def record_session(self, conn: SSL.Connection, seen: dict[str, Any]) -> None:
        chain: list[x509.Certificate] = seen["chain"]
        peer = conn.get_peer_cert_chain(as_cryptography=True)
        if peer:
            chain[:] = list(dict.fromkeys([*peer, *chain]))
        version = conn.get_protocol_version_name()
        self.fields["tls_version"] = None if version == "Unknown" else version
        self.fields["cipher"] = conn.get_cipher_name()
        self.fields["client_cert_requested"] = seen["requested"]
        self.fields["acceptable_cas"] = tuple(  # most specific first, as subjects are shown
            ",".join(f"{k.decode()}={v.decode()}" for k, v in reversed(name.get_components()))
            for name in conn.get_client_ca_list()
        )
        if chain:
            self.server_chain(chain, seen)
        if self.credentials is not None and seen["requested"]:
            self.fields["client_certificate"] = facts(self.credentials.chain[0]).subject

    def server_chain(self, chain: list[x509.Certificate], seen: dict[str, Any]) -> None:
        entry = StoreEntry("server", EntryKind.TRUSTED_CERTIFICATE, tuple(chain))
        # Only its findings are used; a chain from a handshake has no integrity check of a file.
        store = KeyStore(Format.PEM, (entry,), integrity=Integrity.ABSENT)
        report = inspect(store, None, self.now, self.days)
        self.fields["server_chain"] = report.entries[0].chain
        self.findings.extend(
            Finding(f.severity, f.code, f"Server certificate: {f.message}", "URL", f.alias)
            for f in report.findings
            if f.severity is not INFO
        )
        if seen["verify"] and not self.trust_all:
            depth, errno, cert = seen["verify"][0]
            subject = facts(cert).subject
            why = VERIFY_ERRORS.get(errno, f"verification error {errno}")
            self.add(
                ERR,
                "connection.server_untrusted",
                f"The server's certificate is not trusted: {subject} (depth {depth}): {why}. "
                "Add its root CA to the trust store (TrustStoreLocation).",
                "TrustStoreLocation",
            )

    def alert(self, exc: Exception) -> None:
        reason = _reason(exc)
        match = re.search(r"alert (.+)$", reason)
        if match is None:
            raise self.stop("connection.tls_failed", f"The TLS handshake failed: {reason}.")
        code = match.group(1).strip().replace(" ", "_")
        self.fields["alert"] = code
        text = ALERTS.get(code, f"The server ended the handshake with the alert {code}.")
        if self.credentials is None and code in ("handshake_failure", "certificate_required"):
            text += " This destination sends no client certificate."
        raise self.stop(f"connection.alert.{code}", text)

    def request(
        self, conn: SSL.Connection, sock: socket.socket, host: str, deadline: float, method: str
    ) -> bool:
        """Send the request and read the status line. False when a HEAD request got no answer
        at all (timed out, or the connection closed without a byte): the caller tries GET."""
        parts = urlsplit(self.destination.get("URL") or "")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "User-Agent: destination-editor connection check\r\nAccept: */*\r\n"
            "Connection: close\r\n\r\n"
        ).encode("ascii", "replace")
        self.fields["http_method"] = method
        try:
            _wait(sock, lambda: conn.sendall(head), deadline)
            data = b""
            while b"\r\n" not in data:
                try:
                    chunk = _wait(sock, lambda: conn.recv(4096), deadline)
                except (SSL.ZeroReturnError, SSL.SysCallError):
                    break
                if not chunk:
                    break
                data += chunk
        except TimeoutError:
            if method == "HEAD":
                return False
            raise self.stop(
                "connection.timeout", "The server did not answer the HTTP request in time."
            ) from None
        except SSL.Error as exc:
            # TLS 1.3: a server's verdict on the client certificate arrives after the handshake.
            self.fields["handshake_ok"] = False
            self.alert(exc)
        status = re.match(rb"HTTP/\d(?:\.\d)? (\d{3})", data)
        if status is None and method == "HEAD" and not data and self.fields.get("handshake_ok"):
            return False
        if status is None:
            raise self.stop("connection.not_http", f"{host} did not answer with HTTP.")
        self.fields["http_status"] = int(status.group(1))
        return True


def _reason(exc: Exception) -> str:
    args = exc.args[0] if exc.args else None
    if isinstance(args, list) and args and isinstance(args[0], tuple):
        return str(args[0][-1])
    return str(exc) or type(exc).__name__


def _wait(sock: socket.socket, step: Callable[[], Any], deadline: float) -> Any:
    """Run one pyOpenSSL step on a non-blocking socket, waiting for it until the deadline."""
    while True:
        try:
            return step()
        except SSL.WantReadError:
            readable, writable = [sock], []
        except SSL.WantWriteError:
            readable, writable = [], [sock]
        left = deadline - time.monotonic()
        if left <= 0 or not any(select.select(readable, writable, [], left)):
            raise TimeoutError


def check_connection(
    destination: Destination,
    folder: Path,
    password_for: Callable[[str], str | None],
    now: datetime,
    *,
    timeout: float = TIMEOUT,
    address: str | None = None,
    days: int = EXPIRING_DAYS,
) -> ConnectionReport:
    """Check the destination's connection. `address` connects there instead of resolving the
    URL's host, which is still sent and verified (like curl's --resolve)."""
    return _Check(destination, folder, password_for, now, days).run(address, timeout)
