"""A failure in the middle of any key store edit leaves the original file byte-identical."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from core import keystore_edit as edit
from core.keystore_tools import ToolError
from tests.keystore_data import DATA, PASSWORD

CHAIN = edit.read_certificates((DATA / "bundle.pem").read_bytes(), "bundle.pem")
OPERATIONS: dict[str, Callable[[edit.Editable], edit.Change]] = {
    "generate": lambda s: edit.generate(s, "second", "CN=second", ["DNS:second.example.com"]),
    "import-reply": lambda s: edit.import_reply(s, "client", CHAIN[:1], CHAIN[1:]),
    "import-trusted": lambda s: edit.import_trusted(
        s, edit.read_certificates((DATA / "reply-ca.pem").read_bytes(), "ca")
    ),
    "delete": lambda s: edit.delete(s, "client"),
    "rename": lambda s: edit.rename(s, "client", "renamed"),
    "key password": lambda s: edit.set_key_password(s, "client", "other", PASSWORD),
    "store password": lambda s: (s, []),  # with new_password below
}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("where", ["store rename", "store fsync", "backup write"])
def test_failure_while_writing_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str, where: str
) -> None:
    store = tmp_path / "chain.jks"
    shutil.copyfile(DATA / "chain.jks", store)
    before = store.read_bytes()
    real_replace, real_fsync = os.replace, os.fsync
    fsyncs = []

    def replace(src: str, dst: str | Path) -> None:
        if where == "store rename" and Path(dst) == store:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        if where == "backup write" and Path(dst).name.endswith(".bak"):
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real_replace(src, dst)

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # files only: each write also syncs its folder
            fsyncs.append(fd)
            if where == "store fsync" and len(fsyncs) == 2:  # the first is the backup's
                raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr("core.atomic.os.replace", replace)
    monkeypatch.setattr("core.atomic.os.fsync", fsync)
    new_password = "n3w-secret" if operation == "store password" else None
    with pytest.raises(OSError):
        edit.apply(store, PASSWORD, OPERATIONS[operation], new_password=new_password)
    assert store.read_bytes() == before
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_half_made_store_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    store = tmp_path / "chain.jks"
    shutil.copyfile(DATA / "chain.jks", store)
    before = store.read_bytes()
    real_save = edit.save

    def half(changed: edit.Editable, password: str) -> tuple[bytes, tuple[str, ...]]:
        data, notes = real_save(changed, password)
        return data[: len(data) // 2], notes  # as if the writer stopped half-way

    monkeypatch.setattr("core.keystore_edit.save", half)
    new_password = "n3w-secret" if operation == "store password" else None
    with pytest.raises(ToolError, match="did not open again"):
        edit.apply(store, PASSWORD, OPERATIONS[operation], new_password=new_password)
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.jks"]
