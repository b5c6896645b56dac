"""`destination-cli bundle export|import`: a workspace exported as Destination service JSON and
imported into an empty folder gives back the same destinations, files and secrets."""

from __future__ import annotations

import base64
import json
import shutil
import stat
from pathlib import Path

import pytest

from core.formats import load_document
from tests.bundle_data import bundle_with_a_password
from tests.keystore_data import DATA, PASSWORD

WEATHER = (
    "Name=weather\nType=HTTP\nURL=https://api.example.com\nProxyType=Internet\n"
    "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=client.jks\n"
    "TrustStoreLocation=trust.jks\n"
)
HR = (
    "Name=hr\nType=HTTP\nURL=https://hr.example.com\nProxyType=Internet\n"
    "Authentication=BasicAuthentication\nUser=svc\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(DATA / "chain.jks", ws / "client.jks")
    shutil.copy(DATA / "truststore.jks", ws / "trust.jks")
    (ws / "weather.properties").write_text(WEATHER)
    (ws / "hr.properties").write_text(HR)
    return ws


def destinations(folder: Path) -> dict[str, dict[str, str]]:
    return {
        p.name: dict(load_document(p).entries[0].destination) for p in folder.glob("*.properties")
    }


def store(cli, env, path: Path, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    r = cli("secret", "set", path, key, stdin=value + "\n", env=env)
    assert r.returncode == 0, r.stderr


def test_init_data_round_trip(cli, keyring_env, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store(cli, keyring_env, workspace / "weather.properties", "KeyStorePassword", PASSWORD)
    store(cli, keyring_env, workspace / "hr.properties", "Password", "hr-s3cret")
    bundle = tmp_path / "config.json"
    r = cli(
        "bundle",
        "export",
        workspace,
        "--to",
        "init-data",
        "-o",
        bundle,
        "--include-secrets",
        env=keyring_env,
    )
    assert r.returncode == 0, r.stderr
    assert "CONTAINS SECRETS" in r.stderr and stat.S_IMODE(bundle.stat().st_mode) == 0o600
    level = json.loads(bundle.read_text())["init_data"]["subaccount"]
    assert {c["Name"]: c.get("Type") for c in level["certificates"]} == {
        "client.jks": "JKS",
        "trust.jks": "JKS",
    }
    assert {
        d["Name"]: d.get("KeyStorePassword") or d.get("Password") for d in level["destinations"]
    } == {
        "weather": PASSWORD,
        "hr": "hr-s3cret",
    }

    target = tmp_path / "imported"
    r = cli("bundle", "import", bundle, target, env=keyring_env)
    assert r.returncode == 0, r.stderr
    assert destinations(target) == destinations(workspace)  # no secrets in either
    for name in ("client.jks", "trust.jks"):
        assert (target / name).read_bytes() == (workspace / name).read_bytes()
    assert "s3cret" not in "".join(p.read_text() for p in target.glob("*.properties"))
    for path, key, value in (
        ("weather", "KeyStorePassword", PASSWORD),
        ("hr", "Password", "hr-s3cret"),
    ):
        r = cli("secret", "get", target / f"{path}.properties", key, env=keyring_env)
        assert (r.returncode, r.stdout) == (0, value + "\n")


def test_api_shape_round_trip_of_one_destination(
    cli, keyring_env, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store(cli, keyring_env, workspace / "weather.properties", "KeyStorePassword", PASSWORD)
    bundle = tmp_path / "weather.json"
    r = cli(
        "bundle",
        "export",
        workspace / "weather.properties",
        "--to",
        "api",
        "-o",
        bundle,
        "--include-secrets",
        env=keyring_env,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(bundle.read_text())
    assert data["destinationConfiguration"]["KeyStorePassword"] == PASSWORD
    first = data["certificates"][0]
    assert base64.b64decode(first["Content"]) == (workspace / first["Name"]).read_bytes()
    target = tmp_path / "one"
    assert cli("bundle", "import", bundle, target, env=keyring_env).returncode == 0
    assert destinations(target) == {
        "weather.properties": destinations(workspace)["weather.properties"]
    }
    assert sorted(p.name for p in target.iterdir()) == [
        ".destination-editor-workspace",  # the workspace's id, under which its password is kept
        "client.jks",
        "trust.jks",
        "weather.properties",
    ]
    r = cli("secret", "get", target / "weather.properties", "KeyStorePassword", env=keyring_env)
    assert r.stdout == PASSWORD + "\n"


def test_export_without_secrets_leaves_them_out(
    cli, keyring_env, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store(cli, keyring_env, workspace / "hr.properties", "Password", "hr-s3cret")
    bundle = tmp_path / "config.json"
    r = cli("bundle", "export", workspace, "--to", "init-data", "-o", bundle, env=keyring_env)
    assert r.returncode == 0 and "secrets left out: hr: Password" in r.stderr
    assert "hr-s3cret" not in bundle.read_text()


def test_import_refuses_without_a_keyring_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle = bundle_with_a_password(tmp_path)
    target = tmp_path / "t"
    r = cli("bundle", "import", bundle, target)
    assert r.returncode == 2 and "no OS keyring to move them into; nothing was imported" in r.stderr
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]


@pytest.mark.parametrize(
    ("certificate", "message"),
    [
        ({"Name": "../evil.jks", "Content": "AAAA"}, "holds '/'"),
        ({"Name": "a.jks", "Content": "not base64!"}, "is not base64"),
    ],
)
def test_import_refuses_unsafe_or_broken_certificates(
    cli, tmp_path: Path, certificate: dict[str, str], message: str
) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "b.json"
    bundle.write_text(
        json.dumps(
            {
                "destinationConfiguration": {"Name": "x", "Type": "HTTP"},
                "certificates": [certificate],
            }
        )
    )
    target = tmp_path / "t"
    r = cli("bundle", "import", bundle, target)
    assert r.returncode == 2 and message in r.stderr
    assert not target.exists() and not (tmp_path / "evil.jks").exists()


def test_import_never_overwrites(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "b.json"
    r = cli("bundle", "export", workspace / "weather.properties", "--to", "api", "-o", bundle)
    assert r.returncode == 0, r.stderr
    before = (workspace / "client.jks").read_bytes()
    r = cli("bundle", "import", bundle, workspace)
    assert (
        r.returncode == 2 and "already holds client.jks, trust.jks, weather.properties" in r.stderr
    )
    assert (workspace / "client.jks").read_bytes() == before
