"""Bundles safe by default: SAP's `fail` policy unless told otherwise, `update` refused when it
would wipe live passwords, REST request bodies that SAP's API schemas accept, and init_data with
both levels imported and exported back to both."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from tests.api.schemas import errors
from tests.keystore_data import DATA, PASSWORD

CCA = (
    "Name=weather\nType=HTTP\nURL=https://api.example.com\nProxyType=Internet\n"
    "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=client.jks\n"
)
OPEN = (
    "Name=open\nType=HTTP\nURL=https://open.example.com\nProxyType=Internet\n"
    "Authentication=NoAuthentication\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(DATA / "chain.jks", ws / "client.jks")
    (ws / "weather.properties").write_text(CCA)
    (ws / "open.properties").write_text(OPEN)
    return ws


def test_the_default_policy_is_fail(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "config.json"
    r = cli("bundle", "export", workspace, "--to", "init-data", "-o", out)
    assert r.returncode == 0, r.stderr
    level = json.loads(out.read_text())["init_data"]["subaccount"]
    assert level["existing_destinations_policy"] == "fail"
    assert level["existing_certificates_policy"] == "fail"


def test_ignore_is_written_as_asked(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "config.json"
    r = cli("bundle", "export", workspace, "--to", "init-data", "--policy", "ignore", "-o", out)
    assert r.returncode == 0, r.stderr
    level = json.loads(out.read_text())["init_data"]["subaccount"]
    assert (
        level["existing_destinations_policy"] == level["existing_certificates_policy"] == "ignore"
    )


def test_update_without_the_secrets_is_refused_with_its_sentence(
    cli, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "config.json"
    r = cli("bundle", "export", workspace, "--to", "init-data", "--policy", "update", "-o", out)
    assert r.returncode == 2
    assert "would remove their live passwords" in r.stderr
    assert "weather: KeyStorePassword" in r.stderr
    assert not out.exists()


def test_update_with_the_secrets_included_is_written(
    cli, keyring_env, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "secret",
        "set",
        workspace / "weather.properties",
        "KeyStorePassword",
        stdin=PASSWORD + "\n",
        env=keyring_env,
    )
    assert r.returncode == 0, r.stderr
    out = tmp_path / "config.json"
    r = cli(
        "bundle",
        "export",
        workspace,
        "--to",
        "init-data",
        "--policy",
        "update",
        "--include-secrets",
        "-o",
        out,
        env=keyring_env,
    )
    assert r.returncode == 0, r.stderr
    level = json.loads(out.read_text())["init_data"]["subaccount"]
    assert level["existing_destinations_policy"] == "update"


def test_update_of_destinations_without_secrets_is_allowed(
    cli, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "config.json"
    r = cli(
        "bundle",
        "export",
        workspace / "open.properties",
        "--to",
        "init-data",
        "--policy",
        "update",
        "-o",
        out,
    )
    assert r.returncode == 0, r.stderr


def test_rest_bodies_match_saps_api_schemas(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "rest"
    r = cli("bundle", "export", workspace, "--to", "rest", "-o", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "subaccountCertificates.json",
        "subaccountDestinations.json",
    ]
    destinations = json.loads((out / "subaccountDestinations.json").read_text())
    certificates = json.loads((out / "subaccountCertificates.json").read_text())
    assert errors("PostSubaccountDestinationsBody", destinations) == []
    assert errors("PostSubaccountCertificatesBody", certificates) == []
    assert sorted(d["Name"] for d in destinations) == ["open", "weather"]
    assert [(c["Name"], c["Type"]) for c in certificates] == [("client.jks", "JKS")]
    assert base64.b64decode(certificates[0]["Content"]) == (workspace / "client.jks").read_bytes()
    # The find-destination response, what --to api wrote before, is not such a body.
    single = tmp_path / "one.json"
    cli("bundle", "export", workspace / "open.properties", "--to", "find-destination", "-o", single)
    assert errors("PostSubaccountDestinationsBody", json.loads(single.read_text()))


INIT_DATA = {
    "init_data": {
        "subaccount": {
            "existing_destinations_policy": "fail",
            "existing_certificates_policy": "fail",
            "destinations": [
                {**dict(line.split("=", 1) for line in CCA.splitlines())},
                {**dict(line.split("=", 1) for line in OPEN.splitlines())},
            ],
            "certificates": [{"Name": "client.jks", "Type": "JKS", "Content": "AAEC"}],
        },
        "instance": {
            "existing_destinations_policy": "fail",
            "existing_certificates_policy": "fail",
            "destinations": [
                {
                    **dict(line.split("=", 1) for line in CCA.splitlines()),
                    "KeyStoreLocation": "own.p12",
                },
            ],
            "certificates": [{"Name": "own.p12", "Type": "PKCS12", "Content": "AwQF"}],
        },
    }
}


def test_init_data_with_both_levels_imports_both_and_exports_back_to_both(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "config.json"
    source.write_text(json.dumps(INIT_DATA))
    ws = tmp_path / "ws"
    r = cli("bundle", "import", source, ws)
    assert r.returncode == 0, r.stderr
    assert sorted(str(p.relative_to(ws)) for p in ws.rglob("*") if p.is_file()) == [
        "client.jks",
        "instance/own.p12",
        "instance/weather.properties",
        "open.properties",
        "weather.properties",
    ]
    r = cli("report", ws, "--json")
    assert sorted((d["name"], d["file"]) for d in json.loads(r.stdout)["destinations"]) == [
        ("open", "open.properties"),
        ("weather", "instance/weather.properties"),
        ("weather", "weather.properties"),
    ]
    back = tmp_path / "back.json"
    r = cli("bundle", "export", ws, "--to", "init-data", "-o", back)
    assert r.returncode == 0, r.stderr
    exported = json.loads(back.read_text())["init_data"]
    for level in ("subaccount", "instance"):
        original = INIT_DATA["init_data"][level]
        by_name = lambda ds: sorted(ds, key=lambda d: d["Name"])  # noqa: E731
        assert by_name(exported[level]["destinations"]) == by_name(original["destinations"])
        assert exported[level]["certificates"] == original["certificates"]
    # An init_data file exported as it is keeps its levels too (its key stores beside it).
    (tmp_path / "client.jks").write_bytes(b"\x00\x01\x02")
    (tmp_path / "own.p12").write_bytes(b"\x03\x04\x05")
    again = tmp_path / "again.json"
    r = cli("bundle", "export", source, "--to", "init-data", "-o", again)
    assert r.returncode == 0, r.stderr
    assert json.loads(again.read_text()) == INIT_DATA
    rest = tmp_path / "rest"
    r = cli("bundle", "export", ws, "--to", "rest", "-o", rest)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in rest.iterdir()) == [
        "instanceCertificates.json",
        "instanceDestinations.json",
        "subaccountCertificates.json",
        "subaccountDestinations.json",
    ]
    assert (
        errors(
            "PostSubaccountDestinationsBody",
            json.loads((rest / "instanceDestinations.json").read_text()),
        )
        == []
    )


def test_import_accepts_lower_case_certificate_fields(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "b.json"
    source.write_text(
        json.dumps(
            {
                "destinationConfiguration": {"Name": "x", "Type": "HTTP"},
                "certificates": [{"name": "c.pem", "type": "PEM", "content": "QUJD"}],
            }
        )
    )
    r = cli("bundle", "import", source, tmp_path / "ws")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "ws" / "c.pem").read_bytes() == b"ABC"
