"""PKCS#12 key stores (.p12, .pfx).

cryptography opens the file. Two things it does not tell are read from the ASN.1 here: which
encryption the file uses (legacy RC2/3DES that OpenSSL 3 refuses by default), and which
certificates carry Java's trusted-key-usage attribute, without which Java shows no entry for them.
The ASN.1 look also tells a wrong password (intact structure) from a damaged file.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.serialization import pkcs12

from core.certinfo import readable
from core.findings import Finding, Severity
from core.keystores.chains import follow_issuers
from core.keystores.errors import (
    CorruptKeyStore,
    KeyStoreError,
    PasswordRequired,
    WrongStorePassword,
)
from core.keystores.iterations import check_iterations
from core.keystores.limits import check_certificate_count
from core.keystores.model import EntryKind, Format, Integrity, KeyStore, StoreEntry

JAVA_TRUST_ATTRIBUTE = "2.16.840.1.113894.746875.1.1"  # Oracle's trustedKeyUsage
_DATA = "1.2.840.113549.1.7.1"
_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"
_CERT_BAG = "1.2.840.113549.1.12.10.1.3"
_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2"
_PBES2 = "1.2.840.113549.1.5.13"
_LEGACY = {
    "1.2.840.113549.1.12.1.1": "RC4-128",
    "1.2.840.113549.1.12.1.2": "RC4-40",
    "1.2.840.113549.1.12.1.3": "3DES",
    "1.2.840.113549.1.12.1.4": "2-key 3DES",
    "1.2.840.113549.1.12.1.5": "RC2-128",
    "1.2.840.113549.1.12.1.6": "RC2-40",
}
# PKCS#12's own PBE schemes (RFC 7292 appendix C): cipher and key size in bytes. Every one of
# them is decrypted here, so that the key bags inside have their counts checked before
# cryptography opens the file (and runs them).
_PKCS12_PBE = {
    "1.2.840.113549.1.12.1.1": ("RC4", 16),
    "1.2.840.113549.1.12.1.2": ("RC4", 5),
    "1.2.840.113549.1.12.1.3": ("3DES", 24),
    "1.2.840.113549.1.12.1.4": ("3DES", 16),  # two-key: K1 K2 K1
    "1.2.840.113549.1.12.1.5": ("RC2", 16),
    "1.2.840.113549.1.12.1.6": ("RC2", 5),
}
_DES_EDE3_CBC = "1.2.840.113549.3.7"  # PBES2's other cipher (openssl -certpbe DES-EDE3-CBC)
_AES = {"2.16.840.1.101.3.4.1.2": 16, "2.16.840.1.101.3.4.1.22": 24, "2.16.840.1.101.3.4.1.42": 32}
_PRF: dict[str, type[hashes.HashAlgorithm]] = {
    "1.2.840.113549.2.7": hashes.SHA1,
    "1.2.840.113549.2.9": hashes.SHA256,
    "1.2.840.113549.2.10": hashes.SHA384,
    "1.2.840.113549.2.11": hashes.SHA512,
}


@dataclass
class _Structure:
    legacy: set[str] = field(default_factory=set)
    # DER of each certificate whose bag could be read -> the attribute OIDs of that bag
    cert_attributes: dict[bytes, set[str]] = field(default_factory=dict)
    unreadable_bags: bool = False  # encrypted with something we cannot decrypt here
    decrypted: bool = False  # the password opened an encrypted bag: it is the right one
    has_mac: bool = True  # openssl -nomac writes none: only decryption can test a password
    clear_certificates: bool = False  # a certificate bag outside any encrypted layer
    shrouded_keys: bool = False  # a key bag encrypted with the password


def _decode_structure(data: bytes, password: str | None) -> _Structure:
    """Walk PFX -> AuthenticatedSafe -> SafeContents. Raises on any structural damage."""
    from pyasn1.codec.ber import decoder
    from pyasn1.type import univ
    from pyasn1_modules import rfc5652, rfc7292

    pfx, rest = decoder.decode(data, asn1Spec=rfc7292.PFX())
    if rest:
        raise ValueError("trailing data")
    if str(pfx["authSafe"]["contentType"]) != _DATA:
        raise ValueError("public-key protected PKCS#12")
    octets, _ = decoder.decode(pfx["authSafe"]["content"], asn1Spec=univ.OctetString())
    safe, _ = decoder.decode(bytes(octets), asn1Spec=rfc7292.AuthenticatedSafe())
    found = _Structure(has_mac=pfx["macData"].isValue)
    for info in safe:
        kind = str(info["contentType"])
        if kind == _DATA:
            inner, _ = decoder.decode(info["content"], asn1Spec=univ.OctetString())
            _read_bags(bytes(inner), found, clear=True)
        elif kind == _ENCRYPTED_DATA:
            enc, _ = decoder.decode(info["content"], asn1Spec=rfc5652.EncryptedData())
            eci = enc["encryptedContentInfo"]
            alg = eci["contentEncryptionAlgorithm"]
            oid = str(alg["algorithm"])
            if oid in _LEGACY:
                found.legacy.add(_LEGACY[oid])
            plain = None
            if password is not None and eci["encryptedContent"].isValue:
                plain = _decrypt(oid, alg["parameters"], bytes(eci["encryptedContent"]), password)
            if plain is None:
                found.unreadable_bags = True
            else:
                found.decrypted = True
                check_iterations(plain)  # key bags inside, before cryptography opens them
                _read_bags(plain, found, clear=False)
    return found


def _read_bags(der: bytes, found: _Structure, clear: bool) -> None:
    from pyasn1.codec.ber import decoder
    from pyasn1_modules import rfc5208, rfc7292

    bags, _ = decoder.decode(der, asn1Spec=rfc7292.SafeContents())
    for bag in bags:
        bag_id = str(bag["bagId"])
        attributes = (
            {str(a["attrType"]) for a in bag["bagAttributes"]}
            if bag["bagAttributes"].isValue
            else set()
        )
        if bag_id == _CERT_BAG:
            cert_bag, _ = decoder.decode(bag["bagValue"], asn1Spec=rfc7292.CertBag())
            value, _ = decoder.decode(cert_bag["certValue"], asn1Spec=rfc7292.univ.OctetString())
            found.cert_attributes[bytes(value)] = attributes
            found.clear_certificates |= clear
        elif bag_id == _SHROUDED_KEY_BAG:
            found.shrouded_keys = True
            key_bag, _ = decoder.decode(bag["bagValue"], asn1Spec=rfc5208.EncryptedPrivateKeyInfo())
            oid = str(key_bag["encryptionAlgorithm"]["algorithm"])
            if oid in _LEGACY:
                found.legacy.add(_LEGACY[oid])


def _decrypt(oid: str, parameters: object, blob: bytes, password: str) -> bytes | None:
    """Decrypt a SafeContents layer with PBES2 (AES) or a PKCS#12 PBE scheme (3DES, RC2, RC4);
    None for what this cannot decrypt, or when the password does not open it."""
    from pyasn1.codec.ber import decoder
    from pyasn1.error import PyAsn1Error
    from pyasn1.type import univ
    from pyasn1_modules import rfc7292, rfc8018

    try:
        if oid == _PBES2:
            params, _ = decoder.decode(parameters, asn1Spec=rfc8018.PBES2_params())
            kdf, _ = decoder.decode(
                params["keyDerivationFunc"]["parameters"], asn1Spec=rfc8018.PBKDF2_params()
            )
            scheme = str(params["encryptionScheme"]["algorithm"])
            if scheme not in _AES and scheme != _DES_EDE3_CBC:
                return None
            iv, _ = decoder.decode(
                params["encryptionScheme"]["parameters"], asn1Spec=univ.OctetString()
            )
            prf = _PRF.get(str(kdf["prf"]["algorithm"]), hashes.SHA1)
            key = PBKDF2HMAC(
                prf(),
                _AES.get(scheme, 24),
                bytes(kdf["salt"]["specified"]),
                int(kdf["iterationCount"]),
            ).derive(password.encode("utf-8"))
            if scheme == _DES_EDE3_CBC:
                from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES

                decryptor = Cipher(TripleDES(key), modes.CBC(bytes(iv))).decryptor()
            else:
                decryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(iv))).decryptor()
        elif oid in _PKCS12_PBE:
            cipher, size = _PKCS12_PBE[oid]
            params, _ = decoder.decode(parameters, asn1Spec=rfc7292.Pkcs_12PbeParams())
            salt, rounds = bytes(params["salt"]), int(params["iterations"])
            key = _pkcs12_kdf(password, salt, rounds, 1, size)
            if cipher == "RC4":  # a stream cipher: no IV, no padding
                from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4

                plain = Cipher(ARC4(key), None).decryptor().update(blob)
                return plain if _whole_der(plain) else None
            iv = _pkcs12_kdf(password, salt, rounds, 2, 8)
            if cipher == "RC2":
                # cryptography's RC2 takes 128-bit keys only; openssl -legacy encrypts the
                # certificates (and may hide key bags) with RC2-40.
                from Cryptodome.Cipher import ARC2

                # effective_keylen is documented, but missing from pycryptodomex's stub.
                rc2 = ARC2.new(key, ARC2.MODE_CBC, iv=iv, effective_keylen=8 * size)  # type: ignore[call-arg]
                padded = rc2.decrypt(blob)
            else:
                from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES

                if len(key) == 16:  # two-key 3DES is K1 K2 K1; cryptography warns on 16 bytes
                    key += key[:8]
                decryptor = Cipher(TripleDES(key), modes.CBC(iv)).decryptor()
                padded = decryptor.update(blob) + decryptor.finalize()
            return _unpadded(padded)
        else:
            return None  # an algorithm no PKCS#12 writer uses
        padded = decryptor.update(blob) + decryptor.finalize()
    except (PyAsn1Error, ValueError):
        return None
    return _unpadded(padded)


def _unpadded(padded: bytes) -> bytes | None:
    """The plain text without its PKCS#7 padding; None when the padding or the DER inside is
    wrong, which a wrong password gives."""
    pad = padded[-1] if padded else 0
    if not 1 <= pad <= 16 or padded[-pad:] != bytes([pad]) * pad:
        return None
    plain = padded[:-pad]
    return plain if _whole_der(plain) else None


def _whole_der(data: bytes) -> bool:
    """Whether `data` is one SEQUENCE whose length is exactly the rest of it (or, as BER
    allows, an indefinite length closed by two zero bytes)."""
    if len(data) < 2 or data[0] != 0x30:
        return False
    first = data[1]
    if first == 0x80:
        return data.endswith(b"\0\0")
    if first < 0x80:
        return 2 + first == len(data)
    n = first & 0x7F
    return 0 < n <= 4 and 2 + n + int.from_bytes(data[2 : 2 + n], "big") == len(data)


def _pkcs12_kdf(password: str, salt: bytes, rounds: int, purpose: int, size: int) -> bytes:
    """RFC 7292 appendix B with SHA-1: the key derivation of PKCS#12's own PBE schemes."""
    v = 64  # SHA-1 block size

    def fill(data: bytes) -> bytes:  # repeat data to a whole number of blocks
        if not data:
            return b""
        n = v * ((len(data) + v - 1) // v)
        return (data * (n // len(data) + 1))[:n]

    block = bytearray(fill(salt) + fill((password + "\0").encode("utf-16-be")))
    prefix = bytes([purpose]) * v
    out = b""
    while len(out) < size:
        a = hashlib.sha1(prefix + bytes(block)).digest()
        for _ in range(rounds - 1):
            a = hashlib.sha1(a).digest()
        out += a
        b = int.from_bytes(fill(a), "big")
        for j in range(0, len(block), v):
            value = (int.from_bytes(block[j : j + v], "big") + b + 1) % (1 << (8 * v))
            block[j : j + v] = value.to_bytes(v, "big")
    return out[:size]


# cryptography reads a PKCS#12 file that is not DER (bytes after it, BER lengths) as BER, and
# says so with a Python warning; what the file holds is reported here, in the project's words.
# Set once, not per call: warnings.catch_warnings is not thread-safe, and stores open in jobs.
warnings.filterwarnings(
    "ignore", message="PKCS#12 bundle could not be parsed as DER", category=UserWarning
)


def load_p12(data: bytes, password: str | None) -> KeyStore:
    # Every count in the file (MAC, PBKDF2, PKCS#12 PBE) is checked before any derivation runs.
    check_iterations(data, pfx=True)
    try:
        structure: _Structure | None = _decode_structure(data, password)
    except KeyStoreError:
        raise
    except Exception:
        structure = None
    try:
        loaded = pkcs12.load_pkcs12(data, None if password is None else password.encode("utf-8"))
    except (ValueError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion):
        if structure is None:
            raise CorruptKeyStore(
                "the file is not an intact PKCS#12 key store: it is truncated or damaged"
            ) from None
        if password is None:
            raise PasswordRequired("the PKCS#12 file is encrypted: a password is needed") from None
        if not structure.has_mac:
            raise _without_mac(structure.decrypted) from None
        if structure.decrypted:
            raise CorruptKeyStore(
                "the password is right (it opens the file's encrypted contents), but the "
                "file's integrity check fails: the file was damaged or changed after it was "
                "written"
            ) from None
        raise WrongStorePassword(
            "the key store password is wrong (the file's structure is intact, its integrity "
            "check fails with this password)"
        ) from None
    if structure is None:
        raise CorruptKeyStore("the PKCS#12 file opens, but its structure is damaged")
    check_certificate_count(len(loaded.additional_certs) + 1)
    try:
        for c in [loaded.cert, *loaded.additional_certs]:
            if c is not None:
                readable(c.certificate)
    except ValueError as exc:
        raise CorruptKeyStore(f"{exc}: the file is damaged") from None

    entries: list[StoreEntry] = []
    extra = [c.certificate for c in loaded.additional_certs]
    names = {c.certificate: c.friendly_name for c in loaded.additional_certs}
    used: set[x509.Certificate] = set()
    if loaded.cert is not None and loaded.key is not None:
        chain = follow_issuers(loaded.cert.certificate, extra)
        used.update(chain)
        alias = (loaded.cert.friendly_name or b"1").decode("utf-8", errors="replace")
        key = loaded.key
        entries.append(
            StoreEntry(alias, EntryKind.PRIVATE_KEY, tuple(chain), open_key=lambda _pw: _same(key))
        )
    elif loaded.cert is not None:
        extra.insert(0, loaded.cert.certificate)
        names[loaded.cert.certificate] = loaded.cert.friendly_name
    for alias, leaf, other_key in _further_keys(data, password, loaded):
        chain = follow_issuers(leaf, extra)
        used.update(chain)
        entries.append(
            StoreEntry(alias, EntryKind.PRIVATE_KEY, tuple(chain), open_key=_opener(other_key))
        )

    loose: list[x509.Certificate] = []
    invisible: list[StoreEntry] = []
    known = not structure.unreadable_bags
    for i, cert in enumerate(c for c in extra if c not in used):
        attrs = structure.cert_attributes.get(cert.public_bytes(serialization.Encoding.DER))
        if known and (attrs is None or JAVA_TRUST_ATTRIBUTE not in attrs):
            loose.append(cert)
            invisible.append(_invisible_entry(cert, names.get(cert), entries, invisible))
            continue
        alias = (names.get(cert) or str(i + 1).encode()).decode("utf-8", errors="replace")
        entries.append(StoreEntry(alias, EntryKind.TRUSTED_CERTIFICATE, (cert,)))

    notes: list[Finding] = []
    if structure.legacy:
        notes.append(
            Finding(
                Severity.WARNING,
                "pkcs12.legacy_encryption",
                f"The file uses legacy PKCS#12 encryption ({', '.join(sorted(structure.legacy))}), "
                "which OpenSSL 3 refuses by default; re-export it with AES-256 (keytool, or "
                "openssl pkcs12 without -legacy).",
            )
        )
    if loose:
        notes.append(
            Finding(
                Severity.WARNING,
                "pkcs12.invisible_to_java",
                f"{len(loose)} certificate{'s' if len(loose) > 1 else ''} "
                f"({', '.join(_cn(c) for c in loose)}) {'lacks' if len(loose) == 1 else 'lack'} "
                "Java's trusted-certificate attribute: "
                "Java (keytool, the SAP Java SDK) will not see them. Import them with keytool.",
            )
        )
    if not structure.has_mac:
        notes.append(_no_mac_note(structure, password))
    return KeyStore(
        Format.PKCS12,
        tuple(entries + invisible),
        integrity=Integrity.VERIFIED if structure.has_mac else Integrity.ABSENT,
        loose_certificates=tuple(loose),
        notes=tuple(notes),
    )


def _no_mac_note(structure: _Structure, password: str | None) -> Finding:
    """What a file without an integrity MAC leaves unchecked. Java (keytool -list) verifies no
    MAC either: it opens such a file with a wrong password unless that password fails to
    decrypt its certificates."""
    said = "The file has no integrity check (no MAC): a damaged or altered file goes unnoticed."
    tested = structure.decrypted or structure.shrouded_keys
    if structure.clear_certificates:
        said += (
            " Nothing in it is encrypted, so Java (keytool) opens it with any password"
            if not tested
            else " Its certificates are not encrypted, so Java (keytool) opens it with any password"
        )
        if password is None:
            said += "."
        elif tested:
            said += "; only decrypting the private key checks the password."
        else:
            said += ", as this does: the password was not checked."
    elif password is not None:
        said += " Only decrypting its contents checks the password."
    return Finding(
        Severity.WARNING,
        "pkcs12.no_mac",
        said + " Write it again with a MAC: destination-cli keystore convert FILE --to p12 -o "
        "NEW.p12, keytool -importkeystore, or openssl pkcs12 -export without -nomac.",
    )


def _without_mac(decrypted: bool) -> KeyStoreError:
    """Why a file without an integrity MAC does not open: only what the password fails to
    decrypt tells, and a damaged file fails the same way."""
    if decrypted:
        return CorruptKeyStore(
            "the password decrypts part of the file's contents but not the rest: the file was "
            "damaged, or that part was encrypted with another password (the file has no "
            "integrity check that could tell which)"
        )
    return WrongStorePassword(
        "the key store password is wrong: it does not decrypt the file's contents (the file has "
        "no integrity check, so a damaged file would fail the same way)"
    )


def _further_keys(
    data: bytes, password: str | None, loaded: pkcs12.PKCS12KeyAndCertificates
) -> list[tuple[str, x509.Certificate, PrivateKeyTypes]]:
    """Key entries after the first: cryptography returns one key, keytool writes several."""
    from core.keystores.pkcs12_contents import further_keys, read_contents

    try:
        contents = read_contents(data)
    except Exception:  # the file opened already: an odd structure only hides further keys
        return []
    certs = [(c.certificate, _name(c.friendly_name)) for c in loaded.additional_certs]
    if loaded.cert is not None:
        certs.insert(0, (loaded.cert.certificate, _name(loaded.cert.friendly_name)))
    return further_keys(contents, password, loaded.key, certs)


def _name(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", errors="replace")


def _opener(key: PrivateKeyTypes) -> Callable[[str | None], PrivateKeyTypes]:
    return lambda _pw: key


def _invisible_entry(
    cert: x509.Certificate, name: bytes | None, *taken: list[StoreEntry]
) -> StoreEntry:
    """A certificate Java does not list, as an entry of its own: named by its friendly name, or
    by its subject when it has none (openssl -nokeys writes none)."""
    alias = _name(name) or _cn(cert)
    used = {e.alias for group in taken for e in group}
    unique, n = alias, 2
    while unique in used:
        unique, n = f"{alias} ({n})", n + 1
    return StoreEntry(unique, EntryKind.TRUSTED_CERTIFICATE, (cert,), java_visible=False)


def _same(key: PrivateKeyTypes | None) -> PrivateKeyTypes:
    # cryptography opens PKCS#12 keys with the store password, as Java does.
    assert key is not None
    return key


def _cn(cert: x509.Certificate) -> str:
    from core.certinfo import short_name

    return short_name(cert.subject)
