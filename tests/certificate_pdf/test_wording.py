"""Every code a certificate can hold has its words."""

from __future__ import annotations

from bot.certificate_pdf import wording
from bot.certificate_pdf.document import APPLICANT_ROLES, HELPER_ROLES
from bot.mias.certificate_routes import CertificateRoute
from bot.mias.decisions import DecisionType


def test_every_route_decision_and_role_has_words() -> None:
    assert set(wording.ROUTES) == set(CertificateRoute)
    assert set(wording.DECISIONS) == set(DecisionType)
    assert set(wording.ROLES) == set(APPLICANT_ROLES)
    assert set(wording.HELPER_ROLES) == set(HELPER_ROLES)


def test_a_decision_names_its_paragraph_of_section_51() -> None:
    assert (
        wording.decision_words("cease_plan") == "Decision to stop the EHC plan (section 51(2)(f))"
    )
