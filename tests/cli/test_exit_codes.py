"""Exit codes: 0 done, 1 done with error findings, 2 could not do it (one sentence), 3 a bug.

An unexpected exception, a Rust panic (`PanicException`, a BaseException) included, ends in exit 3
with one sentence asking for a bug report; the traceback only with `--debug`.
"""

from __future__ import annotations

import argparse

import pytest

from core import cli as cli_module
from core.cli import inspect_cmd
from tests.keystore_data import DATA


def _panic(args: argparse.Namespace) -> int:
    """A real pyo3 PanicException: cryptography's PBKDF2 with a count over 32 bits."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    PBKDF2HMAC(hashes.SHA256(), 32, b"salt", 2**32).derive(b"x")
    return 0


def _bug(args: argparse.Namespace) -> int:
    raise KeyError("a key no one expected")


@pytest.mark.parametrize(("fault", "name"), [(_panic, "PanicException"), (_bug, "KeyError")])
def test_an_unexpected_failure_is_exit_3_with_one_sentence(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault,
    name: str,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(inspect_cmd, "run", fault)
    assert cli_module.main(["inspect", str(DATA / "chain.jks")]) == 3
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("destination-cli")]
    assert lines == [cli_module.BUG_SENTENCE.format(name=name)]
    assert "Traceback" not in err and "this is a bug, please report it" in err


def test_debug_adds_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(inspect_cmd, "run", _bug)
    assert cli_module.main(["--debug", "inspect", str(DATA / "chain.jks")]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "a key no one expected" in err
    assert err.rstrip().endswith("add --debug for the details to include)")


def test_the_documented_codes(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.properties"
    good.write_text(
        "Name=ok\nType=HTTP\nURL=https://a.example.com\nProxyType=Internet\n"
        "Authentication=NoAuthentication\n"
    )
    bad = tmp_path / "bad.properties"
    bad.write_text("Name=bad\nType=HTTP\nProxyType=Internet\nAuthentication=NoAuthentication\n")
    assert cli("validate", good).returncode == 0
    assert cli("validate", bad).returncode == 1
    r = cli("validate", tmp_path / "missing.properties")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = cli("--debug", "validate", good)  # --debug changes nothing when all goes well
    assert r.returncode == 0 and "Traceback" not in r.stderr
