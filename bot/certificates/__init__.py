"""The certificate document: layout and rendering from plain data to PDF bytes (no DB, no Rasa)."""

from bot.certificates.document import CertificateDocument
from bot.certificates.numbers import new_number, normalise_number
from bot.certificates.render import CertificateTooLong, render_pdf

__all__ = [
    "CertificateDocument",
    "CertificateTooLong",
    "new_number",
    "normalise_number",
    "render_pdf",
]
