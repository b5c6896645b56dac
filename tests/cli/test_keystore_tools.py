"""`destination-cli keystore build|convert|fix`, each result checked by keytool: its aliases, its
chain length, and that the key opens with the store password alone (what SAP's Java SDK does)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.keystore_data import DATA, KEY_PASSWORD, PASSWORD
from tests.keytool import KEYTOOL, key_opens_with_store_password, keytool_listing

TOOLS = DATA / "tools"
PW = {"PW": PASSWORD}
pytestmark = [
    pytest.mark.java,
    pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine"),
]


def chain_lengths(path: Path) -> dict[str, int]:
    return {alias: len(chain) for alias, chain in keytool_listing(path).items()}


@pytest.mark.parametrize("to", ["p12", "jks"])
def test_build_completes_and_orders_the_chain_from_the_ca_files(
    cli, tmp_path: Path, to: str
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"client.{to}"
    r = cli(
        "keystore", "build", "--key", TOOLS / "client.key", "--cert", TOOLS / "client.pem",
        # unordered, with one that belongs to nothing
        "--ca", TOOLS / "root-ca.pem", "--ca", TOOLS / "unrelated-ca.pem", "--ca", TOOLS / "issuing-ca.pem",
        "--to", to, "-o", out, "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Chain of client: api-client → Client Issuing CA → Client Root CA." in r.stderr
    assert "Left out, as not part of the chain: Unknown Root CA." in r.stderr
    assert "No findings." in r.stdout  # the result, inspected again
    assert chain_lengths(out) == {"client": 3}
    assert key_opens_with_store_password(out, "client")
    assert out.stat().st_mode & 0o777 == 0o600


def test_build_with_a_missing_ca_says_so_and_exits_1(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "client.p12"
    r = cli(
        "keystore", "build", "--key", TOOLS / "client.key", "--cert", TOOLS / "client.pem",
        "--ca", TOOLS / "issuing-ca.pem", "--to", "p12", "-o", out, "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert r.returncode == 1
    assert "The chain stops at Client Issuing CA" in r.stderr and "chain.missing_issuer" in r.stdout
    assert chain_lengths(out) == {"client": 2}


def test_build_refuses_a_certificate_of_another_key(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.p12"
    r = cli(
        "keystore", "build", "--key", TOOLS / "client.key", "--cert", TOOLS / "root-ca.pem",
        "--to", "p12", "-o", out, "--password-env", "PW", env=PW,
    )  # fmt: skip
    assert (r.returncode, r.stderr) == (
        2,
        f"destination-cli: {TOOLS / 'client.key'}: none of the given certificates belongs to the private key\n",
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("source", "to"), [("chain.jks", "p12"), ("chain.p12", "jks"), ("chain.jceks", "p12")]
)
def test_convert(cli, tmp_path: Path, source: str, to: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"converted.{to}"
    r = cli(
        "keystore", "convert", DATA / source, "--to", to, "-o", out, "--password-env", "PW", env=PW
    )
    assert r.returncode == 0, r.stderr
    assert keytool_listing(out) == keytool_listing(DATA / source)  # same aliases, same chains
    assert key_opens_with_store_password(out, "client")


def test_convert_a_store_whose_key_password_differs(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "same.p12"
    source = DATA / "keypass-differs.jks"
    r = cli("keystore", "convert", source, "--to", "p12", "-o", out, "--password-env", "PW", env=PW)
    assert r.returncode == 2 and "give its own password as the key password" in r.stderr
    assert not out.exists()
    r = cli(
        "keystore", "convert", source, "--to", "p12", "-o", out, "--password-env", "PW",
        "--key-password-env", "KP", env={**PW, "KP": KEY_PASSWORD},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert chain_lengths(out) == {"client": 3}
    assert key_opens_with_store_password(out, "client")


def test_fix_sets_the_key_password_to_the_store_password(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, out = DATA / "keypass-differs.jks", tmp_path / "fixed.jks"
    assert not key_opens_with_store_password(source, "client")
    r = cli(
        "keystore", "fix", source, "-o", out, "--password-env", "PW",
        "--key-password-env", "KP", env={**PW, "KP": KEY_PASSWORD},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "The key password of client is now the store password." in r.stderr
    assert chain_lengths(out) == {"client": 3}
    assert key_opens_with_store_password(out, "client")


@pytest.mark.parametrize(("keep", "kept"), [(None, "client"), ("second", "second")])
def test_fix_keeps_one_private_key(cli, tmp_path: Path, keep: str | None, kept: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "one.jks"
    extra = ["--keep-alias", keep] if keep else []
    r = cli(
        "keystore", "fix", DATA / "two-keys.jks", "-o", out, *extra, "--password-env", "PW", env=PW
    )
    # the second key's certificate expired in 2001: written, and the inspection says so
    assert r.returncode == (0 if kept == "client" else 1), r.stderr
    assert ("cert.expired" in r.stdout) == (kept == "second")
    assert list(keytool_listing(out)) == [kept]
    assert key_opens_with_store_password(out, kept)
    assert "store.several_private_keys" not in r.stdout


def test_fix_drops_expired_extra_certificates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source, out = TOOLS / "with-expired-extra.jks", tmp_path / "clean.jks"
    assert set(keytool_listing(source)) == {"client", "old-partner"}
    r = cli("keystore", "fix", source, "-o", out, "--password-env", "PW", env=PW)
    assert r.returncode == 0, r.stderr
    assert (
        "Left out the expired certificate old-partner (expired-client, expired 2001-01-01)."
        in r.stderr
    )
    assert chain_lengths(out) == {"client": 3}
    kept = tmp_path / "kept.jks"
    r = cli("keystore", "fix", source, "-o", kept, "--keep-expired", "--password-env", "PW", env=PW)
    assert set(keytool_listing(kept)) == {"client", "old-partner"}


def test_never_in_place_and_never_over_a_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "chain.jks"
    shutil.copy(DATA / "chain.jks", store)
    before = store.read_bytes()
    r = cli("keystore", "fix", store, "-o", store, "--password-env", "PW", env=PW)
    assert r.returncode == 2 and "the result always goes to a new file" in r.stderr
    other = tmp_path / "other.p12"
    other.write_bytes(b"keep me")
    r = cli(
        "keystore", "convert", store, "--to", "p12", "-o", other, "--password-env", "PW", env=PW
    )
    assert r.returncode == 2 and "exists; choose a new file name" in r.stderr
    assert store.read_bytes() == before and other.read_bytes() == b"keep me"


def test_a_wrong_store_password_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.p12"
    r = cli(
        "keystore",
        "convert",
        DATA / "chain.jks",
        "--to",
        "p12",
        "-o",
        out,
        "--password-env",
        "PW",
        env={"PW": "nope"},
    )
    assert r.returncode == 2 and "password is wrong" in r.stderr and not out.exists()
