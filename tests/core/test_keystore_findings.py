"""Every finding code: triggered by a fixture made for it, absent from the healthy chain."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.keystores import EntryKind, open_keystore
from core.keystores.inspection import Report, inspect
from tests.keystore_data import NOW, PASSWORD, data

HEALTHY = [
    "chain.jks",
    "chain-jdk21.jks",
    "chain.jceks",
    "chain.p12",
    "ec.p12",
    "bundle.pem",
    "pkcs1.pem",
    "encrypted-pkcs1.pem",
    "encrypted-pkcs8.pem",
]


def report(name: str, password: str | None = PASSWORD, now=NOW, days: int = 30) -> Report:
    return inspect(open_keystore(data(name), password), password, now, days)


def codes(r: Report) -> set[str]:
    return {f.code for f in r.findings}


@pytest.mark.parametrize("name", HEALTHY)
def test_healthy_stores_have_no_findings(name: str) -> None:
    r = report(name)
    assert r.findings == ()
    (entry,) = r.entries
    assert entry.kind is EntryKind.PRIVATE_KEY and entry.key_checked
    assert [n.facts.short_name for n in entry.chain] == [
        "ec.example.com" if name == "ec.p12" else "client.example.com",
        "Example Issuing CA",
        "Example Root CA",
    ]
    assert all(n.status == "ok" for n in entry.chain)


CASES = [
    ("expired.jks", "cert.expired", "error", "expired.example.com expired on 2001-01-01."),
    (
        "not-yet-valid.jks",
        "cert.not_yet_valid",
        "error",
        "future.example.com is not valid before 2090-01-01.",
    ),
    (
        "missing-issuer.jks",
        "chain.missing_issuer",
        "error",
        "The chain of client stops at client.example.com: its issuer (C=DE,O=Example,CN=Example Issuing CA) is not in the file.",
    ),
    (
        "bad-signature.pem",
        "chain.bad_signature",
        "error",
        "the signature of client.example.com does not verify with the key of Example Issuing CA",
    ),
    (
        "wrong-order.pem",
        "chain.order",
        "warning",
        "are not in order (leaf first, then each issuer)",
    ),
    (
        "issuer-not-ca.pem",
        "chain.issuer_not_ca",
        "error",
        "client.example.com issued sub.example.com but is not a CA",
    ),
    (
        "broken-link.pem",
        "chain.broken_link",
        "error",
        "Example Root CA follows client.example.com but did not issue it.",
    ),
    (
        "no-client-auth.p12",
        "cert.no_client_auth",
        "warning",
        "may not be used for client authentication (extended key usage: serverAuth)",
    ),
    ("weak.jks", "key.weak_rsa", "error", "weak.example.com has an RSA key of 1024 bits"),
    (
        "ec192.pem",
        "key.weak_ec",
        "error",
        "ec192.example.com has an EC key of 192 bits (secp192r1)",
    ),
    ("weak.jks", "cert.weak_signature", "error", "weak.example.com is signed with SHA1"),
    ("md5.pem", "cert.weak_signature", "error", "md5.example.com is signed with MD5"),
    (
        "key-mismatch.pem",
        "key.mismatch",
        "error",
        "The private key of key does not belong to its certificate",
    ),
    (
        "damaged-key.pem",
        "key.unreadable",
        "error",
        "The private key of key cannot be read: its contents are damaged (not a consistent RSA key).",
    ),
    (
        "two-keys.jks",
        "store.several_private_keys",
        "warning",
        "The file holds 2 private keys (client, second); the SAP JavaScript SDK uses only the first (client).",
    ),
    (
        "keypass-differs.jks",
        "key.password_differs",
        "error",
        "The private key of client does not open with the key store password.",
    ),
    (
        "truststore-nokeys.p12",
        "pkcs12.invisible_to_java",
        "warning",
        "1 certificate (Example Root CA) lacks Java's trusted-certificate attribute",
    ),
    ("truststore-nokeys.p12", "store.empty", "warning", "Java sees no entry in this file."),
    (
        "legacy.p12",
        "pkcs12.legacy_encryption",
        "warning",
        "legacy PKCS#12 encryption (3DES, RC2-40)",
    ),
]


@pytest.mark.parametrize(
    ("name", "code", "severity", "text"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES]
)
def test_each_finding_code(name: str, code: str, severity: str, text: str) -> None:
    found = [f for f in report(name).findings if f.code == code]
    assert found, codes(report(name))
    assert found[0].severity.value == severity
    assert text in found[0].message


def test_expiring_uses_the_clock_and_the_days() -> None:
    r = report("chain.jks")
    not_after = r.entries[0].chain[0].facts.not_after
    soon = report("chain.jks", now=not_after - timedelta(days=10, hours=1))
    found = [f for f in soon.findings if f.code == "cert.expiring"]
    assert len(found) == 3  # all three expire together
    assert "client.example.com expires in 10 days (2124-01-01)." in [f.message for f in found]
    assert soon.entries[0].chain[0].days_left == 10
    assert "cert.expiring" not in codes(
        report("chain.jks", now=not_after - timedelta(days=10, hours=1), days=5)
    )


def test_short_chain_is_completed_from_other_entries() -> None:
    r = report("short-chain.jks")
    (found,) = [f for f in r.findings if f.code == "chain.completed"]
    assert found.severity.value == "warning" and found.alias == "client"
    assert "completed with Example Issuing CA, Example Root CA from other entries" in found.message
    entry = next(e for e in r.entries if e.alias == "client")
    assert [n.from_store for n in entry.chain] == [False, True, True]
    assert "chain.completed" not in codes(report("chain.jks"))


def test_missing_issuer_marks_the_last_certificate() -> None:
    r = report("missing-issuer.jks")
    assert r.entries[0].missing_issuer == "C=DE,O=Example,CN=Example Issuing CA"
    assert r.entries[0].chain[0].status == "error"
    assert r.entries[0].chain[0].problems == ("chain.missing_issuer",)


def test_integrity_not_verified_without_password() -> None:
    r = report("chain.jks", password=None)
    assert codes(r) == {"store.integrity_not_verified"}
    assert not r.integrity_verified and not r.entries[0].key_checked
    assert r.entries[0].chain[0].facts.short_name == "client.example.com"


def test_secret_key_entries_are_listed() -> None:
    r = report("with-secret.jceks")
    assert [(e.alias, e.kind) for e in r.entries] == [
        ("client", EntryKind.PRIVATE_KEY),
        ("aeskey", EntryKind.SECRET_KEY),
    ]
    assert r.findings == ()


@pytest.mark.parametrize(
    "name",
    ["chain.jks", "truststore.jks", "truststore.p12", "chain.p7b", "chain-der.p7b", "client.der"],
)
def test_no_false_alarms_on_trust_material(name: str) -> None:
    assert {f.severity.value for f in report(name).findings} <= {"info"}
