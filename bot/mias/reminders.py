"""Deadline reminders by text: which reminders a family's dates give, when each is due, when a
text may go, and how a confirmation code typed back is read.

- Before the appeal deadline: a text 14, 7 and 2 days ahead.
- Before the MIAS contact date (reg 33), for someone who has not finished the MIAS steps: one
  text a week ahead, or the day after they asked when that is later (a family who stopped
  part-way close to the date needs it most), as long as that is not after the date.
- Nothing is due on the day the person asks: the conversation has just given them the dates.
- A text goes between 9am and 7pm UK time, on its due day or later (the command may not have
  run), but never once the deadline day has passed, and never once a later reminder of the same
  deadline is due: a family gets the latest one, not a pile of them.

Dates and times are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.mias.reading.words import has_phrase

APPEAL = "appeal"
MIAS_CONTACT = "mias_contact"
# Each kind of reminder: the deadline it is about and how many days ahead it is due.
KINDS: dict[str, tuple[str, int]] = {
    "appeal_14": (APPEAL, 14),
    "appeal_7": (APPEAL, 7),
    "appeal_2": (APPEAL, 2),
    "mias_contact": (MIAS_CONTACT, 7),
}
SENDING_FROM = time(9, 0)
SENDING_UNTIL = time(19, 0)

# The web's confirmation code: 6 digits, 3 tries, 15 minutes, at most 3 codes a conversation
# (every code is a text we pay for, to a number a stranger could type).
CODE_DIGITS = 6
CODE_TRIES = 3
CODE_LIFETIME = timedelta(minutes=15)
CODES_PER_CONVERSATION = 3

_DIGIT = re.compile(r"\d")
_NEW_CODE_PHRASES = frozenset(
    {
        "new code",
        "another code",
        "send again",
        "send it again",
        "resend",
        "re send",
        "didnt get",
        "did not get",
        "havent got",
        "have not got",
        "not got",
        "no code",
        "didnt come",
        "not come",
        "hasnt come",
    }
)


@dataclass(frozen=True, order=True)
class PlannedReminder:
    """One text to send: `kind` (a key of KINDS) on `due`, about `deadline`."""

    due: date
    kind: str
    deadline: date


def appeal_reminders(deadline: date, first_day: date) -> list[PlannedReminder]:
    """14, 7 and 2 days before the appeal deadline; those before `first_day` are left out."""
    planned = [
        PlannedReminder(deadline - timedelta(days=ahead), kind, deadline)
        for kind, (about, ahead) in KINDS.items()
        if about == APPEAL
    ]
    return [reminder for reminder in planned if reminder.due >= first_day]


def mias_contact_reminders(deadline: date, first_day: date) -> list[PlannedReminder]:
    """A week before the MIAS contact date, or `first_day` when that is later; none after it."""
    due = max(deadline - timedelta(days=KINDS["mias_contact"][1]), first_day)
    return [PlannedReminder(due, "mias_contact", deadline)] if due <= deadline else []


def reminders_for(
    *,
    choice_made: bool,
    appeal_deadline: date | None,
    mias_contact_deadline: date | None,
    first_day: date,
) -> list[PlannedReminder]:
    """What a family's dates give: the appeal deadline's once they have made their choice after
    the MIAS steps, the MIAS contact date's until then."""
    if choice_made:
        return appeal_reminders(appeal_deadline, first_day) if appeal_deadline else []
    if mias_contact_deadline is None:
        return []
    return mias_contact_reminders(mias_contact_deadline, first_day)


def first_reminder_day(asked_on: date) -> date:
    """Nothing is due on the day the person asks for reminders."""
    return asked_on + timedelta(days=1)


def about(kind: str) -> str:
    """The deadline a kind of reminder is about: APPEAL or MIAS_CONTACT."""
    return KINDS[kind][0]


@dataclass(frozen=True)
class Verdict:
    """Whether a pending reminder goes today: "send", "wait" (not due yet), "too_late" (its
    deadline has passed) or "superseded" (a later reminder of the same deadline is due)."""

    outcome: str

    @property
    def final(self) -> bool:
        """The reminder will never be sent."""
        return self.outcome in ("too_late", "superseded")


def verdict(kind: str, due: date, deadline: date, today: date) -> Verdict:
    if today > deadline:
        return Verdict("too_late")
    if today < due:
        return Verdict("wait")
    topic, ahead = KINDS[kind]
    later = [days for other, (theirs, days) in KINDS.items() if theirs == topic and days < ahead]
    if any(deadline - timedelta(days=days) <= today for days in later):
        return Verdict("superseded")
    return Verdict("send")


def in_sending_hours(moment: datetime) -> bool:
    """True from 9am until 7pm; `moment` is UK local time."""
    return SENDING_FROM <= moment.time() < SENDING_UNTIL


def read_code(text: str) -> str | None:
    """The 6 digits of a confirmation code as typed: "123456", "123 456", "it's 12-34-56"."""
    digits = "".join(_DIGIT.findall(text))
    return digits if len(digits) == CODE_DIGITS else None


def asks_for_new_code(text: str) -> bool:
    """ "Send it again", "I didn't get it": the person needs another code."""
    return has_phrase(text, _NEW_CODE_PHRASES)
