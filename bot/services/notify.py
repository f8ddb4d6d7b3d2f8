"""Telling a person, on their own channel, that a caseworker approved their certificate."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.services.certificates import (
    CertificateConfig,
    CertificateView,
    delivery_for,
    find_certificate,
    mark_notified,
)
from bot.services.rasa_api import RasaClient
from bot.services.responses import render_response

logger = logging.getLogger(__name__)


def certificate_message(
    certificate: CertificateView, database_url: str, config: CertificateConfig, now: datetime | None
) -> str:
    """`utter_certificate_ready` from the domain, with fresh signed links."""
    delivery = delivery_for(database_url, certificate.number, config=config, now=now)
    return render_response(
        "utter_certificate_ready",
        channel=certificate.channel,
        certificate_number=delivery.number,
        pdf_url=delivery.pdf_url,
        calendar_url=delivery.calendar_url,
        verify_url=delivery.verify_url,
        link_hours=str(config.link_hours),
        appeal_deadline_words=delivery.appeal_deadline_words,
        tribunal_form=delivery.tribunal_form,
    )


def notify_certificate(
    database_url: str,
    client: RasaClient,
    number: str,
    *,
    config: CertificateConfig,
    actor: str,
    now: datetime | None = None,
) -> None:
    """Send the certificate's links to the person, then record that they were told.

    Raises RasaError when the message could not be delivered; the certificate then stays in
    `ready_to_notify` so the caseworker can send it again.
    """
    certificate = find_certificate(database_url, number)
    if certificate is None:
        raise LookupError(number)
    text = certificate_message(certificate, database_url, config, now)
    client.send_message(
        certificate.conversation_id,
        text,
        metadata={"utter_action": "utter_certificate_ready", "sent_by": "console"},
    )
    mark_notified(database_url, number, actor=actor)
    logger.info("event=certificate_notified channel=%s", certificate.channel)
