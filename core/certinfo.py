"""The facts an administrator looks for in a certificate, read once into plain values."""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
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
    return ":".join(f"{b:02X}" for b in data)


@dataclass(frozen=True)
class CertFacts:
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


def readable(cert: x509.Certificate) -> x509.Certificate:
    """Parse every part `facts` reads, now: cryptography parses lazily, and a damaged field
    would otherwise fail later, far from the file it came from. Raises ValueError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        try:
            cert.subject.rfc4514_string()
            cert.issuer.rfc4514_string()
            _ = cert.serial_number, cert.not_valid_before_utc, cert.not_valid_after_utc
            _ = cert.extensions, cert.signature_algorithm_oid
            for fn in (cert.public_key, lambda: cert.signature_hash_algorithm):
                # An algorithm this library does not know is shown as unknown, not refused.
                with contextlib.suppress(UnsupportedAlgorithm):
                    fn()
        except (ValueError, TypeError) as exc:
            raise ValueError(f"a certificate is damaged ({exc})") from None
    return cert


def facts(cert: x509.Certificate) -> CertFacts:
    with warnings.catch_warnings():
        # Non-positive serials (a few old CA roots) are shown as they are.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
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
    if key is None:
        algorithm = "unknown"
    elif isinstance(key, rsa.RSAPublicKey):
        algorithm, size = "RSA", key.key_size
    elif isinstance(key, ec.EllipticCurvePublicKey):
        algorithm, size, curve = "EC", key.curve.key_size, key.curve.name
    elif isinstance(key, dsa.DSAPublicKey):
        algorithm, size = "DSA", key.key_size
    elif isinstance(key, ed25519.Ed25519PublicKey):
        algorithm, size = "Ed25519", 256
    elif isinstance(key, ed448.Ed448PublicKey):
        algorithm, size = "Ed448", 456
    else:
        algorithm = type(key).__name__
    ext = cert.extensions
    return CertFacts(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        short_name=short_name(cert.subject),
        serial=f"{serial:x}" if serial >= 0 else f"-{-serial:x}",
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        signature_algorithm=cert.signature_algorithm_oid._name,
        signature_hash=hash_alg.name if hash_alg else None,
        key_algorithm=algorithm,
        key_size=size,
        key_curve=curve,
        sha1=colon_hex(cert.fingerprint(hashes.SHA1())),
        sha256=colon_hex(cert.fingerprint(hashes.SHA256())),
        san=_san(ext),
        key_usage=_key_usage(ext),
        extended_key_usage=_eku(ext),
        is_ca=_basic(ext)[0],
        path_length=_basic(ext)[1],
        subject_key_id=_ski(ext),
        authority_key_id=_aki(ext),
        self_issued=cert.issuer == cert.subject,
    )


def _get(ext: x509.Extensions, kind: type[x509.ExtensionType]) -> x509.ExtensionType | None:
    try:
        return ext.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _san(ext: x509.Extensions) -> tuple[str, ...]:
    value = _get(ext, x509.SubjectAlternativeName)
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


def _key_usage(ext: x509.Extensions) -> tuple[str, ...]:
    value = _get(ext, x509.KeyUsage)
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


def _eku(ext: x509.Extensions) -> tuple[str, ...] | None:
    value = _get(ext, x509.ExtendedKeyUsage)
    if not isinstance(value, x509.ExtendedKeyUsage):
        return None
    return tuple(_EKU_NAMES.get(oid, oid.dotted_string) for oid in value)


def _basic(ext: x509.Extensions) -> tuple[bool | None, int | None]:
    value = _get(ext, x509.BasicConstraints)
    if not isinstance(value, x509.BasicConstraints):
        return None, None
    return value.ca, value.path_length


def _ski(ext: x509.Extensions) -> str | None:
    value = _get(ext, x509.SubjectKeyIdentifier)
    return colon_hex(value.digest) if isinstance(value, x509.SubjectKeyIdentifier) else None


def _aki(ext: x509.Extensions) -> str | None:
    value = _get(ext, x509.AuthorityKeyIdentifier)
    if isinstance(value, x509.AuthorityKeyIdentifier) and value.key_identifier:
        return colon_hex(value.key_identifier)
    return None
