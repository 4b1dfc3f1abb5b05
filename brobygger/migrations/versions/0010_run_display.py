"""how the projector shows a run's results, as the moderator set it (split by group, the page of text cards)

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exercise_runs") as batch:
        batch.add_column(sa.Column("display", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exercise_runs") as batch:
        batch.drop_column("display")
