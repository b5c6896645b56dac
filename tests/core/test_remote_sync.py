"""Pull, compare and plan in-process against the stand-in, with a session-only secret store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.destination import Destination
from core.errors import InputError
from core.remote.client import DestinationClient
from core.remote.remotes import parse_service_key
from core.remote.sync import compare, compare_destination, pull, read_remote, read_workspace
from core.remote.transport import load_map
from core.secrets import MemoryStore, scope_of
from tests.destination_standin import CERTS, REDACTED, StandIn, serve


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERTS / "test-ca.pem"))
    with serve() as s:
        yield s


def client_of(service: StandIn) -> DestinationClient:
    remote, secret = parse_service_key("t", json.dumps(service.service_key()).encode(), "k")
    return DestinationClient(remote, secret)


BASIC = {
    "Name": "hr", "Type": "HTTP", "URL": "https://hr.example.com", "ProxyType": "Internet",
    "Authentication": "BasicAuthentication", "User": "u", "Password": "s3cret",
}  # fmt: skip


def test_a_withheld_secret_is_unknown_neither_stored_nor_a_change(
    service: StandIn, tmp_path: Path
) -> None:
    service.collection("subaccount", "Destinations")["hr"] = dict(BASIC)
    service.redact_secrets = True
    store = MemoryStore()
    with client_of(service) as client:
        remote = read_remote(client, "subaccount")
    assert remote.destinations["hr"]["Password"] == REDACTED
    result = pull(remote, tmp_path, store)
    assert result.withheld == ["hr: Password"] and result.secrets == 0
    assert store.keys(scope_of(tmp_path, "hr")) == []
    text = (tmp_path / "hr.properties").read_text()
    assert "Password" not in text and REDACTED not in text
    # Locally set or not: a withheld value is no difference.
    assert compare(read_workspace(tmp_path, store), remote).equal
    store.set(scope_of(tmp_path, "hr"), "Password", "mine")
    assert compare(read_workspace(tmp_path, store), remote).equal


def test_secrets_compare_by_presence_and_empty_is_a_value() -> None:
    local = Destination.of({**BASIC, "Password": "a", "TrustStorePassword": ""})
    assert (
        compare_destination(local, {**BASIC, "Password": "b", "TrustStorePassword": ""}, set())
        == []
    )
    changes = compare_destination(local, {**BASIC, "Password": "", "TrustStorePassword": ""}, set())
    assert [(c.key, c.local, c.remote, c.secret) for c in changes] == [
        ("Password", "(set)", "(empty)", True)
    ]
    stored_only = Destination.of({k: v for k, v in BASIC.items() if k != "Password"})
    assert compare_destination(stored_only, BASIC, {"Password"}) == []


def test_pull_refuses_unsafe_certificate_names_before_writing(
    service: StandIn, tmp_path: Path
) -> None:
    service.collection("subaccount", "Destinations")["hr"] = dict(BASIC)
    service.collection("subaccount", "Certificates")["../evil.jks"] = {
        "Name": "../evil.jks", "Content": "AAAA",
    }  # fmt: skip
    with client_of(service) as client:
        remote = read_remote(client, "subaccount")
    with pytest.raises(InputError, match="not a plain file name"):
        pull(remote, tmp_path / "ws", MemoryStore())
    assert list((tmp_path / "ws").iterdir()) == []


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("[]", "is not a JSON rename map (an object)"),
        ('{"rename": {}}', "unknown key 'rename' (names, replace, set)"),
        ('{"set": {"Password": "x"}}', "Password is a secret; it comes from the keyring"),
        ('{"replace": [{"property": "URL"}]}', "each replace rule needs property, from and to"),
    ],
)
def test_bad_rename_maps_are_one_sentence(tmp_path: Path, text: str, sentence: str) -> None:
    path = tmp_path / "map.json"
    path.write_text(text)
    with pytest.raises(InputError, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        load_map(path)


def test_pull_replaces_destinations_where_the_folder_holds_them(
    service: StandIn, tmp_path: Path
) -> None:
    both = [
        {"Name": "a", "Type": "HTTP", "URL": "https://a.example.com", "Timeout": 5},
        {"Name": "b", "Type": "HTTP", "URL": "https://b.example.com"},
    ]
    (tmp_path / "pair.json").write_text(json.dumps(both))
    (tmp_path / "hr.properties").write_text("# kept comment\nName=hr\nType=HTTP\nURL=https://old\n")
    held = service.collection("subaccount", "Destinations")
    held["a"] = {"Name": "a", "Type": "HTTP", "URL": "https://a.example.com", "Timeout": "5"}
    held["b"] = {"Name": "b", "Type": "HTTP", "URL": "https://b2.example.com"}
    held["hr"] = dict(BASIC)
    held["new"] = {"Name": "new", "Type": "HTTP"}
    store = MemoryStore()
    with client_of(service) as client:
        remote = read_remote(client, "subaccount")
    pull(remote, tmp_path, store)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "hr.properties",
        "new.properties",
        "pair.json",
    ]
    pair = json.loads((tmp_path / "pair.json").read_text())
    assert pair == [
        {"Name": "a", "Type": "HTTP", "URL": "https://a.example.com", "Timeout": 5},
        {"Name": "b", "Type": "HTTP", "URL": "https://b2.example.com"},
    ]
    text = (tmp_path / "hr.properties").read_text()
    assert text == (
        "# kept comment\nName=hr\nType=HTTP\nURL=https://hr.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=u\n"
    )
    assert "s3cret" not in text
    assert store.get(scope_of(tmp_path, "hr"), "Password") == "s3cret"
    assert compare(read_workspace(tmp_path, store), remote).equal
