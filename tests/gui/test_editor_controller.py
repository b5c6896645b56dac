"""The editor's controller, driven with no window and no widget: open, edit, undo, check, save,
the workspace, and where each answer comes from."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from core.secrets import FallbackStore, MemoryStore, scope_of
from core.services.check import check
from core.services.passwords import PasswordSource
from core.services.session import Session
from gui.editor import EditorController
from gui.jobs import Jobs
from tests.core.test_secrets import service  # noqa: F401  (the private Secret Service)
from tests.keystore_data import DATA


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[EditorController]:
    widgets_before = set(QApplication.allWidgets())
    jobs = Jobs()
    controller = EditorController(jobs)
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    controller.secrets = FallbackStore(MemoryStore())
    yield controller
    qtbot.waitUntil(lambda: jobs.pending == 0, timeout=20000)
    jobs.wait()
    assert set(QApplication.allWidgets()) - widgets_before == set()  # no widget was made


def settle(qtbot: QtBot, editor: EditorController) -> None:
    qtbot.wait(300)  # the debounce
    qtbot.waitUntil(lambda: editor.jobs.pending == 0, timeout=20000)


def test_open_checks_as_the_use_case_does(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    path = workspace / "weather.properties"
    with qtbot.waitSignal(editor.checked, timeout=20000) as checked:
        editor.open_file(path)  # read in a job, then checked
    session = Session.open(path)
    passwords = PasswordSource(session.destination, store=editor.secrets, folder=workspace)
    expected = check(session.destination, workspace, passwords, datetime.now(UTC))
    assert checked.args[0].findings == expected.findings
    assert editor.findings == expected.findings
    assert "property.required" in {f.code for f in editor.findings}  # KeyStorePassword


def test_edit_undo_redo(editor: EditorController, workspace: Path, qtbot: QtBot) -> None:
    editor.open_file(workspace / "basic.properties")
    settle(qtbot, editor)
    with qtbot.waitSignal(editor.changed):
        editor.edit("Description", "edited")
    assert editor.session is not None and editor.session.modified
    assert editor.session.destination["Description"] == "edited"
    editor.undo()
    assert "Description" not in editor.session.destination and not editor.session.modified
    editor.redo()
    assert editor.session.destination["Description"] == "edited"
    editor.rename("Description", "Comment")
    assert editor.session.destination["Comment"] == "edited"
    settle(qtbot, editor)
    assert "property.unknown" in {f.code for f in editor.findings}


def test_a_typed_password_satisfies_the_check_and_is_kept_on_save(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    path = workspace / "weather.properties"
    editor.open_file(path)
    settle(qtbot, editor)
    editor.set_password("KeyStorePassword", "changeit", remember=True)
    settle(qtbot, editor)
    assert "property.required" not in {f.code for f in editor.findings}
    assert editor.chain_target() == ("KeyStoreLocation", workspace / "client.jks", "changeit")
    with qtbot.waitSignal(editor.saved) as saved:
        assert editor.save()
    assert saved.args == [path]
    settle(qtbot, editor)
    assert "changeit" not in path.read_text()
    assert editor.secrets.get(scope_of(workspace, "weather"), "KeyStorePassword") == "changeit"


def test_the_token_service_key_store_is_previewed(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    shutil.copy(DATA / "chain.jks", tmp_path / "token.jks")
    path = tmp_path / "oauth.properties"
    path.write_text(
        "Name=oauth\nType=HTTP\nURL=https://a.example.com\nProxyType=Internet\n"
        "Authentication=OAuth2ClientCredentials\nclientId=c\n"
        "tokenServiceURL=https://t.example.com\ntokenService.KeyStoreLocation=token.jks\n"
        "tokenService.KeyStorePassword=\n"
    )
    with qtbot.waitSignal(editor.opened, timeout=20000):
        editor.open_file(path)  # read in a job
    target = editor.chain_target()
    assert target == ("tokenService.KeyStoreLocation", tmp_path / "token.jks", "")


def test_unreadable_file_is_a_problem_sentence(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(editor.problem, timeout=20000) as problem:
        editor.open_file(tmp_path)  # a folder, not a destination file
    assert problem.args[0] == "Cannot open"
    assert problem.args[1] == f"{tmp_path}: is a folder, not a destination file"
    assert editor.session is None


def test_workspace_rows_are_summarized(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    seen: list[str] = []
    editor.summarized.connect(
        lambda batch: seen.extend(s.path.name for _, rows, _ in batch for s in rows or [])
    )
    with qtbot.waitSignal(editor.workspace_opened) as opened:
        editor.open_workspace(workspace)
    assert [p.name for p in opened.args[1]] == ["basic.properties", "weather.properties"]
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=20000)
    assert sorted(seen) == ["basic.properties", "weather.properties"]


def test_save_as_into_the_workspace_lists_the_new_file(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(editor.workspace_opened):  # listed (in a job) before the save
        editor.open_workspace(workspace)
    editor.new()
    editor.edit("Name", "fresh")
    with qtbot.waitSignal(editor.workspace_opened) as opened:
        assert editor.save(workspace / "fresh.properties")
    assert "fresh.properties" in [p.name for p in opened.args[1]]


def test_save_failure_is_a_problem_sentence(
    editor: EditorController, workspace: Path, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(editor.opened, timeout=20000):
        editor.open_file(workspace / "basic.properties")  # read in a job
    with qtbot.waitSignal(editor.problem) as problem:
        assert not editor.save(workspace / "missing" / "basic.properties")
    assert problem.args[0] == "Not saved"
    assert "No such file or directory" in problem.args[1]


def test_removing_a_destination_keeps_passwords_another_one_shares(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    """Passwords are kept per folder and Name: removing the instance level's alpha must not
    delete those of the subaccount level's alpha in the same file; a Name no longer used in the
    folder loses its passwords."""
    from tests.multi_data import write_shape

    path = write_shape(tmp_path, "init_data")  # alpha at both levels, beta, delta
    editor.open_workspace(tmp_path)
    for index, name in ((0, "alpha"), (3, "delta")):
        editor.open_file(path, index)
        settle(qtbot, editor)
        editor.set_password("Password", f"{name}-secret", True)
        assert editor.save()
        settle(qtbot, editor)
    editor.open_file(path, 2)  # the instance level's alpha
    settle(qtbot, editor)
    editor.remove_from_file()
    settle(qtbot, editor)
    assert [
        d["Name"] for d in json.loads(path.read_text())["init_data"]["instance"]["destinations"]
    ] == ["delta"]
    assert editor.secrets.get(scope_of(tmp_path, "alpha"), "Password") == "alpha-secret"
    editor.open_file(path, 2)  # delta, now the instance level's only destination
    settle(qtbot, editor)
    assert editor.session is not None and editor.session.destination.name == "delta"
    editor.remove_from_file()
    settle(qtbot, editor)
    assert editor.secrets.keys(scope_of(tmp_path, "delta")) == []


def test_a_key_store_the_file_carries_is_checked_from_there(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    import base64

    content = base64.b64encode((DATA / "expired.jks").read_bytes()).decode()
    dest = {
        "Name": "weather", "Type": "HTTP", "URL": "https://api.example.com",
        "ProxyType": "Internet", "Authentication": "ClientCertificateAuthentication",
        "KeyStoreLocation": "client.jks", "KeyStorePassword": "",
    }  # fmt: skip
    path = tmp_path / "response.json"
    path.write_text(
        json.dumps(
            {
                "destinationConfiguration": dest,
                "certificates": [{"Name": "client.jks", "Type": "CERTIFICATE", "Content": content}],
            }
        )
    )
    with qtbot.waitSignal(editor.checked, timeout=20000):
        editor.open_file(path)
    codes = {f.code for f in editor.findings}
    assert "keystore.location.missing" not in codes
    assert "keystore.wrong_password" in codes  # opened from the file, with the empty password


@pytest.mark.usefixtures("service")
def test_removing_an_instance_destination_leaves_none_of_its_passwords(
    editor: EditorController, tmp_path: Path, qtbot: QtBot
) -> None:
    """With the real Secret Service: the instance level's passwords have a sub-scope of their
    own, so removing the instance level's alpha deletes them although the subaccount level has
    an alpha too (whose passwords stay); delta's, still under its plain Name from before the
    sub-scope, are moved there first and go with it."""
    from core.secrets import KeyringStore
    from tests import secret_service as ss
    from tests.core.test_secrets import _secret_service_backend
    from tests.multi_data import write_shape

    ss.wait_unlocked()
    keyring = KeyringStore(_secret_service_backend(), timeout=ss.CALL_TIMEOUT)
    editor.secrets = FallbackStore(keyring)
    path = write_shape(tmp_path, "init_data")  # alpha at both levels, beta, instance delta
    (tmp_path / ".destination-editor-workspace").write_text('{"workspace": "' + "cd" * 16 + '"}')
    keyring.set(scope_of(tmp_path, "alpha"), "Password", "alpha-subaccount")
    keyring.set(scope_of(tmp_path, "delta"), "Password", "delta-old")
    editor.open_workspace(tmp_path)
    editor.open_file(path, 2)  # the instance level's alpha
    settle(qtbot, editor)
    editor.set_password("Password", "alpha-instance", True)
    assert editor.save()
    settle(qtbot, editor)
    assert keyring.get(scope_of(tmp_path, "alpha", "instance"), "Password") == "alpha-instance"
    editor.remove_from_file()
    settle(qtbot, editor)
    assert keyring.keys(scope_of(tmp_path, "alpha", "instance")) == []
    assert keyring.get(scope_of(tmp_path, "alpha"), "Password") == "alpha-subaccount"
    editor.open_file(path, 2)  # delta, now the instance level's only destination
    settle(qtbot, editor)
    assert editor.session is not None and editor.session.destination.name == "delta"
    assert editor.session.password("Password") == "delta-old"
    editor.remove_from_file()
    settle(qtbot, editor)
    for level in (None, "instance"):
        assert keyring.keys(scope_of(tmp_path, "delta", level)) == []


def test_a_file_outside_the_workspace_reads_its_folders_names_once_per_save(
    editor: EditorController, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.editor

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    base = "Type=HTTP\nURL=https://a.example.com\nProxyType=Internet\nAuthentication=NoAuthentication\n"
    (folder / "a.properties").write_text("Name=a\n" + base)
    (folder / "b.properties").write_text("Name=b\n" + base)
    reads: list[Path] = []
    real = gui.editor.folder_names

    def counted(where: Path, *rest: object) -> object:
        reads.append(where)
        return real(where, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(gui.editor, "folder_names", counted)
    editor.open_file(folder / "a.properties")  # opened alone: no workspace lists it
    settle(qtbot, editor)
    assert editor.folder is None and reads == [folder.resolve()]
    for value in ("https://b.example.com", "https://c.example.com", "https://d.example.com"):
        editor.edit("URL", value)  # each a debounced check
        settle(qtbot, editor)
    assert reads == [folder.resolve()]  # read once, not per edit
    editor.edit("Name", "b")  # the names read still answer: b is taken by b.properties
    settle(qtbot, editor)
    assert [f.code for f in editor.findings if f.code == "name.duplicate"] == ["name.duplicate"]
    # A save may change the folder's names: they are read again, once.
    (folder / "c.properties").write_text("Name=c\n" + base)
    editor.edit("Name", "c")
    editor.save()
    settle(qtbot, editor)
    assert len(reads) >= 2 and set(reads) == {folder.resolve()}
    after_save = len(reads)
    editor.edit("URL", "https://e.example.com")
    settle(qtbot, editor)
    assert len(reads) == after_save
    assert [f.code for f in editor.findings if f.code == "name.duplicate"] == ["name.duplicate"]
