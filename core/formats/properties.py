"""`.properties` files with exactly `java.util.Properties` semantics.

The syntax is javaproperties' job (a maintained, tested port of Java's rules). This module adds
what an editor needs on top: duplicate-key findings, the ISO-8859-1 byte encoding, and saving
through the original text so that comments, order and untouched lines survive an edit.
"""

from __future__ import annotations

from collections import Counter

import re

import javaproperties
from javaproperties import KeyValue

from core.destination import Destination
from core.findings import Finding, Severity
from core.formats.document import Entry, InputError


def parse_properties(data: bytes, name: str) -> Entry:
    # Java's Properties.load(InputStream) reads ISO-8859-1: every byte is a character.
    text = _bare_continuations(data.decode("latin-1"))
    try:
        tokens = list(javaproperties.parse(text))
    except ValueError as exc:  # javaproperties' InvalidUEscapeError
        raise InputError(f"{name}: is not a valid .properties file: {exc}") from None
    pairs = [(t.key, t.value) for t in tokens if isinstance(t, KeyValue)]
    findings: list[Finding] = []
    for key, count in Counter(k for k, _ in pairs).items():
        if count > 1:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "properties.duplicate_key",
                    f"{key} appears {count} times; the last value counts, as in Java.",
                    key,
                )
            )
    if any(b >= 0x80 for b in data) and _is_utf8(data):
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


def _bare_continuations(text: str) -> str:
    """Rewrite the one construct javaproperties reads differently from Java.

    A logical line that is nothing but a continuation backslash ends up empty in Java's
    LineReader: the next physical line then starts afresh (so `#` there is a comment), and if the
    file ends right after it, Java yields the pair "" = "". Measured against Java by the tests.
    """
    out: list[str] = []
    continuing = False
    for match in _LINES.finditer(text):
        line, eol = match.group(1), match.group(2)
        if not line and not eol:
            break
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
    """The bytes of a `.properties` file; with `layout`, untouched lines keep their text."""
    pf = javaproperties.PropertiesFile.loads(layout) if layout else javaproperties.PropertiesFile()
    duplicated = set()
    if layout:
        counts = Counter(t.key for t in javaproperties.parse(layout) if isinstance(t, KeyValue))
        duplicated = {k for k, n in counts.items() if n > 1}
    for key in [k for k in pf if k not in destination]:
        del pf[key]
    for key, value in destination.items():
        # Reassigning collapses a duplicate key into one line; otherwise keep the line as is.
        if key in duplicated or pf.get(key) != value:
            pf[key] = value
    text: str = pf.dumps(separator="=", ensure_ascii=True)
    if text and not text.endswith(("\n", "\r")):
        text += "\n"
    return text.encode("latin-1")
