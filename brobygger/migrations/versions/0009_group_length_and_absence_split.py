"""a participant's group holds any kit group id (up to 40 characters, as kit ids may be); absence
figures keep short-term and long-term absence apart when the organiser's file has them

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.alter_column("group", existing_type=sa.String(length=10), type_=sa.String(length=40), existing_nullable=True)
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("short_term", sa.Float(), nullable=True))
        batch.add_column(sa.Column("long_term", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("long_term")
        batch.drop_column("short_term")
    with op.batch_alter_table("participants") as batch:
        batch.alter_column("group", existing_type=sa.String(length=40), type_=sa.String(length=10), existing_nullable=True)
