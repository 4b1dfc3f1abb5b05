"""a log of merged pseudonyms (two pseudonyms found to be one person)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("kept_pseudonym", sa.String(length=10), nullable=False),
        sa.Column("merged_pseudonym", sa.String(length=10), nullable=False),
        sa.Column("merged_by", sa.String(length=120), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name=op.f("fk_participant_merges_programme_id_programmes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_merges")),
    )
    op.create_index(op.f("ix_participant_merges_programme_id"), "participant_merges", ["programme_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_participant_merges_programme_id"), table_name="participant_merges")
    op.drop_table("participant_merges")
