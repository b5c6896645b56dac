"""Secrets the catalogue does not know are masked under Other properties, like known ones, and
a typed value goes to the session's secrets, not into the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from gui.other_properties import MASK

UNKNOWN_SECRETS = {
    "URL.headers.Authorization": "Bearer form-s3cret-1",
    "tokenService.body.client_secret": "form-s3cret-2",
    "jco.client.tech_user_secret": "form-s3cret-3",
    "fooPassword": "form-s3cret-4",
    "api_secret": "form-s3cret-5",
}


def rows(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    model = window.form.other.table.model()
    return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}


def test_unknown_and_hidden_secrets_are_masked(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "secrets.properties"
    lines = [
        "Name=secrets",
        "Type=HTTP",
        "URL=https://s.example.com",
        "ProxyType=Internet",
        "Authentication=NoAuthentication",
        "URL.headers.Accept=application/json",
        "clientSecret=hidden-s3cret",  # known, hidden by the rules, still masked
        *(f"{k}={v}" for k, v in UNKNOWN_SECRETS.items()),
    ]
    path.write_text("\n".join(lines) + "\n")
    window.open_file(path)
    idle(window)
    shown = rows(window)
    assert shown["URL.headers.Accept"] == "application/json"
    for key in [*UNKNOWN_SECRETS, "clientSecret"]:
        assert shown[key] == MASK, key
    texts = " ".join(shown.values())
    assert not any(v in texts for v in [*UNKNOWN_SECRETS.values(), "hidden-s3cret"])

    # Typing a new value: a password box, and the value goes to the session's secrets.
    table = window.form.other.table
    row = list(shown).index("fooPassword")
    index = table.model().index(row, 1)
    delegate = table.itemDelegateForIndex(index)
    editor = delegate.createEditor(table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QLineEdit)
    assert editor.echoMode() is QLineEdit.EchoMode.Password
    delegate.setEditorData(editor, index)
    assert editor.text() == ""  # never filled with the stored value
    editor.setText("typed-s3cret")
    delegate.setModelData(editor, table.model(), index)
    assert window.session.password("fooPassword") == "typed-s3cret"
    assert "fooPassword" not in window.session.destination  # leaves the file on save
    assert rows(window)["fooPassword"] == MASK  # still listed, masked
    # A plain row keeps the ordinary editor, filled with its value.
    plain = table.model().index(list(rows(window)).index("URL.headers.Accept"), 1)
    editor = table.itemDelegateForIndex(plain).createEditor(
        table.viewport(), QStyleOptionViewItem(), plain
    )
    assert isinstance(editor, QLineEdit) and editor.echoMode() is QLineEdit.EchoMode.Normal
    table.itemDelegateForIndex(plain).setEditorData(editor, plain)
    assert editor.text() == "application/json"
    # A secret's key is not renamed in the table (its value may be in the keyring under it).
    editable = Qt.ItemFlag.ItemIsEditable
    secret_key = table.model().index(list(rows(window)).index("fooPassword"), 0)
    assert not table.model().flags(secret_key) & editable
    assert table.model().flags(plain.siblingAtColumn(0)) & editable
