"""rights and signer: who holds the right of appeal, who helps them (domain.md section 5)

Cases record who holds the right of appeal (`rights_holder`), the young person's agreement to
someone else's help (`agreement`) and that helper's name, the school year asked of a 16-year-old,
and whether a late family's decision letter told them of their rights (`letter_told_rights`).
Certificates name the person helping a young person (`helper_name`, `helper_role`).

Data: a case where a parent spoke about a child under 16 gets `rights_holder` "parent" (that much
the old answers settle); other cases keep it empty, so their certificate goes to a caseworker. A
certificate of the old role "parent_of_young_person" is rewritten in the new shape: the young
person is the appellant and the parent their helper. Its PDF still reads the old way; a caseworker
who reissues it gets the new one. Downgrading turns such certificates back (a supporter who was
not a parent becomes the old role too, the nearest it had), then drops the columns.

The columns are plain additions and drops: SQLite (3.35 and later) does both in place, so the
certificates table is not rebuilt and keeps its partial unique index and foreign keys.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CASE_COLUMNS = {
    "rights_holder": sa.String(length=16),
    "agreement": sa.String(length=16),
    "helper_name": sa.String(length=200),
    "school_year": sa.Integer(),
    "letter_told_rights": sa.Boolean(),
}
CERTIFICATE_COLUMNS = {
    "helper_name": sa.String(length=200),
    "helper_role": sa.String(length=32),
}

PARENTS_OF_CHILDREN = sa.text(
    "UPDATE cases SET rights_holder = 'parent' WHERE role = 'parent' AND age_group = 'under_16'"
)
YOUNG_PERSON_APPELLANTS = sa.text(
    "UPDATE certificates SET applicant_role = 'young_person', helper_role = 'parent', "
    "helper_name = applicant_name, applicant_name = child_name, child_name = NULL "
    "WHERE applicant_role = 'parent_of_young_person'"
)
PARENTS_OF_YOUNG_PEOPLE = sa.text(
    "UPDATE certificates SET applicant_role = 'parent_of_young_person', "
    "child_name = applicant_name, applicant_name = helper_name "
    "WHERE applicant_role = 'young_person' AND helper_name IS NOT NULL"
)


def upgrade() -> None:
    for table, columns in (("cases", CASE_COLUMNS), ("certificates", CERTIFICATE_COLUMNS)):
        for name, type_ in columns.items():
            op.add_column(table, sa.Column(name, type_, nullable=True))
    op.execute(PARENTS_OF_CHILDREN)
    op.execute(YOUNG_PERSON_APPELLANTS)


def downgrade() -> None:
    op.execute(PARENTS_OF_YOUNG_PEOPLE)
    for table, columns in (("certificates", CERTIFICATE_COLUMNS), ("cases", CASE_COLUMNS)):
        for name in columns:
            op.drop_column(table, name)
