"""Telling a person, on their own channel, that a caseworker approved their certificate."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.services.certificates.config import CertificateConfig
from bot.services.certificates.delivery import ready_message_values
from bot.services.certificates.records import CertificateView, find_certificate
from bot.services.certificates.review import mark_notified
from bot.services.rasa_api import RasaClient
from bot.services.responses import render_response
from bot.settings import Settings

logger = logging.getLogger(__name__)


def certificate_message(
    certificate: CertificateView, settings: Settings, now: datetime | None
) -> str:
    """`utter_certificate_ready` from the domain, with fresh signed links."""
    config = CertificateConfig.from_settings(settings)
    values = ready_message_values(settings.database_url, certificate.number, config=config, now=now)
    return render_response(
        "utter_certificate_ready", values, settings=settings, channel=certificate.channel
    )


def notify_certificate(
    settings: Settings,
    client: RasaClient,
    number: str,
    *,
    actor: str,
    now: datetime | None = None,
) -> None:
    """Send the certificate's links to the person, then record that they were told.

    Raises RasaError when the message could not be delivered; the certificate then stays in
    `ready_to_notify` so the caseworker can send it again.
    """
    database_url = settings.database_url
    certificate = find_certificate(database_url, number)
    if certificate is None or certificate.conversation_id is None:
        raise LookupError(number)  # unknown, or the person's data was erased
    text = certificate_message(certificate, settings, now)
    client.send_message(
        certificate.conversation_id,
        text,
        metadata={"utter_action": "utter_certificate_ready", "sent_by": "console"},
    )
    mark_notified(database_url, number, actor=actor)
    logger.info("event=certificate_notified channel=%s", certificate.channel)
