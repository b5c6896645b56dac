"""The form, driven through its widgets: rules show and hide rows, edits reach the model and
back, findings appear inline, undo and redo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from core.formats.properties import parse_properties, render_properties
from tests.gui.conftest import answer_next_dialog

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def field(window, key):  # type: ignore[no-untyped-def]
    return window.form.rows[key].field


def label(window, key: str) -> str:  # type: ignore[no-untyped-def]
    """The label as read, without its Alt+letter marker."""
    return window.form.rows[key].label.text().replace("&", "")


def shown(window, key: str) -> bool:  # type: ignore[no-untyped-def]
    return window.form.rows[key].field.isVisible()


def choose(window, key: str, text: str, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    combo = field(window, key).combo
    index = combo.findText(text)
    assert index >= 0, (key, text, [combo.itemText(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def finding_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    """What the rows of the findings list say, top to bottom."""
    model = window.findings.model()
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def type_into(qtbot: QtBot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_rule_rows_show_and_hide(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_workspace(workspace)
    idle(window)
    assert window.session.destination.name == "basic"
    # BasicAuthentication: its own keys, key store hidden
    assert shown(window, "User") and shown(window, "Password")
    assert "*" in window.form.rows["Password"].label.text()
    assert not shown(window, "KeyStore.Source") and not shown(window, "KeyStoreLocation")
    # ClientCertificateAuthentication with the default source: location and password required
    choose(window, "Authentication", "ClientCertificateAuthentication", qtbot)
    assert shown(window, "KeyStore.Source") and shown(window, "KeyStoreLocation")
    assert label(window, "KeyStoreLocation") == "Key store *"
    assert label(window, "KeyStorePassword") == "Key store password *"
    assert not shown(window, "User")
    # ClientProvided: location optional, password hidden until a location is set
    choose(window, "KeyStore.Source", "ClientProvided", qtbot)
    assert label(window, "KeyStoreLocation") == "Key store"
    assert not shown(window, "KeyStorePassword")
    type_into(qtbot, field(window, "KeyStoreLocation").combo.lineEdit(), "client.jks")
    assert shown(window, "KeyStorePassword")
    assert label(window, "KeyStorePassword") == "Key store password"
    # TrustAll hides the trust store and the verifier
    assert shown(window, "TrustStoreLocation") and shown(window, "HostnameVerifier")
    field(window, "TrustAll").check.click()
    assert window.session.destination["TrustAll"] == "TRUE"
    assert not shown(window, "TrustStoreLocation") and not shown(window, "HostnameVerifier")
    field(window, "TrustAll").check.click()
    assert shown(window, "TrustStoreLocation")
    # OnPremise shows the Cloud Connector location (and hides trust)
    assert not shown(window, "CloudConnectorLocationId")
    choose(window, "ProxyType", "OnPremise", qtbot)
    assert shown(window, "CloudConnectorLocationId") and not shown(window, "TrustStoreLocation")
    choose(window, "ProxyType", "Internet", qtbot)
    # http:// hides trust, and ClientCertificateAuthentication is no longer offered
    choose(window, "Authentication", "NoAuthentication", qtbot)
    type_into(qtbot, field(window, "URL").edit, "http://plain.example.com")
    assert not shown(window, "TrustStoreLocation") and not shown(window, "TrustAll")
    combo = field(window, "Authentication").combo
    assert combo.findText("ClientCertificateAuthentication") == -1
    # SAML: the key store is the signing key
    type_into(qtbot, field(window, "URL").edit, "https://idp.example.com")
    choose(window, "Authentication", "SAMLAssertion", qtbot)
    assert label(window, "KeyStoreLocation") == "Signing key store"


def test_each_widget_kind_edits_the_model_and_back(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    type_into(qtbot, field(window, "Description").edit, "Forecasts")  # text
    assert window.session.destination["Description"] == "Forecasts"
    choose(window, "HostnameVerifier", "BrowserCompatible", qtbot)  # enum
    assert window.session.destination["HostnameVerifier"] == "BrowserCompatible"
    field(window, "TrustAll").check.click()  # bool
    assert window.session.destination["TrustAll"] == "TRUE"
    field(window, "TrustAll").check.click()
    choose(window, "KeyStoreLocation", "client.p12", qtbot)  # key store combo with workspace files
    assert window.session.destination["KeyStoreLocation"] == "client.p12"
    password = field(window, "KeyStorePassword")  # secret: to the session, not the file
    type_into(qtbot, password.edit, "changeit")
    assert window.session.password("KeyStorePassword") == "changeit"
    assert "KeyStorePassword" not in window.session.destination
    assert password.edit.echoMode() == password.edit.EchoMode.Password
    password.reveal.click()
    assert password.edit.echoMode() == password.edit.EchoMode.Normal
    password.empty.click()  # SAP's "set empty"
    assert window.session.destination["KeyStorePassword"] == ""
    assert not password.edit.isEnabled()
    # ... and the reverse: the model changes, the widgets follow
    window.editor.undo()
    assert "KeyStorePassword" not in window.session.destination and password.edit.isEnabled()
    assert password.edit.text() == "changeit"
    window.editor.undo()  # the typed password, in one step
    assert password.edit.text() == "" and window.session.password("KeyStorePassword") is None
    window.editor.undo()
    assert field(window, "KeyStoreLocation").combo.currentText() == "client.jks"
    window.editor.redo()
    assert field(window, "KeyStoreLocation").combo.currentText() == "client.p12"
    while window.session.can_undo:
        window.editor.undo()
    assert field(window, "Description").edit.text() == ""
    assert window.commands.undo.isEnabled() is False and window.commands.redo.isEnabled()


def test_undo_takes_back_what_was_typed_field_by_field(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "basic.properties")
    idle(window)
    window.session.secrets["Password"] = "stored"  # as if the keyring had answered
    type_into(qtbot, field(window, "sap-client").edit, "100")
    type_into(qtbot, field(window, "Name").edit, "basic2")  # a rename, with a stored password
    type_into(qtbot, field(window, "Password").edit, "n3w")
    assert window.isWindowModified()
    window.editor.undo()  # the password, all three letters
    assert field(window, "Password").edit.text() == "stored"
    window.editor.undo()  # the Name
    assert field(window, "Name").edit.text() == "basic"
    window.editor.undo()  # "100" at once, not "10" then "1"
    assert field(window, "sap-client").edit.text() == ""
    assert not window.session.can_undo
    assert not window.isWindowModified() and "*" not in window.windowTitle().replace("[*]", "")
    window.editor.redo()
    assert field(window, "sap-client").edit.text() == "100" and window.isWindowModified()


def test_inline_findings_appear_and_clear(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    marker = window.form.rows["URL"].marker
    assert marker.toolTip() == ""
    type_into(qtbot, field(window, "URL").edit, "ftp://wrong")
    idle(window)
    assert marker.toolTip() == "URL must start with http:// or https://."
    assert any("URL must start with" in text for text in finding_texts(window))
    type_into(qtbot, field(window, "URL").edit, "https://right.example.com")
    idle(window)
    assert marker.toolTip() == ""
    # Clicking a finding focuses its field
    pw_marker = window.form.rows["KeyStorePassword"].marker
    assert "must be present" in pw_marker.toolTip()
    row = next(i for i, t in enumerate(finding_texts(window)) if t.startswith("KeyStorePassword"))
    view = window.findings
    window.bottom.setCurrentWidget(view)  # the Findings tab, as a person would look at it
    index = view.model().index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert field(window, "KeyStorePassword").edit.hasFocus()


def test_other_properties_add_rename_remove_and_hidden_values(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    path.write_text(path.read_text() + "Custom.Flag=on\nUser=leftover\n")
    window.open_file(path)
    idle(window)
    table = window.form.other.table
    model = table.model()

    def cell(row: int, column: int) -> QModelIndex:
        return model.index(row, column)

    def keys() -> list[str]:
        return [cell(r, 0).data() for r in range(model.rowCount())]

    assert keys() == ["Custom.Flag", "User"]  # unknown, then hidden-with-value
    user_row = keys().index("User")
    assert (
        "User is set but ignored because Authentication is ClientCertificateAuthentication."
        in cell(user_row, 0).data(Qt.ItemDataRole.ToolTipRole)
    )
    window.form.other.add_button.click()
    assert "new.property" in window.session.destination
    row = keys().index("new.property")
    assert model.setData(cell(row, 0), "Another.Key")  # what the cell's editor does on Enter
    assert (
        "Another.Key" in window.session.destination
        and "new.property" not in window.session.destination
    )
    row = keys().index("Another.Key")
    assert model.setData(cell(row, 1), "value")
    assert window.session.destination["Another.Key"] == "value"
    assert cell(row, 1).data() == "value"
    table.setCurrentIndex(cell(row, 0))
    window.form.other.remove_button.click()
    assert "Another.Key" not in window.session.destination


def test_tab_leaves_the_other_properties_table_and_arrows_move_in_it(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    path.write_text(path.read_text() + "Custom.Flag=on\nOther.Thing=x\n")
    window.open_file(path)
    idle(window)
    other = window.form.other
    table, model = other.table, other.model
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Right)  # the keys move from cell to cell
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (1, 1)
    # Tab goes on to the buttons the chain names (Form._set_tab_order), as in every other
    # part of the form; it went round the table's cells for ever.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert other.add_button.hasFocus()
    qtbot.keyClick(other.add_button, Qt.Key.Key_Backtab)
    assert table.hasFocus()


def test_other_properties_add_then_name_and_remove_row_after_row_with_the_keyboard(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    path.write_text(path.read_text() + "A.One=1\nB.Two=2\nC.Three=3\n")
    window.open_file(path)
    idle(window)
    other = window.form.other
    table, model = other.table, other.model
    other.add_button.setFocus()
    qtbot.keyClick(other.add_button, Qt.Key.Key_Space)
    # The new row is current with its name open for typing.
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "new.property"
    assert model.keys[table.currentIndex().row()] == "new.property"
    editor.selectAll()
    qtbot.keyClicks(editor, "D.Four")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "D.Four" in window.session.destination)
    assert "new.property" not in window.session.destination
    # Remove, and Remove again: the row that took the removed one's place goes next.
    table.setCurrentIndex(model.index(model.keys.index("A.One"), 0))
    other.remove_button.click()
    assert model.keys[table.currentIndex().row()] == "B.Two"
    other.remove_button.click()
    assert "B.Two" not in window.session.destination
    assert model.keys[table.currentIndex().row()] == "C.Three"


def test_other_properties_rename_onto_a_set_key_is_refused_and_said(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    path.write_text(path.read_text() + "Custom.Flag=on\nOther.Thing=x\n")
    window.open_file(path)
    idle(window)
    model = window.form.other.model
    before = window.session.destination
    # Onto another row's key, or onto a field's (URL): the value there was replaced unseen.
    for taken in ("Other.Thing", "URL"):
        assert not model.setData(model.index(0, 0), taken)
        assert window.session.destination == before and not window.session.modified
        said = window.statusBar().currentMessage()
        assert said == f"Custom.Flag was not renamed: {taken} is already set."
    assert model.setData(model.index(0, 0), "Free.Name")  # a free name still renames
    assert window.session.destination["Free.Name"] == "on"


def test_unsaved_changes_prompt(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    type_into(qtbot, field(window, "Description").edit, "changed")
    assert window.windowTitle() == "weather.properties[*] — Destination Editor"
    assert window.isWindowModified()
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Cancel, seen)
    window.close_destination()
    assert seen == ["weather.properties has unsaved changes. Save them?"]
    assert window.session is not None  # Cancel keeps everything
    answer_next_dialog(QMessageBox.StandardButton.Discard)
    window.open_file(workspace / "basic.properties")
    idle(window)  # read off the GUI thread
    assert window.session.destination.name == "basic"
    assert "changed" not in (workspace / "weather.properties").read_text()
    type_into(qtbot, field(window, "Description").edit, "saved now")
    answer_next_dialog(QMessageBox.StandardButton.Save)
    window.close_destination()
    assert window.session is None
    assert "Description=saved now" in (workspace / "basic.properties").read_text()


def test_a_check_still_running_when_the_destination_closes_is_not_shown_after(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    assert finding_texts(window)
    window.editor.check()  # e.g. the debounce after typing fired just before Close
    window.close_destination()
    assert window.session is None and finding_texts(window) == []
    idle(window)
    # The closed destination's findings do not come back under the welcome pane.
    assert finding_texts(window) == [] and window.editor.findings == ()


def test_save_and_reopen_equals_what_core_writes(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = workspace / "weather.properties"
    original = path.read_bytes()
    window.open_file(path)
    idle(window)
    type_into(qtbot, field(window, "Description").edit, "Gruesse")
    type_into(qtbot, field(window, "KeyStorePassword").edit, "changeit")
    assert window.save()
    idle(window)
    entry = parse_properties(original, "x")
    expected = render_properties(
        entry.destination.with_value("Description", "Gruesse"), entry.layout
    )
    assert path.read_bytes() == expected
    assert b"changeit" not in path.read_bytes()
    assert not window.isWindowModified()
    window.open_file(path)
    assert field(window, "Description").edit.text() == "Gruesse"


def shown_letters(window) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each shown row's Alt+letter, checked: unique, none of the menus' and tabs', and a row
    goes without only when every letter of its label is taken."""
    from gui.form import taken_letters

    letters, without = {}, []
    for key, row in window.form.rows.items():
        if not row.label.isVisible():
            continue
        text = row.label.text()
        assert text.count("&") <= 1, text
        if "&" in text:
            letters[key] = text[text.index("&") + 1].lower()
        else:
            without.append(text)
    assert len(set(letters.values())) == len(letters), letters
    assert not set(letters.values()) & set("fethin")  # menus and tabs keep theirs
    # More fields than letters: a label goes without only when every letter of it is taken,
    # by another label or by the window's menus, tabs and buttons.
    labels = [row.label for row in window.form.rows.values()]
    taken = set(letters.values()) | set("fethin") | taken_letters(window, labels)
    for text in without:
        assert {c.lower() for c in text if c.isalnum()} <= taken, text
    return letters


def test_every_shown_field_has_its_own_alt_letter(
    window, workspace: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window.open_file(workspace / "weather.properties")
    idle(window)
    letters = shown_letters(window)
    # the key store's rows come before the folded Advanced group and get theirs first
    assert {"Name", "URL", "Authentication", "KeyStoreLocation", "KeyStorePassword"} <= set(letters)
    assert len(letters) >= 10
    # Alt+letter moves the focus to the field, as a person would use it
    window.activateWindow()
    qtbot.keyClick(window, letters["URL"], Qt.KeyboardModifier.AltModifier)
    assert window.form.rows["URL"].field.edit.hasFocus()
    # opening the Advanced group gives its rows the letters left, and takes none from above
    window.form.folds["Advanced"].button.click()
    opened = shown_letters(window)
    assert {k: opened[k] for k in letters} == letters
    assert len(opened) >= 12


def most_labels_with_letters(options: list[set[str]]) -> int:
    """How many labels at most can have letters of their own, each from its set: every way
    tried (a search over the rows, remembering which letters are gone)."""
    from functools import cache

    @cache
    def best(i: int, gone: frozenset[str]) -> int:
        if i == len(options):
            return 0
        found = best(i + 1, gone)  # this label without a letter
        for letter in options[i] - gone:
            found = max(found, 1 + best(i + 1, gone | {letter}))
        return found

    return best(0, frozenset())


def test_letters_go_as_far_as_they_can_and_to_the_fields_used_most(
    window, tmp_path: Path, idle
) -> None:  # type: ignore[no-untyped-def]
    """The sample weather-api shows more labels than there are free letters in them: as many
    as can get one do, every required row and every key store and trust store row among them;
    what goes without is a switch with a default (Key store source, Host name verifier)."""
    from core.schema import BY_KEY
    from gui.form import taken_letters

    shutil.copytree(SAMPLES, tmp_path / "samples")
    window.open_file(tmp_path / "samples" / "weather-api.properties")
    idle(window)
    letters = shown_letters(window)
    form = window.form
    shown = [k for k, row in form.rows.items() if row.label.isVisible()]
    labels = [row.label for row in form.rows.values()]
    taken = set("fethin") | (taken_letters(window, labels) - set(letters.values()))
    options = [{c for c in form.states[k].label.lower() if c.isalnum()} - taken for k in shown]
    assert len(letters) == most_labels_with_letters(options)
    required = {k for k in shown if form.states[k].visibility.name == "REQUIRED"}
    wanted = {"KeyStoreLocation", "KeyStorePassword", "TrustStoreLocation", "TrustStorePassword"}
    assert required | wanted <= set(letters), sorted(set(shown) - set(letters))
    without = set(shown) - set(letters)
    assert without and all(BY_KEY[k].default is not None for k in without), without


def on_screen_order(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The shown rows as a reader meets them: top to bottom on the form."""
    form = window.form
    shown = [k for k, r in form.rows.items() if r.field.isVisible()]
    return sorted(shown, key=lambda k: form.rows[k].line.mapTo(form, QPoint(0, 0)).y())


def tab_walk(window, qtbot: QtBot) -> list[str]:  # type: ignore[no-untyped-def]
    """The rows Tab visits from Name on, each once."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    def row_of(widget) -> str | None:  # type: ignore[no-untyped-def]
        for key, row in window.form.rows.items():
            if row.field.isVisible() and row.line.isAncestorOf(widget):
                return key
        return None

    window.form.rows["Name"].field.edit.setFocus()
    seen: list[str] = []
    for _ in range(80):
        key = row_of(QApplication.focusWidget())
        if key and (not seen or seen[-1] != key):
            seen.append(key)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return seen


def test_tab_walks_the_form_top_to_bottom(window, workspace: Path, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    rows = on_screen_order(window)
    # each shown field is reached, in the order it appears on screen
    assert tab_walk(window, qtbot)[: len(rows)] == rows


def test_tab_follows_the_form_after_each_rule_change(window, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    """The rows a rule shows take their place in the Tab chain, for every authentication."""
    window.new_destination()
    idle(window)
    combo = field(window, "Authentication").combo
    options = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(options) >= 8
    for option in options:
        choose(window, "Authentication", option, qtbot)
        rows = on_screen_order(window)
        assert tab_walk(window, qtbot)[: len(rows)] == rows, option


def test_new_destination_starts_in_name(window, qtbot: QtBot, idle) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    window.commands.new.trigger()
    idle(window)
    assert QApplication.focusWidget() is field(window, "Name").edit


def test_a_workspace_of_one_says_one_destination(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    (workspace / "basic.properties").unlink()
    window.open_workspace(workspace)
    idle(window)
    assert window.statusBar().currentMessage() == f"Workspace {workspace.name}: 1 destination"


def test_number_fields_take_every_documented_value(qtbot: QtBot) -> None:
    """HTML5.Timeout is milliseconds without an upper bound: two minutes must be typeable."""
    from core.schema import BY_KEY
    from gui.fields import make_field

    for key, typed in (
        ("HTML5.Timeout", "120000"),
        ("jco.destination.ws_ping_period", "86400"),
        ("URL.socketReadTimeoutInSeconds", "43200"),
    ):
        field = make_field(BY_KEY[key], None)
        qtbot.addWidget(field)
        edited: list[object] = []
        field.edited.connect(edited.append)
        qtbot.keyClicks(field.edit, typed)
        assert field.edit.text() == typed and edited[-1] == typed, key
        qtbot.keyClicks(field.edit, "x")  # still digits only
        assert field.edit.text() == typed


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_a_number_field_takes_digits_not_the_locales_thousands_separator(
    qtbot: QtBot, locale: str
) -> None:
    from PySide6.QtCore import QLocale

    from core.schema import BY_KEY
    from gui.fields import TextField

    before = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        number = TextField(BY_KEY["HTML5.Timeout"])
    finally:
        QLocale.setDefault(before)
    qtbot.addWidget(number)
    typed: list[str | None] = []
    number.edited.connect(typed.append)
    # "1,000" (or "1.000") would reach the file, where validation calls it no whole number.
    qtbot.keyClicks(number.edit, "120,000.5")
    assert number.edit.text() == "1200005" and typed[-1] == "1200005"
