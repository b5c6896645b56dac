"""Say what a file looks like from its first bytes, for messages such as "this is a ZIP file"."""

from __future__ import annotations

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xfe\xed\xfe\xed", "a JKS key store"),
    (b"\xce\xce\xce\xce", "a JCEKS key store"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)


def describe(data: bytes) -> str | None:
    """A short phrase for a recognisable binary file, or None."""
    for magic, phrase in _MAGIC:
        if data.startswith(magic):
            return phrase
    if data[:1] == b"\x30" and len(data) > 4 and data[1] in (0x80, 0x81, 0x82, 0x83, 0x84):
        return "DER-encoded data (a certificate or key store)"
    return None


# Every byte but the control bytes text does not use (tab, newline, form feed, return are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 0x20 and b not in (9, 10, 12, 13)))


def looks_binary(data: bytes) -> bool:
    """True for data no text editor would show as text: NUL bytes or many control bytes."""
    sample = data[:8192]
    if b"\0" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))  # what is left are the controls
    return controls > max(2, len(sample) // 100)
