"""`destination-cli secret|export` against a real Secret Service, and without any keyring."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from tests.keystore_data import DATA

NO_KEYRING_NOTE = (
    "destination-cli: note: Passwords will not be remembered after this session: no OS keyring "
    "is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running).\n"
)
DEST = (
    "# weather service\nName=weather\nType=HTTP\nURL=https://api.example.com\nProxyType=Internet\n"
    "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=client.jks\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copy(DATA / "chain.jks", tmp_path / "client.jks")
    (tmp_path / "weather.properties").write_text(DEST)
    return tmp_path / "weather.properties"


def test_set_get_list_delete(cli, keyring_env, workspace: Path) -> None:
    r = cli("secret", "set", workspace, "KeyStorePassword", stdin="changeit\n", env=keyring_env)
    assert (r.returncode, r.stderr) == (0, "stored KeyStorePassword for weather\n")
    r = cli("secret", "get", workspace, "KeyStorePassword", env=keyring_env)
    assert (r.returncode, r.stdout) == (0, "changeit\n")
    r = cli("secret", "list", workspace, env=keyring_env)
    assert r.stdout == "weather: KeyStorePassword\n" and "changeit" not in r.stdout + r.stderr
    # validate finds the password in the keyring: it opens the key store and needs nothing else
    r = cli("validate", workspace, env=keyring_env)
    assert (r.returncode, r.stdout) == (0, f"{workspace}: no findings\n"), r.stdout
    r = cli("secret", "delete", workspace, "KeyStorePassword", env=keyring_env)
    assert r.returncode == 0
    r = cli("secret", "get", workspace, "KeyStorePassword", env=keyring_env)
    assert (r.returncode, r.stderr) == (
        1,
        "destination-cli: no KeyStorePassword is stored for weather\n",
    )


def test_secret_refuses_non_secret_properties(cli, keyring_env, workspace: Path) -> None:
    r = cli("secret", "set", workspace, "URL", stdin="x", env=keyring_env)
    assert (r.returncode, r.stderr) == (
        2,
        "destination-cli: URL is not a secret property; it belongs in the file\n",
    )


def test_import_moves_clear_text_secrets_out_of_a_json_file(
    cli, keyring_env, tmp_path: Path
) -> None:
    src = tmp_path / "from-api.json"
    src.write_text(
        json.dumps(
            {
                "Name": "api",
                "Type": "HTTP",
                "Password": "pw-1",
                "User": "u",
                "TrustStorePassword": "",
            }
        )
    )
    r = cli("validate", src, "--json", env=keyring_env)
    codes = {f["code"] for f in json.loads(r.stdout)["files"][0]["destinations"][0]["findings"]}
    assert "secret.in_file" in codes
    r = cli("secret", "import", src, env=keyring_env)
    assert r.returncode == 0
    assert r.stderr == f"moved into the OS keyring and removed from {src}: api: Password\n"
    assert json.loads(src.read_text()) == {
        "Name": "api",
        "Type": "HTTP",
        "User": "u",
        "TrustStorePassword": "",
    }
    assert cli("secret", "get", src, "Password", env=keyring_env).stdout == "pw-1\n"


def test_export_leaves_secrets_out_or_marks_and_protects_them(
    cli, keyring_env, workspace: Path, tmp_path: Path
) -> None:
    cli("secret", "set", workspace, "KeyStorePassword", stdin="changeit", env=keyring_env)
    plain = tmp_path / "upload.properties"
    r = cli("export", workspace, "--to", "properties", "-o", plain, env=keyring_env)
    assert r.returncode == 0
    assert (
        "secrets left out: weather: KeyStorePassword (add --include-secrets to include them)"
        in r.stderr
    )
    assert "KeyStorePassword" not in plain.read_text()
    secret = tmp_path / "upload-secret.properties"
    r = cli(
        "export",
        workspace,
        "--to",
        "properties",
        "-o",
        secret,
        "--include-secrets",
        env=keyring_env,
    )
    assert r.returncode == 0
    text = secret.read_text()
    assert text.startswith("# THIS FILE CONTAINS SECRETS (exported with --include-secrets).\n")
    assert "KeyStorePassword=changeit\n" in text and "# weather service\n" in text
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert "CONTAINS SECRETS and is readable by you only" in r.stderr
    as_json = tmp_path / "upload.json"
    r = cli(
        "export", workspace, "--to", "json", "-o", as_json, "--include-secrets", env=keyring_env
    )
    assert json.loads(as_json.read_text())["KeyStorePassword"] == "changeit"
    assert stat.S_IMODE(as_json.stat().st_mode) == 0o600
    r = cli("export", workspace, "--to", "json", "--include-secrets", env=keyring_env)
    assert (r.returncode, r.stdout) == (2, "")
    assert "--include-secrets writes only to a file" in r.stderr


def test_every_command_works_without_a_keyring_and_says_so_once(
    cli, workspace: Path, tmp_path: Path
) -> None:
    for args in (
        ("validate", workspace),
        ("export", workspace, "--to", "json", "-o", tmp_path / "o.json"),
        ("secret", "list", workspace),
        ("secret", "get", workspace, "KeyStorePassword"),
    ):
        r = cli(*args)
        assert r.stderr.count(NO_KEYRING_NOTE) == 1, (args, r.stderr)
        assert "Traceback" not in r.stderr
    r = cli("secret", "set", workspace, "KeyStorePassword", stdin="x")
    assert r.returncode == 2
    assert r.stderr == NO_KEYRING_NOTE + (
        "destination-cli: KeyStorePassword was not stored: there is no OS keyring to keep it\n"
    )
    r = cli("secret", "import", workspace)
    assert r.returncode == 2 and "left unchanged" in r.stderr
    r = cli("inspect", DATA / "chain.jks", "--password-stdin", stdin="changeit")
    assert r.returncode == 0 and r.stderr == ""
    r = cli("convert", workspace, "--to", "json")
    assert r.returncode == 0 and r.stderr == ""
