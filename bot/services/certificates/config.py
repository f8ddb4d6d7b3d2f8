"""Who issues certificates, where their files go, and how their links are signed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.certificate_pdf import Issuer
from bot.settings import Settings


@dataclass(frozen=True, kw_only=True)
class CertificateConfig(Issuer):
    """The issuer printed on every certificate, the adviser named on those the assistant issues
    (DUTY_ADVISER_NAME), the folder its file goes in, and the secret and lifetime of its download
    links."""

    duty_adviser_name: str
    certificates_dir: Path
    secret_key: str
    link_hours: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CertificateConfig:
        return cls(
            duty_adviser_name=settings.duty_adviser_name,
            certificates_dir=settings.certificates_dir,
            provider_name=settings.provider_name,
            provider_phone=settings.provider_phone,
            public_base_url=settings.public_base_url,
            secret_key=settings.console_secret_key,
            link_hours=settings.download_link_hours,
        )
