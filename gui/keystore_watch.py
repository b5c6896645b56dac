"""The key store files the workspace's destinations name, watched on disk: when one changes (keytool
rewrote it, it was replaced by a rename, deleted, or created again), the destinations that name
it are checked again in the background, and so is the chain panel, without a user action.

Only those files are watched, and the folders they are in (to see one come back after it was
deleted or renamed away), never the thousands of destination files. A burst of writes (keytool
writes a store several times) is taken as one change.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from core.keystore_cache import run_cache
from gui.editor import EditorController
from gui.store_view import StoreView
from gui.workspace_model import Batch

# keytool writes a store in several steps; the re-check waits for the file to be quiet this long.
SETTLE_MS = 300


class KeyStoreWatch(QObject):
    changed = Signal(list)  # the key store files that changed (Path), once a burst is over

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._file_changed)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._users: dict[Path, set[Path]] = {}  # a key store -> the destination files naming it
        self._named: dict[Path, frozenset[Path]] = {}  # a destination file -> its key stores
        self._also: frozenset[Path] = frozenset()  # the open destination's, saved or not
        self._pending: set[Path] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._settled)

    # ----- what to watch --------------------------------------------------------------------
    def clear(self) -> None:
        """Another workspace: its summaries will say again which files to watch."""
        self._users.clear()
        self._named.clear()
        self._update()

    def take(self, batch: Batch) -> None:
        """Summaries arrived: the files their destinations name now."""
        for path, summaries, _failure in batch:
            stores = frozenset(s for summary in summaries or () for s in summary.stores)
            for store in self._named.get(path, frozenset()) - stores:
                users = self._users.get(store, set())
                users.discard(path)
                if not users:
                    self._users.pop(store, None)
            for store in stores:
                self._users.setdefault(store, set()).add(path)
            self._named[path] = stores
        self._update()

    def also(self, stores: Iterable[Path]) -> None:
        """The open destination's key stores (it may be new, or not saved yet)."""
        self._also = frozenset(stores)
        self._update()

    def users(self, store: Path) -> set[Path]:
        """The destination files that name `store`."""
        return set(self._users.get(store, ()))

    @property
    def watched(self) -> set[Path]:
        return set(self._users) | self._also

    def _update(self) -> None:
        wanted = self.watched
        files = {str(p) for p in wanted if p.is_file()}
        folders = {str(p.parent) for p in wanted if p.parent.is_dir()}
        now_files, now_folders = set(self._watcher.files()), set(self._watcher.directories())
        for gone in (now_files - files) | (now_folders - folders):
            self._watcher.removePath(gone)
        if added := sorted((files - now_files) | (folders - now_folders)):
            self._watcher.addPaths(added)

    # ----- what happened --------------------------------------------------------------------
    def _file_changed(self, name: str) -> None:
        path = Path(name)
        if path not in self.watched:
            return
        self._pending.add(path)
        self._timer.start()
        # Replaced by a rename, or deleted: the watch went with the old file. A file there now
        # is watched again; one that comes back later shows in its folder.
        if name not in self._watcher.files() and path.is_file():
            self._watcher.addPath(name)

    def _folder_changed(self, folder: str) -> None:
        """A file came or went in a folder holding watched stores: a store that was missing and
        is there now (created again, or renamed into place) changed too."""
        watching = set(self._watcher.files())
        for store in self.watched:
            if str(store.parent) == folder and str(store) not in watching and store.is_file():
                self._watcher.addPath(str(store))
                self._pending.add(store)
                self._timer.start()

    def _settled(self) -> None:
        changed, self._pending = sorted(self._pending), set()
        cache = run_cache()
        for store in changed:
            cache.forget(store)  # its verdicts are of the file as it was
        self.changed.emit(changed)


def install(parent: QObject, editor: EditorController, chain: StoreView) -> KeyStoreWatch:
    """Watch the stores the workspace and the open destination name; re-check what names one
    that changed, and reopen the chain panel's."""
    watch = KeyStoreWatch(parent)
    editor.workspace_opened.connect(lambda *_: watch.clear())
    editor.summarized.connect(watch.take)

    def opened_stores() -> None:
        target = editor.chain_target()
        watch.also([target[1].resolve()] if target is not None else [])

    editor.checked.connect(lambda _checked: opened_stores())

    def changed(stores: list[Path]) -> None:
        files = sorted({f for store in stores for f in watch.users(store)})
        if files:
            editor.recheck(files, "ws-stores:" + "|".join(map(str, stores)))
        target = editor.chain_target()
        if target is not None and target[1].resolve() in stores:
            editor.check()  # the findings of the open destination
            path, password = chain.showing
            if path is not None:  # opened again, from the file as it is now
                chain.load(path, password, carried=editor.carried_store(path))

    watch.changed.connect(changed)
    return watch
