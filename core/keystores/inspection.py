"""Judge an opened key store: build each entry's chain, mark every certificate, list findings.

Everything that depends on time takes `now` from the caller, so results are reproducible.
Finding codes are stable and documented in the README.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from core.certinfo import CertFacts, facts
from core.findings import EXPIRING_DAYS, Finding, Severity, status_of, worst_first
from core.keystores.chains import IssuerIndex, ordered, self_issued
from core.keystores.errors import CorruptKeyStore, WrongKeyPassword
from core.keystores.model import EntryKind, Integrity, KeyStore, StoreEntry

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_MAX_CANDIDATES = 8  # issuers tried per link when completing a chain


class Node(NamedTuple):
    cert: x509.Certificate
    facts: CertFacts
    days_left: int
    status: str  # "ok", "warning" or "error": the worst of its findings
    problems: tuple[str, ...]  # the finding codes on this certificate
    from_store: bool = False  # taken from elsewhere in the file to complete the chain


class EntryReport(NamedTuple):
    alias: str
    kind: EntryKind
    chain: tuple[Node, ...]
    missing_issuer: str | None  # the issuer name the chain stops at, if incomplete
    key_checked: bool  # the private key was opened and compared with its certificate
    java_visible: bool = True  # False: a PKCS#12 certificate keytool and Java do not list
    key_encrypted: bool = False  # a PEM key with a password of its own


class Report(NamedTuple):
    format: str
    integrity_verified: bool  # true only when a password passed the file's integrity check
    entries: tuple[EntryReport, ...]
    findings: tuple[Finding, ...]
    integrity: Integrity

    @property
    def password_would_check(self) -> bool:
        """A password would check more: the file's integrity, or an encrypted key not opened."""
        return self.integrity is Integrity.NOT_CHECKED or any(
            e.key_encrypted and not e.key_checked for e in self.entries
        )

    @property
    def earliest_expiry(self) -> Node | None:
        nodes = [n for e in self.entries for n in e.chain]
        return min(nodes, key=lambda n: n.days_left) if nodes else None

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "integrity_verified": self.integrity_verified,
            "integrity": self.integrity.value,
            "entries": [
                {
                    "alias": e.alias,
                    "kind": e.kind.value,
                    "chain": [_node_json(n) for n in e.chain],
                    "missing_issuer": e.missing_issuer,
                    "java_visible": e.java_visible,
                }
                for e in self.entries
            ],
            "findings": [
                {
                    "severity": f.severity.value,
                    "code": f.code,
                    "message": f.message,
                    "alias": f.alias,
                }
                for f in self.findings
            ],
        }


def _node_json(n: Node) -> dict[str, Any]:
    f = n.facts
    return {
        "subject": f.subject,
        "issuer": f.issuer,
        "serial": f.serial,
        "not_before": f.not_before.isoformat(),
        "not_after": f.not_after.isoformat(),
        "days_left": n.days_left,
        "signature_algorithm": f.signature_algorithm,
        "key": f.key_description,
        "sha1": f.sha1,
        "sha256": f.sha256,
        "san": list(f.san),
        "key_usage": list(f.key_usage),
        "extended_key_usage": None if f.extended_key_usage is None else list(f.extended_key_usage),
        "basic_constraints": {"ca": f.is_ca, "path_length": f.path_length},
        "subject_key_id": f.subject_key_id,
        "authority_key_id": f.authority_key_id,
        "status": n.status,
        "problems": list(n.problems),
        "from_store": n.from_store,
    }


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.on_cert: dict[x509.Certificate, list[Finding]] = {}

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        alias: str | None = None,
        cert: x509.Certificate | None = None,
    ) -> None:
        finding = Finding(severity, code, message, alias=alias)
        self.findings.append(finding)
        if cert is not None:
            self.on_cert.setdefault(cert, []).append(finding)


def inspect(
    store: KeyStore, password: str | None, now: datetime, days: int = EXPIRING_DAYS
) -> Report:
    out = _Collector()
    # Only a key entry's short chain is completed from the rest of the file: a trust store
    # never needs the index of all its certificates.
    index = cache(lambda: IssuerIndex(store.all_certificates()))
    fact = facts  # cached per certificate

    built: list[
        tuple[StoreEntry, list[x509.Certificate], set[x509.Certificate], str | None, bool]
    ] = []
    for entry in store.entries:
        if entry.kind is EntryKind.SECRET_KEY:
            built.append((entry, [], set(), None, False))
            continue
        chain, added, missing = _build_chain(entry, index, fact, out)
        key_checked = False
        if entry.kind is EntryKind.PRIVATE_KEY:
            key_checked = _check_key(entry, chain, password, out)
            _check_client_auth(entry, chain, fact, out)
            if missing:
                out.add(
                    ERR,
                    "chain.missing_issuer",
                    f"The chain of {entry.alias} stops at {fact(chain[-1]).short_name}: its issuer "
                    f"({missing}) is not in the file. SAP needs the entire chain in the key store.",
                    entry.alias,
                    chain[-1],
                )
            if added:
                out.add(
                    WARN,
                    "chain.completed",
                    f"The chain of {entry.alias} was completed with "
                    f"{', '.join(fact(c).short_name for c in chain if c in added)} from other "
                    "entries of the file. Java sends only the entry's own chain: import the "
                    "whole chain into the key entry.",
                    entry.alias,
                )
        built.append((entry, chain, added, missing, key_checked))

    # By fingerprint: equal certificates are equal DER, and a Certificate's own hash digests
    # its whole parsed structure (about 2 us each time), the fingerprint's string only once.
    checked: set[str] = set()
    for entry, chain, _added, _missing, _ in built:
        strict = entry.kind is EntryKind.PRIVATE_KEY
        for cert in chain:
            f = fact(cert)
            if f.sha256 not in checked:
                checked.add(f.sha256)
                _check_certificate(cert, f, entry.alias, now, days, strict, out)

    private = [e.alias for e in store.entries if e.kind is EntryKind.PRIVATE_KEY]
    if len(private) > 1:
        out.add(
            WARN,
            "store.several_private_keys",
            f"The file holds {len(private)} private keys ({', '.join(private)}); the SAP "
            f"JavaScript SDK uses only the first ({private[0]}).",
        )
    if store.integrity is Integrity.NOT_CHECKED:  # a file without a MAC says so in its notes
        out.add(
            WARN,
            "store.integrity_not_verified",
            "Opened without a password: the certificates are listed, but the file's integrity "
            "was not verified and the private keys were not checked.",
        )
    if not any(e.java_visible for e in store.entries):
        out.add(WARN, "store.empty", "Java sees no entry in this file.")
    out.findings.extend(store.notes)

    on_cert = out.on_cert
    entries = tuple(
        EntryReport(
            entry.alias,
            entry.kind,
            # A certificate's hash digests all of it: skip the look-ups that cannot find it.
            tuple(
                _node(
                    c,
                    fact(c),
                    now,
                    bool(added) and c in added,
                    on_cert.get(c, []) if on_cert else [],
                )
                for c in chain
            ),
            missing,
            key_checked,
            entry.java_visible,
            entry.key_encrypted,
        )
        for entry, chain, added, missing, key_checked in built
    )
    ordered = worst_first(out.findings)
    return Report(
        store.format.value, store.integrity_verified, entries, tuple(ordered), store.integrity
    )


def _node(
    cert: x509.Certificate, f: CertFacts, now: datetime, added: bool, findings: list[Finding]
) -> Node:
    status = status_of(findings)
    days_left = (f.not_after - now).days
    return Node(cert, f, days_left, status, tuple(x.code for x in findings), added)


def issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except InvalidSignature:
        return False
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # cryptography refuses MD5 and SHA-1 here; check such a signature by hand, so that a
        # weak hash is reported as weak, not as a broken link.
        return child.issuer == parent.subject and _verify_legacy(child, parent)
    return True


def _verify_legacy(child: x509.Certificate, parent: x509.Certificate) -> bool:
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    try:
        key = parent.public_key()
        digest = child.signature_hash_algorithm
        if digest is None:
            return False
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes, padding.PKCS1v15(), digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(child.signature, child.tbs_certificate_bytes, ec.ECDSA(digest))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True


def _build_chain(
    entry: StoreEntry,
    index: Callable[[], IssuerIndex],
    fact: Any,
    out: _Collector,
) -> tuple[list[x509.Certificate], set[x509.Certificate], str | None]:
    given = list(entry.chain)
    chain = ordered(given) if len(given) > 1 else given
    if chain != given:
        out.add(
            WARN,
            "chain.order",
            f"The certificates of {entry.alias} are not in order (leaf first, then each "
            "issuer); some clients reject such a chain. They are shown in order here.",
            entry.alias,
        )
    # Check each given link: name, then signature, then that the issuer may issue.
    for child, parent in pairwise(chain):
        if child.issuer != parent.subject:
            out.add(
                ERR,
                "chain.broken_link",
                f"In {entry.alias}, {fact(parent).short_name} follows "
                f"{fact(child).short_name} but did not issue it.",
                entry.alias,
                child,
            )
        elif not issued_by(child, parent):
            out.add(
                ERR,
                "chain.bad_signature",
                f"In {entry.alias}, the signature of {fact(child).short_name} does not verify "
                f"with the key of {fact(parent).short_name}: same issuer name, but not the "
                "certificate that signed it.",
                entry.alias,
                child,
            )
        elif fact(parent).is_ca is not True:
            out.add(
                ERR,
                "chain.issuer_not_ca",
                f"In {entry.alias}, {fact(parent).short_name} issued "
                f"{fact(child).short_name} but is not a CA (no basicConstraints CA:TRUE).",
                entry.alias,
                parent,
            )
    added: set[x509.Certificate] = set()
    missing = None
    if entry.kind is EntryKind.PRIVATE_KEY and chain:
        # Complete a short chain from the rest of the file, as a TLS client would try to. At
        # most a few candidates per link are verified: real files have one or two per name.
        in_chain = set(chain)
        while not self_issued(chain[-1]):
            candidates = index().candidates(chain[-1], in_chain, _MAX_CANDIDATES)
            found = next((c for c in candidates if issued_by(chain[-1], c)), None)
            if found is None:
                missing = chain[-1].issuer.rfc4514_string()
                break
            chain.append(found)
            in_chain.add(found)
            added.add(found)
    return chain, added, missing


def _unreadable(out: _Collector, alias: str, exc: CorruptKeyStore) -> bool:
    out.add(ERR, "key.unreadable", f"The private key of {alias} cannot be read: {exc}.", alias)
    return False


def _check_key(
    entry: StoreEntry, chain: list[x509.Certificate], password: str | None, out: _Collector
) -> bool:
    if password is None and entry.key_encrypted and chain:
        # A PEM file has no integrity check to warn about (the Java stores' case): this is the
        # one sentence that says the key was not opened.
        out.add(
            WARN,
            "key.not_checked",
            f"The private key of {entry.alias} is encrypted and was not checked against its "
            "certificate: give its password to check it.",
            entry.alias,
        )
        return False
    if (password is None and entry.key_needs_password) or entry.open_key is None or not chain:
        return False
    try:
        key = entry.open_key(password)
    except WrongKeyPassword:
        out.add(
            ERR,
            "key.password_differs",
            f"The private key of {entry.alias} does not open with the key store password. "
            "The SAP Java SDK opens keys with the store password and will fail; set the key "
            f"password equal to it (keytool -keypasswd -alias {entry.alias}).",
            entry.alias,
        )
        return False
    except CorruptKeyStore as exc:
        return _unreadable(out, entry.alias, exc)
    from cryptography.hazmat.primitives import serialization

    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    try:
        cert_key = chain[0].public_key().public_bytes(*spki)
    except UnsupportedAlgorithm:
        return False
    if key.public_key().public_bytes(*spki) != cert_key:
        # Keys are read without RSA's consistency check: tell a damaged key from another one.
        from core.keystores.key_check import fully_validated

        try:
            fully_validated(key)
        except CorruptKeyStore as exc:
            return _unreadable(out, entry.alias, exc)
        out.add(
            ERR,
            "key.mismatch",
            f"The private key of {entry.alias} does not belong to its certificate "
            f"({chain[0].subject.rfc4514_string()}).",
            entry.alias,
            chain[0],
        )
    return True


def _check_client_auth(
    entry: StoreEntry, chain: list[x509.Certificate], fact: Any, out: _Collector
) -> None:
    if not chain:
        return
    eku = fact(chain[0]).extended_key_usage
    if eku is not None and "clientAuth" not in eku and "anyExtendedKeyUsage" not in eku:
        out.add(
            WARN,
            "cert.no_client_auth",
            f"The certificate of {entry.alias} may not be used for client authentication "
            f"(extended key usage: {', '.join(eku) or 'none'}); servers that check it will "
            "refuse the connection.",
            entry.alias,
            chain[0],
        )


def _check_certificate(
    cert: x509.Certificate,
    f: CertFacts,
    alias: str,
    now: datetime,
    days: int,
    strict: bool,
    out: _Collector,
) -> None:
    # An expired trust anchor in a trust store matters less than an expired client certificate.
    expiry = ERR if strict else WARN
    left = (f.not_after - now).days
    if f.not_after < now:
        out.add(
            expiry,
            "cert.expired",
            f"{f.short_name} expired on {f.not_after:%Y-%m-%d}.",
            alias,
            cert,
        )
    elif f.not_before > now:
        out.add(
            expiry,
            "cert.not_yet_valid",
            f"{f.short_name} is not valid before {f.not_before:%Y-%m-%d}.",
            alias,
            cert,
        )
    elif left <= days:
        out.add(
            WARN,
            "cert.expiring",
            f"{f.short_name} expires in {left} day{'s' if left != 1 else ''} "
            f"({f.not_after:%Y-%m-%d}).",
            alias,
            cert,
        )
    if f.key_algorithm == "RSA" and f.key_size is not None and f.key_size < 2048:
        out.add(
            ERR,
            "key.weak_rsa",
            f"{f.short_name} has an RSA key of {f.key_size} bits; at least 2048 are needed.",
            alias,
            cert,
        )
    if f.key_algorithm == "EC" and f.key_size is not None and f.key_size < 256:
        out.add(
            ERR,
            "key.weak_ec",
            f"{f.short_name} has an EC key of {f.key_size} bits ({f.key_curve}); at least 256 "
            "are needed.",
            alias,
            cert,
        )
    # A self-signed root is trusted as it is: its own signature's hash does not matter.
    if not f.self_issued and f.signature_hash in ("md5", "sha1"):
        out.add(
            ERR,
            "cert.weak_signature",
            f"{f.short_name} is signed with {f.signature_hash.upper()}, which TLS clients "
            "no longer accept.",
            alias,
            cert,
        )


def inspect_file(
    path: Path, password: str | None, days: int = EXPIRING_DAYS, now: datetime | None = None
) -> Report:
    """Read, open and inspect a key store file; raises KeyStoreError or OSError."""
    from core.keystores.opener import open_keystore, read_keystore_file

    store = open_keystore(read_keystore_file(path), password)
    return inspect(store, password, now or datetime.now(UTC), days)


def certificate_fields(node: Node) -> list[tuple[str, str]]:
    """Every field an administrator looks for, as (label, text): for `inspect -v` and the GUI."""
    f = node.facts
    ca = "-" if f.is_ca is None else ("yes" if f.is_ca else "no")
    if f.path_length is not None:
        ca += f", path length {f.path_length}"
    eku = "- (any use)" if f.extended_key_usage is None else ", ".join(f.extended_key_usage)
    return [
        ("Subject", f.subject),
        ("Issuer", f.issuer),
        ("Serial", f.serial),
        ("Not before", f"{f.not_before:%Y-%m-%d %H:%M:%S} UTC"),
        ("Not after", f"{f.not_after:%Y-%m-%d %H:%M:%S} UTC"),
        ("Days left", str(node.days_left)),
        ("Signature", f.signature_algorithm),
        ("Key", f.key_description),
        ("SHA-1", f.sha1),
        ("SHA-256", f.sha256),
        ("SAN", ", ".join(f.san) or "-"),
        ("Key usage", ", ".join(f.key_usage) or "-"),
        ("Extended key usage", eku),
        ("CA", ca),
        ("Subject key ID", f.subject_key_id or "-"),
        ("Authority key ID", f.authority_key_id or "-"),
        ("Problems", ", ".join(node.problems) or "none"),
    ]
