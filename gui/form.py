"""The destination form, generated from the core schema.

Which rows show, which are required and what they are called all come from `core.rules`: no
rule is repeated here. The form shows a `Session` and reports edits; the window applies them to
the session and calls `show_session` again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.findings import Finding
from core.rules import FieldState, Visibility, field_states, offered_values
from core.schema import BY_KEY, GROUPS, PROPERTIES, Group
from core.services.session import Session
from gui import finding_index
from gui.fields import EnumField, Field, KeyStoreField, PasswordField, make_field
from gui.icons import status_icon
from gui.mnemonics import (
    RESERVED_MNEMONICS,
    assign,
    marked,
    mnemonic_of,
    taken_letters,
    with_mnemonic,
)
from gui.other_properties import OtherProperties

GROUP_ORDER = tuple(g.name for g in GROUPS)
# Keys in the order the form shows them: group by group, then as the catalogue lists them.
DISPLAY_ORDER = tuple(p.key for g in GROUP_ORDER for p in PROPERTIES if p.group == g)


class Row:
    def __init__(
        self, label: QLabel, field: Field, marker: QLabel, line: QWidget, group: QGroupBox
    ) -> None:
        self.label, self.field, self.marker, self.line, self.group = (
            label,
            field,
            marker,
            line,
            group,
        )

    def set_shown(self, shown: bool) -> None:
        for widget in (self.label, self.line, self.field, self.marker):
            widget.setVisible(shown)


class Fold(QWidget):
    """The head of a group the schema folds away: an arrow button that opens and closes the
    group's rows, and while closed a line saying what is inside. The form gives the button its
    Alt+letter."""

    def __init__(self, group: Group, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.body = group.name, body
        self.button = QToolButton(self)
        self.button.setText(group.name)
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAccessibleName(f"{group.name} properties")
        self.button.setToolTip(f"Show or hide: {group.summary}")
        self.hint = QLabel(group.summary, self)
        self.hint.setEnabled(False)  # drawn grey: a hint, not a field
        self.hint.setWordWrap(True)  # on a narrow form it wraps rather than widen the form
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.hint, 1)
        self.button.toggled.connect(self._toggled)
        self._toggled(False)

    @property
    def is_open(self) -> bool:
        return self.button.isChecked()

    def set_open(self, open_: bool) -> None:
        if open_ != self.is_open:
            self.button.setChecked(open_)

    def _toggled(self, open_: bool) -> None:
        self.button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.body.setVisible(open_)
        self.hint.setVisible(not open_)


class DestinationForm(QWidget):
    edited = Signal(str, object)  # key, value or None
    password_typed = Signal(str, str, bool)  # key, value, remember
    empty_toggled = Signal(str, bool)
    browse_requested = Signal(str)  # key store property
    other_renamed = Signal(str, str)  # old key, new key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Destination form")
        outer = QVBoxLayout(self)
        self.rows: dict[str, Row] = {}
        self.groups: dict[str, QGroupBox] = {}
        self.folds: dict[str, Fold] = {}
        # Folded-group keys that held a value or a finding since this destination was shown:
        # a group opens when a new one appears, and stays as the user left it otherwise.
        self._unfolded_for: set[str] = set()
        layouts: dict[str, QFormLayout] = {}
        for group in GROUPS:
            box = QGroupBox("" if group.folded else group.name, self)
            rows_parent: QWidget = box
            if group.folded:
                rows_parent = QWidget(box)
                fold = Fold(group, rows_parent, box)
                column = QVBoxLayout(box)
                column.addWidget(fold)
                column.addWidget(rows_parent)
                self.folds[group.name] = fold
                # Opened by hand (click, Space, Alt+letter): the rows inside get letters.
                fold.button.clicked.connect(lambda _on: self._label_rows())
            layout = QFormLayout(rows_parent)
            if group.folded:
                layout.setContentsMargins(0, 0, 0, 0)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            # On a narrow window a field goes below its label rather than off the edge.
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            self.groups[group.name], layouts[group.name] = box, layout
            outer.addWidget(box)
        for prop in PROPERTIES:
            box = self.groups[prop.group]
            field = make_field(prop, box)
            label = QLabel(prop.label, box)
            label.setBuddy(field.focus_widget())
            label.setToolTip(prop.help)
            marker = QLabel(box)
            marker.setFixedWidth(20)
            marker.setAccessibleName(f"{prop.key} status")
            line = QWidget(box)
            h = QHBoxLayout(line)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(field, 1)
            h.addWidget(marker)
            layouts[prop.group].addRow(label, line)
            self.rows[prop.key] = Row(label, field, marker, line, box)
            field.edited.connect(lambda value, key=prop.key: self.edited.emit(key, value))
            if isinstance(field, PasswordField):
                field.password_typed.connect(
                    lambda value, remember, key=prop.key: self.password_typed.emit(
                        key, value, remember
                    )
                )
                field.empty_toggled.connect(
                    lambda on, key=prop.key: self.empty_toggled.emit(key, on)
                )
            if isinstance(field, KeyStoreField):
                field.browse.connect(lambda key=prop.key: self.browse_requested.emit(key))

        self.other = OtherProperties(self)
        outer.addWidget(self.other)
        outer.addStretch(1)
        self.other.edited.connect(self.edited)
        self.other.password_typed.connect(self.password_typed)
        self.other.renamed.connect(self.other_renamed)
        # A fold's letter is fixed: free of the menus, the tabs and the buttons below it; the
        # rows' labels then leave it alone (`taken_letters` counts buttons).
        used = set(RESERVED_MNEMONICS)
        for button in (self.other.add_button, self.other.remove_button):
            used.add(mnemonic_of(button.text()) or "")
        for fold in self.folds.values():
            fold.button.setText(with_mnemonic(fold.name, used))
        self.states: dict[str, FieldState] = {}
        self._shown: Session | None = None
        self._set_tab_order()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._keep_width()
        return super().event(event)

    def _keep_width(self) -> None:
        """In a scroll area, the area keeps the width of the form's narrowest layout (fields
        under their labels, password boxes under the password) plus its scroll bar: on a small
        screen the panels beside the form give way instead of the form scrolling sideways
        (it shrank to 50 pixels)."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QScrollArea):
            bar = area.verticalScrollBar().sizeHint().width()
            area.setMinimumWidth(self.minimumSizeHint().width() + bar + 2 * area.frameWidth())

    def _set_tab_order(self) -> None:
        """Tab walks the form as it is drawn: group by group, row by row. Without this, Qt's
        chain follows the order the widgets were made in (the catalogue's), so rows a rule
        shows (User and Password after choosing BasicAuthentication) came last. Hidden rows are
        skipped by Qt, so one chain serves every rule state."""
        chain: list[QWidget] = []
        for group in GROUP_ORDER:
            if group in self.folds:
                chain.append(self.folds[group].button)
            for prop in PROPERTIES:
                if prop.group == group:
                    chain += _focusable(self.rows[prop.key].field)
        chain += [self.other.table, self.other.add_button, self.other.remove_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_session(self, session: Session, keystore_files: Iterable[str] = ()) -> None:
        values = session.destination
        self.states = field_states(values)
        files = list(keystore_files)
        for key, row in self.rows.items():
            row.set_shown(self.states[key].shown)
            field = row.field
            if isinstance(field, PasswordField):
                field.set_password(
                    session.password(key), values.get(key) == "", key not in session.session_only
                )
            elif isinstance(field, EnumField):
                field.set_options(offered_values(key, values), values.get(key))
            elif isinstance(field, KeyStoreField):
                field.set_files(files)
                field.set_value(values.get(key))
            else:
                field.set_value(values.get(key))
        for box in self.groups.values():
            box.setVisible(
                any(r.group is box and self.states[k].shown for k, r in self.rows.items())
            )
        hidden_with_value = [
            k for k, v in values.items() if k in BY_KEY and v and not self.states[k].shown
        ]
        unknown = [k for k in values if k not in BY_KEY]
        # Secrets the catalogue does not know stay listed once their value moved to the keyring.
        kept = [k for k in session.known_passwords() if k not in BY_KEY and k not in values]
        self.other.show_properties(session, [*unknown, *kept, *hidden_with_value])
        fresh = session is not self._shown
        if fresh:
            self._unfolded_for = set()
            for fold in self.folds.values():
                fold.set_open(False)
        self._unfold_for([k for k in values if k in self.rows])
        self._label_rows()
        if fresh:
            self._shown = session
            if session.path is None and not session.can_undo:
                # A new destination: the user starts by naming it (File > New, Ctrl+N).
                self.rows["Name"].field.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)

    def _unfold_for(self, keys: Iterable[str]) -> bool:
        """Open a folded group when one of its shown rows newly holds a value or a finding;
        whether one opened."""
        new = {k for k in keys if k in self.rows and self.states.get(k, None)}
        new = {k for k in new if self.states[k].shown} - self._unfolded_for
        self._unfolded_for |= new
        opened = False
        for key in new:
            fold = self.folds.get(BY_KEY[key].group)
            if fold is not None and not fold.is_open:
                fold.set_open(True)
                opened = True
        return opened

    def _label_rows(self) -> None:
        """Labels with their Alt+letters (gui.mnemonics.assign): the rows outside folded groups
        first, so that opening a group never takes a letter from them, required rows before
        those to fill in, and those before switches with a default, which administrators mostly
        leave alone; then the rows of open folded groups, top to bottom. Rows folded away take
        none."""
        if any(key not in self.states for key in DISPLAY_ORDER):
            return  # before the first destination
        used = set(RESERVED_MNEMONICS)
        used |= {letter for f in self.folds.values() if (letter := mnemonic_of(f.button.text()))}
        if self.window() is not self:
            used |= taken_letters(self.window(), (row.label for row in self.rows.values()))
        texts: dict[str, str] = {}
        for key in DISPLAY_ORDER:
            row, state = self.rows[key], self.states[key]
            required = state.visibility is Visibility.REQUIRED
            texts[key] = f"{state.label} *" if required else state.label
            font = row.label.font()
            font.setBold(required)
            row.label.setFont(font)
        letters: dict[str, str] = {}
        for folded in (False, True):
            wanted = [
                key
                for key in DISPLAY_ORDER
                if self.states[key].shown
                and (BY_KEY[key].group in self.folds) is folded
                and (not folded or self.folds[BY_KEY[key].group].is_open)
            ]
            if not folded:  # a folded group is all rarely used: its rows go top to bottom
                wanted.sort(key=self._letter_rank)  # stable: top to bottom within a rank
            letters |= assign([(key, texts[key]) for key in wanted], used)
        for key, text in texts.items():
            self.rows[key].label.setText(marked(text, letters.get(key)))

    def _letter_rank(self, key: str) -> int:
        if self.states[key].visibility is Visibility.REQUIRED:
            return 0
        return 1 if BY_KEY[key].default is None else 2

    def set_keyring_available(self, available: bool, why: str = "") -> None:
        """With no keyring, a password typed to be remembered is kept for this session only,
        as unticking the box by hand does; one from the file stays as it is (no change)."""
        typed = self._shown.typed if self._shown is not None else {}
        for key, row in self.rows.items():
            if isinstance(row.field, PasswordField):
                kept = row.field.remember.isChecked()
                row.field.set_keyring_available(available, why)
                if kept and not row.field.remember.isChecked() and key in typed:
                    row.field.password_typed.emit(typed[key], False)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        by_key = finding_index.by_key(findings)  # grouped by the check's job already
        if self._unfold_for(by_key):
            self._label_rows()
        for key, row in self.rows.items():
            mine = by_key.get(key, [])
            if mine:
                worst = max(mine, key=lambda f: f.severity.rank)
                row.marker.setPixmap(status_icon(worst.severity.value).pixmap(16, 16))
                row.marker.setToolTip("\n".join(f.message for f in mine))
            else:
                row.marker.clear()
                row.marker.setToolTip("")
        self.other.show_findings(by_key)

    def focus_property(self, key: str) -> bool:
        if key in self.rows and self.states.get(key, None) and self.states[key].shown:
            fold = self.folds.get(BY_KEY[key].group)
            if fold is not None and not fold.is_open:
                fold.set_open(True)
                self._label_rows()
            self.rows[key].field.focus_widget().setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return self.other.focus_key(key)


def _focusable(field: QWidget) -> list[QWidget]:
    """The widgets of a field that Tab stops at, in the order they are laid out. A combo box's
    own parts (its line edit, its popup list) follow the combo box and are left out."""
    found = []
    for child in field.findChildren(QWidget):
        parent, inside_combo = child.parentWidget(), False
        while parent is not None and parent is not field:
            inside_combo = inside_combo or isinstance(parent, QComboBox)
            parent = parent.parentWidget()
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and not inside_combo:
            found.append(child)
    return found
