"""The findings of the last check grouped by the property they concern, made once per check.

The form's rows and its Other properties table both look findings up by key. A file with
35,000 unknown keys has a finding for each: grouping them took the GUI thread 10-20 ms, and
several times that while the workspace fill held the interpreter. The editor's check job groups
them on its worker thread (`by_key` called there); the window then finds the grouping made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.findings import Finding

Grouped = Mapping[str, Sequence[Finding]]


class _Last:
    """The last findings grouped, held with the sequence they came from (compared by
    identity: a check's findings are a tuple that is never changed). One attribute, so that a
    worker replacing it never leaves a pair that does not belong together."""

    pair: tuple[Sequence[Finding], Grouped] = ((), {})


def by_key(findings: Sequence[Finding]) -> Grouped:
    """The findings that name a property, by that property, in their order. Not to be changed:
    the same mapping is handed to every caller."""
    made, grouped_before = _Last.pair
    if made is findings:
        return grouped_before
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.key:
            grouped.setdefault(finding.key, []).append(finding)
    _Last.pair = (findings, grouped)
    return grouped
