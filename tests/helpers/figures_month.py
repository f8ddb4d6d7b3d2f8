"""A month of the service's rows for the figures' tests (November 2026, when UK time is UTC), and
the counts those rows should give, worked out from the same list independently of the code.

Each `Family` is one case: when it started and how, whether it finished the MIAS steps, what it
chose, its certificate and its handoffs. Families dated in October or December are outside the
month and must not be counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count

from bot.services.figures.gathering import mias_step_count
from bot.store.db import transaction
from bot.store.models import Case, Certificate, Handoff, MediationCase, MiasStep

START, END = date(2026, 11, 1), date(2026, 11, 30)
SURREY, CROYDON = "Surrey County Council", "Croydon Council"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Family:
    council: str | None
    started: date
    channel: str = "socketio"
    late: bool = False
    mias_done: bool = False
    choice: str | None = None  # "mediate" or "decline"
    changed_mind: bool = False
    certificate: str | None = None  # its route
    minutes_to_certificate: int = 30
    handoffs: tuple[tuple[str, int | None], ...] = ()  # (reason, minutes until taken)

    @property
    def where(self) -> str:
        return self.council or UNKNOWN


def _month() -> list[Family]:
    surrey = [
        *[
            Family(
                SURREY,
                date(2026, 11, 2 + i),
                mias_done=True,
                choice="decline",
                certificate="declined",
            )
            for i in range(6)
        ],
        *[
            Family(SURREY, date(2026, 11, 10 + i), mias_done=i < 2, choice="mediate")
            for i in range(4)
        ],
        Family(SURREY, date(2026, 11, 3), mias_done=False, choice="mediate", changed_mind=True),
        Family(
            SURREY,
            date(2026, 11, 2),
            channel="sms",
            mias_done=True,
            choice="mediate",
            certificate="not_arranged",
            minutes_to_certificate=27 * 24 * 60,
        ),
        Family(
            SURREY, date(2026, 11, 20), channel="sms", late=True, handoffs=(("window_passed", 45),)
        ),
        Family(SURREY, date(2026, 11, 21), channel="sms", late=True),
        *[
            Family(SURREY, date(2026, 11, 23), handoffs=(("user_request", m),))
            for m in (10, 20, 30, 40, 50)
        ],
        Family(SURREY, date(2026, 11, 24), handoffs=(("safeguarding", 2), ("user_request", None))),
    ]
    croydon = [
        *[
            Family(
                CROYDON,
                date(2026, 11, 16 + i),
                mias_done=i < 3,
                choice="decline" if i < 2 else None,
                certificate="declined" if i < 2 else None,
            )
            for i in range(6)
        ],
    ]
    unknown = [Family(None, date(2026, 11, 30)), Family(None, date(2026, 11, 1))]
    outside = [
        Family(
            SURREY,
            date(2026, 10, 31),
            mias_done=True,
            choice="decline",
            certificate="declined",
            handoffs=(("user_request", 5),),
        ),
        Family(CROYDON, date(2026, 12, 1), choice="mediate"),
    ]
    return [*surrey, *croydon, *unknown, *outside]


MONTH = _month()


def _at(day: date, minutes: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=10, minutes=minutes)


def seed_month(database_url: str) -> list[Family]:
    """Store every family of `MONTH`; returns them."""
    numbers = count(1)
    with transaction(database_url) as session:
        for n, family in enumerate(MONTH):
            opened = _at(family.started)
            case = Case(
                conversation_id=f"figures-{n}",
                channel=family.channel,
                local_authority_name=family.council,
                route="late" if family.late else "mias",
                choice=family.choice,
                choice_recorded_at=_at(family.started, 20) if family.choice else None,
                created_at=opened,
                updated_at=opened,
            )
            session.add(case)
            session.flush()
            if family.mias_done:
                session.add_all(
                    MiasStep(
                        case_id=case.id, step=f"step_{i}", acknowledged_at=_at(family.started, i)
                    )
                    for i in range(mias_step_count())
                )
            if family.choice == "mediate":
                session.add(
                    MediationCase(
                        case_id=case.id,
                        chosen_at=_at(family.started, 20),
                        withdrawn_on=family.started + timedelta(days=5)
                        if family.changed_mind
                        else None,
                        created_at=opened,
                        updated_at=opened,
                    )
                )
            if family.certificate:
                made = _at(family.started, family.minutes_to_certificate)
                session.add(
                    Certificate(
                        number=f"MC-TEST-{next(numbers):04d}-0000",
                        case_id=case.id,
                        status="valid",
                        route=family.certificate,
                        issue_date=made.date(),
                        trigger_date=made.date(),
                        due_date=made.date(),
                        mias_date=family.started,
                        decision_type="refuse_plan",
                        decision_date=family.started - timedelta(days=10),
                        council_name=family.council or "Not known",
                        created_at=made,
                        created_by="assistant",
                    )
                )
            for reason, minutes in family.handoffs:
                raised = _at(family.started, 60)
                session.add(
                    Handoff(
                        case_id=case.id,
                        reason=reason,
                        urgent=reason == "safeguarding",
                        status="claimed" if minutes is not None else "waiting",
                        created_at=raised,
                        claimed_at=raised + timedelta(minutes=minutes)
                        if minutes is not None
                        else None,
                    )
                )
    return MONTH


def in_month(family: Family) -> bool:
    return START <= family.started <= END


def expected_counts(council: str | None) -> Counter[str]:
    """What the month's rows give for one council (None: all), measure by measure."""
    families = [f for f in MONTH if council in (None, f.where)]
    found: Counter[str] = Counter()
    for f in families:
        if in_month(f):
            found["conversations_started"] += 1
            found["sms" if f.channel == "sms" else "web"] += 1
            found["late_arrivals"] += f.late
            found["mias_completed"] += f.mias_done
            found["mediation_chosen"] += f.choice == "mediate"
            found["declined"] += f.choice == "decline"
            found["changed_mind"] += f.changed_mind
            for reason, _ in f.handoffs:
                found[f"handoffs_{reason}"] += 1
        made = _at(f.started, f.minutes_to_certificate).date()
        if f.certificate and START <= made <= END:
            found[f"certificates_{f.certificate}"] += 1
    return found
