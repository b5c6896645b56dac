"""`destination-cli` answers a path it cannot use with one sentence and exit 2, never a traceback:
an output it cannot write, a folder where a file belongs, a file where a folder belongs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.keystore_data import DATA

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "hr-basic.properties"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    shutil.copy(SAMPLE, tmp_path / "hr.properties")
    shutil.copy(DATA / "chain.jks", tmp_path / "client.jks")
    return {"dir": tmp_path, "file": tmp_path / "hr.properties", "jks": tmp_path / "client.jks"}


CASES = {
    # an output that cannot be written
    "export to /proc": ("export {file} --to json -o /proc/out.json", "/proc/out.json"),
    "convert into a missing folder of /proc": (
        "convert {file} --to json -o /proc/none/out.json",
        "/proc/none",
    ),
    "export into a file's 'folder'": (
        "export {file} --to json -o {file}/out.json",
        "{file}",
    ),
    "bundle to /proc": ("bundle export {dir} --to init-data -o /proc/b.json", "/proc/b.json"),
    "bundle onto a folder": ("bundle export {file} --to api -o {dir}", "{dir}"),
    # a folder given as a file
    "validate a folder": ("validate {dir}", "{dir}"),
    "export a folder": ("export {dir} --to json", "{dir}"),
    "convert a folder": ("convert {dir} --to properties", "{dir}"),
    "inspect a folder": ("inspect {dir}", "{dir}"),
    "check a folder": ("check-connection {dir}", "{dir}"),
    "secret of a folder": ("secret list {dir}", "{dir}"),
    "bundle import a folder": ("bundle import {dir} {dir}/new", "{dir}"),
    # a file given as a folder
    "report on a file": ("report {file}", "{file}"),
    "bundle import into a file": ("bundle import {file} {jks}", "{jks}"),
    "validate below a file": ("validate {file}/x.properties", "{file}/x.properties"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_one_sentence_and_exit_2(cli, files: dict[str, Path], case: str) -> None:  # type: ignore[no-untyped-def]
    command, named = CASES[case]
    r = cli(*command.format(**files).split())
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    # A note on the keyring may come first; the error is one line.
    lines = [
        ln for ln in r.stderr.strip().splitlines() if not ln.startswith("destination-cli: note:")
    ]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"destination-cli: {named.format(**files)}"), lines[0]
