"""The connection check and the workspace health view, driven through the window."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.keystore_tools_dialog import KeystoreToolDialog
from tests.keystore_data import DATA
from tests.tls_server import TLS, tls_server


def tls_workspace(folder: Path, port: int, keystore: str = "client.jks") -> Path:
    for f in TLS.glob("*.jks"):
        shutil.copy(f, folder / f.name)
    path = folder / "api.properties"
    path.write_text(
        f"Name=api\nType=HTTP\nURL=https://localhost:{port}/ping\nProxyType=Internet\n"
        "Authentication=ClientCertificateAuthentication\n"
        f"KeyStoreLocation={keystore}\nTrustStoreLocation=server-trust.jks\n"
    )
    return path


def open_with_password(window, path: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    """Open the destination and type its key store password into the form, as a person would."""
    window.open_file(path)
    idle(window)
    password = window.form.rows["KeyStorePassword"].field.edit
    password.setFocus()
    qtbot.keyClicks(password, "changeit")
    idle(window)


def test_check_connection_shows_the_result_in_the_panel(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
) -> None:
    with tls_server() as port:
        open_with_password(window, tls_workspace(tmp_path, port), qtbot, idle)
        panel = window.connection
        qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
        assert window.bottom.currentWidget() is panel  # the result comes into view
        qtbot.waitUntil(lambda: panel.button.isEnabled(), timeout=20000)
    text = panel.view.toPlainText()
    assert "The destination connects." in panel.status.text(), text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[lines.index("Handshake") + 1] == "succeeded"
    assert lines[lines.index("HTTP HEAD") + 1] == "204"
    assert "sent C=DE,O=Example,CN=api-client" in text


def test_a_rejected_certificate_is_a_sentence_in_the_panel(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
) -> None:
    with tls_server() as port:
        open_with_password(
            window, tls_workspace(tmp_path, port, "client-untrusted.jks"), qtbot, idle
        )
        window.commands.check.trigger()
        qtbot.waitUntil(lambda: window.connection.button.isEnabled(), timeout=20000)
    assert "does not connect" in window.connection.status.text()
    assert (
        "The server does not trust your certificate's issuer"
        in window.connection.view.toPlainText()
    )


def test_switching_destination_drops_a_running_check(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
) -> None:
    from tests.tls_server import silent_port

    with silent_port() as port:
        path = tls_workspace(tmp_path, port)
        window.open_file(path)
        idle(window)
        dropped: list[str] = []
        window.jobs.dropped.connect(dropped.append)
        window.commands.check.trigger()
        assert "Connecting to" in window.connection.status.text()
        window.open_file(path)  # the user moves on before the silent server times out
        assert window.connection.status.text() == "Not checked yet."
        qtbot.waitUntil(lambda: "connection" in dropped, timeout=20000)
    assert window.connection.view.toPlainText() == ""


def test_workspace_health_sorts_by_days_left_and_opens_on_double_click(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
    idle,  # type: ignore[no-untyped-def]
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(DATA / "report", ws)
    window.open_workspace(ws)
    idle(window)
    window.commands.health.trigger()
    health = window.tools.health
    qtbot.waitUntil(lambda: health.refresh_button.isEnabled(), timeout=20000)
    table = health.table
    rows = [
        [table.topLevelItem(i).text(c) for c in (0, 1, 2)] for i in range(table.topLevelItemCount())
    ]
    # days left depend on today; their order and the expiry dates do not
    assert [(r[1], r[2]) for r in rows] == [
        ("2001-01-01", "expired"),
        ("2030-07-01", "soon"),
        ("2124-01-01", "healthy"),
        ("—", "plain"),
    ]
    assert int(rows[0][0]) < 0 < int(rows[1][0]) < int(rows[2][0])
    assert (
        "4 destinations" in health.summary.text() and "1 with an expired" in health.summary.text()
    )
    # sorting by another column and back works on numbers, not text
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert table.topLevelItem(0).text(2) == "expired"
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [table.topLevelItem(i).text(2) for i in range(4)] == [
        "plain",
        "healthy",
        "soon",
        "expired",
    ]
    # double-click opens the destination in the editor
    item = next(table.topLevelItem(i) for i in range(4) if table.topLevelItem(i).text(2) == "soon")
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.destination.name == "soon"
    )
    assert window.form.rows["Name"].field.edit.text() == "soon"


def click_create(dialog, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def close_inspectors(window) -> None:  # type: ignore[no-untyped-def]
    for w in list(window.tools.inspectors):
        w.close()


def test_build_a_key_store_from_pem_files_and_see_it_inspected(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    from tests.gui.test_chain_and_inspector import chain_labels

    tools = DATA / "tools"
    tools_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    next(a for a in tools_menu.actions() if a.text().startswith("&Build Key Store")).trigger()
    dialog = window.findChild(KeystoreToolDialog)
    dialog.key.edit.setText(str(tools / "client.key"))
    dialog.cert.edit.setText(str(tools / "client.pem"))
    dialog.cas.addItems([str(tools / "root-ca.pem"), str(tools / "issuing-ca.pem")])
    dialog.format.setCurrentIndex(1)  # JKS
    dialog.password.setText("changeit")
    out = tmp_path / "built.jks"
    dialog.output.edit.setText(str(out))
    click_create(dialog, qtbot)
    qtbot.waitUntil(lambda: len(window.tools.inspectors) == 1, timeout=20000)
    assert (
        "Wrote built.jks. Chain of client: api-client → Client Issuing CA → Client Root CA."
        in dialog.message.text()
    )
    inspector = window.tools.inspectors[0]
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    assert chain_labels(inspector.view.view) == [
        "api-client",
        "Client Issuing CA",
        "Client Root CA",
    ]
    assert out.read_bytes()[:4] == bytes.fromhex("feedfeed")
    # a second Create would overwrite: refused in words, nothing changes
    before = out.read_bytes()
    click_create(dialog, qtbot)
    assert "built.jks exists: choose a new file" in dialog.message.text()
    assert out.read_bytes() == before
    close_inspectors(window)
    dialog.close()


def test_fix_with_a_wrong_key_password_says_why_in_the_dialog(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    dialog = window.tools.keystore_tool("fix")
    dialog.source.edit.setText(str(DATA / "keypass-differs.jks"))
    dialog.password.setText("changeit")
    dialog.output.edit.setText(str(tmp_path / "fixed.jks"))
    click_create(dialog, qtbot)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled(), timeout=20000)
    assert (
        "Not written: the private key of client does not open with the store password"
        in dialog.message.text()
    )
    assert not (tmp_path / "fixed.jks").exists()
    dialog.key_password.setText("otherpass")
    click_create(dialog, qtbot)
    qtbot.waitUntil(lambda: len(window.tools.inspectors) == 1, timeout=20000)
    assert "The key password of client is now the store password." in dialog.message.text()
    close_inspectors(window)
    dialog.close()


def test_fix_the_store_open_in_the_inspector(
    window,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    from tests.gui.test_chain_and_inspector import chain_labels

    inspector = window.tools.open_inspector(DATA / "tools" / "with-expired-extra.jks")
    tools = next(a.menu() for a in inspector.menuBar().actions() if a.text() == "&Tools")
    next(a for a in tools.actions() if a.text().startswith("&Fix")).trigger()
    dialog = inspector.findChild(KeystoreToolDialog)
    assert dialog.source.edit.text() == str(DATA / "tools" / "with-expired-extra.jks")
    dialog.password.setText("changeit")
    dialog.output.edit.setText(str(tmp_path / "fixed.jks"))
    click_create(dialog, qtbot)
    qtbot.waitUntil(lambda: len(window.tools.inspectors) == 2, timeout=20000)
    assert "Left out the expired certificate old-partner" in dialog.message.text()
    fixed = window.tools.inspectors[1]
    qtbot.waitUntil(lambda: window.jobs.pending == 0, timeout=20000)
    assert fixed.view.view.model.rowCount() == 1  # only the key entry is left
    assert chain_labels(fixed.view.view) == ["api-client", "Client Issuing CA", "Client Root CA"]
    close_inspectors(window)
