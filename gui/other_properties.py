"""The form's *Other properties*: keys the catalogue does not know, and known ones hidden by the
rules that still hold a value, edited as a key/value table with add, remove and rename. A
secret's value (by `core.schema.is_secret`) is masked and edited in a password box.

The table is a model and a view, not item widgets: a file with 35,000 unknown keys made 70,000
items and asked for their icons on the GUI thread for seconds. The model keeps the keys and the
destination (an immutable value) and works a row out when the view paints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.destination import Destination
from core.findings import Finding
from core.schema import is_known, is_secret
from core.services.session import Session
from gui.finding_index import Grouped
from gui.icons import status_icon

MASK = "••••••"
SECRET_TIP = "A secret: kept in the OS keyring, never in the file"
UNKNOWN_TIP = "A property this tool does not know"
COLUMNS = ("Property", "Value")
# Where a secret's typed value travels from the password box to the model.
TYPED_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class OtherModel(QAbstractTableModel):
    """One row per key; its value, mask, icon and tooltip are worked out when asked for."""

    edited = Signal(str, object)  # key, value
    password_typed = Signal(str, str, bool)  # key, value, remember
    renamed = Signal(str, str)  # old key, new key
    refused = Signal(str)  # why an edit was not made

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys: list[str] = []
        self._values = Destination()
        self._session: Session | None = None
        self._secret: dict[str, bool] = {}  # rows asked for so far
        # The last check's findings by key; None before the first (then rows have no icon).
        self._findings: Grouped | None = None

    def show(self, session: Session, keys: list[str]) -> None:
        if session is not self._session:
            self._findings = None  # another destination's findings do not apply to this one
            self._secret = {}
        self._session, self._values = session, session.destination
        if keys == self.keys:
            self._all_changed()
            return
        if len(keys) == len(self.keys):  # a rename: the row stays where it is, and current
            self.keys = keys
            self._all_changed()
            return
        self.beginResetModel()
        self.keys = keys
        self.endResetModel()

    def show_findings(self, by_key: Grouped) -> None:
        self._findings = by_key
        if self.keys:
            last = self.index(len(self.keys) - 1, 0)
            roles = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(self.index(0, 0), last, roles)

    def _all_changed(self) -> None:
        if self.keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.keys) - 1, 1))

    @property
    def session(self) -> Session | None:
        return self._session

    def is_secret_row(self, row: int) -> bool:
        key = self.keys[row]
        found = self._secret.get(key)
        if found is None:
            found = self._secret[key] = is_secret(key)
        return found

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # A secret's key is not renamed here: its value may live in the keyring under that key.
        if index.column() == 1 or not self.is_secret_row(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.keys):
            return None
        row, column = index.row(), index.column()
        key = self.keys[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return key if column == 0 else self._value_text(row)
        if column == 0 and role == Qt.ItemDataRole.DecorationRole:
            if self._findings is None:
                return None
            mine = self._findings.get(key)
            return status_icon(_worst(mine) if mine else "none")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return SECRET_TIP if self.is_secret_row(row) else None
            if self._findings is None:
                return None
            mine = self._findings.get(key)
            if mine:
                return "\n".join(f.message for f in mine)
            return "" if is_known(key) else UNKNOWN_TIP
        return None

    def _value_text(self, row: int) -> str:
        key = self.keys[row]
        if not self.is_secret_row(row):
            return self._values.get(key, "")
        password = self._session.password(key) if self._session is not None else None
        return MASK if password else ""

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An edit is passed on as a signal; the form shows the changed session back."""
        if not index.isValid() or not 0 <= index.row() < len(self.keys):
            return False
        key = self.keys[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.EditRole:
            new = str(value).strip()
            if new and new != key and not self.is_secret_row(index.row()):
                if new in self._values or new in self.keys:
                    # Renaming onto a key the destination has would replace its value unseen.
                    self.refused.emit(f"{key} was not renamed: {new} is already set.")
                    return False
                self.renamed.emit(key, new)
            return True
        if index.column() != 1:
            return False
        if self.is_secret_row(index.row()):
            if role == TYPED_ROLE and isinstance(value, str) and value:
                self.password_typed.emit(key, value, True)
                return True
            return False
        if role == Qt.ItemDataRole.EditRole and str(value) != self._values.get(key, ""):
            self.edited.emit(key, str(value))
        return True


def _worst(findings: Sequence[Finding]) -> str:
    return max(findings, key=lambda f: f.severity.rank).severity.value


class ValueDelegate(QStyledItemDelegate):
    """A secret's value is edited in a password box that starts empty: the value is never shown
    and typing replaces it. Other values get Qt's ordinary editor."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        if not _secret(index):
            return super().createEditor(parent, option, index)
        editor = QLineEdit(parent)
        editor.setEchoMode(QLineEdit.EchoMode.Password)
        editor.setAccessibleName("Secret value")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if not _secret(index):
            super().setEditorData(editor, index)
        # a secret's password box starts empty

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if not _secret(index):
            super().setModelData(editor, model, index)
            return
        assert isinstance(editor, QLineEdit)
        if editor.text():
            model.setData(index, editor.text(), TYPED_ROLE)


def _secret(index: QModelIndex | QPersistentModelIndex) -> bool:
    model = index.model()
    return isinstance(model, OtherModel) and model.is_secret_row(index.row())


class OtherProperties(QGroupBox):
    """The group box: the table and its Add and Remove buttons."""

    edited = Signal(str, object)
    password_typed = Signal(str, str, bool)  # key, value, remember
    renamed = Signal(str, str)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Other properties", parent)
        layout = QVBoxLayout(self)
        self.model = OtherModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName("Other properties")
        self.table.verticalHeader().setVisible(False)
        # Tab leaves for the buttons, as everywhere in the form (the arrows move between
        # cells); a table's default took Tab round its cells for ever.
        self.table.setTabKeyNavigation(False)
        self.value_delegate = ValueDelegate(self.table)
        self.table.setItemDelegateForColumn(1, self.value_delegate)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add property", self)
        self.remove_button = QPushButton("&Remove property", self)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.model.edited.connect(self.edited)
        self.model.password_typed.connect(self.password_typed)
        self.model.renamed.connect(self.renamed)
        self.model.refused.connect(self.refused)
        self._added: str | None = None  # the key Add is putting in, while it does

    @property
    def keys(self) -> list[str]:
        return self.model.keys

    def show_properties(self, session: Session, keys: list[str]) -> None:
        same = session is self.model.session
        was = self.table.currentIndex()
        self.model.show(session, keys)
        if self._added is not None and self._added in keys:
            # Add: the new row's name is what the user types next.
            index = self.model.index(keys.index(self._added), 0)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)
        elif same and was.isValid() and keys and not self.table.currentIndex().isValid():
            # Remove (or any edit that changes the row count) resets the model: the row below
            # takes the removed one's place as current, so Remove again removes it.
            row = min(was.row(), len(keys) - 1)
            self.table.setCurrentIndex(self.model.index(row, was.column()))
        self.setVisible(True)

    def show_findings(self, by_key: Grouped) -> None:
        self.model.show_findings(by_key)

    def focus_key(self, key: str) -> bool:
        if key in self.model.keys:
            row = self.model.keys.index(key)
            self.table.setCurrentIndex(self.model.index(row, 1))
            self.table.setFocus()
            return True
        return False

    def _add(self) -> None:
        base, n = "new.property", 1
        key = base
        taken = set(self.model.keys)
        while key in taken:
            n += 1
            key = f"{base}{n}"
        self._added = key  # shown back (show_properties) before emit returns
        try:
            self.edited.emit(key, "")
        finally:
            self._added = None

    def _remove(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.keys):
            self.edited.emit(self.model.keys[row], None)
