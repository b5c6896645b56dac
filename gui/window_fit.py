"""How the editor window shares a small screen: the form keeps a width a person can type in,
and the key store panel beside it gives way first."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QSplitter, QWidget

LIST_MIN_HEIGHT = 48  # three lines of a list: enough to see that it holds something


def share_space(form_area: QScrollArea, form: QWidget, center: QSplitter, bottom: QWidget) -> None:
    """`center` holds the scrolled form (index 0) and the key store panel (index 1); `bottom`
    the findings and the connection result."""
    # The form's narrowest layout (fields below their labels) plus its scroll bar: below that
    # it would scroll sideways. Measured with every row present, the widest rule state.
    bar = form_area.verticalScrollBar().sizeHint().width()
    form_area.setMinimumWidth(form.minimumSizeHint().width() + bar + 2 * form_area.frameWidth())
    center.setCollapsible(0, False)
    # A narrower window takes from both alike: the panel, being narrower, reaches its minimum
    # first and the form keeps the rest (before, the form alone shrank, to 50 pixels).
    center.setStretchFactor(0, 1)
    center.setStretchFactor(1, 1)
    # A low screen: the lists under the form get lower rather than the window taller than it.
    for view in bottom.findChildren(QAbstractScrollArea):
        view.setMinimumHeight(LIST_MIN_HEIGHT)
