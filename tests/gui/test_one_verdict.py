"""One answer to "what is wrong": every destination of the fixture workspaces and the samples
gives the same findings (codes, severities, keys, messages) in `destination-cli validate`, the
health view's data and the editor."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from core.cli import main as cli_main
from core.formats import load_document
from core.report import workspace_report
from core.secrets import FallbackStore, MemoryStore, scope_of
from core.services.passwords import LINKS
from core.workspace import destination_files
from gui.assets import copy_samples
from tests.keystore_data import DATA, PASSWORD

Row = tuple[str, str, str | None, str]

# Destinations where the three answers used to differ, with the key stores they name.
DISAGREED = {
    # SAMLAssertion signs with its key store: clientAuth usage does not matter.
    "saml.properties": (
        "Name=saml\nType=HTTP\nURL=https://s.example.com\nProxyType=Internet\n"
        "Authentication=SAMLAssertion\naudience=a\nauthnContextClassRef=x\n"
        "KeyStoreLocation=no-client-auth.p12\n"
    ),
    # A key store file that is not there.
    "missing.properties": (
        "Name=missing\nType=HTTP\nURL=https://m.example.com\nProxyType=Internet\n"
        "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=gone.jks\n"
    ),
    # The token service's own key store, opened with its own password.
    "token.properties": (
        "Name=token\nType=HTTP\nURL=https://t.example.com\nProxyType=Internet\n"
        "Authentication=OAuth2ClientCredentials\nclientId=c\n"
        "tokenServiceURL=https://token.example.com\ntokenService.KeyStoreLocation=expired.jks\n"
    ),
    # Two destinations in one file, each checked on its own.
    "two.json": json.dumps(
        [
            {
                "Name": "one",
                "Type": "HTTP",
                "URL": "http://one.example.com",
                "ProxyType": "Internet",
                "Authentication": "ClientCertificateAuthentication",
                "KeyStoreLocation": "expired.jks",
            },
            {
                "Name": "two",
                "Type": "HTTP",
                "URL": "https://two.example.com",
                "ProxyType": "Internet",
                "Authentication": "BasicAuthentication",
                "User": "u",
            },
        ]
    ),
    # A client certificate without clientAuth: the one place it matters.
    "cca.properties": (
        "Name=cca\nType=HTTP\nURL=https://c.example.com\nProxyType=Internet\n"
        "Authentication=ClientCertificateAuthentication\nKeyStoreLocation=no-client-auth.p12\n"
        "TrustStoreLocation=truststore.jks\n"
    ),
}


def workspaces(root: Path) -> list[Path]:
    report = root / "report"
    shutil.copytree(DATA / "report", report)
    samples = copy_samples(root / "samples")
    disagreed = root / "disagreed"
    disagreed.mkdir()
    for name in ("no-client-auth.p12", "expired.jks", "truststore.jks"):
        shutil.copy(DATA / name, disagreed / name)
    for name, text in DISAGREED.items():
        (disagreed / name).write_text(text)
    return [report, samples, disagreed]


def keyring(folders: list[Path]) -> FallbackStore:
    """Every key store password in the keyring, as a user who typed them once has it."""
    store = FallbackStore(MemoryStore())
    for folder in folders:
        for path in destination_files(folder):
            for entry in load_document(path).entries:
                for key in LINKS.values():
                    store.set(scope_of(folder, entry.destination.name), key, PASSWORD)
    return store


def rows(findings: list[dict[str, str | None]]) -> list[Row]:
    return [
        (str(f["code"]), str(f["severity"]), f["property"], str(f["message"])) for f in findings
    ]


def test_validate_health_and_editor_agree(
    window, tmp_path: Path, qtbot: QtBot, idle, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    folders = workspaces(tmp_path)
    store = keyring(folders)
    monkeypatch.setattr("core.cli.validate_cmd.open_secret_store", lambda: store)
    window.editor.secrets = store
    now = datetime.now(UTC)
    compared = 0
    for folder in folders:
        health = {(s.path.name, s.entry_index): s for s in workspace_report(folder, store, now)}
        for path in destination_files(folder):
            capsys.readouterr()
            cli_main(["validate", "--json", str(path)])
            out = json.loads(capsys.readouterr().out)
            for index, by_validate in enumerate(out["files"][0]["destinations"]):
                by_cli = rows(by_validate["findings"])
                by_health = rows([f.as_json() for f in health[(path.name, index)].findings])
                window.open_file(path, index)
                idle(window)
                by_editor = rows([f.as_json() for f in window.editor.findings])
                assert by_cli == by_health == by_editor, (path, index)
                compared += 1
    # report: 4; samples: 7; the disagreements, one file holding two destinations
    assert compared == 4 + 7 + len(DISAGREED) + 1


def test_the_disagreements_are_settled(window, tmp_path: Path, idle) -> None:  # type: ignore[no-untyped-def]
    folders = workspaces(tmp_path)
    window.editor.secrets = keyring(folders)
    disagreed = folders[2]

    def codes(name: str) -> dict[str, str]:
        window.open_file(disagreed / name)
        idle(window)
        return {f.code: f.severity.value for f in window.editor.findings}

    assert "cert.no_client_auth" not in codes("saml.properties")
    assert codes("cca.properties")["cert.no_client_auth"] == "warning"
    assert codes("missing.properties")["keystore.location.missing"] == "error"
    assert "keystore.wrong_password" not in codes("token.properties")
    assert codes("token.properties")["cert.expired"] == "error"
