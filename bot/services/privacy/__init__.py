"""Privacy by default: export one conversation, erase one person's data, and retention.

- `erasure`: erase a conversation (from the chat, the website, the console or retention), and
  the chat's requests, carried out once Rasa has saved the turn that asked.
- `export`: everything held about one conversation; the conversations of a phone number.
- `retention`: purge conversations quiet for RETENTION_DAYS, and left-over certificate files.
"""

from bot.services.privacy.erasure import (
    ErasureReport,
    erase_case,
    erase_conversation,
    erase_web_conversation,
    request_erasure,
    run_requested_erasures,
)
from bot.services.privacy.export import conversations_for_phone, export_conversation
from bot.services.privacy.retention import PurgeReport, purge_older_than, retention_cutoff

__all__ = [
    "ErasureReport",
    "PurgeReport",
    "conversations_for_phone",
    "erase_case",
    "erase_conversation",
    "erase_web_conversation",
    "export_conversation",
    "purge_older_than",
    "request_erasure",
    "retention_cutoff",
    "run_requested_erasures",
]
