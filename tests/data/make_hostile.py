"""Make the hostile corpus: files built to stall, exhaust or crash a reader, one per attack.

    python tests/data/make_hostile.py OUT_DIR

Iteration-count files are real keytool/openssl fixtures from this folder (see make_keystores.sh)
with one INTEGER of their ASN.1 rewritten and every enclosing length re-encoded; nothing else
changes, so the file is exactly what a hostile colleague would hand over. The other files are
shapes that made a reader quadratic or unbounded (see issue 16). tests/cli/test_hostile.py runs
every file through the CLI; CASES there says what each must answer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
PASSWORD = "changeit"
HUGE = 2**31 - 1  # hours of PBKDF2 / PKCS#12 KDF rounds
PANIC = 2**32  # cryptography's Rust code panics on a count that does not fit 32 bits

# --- a minimal DER tree: enough to change one INTEGER and re-encode every length around it ----

Node = tuple[int, "list[Node] | bytes", bool]  # tag, children or content, wrapped in OCTET STRING


def _parse(data: bytes) -> list[Node] | None:
    out: list[Node] = []
    pos = 0
    while pos < len(data):
        if pos + 2 > len(data):
            return None
        tag, first = data[pos], data[pos + 1]
        pos += 2
        if first & 0x80:
            n = first & 0x7F
            if n == 0 or n > 4:
                return None
            length = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        else:
            length = first
        body = data[pos : pos + length]
        if len(body) != length:
            return None
        pos += length
        if tag & 0x20:
            kids = _parse(body)
            if kids is None:
                return None
            out.append((tag, kids, False))
        elif tag == 0x04 and body[:1] == b"\x30" and (inner := _parse(body)) is not None:
            out.append((tag, inner, True))
        else:
            out.append((tag, body, False))
    return out


def _encode(nodes: list[Node]) -> bytes:
    out = b""
    for tag, value, _ in nodes:
        body = value if isinstance(value, bytes) else _encode(value)
        n = len(body)
        head = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)])
        if n >= 0x80:
            head += n.to_bytes((n.bit_length() + 7) // 8, "big")
        out += bytes([tag]) + head + body
    return out


def _integer(value: int) -> bytes:
    return value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True)


def _der_oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return out


def _set_counts(nodes: list[Node], oid: str, count: int) -> int:
    """Set the count of every AlgorithmIdentifier `oid` (params: salt, count, ...)."""
    wanted = _der_oid(oid)
    changed = 0
    for i, (tag, value, _) in enumerate(nodes):
        if isinstance(value, list):
            changed += _set_counts(value, oid, count)
            continue
        if tag == 0x06 and value == wanted and i + 1 < len(nodes):
            params = nodes[i + 1][1]
            if isinstance(params, list) and len(params) >= 2 and params[1][0] == 0x02:
                params[1] = (0x02, _integer(count), False)
                changed += 1
    return changed


def _rewrite(data: bytes, change: Callable[[list[Node]], int]) -> bytes:
    tree = _parse(data)
    assert tree is not None, "not DER"
    assert change(tree) > 0, "nothing to change"
    return _encode(tree)


def _mac_count(count: int) -> Callable[[list[Node]], int]:
    def change(tree: list[Node]) -> int:
        pfx = tree[0][1]
        assert isinstance(pfx, list)
        mac = pfx[2][1]
        assert isinstance(mac, list)
        mac[2] = (0x02, _integer(count), False)
        return 1

    return change


def _kdf_count(oid: str, count: int) -> Callable[[list[Node]], int]:
    return lambda tree: _set_counts(tree, oid, count)


PBKDF2 = "1.2.840.113549.1.5.12"
PKCS12_3DES = "1.2.840.113549.1.12.1.3"
JCEKS_PROTECTOR = "1.3.6.1.4.1.42.2.19.1"


def _jceks_with_count(count: int) -> bytes:
    """chain.jceks with its key protector's count raised and the store digest recomputed, so the
    file is intact: only decrypting the key would run the count."""
    data = (HERE / "chain.jceks").read_bytes()
    pos = 12  # magic, version, count
    (tag,) = struct.unpack(">I", data[pos : pos + 4])
    assert tag == 1, "the first entry is the private key"
    pos += 4
    (n,) = struct.unpack(">H", data[pos : pos + 2])
    pos += 2 + n + 8  # alias, date
    (size,) = struct.unpack(">I", data[pos : pos + 4])
    key = data[pos + 4 : pos + 4 + size]
    new_key = _rewrite(key, _kdf_count(JCEKS_PROTECTOR, count))
    body = data[:pos] + struct.pack(">I", len(new_key)) + new_key + data[pos + 4 + size : -20]
    digest = hashlib.sha1(PASSWORD.encode("utf-16-be") + b"Mighty Aphrodite" + body).digest()
    return body + digest


def _pkcs12_kdf(salt: bytes, rounds: int, purpose: int, size: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-1, for PASSWORD (BMPString with its terminating zero)."""
    v = 64

    def fill(data: bytes) -> bytes:  # data repeated to a whole number of blocks
        n = v * -(-len(data) // v)
        return (data * (n // len(data) + 1))[:n]

    block = bytearray(fill(salt) + fill((PASSWORD + "\0").encode("utf-16-be")))
    out = b""
    while len(out) < size:
        a = hashlib.sha1(bytes([purpose]) * v + bytes(block)).digest()
        for _ in range(rounds - 1):
            a = hashlib.sha1(a).digest()
        out += a
        b = int.from_bytes(fill(a), "big") + 1
        for j in range(0, len(block), v):
            total = (int.from_bytes(block[j : j + v], "big") + b) % (1 << (8 * v))
            block[j : j + v] = total.to_bytes(v, "big")
    return out[:size]


def _kids(node: Node) -> list[Node]:
    assert isinstance(node[1], list), "a constructed element"
    return node[1]


def _down(node: Node, *path: int) -> Node:
    """The element reached by taking child `i` of each element in turn."""
    for i in path:
        node = _kids(node)[i]
    return node


def _rc2_40(salt: bytes, rounds: int) -> Any:
    """PKCS#12's pbeWithSHAAnd40BitRC2-CBC for PASSWORD (pycryptodomex comes with pyjks)."""
    from Cryptodome.Cipher import ARC2

    key, iv = _pkcs12_kdf(salt, rounds, 1, 5), _pkcs12_kdf(salt, rounds, 2, 8)
    return ARC2.new(key, ARC2.MODE_CBC, iv=iv, effective_keylen=40)


def _key_bag_in_rc2_40_layer(count: int) -> bytes:
    """legacy.p12 (openssl -legacy: certificates in an RC2-40 encrypted SafeContents, the key in
    a plain one) with its shrouded key bag moved into the encrypted layer and its 3DES count
    raised, the layer encrypted again and the MAC made anew: an intact file whose hostile count
    shows only to a reader that decrypts RC2-40 first."""
    tree = _parse((HERE / "legacy.p12").read_bytes())
    assert tree is not None
    pfx = _kids(tree[0])
    auth_safe = _kids(_down(pfx[1], 1, 0, 0))  # ContentInfo -> [0] -> OCTET STRING -> SEQ
    assert len(auth_safe) == 2
    encrypted, plain = auth_safe  # ContentInfo encryptedData, ContentInfo data
    info = _kids(_down(encrypted, 1, 0, 1))  # -> [0] -> EncryptedData -> EncryptedContentInfo
    algorithm = _kids(info[1])
    assert algorithm[0][1] == _der_oid("1.2.840.113549.1.12.1.6")  # pbeWithSHAAnd40BitRC2-CBC
    salt, rounds = _kids(algorithm[1])[0][1], _kids(algorithm[1])[1][1]
    assert isinstance(salt, bytes) and isinstance(rounds, bytes) and info[2][0] == 0x80
    layer = info[2][1]
    assert isinstance(layer, bytes)
    padded = _rc2_40(salt, int.from_bytes(rounds, "big")).decrypt(layer)
    bags = _parse(padded[: -padded[-1]])
    key_bags = _kids(_down(plain, 1, 0, 0))  # -> [0] -> OCTET STRING -> SafeContents
    assert bags is not None and len(key_bags) == 1
    assert _set_counts(key_bags, PKCS12_3DES, count) == 1
    contents = _encode([(bags[0][0], [*_kids(bags[0]), *key_bags], False)])
    pad = 8 - len(contents) % 8
    cipher = _rc2_40(salt, int.from_bytes(rounds, "big"))
    info[2] = (0x80, cipher.encrypt(contents + bytes([pad]) * pad), False)
    del auth_safe[1]  # the plain SafeContents held only the key
    authenticated = _encode([(0x30, auth_safe, False)])
    pfx[1] = (0x30, [_kids(pfx[1])[0], (0xA0, [(0x04, authenticated, False)], False)], False)
    mac = _kids(pfx[2])
    mac_salt, mac_rounds = mac[1][1], mac[2][1]
    assert isinstance(mac_salt, bytes) and isinstance(mac_rounds, bytes)
    mac_key = _pkcs12_kdf(mac_salt, int.from_bytes(mac_rounds, "big"), 3, 20)
    _kids(mac[0])[1] = (0x04, hmac.new(mac_key, authenticated, "sha1").digest(), False)
    return _encode(tree)


def _certificate_version(version: int) -> bytes:
    """client.der claiming an X.509 version that does not exist (cryptography: InvalidVersion)."""
    tree = _parse((HERE / "client.der").read_bytes())
    assert tree is not None
    tbs = tree[0][1][0][1]  # type: ignore[index]
    assert isinstance(tbs, list) and tbs[0][0] == 0xA0
    tbs[0] = (0xA0, [(0x02, _integer(version), False)], False)
    return _encode(tree)


def _unknown_key_algorithm() -> bytes:
    """client.der whose public key claims an algorithm no one knows (UnsupportedAlgorithm)."""
    der = (HERE / "client.der").read_bytes()
    rsa = bytes.fromhex("06092a864886f70d0101010500")  # rsaEncryption, NULL
    assert rsa in der
    return der.replace(rsa, bytes.fromhex("06092a864886f70d01017f0500"), 1)


def _pem(label: str, der: bytes) -> bytes:
    body = base64.encodebytes(der).replace(b"\n", b"")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return (
        b"-----BEGIN "
        + label.encode()
        + b"-----\n"
        + b"\n".join(lines)
        + (b"\n-----END " + label.encode() + b"-----\n")
    )


def make(out: Path) -> dict[str, Path]:
    """Write the corpus into `out`; returns name -> path."""
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    p12 = (HERE / "chain.p12").read_bytes()  # keytool: PBES2/PBKDF2, SHA-256 MAC
    legacy = (HERE / "legacy.p12").read_bytes()  # openssl -legacy: 3DES key, RC2-40 certs
    files["p12-mac-count.p12"] = _rewrite(p12, _mac_count(HUGE))
    files["p12-mac-count-2e32.p12"] = _rewrite(p12, _mac_count(PANIC))
    files["p12-pbkdf2-count.p12"] = _rewrite(p12, _kdf_count(PBKDF2, HUGE))
    files["p12-pbkdf2-count-2e32.p12"] = _rewrite(p12, _kdf_count(PBKDF2, PANIC))
    files["p12-3des-count.p12"] = _rewrite(legacy, _kdf_count(PKCS12_3DES, HUGE))
    files["p12-altered-mac-count.p12"] = _rewrite(p12, _mac_count(9999))
    files["p12-rc2-40-key-bag-count.p12"] = _key_bag_in_rc2_40_layer(HUGE)
    files["jceks-count.jceks"] = _jceks_with_count(HUGE)
    files["cert-version.der"] = _certificate_version(7)
    files["cert-unknown-key.der"] = _unknown_key_algorithm()
    files["cert-unknown-key.pem"] = _pem("CERTIFICATE", _unknown_key_algorithm())
    # PEM: BEGIN lines without END (quadratic for a backtracking scan), and too many blocks.
    files["pem-begin-only.pem"] = b"-----BEGIN CERTIFICATE-----\nAAAA\n" * 20_000
    files["pem-begin-labels.pem"] = b"".join(
        b"-----BEGIN X%d-----\nAAAA\n" % i for i in range(100_000)
    )
    cert = _pem("CERTIFICATE", (HERE / "client.der").read_bytes())
    files["pem-many-certs.pem"] = cert * 6_000
    # JSON: deep nesting and a number past Python's int-digit limit.
    files["deep.json"] = b"[" * 100_000 + b"]" * 100_000
    files["long-number.json"] = b'{"Name": "x", "Port": ' + b"9" * 5000 + b"}"
    # .properties: continuation lines (quadratic in javaproperties), one over-long line.
    files["continuations.properties"] = b"Name=a\\\n" + b"b\\\n" * 40_000 + b"c\n"
    files["long-line.properties"] = b"Name=" + b"x" * 300_000 + b"\n"
    # Text that cannot be encoded: lone surrogates in values.
    files["surrogate.properties"] = (
        b"Name=lone\nType=HTTP\nURL=https://example.com\nAuthentication=NoAuthentication\n"
        b"ProxyType=Internet\nDescription=half a pair \\uD800 here\n"
    )
    files["surrogate.json"] = (
        b'{"Name": "lone", "Type": "HTTP", "URL": "https://example.com", '
        b'"Authentication": "NoAuthentication", "ProxyType": "Internet", '
        b'"Description": "half a pair \\ud800 here"}\n'
    )
    files["location-too-long.properties"] = (
        b"Name=long\nType=HTTP\nURL=https://example.com\nProxyType=Internet\n"
        b"Authentication=ClientCertificateAuthentication\nKeyStorePassword=x\n"
        b"KeyStoreLocation=" + b"k" * 300 + b".jks\n"
    )
    files["not-utf8.json"] = b'{"Name": "caf\xe9"}\n'
    paths = {}
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        paths[name] = path
    return paths


if __name__ == "__main__":
    for path in make(Path(sys.argv[1])).values():
        print(path)
