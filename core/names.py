"""Whether a file name is safe on Windows, macOS and Linux alike, and if not, why.

Names arrive from bundles made elsewhere; a workspace moves between systems (a Windows share,
a Mac, a Linux build agent), so a name must be valid on all three and must not hide itself or
its extension. Rules: Microsoft's "Naming Files, Paths, and Namespaces" (reserved device names,
characters < > : " / \\ | ? *, control characters, no trailing dot or space), POSIX (no NUL or
'/'), and Unicode bidirectional controls, which can make `gpj.exe` read as `exe.jpg`.
"""

from __future__ import annotations

import re

_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])", re.IGNORECASE)
_WINDOWS_CHARS = set('<>:"/\\|?*')
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MAX_NAME_BYTES = 255  # ext4, APFS and NTFS (in UTF-16 units, which is never fewer)


def name_problem(name: str) -> str | None:
    """None if `name` is a plain, visible file name valid everywhere; else why not, in words."""
    if not name:
        return "is empty"
    if name in (".", ".."):
        return "is a folder reference"
    for char in name:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return "holds half of a UTF-16 surrogate pair, which no file system stores"
        if char == "\0":
            return "holds a NUL byte"
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return f"holds a control character (U+{code:04X})"
        if char in _BIDI:
            return f"holds a text direction control (U+{code:04X}) that disguises the name"
        if char in _WINDOWS_CHARS:
            return f"holds {char!r}, which Windows does not allow in a file name"
    if name[-1] in ". ":
        return "ends with a dot or a space, which Windows drops"
    if name[0] == " ":
        return "starts with a space"
    if name.startswith("."):
        return "starts with a dot, which hides the file (and could replace a settings file)"
    if _RESERVED.fullmatch(name.split(".", 1)[0].rstrip(" ")):
        return "is a device name Windows reserves (CON, NUL, COM1 ...), with any extension"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    return None
