"""A distinctive secret goes through a whole flow and shows up nowhere it should not.

Open a destination holding the secret in clear text, move it to the keyring, edit and save,
validate, export without secrets, inspect with the secret as a wrong password, with DEBUG
logging; then search every file written (workspace, home with settings and logs, temp dir) and
all captured output. Only the explicit --include-secrets export may hold it, with mode 0600.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from core.secrets import FallbackStore, KeyringStore, scope_of
from core.services.session import Session
from tests.keystore_data import DATA, PASSWORD

SECRET = "Zq7-leak-check-9f31"
# Secrets by pattern or by name (core.schema.is_secret), each holding the distinctive text.
MORE_SECRETS = {
    "URL.headers.Authorization": f"Bearer {SECRET}-header",
    "tokenServiceURL.headers.Authorization": f"Basic {SECRET}-ts-header",
    "tokenService.body.client_secret": f"{SECRET}-body",
    "jco.client.tech_user_secret": f"{SECRET}-tech-user",
    "fooPassword": f"{SECRET}-foo",
    "webhook_secret": f"{SECRET}-webhook",
}
KEYTOOL = shutil.which("keytool")


@pytest.mark.skipif(KEYTOOL is None, reason="keytool makes the key store for this flow")
def test_secret_appears_only_in_the_explicit_export(
    cli, keyring_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = Path(str(keyring_env["HOME"]))
    workspace, temp = tmp_path / "workspace", tmp_path / "tmp"
    workspace.mkdir()
    temp.mkdir()
    env = {**keyring_env, "TMPDIR": str(temp), "DESTINATION_EDITOR_DEBUG": "1"}
    # A real key store protected by the secret.
    subprocess.run(
        [
            str(KEYTOOL),
            "-importkeystore",
            "-noprompt",
            "-srckeystore",
            str(DATA / "chain.jks"),
            "-srcstorepass",
            PASSWORD,
            "-destkeystore",
            str(workspace / "client.jks"),
            "-deststoretype",
            "JKS",
            "-deststorepass",
            SECRET,
            "-destkeypass",
            SECRET,
        ],
        check=True,
        capture_output=True,
    )
    source = workspace / "weather.json"
    source.write_text(
        json.dumps(
            {
                "Name": "weather",
                "Type": "HTTP",
                "URL": "https://api.example.com",
                "ProxyType": "Internet",
                "Authentication": "ClientCertificateAuthentication",
                "KeyStoreLocation": "client.jks",
                "KeyStorePassword": SECRET,
                **MORE_SECRETS,
            }
        )
    )
    outputs: list[str] = []

    def run(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
        r = cli(*args, stdin=stdin, env=env)
        outputs.extend([r.stdout, r.stderr])
        return r

    # open
    r = run("validate", source)
    assert "secret.in_file" in r.stdout
    # move it into the keyring
    assert run("secret", "import", source).returncode == 0
    # edit and save through the core, as the editor does, with DEBUG logging to a file
    log_file = home / "logs" / "debug.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        for key, value in env.items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        from keyring.backends import SecretService

        store = FallbackStore(KeyringStore(SecretService.Keyring()))
        session = Session.open(source)
        session.edit("Description", "edited")
        session.set_password("KeyStorePassword", SECRET)  # typed again in the form
        saved = workspace / "weather.properties"
        session.save(saved).apply(store)  # the editor's own save, and its keyring step
        logging.getLogger("destination_editor").debug("saved %s", saved)
        assert store.get(scope_of(workspace, "weather"), "KeyStorePassword") == SECRET
    finally:
        root.removeHandler(handler)
        handler.close()
    # validate: the key store opens with the password from the keyring
    r = run("validate", saved, "--json")
    codes = {f["code"] for f in json.loads(r.stdout)["files"][0]["destinations"][0]["findings"]}
    assert "keystore.wrong_password" not in codes and "property.required" not in codes, codes
    # export without secrets
    assert run("export", saved, "--to", "json", "-o", workspace / "upload.json").returncode == 0
    # inspect another store with the secret as a wrong password
    r = run("inspect", DATA / "chain.jks", "--password-stdin", stdin=SECRET)
    assert r.returncode == 2 and "password is wrong" in r.stderr
    # the explicit export with secrets
    secret_export = workspace / "upload-with-secrets.properties"
    assert (
        run(
            "export", saved, "--to", "properties", "-o", secret_export, "--include-secrets"
        ).returncode
        == 0
    )

    holders = []
    for folder in (tmp_path, home):
        for path in folder.rglob("*"):
            if path.is_file() and SECRET.encode() in path.read_bytes():
                holders.append(path)
    assert holders == [secret_export]
    exported = secret_export.read_text(encoding="latin-1")
    assert all(value in exported for value in MORE_SECRETS.values())
    assert stat.S_IMODE(secret_export.stat().st_mode) == 0o600
    assert not any(SECRET in text for text in outputs)
    assert log_file.read_text()  # DEBUG logging really wrote something
    assert os.environ.get("TMPDIR") == str(temp)


def test_remote_flows_leak_no_secret(cli, keyring_env, tmp_path: Path) -> None:
    """Pull, push and transport with DEBUG logging: the service key's client secret and private
    key and every destination secret stay in the keyring and on the wire."""
    from tests.destination_standin import CERTS, StandIn, serve
    from tests.remote_data import cli_env, make_workspace, write_key

    client_secret = "Kq4-client-secret-leak-check"
    key_lines = (CERTS / "client.key").read_text().splitlines()[1:-1]
    destination_secrets = {
        "hr-system": {"Password": "Hr9-leak-check-pw"},
        "weather-api": {"KeyStorePassword": "changeit-leak-check"},
        "sales-oauth": {"clientSecret": "Sx2-leak-check-secret"},
    }
    home = Path(str(keyring_env["HOME"]))
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **cli_env(keyring_env, tmp_path / "config"),
        "TMPDIR": str(temp),
        "DESTINATION_EDITOR_DEBUG": "1",
    }
    outputs: list[str] = []

    def run(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
        r = cli(*args, stdin=stdin, env=env)
        outputs.extend([r.stdout, r.stderr])
        assert r.returncode == 0, r.stderr
        return r

    def set_secret(path: Path, key: str, value: str) -> None:
        run("secret", "set", path, key, stdin=value)

    keys = tmp_path / "downloaded-keys"  # what the user downloaded: holds the secrets, by nature
    keys.mkdir()
    with serve(StandIn(client_secret=client_secret)) as dev, serve() as other:
        ws = make_workspace(tmp_path / "ws", set_secret, destination_secrets)
        run("remote", "add", "dev", "--service-key", write_key(dev, keys / "dev.json"))
        run("remote", "add", "devx", "--service-key", write_key(dev, keys / "devx.json", "x509"))
        run("remote", "add", "other", "--service-key", write_key(other, keys / "other.json"))
        run("remote", "push", "dev", ws)
        run("remote", "diff", "devx", ws)
        run("remote", "pull", "devx", tmp_path / "pulled")
        run("remote", "transport", "devx", "other", "--secrets-from", ws)
        run("remote", "diff", "other", ws)
        assert dev.mtls_token_requests >= 1
        assert other.collection("subaccount", "Destinations")["hr-system"]["Password"] == (
            "Hr9-leak-check-pw"
        )

    needles = [
        client_secret,
        *key_lines,
        *(v for d in destination_secrets.values() for v in d.values()),
    ]
    holders = []
    for folder in (tmp_path, home):
        for path in folder.rglob("*"):
            if path.is_file() and path.parent != keys:
                data = path.read_bytes()
                holders += [(path, n) for n in needles if n.encode() in data]
    assert holders == []
    assert not any(n in text for text in outputs for n in needles)
    assert any("DEBUG" in text for text in outputs)  # debug logging really ran
