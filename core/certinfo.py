"""The facts an administrator looks for in a certificate, read once into plain values."""

from __future__ import annotations

import hashlib
import warnings
from datetime import datetime
from typing import Any, NamedTuple

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

# The Encoding enum from where it is defined: the public serialization module also loads SSH key
# support, 16 ms at every start of `inspect`.
from cryptography.hazmat.primitives._serialization import Encoding
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_EKU_NAMES = {
    ExtendedKeyUsageOID.SERVER_AUTH: "serverAuth",
    ExtendedKeyUsageOID.CLIENT_AUTH: "clientAuth",
    ExtendedKeyUsageOID.CODE_SIGNING: "codeSigning",
    ExtendedKeyUsageOID.EMAIL_PROTECTION: "emailProtection",
    ExtendedKeyUsageOID.TIME_STAMPING: "timeStamping",
    ExtendedKeyUsageOID.OCSP_SIGNING: "OCSPSigning",
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE: "anyExtendedKeyUsage",
}
_KU_FIELDS = (
    ("digital_signature", "digitalSignature"),
    ("content_commitment", "nonRepudiation"),
    ("key_encipherment", "keyEncipherment"),
    ("data_encipherment", "dataEncipherment"),
    ("key_agreement", "keyAgreement"),
    ("key_cert_sign", "keyCertSign"),
    ("crl_sign", "cRLSign"),
)


def short_name(name: x509.Name) -> str:
    """The common name, or the whole name when there is none."""
    cns = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else name.rfc4514_string()


def colon_hex(data: bytes) -> str:
    return data.hex(":").upper()


class CertFacts(NamedTuple):
    subject: str
    issuer: str
    short_name: str
    serial: str
    not_before: datetime
    not_after: datetime
    signature_algorithm: str
    signature_hash: str | None
    key_algorithm: str
    key_size: int | None
    key_curve: str | None
    sha1: str
    sha256: str
    san: tuple[str, ...]
    key_usage: tuple[str, ...]
    extended_key_usage: tuple[str, ...] | None  # None: no extension (any use allowed)
    is_ca: bool | None  # None: no basicConstraints extension
    path_length: int | None
    subject_key_id: str | None
    authority_key_id: str | None
    self_issued: bool

    @property
    def key_description(self) -> str:
        if self.key_curve:
            return f"{self.key_algorithm} {self.key_curve}"
        return f"{self.key_algorithm} {self.key_size}" if self.key_size else self.key_algorithm


# A few old CA roots (9 in Debian's Java cacerts) have non-positive serial numbers; they are shown
# as they are. Filtered once here: a catch_warnings() per certificate costs more than parsing it.
warnings.filterwarnings(
    "ignore", message="Parsed a .*serial number", category=CryptographyDeprecationWarning
)


def readable(cert: x509.Certificate, der: bytes | None = None) -> x509.Certificate:
    """Parse every part of the certificate now, raising ValueError if one is damaged.

    cryptography parses lazily: a damaged field would otherwise fail later, far from the file
    it came from. The facts are cached, so inspecting the store afterwards costs nothing more.
    """
    try:
        facts(cert, der)
    except (ValueError, TypeError, x509.DuplicateExtension, UnsupportedAlgorithm) as exc:
        raise ValueError(f"a certificate is damaged ({exc})") from None
    return cert


def load_der_certificate(der: bytes) -> x509.Certificate:
    """A DER certificate, fully parsed; ValueError for any damage (cryptography raises
    InvalidVersion and UnsupportedAlgorithm, which are not ValueErrors, for some)."""
    try:
        cert = x509.load_der_x509_certificate(der)
    except (x509.InvalidVersion, UnsupportedAlgorithm) as exc:
        raise ValueError(f"a certificate is damaged ({exc})") from None
    return readable(cert, der)


# Kept by the certificate object's id, with the object itself: a Certificate's own hash digests
# its whole parsed structure (1-3 us each time), and inspecting a store asks for the facts of each
# certificate several times. Holding the object keeps its id from being reused.
_FACTS: dict[int, tuple[x509.Certificate, CertFacts]] = {}
_FACTS_KEPT = 8192
# Each distinct name's text, by its DER as it stands in a certificate: a self-signed certificate's
# issuer is its subject, and a CA's subject is the issuer of what it signed. The same bytes parse
# to the same Name, so the text (and that the name parses at all) is known once they did.
_NAMES: dict[bytes, tuple[str, str]] = {}


def facts(cert: x509.Certificate, der: bytes | None = None) -> CertFacts:
    """The certificate's facts, read once per certificate. `der`, when the caller has the
    certificate's bytes at hand, saves encoding it again for the fingerprints."""
    found = _FACTS.get(id(cert))
    if found is not None and found[0] is cert:
        return found[1]
    if len(_FACTS) >= _FACTS_KEPT:  # a bound, not an LRU: stores rarely hold this many
        _FACTS.clear()
        _NAMES.clear()
    read = _read_facts(cert, der)
    _FACTS[id(cert)] = (cert, read)
    return read


# Key classes are ABCs, and isinstance against them is slow; the concrete class answers once.
_KEY_KINDS: dict[type, str] = {}


def _key_kind(key: object) -> str:
    kind = _KEY_KINDS.get(type(key))
    if kind is None:
        kind = next(
            (
                name
                for abc, name in (
                    (rsa.RSAPublicKey, "RSA"),
                    (ec.EllipticCurvePublicKey, "EC"),
                    (dsa.DSAPublicKey, "DSA"),
                    (ed25519.Ed25519PublicKey, "Ed25519"),
                    (ed448.Ed448PublicKey, "Ed448"),
                )
                if isinstance(key, abc)
            ),
            type(key).__name__,
        )
        _KEY_KINDS[type(key)] = kind
    return kind


def _read_facts(cert: x509.Certificate, der: bytes | None) -> CertFacts:
    serial = cert.serial_number
    try:
        key: object = cert.public_key()
    except UnsupportedAlgorithm:
        key = None
    try:
        hash_alg = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:
        hash_alg = None
    size: int | None = None
    curve: str | None = None
    algorithm = "unknown" if key is None else _key_kind(key)
    if algorithm in ("RSA", "DSA"):
        size = key.key_size  # type: ignore[attr-defined]
    elif algorithm == "EC":
        curve_obj = key.curve  # type: ignore[attr-defined]
        size, curve = curve_obj.key_size, curve_obj.name
    elif algorithm == "Ed25519":
        size = 256
    elif algorithm == "Ed448":
        size = 456
    # One pass over the extensions, by type: looking each up by class scans the list each time.
    ext: dict[type, Any] = {type(e.value): e.value for e in cert.extensions}
    # hashlib on the DER is twice as fast as cert.fingerprint(), which matters for big stores.
    if der is None:
        der = cert.public_bytes(Encoding.DER)
    issuer_der, subject_der = _name_bytes(der)
    subject, short = _name_text(subject_der, cert, "subject")
    issuer = _name_text(issuer_der, cert, "issuer")[0]
    # The dictionary is keyed by each value's exact class, so a value found is of that class:
    # no isinstance, which on cryptography's ABC-based classes costs more than the rest.
    basic: x509.BasicConstraints | None = ext.get(x509.BasicConstraints)
    ski: x509.SubjectKeyIdentifier | None = ext.get(x509.SubjectKeyIdentifier)
    aki: x509.AuthorityKeyIdentifier | None = ext.get(x509.AuthorityKeyIdentifier)
    san: x509.SubjectAlternativeName | None = ext.get(x509.SubjectAlternativeName)
    usage: x509.KeyUsage | None = ext.get(x509.KeyUsage)
    eku: x509.ExtendedKeyUsage | None = ext.get(x509.ExtendedKeyUsage)
    return CertFacts(
        subject=subject,
        issuer=issuer,
        short_name=short,
        serial=f"{serial:x}" if serial >= 0 else f"-{-serial:x}",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        signature_algorithm=cert.signature_algorithm_oid._name,
        signature_hash=hash_alg.name if hash_alg else None,
        key_algorithm=algorithm,
        key_size=size,
        key_curve=curve,
        sha1=colon_hex(hashlib.sha1(der).digest()),
        sha256=colon_hex(hashlib.sha256(der).digest()),
        san=() if san is None else _san(san),
        key_usage=() if usage is None else _key_usage(usage),
        extended_key_usage=None if eku is None else _eku(eku),
        is_ca=None if basic is None else basic.ca,
        path_length=None if basic is None else basic.path_length,
        subject_key_id=None if ski is None else colon_hex(ski.digest),
        authority_key_id=(
            colon_hex(aki.key_identifier) if aki is not None and aki.key_identifier else None
        ),
        self_issued=issuer == subject,
    )


def _name_text(der: bytes | None, cert: x509.Certificate, which: str) -> tuple[str, str]:
    """(RFC 4514 text, short name) of the certificate's subject or issuer, whose DER is `der`
    (None: not found, so not shared)."""
    found = _NAMES.get(der) if der is not None else None
    if found is None:
        name: x509.Name = getattr(cert, which)
        found = (name.rfc4514_string(), short_name(name))
        if der is not None:
            _NAMES[der] = found
    return found


def _name_bytes(der: bytes) -> tuple[bytes | None, bytes | None]:
    """The issuer's and the subject's DER as they stand in the certificate `der`, which
    cryptography has parsed (so it is well-formed DER); (None, None) if it looks otherwise."""
    try:
        pos = 0
        for _ in range(2):  # into Certificate, then into tbsCertificate
            first = der[pos + 1]
            pos += 2 + (first & 0x7F if first & 0x80 else 0)
        # [0] version (when present), serialNumber, signature, issuer, validity, subject
        count = 6 if der[pos] == 0xA0 else 5
        bounds = []
        for _ in range(count):
            first = der[pos + 1]
            if first < 0x80:
                end = pos + 2 + first
            else:
                head = pos + 2 + (first & 0x7F)
                end = head + int.from_bytes(der[pos + 2 : head], "big")
            bounds.append((pos, end))
            pos = end
    except IndexError:
        return None, None
    (issuer_start, issuer_end), (subject_start, subject_end) = bounds[-3], bounds[-1]
    if der[issuer_start] != 0x30 or der[subject_start] != 0x30 or subject_end > len(der):
        return None, None
    return der[issuer_start:issuer_end], der[subject_start:subject_end]


def _san(value: x509.SubjectAlternativeName) -> tuple[str, ...]:
    prefixes: tuple[tuple[type[x509.GeneralName], str], ...] = (
        (x509.DNSName, "DNS"),
        (x509.IPAddress, "IP"),
        (x509.RFC822Name, "email"),
        (x509.UniformResourceIdentifier, "URI"),
    )
    out = []
    for name in value:
        prefix = next((p for kind, p in prefixes if isinstance(name, kind)), "other")
        out.append(f"{prefix}:{name.value}")
    return tuple(out)


def _key_usage(value: x509.KeyUsage) -> tuple[str, ...]:
    used = [label for attr, label in _KU_FIELDS if getattr(value, attr)]
    if value.key_agreement:
        used += [
            label
            for flag, label in (
                (value.encipher_only, "encipherOnly"),
                (value.decipher_only, "decipherOnly"),
            )
            if flag
        ]
    return tuple(used)


def _eku(value: x509.ExtendedKeyUsage) -> tuple[str, ...]:
    return tuple(_EKU_NAMES.get(oid, oid.dotted_string) for oid in value)
