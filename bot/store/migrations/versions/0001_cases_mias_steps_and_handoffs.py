"""cases, mias steps and handoffs

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("privacy_consent_at", sa.DateTime(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("age_group", sa.String(length=32), nullable=True),
        sa.Column("decision_type", sa.String(length=32), nullable=True),
        sa.Column("school_only", sa.Boolean(), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("local_authority_code", sa.String(length=16), nullable=True),
        sa.Column("local_authority_name", sa.String(length=128), nullable=True),
        sa.Column("covered", sa.Boolean(), nullable=True),
        sa.Column("route", sa.String(length=32), nullable=True),
        sa.Column("mias_contact_deadline", sa.Date(), nullable=True),
        sa.Column("choice", sa.String(length=16), nullable=True),
        sa.Column("wishes_to_appeal", sa.Boolean(), nullable=True),
        sa.Column("wants_mediation", sa.Boolean(), nullable=True),
        sa.Column("choice_recorded_at", sa.DateTime(), nullable=True),
        sa.Column("certificate_due", sa.Date(), nullable=True),
        sa.Column("appeal_deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cases_conversation_id"), ["conversation_id"], unique=True
        )

    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=48), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "mias_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "step", name="uq_mias_step_once"),
    )


def downgrade() -> None:
    op.drop_table("mias_steps")
    op.drop_table("handoffs")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_conversation_id"))

    op.drop_table("cases")
