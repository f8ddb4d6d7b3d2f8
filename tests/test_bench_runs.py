"""`make bench` runs the benchmarks as `python -m bench.<name>` from the project's folder: each must
import there, outside pytest (which finds our `tests` package by itself). A dependency that
installs its own top-level `tests` package once broke `bench.service` this way."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT

BENCHMARKS = sorted(
    path.stem for path in (PROJECT_ROOT / "bench").glob("*.py") if path.stem != "__init__"
)


@pytest.mark.parametrize("name", BENCHMARKS)
def test_a_benchmark_imports_as_make_bench_runs_it(name: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", f"import bench.{name}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
