"""Mutation fuzzing in CI: 2,000 mutants of every key store format and both destination formats
(tests/fuzzing.py; `make fuzz` runs 10,000 of each). No exception but the project's own, no input
over 5 s, no format over 200 MB peak memory."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.fuzzing import FORMATS, ROOT

CI_COUNT = 2000


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_every_format_survives_its_mutants(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = subprocess.run(
        [sys.executable, "-m", "tests.fuzzing", "--count", str(CI_COUNT), "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    results = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["format"] for x in results] == FORMATS
    for result in results:
        assert result["ok"], result
        assert result["inputs"] == CI_COUNT and result["peak_mb"] <= 200 and result["slowest_s"] < 5
        assert result["opened"] > 0, f"no {result['format']} mutant got past the first check"
    assert r.returncode == 0


def test_the_mutator_is_seeded() -> None:
    import random

    from tests.fuzzing import mutate

    seed = b"Name=x\nType=HTTP\n"
    first = [mutate(seed, random.Random(f"1:{i}")) for i in range(50)]
    again = [mutate(seed, random.Random(f"1:{i}")) for i in range(50)]
    assert first == again and len(set(first)) > 40
