"""The chain panel and the inspector, driven as a person would: passwords right and wrong,
results that arrive too late, files dropped on the window, every key store format."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.gui.conftest import answer_next_dialog
from tests.keystore_data import DATA, NOW, PASSWORD, nomac_p12

ROOT = Path(__file__).resolve().parents[2]
EDITOR = Path(sys.executable).parent / "destination-editor"


def chain_labels(view) -> list[str]:  # type: ignore[no-untyped-def]
    labels, item = [], view.tree.topLevelItem(0) if view.tree.topLevelItemCount() else None
    while item is not None:
        labels.append(item.text(0))
        item = item.child(0) if item.childCount() else None
    return labels


def test_chain_panel_with_a_wrong_then_right_password(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    chain = window.chain
    # A JKS lists its chain without a password, and asks for one to verify it
    assert chain_labels(chain.view) == [
        "client.example.com",
        "Example Issuing CA",
        "Example Root CA",
    ]
    assert "Opened without its password" in chain.status.text()
    assert chain.password_row.isVisible()
    chain.password.setText("wrong-password")
    chain.open_button.click()
    idle(window)
    assert chain.status.text().startswith("client.jks: the key store password is wrong")
    assert chain.view.tree.topLevelItemCount() == 0
    chain.password.setText("changeit")
    chain.open_button.click()
    idle(window)
    assert chain.status.text() == "client.jks: JKS, 1 entry, 0 errors, 0 warnings."
    assert not chain.password_row.isVisible()
    assert chain_labels(chain.view) == [
        "client.example.com",
        "Example Issuing CA",
        "Example Root CA",
    ]
    # the password that worked is now the destination's (kept for the keyring, not the file)
    assert window.form.rows["KeyStorePassword"].field.edit.text() == "changeit"
    assert "KeyStorePassword" not in window.session.destination
    # details of the selected certificate; the selected field's value is copied
    details = chain.view.details
    fields = {
        details.item(r, 0).text(): details.item(r, 1).text() for r in range(details.rowCount())
    }
    assert fields["Subject"] == "C=DE,O=Example,CN=client.example.com"
    assert fields["Extended key usage"] == "clientAuth"
    assert not chain.view.copy_button.isEnabled()  # nothing selected yet
    details.selectRow(0)
    chain.view.copy_button.click()
    assert QApplication.clipboard().text() == "C=DE,O=Example,CN=client.example.com"


def test_pkcs12_needs_its_password(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    path.write_text(path.read_text().replace("client.jks", "client.p12"))
    window.open_file(path)
    idle(window)
    assert window.chain.status.text() == (
        "client.p12: the PKCS#12 file is encrypted: a password is needed. Enter its password below."
    )
    field = window.form.rows["KeyStorePassword"].field
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "changeit")
    idle(window)
    assert window.chain.status.text() == "client.p12: PKCS12, 1 entry, 0 errors, 0 warnings."


def test_a_stale_result_is_dropped(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    chain = window.chain
    with qtbot.waitSignal(window.jobs.dropped, timeout=10000) as dropped:
        chain.load(DATA / "two-keys.jks", "changeit")  # the user looked here first...
        chain.load(DATA / "truststore.jks", "changeit")  # ...then moved on at once
    assert dropped.args == [chain.channel]
    idle(window)
    assert chain.status.text().startswith("truststore.jks: JKS, 1 entry")
    assert chain_labels(chain.view) == ["Example Root CA"]


def drop(window, path: Path, target=None) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    widget = target or window
    point = widget.mapTo(window, QPoint(widget.width() // 2, 40)) if target else QPoint(10, 10)
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)


def test_drag_and_drop(window, workspace: Path, tmp_path_factory, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    drop(window, workspace / "basic.properties")  # a destination file opens
    idle(window)  # read off the GUI thread
    assert window.session.destination.name == "basic"
    drop(window, DATA / "chain.p7b")  # a key store opens the inspector
    assert (
        window.tools.inspectors
        and window.tools.inspectors[-1].windowTitle() == "chain.p7b — Key Store Inspector"
    )
    window.tools.inspectors[-1].close()
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "partner.jks"
    shutil.copy(DATA / "truststore.jks", elsewhere)
    window.open_file(workspace / "weather.properties")
    idle(window)
    answer_next_dialog(QMessageBox.StandardButton.Yes)
    drop(window, elsewhere, target=window.form_area)  # on the form: becomes KeyStoreLocation
    assert window.session.destination["KeyStoreLocation"] == "partner.jks"
    assert (workspace / "partner.jks").read_bytes() == elsewhere.read_bytes()


INSPECTED = [
    "chain.jks",
    "chain-jdk21.jks",
    "chain.jceks",
    "with-secret.jceks",
    "chain.p12",
    "legacy.p12",
    "truststore-nokeys.p12",
    "bundle.pem",
    "encrypted-pkcs8.pem",
    "client.der",
    "chain.p7b",
    "chain-der.p7b",
]


@pytest.mark.parametrize("name", INSPECTED)
def test_inspector_on_every_format(qtbot: QtBot, name: str) -> None:
    from gui.inspector import InspectorWindow
    from gui.jobs import Jobs

    jobs = Jobs()
    inspector = InspectorWindow(jobs)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.open_path(DATA / name, "changeit")
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    view = inspector.view
    assert view.status.text().startswith(f"{name}: ")
    model = view.view.entries.model()
    if name == "truststore-nokeys.p12":
        assert model.rowCount() == 1  # listed, though Java does not see it
        assert model.index(0, 1).data() == "trusted certificate (invisible to Java)"
        assert "lacks Java's trusted-certificate attribute" in view.view.findings.item(1).text()
    else:
        assert model.rowCount() >= 1
        assert model.index(0, 0).data()  # the alias
        # Every certificate of these chains is valid and complete: the first entry's status.
        assert model.index(0, 5).data() == "ok"
    jobs.wait()


def test_inspector_says_why_a_file_does_not_open(qtbot: QtBot) -> None:
    from gui.inspector import InspectorWindow
    from gui.jobs import Jobs

    jobs = Jobs()
    inspector = InspectorWindow(jobs)
    qtbot.addWidget(inspector)
    for name, sentence in [
        (
            "truncated.jks",
            "truncated.jks: the file ends in the middle of an entry: it is truncated or damaged.",
        ),
        (
            "archive.zip",
            "archive.zip is a ZIP archive, not a key store (JKS, JCEKS, PKCS#12, PEM, DER or PKCS#7)",
        ),
        ("empty.jks", "empty.jks is empty"),
    ]:
        inspector.open_path(DATA / name, "changeit")
        qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
        assert inspector.view.status.text() == sentence
    jobs.wait()


def test_a_file_without_mac_opened_with_its_password_asks_for_no_password(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    """Neither the inspector nor the chain panel calls it verified, nor offers a password row:
    no password could verify more. The chain panel shows the findings validate gives."""
    from core.keystores import open_keystore
    from core.keystores.inspection import inspect
    from gui.inspector import InspectorWindow

    path = nomac_p12(workspace)
    path.rename(workspace / "client.p12")
    path = workspace / "client.p12"
    said = inspect(open_keystore(path.read_bytes(), PASSWORD), PASSWORD, NOW).findings
    [no_mac] = [f.message for f in said if f.code == "pkcs12.no_mac"]

    inspector = InspectorWindow(window.jobs)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.open_path(path, PASSWORD)
    idle(window)
    status = "client.p12: PKCS12, 1 entry, 0 errors, 1 warning. The file has no integrity check (no MAC)."
    assert inspector.view.status.text() == status
    assert not inspector.view.password_row.isVisible()
    findings = inspector.view.view.findings
    assert any(no_mac in findings.item(i).text() for i in range(findings.count()))

    destination = workspace / "weather.properties"
    destination.write_text(destination.read_text().replace("client.jks", "client.p12"))
    window.open_file(destination)
    idle(window)
    field = window.form.rows["KeyStorePassword"].field
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, PASSWORD)
    idle(window)
    assert window.chain.status.text() == status
    assert not window.chain.password_row.isVisible()
    shown = window.chain.view.findings
    assert any(no_mac in shown.item(i).text() for i in range(shown.count()))


@pytest.mark.parametrize(
    ("name", "password", "status"),
    [
        ("bundle.pem", None, "bundle.pem: PEM, 1 entry, 0 errors, 0 warnings. The file has no "
         "integrity check (PEM has none)."),
        ("encrypted-pkcs8.pem", PASSWORD, "encrypted-pkcs8.pem: PEM, 1 entry, 0 errors, "
         "0 warnings. The file has no integrity check (PEM has none)."),
        ("client.der", None, "client.der: DER, 1 entry, 0 errors, 0 warnings. The file has no "
         "integrity check (DER has none)."),
        ("chain.p7b", None, "chain.p7b: PKCS7, 3 entries, 0 errors, 0 warnings. The file has no "
         "integrity check (PKCS#7 has none)."),
    ],
    ids=["pem", "encrypted-pem", "der", "pkcs7"],
)  # fmt: skip
def test_inspector_asks_no_password_for_a_format_without_integrity_check(
    qtbot: QtBot, name: str, password: str | None, status: str
) -> None:
    """PEM, DER and PKCS#7 have no integrity check: never called verified, no password asked."""
    from gui.inspector import InspectorWindow
    from gui.jobs import Jobs

    jobs = Jobs()
    inspector = InspectorWindow(jobs)
    qtbot.addWidget(inspector)
    inspector.show()
    inspector.open_path(DATA / name, password)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert inspector.view.status.text() == status
    assert not inspector.view.password_row.isVisible()
    jobs.wait()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(
    shutil.which("keytool") is None, reason="the sample workspace's expiring store needs keytool"
)
def test_screenshot_of_the_sample_workspace_and_the_inspector(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(ROOT / "resources" / "samples", samples)
    subprocess.run(["bash", str(samples / "make_expiring.sh")], check=True)
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "HOME": str(tmp_path),
    }
    out = tmp_path / "editor.png"
    r = subprocess.run(
        [str(EDITOR), "--screenshot", str(out), str(samples)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert png_size(out) == (1440, 900)
    out = tmp_path / "inspector.png"
    r = subprocess.run(
        [str(EDITOR), "--screenshot", str(out), str(DATA / "missing-issuer.jks")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert png_size(out)[0] > 400


def test_key_store_findings_join_the_destination_findings(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(DATA / "expired.jks", workspace / "client.jks")
    window.open_file(workspace / "weather.properties")
    idle(window)
    model = window.findings.model()
    texts = [model.index(i, 0).data() for i in range(model.rowCount())]
    assert "KeyStoreLocation (client.jks): expired.example.com expired on 2001-01-01." in texts
    assert any(t.startswith("KeyStorePassword: ") for t in texts)  # the destination's own


def test_export_for_upload_with_and_without_passwords(
    window, workspace: Path, qtbot: QtBot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import stat

    from PySide6.QtWidgets import QFileDialog

    from gui.export_dialog import ExportDialog

    window.open_file(workspace / "weather.properties")
    idle(window)
    password = window.form.rows["KeyStorePassword"].field.edit
    password.setFocus()
    qtbot.keyClicks(password, "changeit")
    for include, name in ((False, "plain.properties"), (True, "secret.properties")):
        target = workspace / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        dialog = window.tools.export()
        assert isinstance(dialog, ExportDialog)
        dialog.include.setChecked(include)
        assert dialog.warning.isVisibleTo(dialog) is include
        dialog.format.setCurrentText("properties")
        from PySide6.QtWidgets import QDialogButtonBox

        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        idle(window)
        text = target.read_text()
        assert ("KeyStorePassword=changeit" in text) is include
        assert text.startswith("# THIS FILE CONTAINS SECRETS") is include
        assert (stat.S_IMODE(target.stat().st_mode) == 0o600) is include
        # What was left out is said, as destination-cli export says it.
        left_out = "Secrets left out: weather: KeyStorePassword."
        assert (left_out in dialog.message.text()) is not include, dialog.message.text()
        dialog.close()


def test_a_key_store_carried_in_its_file_shows_its_chain(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    """A find-destination response carries its key store: the panel opens that one, as the
    findings do, and says where it is (there is no client.jks beside the file)."""
    import base64
    import json

    destination = {
        "Name": "weather",
        "Type": "HTTP",
        "URL": "https://api.example.com",
        "ProxyType": "Internet",
        "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks",
    }
    content = base64.b64encode((DATA / "chain.jks").read_bytes()).decode()
    path = tmp_path / "weather.json"
    path.write_text(
        json.dumps(
            {
                "destinationConfiguration": destination,
                "certificates": [{"Name": "client.jks", "Type": "JKS", "Content": content}],
            }
        )
    )
    window.open_file(path)
    idle(window)
    chain = window.chain
    assert chain.status.text().startswith(
        "client.jks (carried in weather.json): JKS, 1 entry, 0 errors, 1 warning. Opened without"
    ), chain.status.text()
    assert chain_labels(chain.view) == [
        "client.example.com",
        "Example Issuing CA",
        "Example Root CA",
    ]
    chain.password.setText("changeit")
    chain.open_button.click()
    idle(window)
    assert chain.status.text() == (
        "client.jks (carried in weather.json): JKS, 1 entry, 0 errors, 0 warnings."
    )
    assert not any("cannot be opened" in f.message for f in window.editor.findings)


def findings_text(view) -> list[str]:  # type: ignore[no-untyped-def]
    shown = view.view.findings
    return [shown.item(i).text() for i in range(shown.count())]


def test_inspector_asks_for_the_password_of_an_encrypted_pem_key(qtbot: QtBot) -> None:
    """Opened without its password, an encrypted PEM key is said not checked and the password
    row is offered; a wrong password says so and keeps the row; the right one checks the key."""
    from gui.inspector import InspectorWindow
    from gui.jobs import Jobs

    jobs = Jobs()
    inspector = InspectorWindow(jobs)
    qtbot.addWidget(inspector)
    inspector.show()
    view = inspector.view
    inspector.open_path(DATA / "encrypted-pkcs8.pem", None)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert view.status.text() == (
        "encrypted-pkcs8.pem: PEM, 1 entry, 0 errors, 1 warning. The file has no integrity "
        "check (PEM has none). Its private key is encrypted: enter its password to check it."
    )
    assert view.password_row.isVisible()
    assert any("is encrypted and was not checked" in t for t in findings_text(view))
    entered: list[str] = []
    view.password_entered.connect(entered.append)

    view.password.setText("wrong-password")
    view.open_button.click()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert view.status.text().startswith("encrypted-pkcs8.pem: PEM, 1 entry, 1 error, 0 warnings.")
    assert view.password_row.isVisible()
    assert any("does not open with the key store password" in t for t in findings_text(view))

    view.password.setText(PASSWORD)
    view.open_button.click()
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    assert view.status.text() == (
        "encrypted-pkcs8.pem: PEM, 1 entry, 0 errors, 0 warnings. The file has no integrity "
        "check (PEM has none)."
    )
    assert not view.password_row.isVisible()
    assert not any("not checked" in t for t in findings_text(view))
    assert entered == [PASSWORD]  # only the password that opened the key
    jobs.wait()


def test_chain_panel_and_validate_agree_on_an_encrypted_pem_key(
    window, workspace: Path, qtbot: QtBot, idle, cli
) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(DATA / "encrypted-pkcs8.pem", workspace / "client.pem")
    destination = workspace / "weather.properties"
    destination.write_text(destination.read_text().replace("client.jks", "client.pem"))
    said = cli("validate", "--json", destination)
    [finding] = [
        f
        for f in json.loads(said.stdout)["files"][0]["destinations"][0]["findings"]
        if f["code"] == "key.not_checked"
    ]
    assert finding["severity"] == "warning"
    window.open_file(destination)
    idle(window)
    assert window.chain.password_row.isVisible()
    assert "Its private key is encrypted" in window.chain.status.text()
    assert any(
        "is encrypted and was not checked against its certificate" in t
        for t in findings_text(window.chain)
    )
    assert "is encrypted and was not checked" in finding["message"]
