"""Mutation fuzzing of every key store format and both destination formats.

    python -m tests.fuzzing [--count N] [--seed S] [--format F ...] [--keep DIR]

Real fixtures (made by keytool/openssl, see tests/data) and sample destinations are mutated by a
seeded mutator: truncation, bit flips, inserted, deleted, duplicated and overwritten bytes, and
tokens that parsers treat specially. Each mutant goes the whole way a user's file goes: open,
inspect or validate, render as text and JSON, print. A run fails on any exception that is not the
project's own (KeyStoreError, InputError), on any input taking over 5 s, and on a peak RSS over
200 MB. Each format runs in its own process, so its memory figure is its own. Prints one JSON
line per format; exit status 1 if any format failed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PASSWORD = "changeit"
LIMIT_SECONDS = 5.0
LIMIT_MB = 200

KEYSTORES = {
    "JKS": ["chain.jks", "two-keys.jks", "truststore.jks"],
    "JCEKS": ["chain.jceks", "with-secret.jceks"],
    "PKCS12": ["chain.p12", "legacy.p12", "truststore-nokeys.p12"],
    "PEM": ["bundle.pem", "wrong-order.pem", "encrypted-pkcs8.pem"],
    "DER": ["client.der"],
    "PKCS7": ["chain-der.p7b", "chain.p7b"],
}
INIT_DATA = json.dumps(
    {
        "init_data": {
            "subaccount": {
                "existing_destinations_policy": "update",
                "destinations": [
                    {"Name": "a", "Type": "HTTP", "URL": "https://a.example.com", "Port": 443},
                    {"Name": "b", "Type": "RFC", "jco.client.ashost": "h", "flag": True},
                ],
                "certificates": [{"Name": "a.jks", "Type": "JKS", "Content": "AAAA"}],
            }
        }
    },
    indent=1,
).encode()
DESTINATIONS = {
    "properties": [
        (ROOT / "resources" / "samples" / "weather-api.properties").read_bytes(),
        (ROOT / "resources" / "samples" / "hr-basic.properties").read_bytes()
        + b"Description=multi \\\n  line \\u00e9 \\uD83D\\uDE00\n# comment \\\n",
    ],
    "json": [(ROOT / "resources" / "samples" / "sales-oauth.json").read_bytes(), INIT_DATA],
}
FORMATS = [*KEYSTORES, *DESTINATIONS]
TOKENS = [
    b"\\",
    b"\\\n",
    b"\\u",
    b"\\uD800",
    b"\\ud800",
    b'"',
    b"{",
    b"[",
    b"}",
    b"\xff",
    b"\x80",
    b"\x00",
    b"\r",
    b"=",
    b"-----BEGIN ",
    b"-----END ",
    b"\x02\x04\x7f\xff\xff\xff",  # a DER INTEGER near 2^31 (an iteration count)
    b"\x02\x05\x01\x00\x00\x00\x00",  # 2^32
    b"\x30\x84\xff\xff\xff\xff",  # a huge DER length
    b"\xff\xff\xff\xff",  # a huge JKS count or length
    b"9" * 50,
]


class _Timeout(BaseException):
    pass


def mutate(seed: bytes, rng: random.Random) -> bytes:
    blob = bytearray(seed)
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        at = rng.randrange(len(blob) + 1)
        kind = rng.randrange(8)
        if kind == 0:
            del blob[at:]
        elif kind == 1 and blob:
            blob[min(at, len(blob) - 1)] ^= 1 << rng.randrange(8)
        elif kind == 2:
            blob[at:at] = rng.randbytes(rng.randint(1, 8))
        elif kind == 3:
            del blob[at : at + rng.randint(1, 16)]
        elif kind == 4 and blob:
            chunk = rng.randbytes(rng.randint(1, 4))
            blob[at : at + len(chunk)] = chunk
        elif kind == 5:
            blob[at:at] = rng.choice(TOKENS)
        elif kind == 6 and blob:
            start = rng.randrange(len(blob))
            blob[at:at] = blob[start : start + rng.randint(1, 64)]
        elif blob:
            blob[min(at, len(blob) - 1)] = rng.choice((0x00, 0x7F, 0x80, 0xFF))
    return bytes(blob)


def _pkcs12_kdf(digest: str, password: str, salt: bytes, rounds: int, size: int) -> bytes:
    """RFC 7292 appendix B, purpose 3 (MAC key), for SHA-1 and SHA-256."""
    import hashlib

    v, u = 64, hashlib.new(digest).digest_size

    def fill(data: bytes) -> bytes:
        n = v * ((len(data) + v - 1) // v)
        return (data * (n // len(data) + 1))[:n] if data else b""

    block = bytearray(fill(salt) + fill((password + "\0").encode("utf-16-be")))
    out = b""
    while len(out) < size:
        a = hashlib.new(digest, bytes([3]) * v + bytes(block)).digest()
        for _ in range(rounds - 1):
            a = hashlib.new(digest, a).digest()
        out += a
        b = int.from_bytes(fill(a), "big")
        for j in range(0, len(block), v):
            value = (int.from_bytes(block[j : j + v], "big") + b + 1) % (1 << (8 * v))
            block[j : j + v] = value.to_bytes(v, "big")
    return out[:size][:u]


def remac(pfx: bytes, mutate_content: Callable[[bytes], bytes]) -> bytes | None:
    """The PFX with its authenticated content mutated and a MAC that matches again, so the
    mutant gets past the integrity check to the parsers behind it. None if not a plain PFX."""
    import hashlib
    import hmac

    sys.path.insert(0, str(DATA))
    from make_hostile import _encode, _parse

    tree = _parse(pfx)
    try:
        top = tree[0][1]  # type: ignore[index]
        content_info = top[1][1]
        wrapper = content_info[1][1]
        octets = wrapper[0]
        mac = top[2][1]
        oid = mac[0][1][0][1][0][1]
        salt, rounds = mac[1][1], int.from_bytes(mac[2][1], "big")
    except (TypeError, IndexError):
        return None
    raw = octets[1] if isinstance(octets[1], bytes) else _encode(octets[1])
    body = mutate_content(raw)
    wrapper[0] = (0x04, body, False)
    digest = {b"\x2b\x0e\x03\x02\x1a": "sha1", bytes.fromhex("608648016503040201"): "sha256"}
    name = digest.get(oid) if isinstance(oid, bytes) else None
    if name is None:
        return None
    key = _pkcs12_kdf(name, PASSWORD, salt, rounds, hashlib.new(name).digest_size)
    digest_node = mac[0][1]
    digest_node[1] = (0x04, hmac.new(key, body, name).digest(), False)
    return _encode(tree)


def _keystore_check(fmt: str) -> Callable[[bytes], bool]:
    from tests.keystore_data import NOW

    # A mutant rarely passes the integrity check a password brings, so every other input is read
    # without one: the structure parser then sees it all. JCEKS key entries take 200,000 rounds
    # of pure-Python PBE (about 130 ms) to open, so JCEKS is always read without.
    turn = [0]

    def check(blob: bytes) -> bool:
        turn[0] += 1
        password = None if fmt == "JCEKS" or turn[0] % 2 else PASSWORD
        """True if the mutant opened (and went on to inspection)."""
        from core.cli.inspect_cmd import render_text
        from core.keystores import KeyStoreError, open_keystore
        from core.keystores.inspection import inspect

        try:
            store = open_keystore(blob, password)
        except KeyStoreError as exc:
            assert str(exc), "an error without a sentence"
            return False
        report = inspect(store, password, NOW)
        _print(render_text(Path("fuzz"), report, verbose=True))
        _print(json.dumps(report.as_json(), ensure_ascii=False))
        return True

    return check


def _destination_check(blob: bytes) -> bool:
    from core.cli.output import finding_line
    from core.errors import InputError
    from core.formats import Entry, Format, read_document, render
    from core.validation import validate

    try:
        document = read_document(blob, "fuzz")
    except InputError as exc:
        assert str(exc), "an error without a sentence"
        return False
    for entry in document.entries:
        for finding in [*entry.findings, *validate(entry.destination)]:
            _print(finding_line(finding))
        render([Entry(entry.destination, (), entry.layout)], Format.PROPERTIES)
    render(list(document.entries), Format.JSON)
    return True


_SINK = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")


def _print(text: str) -> None:
    """As the CLI prints: UTF-8 with lone surrogates escaped (its streams are set up so)."""
    _SINK.seek(0)
    _SINK.write(text)
    _SINK.flush()


def run_format(fmt: str, count: int, seed: int, keep: Path | None) -> dict[str, Any]:
    if fmt in KEYSTORES:
        seeds = [(DATA / name).read_bytes() for name in KEYSTORES[fmt]]
        check = _keystore_check(fmt)
    else:
        seeds = DESTINATIONS[fmt]
        check = _destination_check

    def alarm(*_: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    failures: list[dict[str, Any]] = []
    slowest = 0.0
    opened = 0
    started = time.monotonic()
    for i in range(count):
        rng = random.Random(f"{seed}:{fmt}:{i}")
        original = rng.choice(seeds)
        blob = mutate(original, rng)
        if fmt == "PKCS12" and i % 2:  # every other one with a MAC that fits the mutant
            blob = remac(original, lambda body, r=rng: mutate(body, r)) or blob  # type: ignore[misc]
        begin = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, LIMIT_SECONDS + 1)
        problem = None
        try:
            opened += check(blob)
        except _Timeout:
            problem = "took longer than the limit"
        except BaseException as exc:  # anything not the project's own reached the user
            problem = "".join(traceback.format_exception_only(exc)).strip()[:300]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.monotonic() - begin
        slowest = max(slowest, took)
        if problem is None and took > LIMIT_SECONDS:
            problem = f"took {took:.1f} s"
        if problem is not None:
            failures.append({"input": i, "problem": problem})
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{fmt}-{seed}-{i}.bin").write_bytes(blob)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "format": fmt,
        "inputs": count,
        "seed": seed,
        "opened": opened,  # mutants that were read and went through the whole path
        "failures": len(failures),
        "first_failures": failures[:5],
        "slowest_s": round(slowest, 3),
        "total_s": round(time.monotonic() - started, 1),
        "peak_mb": round(peak_mb, 1),
        "ok": not failures and peak_mb <= LIMIT_MB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", action="append", choices=FORMATS)
    parser.add_argument("--keep", type=Path, help="save failing inputs here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    formats = args.format or FORMATS
    if args.child:  # one format, in this process
        print(json.dumps(run_format(formats[0], args.count, args.seed, args.keep)), flush=True)
        return 0
    ok = True
    for fmt in formats:
        cmd = [sys.executable, "-m", "tests.fuzzing", "--child", "--format", fmt]
        cmd += ["--count", str(args.count), "--seed", str(args.seed)]
        if args.keep:
            cmd += ["--keep", str(args.keep)]
        env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if out.returncode != 0 or not line:
            print(json.dumps({"format": fmt, "ok": False, "crashed": out.stderr[-2000:]}))
            ok = False
            continue
        print(line, flush=True)
        ok = ok and json.loads(line)["ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
