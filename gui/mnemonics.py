"""Alt+letters: which the window already uses, and which each form label gets.

The form's labels come from the schema and change with the rules, so their letters are chosen
as the form changes. A letter must come from the label's own text; there are fewer free letters
than labels a destination may show, so the labels are matched to letters (a bipartite matching,
Kuhn's augmenting paths): as many labels as the letters allow get one, and where not all can,
those asked for first win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar, QWidget

# Alt+letter already taken in the main window: the menus (File, Edit, Tools, Help) and the
# bottom tabs (Findings, Connection). The window's buttons are read from it (`taken_letters`).
RESERVED_MNEMONICS = "fethin"


def mnemonic_of(text: str) -> str | None:
    """The Alt+letter of a widget text ("&Add" -> "a"), if it has one."""
    plain = text.replace("&&", "")
    i = plain.find("&")
    return plain[i + 1].lower() if 0 <= i < len(plain) - 1 else None


def taken_letters(window: QWidget, labels: Iterable[QLabel]) -> set[str]:
    """Alt+letters the window's buttons, tabs and menus use. Button letters count even while a
    button is hidden (a bottom tab not shown, a panel still loading): a label's letter must not
    change when they appear."""
    mine = {id(label) for label in labels}
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [bar.tabText(i) for bar in window.findChildren(QTabBar) for i in range(bar.count())]
    texts += [a.text() for bar in window.findChildren(QMenuBar) for a in bar.actions()]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if id(label) not in mine and label.buddy() is not None
    ]
    return {letter for text in texts if (letter := mnemonic_of(text))}


def marked(text: str, letter: str | None) -> str:
    """The text with `letter` (at its first place in it) as its Alt+letter; None: without."""
    plain = text.replace("&", "&&")
    if letter is None:
        return plain
    for i, c in enumerate(plain):
        if c.lower() == letter and plain[max(i - 1, 0)] != "&":
            return f"{plain[:i]}&{plain[i:]}"
    return plain


def with_mnemonic(text: str, used: set[str]) -> str:
    """The text with the first of its letters not in `used` (which then holds it too)."""
    for c in text:
        if c.isalnum() and c.lower() not in used:
            used.add(c.lower())
            return marked(text, c.lower())
    return marked(text, None)


def assign(labels: Sequence[tuple[str, str]], used: set[str]) -> dict[str, str]:
    """Letters for `labels` (key, text), the most wanted first, none of them in `used` (which
    then holds the letters given too). Each label gets a letter of its own text where the free
    letters allow; a later label may move an earlier one to another of its letters, never take
    its only one. Letters are tried in the order the text has them."""
    options = {
        key: [c for c in dict.fromkeys(text.lower()) if c.isalnum() and c not in used]
        for key, text in labels
    }
    owner: dict[str, str] = {}  # letter -> key

    def place(key: str, seen: set[str]) -> bool:
        free = [c for c in options[key] if c not in owner]
        if free:
            owner[free[0]] = key
            return True
        for letter in options[key]:
            if letter not in seen:
                seen.add(letter)
                if place(owner[letter], seen):
                    owner[letter] = key
                    return True
        return False

    for key, _ in labels:
        place(key, set())
    used.update(owner)
    return {key: letter for letter, key in owner.items()}
