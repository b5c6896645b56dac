"""The sample workspace's "expires soon" key store, made when the samples are first opened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.keystores import open_keystore
from core.keystores.inspection import inspect
from core.samples import SAMPLE_PASSWORD, make_expiring_store
from tests.keystore_data import NOW
from tests.keytool import KEYTOOL, key_opens_with_store_password, keytool_listing


def test_it_expires_twenty_days_after_it_was_made(tmp_path: Path) -> None:
    path = tmp_path / "billing-client.jks"
    make_expiring_store(path, NOW)
    report = inspect(open_keystore(path.read_bytes(), SAMPLE_PASSWORD), SAMPLE_PASSWORD, NOW)
    (entry,) = report.entries
    assert entry.alias == "client" and entry.chain[0].facts.short_name == "billing-client"
    assert entry.chain[0].facts.not_after == NOW + timedelta(days=20)
    assert entry.chain[0].facts.extended_key_usage == ("clientAuth",)
    assert [f.code for f in report.findings] == ["cert.expiring"]


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_keytool_reads_it_and_its_key_opens_with_the_store_password(tmp_path: Path) -> None:
    path = tmp_path / "billing-client.jks"
    make_expiring_store(path, NOW)
    assert list(keytool_listing(path)) == ["client"]
    assert key_opens_with_store_password(path, "client")
