"""Certificate files: written whole or not at all, and served only while they match their hash."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from bot.services.certificates.records import CertificateView, find_certificate
from bot.store.db import transaction

logger = logging.getLogger(__name__)


def write_atomically(directory: Path, number: str, pdf: bytes) -> Path:
    """Write a temporary file, then rename it, so a reader never sees half a PDF."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{number}.pdf"
    temporary = directory / f".{number}.pdf.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pdf)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def with_files(
    database_url: str, work: Callable[[Session, list[Path]], CertificateView]
) -> CertificateView:
    """Run `work(session, written)` in a transaction; remove the files it wrote if it fails, so no
    file outlives a record that was never saved."""
    written: list[Path] = []
    try:
        with transaction(database_url) as session:
            return work(session, written)
    except BaseException:
        remove(written)
        raise


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def file_is_intact(database_url: str, number: str) -> bool:
    """True when the certificate's file exists and still has the hash recorded at issue."""
    certificate = find_certificate(database_url, number)
    if certificate is None or not certificate.pdf_path or not certificate.pdf_sha256:
        return False
    return _sha256_of(Path(certificate.pdf_path)) == certificate.pdf_sha256


def certificate_pdf(database_url: str, number: str) -> bytes | None:
    """The PDF of a valid certificate, or None if it is not valid or its file was changed."""
    certificate = find_certificate(database_url, number)
    if certificate is None or certificate.status != "valid" or not certificate.pdf_path:
        return None
    try:
        pdf = Path(certificate.pdf_path).read_bytes()
    except OSError:
        pdf = b""
    if hashlib.sha256(pdf).hexdigest() != certificate.pdf_sha256:
        logger.error(
            "event=certificate_file_changed number_hash=%s", _short_hash(certificate.number)
        )
        return None
    return pdf


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]
