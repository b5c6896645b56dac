"""Read a user's file with a size bound, refusing devices and pipes by their type.

`/dev/zero` reports size 0 and never ends; a FIFO blocks the reader until someone writes. The
file is opened non-blocking and judged by `fstat` of that same descriptor, so nothing changes
between the look and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
}


class NotAFile(Exception):
    """The path is a folder, device, pipe or socket; the message says which."""


class FileTooLarge(Exception):
    def __init__(self, size: int, limit: int) -> None:
        size_text, limit_text = over_limit(size, limit)
        super().__init__(f"is {size_text}, over the {limit_text} limit")
        self.size, self.limit = size, limit


def over_limit(size: int, limit: int) -> tuple[str, str]:
    """A size over a limit of whole MB, and that limit, in words that show the difference:
    in MB with one decimal, or in bytes when that would round to the limit itself ("is 1.0 MB;
    at most 1 MB" reads as a contradiction)."""
    mb = 1024 * 1024
    shown = f"{size / mb:.1f}"
    if float(shown) > limit / mb:
        return f"{shown} MB", f"{limit // mb} MB"
    return f"{size:,} bytes", f"{limit // mb} MB ({limit:,} bytes)"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises NotAFile, FileTooLarge, or
    OSError (no such file, permission denied ...)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise NotAFile(f"is {kind}, not a file")
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise FileTooLarge(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def what_is(path: Path) -> str | None:
    """None for a regular file (links followed); else what stands there, in words: "missing",
    "a folder", "a link to a missing file", "a name too long for the file system" ..."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "a link to a missing file" if os.path.islink(path) else "missing"
    except ValueError:  # a NUL byte in the name
        return "a name no file system accepts"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "a name too long for the file system"
        return f"unreadable ({exc.strerror})"
    if stat.S_ISREG(info.st_mode):
        return None
    return _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
