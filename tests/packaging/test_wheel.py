"""`python -m build` makes an sdist and a wheel holding the resources and samples; the wheel,
installed in a venv of its own, gives both commands working."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import core
from tests.packaging.helpers import ROOT, check_screenshot, inspect_fixture, run

pytestmark = pytest.mark.slow
SAMPLES = {
    p.name
    for p in (ROOT / "resources" / "samples").iterdir()
    if p.suffix in (".properties", ".json", ".jks")
}
SHIPPED = SAMPLES - {"billing-client.jks"}  # made when first opened: core/samples.py


def tracked_copy(target: Path) -> Path:
    """The files git tracks, as a fresh clone has them: no .venv, build output or local files."""
    names = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    work = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(work / "src")
    builder = work / "build-venv"
    assert run(sys.executable, "-m", "venv", builder, cwd=work).returncode == 0
    r = run(builder / "bin" / "pip", "install", "--quiet", "build", cwd=work)
    assert r.returncode == 0, r.stderr
    r = run(builder / "bin" / "python", "-m", "build", "--outdir", work / "dist", source, cwd=work)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    (wheel,) = (work / "dist").glob("*.whl")
    (sdist,) = (work / "dist").glob("*.tar.gz")
    yield wheel, sdist


def test_the_sdist_and_wheel_hold_resources_and_samples(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert "gui/resources/icons/destination-editor.svg" in in_wheel
    assert {n.split("/")[-1] for n in in_wheel if n.startswith("gui/resources/samples/")} == SHIPPED
    assert not [n for n in in_wheel if n.startswith("tests/")]
    stem = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        in_sdist = set(archive.getnames())
    assert f"{stem}/resources/icons/destination-editor.svg" in in_sdist
    assert {f"{stem}/resources/samples/{n}" for n in SHIPPED} <= in_sdist
    assert f"{stem}/packaging/destination-editor.spec" in in_sdist


def test_the_installed_wheel_gives_both_commands(built: tuple[Path, Path], tmp_path: Path) -> None:
    wheel, _ = built
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    r = run(venv / "bin" / "pip", "install", "--quiet", wheel, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # Run outside the repository so nothing is imported from the checkout.
    cli, editor = venv / "bin" / "destination-cli", venv / "bin" / "destination-editor"
    r = run(cli, "--version", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, f"destination-cli {core.__version__}\n")
    r = run(editor, "--version", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, f"destination-editor {core.__version__}\n")
    r = inspect_fixture(cli, "chain.jks", tmp_path, "--json")
    assert r.returncode == 0, r.stderr
    assert '"alias":"client"' in r.stdout.replace(" ", "")
    assert (
        "PySide6"
        not in run(
            venv / "bin" / "python",
            "-c",
            "import sys, core.cli.inspect_cmd; print(*sys.modules)",
            cwd=tmp_path,
        ).stdout
    )
    # The installed samples are where the GUI's Help menu finds them, and open in the editor.
    r = run(
        venv / "bin" / "python",
        "-c",
        "from gui.assets import resources; print(resources() / 'samples')",
        cwd=tmp_path,
    )
    samples = Path(r.stdout.strip())
    assert samples.is_relative_to(venv) and {p.name for p in samples.iterdir()} >= SHIPPED
    png = tmp_path / "shot.png"
    r = run(
        editor,
        "--screenshot",
        png,
        samples,
        cwd=tmp_path,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    check_screenshot(png)
