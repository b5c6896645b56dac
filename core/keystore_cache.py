"""One run's key store verdicts: each key store file is opened and judged once, however many
destinations name it.

A verdict is kept under the file's identity (path, device, inode, size, modification and change
times) and a digest of the password it was opened with, so it follows the file: a file replaced,
rewritten or touched, or another password, is a new key. The password itself is never kept; its
digest is keyed with a random salt made for this cache, so it is no stable hash of the password
either. The report depends on the clock too: the last one is kept per (now, days), and a later
`now` judges the same opened store again (its private keys stay open, so that is cheap).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.findings import EXPIRING_DAYS

if TYPE_CHECKING:  # cryptography loads with the first verdict, not with this module
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

    from core.keystores import KeyStore, KeyStoreError
    from core.keystores.inspection import Report

LIMIT = 256  # files kept; a workspace names a few, a hostile one must not grow memory unbounded


class _Identity(NamedTuple):
    path: str
    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    password: bytes  # salted digest


class _Verdict:
    """What opening one file with one password gave: the store, or the error it raised."""

    def __init__(self, store: KeyStore | None, error: KeyStoreError | None) -> None:
        self.store = store
        self.error = error
        self.judged: tuple[datetime, int, Report] | None = None


class StoreCache:
    def __init__(self, limit: int = LIMIT) -> None:
        self._salt = secrets.token_bytes(16)
        self._limit = limit
        self._lock = threading.Lock()  # the editor's background jobs share it
        self._verdicts: OrderedDict[_Identity, _Verdict] = OrderedDict()
        self.opened = 0  # files actually read and opened: what tests and benches look at

    def _digest(self, password: str | None) -> bytes:
        if password is None:
            return b"none"
        return hashlib.blake2b(
            password.encode("utf-8"), key=self._salt, digest_size=16, person=b"keystore-pw"
        ).digest()

    def report(
        self, path: Path, password: str | None, now: datetime, days: int = EXPIRING_DAYS
    ) -> Report:
        """The file opened with `password` and judged at `now`, as
        core.keystores.inspection.inspect reports it; raises the KeyStoreError opening it raised
        (again for each caller), or OSError when it cannot be read."""
        from core.keystores.inspection import inspect

        verdict = self._verdict(path, password)
        if verdict.error is not None:
            raise verdict.error
        assert verdict.store is not None
        judged = verdict.judged
        if judged is not None and judged[0] == now and judged[1] == days:
            return judged[2]
        report = inspect(verdict.store, password, now, days)
        verdict.judged = (now, days, report)
        return report

    def _verdict(self, path: Path, password: str | None) -> _Verdict:
        from core.keystores import KeyStoreError, open_keystore, read_keystore_file

        st = os.stat(path)  # before reading: a change while reading makes the next key differ
        key = _Identity(
            os.path.abspath(path),
            st.st_dev,
            st.st_ino,
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
            self._digest(password),
        )
        with self._lock:
            found = self._verdicts.get(key)
            if found is not None:
                self._verdicts.move_to_end(key)
                return found
        try:
            store = open_keystore(read_keystore_file(path), password)
        except KeyStoreError as exc:
            verdict = _Verdict(None, exc)
        else:
            entries = tuple(
                e if e.open_key is None else e._replace(open_key=self._once(e.open_key))
                for e in store.entries
            )
            verdict = _Verdict(store._replace(entries=entries), None)
        with self._lock:
            self.opened += 1
            self._verdicts[key] = verdict
            while len(self._verdicts) > self._limit:
                self._verdicts.popitem(last=False)
        return verdict

    def _once(
        self, open_key: Callable[[str | None], PrivateKeyTypes]
    ) -> Callable[[str | None], PrivateKeyTypes]:
        """`open_key` that decrypts once per password (kept by digest) and then answers the same."""
        from core.keystores import KeyStoreError

        results: dict[bytes, PrivateKeyTypes | KeyStoreError] = {}

        def open_once(password: str | None) -> PrivateKeyTypes:
            digest = self._digest(password)
            if digest not in results:
                try:
                    results[digest] = open_key(password)
                except KeyStoreError as exc:
                    results[digest] = exc
            result = results[digest]
            if isinstance(result, KeyStoreError):
                raise result
            return result

        return open_once

    def forget(self, path: Path) -> None:
        """Drop the verdicts of `path`: the editor saw the file change on disk."""
        name = os.path.abspath(path)
        with self._lock:
            for key in [k for k in self._verdicts if k.path == name]:
                del self._verdicts[key]

    def clear(self) -> None:
        with self._lock:
            self._verdicts.clear()


_RUN = StoreCache()


def run_cache() -> StoreCache:
    """The cache of this process: the CLI's run, or the editor's session."""
    return _RUN
