"""The certificate document: layout and rendering from plain data to PDF bytes (no DB, no Rasa)."""

from bot.certificate_pdf.document import CertificateDocument
from bot.certificate_pdf.render import CertificateTooLong, render_pdf
from bot.mias.certificate_numbers import new_number, normalise_number

__all__ = [
    "CertificateDocument",
    "CertificateTooLong",
    "new_number",
    "normalise_number",
    "render_pdf",
]
