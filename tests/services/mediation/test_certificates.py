"""The certificate a mediation case leads to: a caseworker's one click (with the family told on
their channel, and by text to a confirmed mobile), and a family changing their mind in the chat.

Dates: domain.md section 7, case 8 (letter Thu 20 Nov 2025, the council told Mon 24 Nov 2025,
day 30 Wed 24 Dec 2025, certificate Wed 31 Dec 2025, appeal by Mon 2 Feb 2026).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.mediation import ChangeOfMind, Outcome
from bot.services.cases import Conversation, load_case
from bot.services.mediation import (
    ChangeResult,
    MediationError,
    change_to_certificate,
    issue_certificate,
    mediation_for_conversation,
    record_names,
    record_progress,
    tell_again,
)
from bot.services.rasa_api import RasaClient
from bot.services.reminders import check_code, send_code
from bot.settings import Settings
from bot.store.db import transaction
from bot.store.models import AuditEntry, Case, Certificate, SmsOutbound
from tests.helpers.twilio_standin import TwilioStandIn
from tests.services.mediation.conftest import (
    CASEWORKER,
    CHOSEN,
    DAY_30,
    SentToFamily,
    mediation_family,
    mediation_id,
)

ISSUED = date(2025, 12, 31)
MOBILE = "+447700900777"


def _record(
    settings: Settings, today: date, conversation_id: str = "m1", **changes: object
) -> None:
    record_progress(
        settings.database_url,
        mediation_id(settings.database_url, conversation_id),
        changes,  # type: ignore[arg-type]
        actor=CASEWORKER,
        today=today,
    )


def _click(settings: Settings, rasa: RasaClient, route: CertificateRoute, today: date = ISSUED):
    return issue_certificate(
        settings,
        rasa,
        mediation_id(settings.database_url),
        route,
        actor=CASEWORKER,
        adviser="Casey Worker",
        today=today,
    )


def test_case_8_not_arranged_is_one_click_and_the_family_is_told_the_new_date(
    settings: Settings, rasa: RasaClient, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url)
    _record(settings, ISSUED, council_told_on=CHOSEN, cannot_arrange_on=DAY_30)

    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)

    certificate = issued.certificate
    assert certificate is not None and issued.created and issued.told is not None
    assert (certificate.route, certificate.trigger_date) == ("not_arranged", DAY_30)
    assert (certificate.due_date, certificate.issue_date) == (ISSUED, ISSUED)
    assert certificate.appeal_deadline == date(2026, 2, 2)
    assert certificate.adviser_name == "Casey Worker"
    why, ready = family_chat.texts("m1")
    assert "Surrey County Council could not hold it in time" in why
    assert "Monday 2 February 2026" in why and "Monday 2 February 2026" in ready
    assert certificate.number in ready
    assert (issued.told.chat, issued.told.text, issued.told.mobile) == (True, False, False)

    case = load_case(settings.database_url, "m1")
    assert case is not None and case.facts["appeal_deadline"] == date(2026, 2, 2)
    view = mediation_for_conversation(settings.database_url, "m1", ISSUED)
    assert view is not None and view.finished and view.queue is None and view.owed == {}
    assert view.certificates[0].told


def test_day_30_passing_with_nothing_held_owes_the_certificate_from_day_30(
    settings: Settings, rasa: RasaClient
) -> None:
    mediation_family(settings.database_url)
    with pytest.raises(MediationError) as early:
        _click(settings, rasa, CertificateRoute.NOT_ARRANGED, today=DAY_30)
    assert early.value.code == "not_owed"

    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED, today=date(2025, 12, 29))
    assert issued.certificate is not None and issued.certificate.trigger_date == DAY_30


def test_mediation_ending_without_full_agreement_gives_that_certificate_from_its_end(
    settings: Settings, rasa: RasaClient, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url)
    ended = date(2025, 12, 18)
    _record(settings, ended, held_on=ended, outcome=Outcome.NO_AGREEMENT)

    issued = _click(settings, rasa, CertificateRoute.MEDIATION_CONCLUDED, today=ended)

    assert issued.certificate is not None
    assert (issued.certificate.route, issued.certificate.trigger_date) == (
        "mediation_concluded",
        ended,
    )
    assert issued.certificate.appeal_deadline == date(2026, 1, 20)  # 2 months is later here
    assert "Thursday 18 December 2025" in family_chat.texts("m1")[0]
    assert "Tuesday 20 January 2026" in family_chat.texts("m1")[0]


def test_a_second_click_gives_the_same_certificate_and_tells_nobody_twice(
    settings: Settings, rasa: RasaClient, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url)
    first = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    with pytest.raises(MediationError):  # a live certificate: nothing more is owed
        _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    assert first.certificate is not None and len(family_chat.texts("m1")) == 2


def test_without_the_names_it_prints_the_certificate_is_refused_until_they_are_given(
    settings: Settings, rasa: RasaClient, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url, names=False)
    refused = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    assert (refused.certificate, refused.refusal) == (None, "incomplete")
    assert family_chat.texts("m1") == []

    record_names(
        settings.database_url,
        mediation_id(settings.database_url),
        applicant_name="Jane Smith",
        child_name="Sam Smith",
        actor=CASEWORKER,
    )
    assert _click(settings, rasa, CertificateRoute.NOT_ARRANGED).certificate is not None


def test_a_family_that_could_not_be_told_is_told_again_later(
    settings: Settings, rasa: RasaClient, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url)
    family_chat.down = True
    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    assert issued.certificate is not None and issued.told is not None
    assert not issued.told.anyhow
    view = mediation_for_conversation(settings.database_url, "m1", ISSUED)
    assert view is not None and not view.certificates[0].told

    family_chat.down = False
    number = issued.certificate.number
    told = tell_again(
        settings, rasa, mediation_id(settings.database_url), number, actor=CASEWORKER, today=ISSUED
    )
    assert told.chat and len(family_chat.texts("m1")) == 2
    with pytest.raises(MediationError):
        tell_again(
            settings,
            rasa,
            mediation_id(settings.database_url),
            "MC-0000-0000-0000",
            actor=CASEWORKER,
            today=ISSUED,
        )


def _confirm_mobile(settings: Settings, twilio: TwilioStandIn, conversation_id: str) -> None:
    """The family gave their mobile for reminders and typed back the code texted to it."""
    who = Conversation(conversation_id, "socketio")
    now = datetime(2025, 11, 24, 11, 0)
    assert send_code(settings, who, MOBILE, now) == "sent"
    code = re.search(r"\d{6}", twilio.texts_to(MOBILE)[-1].body)
    assert code is not None
    assert check_code(settings, conversation_id, code.group(0), now, CHOSEN) == "confirmed"


def test_a_web_family_with_a_confirmed_mobile_is_also_texted(
    settings: Settings, rasa: RasaClient, twilio: TwilioStandIn
) -> None:
    mediation_family(settings.database_url, "m1")
    _confirm_mobile(settings, twilio, "m1")
    before = len(twilio.texts_to(MOBILE))

    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)

    assert issued.told is not None and issued.told.chat and issued.told.text
    texts = [t.body for t in twilio.texts_to(MOBILE)[before:]]
    assert texts and "Monday 2 February 2026" in texts[0]
    assert issued.certificate is not None and issued.certificate.number in " ".join(texts)
    assert all("MORE" not in text for text in texts)
    with transaction(settings.database_url) as session:
        tagged = session.execute(
            select(SmsOutbound.certificate).where(SmsOutbound.conversation_id == "m1")
        ).scalars()
        assert True in list(tagged)  # an undelivered certificate text goes to a caseworker


def test_a_text_conversation_is_told_by_text_once_through_its_own_channel(
    settings: Settings, rasa: RasaClient, twilio: TwilioStandIn, family_chat: SentToFamily
) -> None:
    mediation_family(settings.database_url, "m1", channel="sms")
    before = len(twilio.texts)
    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    assert issued.told is not None and (issued.told.chat, issued.told.text) == (True, False)
    assert len(family_chat.texts("m1")) == 2 and len(twilio.texts) == before


# ----------------------------------------------------------------------------- a change of mind

CHANGED = date(2025, 12, 10)


def test_before_mediation_a_family_may_still_decline_and_gets_the_certificate(
    settings: Settings,
) -> None:
    who = mediation_family(settings.database_url)
    result = change_to_certificate(settings, who, CHANGED)

    assert result.allowed is ChangeOfMind.DECLINE and not result.existing
    certificate = result.certificate
    assert certificate is not None and certificate.status == "valid"
    assert (certificate.route, certificate.trigger_date) == ("declined", CHANGED)
    assert certificate.mias_date == CHOSEN  # the MIAS was given when they chose mediation
    assert certificate.appeal_deadline == date(2026, 1, 20)
    case = load_case(settings.database_url, "m1")
    assert case is not None
    assert (case.facts["choice"], case.facts["wants_mediation"]) == ("decline", False)
    view = mediation_for_conversation(settings.database_url, "m1", CHANGED)
    assert view is not None and view.facts.withdrawn_on == CHANGED and view.finished
    with transaction(settings.database_url) as session:
        actions = set(session.execute(select(AuditEntry.action)).scalars())
    assert {"mediation_change_of_mind", "mediation_withdrawn", "certificate_issued"} <= actions

    again = change_to_certificate(settings, who, CHANGED)
    assert again.existing and again.certificate is not None
    assert again.certificate.number == certificate.number


def test_in_review_mode_the_change_of_mind_drafts_the_certificate(settings: Settings) -> None:
    who = mediation_family(settings.database_url)
    result = change_to_certificate(replace(settings, certificate_mode="review"), who, CHANGED)
    assert result.certificate is not None and result.certificate.status == "draft"


def test_without_names_a_caseworker_finishes_the_certificate(settings: Settings) -> None:
    who = mediation_family(settings.database_url, names=False)
    result = change_to_certificate(settings, who, CHANGED)
    assert result.allowed is ChangeOfMind.DECLINE and result.certificate is None
    assert result.due == date(2025, 12, 15)  # 3 working days (T2)
    case = load_case(settings.database_url, "m1")
    assert case is not None and ("certificate_review", False, "waiting") in case.handoffs


def test_after_mediation_did_not_settle_everything_the_concluded_certificate_is_owed(
    settings: Settings,
) -> None:
    who = mediation_family(settings.database_url)
    ended = date(2025, 12, 8)
    _record(settings, CHANGED, held_on=ended, outcome=Outcome.SOME_AGREEMENT)
    result = change_to_certificate(settings, who, CHANGED)
    assert result.allowed is ChangeOfMind.CONCLUDED and result.certificate is None
    assert (result.held_on, result.due) == (ended, date(2025, 12, 11))
    case = load_case(settings.database_url, "m1")
    assert case is not None and case.facts["choice"] == "mediate" and case.handoffs == ()


@pytest.mark.parametrize(
    ("outcome", "allowed"),
    [(Outcome.AGREEMENT, ChangeOfMind.AGREED), (None, ChangeOfMind.OUTCOME_UNKNOWN)],
)
def test_after_a_settled_or_unrecorded_mediation_a_caseworker_talks_it_through(
    settings: Settings, outcome: Outcome | None, allowed: ChangeOfMind
) -> None:
    who = mediation_family(settings.database_url)
    _record(settings, CHANGED, held_on=date(2025, 12, 8), outcome=outcome)
    result = change_to_certificate(settings, who, CHANGED)
    assert result.allowed is allowed and result.certificate is None
    case = load_case(settings.database_url, "m1")
    assert case is not None and case.handoffs == (("mediation_change_of_mind", False, "waiting"),)


def test_without_a_mediation_case_nothing_changes(settings: Settings) -> None:
    result = change_to_certificate(settings, Conversation("nobody", "socketio"), CHANGED)
    assert result == ChangeResult(None)
    assert load_case(settings.database_url, "nobody") is None


def test_the_case_keeps_the_certificates_dates(settings: Settings, rasa: RasaClient) -> None:
    mediation_family(settings.database_url)
    issued = _click(settings, rasa, CertificateRoute.NOT_ARRANGED)
    assert issued.certificate is not None
    with transaction(settings.database_url) as session:
        due, deadline = session.execute(select(Case.certificate_due, Case.appeal_deadline)).one()
        live = session.execute(select(Certificate.number)).scalars().all()
    assert (due, deadline) == (ISSUED, date(2026, 2, 2)) and live == [issued.certificate.number]
