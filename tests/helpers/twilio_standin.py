"""A loopback stand-in for Twilio's Messages API (TWILIO_API_URL points here in tests).

It records every text it is asked to send and answers as Twilio does: 201 with a MessageSid, or
the error queued with `fail_next` (a 500 to make the sender retry, a 400 with code 21610 for a
number that texted STOP...).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages\.json$")


@dataclass(frozen=True)
class SentText:
    account_sid: str
    to: str
    sender: str
    body: str
    status_callback: str
    sid: str


@dataclass
class TwilioStandIn:
    url: str = ""
    texts: list[SentText] = field(default_factory=list)
    attempts: int = 0
    _failures: list[tuple[int, int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, status: int, code: int = 20500) -> None:
        """Answer the next request with this HTTP status and Twilio error code."""
        with self._lock:
            self._failures.append((status, code))

    def texts_to(self, number: str) -> list[SentText]:
        with self._lock:
            return [text for text in self.texts if text.to == number]

    def _take(self, account: str, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        with self._lock:
            self.attempts += 1
            if self._failures:
                status, code = self._failures.pop(0)
                return status, {"code": code, "message": "stand-in error", "status": status}
            sid = "SM" + uuid.uuid4().hex
            self.texts.append(
                SentText(
                    account_sid=account,
                    to=form.get("To", ""),
                    sender=form.get("From") or form.get("MessagingServiceSid", ""),
                    body=form.get("Body", ""),
                    status_callback=form.get("StatusCallback", ""),
                    sid=sid,
                )
            )
        return 201, {"sid": sid, "status": "queued", "to": form.get("To"), "body": form.get("Body")}


def _handler(standin: TwilioStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            match = MESSAGES_PATH.match(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            status, body = (
                standin._take(match.group("account"), form) if match else (404, {"status": 404})
            )
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test output is about the assistant."""

    return Handler


@contextmanager
def twilio_standin() -> Iterator[TwilioStandIn]:
    standin = TwilioStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(standin))
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
