"""Files holding several destinations, through the window: each destination is a workspace row
naming the file; saving one, adding and removing keep every other destination, certificate and
wrapper field equal (JSON equality) to the original."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from core.bundles import Item, bundle_bytes, export_bundle
from core.formats import load_document
from tests.gui.test_form import field, type_into
from tests.multi_data import SHAPES, changed_url, write_shape


def rows(window) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    """The workspace's rows in the file's order (the view shows them sorted by name)."""
    ws = window.workspace
    shown = [ws.shown(i) for i in range(ws.count())]
    return sorted(((r.name, r.path.name, r.index) for r in shown), key=lambda r: (r[1], r[2]))


def select(window, file: str, index: int) -> None:  # type: ignore[no-untyped-def]
    window.workspace.select(
        next(h for h in window.workspace.items() if h[0].name == file and h[1] == index)
    )


@pytest.mark.parametrize(
    ("shape", "index"), [("array", 1), ("find_destination", 0), ("init_data", 3)]
)
def test_edit_one_destination_in_the_form_and_save(
    window, tmp_path: Path, qtbot: QtBot, idle, shape: str, index: int
) -> None:  # type: ignore[no-untyped-def]
    write_shape(tmp_path, shape)
    window.open_workspace(tmp_path)
    idle(window)
    count = len(load_document(tmp_path / f"{shape}.json").entries)
    assert [(f, i) for _, f, i in rows(window)] == [(f"{shape}.json", i) for i in range(count)]
    if count > 1:
        assert all(f"  [{shape}.json" in text for text, _, _ in rows(window))
    select(window, f"{shape}.json", index)
    idle(window)
    assert window.session.index == index
    url = field(window, "URL").edit
    url.clear()
    type_into(qtbot, url, "https://changed.example.com")
    assert window.save()
    idle(window)
    saved = json.loads((tmp_path / f"{shape}.json").read_text())
    assert saved == changed_url(shape, index, "https://changed.example.com")


def test_the_projects_own_bundle_opens_as_a_list_and_saves_whole(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    from core.destination import Destination

    items = [
        Item(
            Destination.of({"Name": n, "Type": "HTTP", "URL": f"https://{n}.example.com"}), tmp_path
        )
        for n in ("one", "two")
    ]
    path = tmp_path / "config.json"
    path.write_bytes(bundle_bytes(export_bundle(items, "init-data")))
    original = json.loads(path.read_text())
    window.open_workspace(tmp_path)
    idle(window)
    assert [t.split()[0] for t, _, _ in rows(window)] == ["one", "two"]
    select(window, "config.json", 1)
    idle(window)
    type_into(qtbot, field(window, "Description").edit, "second")
    assert window.save()
    expected = copy.deepcopy(original)
    expected["init_data"]["subaccount"]["destinations"][1]["Description"] = "second"
    assert json.loads(path.read_text()) == expected


def test_the_two_levels_rows_of_an_init_data_file_can_be_told_apart(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    write_shape(tmp_path, "init_data")
    window.open_workspace(tmp_path)
    idle(window)
    assert sorted(text for text, _, _ in rows(window)) == [
        "alpha  [init_data.json · instance]",
        "alpha  [init_data.json · subaccount]",
        "beta  [init_data.json · subaccount]",
        "delta  [init_data.json · instance]",
    ]
    window.commands.health.trigger()  # and in the workspace health view
    health = window.tools.health
    qtbot.waitUntil(lambda: health.refresh_button.isEnabled(), timeout=20000)
    shown = sorted(health.table.topLevelItem(i).text(2) for i in range(4))
    assert shown == [
        "alpha  [init_data.json · instance]",
        "alpha  [init_data.json · subaccount]",
        "beta  [init_data.json · subaccount]",
        "delta  [init_data.json · instance]",
    ]
    health.close()


def test_add_is_disabled_on_a_find_destination_response(window, tmp_path: Path, idle) -> None:  # type: ignore[no-untyped-def]
    write_shape(tmp_path, "find_destination")
    write_shape(tmp_path, "array")
    window.open_workspace(tmp_path)
    idle(window)
    select(window, "array.json", 0)
    idle(window)
    assert window.commands.add.isEnabled()
    select(window, "find_destination.json", 0)
    idle(window)
    assert window.session.path.name == "find_destination.json"
    assert not window.commands.add.isEnabled()


def test_add_and_remove_a_destination_from_the_window(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    path = write_shape(tmp_path, "init_data")
    window.open_workspace(tmp_path)
    idle(window)
    select(window, "init_data.json", 2)  # the instance level's first destination
    idle(window)
    assert window.commands.add.isEnabled()
    window.add_to_file()
    idle(window)
    assert window.session.destination.name == "new-destination"
    expected = copy.deepcopy(SHAPES["init_data"])
    added = json.loads(path.read_text())["init_data"]["instance"]["destinations"][-1]
    assert added["Name"] == "new-destination"
    expected["init_data"]["instance"]["destinations"].append(added)
    assert json.loads(path.read_text()) == expected
    assert len(rows(window)) == 5
    window.delete_destination(ask=False)
    idle(window)
    assert json.loads(path.read_text()) == SHAPES["init_data"]
    assert len(rows(window)) == 4


def test_instance_level_destinations_of_an_imported_init_data_are_rows_too(
    window, tmp_path: Path, idle
) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "instance").mkdir()
    for folder in (tmp_path, tmp_path / "instance"):
        (folder / "hr.properties").write_text("Name=hr\nType=HTTP\nURL=https://hr.example.com\n")
    window.open_workspace(tmp_path)
    idle(window)
    assert sorted(t for t, _, _ in rows(window)) == ["hr", "hr  [instance/hr.properties]"]


def test_saving_into_a_file_broken_meanwhile_says_so_and_leaves_it(
    window, tmp_path: Path, qtbot: QtBot, idle
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import answer_next_dialog

    path = write_shape(tmp_path, "array")
    window.open_file(path, 1)
    idle(window)
    type_into(qtbot, field(window, "Description").edit, "mine")
    broken = b'[{"Name": "alpha", "URL": "https://half'  # another program's edit, half done
    path.write_bytes(broken)
    seen: list[str] = []
    answer_next_dialog(QMessageBox.StandardButton.Ok, seen)
    assert not window.save()
    assert path.read_bytes() == broken
    assert len(seen) == 1 and "cannot be read now" in seen[0] and "Save As" in seen[0]
    assert window.session.modified  # the edit waits to be saved elsewhere
