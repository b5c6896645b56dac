"""The wheel's package list is written by hand (resources/ is mapped into gui), so a new
sub-package that is not listed is silently left out of the wheel and the bundle. This fast test
catches that before the slow packaging tests would."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_package_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("core", "gui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found - listed == set()
