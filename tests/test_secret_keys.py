"""One definition of a secret (`core.schema.is_secret`): every known key and pattern is
stripped on save and export, kept in the real (private) Secret Service, and written only by an
explicit --include-secrets export."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cli.writing import secret_keys as entries_secret_keys
from core.formats import Entry, load_document
from core.schema import is_secret
from core.secrets import KeyringStore, scope_of, secret_keys, strip_secrets
from core.services.session import Session
from tests import secret_service as ss

# Each key with a value no other key's value contains.
SECRETS = {
    "Password": "s3cret-password",
    "KeyStorePassword": "s3cret-keystore",
    "TrustStorePassword": "s3cret-truststore",
    "clientSecret": "s3cret-client",
    "tokenServicePassword": "s3cret-tokenservice",
    "tokenService.KeyStorePassword": "s3cret-ts-keystore",
    "mail.password": "s3cret-mail",
    "ldap.password": "s3cret-ldap",
    "jco.client.passwd": "s3cret-jco",
    "jco.client.tech_user_secret": "s3cret-techuser",
    "tokenService.body.client_secret": "s3cret-body",
    "URL.headers.Authorization": "Bearer s3cret-url-header",
    "URL.headers.authorization": "Basic s3cret-lower-header",
    "tokenServiceURL.headers.Authorization": "Bearer s3cret-ts-header",
    "URL.headers.Proxy-Authorization": "Basic s3cret-proxy-header",
    "fooPassword": "s3cret-foo",
    "backend_password": "s3cret-backend",
    "apiSecret": "s3cret-api",
    "webhook.secret": "s3cret-webhook",
}
NOT_SECRETS = (
    "User",
    "clientId",
    "tokenServiceUser",
    "KeyStoreLocation",
    "tokenService.KeyStoreLocation",
    "PasswordHint",
    "URL.headers.Accept",
    "URL.headers.AuthorizationMode",
    "tokenService.body.grant_type",
    "jco.client.user",
)
BASE = {
    "Name": "many",
    "Type": "HTTP",
    "URL": "https://api.example.com",
    "ProxyType": "Internet",
    "Authentication": "NoAuthentication",
    "User": "not-a-secret",
}


@pytest.mark.parametrize("key", SECRETS)
def test_secret_keys_and_patterns(key: str) -> None:
    assert is_secret(key)


@pytest.mark.parametrize("key", NOT_SECRETS)
def test_keys_that_are_not_secrets(key: str) -> None:
    assert not is_secret(key)


def write_source(folder: Path) -> Path:
    path = folder / "many.json"
    path.write_text(json.dumps({**BASE, **SECRETS}))
    return path


def test_save_strips_every_secret_and_hands_it_to_the_keyring(tmp_path: Path) -> None:
    session = Session.open(write_source(tmp_path))
    assert sorted(secret_keys(session.destination)) == sorted(SECRETS)
    assert entries_secret_keys([Entry(session.destination)]) == list(SECRETS)
    pending = session.save()
    text = (tmp_path / "many.json").read_text()
    assert not [v for v in SECRETS.values() if v in text]
    assert json.loads(text)["User"] == "not-a-secret"
    assert pending.values == SECRETS
    assert strip_secrets(load_document(tmp_path / "many.json").entries[0].destination) == (
        load_document(tmp_path / "many.json").entries[0].destination
    )


@pytest.fixture(scope="module")
def service() -> Iterator[dict[str, str]]:
    if not ss.AVAILABLE:
        pytest.skip("dbus-daemon and gnome-keyring-daemon are needed (Debian: dbus gnome-keyring)")
    saved = dict(os.environ)
    with ss.secret_service() as env:
        os.environ.update(env)
        os.environ.pop("PYTHON_KEYRING_BACKEND", None)
        try:
            yield env
        finally:
            os.environ.clear()
            os.environ.update(saved)


def test_every_secret_is_kept_in_the_real_secret_service(tmp_path: Path, service) -> None:  # type: ignore[no-untyped-def]
    from keyring.backends import SecretService

    ss.wait_unlocked()
    store = KeyringStore(SecretService.Keyring(), timeout=ss.CALL_TIMEOUT)
    session = Session.open(write_source(tmp_path))
    pending = session.save()
    assert pending.apply(store) == sorted(SECRETS)
    scope = scope_of(tmp_path, "many")
    assert store.keys(scope) == sorted(SECRETS)
    assert {k: store.get(scope, k) for k in SECRETS} == SECRETS


def test_export_strips_every_secret_unless_asked(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write_source(tmp_path)
    assert cli("secret", "import", source, env=keyring_env).returncode == 0
    after_import = source.read_text()
    assert not [v for v in SECRETS.values() if v in after_import]
    plain = tmp_path / "plain.json"
    assert cli("export", source, "--to", "json", "-o", plain, env=keyring_env).returncode == 0
    assert not [v for v in SECRETS.values() if v in plain.read_text()]
    full = tmp_path / "full.json"
    r = cli("export", source, "--to", "json", "-o", full, "--include-secrets", env=keyring_env)
    assert r.returncode == 0, r.stderr
    exported = json.loads(full.read_text())
    assert {k: exported[k] for k in SECRETS} == SECRETS


def test_catalogue_password_fields_are_exactly_the_catalogue_secrets() -> None:
    """The form shows a password box for a catalogue property of kind SECRET; every catalogue key
    `is_secret` names must be one, or its value would show in clear in a text field."""
    from core.schema import PROPERTIES, Kind

    assert [p.key for p in PROPERTIES if is_secret(p.key) != (p.kind is Kind.SECRET)] == []
    assert "jco.client.tech_user_secret" in {p.key for p in PROPERTIES if p.kind is Kind.SECRET}
