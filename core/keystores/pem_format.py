"""PEM files (certificates, keys, PKCS#7), single DER certificates and DER PKCS#7 bundles.

A PEM file with a private key becomes one private-key entry whose chain is the file's
certificates in the order given (order problems are a finding, not a failure); without a key,
each certificate is a trusted-certificate entry, as keytool would import them.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.utils import CryptographyDeprecationWarning

from core.certinfo import readable, short_name
from core.keystores.errors import CorruptKeyStore, UnsupportedFormat, WrongKeyPassword
from core.keystores.model import EntryKind, Format, KeyStore, StoreEntry

_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----", re.DOTALL)
_KEY_TYPES = {
    b"PRIVATE KEY",
    b"ENCRYPTED PRIVATE KEY",
    b"RSA PRIVATE KEY",
    b"EC PRIVATE KEY",
    b"DSA PRIVATE KEY",
}
_CERT_TYPES = {b"CERTIFICATE", b"X509 CERTIFICATE", b"TRUSTED CERTIFICATE"}
_PKCS7_TYPES = {b"PKCS7", b"CERTIFICATE CHAIN"}


def load_pem(data: bytes, password: str | None) -> KeyStore:
    certs: list[x509.Certificate] = []
    keys: list[bytes] = []
    fmt = Format.PEM
    for match in _BLOCK.finditer(data):
        label, block = match.group(1), match.group(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                # openssl crl2pkcs7 writes BER, which cryptography reads with a UserWarning.
                warnings.simplefilter("ignore", UserWarning)
                if label in _CERT_TYPES:
                    certs.append(x509.load_pem_x509_certificate(block))
                elif label in _PKCS7_TYPES:
                    certs.extend(pkcs7.load_pem_pkcs7_certificates(block))
                    fmt = Format.PKCS7
                elif label in _KEY_TYPES:
                    keys.append(block)
        except ValueError:
            raise CorruptKeyStore(
                f"the PEM block '{label.decode()}' cannot be read: it is damaged or truncated"
            ) from None
    if not certs and not keys:
        if b"-----BEGIN" in data:
            raise CorruptKeyStore(
                "the PEM file has a BEGIN line without a matching END: it is truncated"
            )
        raise UnsupportedFormat("is text, but holds no PEM certificate or key")
    try:
        certs = [readable(c) for c in certs]
    except ValueError as exc:
        raise CorruptKeyStore(f"{exc}: the file is damaged") from None
    if not certs:
        raise UnsupportedFormat(
            "is a PEM private key without certificates; a key store needs the certificate "
            "chain too (append the certificates to the file)"
        )
    return _store(fmt, certs, keys)


def load_der(data: bytes, password: str | None) -> KeyStore:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)  # BER PKCS#7, as above
        try:
            return _store(Format.DER, [readable(x509.load_der_x509_certificate(data))], [])
        except ValueError:
            pass
        try:
            certs = [readable(c) for c in pkcs7.load_der_pkcs7_certificates(data)]
            return _store(Format.PKCS7, certs, [])
        except ValueError:
            pass
    raise CorruptKeyStore("the DER data is neither an intact certificate nor a PKCS#7 bundle")


def _store(fmt: Format, certs: list[x509.Certificate], keys: list[bytes]) -> KeyStore:
    if keys:
        entries = [
            StoreEntry(
                "key" if len(keys) == 1 else f"key-{i + 1}",
                EntryKind.PRIVATE_KEY,
                tuple(certs),
                open_key=_pem_key_opener(block),
            )
            for i, block in enumerate(keys)
        ]
        return KeyStore(fmt, tuple(entries))
    entries = [
        StoreEntry(short_name(c.subject) or str(i + 1), EntryKind.TRUSTED_CERTIFICATE, (c,))
        for i, c in enumerate(certs)
    ]
    return KeyStore(fmt, tuple(entries))


def _pem_key_opener(block: bytes) -> Callable[[str | None], PrivateKeyTypes]:
    def open_key(password: str | None) -> PrivateKeyTypes:
        encrypted = b"ENCRYPTED" in block.split(b"\n", 3)[0] or b"Proc-Type: 4,ENCRYPTED" in block
        secret = password.encode("utf-8") if encrypted and password else None
        if encrypted and not password:
            raise WrongKeyPassword("the private key is encrypted and no password was given")
        try:
            # Validated fully by core.keystores.key_check where the key is used (see jks_format).
            return serialization.load_pem_private_key(
                block, password=secret, unsafe_skip_rsa_key_validation=True
            )
        except ValueError as exc:
            if encrypted and ("password" in str(exc).lower() or "decrypt" in str(exc).lower()):
                raise WrongKeyPassword(
                    "the private key's password differs from the one given"
                ) from None
            raise CorruptKeyStore("its PEM data is damaged") from None
        except UnsupportedAlgorithm:
            raise CorruptKeyStore("its key type is unknown or its PEM data is damaged") from None
        except TypeError:
            raise WrongKeyPassword(
                "the private key's password differs from the one given"
            ) from None

    return open_key
