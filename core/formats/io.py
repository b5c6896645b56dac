"""Open destination files by content and render destinations back to bytes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from core.formats.document import Document, Entry, Format, InputError
from core.formats.json_format import parse_json, render_json
from core.formats.properties import parse_properties, render_properties
from core.reading import FileTooLarge, NotAFile, over_limit, read_regular
from core.sniff import describe, looks_binary

MAX_FILE_SIZE = 1024 * 1024  # a destination is a few hundred bytes; anything bigger is not one


def load_document(path: Path) -> Document:
    """Read a destination file, raising `InputError` with the file and the cause in words."""
    if not isinstance(path, Path):
        path = Path(path)
    try:
        data = read_regular(path, MAX_FILE_SIZE)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror}") from None
    except NotAFile as exc:
        if path.is_dir():
            raise InputError(f"{path}: is a folder, not a destination file") from None
        raise InputError(f"{path}: {exc}") from None
    except FileTooLarge as exc:
        size, limit = over_limit(exc.size, MAX_FILE_SIZE)
        raise InputError(
            f"{path}: is {size}; destination files are at most {limit}, so this is not one"
        ) from None
    return read_document(data, str(path))


def read_document(data: bytes, name: str) -> Document:
    if not data.strip():
        raise InputError(f"{name}: is empty")
    what = describe(data)
    if what is not None or looks_binary(data):
        hint = ""
        if what and ("key store" in what or "DER" in what):
            hint = "; to look inside a key store use 'destination-cli inspect'"
        raise InputError(f"{name}: is {what or 'a binary file'}, not a destination file{hint}")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return parse_json(data, name)
    return Document(Format.PROPERTIES, "properties", (parse_properties(data, name),))


def render(entries: Sequence[Entry], fmt: Format) -> bytes:
    """Bytes of a file holding these entries; a .properties file holds exactly one."""
    if fmt is Format.PROPERTIES:
        if len(entries) != 1:
            raise ValueError("a .properties file holds exactly one destination")
        return render_properties(entries[0].destination, entries[0].layout)
    return render_json([e.destination for e in entries])


def file_name(entry: Entry, index: int, fmt: Format) -> str:
    """The file a destination is written to: its Name, made safe for any file system."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", entry.destination.name.strip())
    return f"{name or f'destination-{index + 1}'}.{fmt.value}"
