"""The facts an administrator looks for in a certificate, read once into plain values."""

from __future__ import annotations

import hashlib
import warnings
from datetime import datetime
from typing import NamedTuple

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


_FACTS: dict[x509.Certificate, CertFacts] = {}
_FACTS_KEPT = 8192


def facts(cert: x509.Certificate, der: bytes | None = None) -> CertFacts:
    """The certificate's facts, read once per certificate. `der`, when the caller has the
    certificate's bytes at hand, saves encoding it again for the fingerprints."""
    found = _FACTS.get(cert)
    if found is None:
        if len(_FACTS) >= _FACTS_KEPT:  # a bound, not an LRU: stores rarely hold this many
            _FACTS.clear()
        found = _FACTS[cert] = _read_facts(cert, der)
    return found


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
    ext = {type(e.value): e.value for e in cert.extensions}
    # cryptography builds a new Name object at each .subject: take it once.
    subject_name = cert.subject
    subject, issuer = subject_name.rfc4514_string(), cert.issuer.rfc4514_string()
    # hashlib on the DER is twice as fast as cert.fingerprint(), which matters for big stores.
    if der is None:
        der = cert.public_bytes(Encoding.DER)
    basic = ext.get(x509.BasicConstraints)
    ski = ext.get(x509.SubjectKeyIdentifier)
    aki = ext.get(x509.AuthorityKeyIdentifier)
    return CertFacts(
        subject=subject,
        issuer=issuer,
        short_name=short_name(subject_name),
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
        san=_san(ext.get(x509.SubjectAlternativeName)),
        key_usage=_key_usage(ext.get(x509.KeyUsage)),
        extended_key_usage=_eku(ext.get(x509.ExtendedKeyUsage)),
        is_ca=basic.ca if isinstance(basic, x509.BasicConstraints) else None,
        path_length=basic.path_length if isinstance(basic, x509.BasicConstraints) else None,
        subject_key_id=colon_hex(ski.digest)
        if isinstance(ski, x509.SubjectKeyIdentifier)
        else None,
        authority_key_id=(
            colon_hex(aki.key_identifier)
            if isinstance(aki, x509.AuthorityKeyIdentifier) and aki.key_identifier
            else None
        ),
        self_issued=issuer == subject,
    )


def _san(value: object) -> tuple[str, ...]:
    if not isinstance(value, x509.SubjectAlternativeName):
        return ()
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


def _key_usage(value: object) -> tuple[str, ...]:
    if not isinstance(value, x509.KeyUsage):
        return ()
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


def _eku(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, x509.ExtendedKeyUsage):
        return None
    return tuple(_EKU_NAMES.get(oid, oid.dotted_string) for oid in value)
