"""Workspace-scale figures for `make bench`: `validate` and `report` on generated workspaces of
10, 100, 1,000 and 10,000 destinations (tests/benchmarks/workspace_gen.py).

Each is a ratio to the parse floor of the same files (a Python process that reads and parses
them with javaproperties, nothing else), measured interleaved; then the growth factor of each
10x step and the peak RSS. The largest workspaces are run fewer times to keep `make bench` short.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workspace_gen import make_workspace  # beside this file, on the path when run as a script

BIN = Path(sys.executable).parent
ALL_SIZES = (10, 100, 1_000, 10_000)
# BENCH_SCALE_SIZES=10000 (or 1000,10000) measures only those, e.g. while working on one size.
SIZES = tuple(
    int(n) for n in os.environ.get("BENCH_SCALE_SIZES", ",".join(map(str, ALL_SIZES))).split(",")
)
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
RUNS_BY_SIZE = {n: RUNS if n < 1_000 else max(1, min(RUNS, 5 if n < 10_000 else 3)) for n in SIZES}
TIME = shutil.which("time") or "/usr/bin/time"  # GNU time (Debian package `time`)
FLOOR_TARGET = 3.0  # at 1,000 and 10,000 destinations
GROWTH_TARGET = 11.0  # per 10x more destinations
RSS_TARGET_MB = 150  # at 10,000 destinations

FLOOR = """
import sys, javaproperties
from pathlib import Path
for p in sorted(Path(sys.argv[1]).iterdir()):
    if p.suffix == ".properties":
        javaproperties.loads(p.read_text("latin-1"))
"""

Row = tuple[str, float, str, bool]


def _env() -> dict[str, str]:
    # No keyring: the figures are the product's, not a D-Bus round trip's.
    return {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one run. The peak comes from GNU time: a child forked
    from this process would report this process's peak as its own (Linux keeps the high-water
    mark across exec)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        proc = subprocess.run(
            [TIME, "-f", "%M", "-o", peak.name, *cmd],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(),
            check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"bench: {' '.join(cmd[:3])} ... failed: exit code {proc.returncode}")
        lines = peak.read().split()
    return elapsed, int(lines[-1])


def measure(count: int) -> dict[str, tuple[float, int]]:
    """Median seconds and peak RSS (KB) of the floor, validate and report on `count`."""
    folder = make_workspace(count)
    files = sorted(str(p) for p in folder.iterdir() if p.suffix == ".properties")
    commands = {
        "floor": [sys.executable, "-c", FLOOR, str(folder)],
        "validate": [str(BIN / "destination-cli"), "validate", *files],
        "report": [str(BIN / "destination-cli"), "report", str(folder)],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(RUNS_BY_SIZE[count]):
        for name, cmd in commands.items():  # interleaved: the machine's mood hits all alike
            seconds, peak = _timed(cmd)
            times[name].append(seconds)
            rss[name] = max(rss[name], peak)
    return {k: (statistics.median(v), rss[k]) for k, v in times.items()}


def _compiled() -> None:
    """The product's modules compiled, as an installed wheel has them: with
    PYTHONDONTWRITEBYTECODE set, a module edited since its last .pyc would be compiled again by
    every run (0.1 s at 10 destinations), which users never pay."""
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[2] / "core", quiet=1)


def rows() -> list[Row]:
    _compiled()
    out: list[Row] = []
    figures = {n: measure(n) for n in SIZES}
    for n in SIZES:
        floor = figures[n]["floor"][0]
        runs = RUNS_BY_SIZE[n]
        for what in ("validate", "report"):
            seconds, rss = figures[n][what]
            ratio = seconds / floor
            judged = n >= 1_000
            out.append(
                (
                    f"{what}, {n:,} destinations vs parse floor",
                    ratio,
                    f"x ({seconds:.2f} s vs {floor:.2f} s, median of {runs}; "
                    + (f"target {FLOOR_TARGET:.0f}x)" if judged else "not judged)"),
                    ratio <= FLOOR_TARGET or not judged,
                )
            )
            mb = rss / 1024
            rss_judged = n == 10_000
            out.append(
                (
                    f"peak RSS, {what} {n:,} destinations",
                    mb,
                    f"MB (parse floor {figures[n]['floor'][1] / 1024:.0f} MB"
                    + (f"; target {RSS_TARGET_MB})" if rss_judged else ")"),
                    mb <= RSS_TARGET_MB or not rss_judged,
                )
            )
    for small, big in itertools.pairwise(SIZES):
        if big != 10 * small:
            continue
        for what in ("validate", "report"):
            growth = figures[big][what][0] / figures[small][what][0]
            out.append(
                (
                    f"growth, {what} {small:,} -> {big:,}",
                    growth,
                    f"x for 10x the destinations (target {GROWTH_TARGET:.0f}x)",
                    growth <= GROWTH_TARGET,
                )
            )
    return out


if __name__ == "__main__":
    for name, value, note, ok in rows():
        print(f"{name}\t{value:.2f}\t{note}\t{'ok' if ok else 'miss'}")
