"""The 30-day mediation clock: what a family who chose mediation is owed, and when.

The law (domain.md section 2.1, worked cases 7 and 8; the certificate routes in 1.2 and 3):
- T4: the council (or the ICB, for health-only issues) must arrange mediation within 30 calendar
  days of being told the family wants it: day 30 is `mediation_arrangement_deadline(told)`.
- T5: if it cannot, it tells the mediation adviser as soon as it knows, and the adviser issues a
  certificate (route "not_arranged") within 3 working days of that notice.
- T7: when mediation ends without agreement on everything, the certificate (route
  "mediation_concluded") is due within 3 working days of the day it ended.
- T8: the appeal must then reach the Tribunal by the later of 2 months after the decision letter
  and 1 month after the certificate's date of issue (`appeal_deadline` does the "later of", the
  August and Christmas rule and the roll past non-working days).

"Arranged" or "held" by day 30 is UNCONFIRMED (domain.md 2.1, T4 caveat). We choose **held**, the
safe default: a meeting not held by day 30 brings the case to a caseworker, and the "not arranged"
certificate is offered from the day after day 30 (its trigger then is day 30 itself, as in worked
case 8). A caseworker still decides: a family happy with a meeting set just after day 30 may wait.

Until the caseworker records the day the council was told, the clock runs from the day the family
chose mediation (they were asked to tell the council that day): the council cannot have been told
earlier, so the provisional day 30 is never later than the real one and a case never comes up late.

Changing their mind (CFA 2014 s.55(4)-(5); SEND Regs 2014 regs 33 and 34, whose heading is "Where
a parent or young person does not wish to or fails to pursue mediation"; domain.md 1.2: mediation
is voluntary for the family and no inference is drawn from declining). What `change_of_mind` allows:
- before mediation has taken place (whether or not a date is set, and also once day 30 has passed)
  the family may stop pursuing it; they are then owed the certificate for declining, due 3 working
  days from the day they told us (T2, reg 34), counted from a certificate dated when it is issued;
- once mediation has ended without agreement on everything, the certificate is the
  "mediation_concluded" one, counted from the day it ended (T7);
- once mediation has ended in agreement on everything there is nothing left to appeal for those
  issues (the agreement binds the council: regs 42 and 44, T9/T10): a caseworker talks it through;
- mediation held but its outcome not yet recorded: a caseworker, who knows or can find out.
The text of reg 34 beyond its first words is UNCONFIRMED (domain.md section 8, item 1): the
declined route after a change of mind rests on s.55(4), reg 33 and reg 34's heading; a caseworker
or lawyer should sign it off.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.mias.certificate_routes import CertificateRoute
from bot.mias.deadlines import appeal_deadline, certificate_due, mediation_arrangement_deadline

# A case comes up for a caseworker from this day of the clock (10 days before day 30).
DUE_SOON_DAY = 20


class Outcome(str, Enum):
    """How mediation ended, as the caseworker records it."""

    AGREEMENT = "agreement"  # agreement on everything
    SOME_AGREEMENT = "some_agreement"  # agreement on some things, not everything
    NO_AGREEMENT = "no_agreement"

    @property
    def settles_everything(self) -> bool:
        return self is Outcome.AGREEMENT


@dataclass(frozen=True)
class MediationFacts:
    """What is known about one family's mediation; None where nothing is recorded yet.

    `chosen_on` is the UK date the family chose mediation; `cannot_arrange_on` the day the council
    said it cannot arrange mediation in time; `meeting_on` the date set for the meeting (it may
    be ahead); `held_on` the day mediation ended; `withdrawn_on` the day the family changed their
    mind and asked for the certificate instead.
    """

    chosen_on: date
    council_told_on: date | None = None
    cannot_arrange_on: date | None = None
    meeting_on: date | None = None
    held_on: date | None = None
    outcome: Outcome | None = None
    withdrawn_on: date | None = None


def clock_start(facts: MediationFacts) -> date:
    """The day the 30 days count from: the council told, or provisionally the day of the choice."""
    return facts.council_told_on or facts.chosen_on


def arrange_by(facts: MediationFacts) -> date:
    """Day 30 (T4): the last day for the council to arrange (we say: hold) mediation."""
    return mediation_arrangement_deadline(clock_start(facts))


def clock_day(facts: MediationFacts, today: date) -> int:
    """Which day of the 30 today is (day 0 is the day the council was told)."""
    return (today - clock_start(facts)).days


def not_arranged_trigger(facts: MediationFacts, today: date) -> date | None:
    """The trigger of a "not_arranged" certificate (T5), or None while none is owed.

    The day the council said it cannot arrange mediation in time; otherwise, once day 30 has
    passed with no meeting held, day 30 itself.
    """
    if facts.held_on is not None:
        return None
    if facts.cannot_arrange_on is not None:
        return facts.cannot_arrange_on
    day_30 = arrange_by(facts)
    return day_30 if today > day_30 else None


def concluded_trigger(facts: MediationFacts) -> date | None:
    """The trigger of a "mediation_concluded" certificate (T7): the day mediation ended without
    agreement on everything; None otherwise."""
    if facts.held_on is None or facts.outcome is None or facts.outcome.settles_everything:
        return None
    return facts.held_on


def certificate_triggers(facts: MediationFacts, today: date) -> dict[CertificateRoute, date]:
    """Each certificate owed today, with the day it counts from: "not_arranged" (T5),
    "mediation_concluded" (T7), and "declined" once the family changed their mind (T2)."""
    triggers = {
        CertificateRoute.NOT_ARRANGED: not_arranged_trigger(facts, today),
        CertificateRoute.MEDIATION_CONCLUDED: concluded_trigger(facts),
        CertificateRoute.DECLINED: facts.withdrawn_on,
    }
    return {route: day for route, day in triggers.items() if day is not None}


def certificates_owed(
    facts: MediationFacts, today: date, held: Collection[str]
) -> dict[CertificateRoute, date]:
    """The certificates one click away, given the routes of those the family `held` already.

    A family holding a certificate is owed no other one for not having mediation (not arranged,
    declined): they can appeal with it. Mediation held after all still ends in its own
    certificate (T7), as when a family with a "not arranged" one still went to mediation.
    """
    triggers = certificate_triggers(facts, today)
    if held:
        triggers.pop(CertificateRoute.NOT_ARRANGED, None)
        triggers.pop(CertificateRoute.DECLINED, None)
    return {route: day for route, day in triggers.items() if route.value not in held}


def appeal_date_after_certificate(decision_date: date, issued_on: date) -> date:
    """T8: the appeal date once a certificate is issued on `issued_on`."""
    return appeal_deadline(decision_date, certificate_date=issued_on)


class Attention(str, Enum):
    """Why a mediation case is in the caseworkers' queue, most pressing first."""

    CERTIFICATE_DUE = "certificate_due"
    DAY_30_PASSED = "day_30_passed"
    OUTCOME_NEEDED = "outcome_needed"
    DAY_30_NEAR = "day_30_near"


@dataclass(frozen=True)
class QueueEntry:
    """A mediation case a caseworker should look at now, and the date that makes it pressing."""

    attention: Attention
    by: date

    def days_left(self, today: date) -> int:
        return (self.by - today).days


def queue_entry(facts: MediationFacts, today: date, *, has_certificate: bool) -> QueueEntry | None:
    """Whether the case is in the queue today, and why (None: nothing to do yet, or done: the
    family holds a certificate (`has_certificate`), changed their mind, or settled everything).

    A certificate owed comes first, due 3 working days from its trigger (T5, T7); then day 30
    passed with no meeting held; then a meeting date passed with no outcome recorded; then day 30
    near (from day 20) with no meeting set on or before it.
    """
    if has_certificate or facts.withdrawn_on is not None:
        return None
    if facts.outcome is not None and facts.outcome.settles_everything:
        return None
    if facts.held_on is not None:
        trigger = concluded_trigger(facts)
        if trigger is None:  # held, and no outcome recorded yet
            return QueueEntry(Attention.OUTCOME_NEEDED, facts.held_on)
        return QueueEntry(Attention.CERTIFICATE_DUE, certificate_due(trigger))
    if facts.cannot_arrange_on is not None:
        return QueueEntry(Attention.CERTIFICATE_DUE, certificate_due(facts.cannot_arrange_on))
    day_30 = arrange_by(facts)
    if today > day_30:
        return QueueEntry(Attention.DAY_30_PASSED, certificate_due(day_30))
    if facts.meeting_on is not None and facts.meeting_on < today:
        return QueueEntry(Attention.OUTCOME_NEEDED, facts.meeting_on)
    meeting_in_time = facts.meeting_on is not None and facts.meeting_on <= day_30
    if clock_day(facts, today) >= DUE_SOON_DAY and not meeting_in_time:
        return QueueEntry(Attention.DAY_30_NEAR, day_30)
    return None


class ChangeOfMind(str, Enum):
    """What the law allows a family who chose mediation and now asks for the certificate."""

    DECLINE = "decline"  # not yet mediated: the certificate for declining (reg 34, T2)
    CONCLUDED = "concluded"  # mediation ended without full agreement: that certificate (T7)
    AGREED = "agreed"  # mediation settled everything: a caseworker talks it through
    OUTCOME_UNKNOWN = "outcome_unknown"  # held, outcome not recorded: a caseworker


def change_of_mind(facts: MediationFacts) -> ChangeOfMind:
    """See the module docstring: before mediation has taken place the family may still decline."""
    if facts.held_on is None:
        return ChangeOfMind.DECLINE
    if facts.outcome is None:
        return ChangeOfMind.OUTCOME_UNKNOWN
    if facts.outcome.settles_everything:
        return ChangeOfMind.AGREED
    return ChangeOfMind.CONCLUDED


def facts_problem(facts: MediationFacts, today: date) -> str | None:
    """A recorded date that cannot be right, as a code; None when the dates hang together.

    Only the meeting date may be ahead of today; nothing happens before the family chose
    mediation; the council is told before it can answer and mediation is held after that.
    """
    past = (facts.council_told_on, facts.cannot_arrange_on, facts.held_on, facts.withdrawn_on)
    if any(day is not None and day > today for day in past):
        return "in_the_future"
    known = [d for d in (*past, facts.meeting_on) if d is not None]
    if any(day < facts.chosen_on for day in known):
        return "before_the_choice"
    told = facts.council_told_on
    later = (facts.cannot_arrange_on, facts.meeting_on, facts.held_on)
    if told is not None and any(day is not None and day < told for day in later):
        return "before_council_told"
    if facts.outcome is not None and facts.held_on is None:
        return "outcome_without_meeting"
    return None
