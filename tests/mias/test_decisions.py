"""Decision types, certificates, routes and rights-holders (domain.md sections 1 and 5)."""

from __future__ import annotations

import pytest

from bot.mias.decisions import (
    CertificateRequirement,
    DecisionType,
    RightsHolder,
    Role,
    Route,
    certificate_requirement,
    parse_decision_type,
    route_for,
    who_holds_the_rights,
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
    assert [r.value for r in Route] == ["mias", "disagreement_resolution", "caseworker"]


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


@pytest.mark.parametrize(
    ("decision_type", "within_window", "disability_discrimination", "expected"),
    [
        (DecisionType.REFUSE_ASSESSMENT, True, False, Route.MIAS),
        (DecisionType.PLAN_CONTENTS, True, False, Route.MIAS),
        (DecisionType.CEASE_PLAN, False, False, Route.CASEWORKER),  # case 11
        (None, True, False, Route.DISAGREEMENT_RESOLUTION),
        (None, False, False, Route.DISAGREEMENT_RESOLUTION),  # DR at any time
        (DecisionType.PLAN_CONTENTS, True, True, Route.CASEWORKER),
    ],
)
def test_route_for(
    decision_type: DecisionType | None,
    within_window: bool,
    disability_discrimination: bool,
    expected: Route,
) -> None:
    route = route_for(
        decision_type,
        within_window=within_window,
        disability_discrimination=disability_discrimination,
    )
    assert route is expected


@pytest.mark.parametrize(
    ("role", "age", "expected"),
    [
        (Role.PARENT, 9, RightsHolder("parent", needs_young_person_agreement=False)),
        (Role.PARENT, 15, RightsHolder("parent", needs_young_person_agreement=False)),
        (Role.PROFESSIONAL, 12, RightsHolder("parent", needs_young_person_agreement=False)),
        (Role.YOUNG_PERSON, 15, RightsHolder("parent", needs_young_person_agreement=False)),
        (Role.YOUNG_PERSON, 16, RightsHolder("young_person", needs_young_person_agreement=False)),
        (Role.YOUNG_PERSON, 17, RightsHolder("young_person", needs_young_person_agreement=False)),
        (Role.PARENT, 16, RightsHolder("young_person", needs_young_person_agreement=True)),
        (Role.PARENT, 17, RightsHolder("young_person", needs_young_person_agreement=True)),
        (Role.PROFESSIONAL, 24, RightsHolder("young_person", needs_young_person_agreement=True)),
        (
            Role.YOUNG_PERSON,
            25,
            RightsHolder("young_person", needs_young_person_agreement=False, rights_ended=True),
        ),
        (
            Role.PARENT,
            30,
            RightsHolder("young_person", needs_young_person_agreement=True, rights_ended=True),
        ),
        (
            Role.PARENT,
            None,
            RightsHolder("parent", needs_young_person_agreement=False, unknown_age=True),
        ),
        (
            Role.YOUNG_PERSON,
            None,
            RightsHolder("young_person", needs_young_person_agreement=False, unknown_age=True),
        ),
    ],
)
def test_who_holds_the_rights(role: Role, age: int | None, expected: RightsHolder) -> None:
    assert who_holds_the_rights(role, age) == expected


def test_who_holds_the_rights_rejects_negative_age() -> None:
    with pytest.raises(ValueError):
        who_holds_the_rights(Role.PARENT, -1)
