"""`core` and the command line never load Qt: a script must not pay for a GUI."""

import json
import pkgutil
import subprocess
import sys

import core


def test_core_and_cli_import_no_pyside6() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages(core.__path__, "core.")
        if not m.name.endswith("__main__")
    ]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from core.cli import main\n"
        "try:\n    main(['validate', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'gui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert len(modules) > 10
    assert json.loads(result.stdout.splitlines()[-1]) == []
