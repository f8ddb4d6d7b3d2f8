"""Deadlines of the MIAS and appeal process (domain.md section 2; worked cases in section 7).

Every function takes its dates as arguments; nothing reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.mias.calendar import add_months, add_working_days, next_working_day_on_or_after

MIAS_CONTACT_MONTHS = 2
CERTIFICATE_WORKING_DAYS = 3
MEDIATION_ARRANGEMENT_DAYS = 30
APPEAL_MONTHS_AFTER_DECISION = 2
APPEAL_MONTHS_AFTER_CERTIFICATE = 1


def mias_contact_deadline(decision_date: date) -> date:
    """T1 (SEND Regs reg 33): the last day to contact the mediation adviser.

    Two calendar months after the decision letter, corresponding date with month-end clamp. It is
    NOT rolled past weekends, bank holidays, August or Christmas (domain.md 2.2: T1 does not roll).
    """
    return add_months(decision_date, MIAS_CONTACT_MONTHS)


def within_mias_window(decision_date: date, today: date) -> bool:
    """T1: True while `today` is on or before the reg 33 contact deadline.

    Raises ValueError for a decision date after `today`; callers validate the date first.
    """
    if decision_date > today:
        raise ValueError(f"decision date {decision_date} is after today {today}")
    return today <= mias_contact_deadline(decision_date)


def certificate_due(trigger_date: date) -> date:
    """T2, T5 and T7: the certificate is due by the 3rd working day after the trigger.

    The trigger is the day mediation was declined after MIAS information (T2), the LA's notice that
    mediation was not arranged in 30 days (T5), or the day mediation concluded (T7). The trigger day
    itself is not counted.
    """
    return add_working_days(trigger_date, CERTIFICATE_WORKING_DAYS)


def mediation_arrangement_deadline(told_la_date: date) -> date:
    """T4: the LA (or ICB) arranges mediation within 30 calendar days of being told."""
    return told_la_date + timedelta(days=MEDIATION_ARRANGEMENT_DAYS)


def appeal_deadline(decision_date: date, certificate_date: date | None = None) -> date:
    """T8 (HESC rules r.20(1)(c) and r.12): the day the Tribunal must receive the appeal by.

    1. The later of 2 months after the decision letter and, when a certificate was issued,
       1 month after its date of issue (r.20(1)(c)).
    2. If that date falls from 25 Dec to 1 Jan, or in August: the first working day after 1 Jan or
       31 Aug (r.12(3)(a)).
    3. A non-working day rolls forward to the next working day (r.12(2)).

    Step 2 looks at the date from step 1 only: a weekend just before August or Christmas rolls into
    it in step 3 and is not extended again (the time "ends" before the window; the earlier date).
    """
    raw = add_months(decision_date, APPEAL_MONTHS_AFTER_DECISION)
    if certificate_date is not None:
        raw = max(raw, add_months(certificate_date, APPEAL_MONTHS_AFTER_CERTIFICATE))
    return next_working_day_on_or_after(_after_august_or_christmas(raw))


def days_left(deadline: date, today: date) -> int:
    """Calendar days from `today` to `deadline`: 0 on the day, negative once it has passed."""
    return (deadline - today).days


def _after_august_or_christmas(d: date) -> date:
    """HESC r.12(3)(a): move a date in August or 25 Dec-1 Jan past the window, else keep it."""
    if d.month == 8:
        return _first_working_day_after(date(d.year, 8, 31))
    if d.month == 12 and d.day >= 25:
        return _first_working_day_after(date(d.year + 1, 1, 1))
    if d.month == 1 and d.day == 1:
        return _first_working_day_after(d)
    return d


def _first_working_day_after(d: date) -> date:
    return next_working_day_on_or_after(d + timedelta(days=1))


@dataclass(frozen=True)
class Deadline:
    day: date
    kind: str  # "appeal" or "mias_contact"

    def days_left(self, today: date) -> int:
        return (self.day - today).days


def nearest_deadline(
    appeal_deadline: date | None, mias_contact_deadline: date | None, today: date
) -> Deadline | None:
    """The deadline that matters most now, for the caseworkers' queue and the reply estimate.

    The earlier of the appeal deadline and the deadline for contacting MIAS that is still ahead;
    when both have passed, the later one, so the days left are negative and such a case (a window
    that has passed) rises to the top of the non-urgent ones.
    """
    known = [
        Deadline(day, kind)
        for day, kind in ((appeal_deadline, "appeal"), (mias_contact_deadline, "mias_contact"))
        if day is not None
    ]
    ahead = [d for d in known if d.day >= today]
    if ahead:
        return min(ahead, key=lambda d: d.day)
    return max(known, key=lambda d: d.day) if known else None
