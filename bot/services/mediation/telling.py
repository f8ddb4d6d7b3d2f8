"""Telling the family their certificate is ready, with the new appeal date in words.

Two messages, as the assistant would say them: why there is a certificate now, with the appeal
date (`WHY`, by route), then the certificate itself (`utter_certificate_ready`, the message every
certificate goes out with, fresh signed links and all), sent by
`bot.services.certificates.notify_certificate`, which also records that the family was told.

Where: through Rasa's HTTP API to the conversation's own channel (web chat or SMS). A web chat
lives in the browser tab, so a family who has closed it would never see a message sent days
later: if they gave and confirmed a mobile number for reminders
(`bot.services.reminders.confirmed_mobile`, which gives none after STOP), the two messages are
texted to it as well, and a certificate text that Twilio reports undelivered goes to a caseworker
like any other (`bot.services.sms.record_delivery`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.mias.calendar import date_in_words
from bot.mias.certificate_routes import CertificateRoute
from bot.mias.sms_text import Block, Part, split_turn, to_gsm7
from bot.services.certificates import (
    CertificateConfig,
    CertificateView,
    mark_notified,
    notify_certificate,
    ready_message_values,
)
from bot.services.rasa_api import RasaClient, RasaError
from bot.services.reminders import confirmed_mobile
from bot.services.responses import render_response
from bot.services.sms import (
    CHANNEL,
    SmsNotSent,
    new_outbound,
    record_delivery,
    status_callback_url,
)
from bot.services.sms.replies import CERTIFICATE, CERTIFICATE_RESPONSE
from bot.services.sms.twilio import TwilioSender
from bot.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Told:
    """How the family was told: in their conversation (`chat`), by text to the mobile they gave
    for reminders (`text`), and whether they gave one at all (`mobile`)."""

    chat: bool
    text: bool
    mobile: bool

    @property
    def anyhow(self) -> bool:
        return self.chat or self.text


# Why the certificate comes now, by its route: said before the certificate itself.
WHY = {
    CertificateRoute.NOT_ARRANGED: "utter_mediation_certificate_not_arranged",
    CertificateRoute.MEDIATION_CONCLUDED: "utter_mediation_certificate_mediation_concluded",
    CertificateRoute.DECLINED: "utter_mediation_certificate_declined",
}


def why_response(route: str) -> str:
    return WHY[CertificateRoute(route)]


def _why_values(certificate: CertificateView) -> dict[str, str]:
    assert certificate.appeal_deadline is not None  # a valid certificate has one
    return {
        "local_authority": certificate.council_name,
        "trigger_words": date_in_words(certificate.trigger_date),
        "appeal_deadline_words": date_in_words(certificate.appeal_deadline),
    }


def tell_family(
    settings: Settings,
    rasa: RasaClient,
    certificate: CertificateView,
    *,
    actor: str,
    now: datetime | None = None,
) -> Told:
    """Send the two messages on the family's channel and, for a web chat with a confirmed
    mobile, by text as well. Never raises for a message that did not go: see `Told`."""
    if certificate.conversation_id is None or certificate.channel is None:
        return Told(chat=False, text=False, mobile=False)  # the family's data was erased
    chat = _tell_in_chat(settings, rasa, certificate, actor=actor, now=now)
    number = None
    if certificate.channel != CHANNEL:
        number = confirmed_mobile(settings.database_url, certificate.conversation_id)
    text = number is not None and _text(settings, certificate, number, now)
    if text and not chat:
        mark_notified(settings.database_url, certificate.number, actor=actor)
    logger.info(
        "event=mediation_certificate_told route=%s chat=%s text=%s",
        certificate.route,
        chat,
        text,
    )
    return Told(chat=chat, text=text, mobile=number is not None)


def _tell_in_chat(
    settings: Settings,
    rasa: RasaClient,
    certificate: CertificateView,
    *,
    actor: str,
    now: datetime | None,
) -> bool:
    name = why_response(certificate.route)
    why = render_response(
        name, _why_values(certificate), settings=settings, channel=certificate.channel
    )
    assert certificate.conversation_id is not None  # checked by the caller
    try:
        rasa.send_message(
            certificate.conversation_id, why, metadata={"utter_action": name, "sent_by": "console"}
        )
        notify_certificate(settings, rasa, certificate.number, actor=actor, now=now)
    except RasaError:
        return False
    return True


def _text(
    settings: Settings, certificate: CertificateView, number: str, now: datetime | None
) -> bool:
    """Text both messages to the family's confirmed mobile; False if any part did not go."""
    config = CertificateConfig.from_settings(settings)
    links = ready_message_values(settings.database_url, certificate.number, config=config, now=now)
    why = render_response(
        why_response(certificate.route),
        _why_values(certificate),
        settings=settings,
        channel=CHANNEL,
    )
    ready = render_response(CERTIFICATE_RESPONSE, links, settings=settings, channel=CHANNEL)
    blocks = [Block(to_gsm7(why)), Block(to_gsm7(ready), CERTIFICATE)]
    conversation_id = certificate.conversation_id
    assert conversation_id is not None  # checked by the caller
    sender = TwilioSender.for_settings(settings)
    parts = [Part(p.text.strip(), p.tags) for p in split_turn(blocks, more="")]  # all go now
    return all(_send_part(settings, sender, number, conversation_id, part) for part in parts)


def _send_part(
    settings: Settings, sender: TwilioSender, number: str, conversation_id: str, part: Part
) -> bool:
    """One text, recorded first so its delivery report finds it (and a certificate text that
    fails is followed up by a caseworker)."""
    ref = new_outbound(settings.database_url, conversation_id, part, via="rest")
    try:
        sender.send(number, part.text, status_callback=status_callback_url(settings, ref))
    except SmsNotSent as error:
        record_delivery(
            settings.database_url,
            ref=ref,
            message_sid=None,
            status="failed",
            error_code=str(error.code or error.reason),
        )
        return False
    return True
