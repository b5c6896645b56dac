"""Which formats carry an integrity check: JKS and JCEKS a keyed digest, PKCS#12 a MAC. PEM, DER
and PKCS#7 carry none, so a file of theirs is never called verified, and no warning says so
either: a certificate file without a MAC is normal. The password that decrypts an encrypted PEM
key checks that key, not the file."""

from __future__ import annotations

import pytest

from core.keystores import open_keystore
from core.keystores.inspection import inspect
from core.keystores.model import EntryKind, Format, Integrity
from tests.keystore_data import NOW, PASSWORD, data

WITHOUT_CHECK = {
    "bundle.pem": Format.PEM,
    "truststore.pem": Format.PEM,
    "pkcs1.pem": Format.PEM,
    "encrypted-pkcs1.pem": Format.PEM,
    "encrypted-pkcs8.pem": Format.PEM,
    "client.der": Format.DER,
    "chain.p7b": Format.PKCS7,
    "chain-der.p7b": Format.PKCS7,
}
WITH_CHECK = [
    "chain.jks",
    "chain-jdk21.jks",
    "chain.jceks",
    "with-secret.jceks",
    "truststore.jks",
    "chain.p12",
    "legacy.p12",
    "truststore.p12",
    "truststore-nokeys.p12",
]


@pytest.mark.parametrize("password", [None, PASSWORD], ids=["no-password", "password"])
@pytest.mark.parametrize("name", list(WITHOUT_CHECK))
def test_formats_without_an_integrity_check_are_never_called_verified(
    name: str, password: str | None
) -> None:
    store = open_keystore(data(name), password)
    assert store.format is WITHOUT_CHECK[name]
    assert store.integrity is Integrity.ABSENT and not store.integrity_verified
    r = inspect(store, password, NOW)
    assert (r.integrity, r.integrity_verified) == (Integrity.ABSENT, False)
    assert r.as_json()["integrity"] == "absent"
    # Healthy files: nothing to warn about, with or without a password, except that an
    # encrypted key opened without one was not checked (test_an_encrypted_pem_key_...).
    if name.startswith("encrypted-") and password is None:
        assert [f.code for f in r.findings] == ["key.not_checked"]
    else:
        assert r.findings == ()


def test_a_decrypted_pem_key_is_checked_but_the_file_is_not_verified() -> None:
    store = open_keystore(data("encrypted-pkcs8.pem"), PASSWORD)
    r = inspect(store, PASSWORD, NOW)
    (entry,) = r.entries
    assert entry.kind is EntryKind.PRIVATE_KEY and entry.key_checked
    assert r.integrity is Integrity.ABSENT


@pytest.mark.parametrize("name", WITH_CHECK)
def test_formats_with_an_integrity_check_are_verified_by_their_password(name: str) -> None:
    r = inspect(open_keystore(data(name), PASSWORD), PASSWORD, NOW)
    assert (r.integrity, r.integrity_verified) == (Integrity.VERIFIED, True)
    assert "store.integrity_not_verified" not in {f.code for f in r.findings}


@pytest.mark.parametrize("name", [n for n in WITH_CHECK if n.endswith((".jks", ".jceks"))])
def test_java_stores_opened_without_a_password_are_not_checked(name: str) -> None:
    r = inspect(open_keystore(data(name), None), None, NOW)
    assert (r.integrity, r.integrity_verified) == (Integrity.NOT_CHECKED, False)
    assert "store.integrity_not_verified" in {f.code for f in r.findings}


@pytest.mark.parametrize("name", ["encrypted-pkcs1.pem", "encrypted-pkcs8.pem"])
def test_an_encrypted_pem_key_without_its_password_says_it_was_not_checked(name: str) -> None:
    r = inspect(open_keystore(data(name), None), None, NOW)
    (finding,) = r.findings
    assert (finding.severity.value, finding.code, finding.alias) == (
        "warning",
        "key.not_checked",
        "key",
    )
    assert "encrypted and was not checked" in finding.message
    assert "give its password" in finding.message
    (entry,) = r.entries
    assert entry.key_encrypted and not entry.key_checked and r.password_would_check
    assert r.integrity is Integrity.ABSENT  # still: the file itself has no check


@pytest.mark.parametrize("name", ["encrypted-pkcs1.pem", "encrypted-pkcs8.pem"])
def test_an_encrypted_pem_key_with_a_wrong_password_says_so_once(name: str) -> None:
    r = inspect(open_keystore(data(name), "wrong"), "wrong", NOW)
    assert [f.code for f in r.findings] == ["key.password_differs"]
    assert r.password_would_check  # the inspector keeps its password row


@pytest.mark.parametrize("name", ["encrypted-pkcs1.pem", "encrypted-pkcs8.pem"])
def test_an_encrypted_pem_key_with_its_password_is_checked(name: str) -> None:
    r = inspect(open_keystore(data(name), PASSWORD), PASSWORD, NOW)
    assert r.findings == () and r.entries[0].key_checked and not r.password_would_check


@pytest.mark.parametrize("name", ["pkcs1.pem", "bundle.pem", "key-mismatch.pem"])
def test_a_plain_pem_key_is_not_called_encrypted(name: str) -> None:
    r = inspect(open_keystore(data(name), None), None, NOW)
    assert "key.not_checked" not in {f.code for f in r.findings}
    assert not r.entries[0].key_encrypted and not r.password_would_check
