"""`open_keystore(data, password)`: recognise the format by content and open it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.keystores.errors import CorruptKeyStore, TooLarge, UnsupportedFormat
from core.sniff import describe, looks_binary

if TYPE_CHECKING:
    from core.keystores.model import KeyStore

# Each format's module is imported when a file of that format arrives: PKCS#12 and PEM pull in
# parts of cryptography that opening a JKS does not need.
JKS_MAGIC = b"\xfe\xed\xfe\xed"
JCEKS_MAGIC = b"\xce\xce\xce\xce"

MAX_KEYSTORE_SIZE = 10 * 1024 * 1024


def open_keystore(data: bytes, password: str | None) -> KeyStore:
    """Open a key store of any supported format; raises a `KeyStoreError` saying why not."""
    if len(data) > MAX_KEYSTORE_SIZE:
        raise _too_large(len(data))
    if not data.strip():
        raise UnsupportedFormat("is empty")
    if data.startswith(JKS_MAGIC):
        from core.keystores.jks_format import load_jks

        return load_jks(data, password)
    if data.startswith(JCEKS_MAGIC):
        from core.keystores.jks_format import load_jceks

        return load_jceks(data, password)
    if b"-----BEGIN " in data[:65536]:
        from core.keystores.pem_format import load_pem

        return load_pem(data, password)
    if data[:1] == b"\x30":
        kind = _der_kind(data)
        if kind == "pkcs12":
            from core.keystores.pkcs12_format import load_p12

            return load_p12(data, password)
        if kind in ("certificate", "pkcs7"):
            from core.keystores.pem_format import load_der

            return load_der(data, password)
        if kind == "key":
            raise UnsupportedFormat(
                "is a DER private key without certificates; "
                "a key store needs the certificate chain too"
            )
        raise CorruptKeyStore(
            "the file starts like DER data but cannot be read: it is truncated or damaged"
        )
    what = describe(data)
    if what is None:
        what = "binary data of an unknown kind" if looks_binary(data) else _text_kind(data)
    raise UnsupportedFormat(f"is {what}, not a key store (JKS, JCEKS, PKCS#12, PEM, DER or PKCS#7)")


def read_keystore_file(path: Path) -> bytes:
    """Read a key store file, refusing huge files before reading them and devices or pipes by
    their type. Raises a KeyStoreError, or OSError when the file cannot be read at all."""
    from core.reading import FileTooLarge, NotAFile, read_regular

    try:
        return read_regular(path, MAX_KEYSTORE_SIZE)
    except NotAFile as exc:
        raise UnsupportedFormat(str(exc)) from None
    except FileTooLarge as exc:
        raise _too_large(exc.size) from None


def _too_large(size: int) -> TooLarge:
    from core.reading import over_limit

    shown, limit = over_limit(size, MAX_KEYSTORE_SIZE)
    return TooLarge(f"is {shown}; key stores are at most {limit}, so this is not one")


def _text_kind(data: bytes) -> str:
    head = data[:4096].decode("latin-1")
    if head.lstrip().startswith(("{", "[")):
        return "JSON text"
    if "=" in head and any(k in head for k in ("Name", "URL", "Type")):
        return "text that looks like a destination .properties file"
    return "a text file"


def _der_tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at pos."""
    tag = data[pos]
    first = data[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        n = first & 0x7F
        if n == 0 or n > 4:
            raise ValueError("indefinite or huge length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    return tag, pos, pos + length


def _der_kind(data: bytes) -> str:
    """Tell PKCS#12, certificate, PKCS#7 and private key apart from their first elements."""
    try:
        _, start, _ = _der_tlv(data, 0)
        tag, inner, end = _der_tlv(data, start)
        if tag == 0x02:  # INTEGER first: PFX (version 3) or PrivateKeyInfo (version 0)
            version = int.from_bytes(data[inner:end], "big")
            return "pkcs12" if version == 3 else "key"
        if tag == 0x06:  # OBJECT IDENTIFIER first: a ContentInfo
            return "pkcs7" if data[inner:end] == bytes.fromhex("2a864886f70d010702") else "unknown"
        if tag == 0x30:  # SEQUENCE first: tbsCertificate, or EncryptedPrivateKeyInfo's algorithm
            sub_tag, _, _ = _der_tlv(data, inner)
            return "certificate" if sub_tag in (0xA0, 0x02) else "key"
    except (IndexError, ValueError):
        return "unknown"
    return "unknown"
