"""`.properties` files with exactly `java.util.Properties` semantics.

The syntax is javaproperties' job (a maintained, tested port of Java's rules). This module adds
what an editor needs on top: duplicate-key findings, the ISO-8859-1 byte encoding, and saving
through the original text so that comments, order and untouched lines survive an edit.
"""

from __future__ import annotations

import re
from collections import Counter

import javaproperties
from javaproperties import KeyValue

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Entry, InputError
from core.formats.text import unencodable


def parse_properties(data: bytes, name: str) -> Entry:
    # Java's Properties.load(InputStream) reads ISO-8859-1: every byte is a character.
    text = _bare_continuations(data.decode("latin-1"), name)
    try:
        tokens = list(javaproperties.parse(text))
    except ValueError as exc:  # javaproperties' InvalidUEscapeError
        raise InputError(f"{name}: is not a valid .properties file: {exc}") from None
    pairs = [(t.key, t.value) for t in tokens if isinstance(t, KeyValue)]
    # Text decoded from ISO-8859-1 holds no surrogate; only a \u escape can make one.
    findings: list[Finding] = unencodable(pairs) if "\\" in text else []
    keys = [k for k, _ in pairs]
    counts = Counter(keys) if len(set(keys)) != len(keys) else {}
    for key, count in counts.items():
        if count > 1:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "properties.duplicate_key",
                    f"{key} appears {count} times; the last value counts, as in Java.",
                    key,
                )
            )
    if not data.isascii() and _is_utf8(data):
        findings.append(
            Finding(
                Severity.WARNING,
                "properties.encoding_utf8",
                "The file looks UTF-8 encoded, but .properties files are read as ISO-8859-1, "
                "so accented characters come out garbled (é reads as Ã©). Save it again with "
                "this tool, which writes \\u escapes.",
            )
        )
    return Entry(Destination.of(pairs), tuple(findings), layout=text)


_LINES = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
# javaproperties searches the whole logical line again after each continuation line, which is
# quadratic (a 64 KB file of them took 35 s). Bounding the continuation lines of one logical line
# keeps its work linear in the file's size (about 1 s for a 1 MB file of the worst shape).
MAX_CONTINUATIONS = 32
MAX_LINE = 64 * 1024  # characters in one logical line


def _bare_continuations(text: str, name: str) -> str:
    """Rewrite the one construct javaproperties reads differently from Java.

    A logical line that is nothing but a continuation backslash ends up empty in Java's
    LineReader: the next physical line then starts afresh (so `#` there is a comment), and if the
    file ends right after it, Java yields the pair "" = "". Measured against Java by the tests.
    """
    if "\\" not in text and len(text) <= MAX_LINE:
        # No backslash and no line can be too long: nothing to rewrite or refuse. Most files,
        # read at workspace scale.
        return text
    out: list[str] = []
    continuing = False
    parts = length = 0  # of the current logical line
    for number, match in enumerate(_LINES.finditer(text), 1):
        line, eol = match.group(1), match.group(2)
        if not line and not eol:
            break
        parts, length = (parts + 1, length + len(line)) if continuing else (1, len(line))
        if parts - 1 > MAX_CONTINUATIONS or length > MAX_LINE:
            raise InputError(
                f"{name}: line {number} "
                + (
                    f"continues a line past {MAX_CONTINUATIONS} continuation lines"
                    if parts - 1 > MAX_CONTINUATIONS
                    else f"makes a line longer than {MAX_LINE // 1024} KB"
                )
                + "; no destination property is that long, so this is not a destination file"
            )
        stripped = line.lstrip(" \t\f")
        if not continuing and stripped == "\\":
            at_end = match.end() == len(text)
            out.append("=" + eol if at_end and eol != "\r\n" else eol or "\n")
            if at_end and eol == "\r\n":
                out[-1] = eol
            continue
        if not continuing and stripped.startswith(("#", "!")):
            out.append(line + eol)
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        continuing = trailing % 2 == 1 and eol != ""
        out.append(line + eol)
    return "".join(out)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def render_properties(destination: Destination, layout: str | None = None) -> bytes:
    """The bytes of a `.properties` file; with `layout`, untouched lines keep their text.

    Keys removed from the destination lose their line, a duplicated key keeps its first position
    with the final value, and new keys go at the end, as javaproperties' PropertiesFile does.
    """
    out: list[str] = []
    written: set[str] = set()
    tokens = list(javaproperties.parse(layout)) if layout else []
    counts = Counter(t.key for t in tokens if isinstance(t, KeyValue))
    for token in tokens:
        if not isinstance(token, KeyValue):
            out.append(token.source)
            continue
        key = token.key
        if key not in destination or key in written:
            continue
        written.add(key)
        if counts[key] == 1 and token.value == destination[key]:
            out.append(token.source)
        else:
            out.append(_line(key, destination[key]) + _eol(token.source))
    new = [_line(k, v) + "\n" for k, v in destination.items() if k not in written]
    if new and out and not out[-1].endswith(("\n", "\r")):
        out.append("\n")
    out.extend(new)
    return "".join(out).encode("latin-1")


def _eol(source: str) -> str:
    for eol in ("\r\n", "\n", "\r"):
        if source.endswith(eol):
            return eol
    return "\n"


def _line(key: str, value: str) -> str:
    """`key=value` as Java's store() would write it, except that a value keeps its `:`, `=`,
    `#` and `!` unescaped: Java reads them back the same, and `https://` stays legible."""
    return javaproperties.escape(key) + "=" + _escape_value(value)


_VALUE_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}


def _escape_value(value: str) -> str:
    chars = []
    for i, c in enumerate(value):
        if c in _VALUE_ESCAPES:
            chars.append(_VALUE_ESCAPES[c])
        elif c == " " and i == 0:
            chars.append("\\ ")  # a leading space would be taken for separator padding
        elif ord(c) < 0x20 or ord(c) > 0x7E:
            chars.append("".join(f"\\u{u:04x}" for u in _utf16_units(c)))
        else:
            chars.append(c)
    return "".join(chars)


def _utf16_units(c: str) -> list[int]:
    data = c.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
