"""Real (symbolic-link-free) paths of destination files, with their folders resolved once.

`Path.resolve()` checks every component of the path (a system call each); a workspace's
thousands of files share one folder, so the folder is resolved once and each file costs one
`lstat`, unless it is itself a link (then it is resolved whole, as `resolve()` would).
"""

from __future__ import annotations

import os
from pathlib import Path

_RESOLVED: dict[str, Path] = {}


def _folder(head: str) -> Path:
    # By the folder as written, made absolute without folding `..` (realpath must see a link
    # before the `..` after it).
    key = head if os.path.isabs(head) else os.path.join(os.getcwd(), head)
    found = _RESOLVED.get(key)
    if found is None:
        if len(_RESOLVED) >= 1024:
            _RESOLVED.clear()
        found = _RESOLVED[key] = Path(os.path.realpath(key))
    return found


def located(path: Path) -> tuple[Path, Path]:
    """(`path.resolve().parent`, `path.resolve()`): the folder is the same object for every file
    of a folder that is not itself a link, so it is cheap to compare and to key by."""
    name = os.fspath(path)
    head, tail = os.path.split(name)
    if tail in ("", ".", "..") or os.path.islink(name):
        real = Path(os.path.realpath(name))
        return real.parent, real
    folder = _folder(head)
    return folder, folder / tail


def real_path(path: Path) -> Path:
    """`path.resolve()`, the folder's part resolved once per run."""
    return located(path)[1]


def real_folder(path: Path) -> Path:
    """The real folder a file lives in: `path.resolve().parent`."""
    name = os.fspath(path)
    head, tail = os.path.split(name)
    if tail in ("", ".", "..") or os.path.islink(name):
        return Path(os.path.realpath(name)).parent
    return _folder(head)
