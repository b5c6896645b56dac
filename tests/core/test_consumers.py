"""Per-consumer verdicts on stores made by keytool and openssl (tests/data/make_*.sh)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from core.keystores import open_keystore
from core.keystores.consumers import PROFILES, Verdict, verdicts
from core.keystores.inspection import inspect
from tests.keystore_data import DATA, NOW, PASSWORD, data
from tests.keytool import KEYTOOL


def judge(name: str, roots: list[x509.Certificate] | None = None) -> list[Verdict]:
    raw = data(name)
    store = open_keystore(raw, PASSWORD)
    return verdicts(raw, inspect(store, PASSWORD, NOW), name, public_roots=roots or [])


def found(name: str) -> dict[tuple[str, str], str]:
    """(consumer, code) -> severity."""
    return {(v.consumer, v.code): v.severity.value for v in judge(name)}


# (file, consumer, code, severity): each case the store was made for.
CASES = [
    ("weak.jks", "node-sdk", "node.sha1_signature", "error"),
    ("legacy.p12", "node-sdk", "node.legacy_pbe", "error"),
    ("keypass-differs.jks", "java-sdk", "java.key_password_differs", "error"),
    ("truststore-nokeys.p12", "java-sdk", "java.invisible_certificates", "error"),
    ("missing-issuer.jks", "cockpit", "consumer.chain_incomplete", "error"),
    ("missing-issuer.jks", "destination-service", "consumer.chain_incomplete", "error"),
    ("no-client-auth.p12", "destination-service", "mtls.no_client_auth", "error"),
    ("truststore.pem", "java-sdk", "java.trust_store_format", "error"),
    ("truststore.p12", "java-sdk", "java.trust_store_format", "error"),
    ("cas-nokeys.p12", "java-sdk", "java.trust_store_format", "error"),
    ("truststore.jks", "node-sdk", "node.trust_store_not_pem", "error"),
    ("truststore.p12", "node-sdk", "node.trust_store_not_pem", "error"),
    ("two-keys.p12", "node-sdk", "node.first_key_only", "warning"),
    ("mixed-case.p12", "java-sdk", "java.alias_case", "info"),
    ("chain.p12", "java-sdk", "java.pkcs12_mac", "info"),
    ("short-chain.jks", "cockpit", "consumer.chain_from_other_entries", "warning"),
    ("chain.jceks", "cockpit", "consumer.format", "error"),
]


@pytest.mark.parametrize(("name", "consumer", "code", "severity"), CASES)
def test_each_consumer_finding(name: str, consumer: str, code: str, severity: str) -> None:
    got = found(name)
    assert got.get((consumer, code)) == severity, got


def test_the_same_problem_is_no_problem_for_other_consumers() -> None:
    # A PEM trust store is what Node wants and Java refuses; a JKS one the other way round.
    pem, jks = found("truststore.pem"), found("truststore.jks")
    assert not any(c == "node-sdk" for c, _ in pem)
    assert not any(c == "java-sdk" for c, _ in jks)
    # SHA-1 and RC2-40 are Node's problem, not Java's.
    assert not any(c == "java-sdk" and s == "error" for (c, _), s in found("weak.jks").items())
    assert not any(c == "java-sdk" and s == "error" for (c, _), s in found("legacy.p12").items())
    # A key password of its own breaks the Java SDK only.
    assert [c for c, code in found("keypass-differs.jks") if code.endswith("password_differs")] == [
        "java-sdk"
    ]


def test_java_reads_one_certificate_from_crt_cer_der(tmp_path: Path) -> None:
    """A .crt trust store is one certificate to the Java SDK: more are ignored."""
    pem = subprocess.run(
        ["openssl", "pkcs12", "-in", DATA / "cas-nokeys.p12", "-nokeys", "-passin",
         f"pass:{PASSWORD}"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    store = open_keystore(pem, None)
    report = inspect(store, None, NOW)
    said = {(v.consumer, v.code): v for v in verdicts(pem, report, "cas.crt", [])}
    warning = said[("java-sdk", "java.trust_store_first_certificate")]
    assert warning.severity.value == "warning" and "the other 1 of the file" in warning.problem
    one = data("truststore.pem")
    store = open_keystore(one, None)
    report = inspect(store, None, NOW)
    as_crt = verdicts(one, report, "root.crt", ["java-sdk"])
    assert [v.code for v in as_crt if v.severity.value != "info"] == []
    as_pem = verdicts(one, report, "root.pem", ["java-sdk"])
    assert [(v.code, v.fix) for v in as_pem] == [
        ("java.trust_store_format", "rename the file to end in .crt (it holds one certificate)")
    ]
    der = data("client.der")
    store = open_keystore(der, None)
    assert verdicts(der, inspect(store, None, NOW), "client.der", ["java-sdk"]) == []


def test_java_reads_key_stores_by_their_extension() -> None:
    raw = data("chain.jks")
    store = open_keystore(raw, PASSWORD)
    report = inspect(store, PASSWORD, NOW)
    said = verdicts(raw, report, "client.keystore", ["java-sdk"])
    assert [(v.code, v.fix) for v in said] == [
        ("java.file_extension", "rename the file to end in .jks")
    ]
    assert verdicts(raw, report, "client.JKS", ["java-sdk"]) == []  # lower-cased


def test_java_refuses_a_file_name_without_extension() -> None:
    """The SDK takes the extension of the name (commons-io getExtension: "" without a dot) and
    knows no reader for "": a key store or a JKS trust store named without one is refused."""
    for fixture, kind in (("chain.jks", "key stores"), ("truststore.jks", "a JKS trust store")):
        raw = data(fixture)
        report = inspect(open_keystore(raw, PASSWORD), PASSWORD, NOW)
        said = verdicts(raw, report, "store", ["java-sdk"])
        assert [(v.code, v.severity.value) for v in said] == [("java.file_extension", "error")]
        assert kind in said[0].problem and "without an extension" in said[0].problem
        assert said[0].fix == "rename the file to end in .jks"
    # With no name at all (bytes judged alone) the extension is not judged.
    raw = data("chain.jks")
    report = inspect(open_keystore(raw, PASSWORD), PASSWORD, NOW)
    assert verdicts(raw, report, None, ["java-sdk"]) == []


def test_a_healthy_store_is_accepted_by_everyone() -> None:
    assert [v for v in judge("chain.jks") if v.severity.value != "info"] == []


def test_legacy_mac_is_not_reported_where_old_java_reads_it() -> None:
    assert ("java-sdk", "java.pkcs12_mac") not in found("legacy.p12")  # SHA-1 MAC


def test_client_auth_sunset_for_a_public_ca_leaf() -> None:
    # The test root stands in for a public CA: the chain ends in a "system" root.
    root = open_keystore(data("truststore.jks"), PASSWORD).entries[0].chain[0]
    said = {v.code: v for v in judge("chain.jks", roots=[root])}
    sunset = said["mtls.client_auth_sunset"]
    assert (sunset.consumer, sunset.severity.value) == ("destination-service", "warning")
    assert "SAP KBA 3711618" in sunset.problem and "2124-01-01" in sunset.problem
    assert "mtls.client_auth_sunset" not in {v.code for v in judge("chain.jks")}  # private CA


def test_no_client_auth_names_the_sunset_only_for_public_renewals() -> None:
    (v,) = [v for v in judge("no-client-auth.p12") if v.code == "mtls.no_client_auth"]
    assert "Chrome Root Program" not in v.problem  # a private CA, issued in 2024
    assert "extended key usage: serverAuth" in v.problem
    assert v.fix.startswith("get a client certificate")


def test_verdicts_for_one_consumer_only() -> None:
    raw = data("weak.jks")
    store = open_keystore(raw, PASSWORD)
    report = inspect(store, PASSWORD, NOW)
    assert {v.consumer for v in verdicts(raw, report, "weak.jks", ["java-sdk"])} <= {"java-sdk"}
    assert set(PROFILES) == {"java-sdk", "node-sdk", "cockpit", "destination-service"}


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_java_really_folds_the_alias_case() -> None:
    out = subprocess.run(
        [KEYTOOL, "-list", "-keystore", str(DATA / "mixed-case.p12"), "-storepass", PASSWORD],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "client-key, " in out and "Client-Key" not in out


def test_openssl_3_really_refuses_rc2_40_without_its_legacy_provider() -> None:
    def reads(name: str) -> bool:
        r = subprocess.run(
            ["openssl", "pkcs12", "-in", DATA / name, "-nokeys", "-passin", f"pass:{PASSWORD}"],
            capture_output=True,
        )
        return r.returncode == 0

    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout
    if not version.startswith("OpenSSL 3"):
        pytest.skip("needs OpenSSL 3")
    assert not reads("legacy.p12") and reads("chain.p12")
    assert ("node-sdk", "node.legacy_pbe") not in found("chain.p12")


def test_public_ca_is_a_root_of_the_system_bundle() -> None:
    from core.keystores.consumers import _public_ca, _system_bundle

    if not _system_bundle():
        pytest.skip("no system CA bundle on this machine")
    for path in ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"):
        try:
            first = x509.load_pem_x509_certificate(Path(path).read_bytes())
            break
        except OSError:
            continue
    assert _public_ca([first], None, open_end=False)
    private = open_keystore(data("chain.jks"), PASSWORD).entries[0].chain
    assert not _public_ca(list(private), None, open_end=False)


@pytest.mark.parametrize("name", ["truncated.p12", "chain.jks", "not-a-keystore.properties"])
def test_pkcs12_contents_refuse_what_is_not_an_intact_pkcs12(name: str) -> None:
    from core.keystores.pkcs12_contents import read_contents

    with pytest.raises(ValueError):
        read_contents(data(name))


@pytest.fixture
def renewed_without_client_auth(tmp_path: Path) -> Path:
    """A leaf issued on 1 July 2026 with serverAuth only, by openssl (tests/data/lib.sh), signed
    by the reply test CA, which the test then treats as a public CA."""
    script = f"""
set -euo pipefail
work={tmp_path}; PW={PASSWORD}; cd "$work"
source {DATA / "lib.sh"}
: > index.txt; echo 01 > serial
cp {DATA / "reply-ca.pem"} ca.pem; cp {DATA / "reply-ca.key"} ca.key
rsa leaf
sign leaf ca "/CN=renewed.example.com" 'basicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth' \\
  20260701000000Z 20270701000000Z
p12 renewed.p12 leaf.key leaf.pem ca.pem
"""
    subprocess.run(["bash", "-c", script], check=True, capture_output=True)
    return tmp_path / "renewed.p12"


def test_a_public_leaf_renewed_after_the_sunset_without_client_auth(
    renewed_without_client_auth: Path,
) -> None:
    raw = renewed_without_client_auth.read_bytes()
    store = open_keystore(raw, PASSWORD)
    report = inspect(store, PASSWORD, NOW)
    ca = x509.load_pem_x509_certificate((DATA / "reply-ca.pem").read_bytes())
    public = verdicts(raw, report, "renewed.p12", public_roots=[ca])
    (v,) = [v for v in public if v.code == "mtls.no_client_auth"]
    assert v.severity.value == "error"
    assert "issued after public CAs stopped including Client Authentication" in v.problem
    private = verdicts(raw, report, "renewed.p12", public_roots=[])
    (w,) = [v for v in private if v.code == "mtls.no_client_auth"]
    assert "public CAs" not in w.problem


def test_a_key_bag_asking_for_billions_of_rounds_is_refused_at_once() -> None:
    """keytool's bag with its PBKDF2 count raised to 2^32: cryptography would panic, or run for
    hours below that; the count is checked first."""
    from pyasn1.codec.der import decoder, encoder
    from pyasn1_modules import rfc5208, rfc8018

    from core.keystores.errors import TooManyIterations
    from core.keystores.pkcs12_contents import KeyBag, read_contents

    bag = read_contents(data("two-keys.p12")).keys[1]
    info, _ = decoder.decode(bag.der, asn1Spec=rfc5208.EncryptedPrivateKeyInfo())
    params, _ = decoder.decode(
        info["encryptionAlgorithm"]["parameters"], asn1Spec=rfc8018.PBES2_params()
    )
    kdf, _ = decoder.decode(
        params["keyDerivationFunc"]["parameters"], asn1Spec=rfc8018.PBKDF2_params()
    )
    kdf["iterationCount"] = 2**32
    params["keyDerivationFunc"]["parameters"] = encoder.encode(kdf)
    info["encryptionAlgorithm"]["parameters"] = encoder.encode(params)
    hostile = KeyBag(bag.friendly_name, encoder.encode(info), shrouded=True)
    with pytest.raises(TooManyIterations, match="Java refuses more than 5,000,000"):
        hostile.open(PASSWORD)
    assert bag.open(PASSWORD) is not None
