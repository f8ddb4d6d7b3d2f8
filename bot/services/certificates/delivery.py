"""Handing a valid certificate over: fresh signed links, the chat message's values, the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.certificate_pdf import CertificateDocument
from bot.mias.calendar import date_in_words
from bot.services.certificates.config import CertificateConfig
from bot.services.certificates.links import download_token, ics_for_deadline
from bot.services.certificates.records import CertificateError, CertificateView, find_certificate


@dataclass(frozen=True)
class Delivery:
    """A valid certificate and the signed links that hand it over (the wording is in the domain)."""

    certificate: CertificateView
    appeal_deadline_words: str
    pdf_url: str
    calendar_url: str
    verify_url: str
    links_expire_at: datetime


def delivery_for(
    database_url: str, number: str, *, config: CertificateConfig, now: datetime | None = None
) -> Delivery:
    """Signed links (valid `config.link_hours`) and the facts to send with them."""
    certificate = find_certificate(database_url, number)
    if certificate is None or certificate.status != "valid" or certificate.appeal_deadline is None:
        raise CertificateError(f"certificate {number!r} is not valid, so it cannot be sent")
    now = now or datetime.now(timezone.utc)
    pdf_token, ics_token = (
        download_token(
            certificate.number, kind, secret=config.secret_key, hours=config.link_hours, now=now
        )
        for kind in ("pdf", "ics")
    )
    base = config.public_base_url
    return Delivery(
        certificate=certificate,
        appeal_deadline_words=date_in_words(certificate.appeal_deadline),
        pdf_url=f"{base}/certificates/{pdf_token}",
        calendar_url=f"{base}/certificates/{ics_token}/calendar.ics",
        verify_url=config.verify_url(certificate.number),
        links_expire_at=now + timedelta(hours=config.link_hours),
    )


def ready_message_values(
    database_url: str, number: str, *, config: CertificateConfig, now: datetime | None = None
) -> dict[str, str]:
    """The variables of `utter_certificate_ready`, with fresh signed links (chat and console alike)."""
    delivery = delivery_for(database_url, number, config=config, now=now)
    return {
        "certificate_number": delivery.certificate.number,
        "pdf_url": delivery.pdf_url,
        "calendar_url": delivery.calendar_url,
        "verify_url": delivery.verify_url,
        "link_hours": str(config.link_hours),
        "appeal_deadline_words": delivery.appeal_deadline_words,
        "tribunal_form": delivery.certificate.tribunal_form,
    }


def ics_for(certificate: CertificateDocument, *, now: datetime | None = None) -> bytes:
    """The calendar file for a certificate's appeal deadline, with a reminder a week before."""
    if certificate.appeal_deadline is None:
        raise CertificateError(f"certificate {certificate.number} has no appeal deadline yet")
    return ics_for_deadline(
        certificate.number, certificate.appeal_deadline, certificate.tribunal_form, now=now
    )
