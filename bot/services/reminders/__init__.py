"""Deadline reminders by text, with consent (the rules are in `bot.mias.reminders`).

- `consent`: what a conversation can be offered; YES on SMS, a number and a texted code on
  the web; `confirmed_mobile`, where to text a family about their case.
- `schedule`: a case's dates as reminder rows, kept in step when the dates change
  (`move_reminders`, in the transaction that changes a certificate).
- `sending`: `mias remind`, each due reminder claimed and sent once.
- `records`: export and erasure, and `reminder_figures` for the provider's figures page.
- `numbers`, `texting`: a UK mobile typed in; STOP; one text recorded for its delivery report.
"""

from bot.services.reminders.consent import (
    Offer,
    check_code,
    confirm_by_sms,
    confirmed_mobile,
    decline,
    offer_reminders,
    resend_code,
    send_code,
)
from bot.services.reminders.numbers import read_uk_mobile
from bot.services.reminders.records import (
    UNKNOWN_COUNCIL,
    erase_reminders,
    export_reminders,
    reminder_figures,
)
from bot.services.reminders.schedule import move_reminders
from bot.services.reminders.sending import RemindReport, send_due_reminders

__all__ = [
    "UNKNOWN_COUNCIL",
    "Offer",
    "RemindReport",
    "check_code",
    "confirm_by_sms",
    "confirmed_mobile",
    "decline",
    "erase_reminders",
    "export_reminders",
    "move_reminders",
    "offer_reminders",
    "read_uk_mobile",
    "reminder_figures",
    "resend_code",
    "send_code",
    "send_due_reminders",
]
