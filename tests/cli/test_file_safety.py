"""Saving never leaves a half-written file or changes what it should not.

Every writing command is run against a read-only folder and a full disk; saves go through a
symlink, onto a hard-linked file, and onto files with special mode bits and another owner. Each
test checks the original bytes, owner and mode, and that no temp file is left.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.secrets import MARKER

WEATHER = (
    "# kept\nName=weather\nType=HTTP\nURL=https://api.example.com\nProxyType=Internet\n"
    "Authentication=BasicAuthentication\nUser=svc\nPassword=s3cret\n"
)
BUNDLE = '{"destinationConfiguration": {"Name": "b", "Type": "HTTP"}, "certificates": []}'


def _state(folder: Path) -> dict[str, tuple[bytes, int, int, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mode, p.stat().st_uid, p.stat().st_gid)
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != MARKER
    }


def _names(folder: Path) -> list[str]:
    """The files in `folder`, but the workspace id marker a password store may add."""
    return sorted(p.name for p in folder.iterdir() if p.name != MARKER)


def _errors(stderr: str) -> list[str]:
    """The lines that are not the keyring's note."""
    return [line for line in stderr.strip().splitlines() if ": note: " not in line]


def _commands(folder: Path, source: Path) -> dict[str, list[str | Path]]:
    """Each writing command, aimed at a file or folder inside `folder`."""
    return {
        "convert": ["convert", source, "--to", "json", "-o", folder / "weather.json"],
        "convert-over": [
            "convert",
            source,
            "--to",
            "properties",
            "-o",
            folder / "weather.properties",
        ],
        "export": ["export", source, "--to", "properties", "-o", folder / "weather.properties"],
        "export-secrets": [
            "export",
            source,
            "--to",
            "json",
            "-o",
            folder / "weather.json",
            "--include-secrets",
        ],
        "bundle-import": ["bundle", "import", source.parent / "bundle.json", folder / "new"],
    }


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    source_dir = tmp_path / "src"
    source_dir.mkdir()
    source = source_dir / "weather.properties"
    source.write_text(WEATHER)
    (source_dir / "bundle.json").write_text(BUNDLE)
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "weather.properties").write_text(WEATHER)
    (folder / "weather.json").write_text("{}\n")
    return source, folder


@pytest.mark.parametrize(
    "command", ["convert", "convert-over", "export", "export-secrets", "bundle-import"]
)
def test_read_only_folder(cli, setup: tuple[Path, Path], command: str) -> None:  # type: ignore[no-untyped-def]
    source, folder = setup
    folder.chmod(0o555)
    try:
        before = _state(folder)
        r = cli(*_commands(folder, source)[command], no_root_read=True)
        assert r.returncode == 2, r.stderr
        assert "permission denied" in r.stderr and len(_errors(r.stderr)) == 1
        assert _state(folder) == before
        assert sorted(p.name for p in folder.iterdir()) == ["weather.json", "weather.properties"]
    finally:
        folder.chmod(0o755)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk is a small tmpfs, which only root may mount")
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize(
    "command", ["convert", "convert-over", "export", "export-secrets", "bundle-import"]
)
def test_full_disk(cli, setup: tuple[Path, Path], full_disk: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    source, _ = setup
    folder = full_disk
    (folder / "weather.properties").write_text(WEATHER)
    (folder / "weather.json").write_text("{}\n")
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:  # fill it to the last byte
        for size in (4096, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass
    before = _state(folder)
    r = cli(*_commands(folder, source)[command])
    assert r.returncode == 2, r.stderr
    assert "the disk is full" in r.stderr and len(_errors(r.stderr)) == 1
    assert _state(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == [
        "filler",
        "weather.json",
        "weather.properties",
    ]


def test_secret_import_through_a_symlink_replaces_the_target(
    cli, keyring_env, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "real"
    real.mkdir()
    target = real / "weather.properties"
    target.write_text(WEATHER)
    target.chmod(0o640)
    link = tmp_path / "weather.properties"
    link.symlink_to(target)
    r = cli("secret", "import", link, env=keyring_env)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "Password" not in target.read_text() and "# kept" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(real) == ["weather.properties"]


def test_secret_import_refuses_a_hard_linked_file(cli, keyring_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "weather.properties"
    first.write_text(WEATHER)
    second = tmp_path / "copy.properties"
    os.link(first, second)
    before = _state(tmp_path)
    r = cli("secret", "import", first, env=keyring_env)
    assert r.returncode == 2
    assert "has 2 hard links" in r.stderr and "still in the file" in r.stderr
    assert _state(tmp_path) == before  # both names keep the password; nothing is lost
    assert first.stat().st_ino == second.stat().st_ino


@pytest.mark.parametrize("bits", [stat.S_ISGID, stat.S_ISVTX])
def test_save_keeps_mode_bits_owner_and_group(cli, tmp_path: Path, bits: int) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "weather.properties"
    source.write_text(WEATHER.replace("Password=s3cret\n", ""))
    out = tmp_path / "out.json"
    out.write_text("{}\n")
    out.chmod(0o640 | bits)
    owner = (os.geteuid(), os.getegid())
    if os.geteuid() == 0:
        owner = (65534, 65534)  # nobody: root may give a file any owner, so it must keep it
        os.chown(out, *owner)
    r = cli("convert", source, "--to", "json", "-o", out)
    assert r.returncode == 0, r.stderr
    info = out.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 | bits
    assert (info.st_uid, info.st_gid) == owner
    assert '"Name": "weather"' in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "weather.properties"]
