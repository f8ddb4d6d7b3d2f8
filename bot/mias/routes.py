"""Where a family's answers lead: one table, read top to bottom, from the facts to the route.

Every route the assistant can take is decided here and only here (docs/law.md gives the law of
each row). The first row whose condition holds decides; None means more answers are needed.
The order is the law's: who may appeal comes first, then whether the decision can be appealed at
all and whether it needs a certificate, then the time limit that applies to it, and the council
last, because coverage only matters when the family needs mediation information from us.

A Section I only appeal needs no certificate, so its only time limit is the appeal deadline (two
months, moved by the August and Christmas rule and past weekends): it is checked before the
two-month MIAS window, which does not apply to it (domain.md 1.3).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.mias.deadlines import appeal_deadline, mias_contact_deadline
from bot.mias.decisions import DecisionType
from bot.mias.reading.decisions import (
    DISABILITY_DISCRIMINATION,
    HEALTH_SOCIAL_CARE_ONLY,
    OTHER,
    PLAN_CONTENTS,
    SCHOOL_ONLY,
)
from bot.mias.rights import Holder


class Route(str, Enum):
    """The routes a conversation can take after the intake questions."""

    NO_CONSENT = "no_consent"
    RIGHTS_ENDED = "over_25"
    PARENT_HOLDS_RIGHT = "parent_holds_right"
    YOUNG_PERSON_DECLINED = "young_person_declined"
    REPRESENTATIVE = "representative"
    NOT_APPEALABLE = "not_appealable"
    DISABILITY_DISCRIMINATION = "disability_discrimination"
    HEALTH_SOCIAL_CARE_ONLY = "health_social_care_only"
    SCHOOL_ONLY = "school_only"
    SCHOOL_ONLY_LATE = "school_only_late"
    LATE = "late"
    NOT_ENGLAND = "not_england"
    NOT_COVERED = "not_covered"
    MIAS = "mias"


class Agreement(str, Enum):
    """What a parent or helper says about the young person's agreement to their help."""

    AGREES = "agrees"
    NOT_AGREED = "not_agreed"
    CANNOT_DECIDE = "cannot_decide"


COVERED = frozenset({"covered", "covered_county_district"})
APPEALABLE = frozenset(decision.value for decision in DecisionType)


@dataclass(frozen=True)
class Facts:
    """What the person has told us (None: not asked or not answered yet)."""

    consent: bool | None = None
    speaker: str | None = None
    holder: Holder | None = None
    agreement: Agreement | None = None
    decision: str | None = None
    school_only: bool | None = None
    decision_date: date | None = None
    date_confirmed: bool = False
    coverage: str | None = None

    @property
    def young_person_speaking(self) -> bool:
        return self.speaker == "young_person"

    @property
    def section_i_only(self) -> bool:
        return self.decision == SCHOOL_ONLY or (
            self.decision == PLAN_CONTENTS and self.school_only is True
        )

    @property
    def needs_certificate(self) -> bool:
        """An appealable decision that is not about Section I alone (domain.md 1.2-1.3)."""
        return self.decision in APPEALABLE and not (
            self.decision == PLAN_CONTENTS and self.school_only is not False
        )

    @property
    def dated(self) -> bool:
        return self.decision_date is not None and self.date_confirmed

    @property
    def agreement_needed(self) -> bool:
        """Someone else is acting for a young person who holds the right."""
        return self.holder is Holder.YOUNG_PERSON and not self.young_person_speaking

    @property
    def answered_before_council(self) -> bool:
        """Every earlier question has its answer: a council named early must not end the
        questions, since the certificate and every deadline need the decision and its date."""
        return (
            self.consent is True
            and self.speaker is not None
            and self.holder in (Holder.PARENT, Holder.YOUNG_PERSON)
            and (not self.agreement_needed or self.agreement is Agreement.AGREES)
            and self.needs_certificate
            and self.dated
        )


@dataclass(frozen=True)
class Row:
    """One line of the table: when `holds`, the route is `route`."""

    says: str
    holds: Callable[[Facts, date], bool]
    route: Route


def _past_appeal_deadline(facts: Facts, today: date) -> bool:
    return facts.decision_date is not None and today > appeal_deadline(facts.decision_date)


def _past_mias_window(facts: Facts, today: date) -> bool:
    return facts.decision_date is not None and today > mias_contact_deadline(facts.decision_date)


def _ready_for_council(facts: Facts) -> bool:
    return facts.answered_before_council


ROUTES: tuple[Row, ...] = (
    Row("privacy notice refused", lambda f, _: f.consent is False, Route.NO_CONSENT),
    Row(
        "the young person is 25 or over: the rights have ended",
        lambda f, _: f.holder is Holder.RIGHTS_ENDED,
        Route.RIGHTS_ENDED,
    ),
    Row(
        "a child (under 16, or in Year 11) writing for themselves: the parent holds the right",
        lambda f, _: f.young_person_speaking and f.holder is Holder.PARENT,
        Route.PARENT_HOLDS_RIGHT,
    ),
    Row(
        "someone helping a young person who has not agreed",
        lambda f, _: f.agreement is Agreement.NOT_AGREED,
        Route.YOUNG_PERSON_DECLINED,
    ),
    Row(
        "the young person may not be able to decide: a representative acts (CFA s.80)",
        lambda f, _: f.agreement is Agreement.CANNOT_DECIDE,
        Route.REPRESENTATIVE,
    ),
    Row(
        "not a decision the Tribunal hears", lambda f, _: f.decision == OTHER, Route.NOT_APPEALABLE
    ),
    Row(
        "disability discrimination: a claim within 6 months, no certificate",
        lambda f, _: f.decision == DISABILITY_DISCRIMINATION,
        Route.DISABILITY_DISCRIMINATION,
    ),
    Row(
        "health or social care only: mediation, no certificate, no appeal of its own",
        lambda f, _: f.decision == HEALTH_SOCIAL_CARE_ONLY,
        Route.HEALTH_SOCIAL_CARE_ONLY,
    ),
    Row(
        "Section I only, appeal deadline not passed",
        lambda f, today: f.section_i_only and f.dated and not _past_appeal_deadline(f, today),
        Route.SCHOOL_ONLY,
    ),
    Row(
        "Section I only, appeal deadline passed",
        lambda f, today: f.section_i_only and f.dated and _past_appeal_deadline(f, today),
        Route.SCHOOL_ONLY_LATE,
    ),
    Row(
        "certificate needed, two-month MIAS window passed",
        lambda f, today: _ready_for_council(f) and _past_mias_window(f, today),
        Route.LATE,
    ),
    Row(
        "council outside England",
        lambda f, _: _ready_for_council(f) and f.coverage == "not_england",
        Route.NOT_ENGLAND,
    ),
    Row(
        "council we do not cover",
        lambda f, _: _ready_for_council(f) and f.coverage == "not_covered",
        Route.NOT_COVERED,
    ),
    Row(
        "certificate needed, in time, council covered: the MIAS steps",
        lambda f, _: _ready_for_council(f) and f.coverage in COVERED,
        Route.MIAS,
    ),
)


def decide_route(facts: Facts, today: date) -> Route | None:
    """The first route of the table whose condition holds, or None while more answers are needed."""
    return next((row.route for row in ROUTES if row.holds(facts, today)), None)
