"""mediation cases: the 30-day clock of a family who chose mediation

One row per case that chose mediation (bot.mias.mediation has the rules): when they chose it,
and what a caseworker records after (the council told, the council unable to arrange it in time,
the meeting's date, the day it was held and its outcome, the family changing their mind). The row
goes with its case (ON DELETE CASCADE), so erasure and retention remove it.

Families who chose mediation before this revision get their row too, from the time their choice
was recorded, so the clock and the queue cover them; their MIAS date is set the same way when
they have none (bot.services.mediation.cases.open_mediation_case explains why).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLE = "mediation_cases"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(), nullable=False),
        sa.Column("council_told_on", sa.Date(), nullable=True),
        sa.Column("cannot_arrange_on", sa.Date(), nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], ondelete="CASCADE", name="fk_mediation_cases_case_id"
        ),
        sa.UniqueConstraint("case_id", name="uq_mediation_cases_case_id"),
    )
    op.create_index("ix_mediation_cases_chosen_at", TABLE, ["chosen_at"])
    _open_for_earlier_choices()


def _open_for_earlier_choices() -> None:
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer()),
        sa.column("choice", sa.String()),
        sa.column("choice_recorded_at", sa.DateTime()),
        sa.column("mias_completed_at", sa.DateTime()),
    )
    mediation = sa.table(
        TABLE,
        sa.column("case_id", sa.Integer()),
        sa.column("chosen_at", sa.DateTime()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
    )
    chose = (cases.c.choice == "mediate") & cases.c.choice_recorded_at.is_not(None)
    now = sa.func.current_timestamp()
    op.execute(
        mediation.insert().from_select(
            ["case_id", "chosen_at", "created_at", "updated_at"],
            sa.select(cases.c.id, cases.c.choice_recorded_at, now, now).where(chose),
        )
    )
    op.execute(
        cases.update()
        .where(chose & cases.c.mias_completed_at.is_(None))
        .values(mias_completed_at=cases.c.choice_recorded_at)
    )


def downgrade() -> None:
    op.drop_index("ix_mediation_cases_chosen_at", table_name=TABLE)
    op.drop_table(TABLE)
