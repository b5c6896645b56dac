"""`destination-cli inspect`: agreement with keytool, messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.keystore_data import DATA, PASSWORD
from tests.keytool import KEYTOOL, keytool_listing

JAVA_STORES = [
    "chain.jks",
    "chain-jdk21.jks",
    "chain.jceks",
    "chain.p12",
    "keypass-differs.jks",
    "with-secret.jceks",
    "truststore.jks",
    "truststore.p12",
    "truststore-nokeys.p12",
    "legacy.p12",
    "expired.jks",
    "no-client-auth.p12",
    "not-yet-valid.jks",
    "weak.jks",
    "ec.p12",
    "missing-issuer.jks",
    "two-keys.jks",
    "two-keys.p12",
    "cas-nokeys.p12",
    "short-chain.jks",
]


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
@pytest.mark.parametrize("name", JAVA_STORES)
def test_same_aliases_and_fingerprints_as_keytool(cli, name: str) -> None:
    path = DATA / name
    r = cli("inspect", path, "--password-stdin", "--json", stdin=PASSWORD + "\n")
    assert r.returncode in (0, 1), r.stderr
    ours = {
        e["alias"]: [c["sha256"] for c in e["chain"] if not c["from_store"]]
        for e in json.loads(r.stdout)["entries"]
        if e["java_visible"]
    }
    assert ours == keytool_listing(path)


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_every_key_of_a_multi_key_pkcs12_is_listed(cli) -> None:
    r = cli("inspect", DATA / "two-keys.p12", "--password-stdin", "--json", stdin=PASSWORD + "\n")
    entries = json.loads(r.stdout)["entries"]
    assert [(e["alias"], e["kind"], len(e["chain"])) for e in entries] == [
        ("client", "private_key", 3),
        ("second", "private_key", 3),
    ]
    listing = keytool_listing(DATA / "two-keys.p12")
    assert {e["alias"]: [c["sha256"] for c in e["chain"]] for e in entries} == listing


@pytest.mark.parametrize("name", ["truststore-nokeys.p12", "cas-nokeys.p12"])
def test_every_certificate_of_a_trust_only_pkcs12_is_listed(cli, name: str) -> None:
    import subprocess

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    r = cli("inspect", DATA / name, "--password-stdin", "--json", stdin=PASSWORD + "\n")
    entries = json.loads(r.stdout)["entries"]
    pem = subprocess.run(
        ["openssl", "pkcs12", "-in", DATA / name, "-nokeys", "-passin", f"pass:{PASSWORD}"],
        capture_output=True,
        check=True,
    ).stdout
    theirs = [
        c.fingerprint(hashes.SHA256()).hex(":").upper()
        for c in x509.load_pem_x509_certificates(pem)
    ]
    assert sorted(e["chain"][0]["sha256"] for e in entries) == sorted(theirs)
    assert {(e["kind"], e["java_visible"]) for e in entries} == {("trusted_certificate", False)}
    text = cli("inspect", DATA / name, "--password-stdin", stdin=PASSWORD + "\n").stdout
    assert "(trusted certificate, RSA 2048, invisible to Java)" in text


def test_json_schema(cli) -> None:
    r = cli(
        "inspect",
        DATA / "chain.p12",
        "--password-env",
        "KS_PW",
        "--json",
        env={"KS_PW": PASSWORD, "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["version"], out["format"], out["integrity_verified"]) == (1, "PKCS12", True)
    (entry,) = out["entries"]
    assert (entry["alias"], entry["kind"], len(entry["chain"])) == ("client", "private_key", 3)
    leaf = entry["chain"][0]
    for key in (
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "sha1",
        "sha256",
        "san",
        "key_usage",
        "extended_key_usage",
        "status",
    ):
        assert key in leaf
    assert leaf["san"] == ["DNS:client.example.com"]
    assert leaf["extended_key_usage"] == ["clientAuth"]
    assert leaf["key_usage"] == ["digitalSignature", "keyEncipherment"]
    assert leaf["status"] == "ok" and leaf["subject"] == "C=DE,O=Example,CN=client.example.com"
    assert out["findings"] == []


def test_findings_exit_1_with_alias(cli) -> None:
    r = cli("inspect", DATA / "expired.jks", "--password-stdin", "--json", stdin=PASSWORD)
    assert r.returncode == 1
    (finding,) = json.loads(r.stdout)["findings"]
    assert finding == {
        "severity": "error",
        "code": "cert.expired",
        "alias": "client",
        "message": "expired.example.com expired on 2001-01-01.",
    }


def test_text_output_is_a_tree_with_findings(cli) -> None:
    r = cli("inspect", DATA / "keypass-differs.jks", "--password-stdin", stdin=PASSWORD)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].endswith("keypass-differs.jks: JKS, 1 entry, integrity verified")
    assert lines[2] == "client  (private key, RSA 2048)"
    assert lines[3].startswith("  ✓ client.example.com  until 2124-01-01")
    assert lines[4].startswith("  └─ ✓ Example Issuing CA  until 2124-01-01")
    assert lines[5].startswith("     └─ ✓ Example Root CA (self-signed)  until 2124-01-01")
    assert "key.password_differs" in r.stdout


def test_verbose_shows_every_field(cli) -> None:
    r = cli("inspect", DATA / "chain.jks", "--password-stdin", "-v", stdin=PASSWORD)
    for label in (
        "Subject:",
        "Issuer:",
        "Serial:",
        "Not before:",
        "Not after:",
        "SHA-1:",
        "SHA-256:",
        "SAN:",
        "Key usage:",
        "Extended key usage:",
        "CA:",
        "Subject key ID:",
        "Authority key ID:",
    ):
        assert label in r.stdout


ERRORS = [
    (
        "chain.jks",
        "wrong",
        "the key store password is wrong (the file's structure is intact, its integrity check fails with this password)",
    ),
    ("chain.jceks", "wrong", "the key store password is wrong"),
    (
        "chain.p12",
        "wrong",
        "the key store password is wrong (the file's structure is intact, its integrity check fails with this password)",
    ),
    (
        "truncated.jks",
        PASSWORD,
        "the file ends in the middle of an entry: it is truncated or damaged",
    ),
    (
        "truncated.p12",
        PASSWORD,
        "the file is not an intact PKCS#12 key store: it is truncated or damaged",
    ),
    (
        "flipped.jks",
        PASSWORD,
        "the password is right (it opens the private key), but the file's integrity check fails: the file was damaged or changed after it was written",
    ),
    ("empty.jks", PASSWORD, "is empty"),
    (
        "archive.zip",
        PASSWORD,
        "is a ZIP archive, not a key store (JKS, JCEKS, PKCS#12, PEM, DER or PKCS#7)",
    ),
    (
        "not-a-keystore.properties",
        PASSWORD,
        "is text that looks like a destination .properties file, not a key store",
    ),
    (
        "key-only.pem",
        PASSWORD,
        "is a PEM private key without certificates; a key store needs the certificate chain too",
    ),
]


@pytest.mark.parametrize(("name", "password", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_cannot_open_gives_distinct_message_and_exit_2(
    cli, name: str, password: str, message: str
) -> None:
    r = cli("inspect", DATA / name, "--password-stdin", stdin=password)
    assert r.returncode == 2
    assert r.stderr.startswith(f"destination-cli: {DATA / name}: {message}")
    assert r.stderr.count("\n") == 1 and r.stdout == ""


def test_password_required_for_encrypted_pkcs12(cli) -> None:
    r = cli("inspect", DATA / "chain.p12")  # stdin is not a terminal: no prompt, no password
    assert r.returncode == 2
    assert (
        r.stderr
        == f"destination-cli: {DATA / 'chain.p12'}: the PKCS#12 file is encrypted: a password is needed\n"
    )


def test_jks_without_password_lists_like_keytool(cli) -> None:
    r = cli("inspect", DATA / "chain.jks", "--json")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert (out["integrity_verified"], out["integrity"]) == (False, "not_checked")
    assert [f["code"] for f in out["findings"]] == ["store.integrity_not_verified"]


def test_too_large(cli, tmp_path: Path) -> None:
    big = tmp_path / "big.p12"
    big.write_bytes(b"\x30" * (10 * 1024 * 1024 + 1))
    r = cli("inspect", big, "--password-stdin", stdin=PASSWORD)
    assert r.returncode == 2
    assert (
        r.stderr == f"destination-cli: {big}: is 10,485,761 bytes; key stores are at most 10 MB "
        "(10,485,760 bytes), so this is not one\n"
    )


def test_missing_file_and_password_env(cli, tmp_path: Path) -> None:
    r = cli("inspect", tmp_path / "nope.jks", "--password-stdin", stdin="x")
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {tmp_path / 'nope.jks'}: no such file\n",
    )
    r = cli(
        "inspect",
        DATA / "chain.jks",
        "--password-env",
        "NOT_SET_ANYWHERE",
        env={"PATH": "/usr/bin"},
    )
    assert (r.returncode, r.stderr) == (
        2,
        "destination-cli: environment variable NOT_SET_ANYWHERE is not set\n",
    )


def test_no_password_argument_exists(cli) -> None:
    r = cli("inspect", DATA / "chain.jks", "--password", PASSWORD)
    assert r.returncode == 2 and "unrecognized arguments" in r.stderr


CACERTS = Path("/etc/ssl/certs/java/cacerts")


@pytest.mark.skipif(not CACERTS.exists(), reason="no Java cacerts on this machine")
def test_system_cacerts_opens_quietly(cli) -> None:
    # Some roots there have negative serial numbers: cryptography warns, we must not print it.
    r = cli("inspect", CACERTS, "--password-stdin", "--json", stdin="changeit")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    out = json.loads(r.stdout)
    assert out["format"] == "JKS" and len(out["entries"]) > 100
    assert {e["kind"] for e in out["entries"]} == {"trusted_certificate"}


def test_consumer_table_and_exit_code_for_one_consumer(cli) -> None:
    args = ("inspect", DATA / "truststore.jks", "--password-stdin")
    everyone = cli(*args, stdin=PASSWORD + "\n")
    assert everyone.returncode == 0  # no error findings; the table only informs
    assert "Consumers:" in everyone.stdout
    assert "  node-sdk             rejects     ✗ The Node SDK takes trust stores only as PEM" in (
        everyone.stdout
    )
    assert "  java-sdk             accepts     -" in everyone.stdout
    node = cli(*args, "--for", "node-sdk", stdin=PASSWORD + "\n")
    assert node.returncode == 1 and "java-sdk" not in node.stdout
    java = cli(*args, "--for", "java-sdk", "--json", stdin=PASSWORD + "\n")
    assert java.returncode == 0 and json.loads(java.stdout)["consumers"] == []
    pem = cli("inspect", DATA / "truststore.pem", "--for", "java-sdk", "--json")
    (verdict,) = json.loads(pem.stdout)["consumers"]
    assert (pem.returncode, verdict["code"]) == (1, "java.trust_store_format")
    assert verdict["fix"] == "rename the file to end in .crt (it holds one certificate)"


def test_a_pkcs12_cryptography_reads_only_as_ber_gives_one_sentence(cli, tmp_path: Path) -> None:
    """Bytes after the PKCS#12 structure: cryptography falls back to BER and says so with a
    Python warning, which reached the user's terminal above the one sentence."""
    damaged = tmp_path / "trailing.p12"
    damaged.write_bytes((DATA / "chain.p12").read_bytes() + b"xyz")
    r = cli("inspect", damaged, "--password-stdin", stdin=PASSWORD)
    assert r.returncode == 2
    assert r.stderr.startswith(f"destination-cli: {damaged}: ")
    assert r.stderr.count("\n") == 1 and "Warning" not in r.stderr


@pytest.mark.parametrize(
    ("name", "password", "line"),
    [
        ("bundle.pem", None, "PEM, 1 entry, no integrity check (PEM has none)"),
        ("encrypted-pkcs8.pem", PASSWORD, "PEM, 1 entry, no integrity check (PEM has none)"),
        ("client.der", None, "DER, 1 entry, no integrity check (DER has none)"),
        ("chain.p7b", None, "PKCS7, 3 entries, no integrity check (PKCS#7 has none)"),
        ("chain-der.p7b", PASSWORD, "PKCS7, 3 entries, no integrity check (PKCS#7 has none)"),
    ],
    ids=["pem", "encrypted-pem", "der", "pkcs7", "pkcs7-der"],
)
def test_formats_without_an_integrity_check_say_so(
    cli, name: str, password: str | None, line: str
) -> None:
    given = ("--password-stdin",) if password else ()
    r = cli("inspect", DATA / name, *given, stdin=f"{password}\n" if password else "")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == f"{DATA / name}: {line}"
    assert "No findings." in r.stdout  # and no warning: such a file is normal
    r = cli("inspect", DATA / name, *given, "--json", stdin=f"{password}\n" if password else "")
    out = json.loads(r.stdout)
    assert (out["integrity"], out["integrity_verified"], out["findings"]) == ("absent", False, [])


@pytest.mark.parametrize("name", ["encrypted-pkcs1.pem", "encrypted-pkcs8.pem"])
def test_an_encrypted_pem_key_without_its_password_is_said_not_checked(cli, name: str) -> None:
    message = (
        "The private key of key is encrypted and was not checked against its certificate: "
        "give its password to check it."
    )
    r = cli("inspect", DATA / name)  # no terminal: no prompt, no password
    assert r.returncode == 0  # a warning, as for a Java store opened without a password
    assert f"warning {message} [key]  (key.not_checked)" in r.stdout
    assert "No findings" not in r.stdout
    out = json.loads(cli("inspect", DATA / name, "--json").stdout)
    assert out["integrity"] == "absent"
    assert out["findings"] == [
        {"severity": "warning", "code": "key.not_checked", "message": message, "alias": "key"}
    ]
    # With its password the key is checked and nothing is said; with a wrong one, that.
    right = cli("inspect", DATA / name, "--json", "--password-stdin", stdin=PASSWORD)
    assert (right.returncode, json.loads(right.stdout)["findings"]) == (0, [])
    wrong = cli("inspect", DATA / name, "--json", "--password-stdin", stdin="wrong")
    assert wrong.returncode == 1
    assert [f["code"] for f in json.loads(wrong.stdout)["findings"]] == ["key.password_differs"]
