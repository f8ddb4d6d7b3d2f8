"""The printed certificate: its words and layout, from plain data to PDF bytes (no DB, no Rasa)."""

from bot.certificate_pdf.document import CertificateDocument, Issuer
from bot.certificate_pdf.render import CertificateTooLong, render_pdf

__all__ = [
    "CertificateDocument",
    "CertificateTooLong",
    "Issuer",
    "render_pdf",
]
