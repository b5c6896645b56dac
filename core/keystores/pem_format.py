"""PEM files (certificates, keys, PKCS#7), single DER certificates and DER PKCS#7 bundles.

A PEM file with a private key becomes one private-key entry whose chain is the file's
certificates in the order given (order problems are a finding, not a failure); without a key,
each certificate is a trusted-certificate entry, as keytool would import them.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Callable, Iterator

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.utils import CryptographyDeprecationWarning

from core.certinfo import load_der_certificate, readable, short_name
from core.keystores.errors import (
    CorruptKeyStore,
    TooLarge,
    UnsupportedFormat,
    WrongKeyPassword,
)
from core.keystores.iterations import check_iterations
from core.keystores.limits import MAX_PEM_BLOCKS, check_certificate_count
from core.keystores.model import EntryKind, Format, Integrity, KeyStore, StoreEntry

# A backtracking `BEGIN (label) ... END \1` regex is quadratic on BEGIN lines without END (each
# one searches the rest of the file). Instead every END line is found once, indexed by label,
# and each BEGIN takes the first END of its label after it: n log n.
_BEGIN = re.compile(rb"-----BEGIN ([A-Z0-9 ]{1,64})-----\r?\n")
_END = re.compile(rb"-----END ([A-Z0-9 ]{1,64})-----")
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
    for label, block in _blocks(data):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                # openssl crl2pkcs7 writes BER, which cryptography reads with a UserWarning.
                warnings.simplefilter("ignore", UserWarning)
                if label in _CERT_TYPES:
                    certs.append(x509.load_pem_x509_certificate(block))
                elif label in _PKCS7_TYPES:
                    certs.extend(pkcs7.load_pem_pkcs7_certificates(block))
                    check_certificate_count(len(certs))
                    fmt = Format.PKCS7
                elif label in _KEY_TYPES:
                    keys.append(block)
        except (ValueError, UnsupportedAlgorithm, x509.InvalidVersion):
            raise CorruptKeyStore(
                f"the PEM block '{label.decode()}' cannot be read: it is damaged or truncated"
            ) from None
    if not certs and not keys:
        if b"-----BEGIN" in data:
            raise CorruptKeyStore(
                "the PEM file has a BEGIN line without a matching END: it is truncated"
            )
        raise UnsupportedFormat("is text, but holds no PEM certificate or key")
    check_certificate_count(len(certs))
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


def _blocks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(label, block bytes) of every complete PEM block, in order, in n log n time."""
    ends: dict[bytes, list[int]] = {}
    for match in _END.finditer(data):
        ends.setdefault(match.group(1), []).append(match.start())
    pos = found = 0
    while (begin := _BEGIN.search(data, pos)) is not None:
        label = begin.group(1)
        where = ends.get(label, [])
        i = bisect.bisect_left(where, begin.end())
        if i == len(where):
            pos = begin.end()  # no END for it: skip the BEGIN line, as the regex did
            continue
        found += 1
        if found > MAX_PEM_BLOCKS:
            raise TooLarge(
                f"holds more than {MAX_PEM_BLOCKS:,} PEM blocks; no key store has so many"
            )
        end = where[i] + len(b"-----END -----") + len(label)
        yield label, data[begin.start() : end]
        pos = end


def load_der(data: bytes, password: str | None) -> KeyStore:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)  # BER PKCS#7, as above
        try:
            return _store(Format.DER, [load_der_certificate(data)], [])
        except ValueError:
            pass
        try:
            found = pkcs7.load_der_pkcs7_certificates(data)
            check_certificate_count(len(found))
            return _store(Format.PKCS7, [readable(c) for c in found], [])
        except (ValueError, UnsupportedAlgorithm, x509.InvalidVersion):
            pass
    raise CorruptKeyStore("the DER data is neither an intact certificate nor a PKCS#7 bundle")


def _store(fmt: Format, certs: list[x509.Certificate], keys: list[bytes]) -> KeyStore:
    # PEM, DER and PKCS#7 carry no integrity check: nothing a password could verify (it only
    # decrypts a key), and nothing to warn about, as a certificate file without one is normal.
    if keys:
        entries = [
            StoreEntry(
                "key" if len(keys) == 1 else f"key-{i + 1}",
                EntryKind.PRIVATE_KEY,
                tuple(certs),
                open_key=_pem_key_opener(block),
                key_encrypted=_is_encrypted(block),
            )
            for i, block in enumerate(keys)
        ]
        return KeyStore(fmt, tuple(entries), integrity=Integrity.ABSENT)
    entries = [
        StoreEntry(short_name(c.subject) or str(i + 1), EntryKind.TRUSTED_CERTIFICATE, (c,))
        for i, c in enumerate(certs)
    ]
    return KeyStore(fmt, tuple(entries), integrity=Integrity.ABSENT)


def _is_encrypted(block: bytes) -> bool:
    """PKCS#8 says so in its label, OpenSSL's traditional form in a Proc-Type header."""
    return b"ENCRYPTED" in block.split(b"\n", 3)[0] or b"Proc-Type: 4,ENCRYPTED" in block


def _pem_key_opener(block: bytes) -> Callable[[str | None], PrivateKeyTypes]:
    def open_key(password: str | None) -> PrivateKeyTypes:
        encrypted = _is_encrypted(block)
        secret = password.encode("utf-8") if encrypted and password else None
        if encrypted and not password:
            raise WrongKeyPassword("the private key is encrypted and no password was given")
        if encrypted:
            _check_pem_iterations(block)
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


def _check_pem_iterations(block: bytes) -> None:
    """An ENCRYPTED PRIVATE KEY carries its PBKDF2 or PBE count: refuse a hostile one first."""
    import base64
    import binascii

    body = b"".join(line for line in block.splitlines()[1:-1] if line and b":" not in line)
    try:
        der = base64.b64decode(body)
    except (binascii.Error, ValueError):
        return  # cryptography reports the damage
    check_iterations(der)
