"""SMS conversations through Twilio, for the SMS channel (`bot.channels.sms`) and the console.

- `contacts`: who is texting (the conversation id of a number), STOP and START.
- `inbound`: what a text means, and each text handled once by its MessageSid.
- `replies`: a turn's answer as parts and numbered options; the rest of a long one on MORE.
- `outbound`: texts sent later, and delivery reports (an undelivered certificate is flagged).
- `twilio`: Twilio's REST API, with a bounded retry.

The rules of text itself (GSM-7, segments, keywords) are in `bot.mias.sms_text`.
"""

from bot.services.sms.contacts import (
    CHANNEL,
    ContactState,
    contact_state,
    conversation_id_for,
    mask_number,
    normalise_number,
    opt_in,
    opt_out,
    remember_sender,
    texted_stop,
)
from bot.services.sms.inbound import (
    Inbound,
    Reading,
    begin_text,
    clean_inbound,
    finish_text,
    read_text,
    stored_reply,
)
from bot.services.sms.outbound import (
    DeliveryReport,
    new_outbound,
    record_delivery,
    send_later,
    status_callback_url,
)
from bot.services.sms.replies import Turn, compose_turn, next_part, save_turn, single_reply
from bot.services.sms.twilio import SmsNotSent

__all__ = [
    "CHANNEL",
    "ContactState",
    "DeliveryReport",
    "Inbound",
    "Reading",
    "SmsNotSent",
    "Turn",
    "begin_text",
    "clean_inbound",
    "compose_turn",
    "contact_state",
    "conversation_id_for",
    "finish_text",
    "mask_number",
    "new_outbound",
    "next_part",
    "normalise_number",
    "opt_in",
    "opt_out",
    "read_text",
    "record_delivery",
    "remember_sender",
    "save_turn",
    "send_later",
    "single_reply",
    "status_callback_url",
    "stored_reply",
    "texted_stop",
]
