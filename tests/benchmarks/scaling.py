"""Scaling of the work a hostile file can ask for: time per item at growing sizes, in one run.

Each row is (time per item at the largest size) / (time per item at the smallest): 1 is linear,
and a quadratic algorithm shows the size ratio itself (8 for chain ordering, 100 for PEM). Sizes
are measured in the same process, so the machine's speed cancels out. Target: at most 2.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

TARGET = 2.0


def _best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _chain(count: int) -> list[object]:
    """A chain of `count` certificates (leaf ... root) with key identifiers, shuffled."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

    def name(i: int) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Level {i:05d}")])

    certs = []
    for i in range(count):
        issuer = name(min(i + 1, count - 1))
        certs.append(
            x509.CertificateBuilder()
            .subject_name(name(i))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(i + 1)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256())
        )
    random.Random(count).shuffle(certs)
    return certs


def chain_ordering() -> tuple[str, float, str, bool]:
    from core.keystores.chains import ordered

    sizes = (1000, 2000, 4000, 8000)
    per_item = {}
    for n in sizes:
        certs = _chain(n)
        seconds = _best(lambda c=certs: ordered(c))  # type: ignore[misc]
        per_item[n] = seconds / n
    figure = per_item[sizes[-1]] / per_item[sizes[0]]
    detail = ", ".join(f"{n}: {per_item[n] * n:.2f} s" for n in sizes)
    return ("chain ordering, per certificate, 8,000 vs 1,000", figure, detail, figure <= TARGET)


def pem_scanning() -> tuple[str, float, str, bool]:
    from core.keystores.pem_format import _blocks

    line = b"-----BEGIN CERTIFICATE-----\nAAAA\n"  # BEGIN without END: the quadratic shape
    sizes = (100_000, 1_000_000, 10_000_000)
    per_byte = {}
    for size in sizes:
        data = line * (size // len(line))
        per_byte[size] = _best(lambda d=data: list(_blocks(d))) / size  # type: ignore[misc]
    figure = per_byte[sizes[-1]] / per_byte[sizes[0]]
    detail = ", ".join(f"{s // 1000} KB: {per_byte[s] * s:.3f} s" for s in sizes)
    return ("PEM scan, per byte, 10 MB vs 100 KB", figure, detail, figure <= TARGET)


def properties_continuations() -> tuple[str, float, str, bool]:
    from core.formats.properties import MAX_CONTINUATIONS, parse_properties

    # The worst shape still accepted: every logical line at the continuation limit.
    group = b"k=a\\\n" + (b"  " + b"b" * 30 + b"\\\n") * (MAX_CONTINUATIONS - 1) + b"c\n"
    sizes = (64_000, 256_000, 1_000_000)
    per_byte = {}
    for size in sizes:
        data = b"Name=x\n" + group * (size // len(group))
        per_byte[size] = _best(lambda d=data: parse_properties(d, "bench")) / size  # type: ignore[misc]
    figure = per_byte[sizes[-1]] / per_byte[sizes[0]]
    detail = ", ".join(f"{s // 1000} KB: {per_byte[s] * s:.2f} s" for s in sizes)
    return (".properties continuations, per byte, 1 MB vs 64 KB", figure, detail, figure <= TARGET)


def rows() -> list[tuple[str, float, str, bool]]:
    return [chain_ordering(), pem_scanning(), properties_continuations()]


if __name__ == "__main__":
    for name, value, note, ok in rows():
        print(f"{name:<52} {value:>6.2f}  {note}  {'meets target' if ok else 'MISSES TARGET'}")
