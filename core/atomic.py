"""Write files so that a crash, a full disk or a read-only folder never leaves a half-written one.

The bytes go to a temp file beside the real target, which is flushed and fsynced, given the
target's owner, group and mode, renamed over it, and the folder is fsynced so the rename lasts.
- A symlink is followed: its target is replaced and the link stays a link.
- A file with several hard links is refused: replacing it would split the names, so the others
  would keep the old bytes (a password the tool says it removed). The sentence says so.
- Every failure is a WriteError: one sentence naming the file, and the original left untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from core.errors import InputError


class WriteError(InputError, OSError):
    """The file could not be written; the original, if any, is unchanged. Also an OSError, so
    callers that catch those keep working; `str()` is the sentence."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.strerror = reason or message

    def __str__(self) -> str:
        return self.message


def write_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` (or create it) with `data`, atomically; raises WriteError.

    `mode` sets the permissions before any byte is written (0o600 for files holding secrets).
    Without it, an existing file keeps its mode bits (setgid and sticky included) and a new one
    gets the usual umask. An existing file also keeps its owner and group where the process may
    set them (root may; others keep the group if they belong to it).
    """
    path = Path(path)
    target = Path(os.path.realpath(path))  # through every symlink, to the file itself
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot be written: {write_reason(exc)}", write_reason(exc)
        ) from None
    if old is not None:
        if stat.S_ISDIR(old.st_mode):
            raise WriteError(f"{path}: is a folder; choose a file name", "is a folder")
        if not stat.S_ISREG(old.st_mode):
            raise WriteError(f"{path}: is not a regular file, so it is not replaced", "special")
        if old.st_nlink > 1:
            raise WriteError(
                f"{path}: has {old.st_nlink} hard links; replacing it would leave the other "
                "names with the old contents, so it was not changed (copy it to a file of its "
                "own first)",
                "hard links",
            )
    if mode is None:
        if old is not None:
            mode = stat.S_IMODE(old.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            if old is not None:
                _keep_owner(handle.fileno(), old)
            # After chown, which may clear setgid; before the data, so secrets are never exposed.
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        tmp = None
        _sync_folder(target.parent)
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot be written: {write_reason(exc)}", write_reason(exc)
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _keep_owner(fd: int, old: os.stat_result) -> None:
    if (old.st_uid, old.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, old.st_gid)  # a group the user belongs to


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot fsync a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
