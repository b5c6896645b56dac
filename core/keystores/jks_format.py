"""JKS and JCEKS key stores.

JKS is read here directly: its layout is small and fixed, and doing so avoids importing pyjks
(over 200 ms, mostly its cipher dependencies), which alone would break the "faster than
`keytool -list`" target, and pyjks' failure on key stores written by JDK 21+. JCEKS, whose secret
key entries are Java-serialised objects, goes through pyjks; its key decryption is pyjks' too.
Layout and key protector: OpenJDK's JavaKeyStore and KeyProtector.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from collections.abc import Callable
from typing import Any, NoReturn

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from core.certinfo import load_der_certificate
from core.keystores.errors import (
    CorruptKeyStore,
    KeyStoreError,
    WrongKeyPassword,
    WrongStorePassword,
)
from core.keystores.iterations import check_iterations
from core.keystores.limits import check_certificate_count
from core.keystores.model import EntryKind, Format, Integrity, KeyStore, StoreEntry

_WHITENER = b"Mighty Aphrodite"  # Sun's salt for the store's integrity digest
_JKS_KEY_PROTECTOR = "1.3.6.1.4.1.42.2.17.1.1"


def _password_bytes(password: str) -> bytes:
    return password.encode("utf-16-be")


def load_certificate(der: bytes) -> x509.Certificate:
    return load_der_certificate(der)


_U32 = struct.Struct(">I").unpack_from
_U16 = struct.Struct(">H").unpack_from


class _Reader:
    """Numbers and strings read in place (unpack_from): a 2,000-entry store is some 16,000
    reads, and slicing each out first doubled their cost."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.end = data, 0, len(data)

    def _advance(self, n: int) -> int:
        """Where the next `n` bytes start; moves past them."""
        pos = self.pos
        if n < 0 or pos + n > self.end:
            raise CorruptKeyStore(
                "the file ends in the middle of an entry: it is truncated or damaged"
            )
        self.pos = pos + n
        return pos

    def take(self, n: int) -> bytes:
        pos = self._advance(n)
        return self.data[pos : pos + n]

    def skip(self, n: int) -> None:
        self._advance(n)

    def u32(self) -> int:
        value: int = _U32(self.data, self._advance(4))[0]
        return value

    def utf(self) -> str:
        n: int = _U16(self.data, self._advance(2))[0]
        return self.take(n).decode("utf-8", errors="replace")

    def skip_utf(self) -> None:
        self._advance(_U16(self.data, self._advance(2))[0])


def load_jks(data: bytes, password: str | None) -> KeyStore:
    """Read a JKS file; with a password, check its integrity digest first as Java does."""
    r = _Reader(data)
    r.skip(4)
    version = r.u32()
    if version not in (1, 2):
        raise CorruptKeyStore(f"the file says it is JKS version {version}, which does not exist")
    count = r.u32()  # from the file: each entry takes bytes, so `take` ends a lying count
    raw: list[tuple[int, str, bytes, list[bytes]]] = []
    u32, take, skip_utf = r.u32, r.take, r.skip_utf
    for _ in range(count):
        tag = u32()
        alias = r.utf()
        r.skip(8)  # creation date
        if tag == 1:
            key = take(u32())
            chain = []
            for _ in range(u32()):
                if version == 2:
                    skip_utf()  # the certificate type
                chain.append(take(u32()))
            raw.append((tag, alias, key, chain))
        elif tag == 2:
            if version == 2:
                skip_utf()
            raw.append((tag, alias, b"", [take(u32())]))
        else:
            raise CorruptKeyStore(
                f"entry {alias!r} has an unknown type ({tag}): the file is damaged"
            )
    check_certificate_count(sum(len(chain) for *_, chain in raw))
    body_end = r.pos
    digest = r.take(20)
    if r.pos != len(data):
        raise CorruptKeyStore("the file has data after its end: it is damaged")

    try:
        entries = [_entry(tag, alias, key, chain) for tag, alias, key, chain in raw]
    except ValueError:
        raise CorruptKeyStore(
            "a certificate in the file cannot be read: the file is damaged"
        ) from None

    if password is None:
        return KeyStore(Format.JKS, tuple(entries), integrity=Integrity.NOT_CHECKED)
    expected = hashlib.sha1(_password_bytes(password) + _WHITENER + data[:body_end]).digest()
    if not hmac.compare_digest(expected, digest):
        _explain_failed_digest(entries, password)
    return KeyStore(Format.JKS, tuple(entries), integrity=Integrity.VERIFIED)


def _explain_failed_digest(entries: list[StoreEntry], password: str) -> NoReturn:
    """Tell a wrong password from a damaged file: if the password opens a private key, the
    password is right and the file must have changed since it was written."""
    for entry in entries:
        if entry.open_key is None:
            continue
        try:
            entry.open_key(password)
        except (WrongKeyPassword, CorruptKeyStore):
            continue
        raise CorruptKeyStore(
            "the password is right (it opens the private key), but the file's integrity check "
            "fails: the file was damaged or changed after it was written"
        )
    raise WrongStorePassword(
        "the key store password is wrong (the file's structure is intact, its integrity check "
        "fails with this password)"
    )


def _entry(tag: int, alias: str, key: bytes, chain: list[bytes]) -> StoreEntry:
    certs = tuple(load_certificate(der) for der in chain)
    if tag == 2:
        return StoreEntry(alias, EntryKind.TRUSTED_CERTIFICATE, certs)
    return StoreEntry(alias, EntryKind.PRIVATE_KEY, certs, open_key=_jks_key_opener(key))


def _jks_key_opener(encrypted_info: bytes) -> Callable[[str | None], PrivateKeyTypes]:
    def open_key(password: str | None) -> PrivateKeyTypes:
        return _load_pkcs8(_jks_unprotect(encrypted_info, password or ""))

    return open_key


def _load_pkcs8(der: bytes) -> PrivateKeyTypes:
    from cryptography.hazmat.primitives import serialization  # only when a key is opened

    try:
        # Listing a store and matching a key to its certificate need no RSA consistency proof,
        # which costs milliseconds per key; core.keystores.key_check validates a key fully
        # before a handshake or before it is written into a new store.
        return serialization.load_der_private_key(
            der, password=None, unsafe_skip_rsa_key_validation=True
        )
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise CorruptKeyStore("a private key opens but its contents are damaged") from None


# EncryptedPrivateKeyInfo's AlgorithmIdentifier as keytool writes it: Sun's key protector's OID,
# no parameters (DER).
_KEYTOOL_ALGORITHM = bytes.fromhex("300c060a2b060104012a02110101")


def _der_length(data: bytes, pos: int) -> tuple[int, int] | None:
    """A DER length at `pos` in its one (shortest) encoding: (length, where its content starts);
    None for any other encoding."""
    if pos >= len(data):
        return None
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    size = first & 0x7F
    if not 1 <= size <= 4 or pos + 1 + size > len(data) or data[pos + 1] == 0:
        return None
    length = int.from_bytes(data[pos + 1 : pos + 1 + size], "big")
    return (length, pos + 1 + size) if length >= 0x80 else None


def _keytool_encrypted_data(info: bytes) -> bytes | None:
    """The encrypted key of an EncryptedPrivateKeyInfo in exactly the DER form keytool writes
    (Sun's key protector, no parameters, nothing after it), read without pyasn1 (35 ms to
    import); None for anything else, which pyasn1 then reads as before."""
    outer = _der_length(info, 1) if info[:1] == b"\x30" else None
    if outer is None or outer[0] + outer[1] != len(info):
        return None
    pos = outer[1]
    if info[pos : pos + len(_KEYTOOL_ALGORITHM)] != _KEYTOOL_ALGORITHM:
        return None
    pos += len(_KEYTOOL_ALGORITHM)
    inner = _der_length(info, pos + 1) if info[pos : pos + 1] == b"\x04" else None
    if inner is None or inner[0] + inner[1] != len(info):
        return None
    return info[inner[1] :]


def _encrypted_data(info: bytes) -> bytes:
    """The encrypted key of a JKS key entry's EncryptedPrivateKeyInfo."""
    blob = _keytool_encrypted_data(info)
    if blob is not None:
        return blob
    from pyasn1.codec.der import decoder
    from pyasn1.error import PyAsn1Error
    from pyasn1_modules import rfc5208

    try:
        decoded, _ = decoder.decode(info, asn1Spec=rfc5208.EncryptedPrivateKeyInfo())
    except PyAsn1Error:
        raise CorruptKeyStore("a private key in the file cannot be read: it is damaged") from None
    algorithm = str(decoded["encryptionAlgorithm"]["algorithm"])
    if algorithm != _JKS_KEY_PROTECTOR:
        raise CorruptKeyStore(f"a private key is protected with an unknown algorithm ({algorithm})")
    return bytes(decoded["encryptedData"])


def _jks_unprotect(encrypted_info: bytes, password: str) -> bytes:
    """Sun's KeyProtector: a SHA-1 key stream over salt and password, then a SHA-1 check."""
    blob = _encrypted_data(encrypted_info)
    salt, body, check = blob[:20], blob[20:-20], blob[-20:]
    pw = _password_bytes(password)
    stream = bytearray()
    digest = salt
    while len(stream) < len(body):
        digest = hashlib.sha1(pw + digest).digest()
        stream += digest
    plain = bytes(a ^ b for a, b in zip(body, stream, strict=False))
    if not hmac.compare_digest(hashlib.sha1(pw + plain).digest(), check):
        raise WrongKeyPassword("the private key's password differs from the one given")
    return plain


def load_jceks(data: bytes, password: str | None) -> KeyStore:
    import jks  # imported here: it is slow to import and only JCEKS needs it

    try:
        store = jks.KeyStore.loads(data, password, try_decrypt_keys=False)
        _check_protectors(store)
    except KeyStoreError:
        raise
    except jks.util.KeystoreSignatureException:
        # The integrity digest is computed as for JKS; reading without it tells the cases apart.
        try:
            unchecked = jks.KeyStore.loads(data, None, try_decrypt_keys=False)
        except Exception:
            raise CorruptKeyStore("the file's structure is damaged") from None
        _check_protectors(unchecked)
        _explain_failed_digest(_checked_entries(unchecked), password or "")
    except (EOFError, struct.error):
        raise CorruptKeyStore(
            "the file ends in the middle of an entry: it is truncated or damaged"
        ) from None
    except Exception as exc:
        raise CorruptKeyStore(f"the file's structure is damaged ({type(exc).__name__})") from None
    checked = Integrity.NOT_CHECKED if password is None else Integrity.VERIFIED
    return KeyStore(Format.JCEKS, tuple(_checked_entries(store)), integrity=checked)


def _check_protectors(store: Any) -> None:
    """Refuse key protectors asking for more rounds than Java's cap, before any is run, and
    more certificates than a key store holds, before any is parsed."""
    certs = 0
    for item in store.entries.values():
        kind = type(item).__name__  # a secret key entry raises on any unknown attribute
        if kind == "PrivateKeyEntry":
            if isinstance(item._encrypted, bytes):
                check_iterations(item._encrypted)
            certs += len(item.cert_chain)
        elif kind == "TrustedCertEntry":
            certs += 1
    check_certificate_count(certs)


def _checked_entries(store: Any) -> list[StoreEntry]:
    try:
        return _jceks_entries(store)
    except ValueError:
        raise CorruptKeyStore(
            "a certificate in the file cannot be read: the file is damaged"
        ) from None


def _jceks_entries(store: Any) -> list[StoreEntry]:
    entries: list[StoreEntry] = []
    for alias, item in store.entries.items():
        kind = type(item).__name__
        if kind == "PrivateKeyEntry":
            certs = tuple(load_certificate(der) for _, der in item.cert_chain)
            entries.append(
                StoreEntry(alias, EntryKind.PRIVATE_KEY, certs, open_key=_jceks_key_opener(item))
            )
        elif kind == "TrustedCertEntry":
            entries.append(
                StoreEntry(alias, EntryKind.TRUSTED_CERTIFICATE, (load_certificate(item.cert),))
            )
        elif kind == "SecretKeyEntry":
            entries.append(StoreEntry(alias, EntryKind.SECRET_KEY))
    return entries


def _jceks_key_opener(item: Any) -> Callable[[str | None], PrivateKeyTypes]:
    def open_key(password: str | None) -> PrivateKeyTypes:
        import jks

        try:
            item.decrypt(password or "")
        except jks.util.KeystoreException:
            raise WrongKeyPassword(
                "the private key's password differs from the one given"
            ) from None
        except Exception as exc:
            raise CorruptKeyStore(
                f"a private key cannot be decoded ({type(exc).__name__})"
            ) from None
        return _load_pkcs8(item.pkey_pkcs8 if item.pkey_pkcs8 else item.pkey)

    return open_key
