"""The run's key store cache: a file is opened once however many destinations name it, and the
verdict follows the file and the password."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from core.destination import Destination
from core.keystore_cache import StoreCache
from core.keystores import CorruptKeyStore, WrongStorePassword
from core.keystores.key_check import fully_validated
from core.linked_stores import linked_stores
from tests.keystore_data import DATA, NOW, PASSWORD
from tests.keytool import KEYTOOL


def _client(store: str) -> Destination:
    return Destination.of(
        {
            "Name": "d",
            "Type": "HTTP",
            "URL": "https://example.com",
            "ProxyType": "Internet",
            "Authentication": "ClientCertificateAuthentication",
            "KeyStoreLocation": store,
        }
    )


def _codes(cache: StoreCache, folder: Path, password: str | None) -> set[str]:
    stores = linked_stores(_client("client.jks"), folder, lambda _k: password, NOW, cache=cache)
    return {f.code for s in stores for f in s.findings}


def test_a_store_named_by_many_destinations_is_opened_once(tmp_path: Path) -> None:
    shutil.copyfile(DATA / "chain.jks", tmp_path / "client.jks")
    cache = StoreCache()
    verdicts = [_codes(cache, tmp_path, PASSWORD) for _ in range(50)]
    assert cache.opened == 1
    assert all(v == verdicts[0] for v in verdicts)
    assert "keystore.wrong_password" not in verdicts[0]


def test_the_verdict_follows_a_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    cache = StoreCache()
    assert "cert.expired" not in _codes(cache, tmp_path, PASSWORD)
    # Replaced the way editors and our own writer do it: a new file renamed over the old one.
    shutil.copyfile(DATA / "expired.jks", tmp_path / "new.jks")
    os.replace(tmp_path / "new.jks", target)
    assert "cert.expired" in _codes(cache, tmp_path, PASSWORD)
    assert cache.opened == 2


def test_the_verdict_follows_a_file_rewritten_in_place_with_its_old_times(tmp_path: Path) -> None:
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    cache = StoreCache()
    assert "keystore.corrupt" not in _codes(cache, tmp_path, PASSWORD)
    before = target.stat()
    damaged = bytearray(target.read_bytes())
    damaged[-5] ^= 0xFF  # same size, same inode, and the old modification time put back
    with target.open("r+b") as f:
        f.write(damaged)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert target.stat().st_size == before.st_size
    after = _codes(cache, tmp_path, PASSWORD)
    assert after & {"keystore.corrupt", "keystore.wrong_password"}, after
    assert cache.opened == 2


def test_the_verdict_follows_the_password(tmp_path: Path) -> None:
    shutil.copyfile(DATA / "chain.jks", tmp_path / "client.jks")
    cache = StoreCache()
    right = _codes(cache, tmp_path, PASSWORD)
    wrong = _codes(cache, tmp_path, "not-the-password")
    assert "keystore.wrong_password" in wrong
    assert "keystore.wrong_password" not in right
    assert _codes(cache, tmp_path, PASSWORD) == right  # both verdicts kept
    assert cache.opened == 2


@pytest.mark.skipif(KEYTOOL is None, reason="keytool is the reference")
def test_the_verdict_follows_a_store_password_changed_by_keytool(tmp_path: Path) -> None:
    assert KEYTOOL
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    cache = StoreCache()
    assert "keystore.wrong_password" not in _codes(cache, tmp_path, PASSWORD)
    subprocess.run(
        [
            KEYTOOL,
            "-storepasswd",
            "-keystore",
            str(target),
            "-storepass",
            PASSWORD,
            "-new",
            "newpass123",
        ],
        check=True,
        capture_output=True,
    )
    # The old password still opens the key, so the product calls the file changed after writing.
    old = _codes(cache, tmp_path, PASSWORD)
    assert old & {"keystore.wrong_password", "keystore.corrupt"}, old
    # The key password stayed the old one: the new store password opens the file, not the key.
    assert "key.password_differs" in _codes(cache, tmp_path, "newpass123")


def test_errors_are_verdicts_too_and_raised_again(tmp_path: Path) -> None:
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    cache = StoreCache()
    for _ in range(3):
        with pytest.raises(WrongStorePassword):
            cache.report(target, "nope", NOW)
    assert cache.opened == 1


def test_a_later_clock_judges_the_opened_store_again(tmp_path: Path) -> None:
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    cache = StoreCache()
    first = cache.report(target, PASSWORD, NOW)
    later = cache.report(target, PASSWORD, NOW + timedelta(days=10))
    assert cache.opened == 1
    assert later.entries[0].chain[0].days_left == first.entries[0].chain[0].days_left - 10
    assert all(e.key_checked for e in later.entries if e.kind.value == "private_key")


def test_the_password_is_kept_only_as_a_salted_digest(tmp_path: Path) -> None:
    target = tmp_path / "client.jks"
    shutil.copyfile(DATA / "chain.jks", target)
    one, other = StoreCache(), StoreCache()
    one.report(target, PASSWORD, NOW)
    other.report(target, PASSWORD, NOW)
    kept = [key.password for key in one._verdicts]
    assert PASSWORD.encode() not in b"".join(kept)
    assert PASSWORD not in repr(list(one._verdicts))
    assert kept != [key.password for key in other._verdicts]  # no stable hash of the password


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    cache = StoreCache(limit=3)
    for i in range(6):
        shutil.copyfile(DATA / "chain.jks", tmp_path / f"s{i}.jks")
        cache.report(tmp_path / f"s{i}.jks", PASSWORD, NOW)
    assert len(cache._verdicts) == 3


def test_a_key_read_without_rsa_checks_is_validated_before_use() -> None:
    good = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    n = good.private_numbers()
    bad = rsa.RSAPrivateNumbers(
        n.p, n.q, n.d, n.dmp1 ^ 2, n.dmq1, n.iqmp, n.public_numbers
    ).private_key(unsafe_skip_rsa_key_validation=True)
    assert fully_validated(good) is not None
    with pytest.raises(CorruptKeyStore, match="not a consistent RSA key"):
        fully_validated(bad)
