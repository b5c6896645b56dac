"""`destination-cli check-connection` against a real TLS server, and `destination-cli report`
on a workspace whose certificates expire on known dates (reported as of a fixed day)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.keystore_data import DATA, PASSWORD
from tests.tls_server import TLS, tls_server

REPORT = DATA / "report"
AT = "2030-06-01"  # soon.jks expires 2030-07-01: 30 days later


def destination(folder: Path, port: int, **extra: str) -> Path:
    for f in TLS.glob("*.jks"):
        shutil.copy(f, folder / f.name)
    lines = {
        "Name": "api",
        "Type": "HTTP",
        "URL": f"https://localhost:{port}/ping",
        "ProxyType": "Internet",
        "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks",
        "TrustStoreLocation": "server-trust.jks",
        **extra,
    }
    path = folder / "api.properties"
    path.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
    return path


def test_check_connection_text_and_exit_code(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with tls_server() as port:
        path = destination(tmp_path, port)
        ok = cli("check-connection", path, "--password-stdin", stdin=PASSWORD + "\n")
        bad = cli(
            "check-connection",
            destination(tmp_path, port, KeyStoreLocation="client-untrusted.jks"),
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"https://localhost:{port}/ping  (connected to localhost:{port})" in ok.stdout
    assert (
        "Client certificate:   requested by the server; sent C=DE,O=Example,CN=api-client"
        in ok.stdout
    )
    assert (
        "Handshake:            succeeded" in ok.stdout and "HTTP HEAD:            204" in ok.stdout
    )
    assert ok.stdout.rstrip().endswith("Result: the destination connects.")
    assert bad.returncode == 1
    assert "Handshake:            failed (alert: unknown_ca)" in bad.stdout
    assert "The server does not trust your certificate's issuer" in bad.stdout
    assert bad.stdout.rstrip().endswith("Result: the destination does not connect as configured.")


def test_check_connection_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with tls_server() as port:
        path = destination(tmp_path, port, KeyStoreLocation="client-expired.jks")
        r = cli("check-connection", path, "--json", "--password-env", "PW", env={"PW": PASSWORD})
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["ok"] is False and report["alert"] == "certificate_expired"
    assert report["client_certificate_requested"] is True
    assert report["server_chain"][0]["subject"] == "C=DE,O=Example,CN=localhost"
    assert {f["code"] for f in report["findings"]} >= {
        "connection.alert.certificate_expired",
        "cert.expired",
    }


def test_check_connection_of_an_unreadable_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("check-connection", tmp_path / "missing.properties")
    assert r.returncode == 2 and "missing.properties" in r.stderr


def rows_of(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()[3:]]


def test_report_in_three_forms(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(REPORT, tmp_path / "ws")
    ws = tmp_path / "ws"
    text = cli("report", ws, "--at", AT)
    assert text.returncode == 1  # errors: the expired certificate, and no passwords given
    assert text.stdout.splitlines()[0] == f"{ws}: 4 destinations, as of {AT}"
    assert [(r[0], r[1], r[-3]) for r in rows_of(text.stdout)] == [
        ("-10743", "2001-01-01", "expired"),
        ("30", "2030-07-01", "soon"),
        ("34181", "2124-01-01", "healthy"),
        ("-", "-", "plain"),
    ]
    data = json.loads(cli("report", ws, "--at", AT, "--json").stdout)
    assert data["at"] == AT
    assert [
        (d["name"], d["days_left"], d["expires"], d["key_store"]) for d in data["destinations"]
    ] == [
        ("expired", -10743, "2001-01-01", "expired.jks"),
        ("soon", 30, "2030-07-01", "soon.jks"),
        ("healthy", 34181, "2124-01-01", "healthy.jks"),
        ("plain", None, None, None),
    ]
    expired = data["destinations"][0]
    assert "cert.expired" in {f["code"] for f in expired["findings"]}
    table = list(csv.DictReader(io.StringIO(cli("report", ws, "--at", AT, "--csv").stdout)))
    assert [(r["name"], r["days_left"], r["expires"], r["certificate"]) for r in table] == [
        ("expired", "-10743", "2001-01-01", "C=DE,O=Example,CN=expired-client"),
        ("soon", "30", "2030-07-01", "C=DE,O=Example,CN=soon-client"),
        ("healthy", "34181", "2124-01-01", "C=DE,O=Example,CN=api-client"),
        ("plain", "", "", ""),
    ]


def test_report_with_passwords_in_the_keyring(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(REPORT, tmp_path / "ws")
    ws = tmp_path / "ws"
    for name in ("expired", "soon", "healthy"):
        r = cli(
            "secret",
            "set",
            ws / f"{name}.properties",
            "KeyStorePassword",
            stdin=PASSWORD + "\n",
            env=keyring_env,
        )
        assert r.returncode == 0, r.stderr
    data = json.loads(cli("report", ws, "--at", AT, "--json", env=keyring_env).stdout)
    status = {d["name"]: (d["status"], d["errors"], d["warnings"]) for d in data["destinations"]}
    assert status == {
        "expired": ("error", 1, 0),
        "soon": ("warning", 0, 1),  # expires within the default 30 days
        "healthy": ("ok", 0, 0),
        "plain": ("ok", 0, 0),
    }
    later = json.loads(
        cli("report", ws, "--at", AT, "--days", "10", "--json", env=keyring_env).stdout
    )
    assert {d["name"]: d["status"] for d in later["destinations"]}["soon"] == "ok"


@pytest.mark.parametrize("bad", ["2030-13-01", "tomorrow"])
def test_report_rejects_a_bad_date(cli, tmp_path: Path, bad: str) -> None:  # type: ignore[no-untyped-def]
    r = cli("report", tmp_path, "--at", bad)
    assert r.returncode == 2 and "is not a date like" in r.stderr


def test_report_names_an_unreadable_file_once_as_validate_does(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.json").write_bytes(b'{"Name": "\xff"}')
    said = cli("validate", ws / "a.json").stderr.splitlines()[0]
    assert said.startswith("destination-cli: ")
    r = cli("report", ws)
    assert r.returncode == 1
    errors = [line for line in r.stdout.splitlines() if "UTF-8" in line]
    assert errors == [said.removeprefix("destination-cli: ")]
    assert errors[0].count("a.json") == 1
