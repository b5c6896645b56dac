"""What a PKCS#12 file holds beyond what cryptography's `load_pkcs12` returns.

`load_pkcs12` gives one key and a flat list of certificates. A file made by keytool may hold
several key entries, and consumers differ on the file's MAC and encryption algorithms. This
reads the PFX's unencrypted layers with pyasn1-modules' RFC 7292 structures: every key bag with
its friendly name, and the algorithms a consumer would have to support.
"""

from __future__ import annotations

from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from core.keystores.errors import CorruptKeyStore, WrongKeyPassword
from core.keystores.iterations import check_iterations

_DATA = "1.2.840.113549.1.7.1"
_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"
_KEY_BAG = "1.2.840.113549.1.12.10.1.1"
_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2"
_FRIENDLY_NAME = "1.2.840.113549.1.9.20"
_PBES2 = "1.2.840.113549.1.5.13"
_PBMAC1 = "1.2.840.113549.1.5.14"
PBE_NAMES = {
    "1.2.840.113549.1.12.1.1": "RC4-128",
    "1.2.840.113549.1.12.1.2": "RC4-40",
    "1.2.840.113549.1.12.1.3": "3DES",
    "1.2.840.113549.1.12.1.4": "2-key 3DES",
    "1.2.840.113549.1.12.1.5": "RC2-128",
    "1.2.840.113549.1.12.1.6": "RC2-40",
    _PBES2: "PBES2",
}
HASH_NAMES = {
    "1.3.14.3.2.26": "SHA-1",
    "2.16.840.1.101.3.4.2.4": "SHA-224",
    "2.16.840.1.101.3.4.2.1": "SHA-256",
    "2.16.840.1.101.3.4.2.2": "SHA-384",
    "2.16.840.1.101.3.4.2.3": "SHA-512",
    _PBMAC1: "PBMAC1",
}


class KeyBag(NamedTuple):
    friendly_name: str | None
    der: bytes  # EncryptedPrivateKeyInfo (shrouded) or PrivateKeyInfo (plain)
    shrouded: bool

    def open(self, password: str | None) -> PrivateKeyTypes:
        """The key, decrypted with `password` (PKCS#12 keys use the store password)."""
        if self.shrouded:
            check_iterations(self.der)  # Java's cap, before cryptography runs a single round
        secret = None if not self.shrouded or password is None else password.encode("utf-8")
        try:
            return serialization.load_der_private_key(
                self.der, secret, unsafe_skip_rsa_key_validation=True
            )
        except TypeError:
            raise WrongKeyPassword("the private key needs a password") from None
        except ValueError:
            raise WrongKeyPassword("the private key does not open with this password") from None
        except Exception as exc:  # an algorithm cryptography does not know, or damage
            raise CorruptKeyStore(f"a private key cannot be read ({type(exc).__name__})") from None


class Contents(NamedTuple):
    keys: tuple[KeyBag, ...]
    mac: str | None  # the MAC's hash ("SHA-256"), "PBMAC1", or None without a MAC
    encryptions: frozenset[str]  # names from PBE_NAMES of every encrypted layer seen
    encrypted_layers: int  # EncryptedData contents (certificates, usually) not read here


def read_contents(data: bytes) -> Contents:
    """Walk PFX -> AuthenticatedSafe -> SafeContents; raises ValueError on damaged structure."""
    from pyasn1.codec.ber import decoder
    from pyasn1.error import PyAsn1Error
    from pyasn1.type import univ
    from pyasn1_modules import rfc5652, rfc7292

    try:
        pfx, _ = decoder.decode(data, asn1Spec=rfc7292.PFX())
        mac = None
        if pfx["macData"].isValue:
            oid = str(pfx["macData"]["mac"]["digestAlgorithm"]["algorithm"])
            mac = HASH_NAMES.get(oid, oid)
        if str(pfx["authSafe"]["contentType"]) != _DATA:
            raise ValueError("public-key protected PKCS#12")
        octets, _ = decoder.decode(pfx["authSafe"]["content"], asn1Spec=univ.OctetString())
        safe, _ = decoder.decode(bytes(octets), asn1Spec=rfc7292.AuthenticatedSafe())
        keys: list[KeyBag] = []
        encryptions: set[str] = set()
        encrypted = 0
        for info in safe:
            kind = str(info["contentType"])
            if kind == _DATA:
                inner, _ = decoder.decode(info["content"], asn1Spec=univ.OctetString())
                keys += _key_bags(bytes(inner), encryptions)
            elif kind == _ENCRYPTED_DATA:
                enc, _ = decoder.decode(info["content"], asn1Spec=rfc5652.EncryptedData())
                oid = str(enc["encryptedContentInfo"]["contentEncryptionAlgorithm"]["algorithm"])
                encryptions.add(PBE_NAMES.get(oid, oid))
                encrypted += 1
    except PyAsn1Error as exc:
        raise ValueError(f"damaged PKCS#12 structure ({exc.__class__.__name__})") from None
    return Contents(tuple(keys), mac, frozenset(encryptions), encrypted)


def _key_bags(der: bytes, encryptions: set[str]) -> list[KeyBag]:
    from pyasn1.codec.ber import decoder, encoder
    from pyasn1_modules import rfc5208, rfc7292

    bags, _ = decoder.decode(der, asn1Spec=rfc7292.SafeContents())
    found = []
    for bag in bags:
        bag_id = str(bag["bagId"])
        if bag_id not in (_KEY_BAG, _SHROUDED_KEY_BAG):
            continue
        name = None
        if bag["bagAttributes"].isValue:
            for attribute in bag["bagAttributes"]:
                if str(attribute["attrType"]) == _FRIENDLY_NAME and len(attribute["attrValues"]):
                    value, _ = decoder.decode(
                        attribute["attrValues"][0], asn1Spec=rfc7292.char.BMPString()
                    )
                    name = str(value)
        shrouded = bag_id == _SHROUDED_KEY_BAG
        if shrouded:
            info, _ = decoder.decode(bag["bagValue"], asn1Spec=rfc5208.EncryptedPrivateKeyInfo())
            oid = str(info["encryptionAlgorithm"]["algorithm"])
            encryptions.add(PBE_NAMES.get(oid, oid))
            value_der = encoder.encode(info)
        else:
            info, _ = decoder.decode(bag["bagValue"], asn1Spec=rfc5208.PrivateKeyInfo())
            value_der = encoder.encode(info)
        found.append(KeyBag(name, value_der, shrouded))
    return found


def further_keys(
    contents: Contents,
    password: str | None,
    first: PrivateKeyTypes | None,
    certificates: list[tuple[x509.Certificate, str | None]],
) -> list[tuple[str, x509.Certificate, PrivateKeyTypes]]:
    """The key entries beyond the `first` one cryptography returned: (alias, leaf, key), each
    leaf found among `certificates` (with their friendly names) by its public key."""
    if len(contents.keys) < 2:
        return []
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    by_key: dict[bytes, tuple[x509.Certificate, str | None]] = {}
    for cert, name in certificates:
        try:
            by_key.setdefault(cert.public_key().public_bytes(*spki), (cert, name))
        except Exception:  # an algorithm cryptography does not know: it is no one's leaf here
            continue
    skip = None if first is None else first.public_key().public_bytes(*spki)
    found = []
    for i, bag in enumerate(contents.keys):
        try:
            key = bag.open(password)
        except (WrongKeyPassword, CorruptKeyStore):
            continue
        mine = key.public_key().public_bytes(*spki)
        if mine == skip or mine not in by_key:
            continue
        leaf, name = by_key[mine]
        found.append((bag.friendly_name or name or str(i + 1), leaf, key))
    return found
