"""Certificate records read into one plain type, and found by number.

A record is read in one place, `view_of`: every field of `CertificateView` is the record's column
of the same name, except the four found through its links (case, replaced and replacing records).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.certificate_pdf import CertificateDocument
from bot.mias.certificate_numbers import new_number, normalise_number
from bot.store.db import transaction
from bot.store.models import Certificate


class CertificateError(Exception):
    """An action the certificate's state does not allow (approve a valid one, void it twice...)."""


@dataclass(frozen=True, kw_only=True)
class CertificateView(CertificateDocument):
    """A certificate as the service hands it out: the facts printed on it, and where it is in its
    life (for the console, the chat and the public pages).

    After the person's data was erased, `conversation_id`, `channel` and the names are None.
    """

    status: str
    conversation_id: str | None
    channel: str | None
    due_date: date
    replaced_by_number: str | None
    void_reason: str | None
    pdf_path: str | None
    pdf_sha256: str | None
    created_by: str
    approved_by: str | None
    notified_at: datetime | None


def view_of(session: Session, row: Certificate) -> CertificateView:
    """The record as a CertificateView."""
    linked: dict[str, Any] = {
        "conversation_id": row.case.conversation_id if row.case is not None else None,
        "channel": row.case.channel if row.case is not None else None,
        "replaces_number": row.replaces.number if row.replaces is not None else None,
        "replaced_by_number": replaced_by(session, row),
    }
    columns = {
        field.name: getattr(row, field.name)
        for field in fields(CertificateView)
        if field.name not in linked
    }
    return CertificateView(**columns, **linked)


def by_number(session: Session, number: str) -> Certificate | None:
    """The record of a number as typed (see normalise_number); a malformed one finds nothing."""
    canonical = normalise_number(number)
    row: Certificate | None = session.execute(
        select(Certificate).where(Certificate.number == (canonical or "-"))
    ).scalar_one_or_none()
    return row


def require(session: Session, number: str) -> Certificate:
    row = by_number(session, number)
    if row is None:
        raise CertificateError(f"no certificate {number!r}")
    return row


def replaced_by(session: Session, row: Certificate) -> str | None:
    """The number of the corrected certificate that replaced this one, if any."""
    number: str | None = session.execute(
        select(Certificate.number).where(Certificate.replaces_id == row.id)
    ).scalar_one_or_none()
    return number


def unused_number(session: Session) -> str:
    while True:
        number = new_number()
        if by_number(session, number) is None:
            return number


def find_certificate(database_url: str, number: str) -> CertificateView | None:
    with transaction(database_url) as session:
        row = by_number(session, number)
        return view_of(session, row) if row is not None else None
