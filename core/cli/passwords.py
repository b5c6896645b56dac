"""Where the command line takes a password from. Never from an argument: those show in `ps`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from core.errors import InputError


def read_password(args: argparse.Namespace, prompt: str) -> str | None:
    """The password, or None when no source is given and no one can be asked."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise InputError(f"environment variable {args.password_env} is not set")
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None
