"""One editor widget per property kind. Each reports edits with `edited(value)`; `None` means
the property is removed. Setting a value from the model never emits (no echo loops)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.schema import Kind, Property, same


class Field(QWidget):
    edited = Signal(object)  # str | None

    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prop = prop
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_value(self, value: str | None) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self


class TextField(Field):
    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(prop, parent)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(prop.label)
        self.edit.setToolTip(prop.help)
        if prop.kind is Kind.URL:
            self.edit.setPlaceholderText("https://")
        if prop.kind is Kind.NUMBER:
            # Digits only, any size: HTML5.Timeout is milliseconds (120000 is two minutes), and
            # validation says when a value is outside the range SAP documents.
            digits = QIntValidator(0, 2_147_483_647, self)
            # Plain digits in every locale: the default one let "1,000" (en_US) or "1.000"
            # (de_DE) through, which the file keeps and validation calls no whole number.
            plain = QLocale.c()
            plain.setNumberOptions(QLocale.NumberOption.RejectGroupSeparator)
            digits.setLocale(plain)
            self.edit.setValidator(digits)
        self._layout.addWidget(self.edit)
        self.edit.textEdited.connect(lambda text: self.edited.emit(text or None))

    def set_value(self, value: str | None) -> None:
        if self.edit.text() != (value or ""):
            self.edit.setText(value or "")

    def focus_widget(self) -> QWidget:
        return self.edit


class EnumField(Field):
    NOT_SET = "(not set)"

    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(prop, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(prop.label)
        self.combo.setToolTip(prop.help)
        self._layout.addWidget(self.combo)
        self.combo.activated.connect(self._activated)

    def set_options(self, options: tuple[str, ...], value: str | None) -> None:
        items = [self.NOT_SET, *options]
        if value and value not in options:
            items.append(value)  # an unknown value stays visible (validation reports it)
        if [self.combo.itemText(i) for i in range(self.combo.count())] != items:
            self.combo.blockSignals(True)
            self.combo.clear()
            self.combo.addItems(items)
            self.combo.blockSignals(False)
        self.set_value(value)

    def set_value(self, value: str | None) -> None:
        index = self.combo.findText(value) if value else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def _activated(self, index: int) -> None:
        text = self.combo.itemText(index)
        self.edited.emit(None if text == self.NOT_SET else text)

    def focus_widget(self) -> QWidget:
        return self.combo


class BoolField(Field):
    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(prop, parent)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(prop.label)
        self.check.setToolTip(prop.help)
        self._layout.addWidget(self.check)
        self._layout.addStretch(1)
        self.check.toggled.connect(lambda on: self.edited.emit("TRUE" if on else "FALSE"))

    def set_value(self, value: str | None) -> None:
        default = same(self.prop.default, "TRUE")
        on = default if not (value or "").strip() else same(value, "TRUE")
        self.check.blockSignals(True)
        self.check.setChecked(on)
        self.check.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.check


class KeyStoreField(Field):
    """A key store file name: the workspace's key store files, any name, or Browse…"""

    browse = Signal()

    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(prop, parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setAccessibleName(prop.label)
        self.combo.setToolTip(prop.help)
        self.button = QPushButton("Browse…", self)
        self.button.setAccessibleName(f"Browse for {prop.label}")
        self._layout.addWidget(self.combo, 1)
        self._layout.addWidget(self.button)
        line = self.combo.lineEdit()
        assert line is not None
        line.setAccessibleName(prop.label)  # screen readers land in the text, not the combo
        line.textEdited.connect(lambda text: self.edited.emit(text or None))
        self.combo.activated.connect(lambda i: self.edited.emit(self.combo.itemText(i) or None))
        self.button.clicked.connect(self.browse)

    def set_files(self, names: list[str]) -> None:
        current = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(["", *names])
        self.combo.setEditText(current)
        self.combo.blockSignals(False)

    def set_value(self, value: str | None) -> None:
        if self.combo.currentText() != (value or ""):
            self.combo.blockSignals(True)
            self.combo.setEditText(value or "")
            self.combo.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.combo


class PasswordField(Field):
    """A password: hidden by default, with show/hide, SAP's "set empty", and whether to keep it
    in the OS keyring. Its value goes to the session's secrets, never into the file."""

    password_typed = Signal(str, bool)  # value, remember in keyring
    empty_toggled = Signal(bool)

    def __init__(self, prop: Property, parent: QWidget | None = None) -> None:
        super().__init__(prop, parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(prop.label)
        self.edit.setToolTip(prop.help)
        self.edit.setMinimumWidth(120)
        self.reveal = QToolButton(self)
        self.reveal.setText("Show")
        self.reveal.setCheckable(True)
        self.reveal.setAccessibleName(f"Show {prop.label}")
        self.empty = QCheckBox("Set empty", self)
        self.empty.setToolTip("Keep the property, with an empty value on purpose")
        self.remember = QCheckBox("Remember in OS keyring", self)
        self.remember.setChecked(True)
        # Said where the box is: an unticked box keeps the password for this session only.
        self.not_kept = QLabel("Not stored: forgotten when this destination is closed.", self)
        self.not_kept.setWordWrap(True)
        self.not_kept.setVisible(False)
        # Two lines: the check boxes under the password keep the form narrow enough for a
        # small screen (in one line the row alone needed 470 pixels).
        lines = QVBoxLayout()
        lines.setContentsMargins(0, 0, 0, 0)
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.edit, 1)
        top.addWidget(self.reveal)
        bottom.addWidget(self.empty)
        bottom.addWidget(self.remember)
        bottom.addStretch(1)
        lines.addLayout(top)
        lines.addLayout(bottom)
        lines.addWidget(self.not_kept)
        self._layout.addLayout(lines, 1)
        self.reveal.toggled.connect(self._reveal)
        self.edit.textEdited.connect(
            lambda text: self.password_typed.emit(text, self.remember.isChecked())
        )
        self.empty.toggled.connect(self._empty)
        self.remember.toggled.connect(self._remember_toggled)

    def _remember_toggled(self, on: bool) -> None:
        self._note()
        if self.edit.text():
            self.password_typed.emit(self.edit.text(), on)

    def _note(self) -> None:
        self.not_kept.setVisible(bool(self.edit.text()) and not self.remember.isChecked())

    def _reveal(self, on: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.reveal.setText("Hide" if on else "Show")

    def _empty(self, on: bool) -> None:
        self.edit.setEnabled(not on)
        self.empty_toggled.emit(on)

    def set_password(
        self, value: str | None, explicitly_empty: bool, remember: bool | None = None
    ) -> None:
        """Show the session's password; `remember`: whether the session keeps it in the keyring
        (ignored while no keyring is available: the box then stays off)."""
        for widget in (self.edit, self.empty, self.remember):
            widget.blockSignals(True)
        if self.edit.text() != (value or ""):
            self.edit.setText(value or "")
        self.empty.setChecked(explicitly_empty)
        self.edit.setEnabled(not explicitly_empty)
        if remember is not None and self.remember.isEnabled():
            self.remember.setChecked(remember)
        for widget in (self.edit, self.empty, self.remember):
            widget.blockSignals(False)
        self._note()

    def set_keyring_available(self, available: bool, why: str = "") -> None:
        """Unticks "Remember" quietly when there is no keyring: a password shown from the file
        was not typed, and is no change (DestinationForm passes a typed one on)."""
        self.remember.setEnabled(available)
        if not available:
            self.remember.blockSignals(True)
            self.remember.setChecked(False)
            self.remember.blockSignals(False)
            self.remember.setToolTip(why)
        self._note()

    def set_value(self, value: str | None) -> None:
        self.set_password(value, value == "")

    def focus_widget(self) -> QWidget:
        return self.edit


def make_field(prop: Property, parent: QWidget | None = None) -> Field:
    if prop.kind is Kind.SECRET:
        return PasswordField(prop, parent)
    if prop.kind is Kind.ENUM:
        return EnumField(prop, parent)
    if prop.kind is Kind.BOOL:
        return BoolField(prop, parent)
    if prop.kind is Kind.KEYSTORE:
        return KeyStoreField(prop, parent)
    return TextField(prop, parent)
