"""Files holding several destinations through the command line: `secret import --name` changes
one destination (its password moves to the keyring) and keeps everything else by JSON equality;
validate and report treat every destination in the file."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest

from tests.multi_data import SHAPES, slot, write_shape


@pytest.mark.parametrize(
    ("shape", "index", "name"),
    [("array", 1, "beta"), ("find_destination", 0, "alpha"), ("init_data", 3, "delta")],
)
def test_secret_import_changes_one_destination_and_keeps_the_rest(
    cli, keyring_env, tmp_path: Path, shape: str, index: int, name: str
) -> None:  # type: ignore[no-untyped-def]
    original = copy.deepcopy(SHAPES[shape])
    slot(original, shape, index)["Password"] = "pw-in-clear"
    other = 0 if index else 1
    if shape != "find_destination":  # another destination's clear password is not touched
        slot(original, shape, other)["Password"] = "other-pw"
    path = tmp_path / f"{shape}.json"
    path.write_text(json.dumps(original))
    r = cli("secret", "import", path, "--name", name, env=keyring_env)
    assert r.returncode == 0, r.stderr
    expected = copy.deepcopy(original)
    del slot(expected, shape, index)["Password"]
    assert json.loads(path.read_text()) == expected
    r = cli("secret", "get", path, "Password", "--name", name, env=keyring_env)
    assert r.stdout == "pw-in-clear\n"


def test_validate_and_report_treat_every_destination(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = copy.deepcopy(SHAPES["init_data"])
    doc["init_data"]["instance"]["destinations"][1]["URL"] = "ftp://wrong"
    (tmp_path / "config.json").write_text(json.dumps(doc))
    r = cli("validate", tmp_path / "config.json", "--json")
    names = [d["name"] for d in json.loads(r.stdout)["files"][0]["destinations"]]
    assert names == ["alpha", "beta", "alpha", "delta"]
    assert r.returncode == 1
    r = cli("report", tmp_path, "--json")
    rows = json.loads(r.stdout)["destinations"]
    assert sorted((d["name"], d["index"], d["file"]) for d in rows) == [
        ("alpha", 0, "config.json"),
        ("alpha", 2, "config.json"),
        ("beta", 1, "config.json"),
        ("delta", 3, "config.json"),
    ]
    assert [d["status"] for d in rows if d["name"] == "delta"] == ["error"]


def test_report_names_the_file_and_level_of_each_destination(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_shape(tmp_path, "init_data")
    (tmp_path / "solo.properties").write_text(
        "Name=solo\nType=HTTP\nURL=https://s.example.com\nProxyType=Internet\n"
        "Authentication=NoAuthentication\n"
    )
    text = cli("report", tmp_path).stdout
    assert "alpha  [init_data.json · subaccount]" in text
    assert "alpha  [init_data.json · instance]" in text
    assert "[" not in next(line for line in text.splitlines() if "solo" in line)  # Name alone
    rows = json.loads(cli("report", tmp_path, "--json").stdout)["destinations"]
    assert sorted((d["name"], d["file"], d["level"]) for d in rows) == [
        ("alpha", "init_data.json", "instance"),
        ("alpha", "init_data.json", "subaccount"),
        ("beta", "init_data.json", "subaccount"),
        ("delta", "init_data.json", "instance"),
        ("solo", "solo.properties", None),
    ]
    table = list(csv.DictReader(io.StringIO(cli("report", tmp_path, "--csv").stdout)))
    assert sorted((r["name"], r["file"], r["level"]) for r in table) == [
        ("alpha", "init_data.json", "instance"),
        ("alpha", "init_data.json", "subaccount"),
        ("beta", "init_data.json", "subaccount"),
        ("delta", "init_data.json", "instance"),
        ("solo", "solo.properties", ""),
    ]


def test_report_counts_destination_files_by_content(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "README.txt").write_text("Renew the certificates in March.\n")
    (tmp_path / "LICENSE").write_text("Apache License\nVersion 2.0\n")
    (tmp_path / "legacy.txt").write_text(
        "Name=legacy\nType=HTTP\nURL=https://l.example.com\nProxyType=Internet\n"
        "Authentication=NoAuthentication\n"
    )
    r = cli("report", tmp_path, "--json")
    assert r.returncode == 0, r.stdout
    assert [d["file"] for d in json.loads(r.stdout)["destinations"]] == ["legacy.txt"]


def test_a_moved_workspace_still_finds_its_passwords(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "hr.properties").write_text(
        "Name=hr\nType=HTTP\nURL=https://hr.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=svc\n"
    )
    r = cli("secret", "set", ws / "hr.properties", "Password", stdin="hr-s3cret\n", env=keyring_env)
    assert r.returncode == 0, r.stderr
    moved = tmp_path / "moved" / "somewhere-else"
    moved.parent.mkdir()
    shutil.move(ws, moved)
    r = cli("secret", "get", moved / "hr.properties", "Password", env=keyring_env)
    assert (r.returncode, r.stdout) == (0, "hr-s3cret\n")
    r = cli("validate", moved / "hr.properties", env=keyring_env)
    assert r.returncode == 0, r.stdout


@pytest.mark.parametrize("shape", ["find_destination", "init_data"])
def test_a_key_store_the_file_carries_is_not_missing(cli, tmp_path: Path, shape: str) -> None:  # type: ignore[no-untyped-def]
    """A find-destination response and an init_data level carry the key stores their
    destinations name in `certificates`: validate and report open it from there instead of
    calling it missing from the folder (a key store at the other level is not this one's)."""
    import base64

    from tests.keystore_data import DATA, PASSWORD

    cert = {
        "Name": "client.jks",
        "Type": "CERTIFICATE",
        "Content": base64.b64encode((DATA / "expired.jks").read_bytes()).decode(),
    }
    dest = {
        "Name": "weather", "Type": "HTTP", "URL": "https://api.example.com",
        "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks",
    }  # fmt: skip
    if shape == "find_destination":
        doc = {"destinationConfiguration": dest, "certificates": [cert]}
    else:
        doc = {
            "init_data": {
                "subaccount": {"destinations": [dest], "certificates": [cert]},
                "instance": {"destinations": [dest]},
            }
        }
    path = tmp_path / "config.json"
    path.write_text(json.dumps(doc))
    r = cli("validate", path, "--json", "--password-env", "PW", env={"PW": PASSWORD})
    found = [
        [f["code"] for f in d["findings"]] for d in json.loads(r.stdout)["files"][0]["destinations"]
    ]
    assert "keystore.location.missing" not in found[0]
    assert "cert.expired" in found[0]  # opened from the file: its certificate expired in 2001
    if shape == "init_data":  # the instance level carries no client.jks
        assert "keystore.location.missing" in found[1]
    r = cli("report", tmp_path, "--json")
    rows = json.loads(r.stdout)["destinations"]
    assert [d["key_store"] for d in rows if d["index"] == 0] == ["client.jks"]


def test_a_bundle_exported_again_keeps_the_key_store_it_carries(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A find-destination response re-exported (here as init_data) takes the key store its
    certificates carry, byte for byte; before, it was refused as missing from the folder."""
    import base64

    from tests.keystore_data import DATA

    content = base64.b64encode((DATA / "chain.jks").read_bytes()).decode()
    dest = {
        "Name": "weather", "Type": "HTTP", "URL": "https://api.example.com",
        "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks", "KeyStorePassword": "",
    }  # fmt: skip
    source = tmp_path / "response.json"
    source.write_text(
        json.dumps(
            {
                "destinationConfiguration": dest,
                "certificates": [{"Name": "client.jks", "Type": "CERTIFICATE", "Content": content}],
            }
        )
    )
    out = tmp_path / "config.json"
    r = cli("bundle", "export", source, "--to", "init-data", "-o", out)
    assert r.returncode == 0, r.stderr
    level = json.loads(out.read_text())["init_data"]["subaccount"]
    assert [(c["Name"], c["Content"]) for c in level["certificates"]] == [("client.jks", content)]
    assert level["destinations"] == [dest]
