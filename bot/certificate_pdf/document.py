"""The certificate as plain data: every fact printed on it, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROUTES = ("declined", "mediation_concluded", "not_arranged")
APPLICANT_ROLES = ("parent", "young_person", "parent_of_young_person")


@dataclass(frozen=True)
class CertificateDocument:
    """What one certificate says. Codes are turned into words by `bot.certificate_pdf.wording`.

    - `route`: "declined" (mediation declined after the MIAS information, `trigger_date` is the day
      it was declined), "mediation_concluded" (`trigger_date` is the day mediation ended) or
      "not_arranged" (`trigger_date` is the day the council told us it was not arranged in 30 days).
    - `applicant_role`: "parent" (of a child), "young_person" (the applicant is the young person;
      `child_name` is then None) or "parent_of_young_person" (acting with the young person's
      agreement; `child_name` is the young person's name).
    - `deadline_counted_from`: the date of issue the appeal deadline's one-month rule counts from.
      It is `issue_date`, except on a corrected certificate, where the first certificate's date is
      kept so a correction never appears to give more time than the family may have.
    - `verify_url`: the public verification page, printed as text and as a QR code.
    """

    number: str
    provider_name: str
    provider_phone: str
    adviser_name: str | None
    applicant_name: str
    applicant_role: str
    child_name: str | None
    council_name: str
    decision_type: str
    decision_date: date
    mias_date: date
    route: str
    trigger_date: date
    issue_date: date
    appeal_deadline: date
    deadline_counted_from: date
    tribunal_form: str
    verify_url: str
    replaces_number: str | None = None

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise ValueError(f"unknown route {self.route!r}")
        if self.applicant_role not in APPLICANT_ROLES:
            raise ValueError(f"unknown applicant role {self.applicant_role!r}")
