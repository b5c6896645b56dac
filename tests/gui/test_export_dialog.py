"""The editor's export says what was left out and what is missing, as `destination-cli export`."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from core.formats import Format
from gui.export_dialog import ExportDialog


def cli_notes(stderr: str) -> list[str]:
    """The CLI's warnings about passwords, without its command-line hint."""
    found = re.findall(r"warning: ((?:secrets left out|no value is stored for): [^\n(]*)", stderr)
    return [f"{n.strip()[:1].upper()}{n.strip()[1:]}." for n in found]


def test_export_reports_left_out_and_missing_as_the_cli(
    window, workspace: Path, qtbot: QtBot, idle, cli
) -> None:  # type: ignore[no-untyped-def]
    (workspace / "basic.properties").write_text(
        "Name=basic\nType=HTTP\nURL=https://b.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=u\nPassword=in-clear\n"
    )
    cases = [
        ("basic.properties", False, "Secrets left out: basic: Password."),
        ("weather.properties", True, "No value is stored for: weather: KeyStorePassword."),
    ]
    for name, include, expected in cases:
        window.open_file(workspace / name)
        idle(window)
        dialog = window.tools.export()
        assert isinstance(dialog, ExportDialog)
        dialog.include.setChecked(include)
        dialog.export_to(workspace / f"gui-{name}", Format.PROPERTIES)
        idle(window)
        said = dialog.message.text()
        args = ["export", workspace / name, "--to", "properties", "-o", workspace / f"cli-{name}"]
        run = cli(*args, *(["--include-secrets"] if include else []))
        assert run.returncode == 0, run.stderr
        assert cli_notes(run.stderr) == [expected]
        assert expected in said, said
        dialog.close()


def test_export_failure_is_said_in_the_dialog(window, workspace: Path, idle) -> None:  # type: ignore[no-untyped-def]
    window.open_file(workspace / "weather.properties")
    idle(window)
    dialog = window.tools.export()
    assert dialog is not None
    dialog.export_to(workspace / "no-such-folder" / "out.properties", Format.PROPERTIES)
    idle(window)
    assert dialog.message.text().startswith("Not written: ")
    assert "No such file or directory" in dialog.message.text()
    dialog.close()
