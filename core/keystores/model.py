"""What an opened key store holds: entries with their certificate chains, keys opened on demand."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from core.findings import Finding


class EntryKind(StrEnum):
    PRIVATE_KEY = "private_key"
    TRUSTED_CERTIFICATE = "trusted_certificate"
    SECRET_KEY = "secret_key"


class Format(StrEnum):
    JKS = "JKS"
    JCEKS = "JCEKS"
    PKCS12 = "PKCS12"
    PEM = "PEM"
    DER = "DER"
    PKCS7 = "PKCS7"


class Integrity(StrEnum):
    """What stands behind the entries listed."""

    VERIFIED = "verified"  # opened with a password that the file's integrity check verified
    # The file has no integrity check: a PKCS#12 written without a MAC, and every PEM, DER and
    # PKCS#7 file (decrypting a PEM key checks that key's password, not the file).
    ABSENT = "absent"
    NOT_CHECKED = "not_checked"  # opened without a password: its integrity check was not run


# Formats that have no integrity check at all, as people name them (JKS and JCEKS carry a keyed
# digest, PKCS#12 a MAC unless written without one).
WITHOUT_INTEGRITY_CHECK = {Format.PEM: "PEM", Format.DER: "DER", Format.PKCS7: "PKCS#7"}


class StoreEntry(NamedTuple):
    alias: str
    kind: EntryKind
    chain: tuple[x509.Certificate, ...] = ()
    # Opens the private key with its password (for SAP, the store password). Raises
    # WrongKeyPassword.
    # Kept as a callable so that listing a store never pays for key decryption.
    open_key: Callable[[str | None], PrivateKeyTypes] | None = None
    secret_algorithm: str | None = None  # for secret keys: AES, HmacSHA256 ...
    secret_size: int | None = None
    # False for a PKCS#12 certificate without Java's trust attribute: listed here so that it can
    # be inspected and exported, but keytool and the SAP Java SDK do not see it.
    java_visible: bool = True
    # True for a PEM key encrypted with a password of its own: without that password the key
    # cannot be checked against its certificate, and nothing else in the file says so.
    key_encrypted: bool = False


class KeyStore(NamedTuple):
    format: Format
    entries: tuple[StoreEntry, ...]
    integrity: Integrity  # each reader says it: a default would claim a check nobody ran
    # Certificates in the file that belong to no entry Java would show (PKCS#12 without the trust
    # attribute): they still help to complete chains.
    loose_certificates: tuple[x509.Certificate, ...] = ()
    notes: tuple[Finding, ...] = ()  # what opening noticed (legacy crypto ...)

    @property
    def integrity_verified(self) -> bool:
        return self.integrity is Integrity.VERIFIED

    def all_certificates(self) -> list[x509.Certificate]:
        """Every distinct certificate in the file, entries first."""
        chains = (c for entry in self.entries for c in entry.chain)
        return list(dict.fromkeys([*chains, *self.loose_certificates]))
