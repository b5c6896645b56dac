"""How the command line talks: one-line errors on stderr, findings as text or JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from core.findings import Finding, Severity, worst_first

if TYPE_CHECKING:  # inspect imports this module and must start fast
    from core.secrets import FallbackStore


def fail(message: str, code: int = 2) -> int:
    print(f"destination-cli: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    print(f"destination-cli: warning: {message}", file=sys.stderr)


def emit_json(payload: Any) -> None:
    # Indented for a person at a terminal; compact for scripts, where json's C encoder applies
    # (with indent it falls back to pure Python, seconds for a large trust store).
    # No cycle check: payloads are trees built for output, and the check keeps a dictionary
    # entry per list and object written (8,000 for a 2,000-certificate inspect).
    indent = 2 if sys.stdout.isatty() else None
    text = json.dumps(payload, indent=indent, ensure_ascii=False, check_circular=False)
    sys.stdout.write(text + "\n")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return worst_first(findings)


def count_line(findings: list[Finding]) -> str:
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        n = sum(1 for f in findings if f.severity is severity)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 else ''}")
    return ", ".join(parts) or "no findings"


def finding_line(finding: Finding) -> str:
    where = f" [{finding.key}]" if finding.key else ""
    return f"  {finding.severity.value:<7} {finding.message}{where}  ({finding.code})"


_noted: WeakSet[FallbackStore] = WeakSet()  # the stores whose problem was said


def note_store(store: FallbackStore) -> None:
    """Say once, on stderr, why passwords are not remembered (no keyring, locked, ...)."""
    problem = store.problem
    if problem and store not in _noted:
        print(f"destination-cli: note: {problem}", file=sys.stderr)
        _noted.add(store)
