"""Real (symbolic-link-free) paths of destination files, with their folders resolved once.

`Path.resolve()` checks every component of the path (a system call each); a workspace's
thousands of files share one folder, so the folder is resolved once and each file costs one
`lstat`, unless it is itself a link (then it is resolved whole, as `resolve()` would).
"""

from __future__ import annotations

import os
from pathlib import Path

_RESOLVED: dict[str, Path] = {}


def _folder(name: str) -> Path:
    parent = os.path.dirname(os.path.abspath(name))  # strings: pathlib costs more than this
    found = _RESOLVED.get(parent)
    if found is None:
        if len(_RESOLVED) >= 1024:
            _RESOLVED.clear()
        found = _RESOLVED[parent] = Path(os.path.realpath(parent))
    return found


def _whole(name: str) -> bool:
    """Whether the path must be resolved whole: a link, or `..` (which abspath would fold
    before a link in front of it is followed)."""
    return os.path.islink(name) or ".." in name.split(os.sep)


def real_folder(path: Path) -> Path:
    """The real folder a file lives in: `path.resolve().parent`."""
    name = os.fspath(path)
    if _whole(name):
        return Path(os.path.realpath(name)).parent
    return _folder(name)


def real_path(path: Path) -> Path:
    """`path.resolve()`, the folder's part resolved once per run."""
    name = os.fspath(path)
    if _whole(name) or os.path.basename(name) in ("", "."):
        return Path(os.path.realpath(name))
    return _folder(name) / os.path.basename(name)
