"""A PKCS#12 file written without an integrity MAC (`openssl pkcs12 -export -nomac`): a wrong
password is told by what it fails to decrypt, and the message says so, not that an integrity
check failed (there is none). The right password opens it like any other."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.destination import Destination
from core.keystores import open_keystore
from core.keystores.errors import CorruptKeyStore, WrongStorePassword
from core.services.check import check
from core.services.passwords import PasswordSource
from tests.keystore_data import DATA, PASSWORD

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _nomac(tmp_path: Path, *extra: str) -> Path:
    """openssl's own -nomac export of the chain.p12 fixture's key and chain."""
    pem = subprocess.run(
        ["openssl", "pkcs12", "-in", DATA / "chain.p12", "-nodes", "-passin", f"pass:{PASSWORD}"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    out = tmp_path / "nomac.p12"
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-nomac", "-passout", f"pass:{PASSWORD}", "-out", out,
         "-name", "client", *extra],
        input=pem, check=True, capture_output=True,
    )  # fmt: skip
    # The reference tool agrees the file has no MAC.
    info = subprocess.run(
        ["openssl", "pkcs12", "-in", out, "-info", "-noout", "-passin", f"pass:{PASSWORD}"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert "MAC is absent" in info.stderr + info.stdout
    return out


# openssl's default -nomac export leaves the certificates in clear; -certpbe encrypts them too.
LAYOUTS = [(), ("-certpbe", "AES-256-CBC")]


@pytest.mark.parametrize("extra", LAYOUTS, ids=["clear-certificates", "encrypted-certificates"])
def test_the_right_password_opens_a_file_without_mac(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    store = open_keystore(_nomac(tmp_path, *extra).read_bytes(), PASSWORD)
    reference = open_keystore((DATA / "chain.p12").read_bytes(), PASSWORD)
    assert [(e.alias, e.kind, list(e.chain)) for e in store.entries] == [
        (e.alias, e.kind, list(e.chain)) for e in reference.entries
    ]


@pytest.mark.parametrize("extra", LAYOUTS, ids=["clear-certificates", "encrypted-certificates"])
def test_a_wrong_password_on_a_file_without_mac_blames_no_integrity_check(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    with pytest.raises(WrongStorePassword) as caught:
        open_keystore(_nomac(tmp_path, *extra).read_bytes(), "wrong")
    message = str(caught.value)
    assert "integrity check fails" not in message
    assert "does not decrypt" in message
    assert "no integrity check" in message


def test_a_damaged_key_in_a_file_without_mac_blames_no_integrity_check(tmp_path: Path) -> None:
    # The certificates decrypt with the password; the key bag, last in the file, no longer does
    # (a byte 100 from the end lies inside its ciphertext, away from the final padding block).
    data = bytearray(_nomac(tmp_path, "-certpbe", "AES-256-CBC").read_bytes())
    data[-100] ^= 0x55
    with pytest.raises(CorruptKeyStore) as caught:
        open_keystore(bytes(data), PASSWORD)
    assert "integrity check fails" not in str(caught.value)
    assert "no integrity check" in str(caught.value)


def test_inspect_and_the_editor_say_the_same_sentence(cli, tmp_path: Path) -> None:
    path = _nomac(tmp_path)
    with pytest.raises(WrongStorePassword) as caught:
        open_keystore(path.read_bytes(), "wrong")
    sentence = str(caught.value)
    r = cli("inspect", path, "--password-stdin", stdin="wrong\n")
    assert r.returncode == 2
    assert r.stderr.strip() == f"destination-cli: {path}: {sentence}"
    d = Destination.of(
        {
            "Name": "cc",
            "Type": "HTTP",
            "URL": "https://x.example.com",
            "ProxyType": "Internet",
            "Authentication": "ClientCertificateAuthentication",
            "KeyStoreLocation": path.name,
        }
    )
    checked = check(d, tmp_path, PasswordSource(d, given="wrong"), NOW)
    said = [f.message for f in checked.findings if f.code == "keystore.wrong_password"]
    assert said == [f"KeyStoreLocation ({path.name}) cannot be opened: {sentence}."]
