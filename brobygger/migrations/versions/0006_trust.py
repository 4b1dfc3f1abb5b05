"""throttle counters shared by every process, idempotent joins, who may write in a process's log

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle_counters",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_throttle_counters")),
    )
    op.create_index(op.f("ix_throttle_counters_expires_at"), "throttle_counters", ["expires_at"], unique=False)
    op.create_table(
        "process_members",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], name=op.f("fk_process_members_participant_id_participants"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["process_id"], ["advisory_processes.id"], name=op.f("fk_process_members_process_id_advisory_processes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("process_id", "participant_id", name=op.f("pk_process_members")),
    )
    # Whoever started a process, or wrote in its log, is one of its people.
    op.execute(
        "INSERT INTO process_members (process_id, participant_id, added_at) "
        "SELECT process_id, participant_id, min(created_at) FROM process_entries "
        "WHERE participant_id IS NOT NULL GROUP BY process_id, participant_id"
    )
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("join_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_participants_programme_join_key", ["programme_id", "join_key"])


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_constraint("uq_participants_programme_join_key", type_="unique")
        batch.drop_column("join_key")
    op.drop_table("process_members")
    op.drop_index(op.f("ix_throttle_counters_expires_at"), table_name="throttle_counters")
    op.drop_table("throttle_counters")
