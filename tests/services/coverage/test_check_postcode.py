"""Coverage by postcode (bot.services.coverage.check_postcode), offline and against a stand-in
postcodes.io on loopback that answers in the documented formats."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.services import coverage
from bot.services.coverage import (
    CoverageResult,
    PostcodeSources,
    check_postcode,
    coverage_data,
)
from bot.services.coverage.postcode_table import PostcodeTable
from bot.services.coverage.postcodes_io import OutcodeAnswer, PostcodeAnswer, PostcodesIoClient
from bot.settings import Settings

DATA = coverage_data()
COUNTY_OF = {d.district_gss_code: d.county_gss_code for d in DATA.county_districts}
TIMEOUT = 0.3


@pytest.fixture
def offline(postcode_table_dir: Path) -> PostcodeSources:
    return PostcodeSources(postcode_table_dir)


@pytest.fixture(scope="module")
def examples(postcode_table: PostcodeTable) -> dict[str, str]:
    """One real postcode per LAD: the first of each in the table's sorted order."""
    return postcode_table.examples()


def result(postcode: str, code: str, reason: str, **extra: object) -> CoverageResult:
    council = DATA.english[code]
    covered = reason.startswith("covered")
    office = DATA.covered[code].office if covered else None
    return CoverageResult(postcode, code, council.council_name, covered, reason, office, **extra)


# -- offline: named real postcodes (ONSPD Nov 2025)


@pytest.mark.parametrize(
    ("text", "postcode", "code", "reason"),
    [
        ("SE1P 5ZZ", "SE1P 5ZZ", "E09000028", "covered"),  # Southwark, non-geographic
        ("br87re", "BR8 7RE", "E10000016", "not_covered"),  # Sevenoaks, so Kent
        ("AL3 5RA", "AL3 5RA", "E10000015", "covered_county_district"),  # St Albans, Herts
        ("b721ea", "B72 1EA", "E08000025", "covered"),  # Birmingham
        ("B72  1EA", "B72 1EA", "E08000025", "covered"),
        ("my postcode is b72 1ea.", "B72 1EA", "E08000025", "covered"),
        ("M32 0JG", "M32 0JG", "E08000009", "covered"),  # Trafford
        ("N1P 1AD", "N1P 1AD", "E09000019", "covered"),  # Islington, PO box
        ("E1W 1UU", "E1W 1UU", "E09000030", "covered"),  # terminated in 2007, still in ONSPD
        ("TD15 1AA", "TD15 1AA", "E06000057", "not_covered"),  # Berwick: a Scottish area, England
        ("DG16 5HT", "DG16 5HT", "E06000063", "not_covered"),  # Cumberland, in a Scottish area
        ("SY10 7AA", "SY10 7AA", "E06000051", "covered"),  # Shropshire, in a mixed area
        ("S70 2TN", "S70 2TN", "E08000038", "covered"),  # Barnsley's new code
    ],
)
def test_named_postcodes(
    offline: PostcodeSources, text: str, postcode: str, code: str, reason: str
):
    assert check_postcode(text, sources=offline) == result(postcode, code, reason)


@pytest.mark.parametrize(
    ("text", "postcode", "nation"),
    [
        ("CF10 1AA", "CF10 1AA", "Wales"),
        ("EH1 1AA", "EH1 1AA", "Scotland"),
        ("BT1 1AA", "BT1 1AA", "Northern Ireland"),
        ("JE2 4WD", "JE2 4WD", "Channel Islands"),
        ("GY1 1AA", "GY1 1AA", "Channel Islands"),
        ("IM1 1AA", "IM1 1AA", "Isle of Man"),
        ("BFPO 123", "BFPO 123", "British Forces Post Office"),
        ("bfpo 61", "BFPO 61", "British Forces Post Office"),
        ("BF1 2AY", "BF1 2AY", "British Forces Post Office"),
        # In areas that cross the border, the table decides.
        ("SY10 7JE", "SY10 7JE", "Wales"),
        ("TD15 1BT", "TD15 1BT", "Scotland"),
        ("CH1 4QL", "CH1 4QL", "Wales"),
        ("CF10", "CF10", "Wales"),
    ],
)
def test_outside_england(offline: PostcodeSources, text: str, postcode: str, nation: str):
    assert check_postcode(text, sources=offline) == CoverageResult(
        postcode, None, None, False, "not_england", nation=nation
    )


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("ZZ99 9ZZ", "ZZ99 9ZZ"),
        ("B72 1ZZ", "B72 1ZZ"),
        ("GIR 0AA", "GIR 0AA"),
        ("XM4 5HQ", "XM4 5HQ"),
        ("E21", "E21"),
    ],
)
def test_unknown(offline: PostcodeSources, text: str, postcode: str):
    assert check_postcode(text, sources=offline) == CoverageResult(
        postcode, None, None, None, "unknown"
    )


@pytest.mark.parametrize("text", ["", "hello", "123 456", "near the A380", "ASCN 1ZZ", "ZZ99"])
def test_invalid(offline: PostcodeSources, text: str):
    assert check_postcode(text, sources=offline) == CoverageResult(
        None, None, None, None, "invalid"
    )


# -- offline: every council, from the table's own postcodes


def test_every_covered_council_resolves_from_a_real_postcode(
    offline: PostcodeSources, examples: dict[str, str]
):
    councils = [code for code in DATA.covered if not code.startswith("E10")]
    assert len(councils) == 57
    for code in councils:
        assert check_postcode(examples[code], sources=offline) == result(
            examples[code], code, "covered"
        ), code


def test_every_district_of_a_covered_county_resolves_to_its_county(
    offline: PostcodeSources, examples: dict[str, str]
):
    districts = [(d, c) for d, c in COUNTY_OF.items() if c in DATA.covered]
    assert len(districts) == 58
    for district, county in districts:
        assert check_postcode(examples[district], sources=offline) == result(
            examples[district], county, "covered_county_district"
        ), district


@pytest.mark.parametrize(
    ("district", "authority"),
    [
        ("E07000111", "E10000016"),  # Sevenoaks, Kent
        ("E07000207", "E10000030"),  # Elmbridge, Surrey
        ("E07000008", "E10000003"),  # Cambridge, Cambridgeshire (Peterborough is covered)
        ("E08000039", "E08000039"),  # Sheffield (Barnsley is covered)
        ("E09000006", "E09000006"),  # Bromley
        ("E09000012", "E09000012"),  # Hackney
        ("E09000026", "E09000026"),  # Redbridge
        ("E06000050", "E06000050"),  # Cheshire West and Chester
        ("E08000027", "E08000027"),  # Dudley
        ("E06000013", "E06000013"),  # North Lincolnshire
        ("E06000004", "E06000004"),  # Stockton-on-Tees
    ],
)
def test_neighbours_outside_are_not_covered(
    offline: PostcodeSources, examples: dict[str, str], district: str, authority: str
):
    postcode = examples[district]
    assert check_postcode(postcode, sources=offline) == result(postcode, authority, "not_covered")


def test_every_english_district_has_its_send_authority(
    offline: PostcodeSources, examples: dict[str, str]
):
    districts = [code for code in examples if code.startswith("E")]
    for district in districts:
        authority = COUNTY_OF.get(district, district)
        found = check_postcode(examples[district], sources=offline)
        assert found.authority_code == authority, district
        assert found.covered is (authority in DATA.covered), district


# -- offline: an outward code alone


def test_outward_code_of_one_council(offline: PostcodeSources):
    assert check_postcode("B72", sources=offline) == result("B72", "E08000025", "covered")
    assert check_postcode("we're in tn13", sources=offline) == result(
        "TN13", "E10000016", "not_covered"
    )


@pytest.mark.parametrize(
    ("text", "covered", "candidates", "nation"),
    [
        (
            "PE9",
            True,
            (
                "Lincolnshire County Council",
                "North Northamptonshire Council",
                "Peterborough City Council",
                "Rutland County Council",
            ),
            None,
        ),
        (
            "CR0",
            None,
            ("London Borough of Bromley", "London Borough of Croydon", "London Borough of Sutton"),
            None,
        ),
        ("BR8", False, ("Kent County Council", "London Borough of Bromley"), None),
        ("SY10", None, ("Shropshire Council",), "Wales"),
    ],
)
def test_outward_code_of_several_councils(
    offline: PostcodeSources,
    text: str,
    covered: bool | None,
    candidates: tuple[str, ...],
    nation: str | None,
):
    found = check_postcode(text, sources=offline)
    assert (found.postcode, found.reason, found.authority_code) == (text, "outcode_ambiguous", None)
    assert (found.covered, found.candidates, found.nation) == (covered, candidates, nation)
    assert found.office == ("national" if covered else None)


# -- without a table


def test_without_a_table_only_the_area_rules_answer(tmp_path: Path):
    sources = PostcodeSources(tmp_path / "postcodes")
    assert check_postcode("B72 1EA", sources=sources).reason == "unknown"
    assert check_postcode("CF10 1AA", sources=sources).nation == "Wales"


# -- the settings choose the sources


@pytest.fixture
def fresh_sources() -> Iterator[None]:
    coverage.postcode_sources.cache_clear()
    yield
    coverage.postcode_sources.cache_clear()


def test_offline_by_default(
    postcode_table_dir: Path, monkeypatch: pytest.MonkeyPatch, fresh_sources: None
):
    monkeypatch.setenv("MIAS_DATA_DIR", str(postcode_table_dir.parent))
    monkeypatch.delenv("POSTCODES_API_URL", raising=False)
    sources = coverage.postcode_sources(Settings.from_env())
    assert sources == PostcodeSources(postcode_table_dir, None)
    assert check_postcode("B72 1EA", sources=sources) == result("B72 1EA", "E08000025", "covered")


# -- online: a stand-in postcodes.io on loopback


class StandIn(ThreadingHTTPServer):
    """Answers each path with a canned status and JSON body, after an optional delay."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, tuple[int, object, float]] = {}
        self.requests: Counter[str] = Counter()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reply(self, path: str, status: int, body: object, delay: float = 0.0) -> None:
        self.replies[path] = (status, body, delay)


class _Handler(BaseHTTPRequestHandler):
    server: StandIn

    def do_GET(self) -> None:  # the name http.server calls
        self.server.requests[self.path] += 1
        status, body, delay = self.server.replies.get(
            self.path, (500, {"status": 500, "error": "not set up"}, 0.0)
        )
        time.sleep(delay)
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def online(stand_in: StandIn, postcode_table_dir: Path) -> Iterator[PostcodeSources]:
    client = PostcodesIoClient(stand_in.url, timeout=TIMEOUT)
    yield PostcodeSources(postcode_table_dir, client)
    client.close()


def postcode_body(
    postcode: str,
    district: str | None,
    district_code: str,
    county: str | None = None,
    county_code: str = "E99999999",
    country: str = "England",
) -> dict[str, object]:
    """A 200 from ``/postcodes/{postcode}``, cut to the fields we read and a few more."""
    outcode, incode = postcode.split()
    return {
        "status": 200,
        "result": {
            "postcode": postcode,
            "quality": 1,
            "country": country,
            "outcode": outcode,
            "incode": incode,
            "admin_district": district,
            "admin_county": county,
            "parish": None,
            "codes": {
                "admin_district": district_code,
                "admin_county": county_code,
                "admin_ward": "E05011104",
                "lau2": district_code,
                "ced": "E99999999",
            },
        },
    }


NOT_FOUND = {"status": 404, "error": "Postcode not found"}
INVALID = {"status": 404, "error": "Invalid postcode"}


@pytest.mark.parametrize(
    ("postcode", "body", "code", "reason"),
    [
        ("SE1P 5ZZ", postcode_body("SE1P 5ZZ", "Southwark", "E09000028"), "E09000028", "covered"),
        (
            "BR8 7RE",
            postcode_body("BR8 7RE", "Sevenoaks", "E07000111", "Kent", "E10000016"),
            "E10000016",
            "not_covered",
        ),
        (
            "AL3 5RA",
            postcode_body("AL3 5RA", "St Albans", "E07000240", "Hertfordshire", "E10000015"),
            "E10000015",
            "covered_county_district",
        ),
        # A new code whose name postcodes.io lacks: the code decides.
        ("S70 2TN", postcode_body("S70 2TN", None, "E08000038"), "E08000038", "covered"),
        # No county given (postcodes.io issue #1141): the district's county from our data.
        (
            "AL3 5RA",
            postcode_body("AL3 5RA", "St Albans", "E07000240", None, "E99999999"),
            "E10000015",
            "covered_county_district",
        ),
        # postcodes.io is asked first: it wins over the offline table (B72 1EA is Birmingham).
        ("B72 1EA", postcode_body("B72 1EA", "Sandwell", "E08000028"), "E08000028", "covered"),
        # A stale copy with Barnsley's old code: the offline table answers instead.
        ("S70 2TN", postcode_body("S70 2TN", "Barnsley", "E08000016"), "E08000038", "covered"),
        # A pseudo code only: the offline table answers.
        ("B72 1EA", postcode_body("B72 1EA", None, "E99999999"), "E08000025", "covered"),
    ],
)
def test_online_found(
    stand_in: StandIn,
    online: PostcodeSources,
    postcode: str,
    body: object,
    code: str,
    reason: str,
):
    path = f"/postcodes/{postcode.replace(' ', '')}"
    stand_in.reply(path, 200, body)
    assert check_postcode(postcode.lower(), sources=online) == result(postcode, code, reason)
    assert stand_in.requests == {path: 1}


def test_online_other_nation(stand_in: StandIn, online: PostcodeSources):
    body = postcode_body("SY10 7JE", "Powys", "W06000023", country="Wales")
    stand_in.reply("/postcodes/SY107JE", 200, body)
    assert check_postcode("SY10 7JE", sources=online) == CoverageResult(
        "SY10 7JE", None, None, False, "not_england", nation="Wales"
    )


def test_areas_outside_england_are_not_sent(stand_in: StandIn, online: PostcodeSources):
    for text in ["CF10 1AA", "EH1 1AA", "BT1 1AA", "JE2 4WD", "IM1 1AA", "BFPO 123", "CF10"]:
        assert check_postcode(text, sources=online).reason == "not_england"
    assert not stand_in.requests


@pytest.mark.parametrize("body", [INVALID, NOT_FOUND])
def test_online_not_found_is_unknown(stand_in: StandIn, online: PostcodeSources, body: object):
    """Any 404 means no current postcode, even one the (older) offline table still holds."""
    stand_in.reply("/postcodes/B721EA", 404, body)
    assert check_postcode("B72 1EA", sources=online) == CoverageResult(
        "B72 1EA", None, None, None, "unknown"
    )


def test_online_terminated_uses_the_table(stand_in: StandIn, online: PostcodeSources):
    terminated = {
        "postcode": "E1W 1UU",
        "year_terminated": 2007,
        "month_terminated": 12,
        "longitude": -0.051135,
        "latitude": 51.508774,
    }
    stand_in.reply("/postcodes/E1W1UU", 404, {**NOT_FOUND, "terminated": terminated})
    assert check_postcode("E1W 1UU", sources=online) == result(
        "E1W 1UU", "E09000030", "covered", terminated=True
    )


def test_online_terminated_not_in_the_table(stand_in: StandIn, online: PostcodeSources):
    terminated = {
        "postcode": "B72 1ZZ",
        "year_terminated": 1990,
        "month_terminated": 1,
        "longitude": None,
        "latitude": None,
    }
    stand_in.reply("/postcodes/B721ZZ", 404, {**NOT_FOUND, "terminated": terminated})
    assert check_postcode("B72 1ZZ", sources=online) == CoverageResult(
        "B72 1ZZ", None, None, None, "unknown", terminated=True
    )


def test_timeout_falls_back_to_the_table(stand_in: StandIn, online: PostcodeSources):
    body = postcode_body("B72 1EA", "Sandwell", "E08000028")
    stand_in.reply("/postcodes/B721EA", 200, body, delay=TIMEOUT * 3)
    started = time.perf_counter()
    assert check_postcode("B72 1EA", sources=online) == result("B72 1EA", "E08000025", "covered")
    assert time.perf_counter() - started < TIMEOUT * 2.5
    assert stand_in.requests == {"/postcodes/B721EA": 1}


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_fall_back_and_are_not_cached(
    stand_in: StandIn, online: PostcodeSources, status: int
):
    stand_in.reply("/postcodes/B721EA", status, {"status": status, "error": "busy"})
    for _ in range(2):
        assert check_postcode("B72 1EA", sources=online) == result(
            "B72 1EA", "E08000025", "covered"
        )
    assert stand_in.requests == {"/postcodes/B721EA": 2}


def test_server_down_falls_back_to_the_table(postcode_table_dir: Path):
    with socket.socket() as probe:  # a free port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = PostcodesIoClient(f"http://127.0.0.1:{port}", timeout=TIMEOUT)
    sources = PostcodeSources(postcode_table_dir, client)
    assert check_postcode("AL3 5RA", sources=sources) == result(
        "AL3 5RA", "E10000015", "covered_county_district"
    )
    assert check_postcode("B72", sources=sources) == result("B72", "E08000025", "covered")
    client.close()


def test_answers_are_cached(stand_in: StandIn, online: PostcodeSources):
    stand_in.reply("/postcodes/SE1P5ZZ", 200, postcode_body("SE1P 5ZZ", "Southwark", "E09000028"))
    stand_in.reply("/postcodes/ZZ999ZZ", 404, NOT_FOUND)
    for text in ["SE1P 5ZZ", "se1p5zz", "ZZ99 9ZZ", "zz99 9zz"]:
        check_postcode(text, sources=online)
    assert stand_in.requests == {"/postcodes/SE1P5ZZ": 1, "/postcodes/ZZ999ZZ": 1}


def test_online_when_configured(
    stand_in: StandIn,
    postcode_table_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_sources: None,
):
    monkeypatch.setenv("MIAS_DATA_DIR", str(postcode_table_dir.parent))
    monkeypatch.setenv("POSTCODES_API_URL", stand_in.url + "/")
    stand_in.reply("/postcodes/SE1P5ZZ", 200, postcode_body("SE1P 5ZZ", "Southwark", "E09000028"))
    sources = coverage.postcode_sources(Settings.from_env())
    assert sources.client is not None
    assert check_postcode("SE1P 5ZZ", sources=sources) == result("SE1P 5ZZ", "E09000028", "covered")
    assert stand_in.requests == {"/postcodes/SE1P5ZZ": 1}


# -- online: outward codes (names only, so mapped to codes through our council data)


def outcode_body(
    outcode: str, districts: list[str | None], counties: list[str], countries: list[str]
) -> dict[str, object]:
    return {
        "status": 200,
        "result": {
            "outcode": outcode,
            "longitude": 0.17,
            "latitude": 51.41,
            "northings": 170105,
            "eastings": 551032,
            "admin_district": districts,
            "parish": [],
            "admin_county": counties,
            "admin_ward": [],
            "country": countries,
        },
    }


def test_online_outcode_of_one_council(stand_in: StandIn, online: PostcodeSources):
    stand_in.reply("/outcodes/B72", 200, outcode_body("B72", ["Birmingham"], [], ["England"]))
    assert check_postcode("B72", sources=online) == result("B72", "E08000025", "covered")
    assert stand_in.requests == {"/outcodes/B72": 1}


def test_online_outcode_of_several_councils(stand_in: StandIn, online: PostcodeSources):
    body = outcode_body("BR8", ["Sevenoaks", "Bromley"], ["Kent"], ["England"])
    stand_in.reply("/outcodes/BR8", 200, body)
    found = check_postcode("BR8", sources=online)
    assert (found.reason, found.covered) == ("outcode_ambiguous", False)
    assert found.candidates == ("Kent County Council", "London Borough of Bromley")


def test_online_outcode_across_the_border(stand_in: StandIn, online: PostcodeSources):
    body = outcode_body("SY10", ["Shropshire", "Powys"], [], ["England", "Wales"])
    stand_in.reply("/outcodes/SY10", 200, body)
    found = check_postcode("SY10", sources=online)
    assert (found.reason, found.covered, found.nation) == ("outcode_ambiguous", None, "Wales")
    assert found.candidates == ("Shropshire Council",)


def test_online_outcode_with_a_missing_name_uses_the_table(
    stand_in: StandIn, online: PostcodeSources
):
    stand_in.reply("/outcodes/B72", 200, outcode_body("B72", [None], [], ["England"]))
    assert check_postcode("B72", sources=online) == result("B72", "E08000025", "covered")


def test_online_outcode_not_found(stand_in: StandIn, online: PostcodeSources):
    stand_in.reply("/outcodes/E21", 404, {"status": 404, "error": "Outcode not found"})
    assert check_postcode("E21", sources=online) == CoverageResult(
        "E21", None, None, None, "unknown"
    )


# -- the client on its own


def test_client_reads_codes_not_names(stand_in: StandIn):
    stand_in.reply("/postcodes/SE1P5ZZ", 200, postcode_body("SE1P 5ZZ", None, "E09000028"))
    client = PostcodesIoClient(stand_in.url, timeout=TIMEOUT)
    assert client.postcode("SE1P 5ZZ") == PostcodeAnswer(
        found=True, district_code="E09000028", county_code=None, country="England"
    )
    client.close()


@pytest.mark.parametrize(
    ("status", "body"),
    [(200, {"status": 200}), (200, ["not", "an", "object"]), (200, "text"), (400, INVALID)],
)
def test_client_unexpected_replies_are_unavailable(stand_in: StandIn, status: int, body: object):
    stand_in.reply("/postcodes/B721EA", status, body)
    stand_in.reply("/outcodes/B72", status, body)
    client = PostcodesIoClient(stand_in.url, timeout=TIMEOUT)
    assert client.postcode("B72 1EA") is None
    assert client.outcode("B72") is None
    client.close()


def test_client_cache_expires(stand_in: StandIn):
    now = [1000.0]
    stand_in.reply("/outcodes/ZZ99", 404, {"status": 404, "error": "Outcode not found"})
    client = PostcodesIoClient(
        stand_in.url, timeout=TIMEOUT, cache_seconds=60, clock=lambda: now[0]
    )
    assert client.outcode("ZZ99") == OutcodeAnswer(found=False)
    now[0] += 59
    client.outcode("ZZ99")
    assert stand_in.requests["/outcodes/ZZ99"] == 1
    now[0] += 2
    client.outcode("ZZ99")
    assert stand_in.requests["/outcodes/ZZ99"] == 2
    client.close()
