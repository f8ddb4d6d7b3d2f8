"""`mias remind` on PostgreSQL, the production database: two copies of the command run at once on
a frozen clock (MIAS_NOW) against a Twilio stand-in, for a month of reminder days.

Each reminder goes once, on its day and between 9am and 7pm; none after the number texts STOP or
the family's data is erased; a reissued certificate's reminders move to its new appeal deadline.
No Rasa server is needed: the families sign up through the same services the assistant calls,
and the test starts and stops its own PostgreSQL (Debian's package, as the other tests here).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.mias.calendar import date_in_words
from bot.services.cases import Conversation
from bot.services.certificates import CertificateConfig, reissue
from bot.services.privacy import erase_conversation
from bot.services.reminders import confirm_by_sms
from bot.services.sms import conversation_id_for, opt_out, remember_sender
from bot.settings import PROJECT_ROOT, Settings
from bot.store.db import engine_for, transaction
from bot.store.migrate import upgrade
from bot.store.models import Reminder
from tests.helpers.backing_services import postgresql
from tests.helpers.certificates import issue, ready_case
from tests.helpers.reminders import (
    APPEAL_BY,
    ASKED_ON,
    DECISION,
    confirm_on_the_web,
    family,
    settings_for,
    texting_family,
)
from tests.helpers.servers import free_port
from tests.helpers.twilio_standin import TwilioStandIn, twilio_standin

pytestmark = pytest.mark.e2e

FAMILIES = 24  # half on the web, half by SMS
SEND_DELAY_S = 0.1  # the stand-in answers as slowly as Twilio may, so the two copies overlap
RUN_TIMEOUT_S = 180
STOPS, ERASED, CERTIFIED = "+447400200001", "+447400200002", "+447400200003"
CORRECTED_DECISION = DECISION + timedelta(days=7)
SENT = re.compile(r"Reminders: (\d+) sent,")


def number(i: int) -> str:
    return f"+4474001000{i:02d}"


@pytest.fixture(scope="module")
def twilio() -> Iterator[TwilioStandIn]:
    with twilio_standin() as standin:
        answer = standin._take

        def slowly(account: str, form: dict[str, str]) -> tuple[int, dict[str, object]]:
            time.sleep(SEND_DELAY_S)
            return answer(account, form)

        standin._take = slowly  # type: ignore[method-assign]
        yield standin


@pytest.fixture(scope="module")
def settings(twilio: TwilioStandIn, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    with postgresql(free_port()) as database:
        upgrade(database.url)
        yield settings_for(database.url, twilio.url, tmp_path_factory.mktemp("certificates"))
        engine_for(database.url).dispose()


def remind_twice(settings: Settings, moment: datetime) -> list[int]:
    """Two copies of the command started together, as on two cron hosts or compose replicas;
    how many texts each says it sent."""
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": settings.database_url,
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_FROM_NUMBER": settings.twilio_from_number,
        "TWILIO_API_URL": settings.twilio_api_url,
        "PUBLIC_BASE_URL": settings.public_base_url,
        "CONSOLE_SECRET_KEY": settings.console_secret_key,
        "MIAS_NOW": moment.isoformat(),
    }
    copies = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "remind"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [copy.communicate(timeout=RUN_TIMEOUT_S)[0] for copy in copies]
    assert [copy.returncode for copy in copies] == [0, 0], outputs
    return [int(m.group(1)) if (m := SENT.search(out)) else 0 for out in outputs]


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A UK local time, as MIAS_NOW is read."""
    return datetime(day.year, day.month, day.day, hour, minute)


def sign_up(settings: Settings, twilio: TwilioStandIn) -> tuple[str, date]:
    """Every family asks for reminders on ASKED_ON: half on the web (a code texted and typed
    back), half by SMS (YES). The certified family's certificate and its appeal deadline."""
    for i in range(FAMILIES):
        if i % 2:
            who = texting_family(settings, number(i))
            assert confirm_by_sms(settings.database_url, who.conversation_id, ASKED_ON)
        else:
            confirm_on_the_web(
                settings, twilio, family(settings.database_url, f"web-{i}"), number(i)
            )
    for who, to in (("stops", STOPS), ("erased", ERASED)):
        confirm_on_the_web(settings, twilio, family(settings.database_url, who), to)
    ready_case(
        settings.database_url,
        "certified",
        decision_date=DECISION,
        choice_recorded_at=datetime(2027, 2, 1, 10),
        mias_completed_at=datetime(2027, 2, 1, 10),
    )
    config = CertificateConfig.from_settings(settings)
    certificate = issue(settings.database_url, config, "certified", today=ASKED_ON).certificate
    assert certificate is not None and certificate.appeal_deadline is not None
    confirm_on_the_web(settings, twilio, Conversation("certified", "rest"), CERTIFIED)
    twilio.texts.clear()  # the codes
    return certificate.number, certificate.appeal_deadline


def stop_and_erase(settings: Settings) -> None:
    """One family's phone texts STOP; another family asks for its data to be erased."""
    sms_conversation = conversation_id_for(STOPS, settings.sms_id_key)
    remember_sender(settings.database_url, sms_conversation, STOPS)
    opt_out(settings.database_url, sms_conversation)
    report = erase_conversation(settings, "erased", actor="test", source="cli")
    assert report.reminder_records == 4  # the consent and three reminders


def correct_the_certificate(settings: Settings, certificate: str, today: date) -> date:
    """A caseworker reissues the certificate with the letter's corrected date; the old one is
    voided and its reminders move to the replacement's appeal deadline."""
    new = reissue(
        settings.database_url,
        certificate,
        "caseworker@example.org",
        today,
        {"decision_date": CORRECTED_DECISION},
        config=CertificateConfig.from_settings(settings),
        reason="the letter's date was misread",
        adviser="Morgan Ellis",
    )
    assert new.appeal_deadline is not None
    return new.appeal_deadline


def test_two_copies_send_each_reminder_once_at_its_time(
    settings: Settings, twilio: TwilioStandIn
) -> None:
    certificate, old = sign_up(settings, twilio)
    day_14 = APPEAL_BY - timedelta(days=14)
    reissued_on = day_14 + timedelta(days=1)
    assert old - timedelta(days=14) < day_14 < old - timedelta(days=7) < old < APPEAL_BY
    texts_on: dict[date, list[tuple[str, str]]] = {}

    def run(day: date, hour: int = 9, minute: int = 0) -> list[int]:
        already = len(twilio.texts)
        sent = remind_twice(settings, at(day, hour, minute))
        new = [(text.to, text.body) for text in twilio.texts[already:]]
        assert sum(sent) == len(new), (day, sent)
        texts_on.setdefault(day, []).extend(new)
        return sent

    first_day = old - timedelta(days=14)
    assert run(first_day, 8, 55) == [0, 0]  # before 9am
    run(first_day)
    busiest = run(day_14)
    assert min(busiest) > 0, busiest  # both copies sent part of that day's texts
    assert run(day_14, 18, 55) == [0, 0]  # a later run the same day finds nothing new
    stop_and_erase(settings)
    new = correct_the_certificate(settings, certificate, reissued_on)
    assert new > old
    later = {APPEAL_BY - timedelta(days=n) for n in (7, 2)} | {
        new - timedelta(days=n) for n in (14, 7, 2)
    }
    for day in sorted(later | {old - timedelta(days=2), APPEAL_BY, new + timedelta(days=1)}):
        run(day, 18, 30)
    assert run(new + timedelta(days=1), 19, 0) == [0, 0]  # 7pm: the day's sending is over

    expected: dict[date, set[tuple[str, str]]] = {}
    appeal = [APPEAL_BY - timedelta(days=n) for n in (14, 7, 2)]
    for i in range(FAMILIES):
        for day in appeal:
            expected.setdefault(day, set()).add((number(i), date_in_words(APPEAL_BY)))
    for to in (STOPS, ERASED):  # nothing after STOP or erasure
        expected[day_14].add((to, date_in_words(APPEAL_BY)))
    expected.setdefault(first_day, set()).add((CERTIFIED, date_in_words(old)))
    for day in (new - timedelta(days=n) for n in (14, 7, 2)):  # moved with the certificate
        expected.setdefault(day, set()).add((CERTIFIED, date_in_words(new)))
    got = {
        day: {(to, words) for to, body in texts for words in _words_in(body)}
        for day, texts in texts_on.items()
        if texts
    }
    assert got == expected
    assert len(twilio.texts) == sum(len(texts) for texts in expected.values())  # each once
    with transaction(settings.database_url) as session:
        sent = session.execute(
            select(func.count(Reminder.id)).where(Reminder.status == "sent")
        ).scalar_one()
    assert sent == len(twilio.texts) - 1  # the erased family's record went with its data


def _words_in(body: str) -> list[str]:
    """The date in words a reminder names ("Tuesday 23 March 2027")."""
    return re.findall(r"[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}", body)
