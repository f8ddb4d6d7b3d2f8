"""A case ready for its certificate, and issuing one, for every test that needs a certificate.

The dates are those of domain.md section 7, case 1: decision letter Mon 2 Mar 2026, MIAS and
decline Tue 10 Mar 2026, certificate issued Thu 12 Mar 2026.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.services.cases import Conversation, record_facts
from bot.services.certificates import (
    CertificateConfig,
    CertificateOutcome,
    issue_for_case,
    record_certificate_details,
)

SECRET = "test-secret"
DECISION = date(2026, 3, 2)
MIAS_AT = datetime(2026, 3, 10, 10, 30)
ISSUED = date(2026, 3, 12)


def ready_case(database_url: str, conversation_id: str = "c1", **overrides: Any) -> Conversation:
    """A case that has finished MIAS and declined mediation, ready for a certificate: by default
    a parent, Jane Smith, appealing for her child, Sam Smith."""
    who = Conversation(conversation_id, overrides.pop("channel", "rest"))
    details = {
        "applicant_name": overrides.pop("applicant_name", "Jane Smith"),
        "child_name": overrides.pop("child_name", "Sam Smith"),
        "helper_name": overrides.pop("helper_name", None),
        "mias_completed_at": overrides.pop("mias_completed_at", MIAS_AT),
    }
    facts: dict[str, Any] = {
        "role": "parent",
        "age_group": "under_16",
        "rights_holder": "parent",
        "decision_type": "refuse_plan",
        "school_only": None,
        "decision_date": DECISION,
        "local_authority_name": "Surrey County Council",
        "local_authority_code": "E10000030",
        "covered": True,
        "route": "mias",
        "choice": "decline",
        "wishes_to_appeal": True,
        "wants_mediation": False,
        "choice_recorded_at": MIAS_AT,
    }
    record_facts(database_url, who, **(facts | overrides))
    record_certificate_details(database_url, who, **details)
    return who


def young_person_case(database_url: str, conversation_id: str = "c1", **overrides: Any) -> None:
    """Robin Smith, a young person who holds the right, helped by their mother Jane Smith, who
    talks to us with Robin's agreement."""
    ready_case(
        database_url,
        conversation_id,
        **{
            "age_group": "16_to_25",
            "rights_holder": "young_person",
            "agreement": "agrees",
            "applicant_name": "Robin Smith",
            "child_name": None,
            "helper_name": "Jane Smith",
        }
        | overrides,
    )


def issue(
    database_url: str, config: CertificateConfig, conversation_id: str = "c1", **kwargs: Any
) -> CertificateOutcome:
    """`issue_for_case` for a declined case, automatically, on ISSUED, unless told otherwise."""
    kwargs = {"route": "declined", "today": ISSUED, "mode": "auto"} | kwargs
    return issue_for_case(database_url, conversation_id, config=config, **kwargs)
