"""Keeps the workspace list in step with the destination that is open: its row is selected, and
no other (the list's own signals stay quiet meanwhile, so nothing is opened by it)."""

from __future__ import annotations

from pathlib import Path

from core.services.session import Session
from gui.workspace_view import WorkspaceView


def follow(view: WorkspaceView, session: Session | None) -> None:
    path = session.path if session is not None else None
    first = view.first_of(path) if path is not None else None
    if session is not None and path is not None and first is not None:
        # One row per file until the file's summary says how many destinations it holds.
        view.select(view.item_of(path, session.index) or first, quietly=True)
    else:
        view.clearSelection()


def list_files(view: WorkspaceView, session: Session | None, files: list[Path]) -> None:
    """A workspace was (re)read: list its files; with nothing open, open its first one."""
    view.set_files(files)
    if session is not None:
        follow(view, session)
    elif files:
        view.select(view.first())
