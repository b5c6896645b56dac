"""core.workspace.keystore_files: which files of a folder the form offers as key stores."""

from __future__ import annotations

from pathlib import Path

from core.workspace import keystore_files


def test_key_stores_are_listed_by_suffix_in_any_case_and_nothing_else(tmp_path: Path) -> None:
    for name in ("a.jks", "B.P12", "c.d.pem", "e.properties", "f", ".jks", "g.jks.bak"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "folder.jks").mkdir()  # a folder, whatever its name
    assert [p.name for p in keystore_files(tmp_path)] == ["B.P12", "a.jks", "c.d.pem"]
