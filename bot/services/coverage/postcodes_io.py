"""A small client for postcodes.io, or a self-hosted copy of it: only what the coverage check needs.

Every answer is ``None`` when the service cannot answer now (no connection, a timeout, a 5xx, a
body that is not postcodes.io's), and the caller then uses the offline table. Any 404 from
``/postcodes/{postcode}`` means "no current postcode"; only the presence of a ``terminated`` key is
read, never the message, which has changed over releases. Definite answers (200 and 404) are kept
in memory for a day: postcodes change council a few times a year at most.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0
CACHE_SECONDS = 24 * 60 * 60.0
CACHE_ENTRIES = 4096
# Pseudo codes ("E99999999", "L99999999") mean "not applicable", not an area.
_PSEUDO_CODE = re.compile(r"[A-Z]99999999")

T = TypeVar("T")
Json = dict[str, Any]


@dataclass(frozen=True)
class PostcodeAnswer:
    """What postcodes.io says about one postcode. Codes are ``None`` when absent or pseudo."""

    found: bool
    terminated: bool = False
    district_code: str | None = None
    county_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class OutcodeAnswer:
    """What postcodes.io says about an outward code: names only, for it gives no codes here."""

    found: bool
    district_names: tuple[str | None, ...] = ()
    countries: tuple[str, ...] = ()


class PostcodesIoClient:
    """``GET /postcodes/{postcode}`` and ``GET /outcodes/{outcode}`` with a timeout and a cache."""

    def __init__(
        self,
        base_url: str,
        timeout: float = TIMEOUT_SECONDS,
        cache_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            headers={"User-Agent": "mias-assistant", "Accept": "application/json"},
        )
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._cache: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()  # the action server may call from several threads

    def postcode(self, postcode: str) -> PostcodeAnswer | None:
        """Look up a full postcode ("B72 1EA"); ``None`` when the service cannot answer."""
        return self._get(f"/postcodes/{_path_part(postcode)}", _postcode_answer)

    def outcode(self, outward: str) -> OutcodeAnswer | None:
        """Look up an outward code ("B72"); ``None`` when the service cannot answer."""
        return self._get(f"/outcodes/{_path_part(outward)}", _outcode_answer)

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, parse: Callable[[int, Json], T | None]) -> T | None:
        now = self._clock()
        with self._lock:
            hit = self._cache.get(path)
        if hit is not None and hit[0] > now:
            return cast(T, hit[1])
        reply = self._request(path)
        answer = parse(*reply) if reply is not None else None
        if answer is None:
            if reply is not None:
                logger.warning("event=postcodes_api_unexpected status=%d", reply[0])
            return None
        with self._lock:
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache.pop(next(iter(self._cache)))  # the oldest entry
            self._cache[path] = (now + self._cache_seconds, answer)
        return answer

    def _request(self, path: str) -> tuple[int, Json] | None:
        try:
            response = self._http.get(path)
        except httpx.HTTPError as error:
            logger.warning("event=postcodes_api_unavailable error=%s", type(error).__name__)
            return None
        if response.status_code not in (200, 404):
            logger.warning("event=postcodes_api_unavailable status=%d", response.status_code)
            return None
        try:
            body = response.json()
        except ValueError:
            body = None
        return (response.status_code, body) if isinstance(body, dict) else None


def _path_part(text: str) -> str:
    return quote(text.replace(" ", ""), safe="")


def _postcode_answer(status: int, body: Json) -> PostcodeAnswer | None:
    if status == 404:
        return PostcodeAnswer(found=False, terminated="terminated" in body)
    result = body.get("result")
    if not isinstance(result, dict):
        return None
    codes = result.get("codes")
    codes = codes if isinstance(codes, dict) else {}
    return PostcodeAnswer(
        found=True,
        district_code=_code(codes.get("admin_district")),
        county_code=_code(codes.get("admin_county")),
        country=_text(result.get("country")),
    )


def _outcode_answer(status: int, body: Json) -> OutcodeAnswer | None:
    if status == 404:
        return OutcodeAnswer(found=False)
    result = body.get("result")
    if not isinstance(result, dict):
        return None
    return OutcodeAnswer(
        found=True,
        district_names=tuple(_text(name) for name in _list(result.get("admin_district"))),
        countries=tuple(
            country for country in map(_text, _list(result.get("country"))) if country is not None
        ),
    )


def _code(value: object) -> str | None:
    return value if isinstance(value, str) and not _PSEUDO_CODE.fullmatch(value) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
