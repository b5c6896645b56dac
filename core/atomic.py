"""Write files so that a crash or a full disk never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temp file beside `path`, flush it to disk, then rename it over `path`.

    `mode` sets the permissions before any byte is written (0o600 for files holding secrets).
    Without it, an existing file keeps its mode and a new one gets the usual umask.
    """
    path = Path(path)
    try:
        _write(path, data, mode)
    except OSError as exc:
        # Name the file the user asked for, not the temp file beside it.
        raise type(exc)(exc.errno, exc.strerror, str(path)) from exc


def _write(path: Path, data: bytes, mode: int | None) -> None:
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
