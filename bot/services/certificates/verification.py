"""The public check of a certificate: valid, void or unknown, with the facts printed on it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from bot.certificate_pdf import wording
from bot.services.certificates.records import CertificateView, by_number, view_of
from bot.store.db import transaction


@dataclass(frozen=True)
class VerifyResult:
    """What the public check page shows: only facts printed on the certificate, names as initials.

    `status` is "valid", "void" or "unknown"; for "unknown" every other field is None, whatever was
    asked (a malformed number, a draft, or a number that was never issued). Once the person's data
    was erased there are no initials: the other facts are all the record keeps.
    """

    status: str
    number: str | None = None
    issue_date: date | None = None
    council_name: str | None = None
    decision: str | None = None
    decision_date: date | None = None
    route: str | None = None
    appeal_deadline: date | None = None
    applicant_initials: str | None = None
    provider_name: str | None = None
    replaced_by_number: str | None = None

    @classmethod
    def of(cls, certificate: CertificateView, provider_name: str | None) -> VerifyResult:
        """The public part of a certificate: its other fields are the certificate's own."""
        return cls(
            **{name: getattr(certificate, name) for name in _AS_RECORDED},
            decision=wording.decision_words(certificate.decision_type),
            route=wording.ROUTES[certificate.route],
            applicant_initials=(
                initials(certificate.applicant_name) if certificate.applicant_name else None
            ),
            provider_name=provider_name,
        )

    def as_json(self) -> dict[str, str | None]:
        return {key: _json_value(value) for key, value in self.__dict__.items()}


_IN_WORDS = frozenset({"decision", "route", "applicant_initials", "provider_name"})
_AS_RECORDED = tuple(field.name for field in fields(VerifyResult) if field.name not in _IN_WORDS)


def _json_value(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def initials(name: str) -> str:
    """'Jane Mary Smith' -> 'J. M. S.'"""
    return " ".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha())


def verify(database_url: str, number: str, *, provider_name: str | None = None) -> VerifyResult:
    """Valid, void or unknown, with the key facts. Malformed numbers take the same path as unknown
    ones (one query each) so neither the answer nor its timing tells them apart."""
    with transaction(database_url) as session:
        row = by_number(session, number)
        if row is None or row.status == "draft":
            return VerifyResult("unknown")
        return VerifyResult.of(view_of(session, row), provider_name)
