"""The workspace list as a model: rows from file names at once, summaries in batches, sorting
and filtering by the model itself, the chosen row kept through both."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from core.secrets import MemoryStore
from core.workspace import summarize
from gui.workspace_model import WorkspaceModel
from gui.workspace_view import WorkspaceView
from tests.multi_data import write_shape

NOW = datetime(2030, 6, 1, tzinfo=UTC)


def _write(folder: Path, name: str, auth: str = "NoAuthentication") -> Path:
    path = folder / f"{name}.properties"
    path.write_text(
        f"Name={name}\nType=HTTP\nURL=https://{name}.example.com\nProxyType=Internet\n"
        f"Authentication={auth}\n",
        encoding="latin-1",
    )
    return path


def _shown(model: WorkspaceModel) -> list[str]:
    return [model.row(n).name for n in range(model.rowCount())]


def test_rows_appear_from_file_names_then_take_their_summaries(
    tmp_path: Path, qtbot: QtBot
) -> None:
    files = [_write(tmp_path, n) for n in ("zulu", "alpha", "mike")]
    model = WorkspaceModel()
    model.sort(0)
    model.set_files(sorted(files))
    assert _shown(model) == ["alpha", "mike", "zulu"]
    assert all(not r.summarized and r.status is None for r in model.rows())
    batch = [(p, summarize(p, MemoryStore(), NOW), None) for p in files[:2]]
    model.show_batch(batch)
    rows = {r.name: r for r in model.rows()}
    assert rows["zulu"].summarized and rows["zulu"].authentication == "NoAuthentication"
    assert not rows["mike"].summarized


def test_sorting_by_each_column_and_filtering(tmp_path: Path, qtbot: QtBot) -> None:
    files = [
        _write(tmp_path, "b-basic", "BasicAuthentication"),
        _write(tmp_path, "a-none"),
        _write(tmp_path, "c-oauth", "OAuth2ClientCredentials"),
    ]
    model = WorkspaceModel()
    model.set_files(sorted(files))
    model.show_batch([(p, summarize(p, MemoryStore(), NOW), None) for p in files])
    model.sort(1)
    assert [model.row(n).authentication for n in range(3)] == [
        "BasicAuthentication",
        "NoAuthentication",
        "OAuth2ClientCredentials",
    ]
    from PySide6.QtCore import Qt

    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert _shown(model) == ["c-oauth", "b-basic", "a-none"]
    model.set_filter("CLIENTcred")
    assert _shown(model) == ["c-oauth"]
    model.set_filter("")
    assert model.rowCount() == 3


def test_a_failed_file_says_why_on_its_row(tmp_path: Path, qtbot: QtBot) -> None:
    path = _write(tmp_path, "one")
    model = WorkspaceModel()
    model.set_files([path])
    model.show_batch([(path, None, "it could not be read")])
    assert model.row(0).authentication == "(it could not be read)"
    assert model.row(0).tooltip == "it could not be read"


def test_a_file_of_several_destinations_gets_a_row_each_and_the_choice_is_kept(
    tmp_path: Path, qtbot: QtBot
) -> None:
    many = write_shape(tmp_path, "init_data")
    single = _write(tmp_path, "zz-last")
    view = WorkspaceView()
    qtbot.addWidget(view)
    view.set_files([many, single])
    view.select((single, 0), quietly=True)
    assert view.current() == (single, 0)
    view.show_batch([(many, summarize(many, MemoryStore(), NOW), None)])
    assert view.count() == 5
    assert view.current() == (single, 0)  # the rows before it grew, the choice stayed
    assert view.shown(view.count() - 1).path == single
    assert sorted(r.index for r in view.rows.rows() if r.path == many) == [0, 1, 2, 3]
    names = [view.shown(n).name for n in range(view.count())]
    assert names == sorted(names, key=str.casefold)


def test_choosing_a_row_says_which_destination_and_the_one_before(
    tmp_path: Path, qtbot: QtBot
) -> None:
    files = [_write(tmp_path, n) for n in ("a", "b")]
    view = WorkspaceView()
    qtbot.addWidget(view)
    view.set_files(files)
    view.select((files[0], 0), quietly=True)
    with qtbot.waitSignal(view.chosen) as chosen:
        view.select((files[1], 0))
    assert chosen.args == [files[1], 0, (files[0], 0)]


def test_ten_thousand_rows_sort_in_the_model(tmp_path: Path, qtbot: QtBot) -> None:
    files = [tmp_path / f"d{n:05d}.properties" for n in range(10_000)]
    model = WorkspaceModel()
    model.set_files(files)
    from PySide6.QtCore import Qt

    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.row(0).name == "d09999"
    assert model.rowCount() == 10_000


def test_rows_moved_by_each_batch_land_where_a_full_sort_puts_them(qtbot: QtBot) -> None:
    """A batch moves only its rows (by bisection), never sorting all rows again: the order is
    still the one sorting everything gives, ties in the files' order, in either direction."""
    import random

    from PySide6.QtCore import Qt

    from core.workspace import Summary

    rng = random.Random(17)
    files = [Path(f"/ws/f{n:04d}.properties") for n in range(400)]
    auths = ["BasicAuthentication", "NoAuthentication", "OAuth2ClientCredentials", ""]
    for column in (0, 1, 2):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            for text in ("", "b"):
                model = WorkspaceModel()
                model.sort(column, order)
                model.set_filter(text)
                model.set_files(files)
                todo = files[:]
                rng.shuffle(todo)
                while todo:
                    chunk, todo = todo[:37], todo[37:]
                    model.show_batch(
                        [
                            (p, None, "unreadable")
                            if rng.random() < 0.1
                            else (
                                p,
                                [Summary(p, rng.choice("abcab"), rng.choice(auths), "ok", ())],
                                None,
                            )
                            for p in chunk
                        ]
                    )
                    shown = [model.row(n).key for n in range(model.rowCount())]
                    model.sort(column, order)  # everything sorted again
                    assert [model.row(n).key for n in range(model.rowCount())] == shown
