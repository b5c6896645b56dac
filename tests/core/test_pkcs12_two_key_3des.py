"""A PKCS#12 file whose layers use two-key 3DES (openssl's PBE-SHA1-2DES) opens like any other,
and without a deprecation warning on the user's terminal."""

from __future__ import annotations

import subprocess
from pathlib import Path

from core.keystores import open_keystore
from tests.keystore_data import DATA, PASSWORD


def _two_key_3des_copy(tmp_path: Path) -> bytes:
    pem = subprocess.run(
        ["openssl", "pkcs12", "-in", DATA / "chain.p12", "-nodes", "-passin", f"pass:{PASSWORD}"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    out = tmp_path / "two-key.p12"
    subprocess.run(
        ["openssl", "pkcs12", "-export", "-passout", f"pass:{PASSWORD}", "-out", out, "-name", "client",
         "-certpbe", "PBE-SHA1-2DES", "-keypbe", "PBE-SHA1-2DES"],
        input=pem, check=True, capture_output=True,
    )  # fmt: skip
    return out.read_bytes()


def test_two_key_3des_layers_open_without_a_warning(tmp_path: Path) -> None:
    # pytest turns warnings into errors: cryptography's "two-key TripleDES is deprecated"
    # reached the terminal of every inspect of such a file.
    store = open_keystore(_two_key_3des_copy(tmp_path), PASSWORD)
    reference = open_keystore((DATA / "chain.p12").read_bytes(), PASSWORD)
    assert [(e.alias, e.kind, list(e.chain)) for e in store.entries] == [
        (e.alias, e.kind, list(e.chain)) for e in reference.entries
    ]
    assert store.entries[0].open_key is not None
    store.entries[0].open_key(PASSWORD)
