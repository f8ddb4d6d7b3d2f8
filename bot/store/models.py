"""Our tables. Rasa's tracker store keeps its own `events` table in the same database."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Case(Base):  # type: ignore[valid-type,misc]
    """One family's MIAS case: what we were told, what we computed and what they chose.
    `rights_holder` may appeal; `helper_name` talks for a young person with their `agreement`."""

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
    applicant_name = Column(String(200))
    child_name = Column(String(200))
    mias_completed_at = Column(DateTime)
    rights_holder = Column(String(16))
    agreement = Column(String(16))
    helper_name = Column(String(200))
    school_year = Column(Integer)
    letter_told_rights = Column(Boolean)

    steps = relationship("MiasStep", back_populates="case", order_by="MiasStep.id")
    handoffs = relationship("Handoff", back_populates="case", order_by="Handoff.id")
    # The database removes notes with their case and lets certificates go (they outlive it).
    notes = relationship(
        "CaseNote", back_populates="case", order_by="CaseNote.id", passive_deletes=True
    )
    certificates = relationship(
        "Certificate", back_populates="case", order_by="Certificate.id", passive_deletes=True
    )


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
    claimed_by = Column(
        Integer,
        ForeignKey("caseworkers.id", ondelete="SET NULL", name="fk_handoffs_claimed_by"),
    )
    claimed_at = Column(DateTime)
    closed_at = Column(DateTime)
    handed_back_at = Column(DateTime)

    case = relationship("Case", back_populates="handoffs")
    claimant = relationship("Caseworker")


class Certificate(Base):  # type: ignore[valid-type,misc]
    """A mediation certificate: a snapshot of every fact printed on it, and its life.

    `status` is "draft" (review mode, waiting for a caseworker), "valid" or "void". A case has at
    most one certificate per route that is not void (enforced by a partial unique index), so asking
    twice can never give two. The PDF is written before this row is committed and `pdf_sha256`
    detects any later change to the file.

    When the person's data is erased (on request or by retention) the case goes, the file goes and
    the names are cleared: `case_id` becomes NULL and `erased_at` is set, and what is left is what
    /verify needs (number, status, dates, council, decision, route).
    """

    __tablename__ = "certificates"
    __table_args__ = (
        Index(
            "uq_certificates_live_per_route",
            "case_id",
            "route",
            unique=True,
            sqlite_where=text("status != 'void'"),
            postgresql_where=text("status != 'void'"),
        ),
    )

    id = Column(Integer, primary_key=True)
    number = Column(String(24), nullable=False, unique=True)
    case_id = Column(
        Integer,
        ForeignKey("cases.id", ondelete="SET NULL", name="fk_certificates_case_id"),
        index=True,
    )
    status = Column(String(16), nullable=False)
    route = Column(String(32), nullable=False)
    issue_date = Column(Date)
    trigger_date = Column(Date, nullable=False)
    due_date = Column(Date, nullable=False)
    mias_date = Column(Date, nullable=False)
    decision_type = Column(String(32), nullable=False)
    decision_date = Column(Date, nullable=False)
    council_name = Column(String(128), nullable=False)
    appeal_deadline = Column(Date)
    deadline_counted_from = Column(Date)
    adviser_name = Column(String(200))
    applicant_name = Column(String(200))
    applicant_role = Column(String(32))
    child_name = Column(String(200))
    helper_name = Column(String(200))
    helper_role = Column(String(32))
    pdf_path = Column(String(1024))
    pdf_sha256 = Column(String(64))
    replaces_id = Column(Integer, ForeignKey("certificates.id", ondelete="SET NULL"))
    void_reason = Column(Text)
    voided_at = Column(DateTime)
    voided_by = Column(String(128))
    created_at = Column(DateTime, nullable=False)
    created_by = Column(String(128), nullable=False)
    approved_by = Column(String(128))
    approved_at = Column(DateTime)
    notified_at = Column(DateTime)
    erased_at = Column(DateTime)

    case = relationship("Case", back_populates="certificates")
    replaces = relationship("Certificate", remote_side=[id])


class AuditEntry(Base):  # type: ignore[valid-type,misc]
    """Who did what to a case or certificate, and when. Rows are only ever added.

    The links are kept loose (SET NULL) so the trail outlives an erased case; `detail` holds codes
    and caseworkers' reasons, never message text.
    """

    __tablename__ = "audit_entries"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    actor = Column(String(128), nullable=False)
    action = Column(String(48), nullable=False)
    case_id = Column(Integer, ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    certificate_id = Column(Integer, ForeignKey("certificates.id", ondelete="SET NULL"), index=True)
    detail = Column(Text)


class Caseworker(Base):  # type: ignore[valid-type,misc]
    """A person who signs in to the console. Accounts are deactivated, never deleted, so the audit
    trail keeps its meaning; `locked_until` is set after repeated failed sign-ins."""

    __tablename__ = "caseworkers"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), nullable=False, unique=True)
    display_name = Column(String(200), nullable=False)
    role = Column(String(16), nullable=False, default="caseworker")
    password_hash = Column(String(255), nullable=False)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False)


class CaseNote(Base):  # type: ignore[valid-type,misc]
    """An internal note on a case: seen by caseworkers only, never sent to the person."""

    __tablename__ = "case_notes"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(Integer, ForeignKey("caseworkers.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False)

    author = relationship("Caseworker")
    case = relationship("Case", back_populates="notes")


class ErasureRequest(Base):  # type: ignore[valid-type,misc]
    """A person asked in the chat to have their data deleted; the console deletes it right after
    the turn that asked (see bot.services.privacy) and then removes this row too."""

    __tablename__ = "erasure_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True)
    requested_at = Column(DateTime, nullable=False)
    source = Column(String(16), nullable=False)


class SmsContact(Base):  # type: ignore[valid-type,misc]
    """A phone that texts us, under the conversation id derived from its number.

    The number is kept here only so that later messages (a caseworker's reply, a certificate
    approved in review) can be sent; logs and Rasa's tracker only ever see the conversation id.
    `options` holds the numbered choices last offered and whether their part was sent yet (JSON);
    `pending` the parts of a long answer not yet sent (JSON), which the person gets with MORE.
    """

    __tablename__ = "sms_contacts"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(64), nullable=False, unique=True)
    phone_number = Column(String(32), nullable=False)
    opted_out_at = Column(DateTime)
    opted_in_at = Column(DateTime)
    options = Column(Text)
    pending = Column(Text)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)


class SmsInbound(Base):  # type: ignore[valid-type,misc]
    """One text Twilio delivered to the webhook, by its MessageSid, and the TwiML we answered with.

    A retried webhook finds its row and gets the same answer, so each text is handled once.
    """

    __tablename__ = "sms_inbound"

    id = Column(Integer, primary_key=True)
    message_sid = Column(String(64), nullable=False, unique=True)
    conversation_id = Column(String(64), nullable=False, index=True)
    received_at = Column(DateTime, nullable=False)
    answered_at = Column(DateTime)
    reply = Column(Text)


class SmsOutbound(Base):  # type: ignore[valid-type,misc]
    """One text we sent, in a webhook answer ("twiml") or through Twilio's REST API ("rest").

    `ref` is ours and travels in the status callback's URL, so a delivery report finds its row
    even before Twilio's MessageSid is known. `certificate` marks a text that carried a
    certificate: if it is not delivered, a caseworker is asked to follow it up (`flagged_at`).
    """

    __tablename__ = "sms_outbound"

    id = Column(Integer, primary_key=True)
    ref = Column(String(32), nullable=False, unique=True)
    conversation_id = Column(String(64), nullable=False, index=True)
    via = Column(String(8), nullable=False)
    certificate = Column(Boolean, nullable=False, default=False)
    message_sid = Column(String(64), index=True)
    status = Column(String(16), nullable=False)
    error_code = Column(String(16))
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)
    flagged_at = Column(DateTime)


class MediationCase(Base):  # type: ignore[valid-type,misc]
    """The 30-day mediation clock of a family who chose mediation (rules: bot.mias.mediation).

    Opened when the choice is recorded; a caseworker records the rest. Dates are UK calendar
    dates; `outcome` is an `Outcome` code. It goes with its case (ON DELETE CASCADE), so erasure
    and retention remove it too.
    """

    __tablename__ = "mediation_cases"
    __table_args__ = (UniqueConstraint("case_id", name="uq_mediation_cases_case_id"),)

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer,
        ForeignKey("cases.id", ondelete="CASCADE", name="fk_mediation_cases_case_id"),
        nullable=False,
    )
    chosen_at = Column(DateTime, nullable=False, index=True)
    council_told_on = Column(Date)
    cannot_arrange_on = Column(Date)
    meeting_on = Column(Date)
    held_on = Column(Date)
    outcome = Column(String(16))
    withdrawn_on = Column(Date)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    case = relationship("Case")


class ReminderConsent(Base):  # type: ignore[valid-type,misc]
    """A conversation's answer to the offer of deadline reminders by text, and the number.

    On SMS the number is the phone's own and a YES confirms it. On the web the person types a
    mobile number and confirms it with a 6-digit code we text to it: only an HMAC of the code is
    kept, with its expiry and the tries left; `codes_sent` bounds how many texts a conversation
    can make us send. `remind_from` is the first day a reminder may be due (the day after they
    asked). STOP is not kept here: the SMS channel's `sms_contacts` row for the number says it.
    """

    __tablename__ = "reminder_consents"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True)
    channel = Column(String(16), nullable=False)
    phone_number = Column(String(32))
    code_hash = Column(String(64))
    code_expires_at = Column(DateTime)
    code_tries_left = Column(Integer, nullable=False, default=0)
    codes_sent = Column(Integer, nullable=False, default=0)
    confirmed_at = Column(DateTime)
    declined_at = Column(DateTime)
    remind_from = Column(Date)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    reminders = relationship(
        "Reminder", back_populates="consent", order_by="Reminder.due_date", passive_deletes=True
    )


class Reminder(Base):  # type: ignore[valid-type,misc]
    """One reminder text: `kind` (bot.mias.reminders.KINDS) due on `due_date`, about `deadline`.

    One row per conversation, kind and due date, so planning twice never gives two texts. `mias
    remind` claims a row before sending it (`claimed_at`, `claimed_by`: a conditional update
    that only one process can make), records the text in `sms_outbound` first (`outbound_ref`,
    where delivery reports land) and then `status`: "pending" until it is "sent", "skipped" (no
    longer needed), "stopped" (the number texted STOP) or "failed" (Twilio refused the number).
    A failed attempt releases the claim and waits until `not_before`.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("conversation_id", "kind", "due_date", name="uq_reminder_once"),
        Index("ix_reminders_status_due_date", "status", "due_date"),
    )

    id = Column(Integer, primary_key=True)
    consent_id = Column(
        Integer,
        ForeignKey("reminder_consents.id", ondelete="CASCADE", name="fk_reminders_consent_id"),
        nullable=False,
        index=True,
    )
    conversation_id = Column(String(255), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    deadline = Column(Date, nullable=False)
    due_date = Column(Date, nullable=False)
    status = Column(String(16), nullable=False, default="pending")
    claimed_at = Column(DateTime)
    claimed_by = Column(String(32))
    not_before = Column(DateTime)
    attempts = Column(Integer, nullable=False, default=0)
    outbound_ref = Column(String(32), index=True)
    error = Column(String(16))
    sent_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)

    consent = relationship("ReminderConsent", back_populates="reminders")
