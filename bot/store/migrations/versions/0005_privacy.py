"""privacy: certificates outlive an erased case; chat erasure requests

A certificate's record must still answer /verify after the person's data is erased, so its link
to the case becomes optional (ON DELETE SET NULL instead of CASCADE), the names may be cleared,
and `erased_at` records when that happened. `erasure_requests` holds "delete my data" asked in
the chat until the console has done it.

On SQLite the certificates table is rebuilt (batch mode); bot/store/migrations/env.py turns
foreign keys off while migrating so the rebuild does not null the audit trail's links. The
partial unique index is dropped and made again because SQLite's reflection loses its WHERE.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LIVE_INDEX = "uq_certificates_live_per_route"
NOT_VOID = sa.text("status != 'void'")
# SQLite's foreign key has no name; batch mode names it by this convention so it can be dropped.
NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _case_fk() -> str:
    """The name of the foreign key from certificates to cases (0002 left it unnamed: PostgreSQL
    named it itself, SQLite has none and batch mode uses NAMING)."""
    for key in sa.inspect(op.get_bind()).get_foreign_keys("certificates"):
        if key["referred_table"] == "cases" and key["constrained_columns"] == ["case_id"]:
            return str(key["name"] or "fk_certificates_case_id_cases")
    raise RuntimeError("certificates has no foreign key to cases")


def upgrade() -> None:
    with op.batch_alter_table("certificates", naming_convention=NAMING) as batch_op:
        batch_op.drop_index(LIVE_INDEX)
        batch_op.drop_constraint(_case_fk(), type_="foreignkey")
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("applicant_name", existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column("applicant_role", existing_type=sa.String(length=32), nullable=True)
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            "fk_certificates_case_id", "cases", ["case_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(
            LIVE_INDEX,
            ["case_id", "route"],
            unique=True,
            sqlite_where=NOT_VOID,
            postgresql_where=NOT_VOID,
        )

    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )


def downgrade() -> None:
    """Back to 0003's shape. Certificates whose case was erased cannot go back: they are deleted."""
    op.drop_table("erasure_requests")
    op.execute(sa.text("DELETE FROM certificates WHERE case_id IS NULL"))
    with op.batch_alter_table("certificates", naming_convention=NAMING) as batch_op:
        batch_op.drop_index(LIVE_INDEX)
        batch_op.drop_constraint(_case_fk(), type_="foreignkey")
        batch_op.drop_column("erased_at")
        batch_op.alter_column("applicant_role", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("applicant_name", existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            "certificates_case_id_fkey", "cases", ["case_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index(
            LIVE_INDEX,
            ["case_id", "route"],
            unique=True,
            sqlite_where=NOT_VOID,
            postgresql_where=NOT_VOID,
        )
