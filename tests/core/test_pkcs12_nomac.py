"""A PKCS#12 file written without an integrity MAC (`openssl pkcs12 -export -nomac`): a wrong
password is told by what it fails to decrypt, and the message says so, not that an integrity
check failed (there is none). The right password opens it like any other, yet it is never called
verified: it has no integrity check, and when nothing in it is encrypted any password opens it."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.destination import Destination
from core.findings import Finding, Severity
from core.keystores import open_keystore
from core.keystores.consumers import verdicts
from core.keystores.errors import CorruptKeyStore, WrongStorePassword
from core.keystores.inspection import Report, inspect
from core.keystores.model import Integrity
from core.services.check import check
from core.services.passwords import PasswordSource
from tests.keystore_data import DATA, PASSWORD, nomac_p12
from tests.keytool import KEYTOOL

NOW = datetime(2026, 1, 1, tzinfo=UTC)


# openssl's default -nomac export leaves the certificates in clear; -certpbe encrypts them too.
LAYOUTS = [(), ("-certpbe", "AES-256-CBC")]


@pytest.mark.parametrize("extra", LAYOUTS, ids=["clear-certificates", "encrypted-certificates"])
def test_the_right_password_opens_a_file_without_mac(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    store = open_keystore(nomac_p12(tmp_path, *extra).read_bytes(), PASSWORD)
    reference = open_keystore((DATA / "chain.p12").read_bytes(), PASSWORD)
    assert [(e.alias, e.kind, list(e.chain)) for e in store.entries] == [
        (e.alias, e.kind, list(e.chain)) for e in reference.entries
    ]


@pytest.mark.parametrize("extra", LAYOUTS, ids=["clear-certificates", "encrypted-certificates"])
def test_a_wrong_password_on_a_file_without_mac_blames_no_integrity_check(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    with pytest.raises(WrongStorePassword) as caught:
        open_keystore(nomac_p12(tmp_path, *extra).read_bytes(), "wrong")
    message = str(caught.value)
    assert "integrity check fails" not in message
    assert "does not decrypt" in message
    assert "no integrity check" in message


def test_a_damaged_key_in_a_file_without_mac_blames_no_integrity_check(tmp_path: Path) -> None:
    # The certificates decrypt with the password; the key bag, last in the file, no longer does
    # (a byte 100 from the end lies inside its ciphertext, away from the final padding block).
    data = bytearray(nomac_p12(tmp_path, "-certpbe", "AES-256-CBC").read_bytes())
    data[-100] ^= 0x55
    with pytest.raises(CorruptKeyStore) as caught:
        open_keystore(bytes(data), PASSWORD)
    assert "integrity check fails" not in str(caught.value)
    assert "no integrity check" in str(caught.value)


def _naming(path: Path) -> Destination:
    """A client-certificate destination whose key store is the file at `path`."""
    return Destination.of(
        {
            "Name": "cc",
            "Type": "HTTP",
            "URL": "https://x.example.com",
            "ProxyType": "Internet",
            "Authentication": "ClientCertificateAuthentication",
            "KeyStoreLocation": path.name,
        }
    )


def test_inspect_and_the_editor_say_the_same_sentence(cli, tmp_path: Path) -> None:
    path = nomac_p12(tmp_path)
    with pytest.raises(WrongStorePassword) as caught:
        open_keystore(path.read_bytes(), "wrong")
    sentence = str(caught.value)
    r = cli("inspect", path, "--password-stdin", stdin="wrong\n")
    assert r.returncode == 2
    assert r.stderr.strip() == f"destination-cli: {path}: {sentence}"
    d = _naming(path)
    checked = check(d, tmp_path, PasswordSource(d, given="wrong"), NOW)
    said = [f.message for f in checked.findings if f.code == "keystore.wrong_password"]
    assert said == [f"KeyStoreLocation ({path.name}) cannot be opened: {sentence}."]


def _report(path: Path, password: str | None) -> Report:
    return inspect(open_keystore(path.read_bytes(), password), password, NOW)


def _no_mac_finding(report: Report) -> Finding:
    [finding] = [f for f in report.findings if f.code == "pkcs12.no_mac"]
    return finding


KINDS = {
    "key-clear-certificates": ((), True),
    "key-encrypted-certificates": (("-certpbe", "AES-256-CBC"), False),
    "nokeys-clear": (("-nokeys",), True),
    "nokeys-encrypted": (("-nokeys", "-certpbe", "AES-256-CBC"), False),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_without_mac_is_not_called_verified(tmp_path: Path, kind: str) -> None:
    report = _report(nomac_p12(tmp_path, *KINDS[kind][0]), PASSWORD)
    assert report.integrity is Integrity.ABSENT
    said = report.as_json()
    assert (said["integrity"], said["integrity_verified"]) == ("absent", False)
    finding = _no_mac_finding(report)
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("The file has no integrity check (no MAC)")
    # It was opened with its password: not the finding of a store opened without one.
    assert "store.integrity_not_verified" not in {f.code for f in report.findings}
    assert all(e.key_checked for e in report.entries if e.kind.value == "private_key")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_what_the_finding_says_of_a_wrong_password_is_what_keytool_does(
    tmp_path: Path, kind: str
) -> None:
    """Java verifies no MAC here either: it takes a wrong password when the certificates are
    in clear, and refuses one that fails to decrypt them."""
    extra, clear = KINDS[kind]
    path = nomac_p12(tmp_path, *extra)
    assert KEYTOOL
    listing = subprocess.run(
        [KEYTOOL, "-list", "-keystore", path, "-storetype", "PKCS12", "-storepass", "wrong"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert (listing.returncode == 0) is clear, listing.stdout + listing.stderr
    message = _no_mac_finding(_report(path, PASSWORD)).message
    assert ("Java (keytool) opens it with any password" in message) is clear
    keys = "-nokeys" not in extra
    assert ("the password was not checked" in message) is (clear and not keys)


def test_a_file_without_mac_and_without_encryption_opens_with_any_password(
    tmp_path: Path,
) -> None:
    path = nomac_p12(tmp_path, "-nokeys")
    for password in (PASSWORD, "wrong", None):
        report = _report(path, password)
        assert report.integrity is Integrity.ABSENT and not report.integrity_verified
        assert "store.integrity_not_verified" not in {f.code for f in report.findings}
    assert "the password was not checked" in _no_mac_finding(_report(path, "wrong")).message
    # Without a password there was none to check: nothing is said of one.
    assert "checked" not in _no_mac_finding(_report(path, None)).message


def test_a_file_with_mac_is_verified_and_one_opened_without_password_is_not_checked() -> None:
    report = _report(DATA / "chain.p12", PASSWORD)
    assert (report.integrity, report.integrity_verified) == (Integrity.VERIFIED, True)
    assert "pkcs12.no_mac" not in {f.code for f in report.findings}
    report = _report(DATA / "chain.jks", None)
    assert (report.integrity, report.integrity_verified) == (Integrity.NOT_CHECKED, False)
    assert report.as_json()["integrity"] == "not_checked"


def test_the_node_sdk_refuses_a_key_store_without_mac(tmp_path: Path) -> None:
    path = nomac_p12(tmp_path)
    data = path.read_bytes()
    said = [
        v
        for v in verdicts(data, _report(path, PASSWORD), "client.p12")
        if v.code == "node.pkcs12_no_mac"
    ]
    assert [(v.consumer, v.severity) for v in said] == [("node-sdk", Severity.ERROR)]
    assert not [
        v
        for v in verdicts(
            (DATA / "chain.p12").read_bytes(), _report(DATA / "chain.p12", PASSWORD), "c.p12"
        )
        if v.code == "node.pkcs12_no_mac"
    ]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the verdict is not compared with Node itself")
    script = (
        "const tls = require('tls'), fs = require('fs');"
        "try { tls.createSecureContext({pfx: fs.readFileSync(process.argv[1]),"
        " passphrase: process.argv[2]}); console.log('ok') }"
        "catch (e) { console.log(e.message) }"
    )
    ran = [node, "-e", script, "--"]
    assert (
        subprocess.run([*ran, path, PASSWORD], capture_output=True, text=True).stdout
        == "mac absent\n"
    )
    assert (
        subprocess.run([*ran, DATA / "chain.p12", PASSWORD], capture_output=True, text=True).stdout
        == "ok\n"
    )


def test_validate_and_inspect_say_the_same_of_a_file_without_mac(cli, tmp_path: Path) -> None:
    path = nomac_p12(tmp_path)
    r = cli("inspect", path, "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr  # a warning
    assert (
        r.stdout.splitlines()[0]
        == f"{path}: PKCS12, 1 entry, no integrity check (the file has no MAC)"
    )
    out = json.loads(
        cli("inspect", path, "--json", "--password-stdin", stdin=PASSWORD + "\n").stdout
    )
    assert (out["integrity"], out["integrity_verified"]) == ("absent", False)
    inspected = [f["message"] for f in out["findings"] if f["code"] == "pkcs12.no_mac"]
    d = _naming(path)
    checked = check(d, tmp_path, PasswordSource(d, given=PASSWORD), NOW)
    validated = [f.message for f in checked.findings if f.code == "pkcs12.no_mac"]
    assert len(inspected) == 1
    assert validated == [f"KeyStoreLocation ({path.name}): {inspected[0]}"]


def test_the_fix_the_finding_names_writes_a_file_with_mac(tmp_path: Path) -> None:
    from core.keystore_tools import convert
    from core.keystores.model import Format

    store = open_keystore(nomac_p12(tmp_path).read_bytes(), PASSWORD)
    again = open_keystore(convert(store, PASSWORD, None, Format.PKCS12).data, PASSWORD)
    assert again.integrity is Integrity.VERIFIED
    assert [e.alias for e in again.entries] == [e.alias for e in store.entries]
