"""Decision types and when a certificate is needed (domain.md section 1); routes are in
tests/mias/test_routes.py and who holds the right in tests/mias/reading/test_ages.py."""

from __future__ import annotations

import pytest

from bot.mias.decisions import (
    CertificateRequirement,
    DecisionType,
    Role,
    certificate_requirement,
    parse_decision_type,
)


@pytest.mark.parametrize(
    ("decision_type", "letter", "form"),
    [
        (DecisionType.REFUSE_ASSESSMENT, "a", "SEND35a"),
        (DecisionType.REFUSE_PLAN, "b", "SEND35"),
        (DecisionType.PLAN_CONTENTS, "c", "SEND35"),
        (DecisionType.REFUSE_REASSESSMENT, "d", "SEND35"),
        (DecisionType.REFUSE_AMEND, "e", "SEND35"),
        (DecisionType.CEASE_PLAN, "f", "SEND35"),
    ],
)
def test_decision_type_letter_and_form(decision_type: DecisionType, letter: str, form: str) -> None:
    assert decision_type.section_51_letter == letter
    assert decision_type.tribunal_form == form


def test_entity_values_are_the_contract() -> None:
    assert [t.value for t in DecisionType] == [
        "refuse_assessment",
        "refuse_plan",
        "plan_contents",
        "refuse_reassessment",
        "refuse_amend",
        "cease_plan",
    ]
    assert [r.value for r in Role] == ["parent", "young_person", "professional"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("refuse_assessment", DecisionType.REFUSE_ASSESSMENT),
        ("cease_plan", DecisionType.CEASE_PLAN),
        (" Plan_Contents ", DecisionType.PLAN_CONTENTS),
        ("refuse-amend", DecisionType.REFUSE_AMEND),
        ("refuse reassessment", DecisionType.REFUSE_REASSESSMENT),
        ("something_else", None),
        ("", None),
    ],
)
def test_parse_decision_type(value: str, expected: DecisionType | None) -> None:
    assert parse_decision_type(value) is expected


APPEALABLE = CertificateRequirement(True, "appealable_decision", True)


# fmt: off
REQUIREMENTS = [
    (DecisionType.REFUSE_ASSESSMENT, {}, APPEALABLE),
    (DecisionType.CEASE_PLAN, {}, APPEALABLE),
    # Section I only: no certificate, mediation still available (case 9).
    (DecisionType.PLAN_CONTENTS, {"school_only": True},
     CertificateRequirement(False, "school_only", True)),
    # Section I plus B and/or F.
    (DecisionType.PLAN_CONTENTS, {}, APPEALABLE),
    # "School only" means Section I of a plan; other decisions still need a certificate.
    (DecisionType.REFUSE_PLAN, {"school_only": True}, APPEALABLE),
    (DecisionType.PLAN_CONTENTS, {"disability_discrimination": True},
     CertificateRequirement(False, "disability_discrimination", False)),
    (None, {"disability_discrimination": True},
     CertificateRequirement(False, "disability_discrimination", False)),
    (DecisionType.PLAN_CONTENTS, {"health_social_care_only": True},
     CertificateRequirement(False, "health_social_care_only", True)),
    (None, {}, CertificateRequirement(False, "not_appealable", False)),
]
# fmt: on


@pytest.mark.parametrize(("decision_type", "flags", "expected"), REQUIREMENTS)
def test_certificate_requirement(
    decision_type: DecisionType | None, flags: dict[str, bool], expected: CertificateRequirement
) -> None:
    assert certificate_requirement(decision_type, **flags) == expected
