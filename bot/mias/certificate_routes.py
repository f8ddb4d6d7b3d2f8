"""The three ways to a mediation certificate (domain.md 1.2-1.3 and 3)."""

from __future__ import annotations

from enum import Enum


class CertificateRoute(str, Enum):
    """What happened after the mediation information, and so which day a certificate counts from.

    - DECLINED: the person declined mediation; the trigger is the day they declined.
    - MEDIATION_CONCLUDED: mediation took place; the trigger is the day it ended.
    - NOT_ARRANGED: the council said mediation was not arranged within 30 days; the trigger is the
      day it said so.
    """

    DECLINED = "declined"
    MEDIATION_CONCLUDED = "mediation_concluded"
    NOT_ARRANGED = "not_arranged"
