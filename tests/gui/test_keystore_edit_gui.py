"""The inspector's Key Store menu and consumer verdicts, driven as a person would; each edit is
read back by keytool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.keystore_data import DATA, KEY_PASSWORD, PASSWORD
from tests.keytool import KEYTOOL, key_opens, keytool_entries


@pytest.fixture
def inspector(qtbot: QtBot):  # type: ignore[no-untyped-def]
    from gui.inspector import InspectorWindow
    from gui.jobs import Jobs

    jobs = Jobs()
    window = InspectorWindow(jobs)
    qtbot.addWidget(window)
    window.show()
    yield window
    jobs.wait()


def settle(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)


def open_copy(window, qtbot: QtBot, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    store = tmp_path / name
    shutil.copyfile(DATA / name, store)
    window.open_path(store, PASSWORD)
    settle(window, qtbot)
    return store


def table_rows(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    table = window.consumers.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_consumer_verdicts_for_a_jks_trust_store(inspector, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_copy(inspector, qtbot, tmp_path, "truststore.jks")
    rows = table_rows(inspector)
    assert ("SAP Cloud SDK for JavaScript", "rejects") in rows
    assert ("SAP Cloud SDK for Java", "accepts") in rows
    assert inspector.consumers.summary.text() == "Rejected by: SAP Cloud SDK for JavaScript."
    inspector.consumers.choice.setCurrentIndex(1)  # the Java SDK alone
    assert table_rows(inspector) == [("SAP Cloud SDK for Java", "accepts")]
    assert inspector.consumers.summary.text() == "No consumer rejects it."


def test_trust_only_pkcs12_lists_its_certificates_and_java_rejects_it(
    inspector, qtbot: QtBot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    open_copy(inspector, qtbot, tmp_path, "cas-nokeys.p12")
    model = inspector.view.view.entries.model()
    assert model.rowCount() == 2
    assert {model.index(r, 1).data() for r in range(2)} == {
        "trusted certificate (invisible to Java)"
    }
    assert ("SAP Cloud SDK for Java", "rejects") in table_rows(inspector)


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_rename_from_the_menu(inspector, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_copy(inspector, qtbot, tmp_path, "chain.p12")
    dialog = inspector.edit("rename")
    assert dialog.alias.text() == "client"  # the selected entry
    dialog.new_alias.setText("api-client")
    dialog.apply()
    settle(inspector, qtbot)
    assert "Wrote chain.p12." in dialog.message.text()
    assert "The old store is kept as chain.p12.bak." in dialog.message.text()
    assert keytool_entries(store) == {"api-client": ("PrivateKeyEntry", 3)}
    assert inspector.view.view.entries.model().index(0, 0).data() == "api-client"  # re-inspected


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_key_password_from_the_menu(inspector, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_copy(inspector, qtbot, tmp_path, "keypass-differs.jks")
    assert ("SAP Cloud SDK for Java", "rejects") in table_rows(inspector)
    dialog = inspector.edit("passwd")
    dialog.key_password.setText("wrong")
    dialog.apply()
    settle(inspector, qtbot)
    assert "the key password given for client is wrong" in dialog.message.text()
    assert store.read_bytes() == (DATA / "keypass-differs.jks").read_bytes()
    dialog.key_password.setText(KEY_PASSWORD)
    dialog.apply()
    settle(inspector, qtbot)
    assert "The key password of client is now the store password." in dialog.message.text()
    assert key_opens(store, "client", PASSWORD)
    assert ("SAP Cloud SDK for Java", "accepts") in table_rows(inspector)


@pytest.mark.java
@pytest.mark.skipif(KEYTOOL is None, reason="no keytool on this machine")
def test_generate_then_csr_from_the_menu(inspector, qtbot: QtBot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_copy(inspector, qtbot, tmp_path, "truststore.jks")
    dialog = inspector.edit("generate")
    dialog.alias.setText("client")
    dialog.subject.setText("CN=client.example.com,O=Example")
    dialog.san.setText("DNS:client.example.com")
    dialog.key_type.setCurrentIndex(3)  # EC P-256
    dialog.apply()
    settle(inspector, qtbot)
    assert keytool_entries(store) == {
        "root": ("trustedCertEntry", 1),
        "client": ("PrivateKeyEntry", 1),
    }
    csr = inspector.edit("csr")
    csr.alias.setText("client")
    csr.file.edit.setText(str(tmp_path / "client.csr"))
    csr.apply()
    settle(inspector, qtbot)
    assert "Wrote client.csr" in csr.message.text()
    assert b"BEGIN CERTIFICATE REQUEST" in (tmp_path / "client.csr").read_bytes()


def test_csr_takes_the_form_as_it_was_at_apply(
    inspector, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The request is made in the background from what the form held at Apply; the job reads
    no widget (typing meanwhile changes nothing, and a closed dialog cannot break it)."""
    from cryptography import x509

    open_copy(inspector, qtbot, tmp_path, "chain.p12")
    csr = inspector.edit("csr")
    csr.alias.setText("client")
    csr.subject.setText("CN=at-apply,O=Example")
    csr.file.edit.setText(str(tmp_path / "client.csr"))
    work: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(inspector.jobs, "submit", lambda _c, fn, _d, _f: work.append(fn))
    csr.apply()
    csr.subject.setText("CN=typed-later")
    work[0]()
    request = x509.load_pem_x509_csr((tmp_path / "client.csr").read_bytes())
    assert request.subject.rfc4514_string() == "CN=at-apply,O=Example"
