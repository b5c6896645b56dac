"""The limits on what a file may ask, at their boundaries, and the words for what is not a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from core.formats import load_document
from core.keystores import TooManyIterations, open_keystore
from core.keystores.iterations import MAX_ITERATIONS, check_iterations
from core.reading import what_is
from core.validation import Context, validate
from tests.keystore_data import DATA, PASSWORD

sys.path.insert(0, str(DATA))
from make_hostile import PBKDF2, _kdf_count, _key_bag_in_rc2_40_layer, _mac_count, _rewrite


@pytest.mark.parametrize("change", [_mac_count, lambda n: _kdf_count(PBKDF2, n)])
def test_the_cap_is_javas_and_inclusive(change) -> None:  # type: ignore[no-untyped-def]
    p12 = (DATA / "chain.p12").read_bytes()
    check_iterations(_rewrite(p12, change(MAX_ITERATIONS)), pfx=True)  # Java accepts this
    with pytest.raises(TooManyIterations, match="5,000,001 rounds"):
        check_iterations(_rewrite(p12, change(MAX_ITERATIONS + 1)), pfx=True)


def test_a_key_bag_inside_the_rc2_40_layer_is_capped_and_otherwise_opens() -> None:
    """The key bag hidden in the encrypted layer: with its own count (2048) the file opens
    (openssl and cryptography read it so too); over Java's cap it is refused with the right
    password, before a round runs, and a wrong password stays a wrong password."""
    from core.keystores.errors import WrongStorePassword

    intact = open_keystore(_key_bag_in_rc2_40_layer(2048), PASSWORD)
    assert [(e.alias, e.kind.name, len(e.chain)) for e in intact.entries] == [
        ("client", "PRIVATE_KEY", 3)
    ]
    with pytest.raises(TooManyIterations, match=r"5,000,001 rounds .* \(PKCS#12 3DES\)"):
        open_keystore(_key_bag_in_rc2_40_layer(MAX_ITERATIONS + 1), PASSWORD)
    with pytest.raises(WrongStorePassword):
        open_keystore(_key_bag_in_rc2_40_layer(MAX_ITERATIONS + 1), "not-the-password")


def test_real_files_pass_and_open() -> None:
    for name in ("chain.p12", "legacy.p12", "truststore.p12", "truststore-nokeys.p12", "ec.p12"):
        check_iterations((DATA / name).read_bytes(), pfx=True)
    assert open_keystore((DATA / "encrypted-pkcs8.pem").read_bytes(), PASSWORD).entries


def test_what_stands_where_a_key_store_should_be(tmp_path: Path) -> None:
    (tmp_path / "folder.jks").mkdir()
    os.symlink(tmp_path / "gone.jks", tmp_path / "dangling.jks")
    (tmp_path / "real.jks").write_bytes(b"x")
    assert what_is(tmp_path / "real.jks") is None
    assert what_is(tmp_path / "folder.jks") == "a folder"
    assert what_is(tmp_path / "dangling.jks") == "a link to a missing file"
    assert what_is(tmp_path / "missing.jks") == "missing"
    assert what_is(tmp_path / ("k" * 300)) == "a name too long for the file system"


@pytest.mark.parametrize(
    ("name", "said"),
    [("folder.jks", "which is a folder"), ("dangling.jks", "which is a link to a missing file")],
)
def test_no_false_differs_only_in_case(tmp_path: Path, name: str, said: str) -> None:
    (tmp_path / "folder.jks").mkdir()
    os.symlink(tmp_path / "gone.jks", tmp_path / "dangling.jks")
    path = tmp_path / "d.properties"
    path.write_text(
        "Name=d\nType=HTTP\nURL=https://a.example.com\nProxyType=Internet\n"
        f"Authentication=ClientCertificateAuthentication\nKeyStoreLocation={name}\n"
        "KeyStorePassword=x\n"
    )
    findings = validate(load_document(path).entries[0].destination, Context(folder=tmp_path))
    text = " ".join(f.message for f in findings if f.code == "keystore.location.missing")
    assert said in text and "differs only in case" not in text
