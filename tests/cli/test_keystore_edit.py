"""`destination-cli keystore generate|csr|import-reply|import-trusted|delete|rename|passwd`, each
result read back by keytool (aliases, entry kinds, chain lengths, the key opening with the new
password) and by openssl where it reads the format."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from tests.keystore_data import DATA, KEY_PASSWORD, PASSWORD
from tests.keytool import KEYTOOL, key_opens, keytool_entries

PW = {"PW": PASSWORD, "NEW": "n3w-secret", "KP": KEY_PASSWORD}
pytestmark = [
    pytest.mark.java,
    pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine"),
]


def openssl_certs(path: Path, password: str = PASSWORD) -> list[x509.Certificate]:
    """The certificates openssl reads from a PKCS#12 file."""
    out = subprocess.run(
        ["openssl", "pkcs12", "-in", path, "-nokeys", "-passin", f"pass:{password}"],
        capture_output=True,
        check=True,
    ).stdout
    return x509.load_pem_x509_certificates(out)


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(DATA / name, target)
    return target


def generate(
    cli, store: Path, *extra: str, env_pw: str = PASSWORD
) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return cli(
        "keystore", "generate", store, "--alias", "client",
        "--subject", "CN=client.example.com,O=Example,C=DE", "--san", "DNS:client.example.com",
        *extra, "--password-env", "PW", env={**PW, "PW": env_pw},
    )  # fmt: skip


def sign_with_openssl_ca(tmp_path: Path, csr: Path, form: str) -> Path:
    """The reply of a CA made by openssl (tests/data/reply-ca.*), as PEM, DER or P7B."""
    ext = tmp_path / "ext.cnf"
    ext.write_text("basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
    pem = tmp_path / "reply.pem"
    subprocess.run(
        ["openssl", "x509", "-req", "-in", csr, "-CA", DATA / "reply-ca.pem",
         "-CAkey", DATA / "reply-ca.key", "-set_serial", "7", "-days", "365",
         "-extfile", ext, "-out", pem],
        check=True, capture_output=True,
    )  # fmt: skip
    if form == "der":
        der = tmp_path / "reply.der"
        subprocess.run(["openssl", "x509", "-in", pem, "-outform", "DER", "-out", der], check=True)
        return der
    if form == "p7b":  # the reply with the CA's certificate, as many CAs send it
        p7b = tmp_path / "reply.p7b"
        subprocess.run(
            ["openssl", "crl2pkcs7", "-nocrl", "-certfile", pem,
             "-certfile", DATA / "reply-ca.pem", "-out", p7b],
            check=True,
        )  # fmt: skip
        return p7b
    return pem


@pytest.mark.parametrize("kind", ["p12", "jks"])
def test_generate_a_new_store_keytool_lists_the_key(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / f"client.{kind}"
    r = generate(cli, store, "--key-type", "ec")
    assert r.returncode == 0, r.stderr
    assert "Generated EC secp256r1 as client" in r.stderr
    assert keytool_entries(store) == {"client": ("PrivateKeyEntry", 1)}
    assert key_opens(store, "client", PASSWORD)
    if kind == "p12":
        (cert,) = openssl_certs(store)
        assert cert.subject.rfc4514_string() == "CN=client.example.com,O=Example,C=DE"


def test_generate_into_an_existing_jks_keeps_the_other_entries(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "chain.jks")
    before = store.read_bytes()
    r = cli(
        "keystore", "generate", store, "--alias", "Second", "--subject", "CN=second",
        "--key-size", "3072", "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "JKS keeps aliases in lower case: Second is stored as second." in r.stderr
    assert keytool_entries(store) == {
        "client": ("PrivateKeyEntry", 3),
        "second": ("PrivateKeyEntry", 1),
    }
    assert key_opens(store, "second", PASSWORD) and key_opens(store, "client", PASSWORD)
    assert (tmp_path / "chain.jks.bak").read_bytes() == before


def test_csr_verifies_and_the_openssl_ca_reply_completes_the_chain(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "client.p12"
    assert generate(cli, store).returncode == 0
    csr = tmp_path / "client.csr"
    r = cli(
        "keystore", "csr", store, "--alias", "client", "--san", "DNS:api.example.com",
        "-o", csr, "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    check = subprocess.run(
        ["openssl", "req", "-in", csr, "-verify", "-noout", "-text"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and "verify OK" in check.stderr + check.stdout
    assert "CN = client.example.com" in check.stdout and "DNS:api.example.com" in check.stdout

    reply = sign_with_openssl_ca(tmp_path, csr, "pem")
    r = cli(
        "keystore", "import-reply", store, reply, "--alias", "client",
        "--ca", DATA / "reply-ca.pem", "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "client.example.com → Reply Test CA" in r.stderr and "No findings." in r.stdout
    assert keytool_entries(store) == {"client": ("PrivateKeyEntry", 2)}
    assert key_opens(store, "client", PASSWORD)
    assert [c.subject.rfc4514_string() for c in openssl_certs(store)] == [
        "CN=client.example.com,O=Example,C=DE",
        "C=DE,O=Example,CN=Reply Test CA",  # openssl -subj order
    ]


@pytest.mark.parametrize("form", ["der", "p7b"])
def test_import_reply_in_der_and_p7b_into_jks(cli, tmp_path: Path, form: str) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "client.jks"
    assert generate(cli, store).returncode == 0
    csr = tmp_path / "client.csr"
    assert cli("keystore", "csr", store, "--alias", "client", "-o", csr,
               "--password-env", "PW", env=PW).returncode == 0  # fmt: skip
    reply = sign_with_openssl_ca(tmp_path, csr, form)
    extra = ["--ca", str(DATA / "reply-ca.pem")] if form == "der" else []
    r = cli(
        "keystore", "import-reply", store, reply, "--alias", "client", *extra,
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert keytool_entries(store) == {"client": ("PrivateKeyEntry", 2)}
    assert key_opens(store, "client", PASSWORD)


def test_a_reply_for_another_key_is_refused_and_nothing_changes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "chain.p12")
    before = store.read_bytes()
    r = cli(
        "keystore", "import-reply", store, DATA / "reply-ca.pem", "--alias", "client",
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 2
    assert "the reply does not match the key of client" in r.stderr
    assert store.read_bytes() == before and not (tmp_path / "chain.p12.bak").exists()


@pytest.mark.parametrize("kind", ["p12", "jks"])
def test_import_trusted_into_a_new_trust_store(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / f"trust.{kind}"
    r = cli(
        "keystore", "import-trusted", store, DATA / "chain-der.p7b", DATA / "truststore.pem",
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Trusted Example Root CA as example-root-ca." in r.stderr  # once, though in both
    # A PKCS#12 trust store made here carries Java's trust attribute: keytool lists every one.
    assert keytool_entries(store) == {
        "client.example.com": ("trustedCertEntry", 1),
        "example-issuing-ca": ("trustedCertEntry", 1),
        "example-root-ca": ("trustedCertEntry", 1),
    }
    if kind == "p12":
        assert len(openssl_certs(store)) == 3


def test_import_trusted_into_an_existing_trust_store(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "truststore.jks")
    r = cli(
        "keystore", "import-trusted", store, DATA / "reply-ca.pem", "--alias", "partner",
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = cli(
        "keystore", "import-trusted", store, DATA / "truststore.pem", "--password-env", "PW",
        env=PW,
    )  # fmt: skip
    assert "Example Root CA is already trusted; skipped." in r.stderr
    assert keytool_entries(store) == {
        "root": ("trustedCertEntry", 1),
        "partner": ("trustedCertEntry", 1),
    }


@pytest.mark.parametrize("name", ["two-keys.jks", "two-keys.p12"])
def test_delete_an_entry(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, name)
    r = cli("keystore", "delete", store, "--alias", "second", "--password-env", "PW", env=PW)
    assert r.returncode == 0, r.stderr
    assert keytool_entries(store) == {"client": ("PrivateKeyEntry", 3)}
    assert key_opens(store, "client", PASSWORD)
    if name.endswith(".p12"):
        assert len(openssl_certs(store)) == 3


@pytest.mark.parametrize("name", ["chain.jks", "chain.p12"])
def test_rename_an_entry(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, name)
    out = tmp_path / f"renamed-{name}"
    r = cli(
        "keystore", "rename", store, "--alias", "client", "--new-alias", "api-client",
        "-o", out, "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert keytool_entries(out) == {"api-client": ("PrivateKeyEntry", 3)}
    assert key_opens(out, "api-client", PASSWORD)
    assert store.read_bytes() == (DATA / name).read_bytes()  # -o: the source is untouched


@pytest.mark.parametrize("name", ["chain.jks", "chain.p12"])
def test_change_the_store_password(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, name)
    r = cli(
        "keystore", "passwd", store, "--new-password-env", "NEW", "--password-env", "PW", env=PW
    )
    assert r.returncode == 0, r.stderr
    assert keytool_entries(store, PW["NEW"]) == {"client": ("PrivateKeyEntry", 3)}
    assert key_opens(store, "client", PW["NEW"])
    if name.endswith(".p12"):
        assert len(openssl_certs(store, PW["NEW"])) == 3


def test_set_the_key_password_to_the_store_password(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "keypass-differs.jks")
    assert not key_opens(store, "client", PASSWORD)
    r = cli(
        "keystore", "passwd", store, "--alias", "client", "--key-password-env", "KP",
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "The key password of client is now the store password." in r.stderr
    assert key_opens(store, "client", PASSWORD)


def test_give_a_jks_key_a_password_of_its_own(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "chain.jks")
    r = cli(
        "keystore", "passwd", store, "--alias", "client", "--new-key-password-env", "KP",
        "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 1  # the re-inspection reports key.password_differs
    assert "key.password_differs" in r.stdout
    assert not key_opens(store, "client", PASSWORD)
    assert key_opens(store, "client", PASSWORD, KEY_PASSWORD)


def test_wrong_key_password_is_told_apart_from_wrong_store_password(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, "keypass-differs.jks")
    args = ("keystore", "passwd", store, "--alias", "client", "--key-password-env", "KP")
    wrong_store = cli(*args, "--password-stdin", stdin="wrong\n", env=PW)
    assert wrong_store.returncode == 2
    assert "the key store password is wrong" in wrong_store.stderr
    wrong_key = cli(*args, "--password-env", "PW", env={**PW, "KP": "wrong"})
    assert wrong_key.returncode == 2
    assert (
        "the key password given for client is wrong (the store password is right"
        in wrong_key.stderr
    )
    missing = cli("keystore", "rename", store, "--alias", "client", "--new-alias", "x",
                  "--password-env", "PW", env=PW)  # fmt: skip
    assert "the private key of client has a password of its own" in missing.stderr
    assert store.read_bytes() == (DATA / "keypass-differs.jks").read_bytes()


def test_read_only_folder_gives_a_sentence(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    folder.mkdir()
    store = folder / "chain.jks"
    shutil.copyfile(DATA / "chain.jks", store)
    folder.chmod(0o555)
    try:
        r = cli(
            "keystore", "delete", store, "--alias", "client", "--password-env", "PW",
            env=PW, no_root_read=True,
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2
    assert r.stderr == (
        f"destination-cli: {store}: the folder {folder} is read-only: the store is replaced by "
        "writing a new file beside it; choose another file with -o, or make the folder "
        "writable\n"
    )
    assert store.read_bytes() == (DATA / "chain.jks").read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == ["chain.jks"]


@pytest.mark.parametrize(
    ("name", "args", "sentence"),
    [
        ("chain.jceks", ("delete", "--alias", "client"), "JCEKS files cannot be written here"),
        ("bundle.pem", ("delete", "--alias", "client"), "editing works on JKS and PKCS#12"),
        (
            "chain.p12",
            ("generate", "--alias", "two", "--subject", "CN=two"),
            "a PKCS#12 file written here holds one private key",
        ),
        ("chain.jks", ("delete", "--alias", "nobody"), "the store has no entry nobody"),
    ],
)
def test_edits_that_cannot_be_done_say_why(cli, tmp_path: Path, name: str, args, sentence) -> None:  # type: ignore[no-untyped-def]
    store = copy(tmp_path, name)
    action, *rest = args
    r = cli("keystore", action, store, *rest, "--password-env", "PW", env=PW)
    assert r.returncode == 2 and sentence in r.stderr, r.stderr
    assert store.read_bytes() == (DATA / name).read_bytes()


def test_an_empty_store_password_is_a_sentence_not_a_traceback(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A new store given an empty password, and a PKCS#12 that openssl wrote with an empty one:
    the edit is refused in one sentence (Java cannot open such a store) and nothing is written."""
    new = tmp_path / "new.p12"
    r = generate(cli, new, env_pw="")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "the store password is empty" in r.stderr
    assert not new.exists()
    empty = tmp_path / "empty.p12"
    pem = subprocess.run(
        ["openssl", "pkcs12", "-in", DATA / "chain.p12", "-nodes", "-passin", f"pass:{PASSWORD}"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-out", empty, "-passout", "pass:"],
        input=pem, capture_output=True, check=True,
    )  # fmt: skip
    before = empty.read_bytes()
    r = cli("keystore", "rename", empty, "--alias", "1", "--new-alias", "client",
            "--password-env", "PW", env={"PW": ""})  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "the store password is empty" in r.stderr and "keystore passwd" in r.stderr
    assert empty.read_bytes() == before and not (tmp_path / "empty.p12.bak").exists()
