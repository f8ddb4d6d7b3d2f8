"""reminders: consent to deadline reminders by text, and one row per reminder text

`reminder_consents` holds a conversation's answer to the offer, the number to text and, on the
web, the HMAC of the confirmation code while it is being checked. `reminders` holds each text
once (unique by conversation, kind and due date), claimed by one `mias remind` at a time.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("phone_number", sa.String(length=32), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(), nullable=True),
        sa.Column("code_tries_left", sa.Integer(), nullable=False),
        sa.Column("codes_sent", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("declined_at", sa.DateTime(), nullable=True),
        sa.Column("remind_from", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=32), nullable=True),
        sa.Column("not_before", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("outbound_ref", sa.String(length=32), nullable=True),
        sa.Column("error", sa.String(length=16), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["reminder_consents.id"],
            name="fk_reminders_consent_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", "kind", "due_date", name="uq_reminder_once"),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_consent_id", ["consent_id"], unique=False)
        batch_op.create_index("ix_reminders_conversation_id", ["conversation_id"], unique=False)
        batch_op.create_index("ix_reminders_outbound_ref", ["outbound_ref"], unique=False)
        batch_op.create_index("ix_reminders_status_due_date", ["status", "due_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_status_due_date")
        batch_op.drop_index("ix_reminders_outbound_ref")
        batch_op.drop_index("ix_reminders_conversation_id")
        batch_op.drop_index("ix_reminders_consent_id")
    op.drop_table("reminders")
    op.drop_table("reminder_consents")
