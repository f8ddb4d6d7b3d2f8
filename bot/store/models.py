"""Our tables. Rasa's tracker store keeps its own `events` table in the same database."""
from __future__ import annotations



from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Case(Base):  # type: ignore[valid-type,misc]
    """One family's MIAS case: what we were told, what we computed and what they chose."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True, index=True)
    channel = Column(String(32), nullable=False)
    privacy_consent_at = Column(DateTime)
    role = Column(String(32))
    age_group = Column(String(32))
    decision_type = Column(String(32))
    school_only = Column(Boolean)
    decision_date = Column(Date)
    local_authority_code = Column(String(16))
    local_authority_name = Column(String(128))
    covered = Column(Boolean)
    route = Column(String(32))
    mias_contact_deadline = Column(Date)
    choice = Column(String(16))
    wishes_to_appeal = Column(Boolean)
    wants_mediation = Column(Boolean)
    choice_recorded_at = Column(DateTime)
    certificate_due = Column(Date)
    appeal_deadline = Column(Date)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    steps = relationship("MiasStep", back_populates="case", order_by="MiasStep.id")
    handoffs = relationship("Handoff", back_populates="case", order_by="Handoff.id")


class MiasStep(Base):  # type: ignore[valid-type,misc]
    """One item of the MIAS information, acknowledged by the person at a time."""

    __tablename__ = "mias_steps"
    __table_args__ = (UniqueConstraint("case_id", "step", name="uq_mias_step_once"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    step = Column(String(64), nullable=False)
    acknowledged_at = Column(DateTime, nullable=False)

    case = relationship("Case", back_populates="steps")


class Handoff(Base):  # type: ignore[valid-type,misc]
    """A request for a caseworker, with the reason it was raised."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    reason = Column(String(48), nullable=False)
    urgent = Column(Boolean, nullable=False, default=False)
    status = Column(String(16), nullable=False, default="waiting")
    created_at = Column(DateTime, nullable=False)

    case = relationship("Case", back_populates="handoffs")



