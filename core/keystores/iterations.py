"""Refuse key derivation iteration counts above Java's cap before any of them is run.

PKCS#12 (MAC, PBKDF2, PBES1/PKCS#12 PBE such as 3DES) and JCEKS key protectors take their
iteration count from the file. A 4 KB file asking for 2^31 rounds stalls a reader for hours, and
one asking for 2^32 or more makes cryptography's Rust code panic. Java refuses counts above
5,000,000 (PKCS12KeyStore and KeyProtector, `MAX_ITERATION_COUNT`), so a file over it opens in no
Java program either. The walk below reads only DER headers: linear in the file's size.
"""

from __future__ import annotations

from core.keystores.errors import CorruptKeyStore, TooManyIterations

MAX_ITERATIONS = 5_000_000  # OpenJDK's PKCS12KeyStore and com.sun.crypto.provider.KeyProtector

# AlgorithmIdentifiers whose parameters are SEQUENCE { salt OCTET STRING, count INTEGER, ... }
_COUNTED = {
    "1.2.840.113549.1.5.12": "PBKDF2",
    "1.2.840.113549.1.12.1.1": "PKCS#12 RC4-128",
    "1.2.840.113549.1.12.1.2": "PKCS#12 RC4-40",
    "1.2.840.113549.1.12.1.3": "PKCS#12 3DES",
    "1.2.840.113549.1.12.1.4": "PKCS#12 2-key 3DES",
    "1.2.840.113549.1.12.1.5": "PKCS#12 RC2-128",
    "1.2.840.113549.1.12.1.6": "PKCS#12 RC2-40",
    "1.2.840.113549.1.5.1": "PBES1 MD2-DES",
    "1.2.840.113549.1.5.3": "PBES1 MD5-DES",
    "1.2.840.113549.1.5.4": "PBES1 MD2-RC2",
    "1.2.840.113549.1.5.6": "PBES1 MD5-RC2",
    "1.2.840.113549.1.5.10": "PBES1 SHA1-DES",
    "1.2.840.113549.1.5.11": "PBES1 SHA1-RC2",
    "1.3.6.1.4.1.42.2.19.1": "JCEKS key protector",
}
_CERTIFICATE_VALUES = {"1.2.840.113549.1.9.22.1", "1.2.840.113549.1.9.22.2"}  # no counts inside
_MAX_DEPTH = 32  # real files nest under 12 levels; deeper is hostile, not a key store
_MAX_NODES = 500_000  # a 10,000-certificate PKCS#12 has about 100,000 outside its certificates


class _Walk:
    def __init__(self) -> None:
        self.nodes = 0


def _header(data: bytes, pos: int, end: int) -> tuple[int, int, int] | None:
    """(tag, content start, content end) of the element at pos, or None if it is not DER."""
    if pos + 2 > end:
        return None
    tag, first = data[pos], data[pos + 1]
    if tag & 0x1F == 0x1F:  # multi-byte tags never occur in these structures
        return None
    pos += 2
    if first < 0x80:
        length = first
    elif first == 0x80:  # BER indefinite length: not followed; the parsers refuse it anyway
        return None
    else:
        n = first & 0x7F
        if n > 4 or pos + n > end:
            return None
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if pos + length > end:
        return None
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]] | None:
    out = []
    pos = start
    while pos < end:
        h = _header(data, pos, end)
        if h is None:
            return None
        out.append(h)
        pos = h[2]
    return out


def _oid(raw: bytes) -> str:
    if not raw:
        return ""
    parts = [min(raw[0] // 40, 2), raw[0] - 40 * min(raw[0] // 40, 2)]
    value = 0
    for b in raw[1:]:
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def _visit(data: bytes, start: int, end: int, depth: int, walk: _Walk, pfx: bool) -> None:
    if depth > _MAX_DEPTH:
        return
    kids = _children(data, start, end)
    if kids is None:
        return
    walk.nodes += len(kids)
    if walk.nodes > _MAX_NODES:
        raise CorruptKeyStore("the file's structure has far more parts than any key store")
    skip = -1
    if pfx and depth == 1 and len(kids) >= 3 and kids[2][0] == 0x30:  # version, authSafe, macData
        mac = _children(data, kids[2][1], kids[2][2])
        if mac and len(mac) >= 3 and mac[2][0] == 0x02:
            _check(data, mac[2], "MAC")
    for i, (tag, s, e) in enumerate(kids):
        if tag == 0x06 and i + 1 < len(kids):
            oid = _oid(data[s:e])
            if oid in _CERTIFICATE_VALUES:
                skip = i + 1
            name = _COUNTED.get(oid)
            if name and kids[i + 1][0] == 0x30:
                params = _children(data, kids[i + 1][1], kids[i + 1][2])
                if params and len(params) >= 2 and params[1][0] == 0x02:
                    _check(data, params[1], name)
        if i == skip:
            continue
        # Constructed (SEQUENCE, SET, [n] EXPLICIT), or DER wrapped in an OCTET STRING.
        if tag & 0x20 or (tag == 0x04 and e > s and data[s] == 0x30):
            _visit(data, s, e, depth + 1, walk, depth == 0 and pfx)


def _check(data: bytes, element: tuple[int, int, int], what: str) -> None:
    _, s, e = element
    if e - s > 8 or int.from_bytes(data[s:e], "big", signed=True) > MAX_ITERATIONS:
        count = int.from_bytes(data[s:e], "big", signed=True) if e - s <= 64 else None
        said = f"{count:,}" if count is not None else "an absurd number of"
        raise TooManyIterations(
            f"asks for {said} rounds of key derivation ({what}); Java refuses more than "
            f"{MAX_ITERATIONS:,}, so the file was altered or made to stall its readers (this is "
            "not about the password)"
        )


def check_iterations(der: bytes, pfx: bool = False) -> None:
    """Raise TooManyIterations if any key derivation in `der` (a PFX when `pfx`, an
    EncryptedPrivateKeyInfo, a decrypted SafeContents ...) asks for more than MAX_ITERATIONS."""
    _visit(der, 0, len(der), 0, _Walk(), pfx)
