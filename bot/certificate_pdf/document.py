"""A certificate as plain data: the facts printed on it, and the provider that issues it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.decisions import parse_decision_type

# Who holds the right of appeal: the parent of a child, or the young person (domain.md section 5).
APPLICANT_ROLES = ("parent", "young_person")
# Who helps a young person who holds the right, with their agreement.
HELPER_ROLES = ("parent", "supporter")


@dataclass(frozen=True, kw_only=True)
class CertificateDocument:
    """What one certificate says, as its record keeps it. `bot.certificate_pdf.wording` turns the
    codes into words.

    - `route`: a CertificateRoute; `trigger_date` is the day that route counts from.
    - `applicant_name` is the appellant, who holds the right of appeal; `applicant_role` says who
      that is: "parent" (of a child, named in `child_name`) or "young_person" (`child_name` is then
      None).
    - `helper_name` and `helper_role` ("parent" or "supporter") name the person helping a young
      person with their agreement, when that person talked to us; both None otherwise.
    - `adviser_name` is the mediation adviser responsible for the certificate: the duty adviser
      when the assistant issues it, the caseworker who approved or reissued it otherwise. Every
      issued certificate has one; a draft may not yet.
    - `issue_date`, `appeal_deadline` and `deadline_counted_from` are None while it is a draft.
    - `deadline_counted_from`: the date of issue the appeal deadline's one-month rule counts from.
      It is `issue_date`, except on a corrected certificate, where the first certificate's date is
      kept so a correction never appears to give more time than the family may have.
    - The names and the role are None once the person's data was erased.
    """

    number: str
    route: str
    applicant_name: str | None
    applicant_role: str | None
    child_name: str | None
    helper_name: str | None
    helper_role: str | None
    adviser_name: str | None
    council_name: str
    decision_type: str
    decision_date: date
    mias_date: date
    trigger_date: date
    issue_date: date | None
    appeal_deadline: date | None
    deadline_counted_from: date | None
    replaces_number: str | None = None

    def __post_init__(self) -> None:
        if self.route not in tuple(CertificateRoute):
            raise ValueError(f"unknown route {self.route!r}")
        if self.applicant_role is not None and self.applicant_role not in APPLICANT_ROLES:
            raise ValueError(f"unknown applicant role {self.applicant_role!r}")
        if self.helper_role is not None and self.helper_role not in HELPER_ROLES:
            raise ValueError(f"unknown helper role {self.helper_role!r}")
        if (self.helper_name is None) != (self.helper_role is None):
            raise ValueError("a helper needs both a name and a role")
        if self.helper_role is not None and self.applicant_role != "young_person":
            raise ValueError("only a young person who holds the right has a helper named")

    @property
    def tribunal_form(self) -> str:
        """The form to appeal with: SEND35a for a refused assessment, SEND35 for the rest."""
        decision = parse_decision_type(self.decision_type)
        return decision.tribunal_form if decision else "SEND35"


@dataclass(frozen=True, kw_only=True)
class Issuer:
    """The provider named on every certificate, and the public page where anyone can check one."""

    provider_name: str
    provider_phone: str
    public_base_url: str

    def verify_url(self, number: str) -> str:
        return f"{self.public_base_url}/verify/{number}"
