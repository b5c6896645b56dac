"""The hostile corpus (tests/data/make_hostile.py) through the CLI: every file ends within 5 s,
with exit 2 and its own sentence, or exit 0/1 with a finding where the file is readable."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.keystore_data import DATA, PASSWORD

sys.path.insert(0, str(DATA))
import make_hostile

LIMIT = 5.0
ITERATIONS = "rounds of key derivation"
# file -> (command, exit code, what stderr or stdout must say)
CASES: dict[str, tuple[str, int, str]] = {
    "p12-mac-count.p12": ("inspect", 2, f"2,147,483,647 {ITERATIONS} (MAC)"),
    "p12-mac-count-2e32.p12": ("inspect", 2, f"4,294,967,296 {ITERATIONS} (MAC)"),
    "p12-pbkdf2-count.p12": ("inspect", 2, f"2,147,483,647 {ITERATIONS} (PBKDF2)"),
    "p12-pbkdf2-count-2e32.p12": ("inspect", 2, f"4,294,967,296 {ITERATIONS} (PBKDF2)"),
    "p12-3des-count.p12": ("inspect", 2, f"{ITERATIONS} (PKCS#12 3DES)"),
    # The key bag sits inside the RC2-40 layer: seen only once that layer is decrypted.
    "p12-rc2-40-key-bag-count.p12": ("inspect", 2, f"2,147,483,647 {ITERATIONS} (PKCS#12 3DES)"),
    "jceks-count.jceks": ("inspect", 2, f"{ITERATIONS} (JCEKS key protector)"),
    "p12-altered-mac-count.p12": ("inspect", 2, "the password is right"),
    "cert-version.der": ("inspect", 2, "neither an intact certificate nor a PKCS#7"),
    # cryptography cannot load the key (UnsupportedAlgorithm): it is listed as unknown.
    "cert-unknown-key.der": ("inspect", 0, "trusted certificate, unknown"),
    "cert-unknown-key.pem": ("inspect", 0, "trusted certificate, unknown"),
    "pem-begin-only.pem": ("inspect", 2, "BEGIN line without a matching END"),
    "pem-begin-labels.pem": ("inspect", 2, "BEGIN line without a matching END"),
    "pem-many-certs.pem": ("inspect", 2, "holds 6,000 certificates"),
    "deep.json": ("validate", 2, "more than 800 levels deep"),
    "long-number.json": ("validate", 2, "a number of more than 100 digits"),
    "not-utf8.json": ("validate", 2, "is not valid UTF-8"),
    "continuations.properties": ("validate", 2, "past 32 continuation lines"),
    "long-line.properties": ("validate", 2, "longer than 64 KB"),
    "surrogate.properties": ("validate", 1, "(text.unencodable)"),
    "surrogate.json": ("validate", 1, "(text.unencodable)"),
    "location-too-long.properties": ("validate", 1, "a name too long for the file system"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_hostile.make(tmp_path_factory.mktemp("hostile"))


def _timed(run: Callable[[], object]) -> tuple[object, float]:
    start = time.monotonic()
    result = run()
    return result, time.monotonic() - start


def _one_sentence(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": note: " not in line]


def test_the_corpus_covers_every_case(corpus: dict[str, Path]) -> None:
    assert set(corpus) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file(cli, corpus: dict[str, Path], name: str) -> None:  # type: ignore[no-untyped-def]
    command, code, said = CASES[name]
    args = [command, corpus[name]]
    if command == "inspect":
        args += ["--password-env", "PW"]
    r, took = _timed(lambda: cli(*args, env={"PW": PASSWORD}))
    assert took < LIMIT, f"{name} took {took:.1f} s"
    assert r.returncode == code, r.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in r.stderr  # type: ignore[attr-defined]
    assert said in r.stdout + r.stderr  # type: ignore[attr-defined]
    if code == 2:
        assert len(_one_sentence(r.stderr)) == 1  # type: ignore[attr-defined]


def test_output_never_fails_on_a_lone_surrogate(
    cli, corpus: dict[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    for name in ("surrogate.properties", "surrogate.json"):
        for fmt in ("json", "properties"):
            r = cli("convert", corpus[name], "--to", fmt)
            assert r.returncode == 0, r.stderr
            assert "\\ud800" in r.stdout.lower()
        r = cli("validate", corpus[name], "--json")
        assert r.returncode == 1 and "text.unencodable" in r.stdout


SPECIAL = {
    "dev-zero-inspect": (["inspect", "/dev/zero"], "is a character device, not a file"),
    "dev-zero-validate": (["validate", "/dev/zero"], "is a character device, not a file"),
    "fifo-inspect": (["inspect", "{fifo}"], "is a named pipe (FIFO), not a file"),
    "fifo-validate": (["validate", "{fifo}"], "is a named pipe (FIFO), not a file"),
    "build-key-dev-zero": (
        [
            "keystore",
            "build",
            "--key",
            "/dev/zero",
            "--cert",
            str(DATA / "tools" / "client.pem"),
            "--to",
            "p12",
            "-o",
            "{out}",
            "--password-env",
            "PW",
        ],
        "/dev/zero is a character device, not a file",
    ),
    "build-cert-fifo": (
        [
            "keystore",
            "build",
            "--key",
            str(DATA / "tools" / "client.key"),
            "--cert",
            "{fifo}",
            "--to",
            "p12",
            "-o",
            "{out}",
            "--password-env",
            "PW",
        ],
        "is a named pipe (FIFO), not a file",
    ),
    "timeout-nan": (
        ["check-connection", str(DATA / "not-a-keystore.properties"), "--timeout", "nan"],
        "is not a number of seconds above 0",
    ),
    "timeout-0": (
        ["check-connection", str(DATA / "not-a-keystore.properties"), "--timeout", "0"],
        "is not a number of seconds above 0",
    ),
}


@pytest.mark.parametrize("case", sorted(SPECIAL))
def test_special_inputs(cli, tmp_path: Path, case: str) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args, said = SPECIAL[case]
    filled = [a.format(fifo=fifo, out=tmp_path / "out.p12") for a in args]
    r, took = _timed(lambda: cli(*filled, env={"PW": PASSWORD}))
    assert took < LIMIT
    assert r.returncode == 2 and said in r.stderr, r.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out.p12").exists()


def test_a_password_that_is_not_utf8(tmp_path: Path) -> None:
    import subprocess

    from tests.conftest import CLI

    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env_bytes = {k.encode(): v.encode() for k, v in env.items()}
    env_bytes[b"PW"] = b"chan\xffgeit"
    r = subprocess.run(
        [str(CLI), "inspect", str(DATA / "chain.jks"), "--password-env", "PW"],
        env=env_bytes,
        capture_output=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert b"the password holds bytes that are not UTF-8 text" in r.stderr
    r = subprocess.run(
        [str(CLI), "inspect", str(DATA / "chain.jks"), "--password-stdin"],
        input=b"chan\xffgeit\n",
        env=env_bytes,
        capture_output=True,
        timeout=60,
    )
    assert r.returncode == 2 and b"not UTF-8 text" in r.stderr
