"""A JKS key entry's EncryptedPrivateKeyInfo in keytool's exact DER form is read without pyasn1
(core.keystores.jks_format._keytool_encrypted_data); every other form goes to pyasn1 as before.
The shortcut must never answer differently from pyasn1: checked on the keys keytool made for the
test data and on every one-byte change, cut and addition around their headers."""

from __future__ import annotations

import pytest
from pyasn1.codec.der import decoder
from pyasn1.error import PyAsn1Error
from pyasn1_modules import rfc5208

from core.keystores import jks_format
from core.keystores.jks_format import _JKS_KEY_PROTECTOR, _keytool_encrypted_data
from tests.keystore_data import DATA

STORES = ["chain.jks", "chain-jdk21.jks", "expired.jks", "two-keys.jks", "weak.jks"]


def _key_infos(name: str) -> list[bytes]:
    found: list[bytes] = []
    opener = jks_format._jks_key_opener
    try:
        jks_format._jks_key_opener = lambda info: (found.append(info), opener(info))[1]  # type: ignore[assignment]
        jks_format.load_jks((DATA / name).read_bytes(), None)
    finally:
        jks_format._jks_key_opener = opener  # type: ignore[assignment]
    assert found, name
    return found


def _pyasn1(info: bytes) -> bytes | None:
    """What pyasn1 reads as the encrypted key under Sun's protector, else None."""
    try:
        decoded, _ = decoder.decode(info, asn1Spec=rfc5208.EncryptedPrivateKeyInfo())
    except PyAsn1Error:
        return None
    if str(decoded["encryptionAlgorithm"]["algorithm"]) != _JKS_KEY_PROTECTOR:
        return None
    return bytes(decoded["encryptedData"])


def _variants(info: bytes) -> list[bytes]:
    out = [info, info + b"\x00", info[:-1], info[:30], b"", b"\x30", b"\x30\x80"]
    for i in range(min(len(info), 24)):
        for value in {0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0xFF, info[i] ^ 0x01}:
            out.append(info[:i] + bytes([value]) + info[i + 1 :])
        out.append(info[:i] + info[i + 1 :])
        out.append(info[:i] + b"\x00" + info[i:])
    return out


@pytest.mark.parametrize("name", STORES)
def test_keytool_form_is_read_as_pyasn1_reads_it(name: str) -> None:
    infos = _key_infos(name)
    for info in infos:
        assert _keytool_encrypted_data(info) == _pyasn1(info) is not None
    shortcut = 0
    for info in infos:
        for variant in _variants(info):
            quick = _keytool_encrypted_data(variant)
            if quick is not None:  # when it answers, it answers as pyasn1 does
                shortcut += 1
                assert quick == _pyasn1(variant), variant[:24].hex()
    assert shortcut >= len(infos)  # the unchanged keys at least


def test_a_store_opens_its_key_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.keystore_data import PASSWORD

    data = (DATA / "chain.jks").read_bytes()
    quick = jks_format.load_jks(data, PASSWORD).entries[0].open_key(PASSWORD)  # type: ignore[misc]
    monkeypatch.setattr(jks_format, "_keytool_encrypted_data", lambda info: None)
    slow = jks_format.load_jks(data, PASSWORD).entries[0].open_key(PASSWORD)  # type: ignore[misc]
    assert quick.private_numbers() == slow.private_numbers()  # type: ignore[union-attr]
