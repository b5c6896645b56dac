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


def real_path(path: Path) -> Path:
    """`path.resolve()`, the folder's part resolved once per run."""
    name = os.fspath(path)
    head, tail = os.path.split(name)
    if tail in ("", ".", "..") or os.path.islink(name):
        return Path(os.path.realpath(name))
    return _folder(head) / tail


def real_folder(path: Path) -> Path:
    """The real folder a file lives in: `path.resolve().parent`."""
    name = os.fspath(path)
    head, tail = os.path.split(name)
    if tail in ("", ".", "..") or os.path.islink(name):
        return Path(os.path.realpath(name)).parent
    return _folder(head)
