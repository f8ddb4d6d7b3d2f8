"""Mediation cases: the 30-day clock a caseworker keeps for a family who chose mediation, and the
certificate it leads to. The rules are `bot.mias.mediation`; the modules, by job: `cases`
(opening, reading, the queue), `progress` (what a caseworker records), `certificates` (one click
for a caseworker, a change of mind in the chat) and `telling` (the family told on their channel).
"""

from bot.services.mediation.cases import (
    CertificateLine,
    MediationError,
    MediationView,
    mediation_case,
    mediation_cases,
    mediation_for_conversation,
    mediation_queue,
    open_mediation_case,
)
from bot.services.mediation.certificates import (
    ChangeResult,
    Issued,
    change_to_certificate,
    issue_certificate,
    tell_again,
)
from bot.services.mediation.progress import record_names, record_progress
from bot.services.mediation.telling import Told, tell_family

__all__ = [
    "CertificateLine",
    "ChangeResult",
    "Issued",
    "MediationError",
    "MediationView",
    "Told",
    "change_to_certificate",
    "issue_certificate",
    "mediation_case",
    "mediation_cases",
    "mediation_for_conversation",
    "mediation_queue",
    "open_mediation_case",
    "record_names",
    "record_progress",
    "tell_again",
    "tell_family",
]
