"""`make bundle` freezes both programs into one folder that runs on its own, and holds nothing
it should not: no test data, no venv remnants, no secrets, no Qt it does not use."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import core
from tests.packaging.helpers import ROOT, check_screenshot, inspect_fixture, run

pytestmark = pytest.mark.slow
BUNDLE = ROOT / "dist" / "destination-editor"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    r = run("make", "--no-print-directory", "bundle", cwd=ROOT, timeout=1800)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    yield BUNDLE


def bundle_files(bundle: Path) -> list[Path]:
    return [p for p in bundle.rglob("*") if p.is_file() or p.is_symlink()]


def test_the_bundled_cli_runs(bundle: Path, tmp_path: Path) -> None:
    cli = bundle / "destination-cli"
    r = run(cli, "--version", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, f"destination-cli {core.__version__}\n")
    r = inspect_fixture(cli, "chain.jks", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "client  (private key, RSA 2048)" in r.stdout and "Example Root CA" in r.stdout
    r = inspect_fixture(cli, "truncated.jks", tmp_path)
    assert r.returncode == 2 and "truncated" in r.stderr


def test_the_bundled_cli_reaches_a_real_keyring(bundle: Path, tmp_path: Path, keyring_env) -> None:  # type: ignore[no-untyped-def]
    # keyring finds its backends through entry points: metadata the bundle must carry.
    api = tmp_path / "api.properties"
    api.write_text(
        "Name=api\nType=HTTP\nURL=https://a.example.com\nProxyType=Internet\n"
        "Authentication=BasicAuthentication\nUser=u\n"
    )
    cli = bundle / "destination-cli"
    r = run(
        cli,
        "secret",
        "set",
        api,
        "Password",
        stdin="s3cret-bundle\n",
        cwd=tmp_path,
        env=keyring_env,
    )
    assert (r.returncode, r.stderr) == (0, "stored Password for api\n")
    r = run(cli, "secret", "get", api, "Password", cwd=tmp_path, env=keyring_env)
    assert (r.returncode, r.stdout) == (0, "s3cret-bundle\n")
    assert "s3cret-bundle" not in api.read_text()


def test_the_bundled_editor_takes_a_screenshot_of_the_samples(
    bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(bundle / "destination-editor", "--version", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, f"destination-editor {core.__version__}\n")
    samples = bundle / "_internal" / "gui" / "resources" / "samples"
    png = tmp_path / "bundle.png"
    r = run(
        bundle / "destination-editor",
        "--screenshot",
        png,
        samples,
        cwd=tmp_path,
        env={"QT_QPA_PLATFORM": "offscreen", **NO_KEYRING},
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    check_screenshot(png)
    size = sum(p.stat().st_size for p in bundle_files(bundle) if not p.is_symlink())
    with capsys.disabled():
        print(f"\nbundle: {size / 1e6:.0f} MB in {len(bundle_files(bundle))} files")
    assert size < 300e6, "the bundle grew past 300 MB: check what PyInstaller collected"


def test_the_bundle_holds_no_test_data_venv_remnants_or_secrets(bundle: Path) -> None:
    files = bundle_files(bundle)
    names = [str(p.relative_to(bundle)) for p in files]
    # No test data: no file equal to one under tests/, and no tests folder.
    test_hashes = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (ROOT / "tests").rglob("*")
        if p.is_file()
    }
    same = [
        n
        for p, n in zip(files, names, strict=True)
        if p.is_file()
        and 0 < p.stat().st_size < 5e6
        and hashlib.sha256(p.read_bytes()).hexdigest() in test_hashes
    ]
    assert same == []
    assert not [n for n in names if "/tests/" in f"/{n}" or n.startswith("tests")]
    # No venv remnants: no venv config, .pth files, editable hooks, or the build machine's paths.
    assert not [n for n in names if n.endswith(("pyvenv.cfg", ".pth")) or "__editable__" in n]
    assert not [n for n in names if ".venv" in n or "site-packages" in n]
    # No secrets: no keyring files, no private keys outside the documented samples, and not the
    # passwords the tests use.
    assert not [n for n in names if n.endswith((".kdbx", ".keyring", "keyring_pass.cfg", ".env"))]
    samples = "_internal/gui/resources/samples/"
    stores = (".jks", ".jceks", ".p12", ".pfx", ".pem", ".key", ".der", ".p7b", ".crt")
    assert not [n for n in names if n.endswith(stores) and not n.startswith(samples)]
    for p, n in zip(files, names, strict=True):
        if p.is_file() and p.stat().st_size < 50e6:
            assert b"s3cret-bundle" not in p.read_bytes(), n
    # Only the Qt the programs use: no WebEngine, QML or Quick.
    assert not [
        n for n in names if any(m in n for m in ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt6Pdf"))
    ]
