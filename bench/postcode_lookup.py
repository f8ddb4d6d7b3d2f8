"""Cost of the offline postcode table: `python -m bench.postcode_lookup`.

Prints the table's size on disk, the time and resident memory its first load takes, and lookups per
second, both of the bare table and of `check_postcode` (offline: POSTCODES_API_URL is ignored).
Run it after setup has built the table (`scripts/bootstrap.sh`).
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from pathlib import Path

import brotli
import msgpack

from bot.services.coverage import PostcodeSources, check_postcode, offline_table
from bot.services.coverage.postcode_table import TABLE_FILE, installed_source
from bot.settings import Settings


def memory_kib(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (resident at most) of this process, in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def sample_postcodes(count: int) -> list[str]:
    """Real postcodes (live and terminated, all nations) from two ONSPD files, in a fixed order."""
    postcodes: list[str] = []
    for letter in "BS":
        path = installed_source().directory / f"postcodes_{letter}.msgpack.br"
        columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        postcodes.extend(f"{pcd[:4].strip()} {pcd[4:]}" for pcd in columns["pcd"])
    return random.Random(0).sample(postcodes, count)


def rate(function: Callable[[str], object], inputs: list[str]) -> float:
    started = time.perf_counter()
    for text in inputs:
        function(text)
    return len(inputs) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_dir = Settings.from_env().data_dir / "postcodes"
    parser.add_argument("--table-dir", type=Path, default=default_dir)
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()
    gc.collect()
    before, peak_before = memory_kib("VmRSS"), memory_kib("VmHWM")
    started = time.perf_counter()
    table = offline_table(args.table_dir)
    load_seconds = time.perf_counter() - started
    gc.collect()
    grown, peak = memory_kib("VmRSS") - before, memory_kib("VmHWM") - peak_before
    if table is None:
        raise SystemExit(f"no table in {args.table_dir}: run scripts/bootstrap.sh")
    sources = PostcodeSources(args.table_dir)
    print(
        f"table: {table.source}, {table.onspd}, "
        f"{(args.table_dir / TABLE_FILE).stat().st_size / 1024:.0f} KiB on disk"
    )
    print(
        f"load: {load_seconds * 1000:.0f} ms, resident memory +{grown / 1024:.1f} MiB "
        f"(+{peak / 1024:.1f} MiB at the peak, while parsing)"
    )
    sample = sample_postcodes(args.lookups)
    print(f"table.lookup: {rate(table.lookup, sample):,.0f} lookups/s")
    texts = sample[: args.lookups // 10]
    print(
        f"check_postcode: {rate(lambda text: check_postcode(text, sources=sources), texts):,.0f}"
        " checks/s"
    )


if __name__ == "__main__":
    main()
