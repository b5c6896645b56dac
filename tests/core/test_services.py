"""The use-case layer: the one password order, the one location-to-password map, one upload."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.destination import Destination
from core.findings import Severity
from core.secrets import MemoryStore, scope_of
from core.services.check import check
from core.services.passwords import LINKS, PasswordSource
from core.services.upload import prepare_upload
from tests.keystore_data import DATA

NOW = datetime.now(UTC)


def test_the_location_to_password_map() -> None:
    assert dict(LINKS) == {
        "KeyStoreLocation": "KeyStorePassword",
        "TrustStoreLocation": "TrustStorePassword",
        "tokenService.KeyStoreLocation": "tokenService.KeyStorePassword",
    }


@pytest.mark.parametrize("location", list(LINKS))
def test_each_location_gets_its_own_password(tmp_path: Path, location: str) -> None:
    d = Destination.of({"Name": "d"})
    store = MemoryStore()
    for key in LINKS.values():  # a different password for each, in the keyring
        store.set(scope_of(tmp_path, "d"), key, f"pw-{key}")
    source = PasswordSource(d, store=store, folder=tmp_path)
    assert source.for_location(location) == f"pw-{LINKS[location]}"


@pytest.mark.parametrize("key", list(LINKS.values()))
def test_the_order_given_typed_set_empty_file_keyring(tmp_path: Path, key: str) -> None:
    store = MemoryStore()
    store.set(scope_of(tmp_path, "d"), key, "from-keyring")
    bare, in_file = Destination.of({"Name": "d"}), Destination.of({"Name": "d", key: "in-file"})
    empty = Destination.of({"Name": "d", key: ""})

    def source(d: Destination, **kw: object) -> PasswordSource:
        return PasswordSource(d, store=store, folder=tmp_path, **kw)  # type: ignore[arg-type]

    assert source(in_file, given="given", typed={key: "typed"})(key) == "given"
    assert source(in_file, typed={key: "typed"})(key) == "typed"
    assert source(empty, typed={key: "typed"})(key) == "typed"
    assert source(empty)(key) == ""  # set empty, on purpose: not the keyring's
    assert source(in_file)(key) == "in-file"
    assert source(bare)(key) == "from-keyring"
    assert PasswordSource(bare)(key) is None  # no source at all


def test_a_given_password_is_for_key_stores_only(tmp_path: Path) -> None:
    d = Destination.of({"Name": "d", "Password": "basic"})
    assert PasswordSource(d, given="store-pw")("Password") == "basic"
    assert PasswordSource(d, given="store-pw")("KeyStorePassword") == "store-pw"


def test_stored_means_typed_or_in_the_keyring(tmp_path: Path) -> None:
    store = MemoryStore()
    store.set(scope_of(tmp_path, "d"), "Password", "x")
    d = Destination.of({"Name": "d"})
    source = PasswordSource(
        d, typed={"KeyStorePassword": "t", "TrustStorePassword": ""}, store=store, folder=tmp_path
    )
    assert source.stored("Password") and source.stored("KeyStorePassword")
    assert not source.stored("TrustStorePassword")  # typed empty is not a password


def test_the_token_service_key_store_opens_with_its_own_password(tmp_path: Path) -> None:
    shutil.copy(DATA / "chain.jks", tmp_path / "token.jks")
    d = Destination.of(
        {
            "Name": "oauth",
            "Type": "HTTP",
            "URL": "https://api.example.com",
            "ProxyType": "Internet",
            "Authentication": "OAuth2ClientCredentials",
            "clientId": "c",
            "tokenServiceURL": "https://token.example.com",
            "tokenService.KeyStoreLocation": "token.jks",
        }
    )
    store = MemoryStore()
    scope = scope_of(tmp_path, "oauth")
    store.set(scope, "KeyStorePassword", "wrong")
    store.set(scope, "tokenService.KeyStorePassword", "changeit")
    checked = check(d, tmp_path, PasswordSource(d, store=store, folder=tmp_path), NOW)
    assert [s.key for s in checked.stores] == ["tokenService.KeyStoreLocation"]
    assert checked.stores[0].report is not None  # opened: the right password was used
    store.set(scope, "tokenService.KeyStorePassword", "wrong")
    checked = check(d, tmp_path, PasswordSource(d, store=store, folder=tmp_path), NOW)
    assert [f.code for f in checked.findings if f.key == "tokenService.KeyStoreLocation"] == [
        "keystore.wrong_password"
    ]


def test_check_orders_findings_worst_first_and_calls_a_missing_file_an_error(
    tmp_path: Path,
) -> None:
    d = Destination.of(
        {
            "Name": "cc",
            "Type": "HTTP",
            "URL": "https://x.example.com",
            "ProxyType": "Internet",
            "Authentication": "ClientCertificateAuthentication",
            "KeyStoreLocation": "gone.jks",
            "KeyStorePassword": "",
            "Unknown.Thing": "x",
        }
    )
    findings = check(d, tmp_path, PasswordSource(d), NOW).findings
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    missing = [f for f in findings if f.code == "keystore.location.missing"]
    assert [f.severity for f in missing] == [Severity.ERROR]


def test_upload_leaves_out_or_fills_in(tmp_path: Path) -> None:
    d = Destination.of(
        {
            "Name": "cc",
            "Type": "HTTP",
            "URL": "https://x.example.com",
            "ProxyType": "Internet",
            "Authentication": "ClientCertificateAuthentication",
            "KeyStoreLocation": "client.jks",
            "TrustStoreLocation": "trust.jks",
        }
    )
    store = MemoryStore()
    store.set(scope_of(tmp_path, "cc"), "KeyStorePassword", "kept")
    source = PasswordSource(d, store=store, folder=tmp_path)
    out = prepare_upload([(d, source)], include_secrets=False)
    assert "KeyStorePassword" not in out.destinations[0]
    assert out.left_out == ["cc: KeyStorePassword"] and out.missing == []
    assert out.notes(False) == ["secrets left out: cc: KeyStorePassword"]
    out = prepare_upload([(d, source)], include_secrets=True)
    assert out.destinations[0]["KeyStorePassword"] == "kept"
    # The trust store is named and no source holds its password.
    assert out.missing == ["cc: TrustStorePassword"] and out.left_out == []
    typed = PasswordSource(d, typed={"TrustStorePassword": "t"}, store=store, folder=tmp_path)
    out = prepare_upload([(d, typed)], include_secrets=True)
    assert out.destinations[0]["TrustStorePassword"] == "t" and out.missing == []
