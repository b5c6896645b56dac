"""Text that cannot be encoded: half of a UTF-16 surrogate pair, read from a `\\uD800` escape.

Java and JSON accept such an escape, but the value cannot be written as UTF-8 and SAP cannot
store it. It is reported as a finding naming the property; rendering and printing escape it
instead of failing (see render_json and the CLI's output streams).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.findings import Finding, Severity

_LONE = re.compile(r"[\ud800-\udfff]")


def escaped(text: str) -> str:
    """`text` with every lone surrogate written as \\udXXX, safe to print or encode."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def unencodable(pairs: Iterable[tuple[str, str]]) -> list[Finding]:
    findings = []
    for key, value in pairs:
        for where, text in (("name", key), ("value", value)):
            match = _LONE.search(text)
            if match:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "text.unencodable",
                        f"The {where} of {escaped(key)} holds half of a UTF-16 surrogate pair "
                        f"({escaped(match.group())} at character {match.start() + 1}), which "
                        "cannot be encoded as text; SAP cannot store it. Remove or correct it.",
                        key,
                    )
                )
    return findings
