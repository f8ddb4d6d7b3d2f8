"""Mediation certificates: issuing one exactly once per case and route (or refusing, with a
reason), a caseworker's review, voiding and correction, the public check, and handing the file
over through signed links.

Each certificate is read from its record into one plain type, `CertificateView`, which is also what
the PDF is printed from (`bot.certificate_pdf`). The modules, by job: `eligibility` (when a
certificate may be issued), `issuing`, `review`, `verification`, `delivery` and `links` (signed
links, the calendar file), `files` (writing and checking the PDF), `records` (reading and finding),
`notify` (telling the person a reviewed certificate is ready).
"""

from bot.services.certificates.config import CertificateConfig
from bot.services.certificates.delivery import Delivery, delivery_for, ics_for, ready_message_values
from bot.services.certificates.files import certificate_pdf, file_is_intact
from bot.services.certificates.issuing import (
    CertificateOutcome,
    issue_for_case,
    record_certificate_details,
)
from bot.services.certificates.links import (
    DownloadGrant,
    LinkExpired,
    LinkInvalid,
    download_token,
    read_download_token,
)
from bot.services.certificates.notify import notify_certificate
from bot.services.certificates.records import CertificateError, CertificateView, find_certificate
from bot.services.certificates.review import (
    ReadyNotice,
    approve_draft,
    drafts_by_due_date,
    mark_notified,
    ready_to_notify,
    reissue,
    void_certificate,
)
from bot.services.certificates.verification import VerifyResult, verify

__all__ = [
    "CertificateConfig",
    "CertificateError",
    "CertificateOutcome",
    "CertificateView",
    "Delivery",
    "DownloadGrant",
    "LinkExpired",
    "LinkInvalid",
    "ReadyNotice",
    "VerifyResult",
    "approve_draft",
    "certificate_pdf",
    "delivery_for",
    "download_token",
    "drafts_by_due_date",
    "file_is_intact",
    "find_certificate",
    "ics_for",
    "issue_for_case",
    "mark_notified",
    "notify_certificate",
    "read_download_token",
    "ready_message_values",
    "ready_to_notify",
    "record_certificate_details",
    "reissue",
    "verify",
    "void_certificate",
]
