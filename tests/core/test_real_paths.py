"""core.real_paths answers as Path.resolve() does, with each folder resolved once."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.real_paths import real_folder, real_path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "a.properties").write_text("Name=a\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "target.properties").write_text("Name=t\n")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "link.properties").symlink_to(tmp_path / "elsewhere" / "target.properties")
    (tmp_path / "real" / "sub" / "up").symlink_to(tmp_path / "elsewhere")
    return tmp_path


def test_real_paths_match_resolve(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree / "real")
    paths = [
        tree / "real" / "a.properties",
        tree / "linked" / "a.properties",  # through a linked folder
        tree / "real" / "link.properties",  # a linked file: its target counts
        tree / "real" / "missing.properties",
        tree / "real" / "sub" / "up" / ".." / "target.properties",  # `..` after a link
        Path("a.properties"),  # relative
        Path("sub/../a.properties"),
        Path("sub/up/../target.properties"),  # relative, `..` after a link
        Path("../linked/a.properties"),
        Path("sub/up"),  # a linked folder named as a file
        Path("sub/.."),
        Path("."),
    ]
    for path in paths:
        for _ in range(2):  # the second answer comes from the folder already resolved
            assert real_path(path) == path.resolve(), path
            assert real_folder(path) == path.resolve().parent, path
